use crate::context::{method_chain, strip_parens, Cx};
use crate::finding::Finding;
use crate::rule::{hooks, Rule};

crate::declare_rule! {
    /// A CORS policy that lets any origin in tells every browser that any website may call
    /// this API with its visitors' sessions: with credentials allowed, a page on any domain
    /// reads what the logged-in user can read.
    ///
    /// ### Fires on
    /// ```rust,ignore
    /// let app = Router::new().layer(tower_http::cors::CorsLayer::permissive());
    /// let cors = CorsLayer::new().allow_origin(AllowOrigin::mirror_request()).allow_credentials(true);
    /// App::new().wrap(actix_cors::Cors::permissive())
    /// App::new().wrap(Cors::default().allow_any_origin().supports_credentials())
    /// warp::cors().allow_any_origin().allow_credentials(true)
    /// ```
    /// ### Stays silent on
    /// ```rust,ignore
    /// CorsLayer::new().allow_origin("https://app.example.com".parse::<HeaderValue>()?)
    ///     .allow_credentials(true);
    /// CorsLayer::new().allow_origin(Any);        // a public, credential-less API
    /// Cors::default().allowed_origin("https://app.example.com").supports_credentials()
    /// ```
    /// Only service code is checked.
    pub DEF = "permissive_cors", hooks::CALL | hooks::METHOD_CALL, PermissiveCors::default
}

/// Stateless: each constructor and each builder chain is judged where it is written.
#[derive(Default)]
pub struct PermissiveCors;

/// Constructors that allow every origin, method and header.
const PERMISSIVE: &[(&str, &str)] = &[
    (
        "tower_http::cors::CorsLayer::permissive",
        "`CorsLayer::permissive()`",
    ),
    (
        "tower_http::cors::CorsLayer::very_permissive",
        "`CorsLayer::very_permissive()`",
    ),
    ("actix_cors::Cors::permissive", "`Cors::permissive()`"),
];

/// Builders whose chains set an origin policy and credentials.
const BUILDERS: &[&str] = &[
    "tower_http::cors::CorsLayer::new",
    "tower_http::cors::CorsLayer::default",
    "actix_cors::Cors::default",
    "warp::cors",
    "warp::filters::cors::cors",
    "poem::middleware::Cors::new",
];

/// Origin arguments that admit every origin (`Any`, `AllowOrigin::any()`,
/// `AllowOrigin::mirror_request()`, which echoes whatever origin asks).
const ANY_ORIGIN: &[&str] = &[
    "tower_http::cors::Any",
    "tower_http::cors::AllowOrigin::any",
    "tower_http::cors::AllowOrigin::mirror_request",
];

impl Rule for PermissiveCors {
    fn check_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprCall, callee: &str) {
        let Some((_, name)) = PERMISSIVE.iter().find(|(path, _)| *path == callee) else {
            return;
        };
        let finding = Finding::new(
            DEF.id,
            cx.span(call),
            format!("{name} lets any website call this API from its visitors' browsers"),
            "every origin, method and header allowed",
        )
        .with_help(HELP);
        cx.report(finding);
    }

    fn check_method_call(&mut self, cx: &mut Cx<'_>, call: &syn::ExprMethodCall) {
        if !cx.is_chain_top() {
            return;
        }
        let Some((_, root)) = cx.chain_root_call(call) else {
            return;
        };
        if !BUILDERS.contains(&root.as_str()) {
            return;
        }
        let chain = method_chain(call);
        let any_origin = chain.iter().any(|m| match m.method.to_string().as_str() {
            "allow_any_origin" => true,
            "allow_origin" => m.args.first().is_some_and(|a| admits_any(cx, a)),
            _ => false,
        });
        let credentials = chain.iter().any(|m| match m.method.to_string().as_str() {
            "supports_credentials" => true,
            "allow_credentials" => m.args.first().is_some_and(|a| {
                matches!(strip_parens(a), syn::Expr::Lit(syn::ExprLit { lit: syn::Lit::Bool(b), .. }) if b.value)
            }),
            _ => false,
        });
        if any_origin && credentials {
            let finding = Finding::new(
                DEF.id,
                cx.span(call),
                "CORS admits any origin together with credentials",
                "any website can make credentialed calls with its visitors' cookies",
            )
            .with_help(HELP);
            cx.report(finding);
        }
    }
}

const HELP: &str = "list the origins that may call the API: `CorsLayer::new().allow_origin([\"https://app.example.com\".parse()?])` (tower-http), `Cors::default().allowed_origin(\"https://app.example.com\")` (actix-cors)";

/// True for an origin argument that admits every origin.
fn admits_any(cx: &Cx<'_>, arg: &syn::Expr) -> bool {
    match strip_parens(arg) {
        syn::Expr::Path(_) => cx.resolve_expr(arg),
        syn::Expr::Call(c) => cx.resolve_expr(&c.func),
        _ => None,
    }
    .is_some_and(|path| ANY_ORIGIN.contains(&path.as_str()))
}
