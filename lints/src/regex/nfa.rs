//! The position (Glushkov) automaton of a pattern: epsilon-free, one state per
//! character occurrence, and one edge per distinct epsilon route, so `(a*)*` keeps
//! two parallel edges `a -> a` (two ways a backtracker can loop) where a set would
//! keep one.

use super::charset::{Alphabet, Bits, CharSet};
use super::syntax::Node;

/// What a position reads.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Label {
    /// One character from these classes.
    Chars(Bits),
    /// The start of the text (`^`): only before the first character.
    TextStart,
    /// The end of the text (`$`): only after the last character.
    TextEnd,
}

/// One state of the automaton; state 0 is the initial state and reads nothing.
#[derive(Clone, Debug)]
pub struct State {
    pub label: Label,
    /// Targets, with repeats when several epsilon routes lead there.
    pub next: Vec<usize>,
    /// The pattern may end right after this state.
    pub accepting: bool,
    /// The innermost atomic group around this position, if any.
    pub atomic: Option<usize>,
    /// The position sits in a part fancy-regex hands to its linear engine.
    pub delegated: bool,
}

/// The automaton and what the analysis needs to know about its approximations.
#[derive(Clone, Debug)]
pub struct Nfa {
    pub states: Vec<State>,
    pub alphabet: Alphabet,
    /// Constructs were read loosely (lookaround, `\b`, backreferences, atomic
    /// groups): a verdict must be confirmed by running the pattern.
    pub approximate: bool,
    /// Some lookaround body can loop: the automaton does not see its cost.
    pub looping_lookaround: bool,
}

/// Why no automaton was built.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BuildError {
    TooLarge,
    Unsupported(&'static str),
}

struct Fragment {
    first: Vec<usize>,
    last: Vec<usize>,
    nullable: bool,
}

struct Builder<'a> {
    root: &'a Node,
    max_states: usize,
    labels: Vec<Option<usize>>,
    text_anchor: Vec<Label>,
    next: Vec<Vec<usize>>,
    atomic: Vec<Option<usize>>,
    delegated: Vec<bool>,
    sets: Vec<CharSet>,
    atomic_stack: Vec<(usize, bool)>,
    atomic_count: usize,
    approximate: bool,
    looping_lookaround: bool,
}

/// Builds the automaton, or says why not (over `max_states`, or an unknown construct).
pub fn build(root: &Node, max_states: usize) -> Result<Nfa, BuildError> {
    let mut builder = Builder {
        root,
        max_states,
        labels: vec![None],
        text_anchor: vec![Label::TextStart],
        next: vec![Vec::new()],
        atomic: vec![None],
        delegated: vec![false],
        sets: Vec::new(),
        atomic_stack: Vec::new(),
        atomic_count: 0,
        approximate: false,
        looping_lookaround: false,
    };
    let whole = builder.fragment(root, 0)?;
    builder.next[0] = whole.first.clone();
    Ok(builder.finish(&whole))
}

impl Builder<'_> {
    fn finish(self, whole: &Fragment) -> Nfa {
        let alphabet = Alphabet::partition(&self.sets);
        let mut states: Vec<State> = (0..self.next.len())
            .map(|i| State {
                label: match self.labels[i] {
                    Some(set) => Label::Chars(alphabet.members[set].clone()),
                    None => self.text_anchor[i].clone(),
                },
                next: self.next[i].clone(),
                accepting: false,
                atomic: self.atomic[i],
                delegated: self.delegated[i],
            })
            .collect();
        for &last in &whole.last {
            states[last].accepting = true;
        }
        states[0].accepting = whole.nullable;
        Nfa {
            states,
            alphabet,
            approximate: self.approximate,
            looping_lookaround: self.looping_lookaround,
        }
    }

    fn position(&mut self, set: Option<CharSet>, anchor: Label) -> Result<Fragment, BuildError> {
        if self.next.len() >= self.max_states {
            return Err(BuildError::TooLarge);
        }
        let id = self.next.len();
        let set_index = set.map(|set| {
            self.sets.push(set);
            self.sets.len() - 1
        });
        self.labels.push(set_index);
        self.text_anchor.push(anchor);
        self.next.push(Vec::new());
        let innermost = self.atomic_stack.last().copied();
        self.atomic.push(innermost.map(|(id, _)| id));
        self.delegated
            .push(self.atomic_stack.iter().any(|&(_, delegated)| delegated));
        Ok(Fragment {
            first: vec![id],
            last: vec![id],
            nullable: false,
        })
    }

    fn fragment(&mut self, node: &Node, depth: usize) -> Result<Fragment, BuildError> {
        if depth > 200 {
            return Err(BuildError::TooLarge);
        }
        match node {
            Node::Empty => Ok(empty()),
            Node::Set(set) => self.position(Some(set.clone()), Label::TextStart),
            Node::Start => self.position(None, Label::TextStart),
            Node::End => self.position(None, Label::TextEnd),
            Node::WordBoundary { .. } => {
                self.approximate = true;
                Ok(empty())
            }
            Node::Look { node, .. } => {
                self.approximate = true;
                self.looping_lookaround |= has_unbounded_repeat(node);
                Ok(empty())
            }
            Node::Concat(nodes) => nodes.iter().try_fold(empty(), |acc, n| {
                let next = self.fragment(n, depth + 1)?;
                Ok(self.concat(acc, next))
            }),
            Node::Alt(nodes) => nodes.iter().try_fold(nothing(), |acc, n| {
                let next = self.fragment(n, depth + 1)?;
                Ok(alternate(acc, next))
            }),
            Node::Group { node, .. } => self.fragment(node, depth + 1),
            Node::Atomic { node, delegated } => self.atomic_fragment(node, *delegated, depth),
            Node::Repeat { node, min, max, .. } => self.repeat(node, *min, *max, depth),
            Node::Backref(group) => self.backref(*group, depth),
            Node::Unsupported(what) => Err(BuildError::Unsupported(what)),
        }
    }

    fn atomic_fragment(
        &mut self,
        node: &Node,
        delegated: bool,
        depth: usize,
    ) -> Result<Fragment, BuildError> {
        self.approximate = true;
        self.atomic_count += 1;
        self.atomic_stack.push((self.atomic_count, delegated));
        let inner = self.fragment(node, depth + 1);
        self.atomic_stack.pop();
        inner
    }

    /// A backreference to a group that matches one fixed string is that string;
    /// any other is read as a second copy of the group (more paths than the engine).
    fn backref(&mut self, group: usize, depth: usize) -> Result<Fragment, BuildError> {
        let Some(target) = find_group(self.root, group) else {
            return Err(BuildError::Unsupported(
                "a backreference to an unknown group",
            ));
        };
        self.approximate |= !is_fixed_string(target);
        self.fragment(target, depth + 1)
    }

    fn concat(&mut self, left: Fragment, right: Fragment) -> Fragment {
        self.link(&left.last, &right.first);
        let mut first = left.first;
        if left.nullable {
            first.extend(&right.first);
        }
        let mut last = right.last;
        if right.nullable {
            last.extend(&left.last);
        }
        Fragment {
            first,
            last,
            nullable: left.nullable && right.nullable,
        }
    }

    fn link(&mut self, from: &[usize], to: &[usize]) {
        for &p in from {
            self.next[p].extend_from_slice(to);
        }
    }

    fn repeat(
        &mut self,
        node: &Node,
        min: u32,
        max: Option<u32>,
        depth: usize,
    ) -> Result<Fragment, BuildError> {
        let copies = max.unwrap_or(min.max(1));
        if copies as usize >= self.max_states {
            return Err(BuildError::TooLarge);
        }
        let mut whole = empty();
        for _ in 1..min.max(1) {
            let copy = self.fragment(node, depth + 1)?;
            whole = self.concat(whole, copy);
        }
        let tail = match max {
            None => {
                let body = self.fragment(node, depth + 1)?;
                self.link(&body.last, &body.first);
                Fragment {
                    nullable: body.nullable || min == 0,
                    ..body
                }
            }
            Some(max) if min == 0 && max == 0 => empty(),
            Some(max) if min == 0 => self.nested_optionals(node, max, true, depth)?,
            Some(max) => self.nested_optionals(node, max.saturating_sub(min) + 1, false, depth)?,
        };
        Ok(self.concat(whole, tail))
    }

    /// `x(x(x)?)?` for the optional copies of a counted repeat, so that each count is
    /// reached one way only, as in the engines.
    fn nested_optionals(
        &mut self,
        node: &Node,
        count: u32,
        all_optional: bool,
        depth: usize,
    ) -> Result<Fragment, BuildError> {
        let mut inner = empty();
        for i in 0..count {
            let copy = self.fragment(node, depth + 1)?;
            let optional = i + 1 < count || all_optional;
            inner = self.concat(copy, inner);
            inner.nullable |= optional;
        }
        Ok(inner)
    }
}

fn empty() -> Fragment {
    Fragment {
        first: Vec::new(),
        last: Vec::new(),
        nullable: true,
    }
}

fn nothing() -> Fragment {
    Fragment {
        nullable: false,
        ..empty()
    }
}

fn alternate(mut left: Fragment, right: Fragment) -> Fragment {
    left.first.extend(right.first);
    left.last.extend(right.last);
    left.nullable |= right.nullable;
    left
}

fn find_group(node: &Node, index: usize) -> Option<&Node> {
    match node {
        Node::Group { node, index: i } if *i == index => Some(node),
        _ => super::fancy::children(node).find_map(|child| find_group(child, index)),
    }
}

fn is_fixed_string(node: &Node) -> bool {
    match node {
        Node::Set(set) => set.ranges().len() == 1 && set.ranges()[0].0 == set.ranges()[0].1,
        Node::Empty => true,
        Node::Concat(nodes) => nodes.iter().all(is_fixed_string),
        Node::Group { node, .. } => is_fixed_string(node),
        _ => false,
    }
}

fn has_unbounded_repeat(node: &Node) -> bool {
    matches!(node, Node::Repeat { max: None, .. })
        || super::fancy::children(node).any(has_unbounded_repeat)
}
