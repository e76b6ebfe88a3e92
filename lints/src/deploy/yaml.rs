//! A small YAML tree with positions, built from `saphyr-parser` events.
//!
//! Built iteratively with hard caps, so hostile input cannot exhaust the stack or
//! memory: nesting deeper than [`MAX_DEPTH`] and more than [`MAX_NODES`] nodes
//! (aliases counted as the copies they expand to, which stops "billion laughs")
//! are parse errors.

use saphyr_parser::{Event, Marker, Parser};
use std::collections::HashMap;

/// Deepest nesting accepted (Kubernetes manifests rarely go past 15).
pub const MAX_DEPTH: usize = 128;
/// Most nodes per file, aliases expanded.
pub const MAX_NODES: usize = 500_000;

/// A position: 1-based line, 0-based character column.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Pos {
    /// 1-based line.
    pub line: u32,
    /// 0-based column in characters.
    pub col: u32,
}

impl From<Marker> for Pos {
    fn from(mark: Marker) -> Self {
        Pos {
            line: mark.line() as u32,
            col: mark.col() as u32,
        }
    }
}

/// A YAML node with the place it starts and ends.
#[derive(Debug, Clone)]
pub struct Node {
    /// What the node holds.
    pub value: Value,
    /// Where it starts.
    pub start: Pos,
    /// Where it ends.
    pub end: Pos,
    /// Number of nodes in this subtree (itself included).
    size: usize,
}

/// The content of a node.
#[derive(Debug, Clone)]
pub enum Value {
    /// Any scalar, as written (`~`, `null` and empty are nulls).
    Scalar(String),
    /// A sequence.
    Seq(Vec<Node>),
    /// A mapping, in source order.
    Map(Vec<(Node, Node)>),
}

/// A YAML error with the place it was found.
#[derive(Debug, Clone)]
pub struct YamlError {
    /// What went wrong.
    pub message: String,
    /// Where.
    pub pos: Pos,
}

impl Node {
    /// The scalar text, if this is a non-null scalar.
    pub fn as_str(&self) -> Option<&str> {
        match &self.value {
            Value::Scalar(s) if !matches!(s.as_str(), "" | "~" | "null" | "Null" | "NULL") => {
                Some(s)
            }
            _ => None,
        }
    }

    /// The items of a sequence (empty for anything else).
    pub fn items(&self) -> &[Node] {
        match &self.value {
            Value::Seq(items) => items,
            _ => &[],
        }
    }

    /// The entries of a mapping, merge keys (`<<`) left as they are.
    pub fn entries(&self) -> &[(Node, Node)] {
        match &self.value {
            Value::Map(entries) => entries,
            _ => &[],
        }
    }

    /// True for a mapping.
    pub fn is_map(&self) -> bool {
        matches!(self.value, Value::Map(_))
    }

    /// The entry of `key` (the last one wins), then any merged in with `<<`.
    pub fn entry(&self, key: &str) -> Option<(&Node, &Node)> {
        self.entry_at_depth(key, 0)
    }

    fn entry_at_depth(&self, key: &str, depth: usize) -> Option<(&Node, &Node)> {
        let entries = self.entries();
        if let Some((k, v)) = entries.iter().rev().find(|(k, _)| k.as_str() == Some(key)) {
            return Some((k, v));
        }
        if depth > 8 {
            return None;
        }
        let merged = entries
            .iter()
            .rev()
            .find(|(k, _)| k.as_str() == Some("<<"))?;
        let sources: Vec<&Node> = match &merged.1.value {
            Value::Seq(items) => items.iter().collect(),
            _ => vec![&merged.1],
        };
        sources
            .into_iter()
            .find_map(|source| source.entry_at_depth(key, depth + 1))
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Node> {
        self.entry(key).map(|(_, v)| v)
    }

    /// Follows a path of keys.
    pub fn path(&self, keys: &[&str]) -> Option<&Node> {
        keys.iter().try_fold(self, |node, key| node.get(key))
    }

    /// The string value at a path of keys.
    pub fn str_at(&self, keys: &[&str]) -> Option<&str> {
        self.path(keys).and_then(Node::as_str)
    }
}

enum Frame {
    Seq {
        items: Vec<Node>,
        start: Pos,
        anchor: usize,
    },
    Map {
        entries: Vec<(Node, Node)>,
        key: Option<Node>,
        start: Pos,
        anchor: usize,
    },
}

/// Builds the documents of a YAML stream.
struct Builder {
    stack: Vec<Frame>,
    anchors: HashMap<usize, Node>,
    docs: Vec<Node>,
    nodes: usize,
}

/// Parses every document of `text`.
pub fn parse(text: &str) -> Result<Vec<Node>, YamlError> {
    let mut builder = Builder {
        stack: Vec::new(),
        anchors: HashMap::new(),
        docs: Vec::new(),
        nodes: 0,
    };
    let mut parser = Parser::new_from_str(text);
    while let Some(next) = parser.next_event() {
        let (event, span) = next.map_err(|e| YamlError {
            message: e.info().to_string(),
            pos: (*e.marker()).into(),
        })?;
        builder.on_event(event, span.start.into(), span.end.into())?;
    }
    Ok(builder.docs)
}

impl Builder {
    fn on_event(&mut self, event: Event<'_>, start: Pos, end: Pos) -> Result<(), YamlError> {
        match event {
            Event::DocumentStart(_) => self.anchors.clear(),
            Event::Scalar(text, _, anchor, _) => {
                let node = Node {
                    value: Value::Scalar(text.into_owned()),
                    start,
                    end,
                    size: 1,
                };
                self.complete(node, anchor, start)?;
            }
            Event::Alias(id) => {
                let Some(node) = self.anchors.get(&id).cloned() else {
                    return Err(YamlError {
                        message: "alias to an unknown anchor".into(),
                        pos: start,
                    });
                };
                self.complete(node, 0, start)?;
            }
            Event::SequenceStart(anchor, _) => self.open(
                Frame::Seq {
                    items: Vec::new(),
                    start,
                    anchor,
                },
                start,
            )?,
            Event::MappingStart(anchor, _) => {
                self.open(
                    Frame::Map {
                        entries: Vec::new(),
                        key: None,
                        start,
                        anchor,
                    },
                    start,
                )?;
            }
            Event::SequenceEnd | Event::MappingEnd => self.close(end)?,
            _ => {}
        }
        Ok(())
    }

    fn open(&mut self, frame: Frame, pos: Pos) -> Result<(), YamlError> {
        if self.stack.len() >= MAX_DEPTH {
            return Err(YamlError {
                message: format!("nesting deeper than {MAX_DEPTH} levels"),
                pos,
            });
        }
        self.stack.push(frame);
        Ok(())
    }

    fn close(&mut self, end: Pos) -> Result<(), YamlError> {
        let (node, anchor, start) = match self.stack.pop() {
            Some(Frame::Seq {
                items,
                start,
                anchor,
            }) => {
                let size = 1 + items.iter().map(|n| n.size).sum::<usize>();
                (
                    Node {
                        value: Value::Seq(items),
                        start,
                        end,
                        size,
                    },
                    anchor,
                    start,
                )
            }
            Some(Frame::Map {
                entries,
                start,
                anchor,
                ..
            }) => {
                let size = 1 + entries.iter().map(|(k, v)| k.size + v.size).sum::<usize>();
                (
                    Node {
                        value: Value::Map(entries),
                        start,
                        end,
                        size,
                    },
                    anchor,
                    start,
                )
            }
            None => return Ok(()),
        };
        // The node's own size was charged as its children arrived; only its copy counts again.
        self.nodes = self.nodes.saturating_sub(node.size);
        self.complete(node, anchor, start)
    }

    fn complete(&mut self, node: Node, anchor: usize, pos: Pos) -> Result<(), YamlError> {
        self.nodes += node.size;
        if self.nodes > MAX_NODES {
            return Err(YamlError {
                message: format!(
                    "more than {MAX_NODES} nodes once aliases are expanded (alias bomb?)"
                ),
                pos,
            });
        }
        if anchor > 0 {
            self.anchors.insert(anchor, node.clone());
        }
        match self.stack.last_mut() {
            Some(Frame::Seq { items, .. }) => items.push(node),
            Some(Frame::Map { entries, key, .. }) => match key.take() {
                Some(k) => entries.push((k, node)),
                None => *key = Some(node),
            },
            None => self.docs.push(node),
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_and_merge_keys() {
        let text = "base: &b\n  size: 10m\nsvc:\n  <<: *b\n  name: web\n";
        let docs = parse(text).unwrap();
        let svc = docs[0].get("svc").unwrap();
        assert_eq!(svc.str_at(&["size"]), Some("10m"));
        let (key, _) = svc.entry("name").unwrap();
        assert_eq!((key.start.line, key.start.col), (5, 2));
    }

    #[test]
    fn alias_bomb_is_an_error_not_a_hang() {
        let mut text = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x]\n");
        for i in 1..12 {
            let p = i - 1;
            text.push_str(&format!(
                "a{i}: &a{i} [*a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}, *a{p}]\n"
            ));
        }
        let err = parse(&text).unwrap_err();
        assert!(err.message.contains("alias"), "{}", err.message);
    }

    #[test]
    fn deep_nesting_is_an_error() {
        let text = "[".repeat(100_000);
        assert!(parse(&text).is_err());
        let text = format!("{}x{}", "[".repeat(50), "]".repeat(50));
        assert!(parse(&text).is_ok());
    }
}
