//! The contract between the walker and a rule: hooks per node kind, and the
//! declaration that ties a rule's id, its docs and the hooks it subscribes to.

use crate::context::Cx;

/// Bit set of the node kinds a rule subscribes to; the walker calls a hook only for
/// the rules that asked for it, so an unused hook costs nothing.
pub type Hooks = u32;

/// Node kinds a rule can subscribe to.
pub mod hooks {
    use super::Hooks;
    /// `path(args)`: [`Rule::check_call`].
    pub const CALL: Hooks = 1;
    /// `recv.method(args)`: [`Rule::check_method_call`].
    pub const METHOD_CALL: Hooks = 1 << 1;
    /// Any macro invocation: [`Rule::check_macro`].
    pub const MACRO: Hooks = 1 << 2;
    /// Function entry and exit: [`Rule::check_fn`], [`Rule::check_fn_post`].
    pub const FN: Hooks = 1 << 3;
    /// `static`, `const`, `lazy_static!`, `thread_local!`: [`Rule::check_static`].
    pub const STATIC: Hooks = 1 << 4;
    /// `let` statements: [`Rule::check_local`].
    pub const LOCAL: Hooks = 1 << 5;
    /// `loop`/`while`/`for` entry and exit: [`Rule::check_loop`], [`Rule::check_loop_post`].
    pub const LOOP: Hooks = 1 << 6;
    /// `expr.await`: [`Rule::check_await`].
    pub const AWAIT: Hooks = 1 << 7;
    /// `Path { field: value }`: [`Rule::check_struct_lit`].
    pub const STRUCT_LIT: Hooks = 1 << 8;
    /// A path used as a value (`SIGTERM`, `SignalKind::terminate`): [`Rule::check_path`].
    pub const PATH: Hooks = 1 << 9;
    /// End of the file: [`Rule::check_file_post`].
    pub const FILE_POST: Hooks = 1 << 10;
    /// Number of hook kinds.
    pub const COUNT: usize = 11;
}

/// A `static`-like item, from Rust syntax or from `lazy_static!`/`thread_local!`.
pub struct StaticItem<'n> {
    /// The item's name.
    pub ident: &'n syn::Ident,
    /// Its declared type.
    pub ty: &'n syn::Type,
    /// Its initializer, if any.
    pub expr: Option<&'n syn::Expr>,
    /// `static mut`.
    pub mutable: bool,
    /// Where the item comes from.
    pub kind: StaticKind,
}

/// Where a [`StaticItem`] was declared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StaticKind {
    /// `static`.
    Static,
    /// `const`.
    Const,
    /// `lazy_static! { static ref .. }`.
    LazyStatic,
    /// `thread_local! { static .. }`.
    ThreadLocal,
}

/// A rule: hooks called in one traversal of each file, pre-order unless named `_post`.
/// One instance is made per file, so a rule may keep per-file state in `self`.
#[allow(unused_variables)]
pub trait Rule {
    /// A call whose callee is a path; `callee` is resolved (`reqwest::Client::new`), or
    /// empty when the callee is not a path.
    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {}
    /// A method call.
    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {}
    /// A macro invocation; `path` is resolved (`std::println`).
    fn check_macro(&mut self, cx: &mut Cx<'_>, mac: &syn::Macro, path: &str) {}
    /// Entry of a function body; `cx.enclosing_fn()` describes the function.
    fn check_fn(&mut self, cx: &mut Cx<'_>, body: &syn::Block) {}
    /// Exit of a function body.
    fn check_fn_post(&mut self, cx: &mut Cx<'_>, body: &syn::Block) {}
    /// A static-like item.
    fn check_static(&mut self, cx: &mut Cx<'_>, item: &StaticItem<'_>) {}
    /// A `let` statement (before its initializer is visited).
    fn check_local(&mut self, cx: &mut Cx<'_>, local: &syn::Local) {}
    /// Entry of a loop.
    fn check_loop(&mut self, cx: &mut Cx<'_>, expr: &syn::Expr) {}
    /// Exit of a loop.
    fn check_loop_post(&mut self, cx: &mut Cx<'_>, expr: &syn::Expr) {}
    /// An `.await`.
    fn check_await(&mut self, cx: &mut Cx<'_>, expr: &syn::ExprAwait) {}
    /// A struct literal; `path` is resolved.
    fn check_struct_lit(&mut self, cx: &mut Cx<'_>, expr: &syn::ExprStruct, path: &str) {}
    /// A path expression (resolve it with `cx.resolve` only when its last segment matters).
    fn check_path(&mut self, cx: &mut Cx<'_>, expr: &syn::ExprPath) {}
    /// End of the file.
    fn check_file_post(&mut self, cx: &mut Cx<'_>) {}
}

/// A rule's declaration: its id (as in `rules.toml`), its documentation (the doc
/// comment of its declaration), the hooks it uses and how to make one per file.
pub struct RuleDef {
    /// The id, as in `rules.toml`.
    pub id: &'static str,
    /// The doc comment: why, what fires, what stays silent.
    pub docs: &'static str,
    /// The node kinds it subscribes to.
    pub hooks: Hooks,
    /// Makes the per-file instance.
    pub new: fn() -> Box<dyn Rule>,
}

/// Declares a rule: its doc comment becomes `cargo prodcheck explain` text.
///
/// ```ignore
/// declare_rule! {
///     /// Why it hurts, in one or two lines.
///     pub DEF = "rule_id", hooks::CALL, MyRule::default
/// }
/// ```
#[macro_export]
macro_rules! declare_rule {
    ($(#[doc = $doc:literal])* $vis:vis $name:ident = $id:literal, $hooks:expr, $new:path) => {
        $(#[doc = $doc])*
        $vis static $name: $crate::rule::RuleDef = $crate::rule::RuleDef {
            id: $id,
            docs: concat!($($doc, "\n"),*),
            hooks: $hooks,
            new: || Box::new($new()),
        };
    };
}
