//! A plain backtracking matcher over the pattern tree that counts its steps. It runs
//! lookaround, backreferences, atomic groups and word boundaries as an engine does,
//! so an attack found on an automaton that read those loosely is kept only if it
//! really slows a backtracker down.

use super::syntax::Node;
use super::{Attack, Budget, Verdict};

/// The longest text and the largest tree the matcher runs, to bound its stack depth.
const MAX_TEXT: usize = 400;
const MAX_NODES: usize = 2_000;

fn node_count(node: &Node) -> usize {
    1 + super::fancy::children(node).map(node_count).sum::<usize>()
}

type Next<'k> = &'k mut dyn FnMut(&mut Matcher, usize) -> bool;

/// Whether the attack's cost grows as the verdict says when the input doubles.
pub fn confirms(tree: &Node, attack: &Attack, verdict: &Verdict, budget: Budget) -> bool {
    let limit = budget.max_steps;
    let pump_len = attack.pump.chars().count().max(1);
    let (small, large, needed_ratio) = match verdict {
        Verdict::Exponential { .. } => {
            let small = (12 / pump_len).max(2);
            (small, small * 2, 16.0)
        }
        Verdict::Polynomial { degree, .. } => {
            let small = (24 / pump_len).max(2);
            (
                small,
                small * 2,
                0.7 * 2f64.powi(i32::try_from(*degree).unwrap_or(2)),
            )
        }
        _ => return false,
    };
    // The matcher recurses once per step along a path: keep the texts short.
    if attack.with_pumps(large).chars().count() > MAX_TEXT || node_count(tree) > MAX_NODES {
        return false;
    }
    let cost_small = steps(tree, &attack.with_pumps(small), limit);
    let cost_large = steps(tree, &attack.with_pumps(large), limit);
    cost_large >= limit || cost_large as f64 >= cost_small.max(1) as f64 * needed_ratio
}

/// The steps a backtracker takes to find no match (or the first one) in `text`,
/// trying every start position, capped at `limit`.
pub fn steps(tree: &Node, text: &str, limit: u64) -> u64 {
    let mut matcher = Matcher {
        text: text.chars().collect(),
        steps: 0,
        limit,
        captures: Vec::new(),
    };
    for start in 0..=matcher.text.len() {
        matcher.captures.clear();
        if matcher.run(tree, start, &mut |_, _| true) || matcher.steps >= limit {
            break;
        }
    }
    matcher.steps.min(limit)
}

/// The matcher's state: the text, the step count and the capture groups.
pub struct Matcher {
    text: Vec<char>,
    steps: u64,
    limit: u64,
    captures: Vec<Option<(usize, usize)>>,
}

impl Matcher {
    fn run(&mut self, node: &Node, pos: usize, next: Next) -> bool {
        self.steps += 1;
        if self.steps >= self.limit {
            return false;
        }
        match node {
            Node::Empty => next(self, pos),
            Node::Set(set) => match self.text.get(pos) {
                Some(&c) if set.contains(c) => next(self, pos + 1),
                _ => false,
            },
            Node::Start => pos == 0 && next(self, pos),
            Node::End => pos == self.text.len() && next(self, pos),
            Node::WordBoundary { negate } => {
                self.at_word_boundary(pos) != *negate && next(self, pos)
            }
            Node::Concat(nodes) => self.sequence(nodes, pos, next),
            Node::Alt(nodes) => nodes.iter().any(|n| self.run(n, pos, &mut *next)),
            Node::Group { node, index } => self.group(node, *index, pos, next),
            Node::Repeat {
                node,
                min,
                max,
                greedy,
            } => self.repeat(
                &Loop {
                    node,
                    min: *min,
                    max: *max,
                    greedy: *greedy,
                },
                0,
                pos,
                next,
            ),
            Node::Atomic { node, .. } => {
                let mut end = None;
                self.run(node, pos, &mut |_, e| {
                    end = Some(e);
                    true
                });
                end.is_some_and(|e| next(self, e))
            }
            Node::Look {
                node,
                behind,
                negate,
            } => {
                let found = if *behind {
                    (0..=pos)
                        .rev()
                        .any(|start| self.run(node, start, &mut |_, e| e == pos))
                } else {
                    self.run(node, pos, &mut |_, _| true)
                };
                found != *negate && next(self, pos)
            }
            Node::Backref(index) => self.backref(*index, pos, next),
            Node::Unsupported(_) => false,
        }
    }

    fn sequence(&mut self, nodes: &[Node], pos: usize, next: Next) -> bool {
        match nodes.split_first() {
            None => next(self, pos),
            Some((first, rest)) => {
                self.run(first, pos, &mut |m, p| m.sequence(rest, p, &mut *next))
            }
        }
    }

    fn group(&mut self, node: &Node, index: usize, start: usize, next: Next) -> bool {
        self.run(node, start, &mut |m, end| {
            if m.captures.len() <= index {
                m.captures.resize(index + 1, None);
            }
            let old = m.captures[index].replace((start, end));
            next(m, end) || {
                m.captures[index] = old;
                false
            }
        })
    }

    /// One more iteration (first when greedy) or the rest of the pattern; an
    /// iteration that matched nothing ends the loop, as in the engines.
    fn repeat(&mut self, lp: &Loop, count: u32, pos: usize, next: Next) -> bool {
        let done = count >= lp.min;
        if done && !lp.greedy && next(self, pos) {
            return true;
        }
        let more = lp.max.is_none_or(|max| count < max);
        if more
            && self.run(lp.node, pos, &mut |m, p| {
                (p != pos || !done) && m.repeat(lp, count.saturating_add(1), p, &mut *next)
            })
        {
            return true;
        }
        done && lp.greedy && next(self, pos)
    }

    fn backref(&mut self, index: usize, pos: usize, next: Next) -> bool {
        let Some(Some((start, end))) = self.captures.get(index).copied() else {
            return false;
        };
        let len = end - start;
        let same = self.text.get(pos..pos + len) == self.text.get(start..end);
        same && next(self, pos + len)
    }

    fn at_word_boundary(&self, pos: usize) -> bool {
        let is_word = |c: &char| c.is_alphanumeric() || *c == '_';
        let before = pos
            .checked_sub(1)
            .and_then(|i| self.text.get(i))
            .is_some_and(is_word);
        before != self.text.get(pos).is_some_and(is_word)
    }
}

/// A repeat being run.
struct Loop<'n> {
    node: &'n Node,
    min: u32,
    max: Option<u32>,
    greedy: bool,
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::regex::syntax::parse_backtracking;
    use crate::regex::Engine;

    fn cost(pattern: &str, text: &str) -> u64 {
        let tree = parse_backtracking(pattern, Engine::Pcre2).expect("pattern parses");
        steps(&tree, text, 10_000_000)
    }

    #[test]
    fn nested_quantifiers_blow_up() {
        let short = cost(r"^(a+)+$", &format!("{}!", "a".repeat(8)));
        let long = cost(r"^(a+)+$", &format!("{}!", "a".repeat(16)));
        assert!(long > short * 100, "{short} -> {long}");
    }

    #[test]
    fn atomic_groups_do_not() {
        let short = cost(r"^(?>a+)+$", &format!("{}!", "a".repeat(8)));
        let long = cost(r"^(?>a+)+$", &format!("{}!", "a".repeat(16)));
        assert!(long < short * 4, "{short} -> {long}");
    }

    #[test]
    fn backreferences_match_the_captured_text() {
        assert!(cost(r"^(ab)\1$", "abab") < cost(r"^(ab)\1$", "abac!"));
    }
}
