//! Strongly connected components and shortest labelled paths: the two graph questions
//! the ambiguity analysis asks, of the automaton and of its products.

use std::collections::VecDeque;

/// Tarjan's algorithm without recursion. Components are numbered in reverse
/// topological order: an edge between two components goes to a smaller number.
pub fn components(adjacency: &[Vec<usize>]) -> Vec<usize> {
    let n = adjacency.len();
    let mut index = vec![usize::MAX; n];
    let mut low = vec![0; n];
    let mut on_stack = vec![false; n];
    let mut component = vec![usize::MAX; n];
    let mut stack = Vec::new();
    let mut next_index = 0;
    let mut next_component = 0;
    for root in 0..n {
        if index[root] != usize::MAX {
            continue;
        }
        let mut frames = vec![(root, 0usize)];
        index[root] = next_index;
        low[root] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root] = true;
        while let Some(&mut (node, ref mut edge)) = frames.last_mut() {
            if let Some(&target) = adjacency[node].get(*edge) {
                *edge += 1;
                if index[target] == usize::MAX {
                    index[target] = next_index;
                    low[target] = next_index;
                    next_index += 1;
                    stack.push(target);
                    on_stack[target] = true;
                    frames.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(index[target]);
                }
                continue;
            }
            frames.pop();
            if let Some(&(parent, _)) = frames.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

/// The labels along a shortest path from any of `sources` to a node accepted by
/// `is_target`, following only edges that `allowed` keeps.
pub fn shortest_path(
    edges: &[Vec<(usize, usize)>],
    sources: &[usize],
    is_target: impl Fn(usize) -> bool,
    allowed: impl Fn(usize) -> bool,
) -> Option<Vec<usize>> {
    let mut came_from: Vec<Option<(usize, usize)>> = vec![None; edges.len()];
    let mut seen = vec![false; edges.len()];
    let mut queue = VecDeque::new();
    for &source in sources {
        if source < seen.len() && !seen[source] {
            seen[source] = true;
            queue.push_back(source);
        }
    }
    while let Some(node) = queue.pop_front() {
        if is_target(node) {
            let mut labels = Vec::new();
            let mut at = node;
            while let Some((previous, label)) = came_from[at] {
                labels.push(label);
                at = previous;
            }
            labels.reverse();
            return Some(labels);
        }
        for &(target, label) in &edges[node] {
            if !seen[target] && allowed(target) {
                seen[target] = true;
                came_from[target] = Some((node, label));
                queue.push_back(target);
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn components_follow_reverse_topological_order() {
        let adjacency = vec![vec![1], vec![0, 2], vec![]];
        let component = components(&adjacency);
        assert_eq!(component[0], component[1]);
        assert!(component[2] < component[0]);
    }

    #[test]
    fn shortest_path_returns_the_labels() {
        let edges = vec![vec![(1, 7), (2, 9)], vec![(2, 8)], vec![]];
        let path = shortest_path(&edges, &[0], |n| n == 2, |_| true);
        assert_eq!(path, Some(vec![9]));
    }
}
