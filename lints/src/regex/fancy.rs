//! What fancy-regex actually backtracks over. It runs a pattern with no "hard"
//! construct whole in the linear `regex` engine, and inside a hard pattern it hands
//! constant-size prefixes, easy suffixes and easy subtrees to that engine too; the
//! engine returns one match for them, so they behave like atomic groups.

use super::syntax::Node;
use std::collections::BTreeSet;

/// The tree fancy-regex's VM runs, delegated parts wrapped as `Atomic { delegated }`;
/// `None` when the whole pattern is delegated (no backtracking at all).
pub fn backtracked_tree(root: &Node) -> Option<Node> {
    let mut referenced = BTreeSet::new();
    collect_backrefs(root, &mut referenced);
    let rewriter = Rewriter { referenced };
    // fancy-regex compiles a hard pattern as `.*?(pattern)`: the pattern itself is
    // visited as followed by something hard, so only constant-size ends are delegated.
    rewriter.is_hard(root).then(|| rewriter.rewrite(root, true))
}

fn collect_backrefs(node: &Node, out: &mut BTreeSet<usize>) {
    match node {
        Node::Backref(group) => {
            out.insert(*group);
        }
        _ => children(node).for_each(|child| collect_backrefs(child, out)),
    }
}

/// The direct children of a node, in order.
pub fn children(node: &Node) -> Box<dyn Iterator<Item = &Node> + '_> {
    match node {
        Node::Concat(nodes) | Node::Alt(nodes) => Box::new(nodes.iter()),
        Node::Repeat { node, .. }
        | Node::Group { node, .. }
        | Node::Atomic { node, .. }
        | Node::Look { node, .. } => Box::new(std::iter::once(node.as_ref())),
        _ => Box::new(std::iter::empty()),
    }
}

/// The length of every string a node matches, when they all have one length.
pub fn const_size(node: &Node) -> Option<u64> {
    match node {
        Node::Empty | Node::Start | Node::End | Node::WordBoundary { .. } | Node::Look { .. } => {
            Some(0)
        }
        Node::Set(_) => Some(1),
        Node::Concat(nodes) => nodes
            .iter()
            .try_fold(0u64, |sum, n| Some(sum + const_size(n)?)),
        Node::Alt(nodes) => {
            let first = const_size(nodes.first()?)?;
            nodes
                .iter()
                .all(|n| const_size(n) == Some(first))
                .then_some(first)
        }
        Node::Repeat { node, min, max, .. } if *max == Some(*min) => {
            Some(const_size(node)?.saturating_mul(u64::from(*min)))
        }
        Node::Group { node, .. } | Node::Atomic { node, .. } => const_size(node),
        Node::Unsupported(_) => Some(0),
        Node::Repeat { .. } | Node::Backref(_) => None,
    }
}

struct Rewriter {
    referenced: BTreeSet<usize>,
}

impl Rewriter {
    /// fancy-regex's notion of hard: needs its backtracking VM.
    fn is_hard(&self, node: &Node) -> bool {
        match node {
            Node::Look { .. }
            | Node::Backref(_)
            | Node::Atomic { .. }
            | Node::WordBoundary { .. }
            | Node::Unsupported(_) => true,
            Node::Group { index, .. } if self.referenced.contains(index) => true,
            _ => children(node).any(|child| self.is_hard(child)),
        }
    }

    /// Mirrors fancy-regex's compiler: `hard` says whether what follows needs to
    /// backtrack into this node.
    fn rewrite(&self, node: &Node, hard: bool) -> Node {
        if !hard && !self.is_hard(node) {
            return delegated(node.clone());
        }
        match node {
            Node::Concat(nodes) => self.rewrite_concat(nodes, hard),
            Node::Alt(nodes) => Node::Alt(nodes.iter().map(|n| self.rewrite(n, hard)).collect()),
            Node::Group { node: inner, index } => Node::Group {
                node: Box::new(self.rewrite(inner, hard)),
                index: *index,
            },
            Node::Repeat {
                node: inner,
                min,
                max,
                greedy,
            } => {
                let optional = *min == 0 && *max == Some(1);
                let hard = if optional {
                    hard
                } else {
                    hard || self.is_hard(node)
                };
                Node::Repeat {
                    node: Box::new(self.rewrite(inner, hard)),
                    min: *min,
                    max: *max,
                    greedy: *greedy,
                }
            }
            Node::Atomic { node: inner, .. } => Node::Atomic {
                node: Box::new(self.rewrite(inner, false)),
                delegated: false,
            },
            Node::Look {
                node: inner,
                behind,
                negate,
            } => Node::Look {
                node: Box::new(self.rewrite(inner, false)),
                behind: *behind,
                negate: *negate,
            },
            other => other.clone(),
        }
    }

    fn rewrite_concat(&self, nodes: &[Node], hard: bool) -> Node {
        let easy_const = |n: &Node| const_size(n).is_some() && !self.is_hard(n);
        let prefix_end = nodes.iter().take_while(|n| easy_const(n)).count();
        let rest = &nodes[prefix_end..];
        let suffix_len = if hard {
            rest.iter().rev().take_while(|n| easy_const(n)).count()
        } else {
            rest.iter().rev().take_while(|n| !self.is_hard(n)).count()
        };
        let suffix_begin = nodes.len() - suffix_len;
        let mut out = Vec::new();
        if prefix_end > 0 {
            out.push(delegated(Node::Concat(nodes[..prefix_end].to_vec())));
        }
        out.extend(
            nodes[prefix_end..suffix_begin]
                .iter()
                .map(|n| self.rewrite(n, true)),
        );
        if suffix_len > 0 {
            out.push(delegated(Node::Concat(nodes[suffix_begin..].to_vec())));
        }
        Node::Concat(out)
    }
}

/// A delegated part matches once; one of constant size has one end anyway, so only
/// a variable-size part becomes a barrier to backtracking.
fn delegated(node: Node) -> Node {
    if const_size(&node).is_some() {
        return node;
    }
    Node::Atomic {
        node: Box::new(node),
        delegated: true,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::regex::syntax::parse_backtracking;
    use crate::regex::Engine;

    fn tree(pattern: &str) -> Option<Node> {
        parse_backtracking(pattern, Engine::FancyRegex)
            .ok()
            .and_then(|node| backtracked_tree(&node))
    }

    #[test]
    fn easy_patterns_are_delegated_whole() {
        assert!(tree(r"^(a+)+$").is_none());
    }

    #[test]
    fn a_backreference_makes_the_loop_run_in_the_vm() {
        let Some(Node::Concat(children)) = tree(r"(a)(a|\1)+b") else {
            panic!("expected a hard concatenation");
        };
        assert!(matches!(children.first(), Some(Node::Group { .. })));
        assert!(!matches!(children.last(), Some(Node::Atomic { .. })));
    }
}
