//! Dockerfile rules. Only the final stage is the image that runs; it inherits `USER`,
//! `HEALTHCHECK`, `ENTRYPOINT`, `CMD` and `STOPSIGNAL` from the stages it is built `FROM`.

use super::dockerfile_parse::{self, Command, Dockerfile, Instruction, Stage};
use super::script::{self, Handoff};
use super::{parse_error, program_name, rule, span_to_eol, DeployFile, DeployKind, Hit, Repo};
use crate::finding::Finding;
use crate::source::LineIndex;

rule! {
    /// A shell-form `CMD`/`ENTRYPOINT` makes `/bin/sh -c` PID 1: the shell does not pass
    /// SIGTERM on, so the app is SIGKILLed mid-request at the end of the grace period.
    /// An entrypoint script in the repo whose last command runs the app without `exec`
    /// does the same. An init (`tini`, `dumb-init`, compose `init: true`) forwards signals.
    ///
    /// ### Fires on
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// CMD /usr/local/bin/api --port 8080
    /// ```
    /// ### Stays silent on
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// CMD ["/usr/local/bin/api", "--port", "8080"]
    /// ```
    SHELL_FORM = "container_shell_form_entrypoint"
}

rule! {
    /// The Rust binary is PID 1 (exec form, no init) and its code handles no SIGTERM: the
    /// kernel delivers no default-action signal to a namespace's init, so `docker stop`
    /// waits out the grace period and SIGKILLs it.
    ///
    /// ### Fires on
    /// ```dockerfile
    /// # the `api` binary only awaits tokio::signal::ctrl_c()
    /// ENTRYPOINT ["/usr/local/bin/api"]
    /// ```
    /// ### Stays silent on
    /// ```dockerfile
    /// ENTRYPOINT ["/usr/bin/tini", "--", "/usr/local/bin/api"]
    /// ```
    PID1 = "pid1_without_sigterm_handler"
}

rule! {
    /// A container that runs as root turns any remote code execution into root in the
    /// container, and often on the host through a mounted volume or a kernel bug.
    ///
    /// ### Fires on
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// COPY --from=build /app/target/release/api /usr/local/bin/api
    /// CMD ["api"]
    /// ```
    /// ### Stays silent on
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// USER 10001
    /// CMD ["api"]
    /// ```
    ROOT = "container_runs_as_root"
}

rule! {
    /// With no `HEALTHCHECK` (and no Kubernetes probe or compose healthcheck elsewhere in
    /// the repo), Docker reports a hung process as healthy and nothing restarts it.
    ///
    /// ### Fires on
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// CMD ["api"]
    /// ```
    /// ### Stays silent on
    /// ```dockerfile
    /// FROM debian:bookworm-slim
    /// HEALTHCHECK CMD ["api", "healthcheck"]
    /// CMD ["api"]
    /// ```
    HEALTHCHECK = "container_no_healthcheck"
}

/// Programs that run as PID 1 and forward signals to their child.
const INITS: &[&str] = &[
    "tini",
    "tini-static",
    "dumb-init",
    "catatonit",
    "docker-init",
    "init",
    "s6-svscan",
    "runsvdir",
    "supervisord",
];

/// Namespaced base images whose default user is root (official images, which have no
/// namespace, are root unless listed in [`NONROOT_OFFICIAL`]).
const ROOT_PREFIXES: &[&str] = &[
    "gcr.io/distroless/",
    "registry.access.redhat.com/ubi",
    "redhat/ubi",
    "mcr.microsoft.com/dotnet/",
    "amazon/",
    "public.ecr.aws/docker/library/",
    "quay.io/centos/",
];

/// Official images that switch to an unprivileged user themselves.
const NONROOT_OFFICIAL: &[&str] = &["elasticsearch", "kibana", "logstash", "sonarqube"];

/// The final image's settings, each with the instruction that set it.
#[derive(Default)]
struct Image<'a> {
    user: Option<&'a Instruction>,
    healthcheck: Option<&'a Instruction>,
    entrypoint: Option<&'a Instruction>,
    cmd: Option<&'a Instruction>,
    stopsignal: Option<&'a Instruction>,
    /// The external image at the bottom of the stage chain.
    base: String,
    final_from: Option<&'a Instruction>,
}

/// Walks the final stage and the stages it is built on, latest setting first.
fn image(file: &Dockerfile) -> Image<'_> {
    let mut image = Image::default();
    let mut at = file.stages.len().checked_sub(1);
    image.final_from = at.and_then(|i| file.stages.get(i)).map(|s| &s.from);
    let mut cmd_reset = false;
    while let Some(stage) = at.and_then(|i| file.stages.get(i)) {
        let last = |kw: &str| stage.body.iter().rev().find(|i| i.keyword == kw);
        image.user = image.user.or(last("USER"));
        image.healthcheck = image.healthcheck.or(last("HEALTHCHECK"));
        image.stopsignal = image.stopsignal.or(last("STOPSIGNAL"));
        if image.cmd.is_none() && !cmd_reset {
            image.cmd = last("CMD");
        }
        if image.entrypoint.is_none() {
            image.entrypoint = last("ENTRYPOINT");
            // Setting ENTRYPOINT resets the CMD inherited from the base.
            cmd_reset |= image.entrypoint.is_some();
        }
        image.base = stage.base.clone();
        at = stage.base_stage;
    }
    image
}

/// Runs the Dockerfile rules on one file.
pub(crate) fn check(file: &DeployFile, index: &LineIndex<'_>, repo: &Repo<'_>) -> Vec<Hit> {
    let parsed = match dockerfile_parse::parse(&file.text) {
        Ok(parsed) => parsed,
        Err(err) => return vec![Hit::new(parse_error(index, err.line, 0, &err.message), &[])],
    };
    let image = image(&parsed);
    let Some(run) = image.entrypoint.or(image.cmd) else {
        return Vec::new();
    };
    let ctx = Ctx {
        file,
        index,
        repo,
        image: &image,
        stages: &parsed.stages,
    };
    let owner = ctx.owner();
    let mut hits = Vec::new();
    let stage = parsed.stages.last().and_then(|s| s.name.clone());
    let item = stage.map_or_else(|| "final stage".to_string(), |name| format!("stage {name}"));
    let mut push = |finding: Option<Finding>| {
        hits.extend(finding.map(|f| Hit::new(f, &owner).in_item(item.clone())));
    };
    push(ctx.shell_form(run));
    push(ctx.pid1(run));
    push(ctx.root());
    push(ctx.healthcheck());
    hits
}

struct Ctx<'a> {
    file: &'a DeployFile,
    index: &'a LineIndex<'a>,
    repo: &'a Repo<'a>,
    image: &'a Image<'a>,
    stages: &'a [Stage],
}

impl Ctx<'_> {
    fn at(&self, ins: &Instruction) -> crate::finding::Span {
        span_to_eol(self.index, ins.line, ins.col)
    }

    /// The argv the container starts with (ENTRYPOINT then CMD), when in exec form.
    fn argv(&self) -> Option<Vec<String>> {
        match self.image.entrypoint.map(|i| Command::parse(&i.args)) {
            Some(Command::Exec(argv)) => Some(argv),
            Some(Command::Shell(_)) => None,
            None => match self.image.cmd.map(|i| Command::parse(&i.args)) {
                Some(Command::Exec(argv)) => Some(argv),
                _ => None,
            },
        }
    }

    /// The names of the program this image runs, for the code facts.
    fn owner(&self) -> Vec<String> {
        let mut names = Vec::new();
        if let Some(program) = self.pid1_program() {
            names.push(program_name(&program).to_string());
        }
        if let Some(argv) = self.argv() {
            names.extend(argv.iter().take(4).map(|a| program_name(a).to_string()));
        }
        names
    }

    /// True when an init forwards signals: in the image, or compose's `init: true`.
    fn has_init(&self) -> bool {
        let in_image = self.argv().is_some_and(|argv| {
            argv.first()
                .is_some_and(|p| INITS.contains(&program_name(p)))
        });
        in_image || self.repo.compose.init_for(&self.file.path)
    }

    /// The program that ends up as PID 1 when the image starts without an init.
    fn pid1_program(&self) -> Option<String> {
        let argv = self.argv()?;
        let first = argv.first()?;
        let Some(script) = self.script(first) else {
            return Some(first.clone());
        };
        match script::handoff(&script.text) {
            Handoff::Exec(target) if target == "$@" || target == "${@}" => {
                let cmd = self.image.cmd.map(|i| Command::parse(&i.args));
                match cmd {
                    Some(Command::Exec(cmd)) => cmd.first().cloned(),
                    _ => None,
                }
            }
            Handoff::Exec(target) => Some(target),
            _ => None,
        }
    }

    /// The entrypoint script `program` names, when the repo has it.
    fn script(&self, program: &str) -> Option<&DeployFile> {
        let name = program_name(program);
        if !name.ends_with(".sh") && !name.contains("entrypoint") {
            return None;
        }
        let dir = self.file.path.rsplit_once('/').map_or("", |(dir, _)| dir);
        let near = if dir.is_empty() {
            name.to_string()
        } else {
            format!("{dir}/{name}")
        };
        self.repo
            .file_ending(DeployKind::Script, &near)
            .or_else(|| self.repo.file_ending(DeployKind::Script, name))
    }

    fn shell_form(&self, run: &Instruction) -> Option<Finding> {
        if self.has_init() {
            return None;
        }
        if let Command::Shell(text) = Command::parse(&run.args) {
            return (!text.starts_with("exec "))
                .then(|| shell_form_finding(run, &text, self.at(run)));
        }
        let argv = self.argv()?;
        let first = argv.first()?;
        let is_shell = matches!(program_name(first), "sh" | "bash" | "ash" | "dash");
        if is_shell && argv.get(1).is_some_and(|a| a == "-c") {
            let line = argv.get(2)?;
            return (!line.trim_start().starts_with("exec ")).then(|| {
                let message = "the command runs under `sh -c` without `exec`: the shell is PID 1";
                Finding::new(SHELL_FORM.id, self.at(run), message, "sh stays PID 1").with_help(
                    format!("start the command with `exec`: `\"exec {}\"`", line.trim()),
                )
            });
        }
        let script = self.script(first)?;
        let Handoff::Child(program) = script::handoff(&script.text) else {
            return None;
        };
        let message = format!(
            "entrypoint script `{}` runs `{program}` without `exec`: the shell stays PID 1",
            script.path
        );
        let help = format!(
            "end `{}` with `exec {program} \"$@\"`, or run it under `tini`",
            script.path
        );
        Some(
            Finding::new(
                SHELL_FORM.id,
                self.at(run),
                message,
                "the shell keeps PID 1",
            )
            .with_help(help),
        )
    }

    fn pid1(&self, run: &Instruction) -> Option<Finding> {
        if self.has_init() {
            return None;
        }
        let program = self.pid1_program()?;
        let facts = self.repo.facts_named(std::slice::from_ref(&program))?;
        let signal = self.image.stopsignal.map_or_else(
            || "SIGTERM".to_string(),
            |s| super::normalize_signal(&s.args),
        );
        if facts.handles(&signal) && signal != "SIGTERM" {
            self.repo
                .stopped_by_handled_signal
                .borrow_mut()
                .push(facts.package.clone());
        }
        if !facts.is_service || facts.handles(&signal) {
            return None;
        }
        let finding = Finding::new(
            PID1.id,
            self.at(run),
            format!("`{}` runs as PID 1 and its code handles no {signal}: `docker stop` waits, then SIGKILLs it", program_name(&program)),
            "PID 1 with no signal handler",
        );
        Some(finding.with_help(format!(
            "handle {signal} in `{}` (`tokio::signal::unix::signal(SignalKind::terminate())`), or start it under an init: `ENTRYPOINT [\"/usr/bin/tini\", \"--\", ...]`",
            facts.package
        )))
    }

    fn root(&self) -> Option<Finding> {
        if self.file.path.starts_with(".devcontainer/")
            || self.file.path.contains("/.devcontainer/")
            || self.runs_unprivileged_elsewhere()
        {
            return None;
        }
        if let Some(user) = self.image.user {
            let name = user.args.split(':').next().unwrap_or("").trim();
            return matches!(name, "root" | "0").then(|| {
                Finding::new(ROOT.id, self.at(user), "the image runs as root", "last USER is root")
                    .with_help("create an unprivileged user and switch to it: `RUN useradd --system --uid 10001 app` then `USER 10001`")
            });
        }
        if !base_runs_as_root(&self.image.base) {
            return None;
        }
        let from = self.image.final_from?;
        Some(
            Finding::new(ROOT.id, self.at(from), format!("the image runs as root: no USER after `FROM {}`", self.stage_base()), "no USER in the final stage")
                .with_help("add `USER 10001` (after creating the user, or any numeric uid) before CMD/ENTRYPOINT"),
        )
    }

    /// The repo runs this image unprivileged anyway: a Kubernetes securityContext or a
    /// compose `user:` for it, or an entrypoint script that drops to another user.
    fn runs_unprivileged_elsewhere(&self) -> bool {
        let dirs = self.file.path.split('/').rev().skip(1).map(str::to_string);
        let names: Vec<String> = self.owner().into_iter().chain(dirs).collect();
        let drops = self
            .argv()
            .and_then(|argv| argv.first().and_then(|p| self.script(p)))
            .is_some_and(|script| {
                const DROPPERS: &[&str] = &[
                    "gosu ",
                    "su-exec ",
                    "setpriv ",
                    "s6-setuidgid ",
                    "chpst -u",
                    "runuser ",
                ];
                DROPPERS.iter().any(|d| script.text.contains(d))
            });
        drops
            || self.repo.compose.nonroot_for(&self.file.path)
            || names.iter().any(|n| self.repo.nonroot_images.contains(n))
    }

    fn stage_base(&self) -> &str {
        self.stages.last().map_or("", |s| s.base.as_str())
    }

    fn healthcheck(&self) -> Option<Finding> {
        if self.image.healthcheck.is_some()
            || self.repo.k8s_probes
            || self.repo.compose.healthcheck_for(&self.file.path)
        {
            return None;
        }
        let from = self.image.final_from?;
        Some(
            Finding::new(HEALTHCHECK.id, self.at(from), "the image has no HEALTHCHECK and no orchestrator probe in the repo checks it", "final stage")
                .with_help("add `HEALTHCHECK --interval=30s --timeout=3s CMD [\"/usr/local/bin/app\", \"healthcheck\"]` (a binary in the image, curl is often absent), or define probes in the Kubernetes manifests"),
        )
    }
}

/// A `CMD`/`ENTRYPOINT` in shell form, with the exec form to use instead.
fn shell_form_finding(run: &Instruction, text: &str, at: crate::finding::Span) -> Finding {
    let message = format!(
        "`{}` in shell form: /bin/sh is PID 1 and never passes SIGTERM to the app",
        run.keyword
    );
    let argv: Vec<String> = text
        .split_whitespace()
        .map(|w| format!("\"{w}\""))
        .collect();
    let help = format!("use the exec form: `{} [{}]`", run.keyword, argv.join(", "));
    Finding::new(SHELL_FORM.id, at, message, "runs as `/bin/sh -c ...`").with_help(help)
}

/// True when the external base image's default user is root: Docker Hub's official
/// images (no namespace) and the common distribution bases, unless the tag says
/// `nonroot` (distroless) or `chiseled` (.NET).
fn base_runs_as_root(base: &str) -> bool {
    let image = base.split('@').next().unwrap_or(base).to_ascii_lowercase();
    let (name, tag) = match image.rsplit_once(':') {
        Some((name, tag)) if !tag.contains('/') => (name, tag),
        _ => (image.as_str(), ""),
    };
    if tag.contains("nonroot") || tag.contains("chiseled") || name.contains('$') {
        return false;
    }
    let short = name
        .trim_start_matches("docker.io/")
        .trim_start_matches("library/");
    if NONROOT_OFFICIAL.contains(&short) {
        return false;
    }
    !short.contains('/') || ROOT_PREFIXES.iter().any(|prefix| short.starts_with(prefix))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn root_bases() {
        assert!(base_runs_as_root("debian:bookworm-slim"));
        assert!(base_runs_as_root("docker.io/library/alpine:3.20"));
        assert!(base_runs_as_root("gcr.io/distroless/cc-debian12"));
        assert!(!base_runs_as_root("gcr.io/distroless/cc-debian12:nonroot"));
        assert!(!base_runs_as_root("cgr.dev/chainguard/static"));
        assert!(!base_runs_as_root("${BASE}"));
        assert!(base_runs_as_root(
            "debian:bookworm-slim@sha256:e899040a73d36e2b"
        ));
        assert!(base_runs_as_root("python:3.12-alpine"));
        assert!(base_runs_as_root("mcr.microsoft.com/dotnet/aspnet:8.0"));
        assert!(!base_runs_as_root(
            "mcr.microsoft.com/dotnet/runtime-deps:8.0-jammy-chiseled"
        ));
        assert!(!base_runs_as_root("ghcr.io/acme/base-runtime:2024.10"));
    }
}
