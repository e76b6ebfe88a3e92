//! Patterns as each engine reads them, lowered to one small tree that the analysis
//! walks: regex-syntax's AST for the linear engines, fancy-regex's parse tree for the
//! backtracking ones (lookaround, backreferences, atomic groups, possessive quantifiers).

use super::charset::CharSet;
use super::{Engine, ParseError, ParseErrorKind};
use fancy_regex::{Assertion, Expr, LookAround};

/// One node of a pattern, with the constructs that change how a backtracker runs.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// Matches the empty string.
    Empty,
    /// One character out of a set.
    Set(CharSet),
    /// `^`, `\A` (line starts are read as text starts).
    Start,
    /// `$`, `\z` (line ends are read as text ends).
    End,
    /// `\b` (or `\B` when `negate`): zero width, not modelled by the automaton.
    WordBoundary { negate: bool },
    /// Children in sequence.
    Concat(Vec<Node>),
    /// Alternatives, first one preferred.
    Alt(Vec<Node>),
    /// `x{min,max}`; `max == None` is unbounded.
    Repeat {
        node: Box<Node>,
        min: u32,
        max: Option<u32>,
        greedy: bool,
    },
    /// A capturing group and its number.
    Group { node: Box<Node>, index: usize },
    /// Matched once, never backtracked into: `(?>x)`, `x*+`, or a part that fancy-regex
    /// hands to the linear engine (`delegated`).
    Atomic { node: Box<Node>, delegated: bool },
    /// Lookahead or lookbehind.
    Look {
        node: Box<Node>,
        behind: bool,
        negate: bool,
    },
    /// `\1`, `\k<name>`.
    Backref(usize),
    /// A construct the analysis does not model (`\K`, `\G`, conditionals).
    Unsupported(&'static str),
}

/// Parses for one of the linear engines with regex-syntax's AST parser, then checks
/// that the AST translates (unknown Unicode classes fail only there).
pub fn parse_linear(pattern: &str, engine: Engine) -> Result<(), ParseError> {
    let ast = regex_syntax::ast::parse::ParserBuilder::new()
        .nest_limit(250)
        .build()
        .parse(pattern)
        .map_err(|err| syntax_error(err.kind().to_string(), err.span().start.offset))?;
    if engine == Engine::RegexLite {
        reject_unicode_classes(&ast)?;
    }
    regex_syntax::hir::translate::Translator::new()
        .translate(pattern, &ast)
        .map(drop)
        .map_err(|err| syntax_error(err.kind().to_string(), err.span().start.offset))
}

/// regex-lite has no Unicode class tables: `\pL` is an error there.
fn reject_unicode_classes(ast: &regex_syntax::ast::Ast) -> Result<(), ParseError> {
    use regex_syntax::ast::{Ast, ClassSetItem};
    let found = match ast {
        Ast::ClassUnicode(class) => Some(class.span.start.offset),
        Ast::ClassBracketed(class) => match &class.kind {
            regex_syntax::ast::ClassSet::Item(ClassSetItem::Union(union)) => {
                union.items.iter().find_map(|item| match item {
                    ClassSetItem::Unicode(class) => Some(class.span.start.offset),
                    _ => None,
                })
            }
            regex_syntax::ast::ClassSet::Item(ClassSetItem::Unicode(class)) => {
                Some(class.span.start.offset)
            }
            _ => None,
        },
        Ast::Repetition(rep) => return reject_unicode_classes(&rep.ast),
        Ast::Group(group) => return reject_unicode_classes(&group.ast),
        Ast::Alternation(alt) => return alt.asts.iter().try_for_each(reject_unicode_classes),
        Ast::Concat(concat) => return concat.asts.iter().try_for_each(reject_unicode_classes),
        _ => None,
    };
    match found {
        Some(offset) => Err(syntax_error(
            "Unicode character classes are not supported by regex-lite".into(),
            offset,
        )),
        None => Ok(()),
    }
}

fn syntax_error(message: String, offset: usize) -> ParseError {
    ParseError {
        message,
        offset,
        kind: ParseErrorKind::Invalid,
    }
}

/// Parses with fancy-regex's grammar (a superset of what the backtracking engines
/// share) and lowers the tree. For engines other than fancy-regex, only errors that
/// every backtracking grammar shares are reported as invalid.
pub fn parse_backtracking(pattern: &str, engine: Engine) -> Result<Node, ParseError> {
    let tree = Expr::parse_tree(pattern).map_err(|err| fancy_error(&err, engine))?;
    let mut lowering = Lowering { next_group: 1 };
    Ok(lowering.lower(&tree.expr))
}

fn fancy_error(err: &fancy_regex::Error, engine: Engine) -> ParseError {
    use fancy_regex::ParseError as E;
    let (offset, kind) = match err {
        fancy_regex::Error::ParseError(offset, kind) => (*offset, Some(kind)),
        _ => (0, None),
    };
    let shared = matches!(
        kind,
        Some(E::UnclosedOpenParen | E::TrailingBackslash | E::TargetNotRepeatable)
    ) || is_unmatched_paren(kind);
    let kind = match kind {
        Some(E::RecursionExceeded) => ParseErrorKind::TooLarge,
        _ if engine == Engine::FancyRegex || shared => ParseErrorKind::Invalid,
        _ => ParseErrorKind::Unsupported,
    };
    ParseError {
        message: err.to_string(),
        offset,
        kind,
    }
}

fn is_unmatched_paren(kind: Option<&fancy_regex::ParseError>) -> bool {
    matches!(kind, Some(fancy_regex::ParseError::GeneralParseError(message)) if message.contains("paren"))
}

struct Lowering {
    next_group: usize,
}

impl Lowering {
    fn lower(&mut self, expr: &Expr) -> Node {
        match expr {
            Expr::Empty => Node::Empty,
            Expr::Any { newline } => Node::Set(CharSet::any(*newline)),
            Expr::Assertion(assertion) => lower_assertion(*assertion),
            Expr::Literal { val, casei } => literal(val, *casei),
            Expr::Concat(children) => {
                Node::Concat(children.iter().map(|c| self.lower(c)).collect())
            }
            Expr::Alt(children) => Node::Alt(children.iter().map(|c| self.lower(c)).collect()),
            Expr::Group(child) => {
                let index = self.next_group;
                self.next_group += 1;
                Node::Group {
                    node: Box::new(self.lower(child)),
                    index,
                }
            }
            Expr::LookAround(child, kind) => Node::Look {
                node: Box::new(self.lower(child)),
                behind: matches!(kind, LookAround::LookBehind | LookAround::LookBehindNeg),
                negate: matches!(kind, LookAround::LookAheadNeg | LookAround::LookBehindNeg),
            },
            Expr::Repeat {
                child,
                lo,
                hi,
                greedy,
            } => Node::Repeat {
                node: Box::new(self.lower(child)),
                min: u32::try_from(*lo).unwrap_or(u32::MAX),
                max: (*hi != usize::MAX).then(|| u32::try_from(*hi).unwrap_or(u32::MAX)),
                greedy: *greedy,
            },
            Expr::Delegate { inner, casei, .. } => delegate_set(inner, *casei),
            Expr::Backref(group) => Node::Backref(*group),
            Expr::AtomicGroup(child) => Node::Atomic {
                node: Box::new(self.lower(child)),
                delegated: false,
            },
            Expr::KeepOut => Node::Unsupported("\\K"),
            Expr::ContinueFromPreviousMatchEnd => Node::Unsupported("\\G"),
            Expr::BackrefExistsCondition(_) | Expr::Conditional { .. } => {
                Node::Unsupported("a conditional")
            }
        }
    }
}

fn lower_assertion(assertion: Assertion) -> Node {
    match assertion {
        Assertion::StartText | Assertion::StartLine { .. } => Node::Start,
        Assertion::EndText | Assertion::EndLine { .. } => Node::End,
        Assertion::NotWordBoundary => Node::WordBoundary { negate: true },
        _ => Node::WordBoundary { negate: false },
    }
}

fn literal(text: &str, ignore_case: bool) -> Node {
    let mut sets: Vec<Node> = text
        .chars()
        .map(|c| Node::Set(CharSet::of_char(c, ignore_case)))
        .collect();
    match sets.len() {
        1 => sets.remove(0),
        _ => Node::Concat(sets),
    }
}

/// fancy-regex hands classes (`[a-z]`, `\d`, `\pL`) over as regex-crate syntax: read the
/// one class through regex-syntax to learn its characters.
fn delegate_set(inner: &str, ignore_case: bool) -> Node {
    use regex_syntax::hir::{Class, HirKind};
    let text = if ignore_case {
        format!("(?i:{inner})")
    } else {
        inner.to_string()
    };
    let Ok(hir) = regex_syntax::ParserBuilder::new().build().parse(&text) else {
        return Node::Unsupported("a class regex-syntax does not read");
    };
    match hir.kind() {
        HirKind::Class(Class::Unicode(class)) => Node::Set(CharSet::from_ranges(
            class
                .iter()
                .map(|r| (r.start() as u32, r.end() as u32))
                .collect(),
        )),
        HirKind::Class(Class::Bytes(class)) => Node::Set(CharSet::from_ranges(
            class
                .iter()
                .map(|r| (u32::from(r.start()), u32::from(r.end())))
                .collect(),
        )),
        HirKind::Literal(lit) => match std::str::from_utf8(&lit.0) {
            Ok(s) => literal(s, false),
            Err(_) => Node::Unsupported("a byte literal"),
        },
        HirKind::Empty => Node::Empty,
        _ => Node::Unsupported("a delegated expression that is not a class"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backreferences_and_atomic_groups_are_kept() {
        let node = parse_backtracking(r"(a)(?>b+)\1", Engine::Pcre2);
        let Ok(Node::Concat(children)) = node else {
            panic!("expected a concatenation, got {node:?}");
        };
        assert!(matches!(
            children[1],
            Node::Atomic {
                delegated: false,
                ..
            }
        ));
        assert_eq!(children[2], Node::Backref(1));
    }

    #[test]
    fn linear_errors_carry_the_offset() {
        let err = parse_linear("ab(c", Engine::Regex).err();
        assert!(err.is_some_and(|e| e.offset == 2 && e.kind == ParseErrorKind::Invalid));
    }

    #[test]
    fn regex_lite_rejects_unicode_classes() {
        assert!(parse_linear(r"\pL+", Engine::RegexLite).is_err());
        assert!(parse_linear(r"\pL+", Engine::Regex).is_ok());
    }
}
