//! Entrypoint shell scripts: does the script hand PID 1 to the program with `exec`?

/// What an entrypoint script does at its end.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Handoff {
    /// `exec prog ...`: the program replaces the shell. Holds `prog` (`"$@"` when the
    /// script runs the container's CMD).
    Exec(String),
    /// The last command runs a program as a child of the shell, which stays PID 1.
    Child(String),
    /// Cannot tell (signals trapped and forwarded, a loop, a function...): say nothing.
    Unknown,
}

/// Reads the script's last command.
pub fn handoff(text: &str) -> Handoff {
    let commands: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .collect();
    if commands
        .iter()
        .any(|l| l.starts_with("trap ") || l.contains("; trap "))
    {
        return Handoff::Unknown;
    }
    if let Some(exec) = commands.iter().rev().find_map(|l| exec_target(l)) {
        return Handoff::Exec(exec);
    }
    let Some(last) = commands.last() else {
        return Handoff::Unknown;
    };
    let first = last.split_whitespace().next().unwrap_or("");
    const NOT_A_PROGRAM: &[&str] = &[
        "fi", "done", "esac", "}", ")", "exit", "return", "wait", "set", "export", "echo",
        "printf", "true", "false", ":", "cd", "shift", "unset", "source", ".", "else", "then",
        "do", ";;",
    ];
    let is_program = !NOT_A_PROGRAM.contains(&first)
        && !first.contains('=')
        && !last.ends_with('&')
        && !last.contains("()")
        && !first.ends_with(';');
    if is_program {
        Handoff::Child(first.trim_matches(['"', '\'']).to_string())
    } else {
        Handoff::Unknown
    }
}

/// The program of an `exec prog ...` line (also after `then`/`&&`), if it is one.
fn exec_target(line: &str) -> Option<String> {
    let at = line.find("exec ")?;
    let before = line[..at].trim_end();
    let starts_command = before.is_empty()
        || before.ends_with("then")
        || before.ends_with("&&")
        || before.ends_with(';')
        || before.ends_with("else");
    if !starts_command {
        return None;
    }
    let mut words = line[at + 5..]
        .split_whitespace()
        .filter(|w| !w.starts_with('-'));
    let program = words.next()?;
    // `exec >log 2>&1` only redirects; it runs nothing.
    if program.starts_with('>')
        || program.starts_with('<')
        || program.starts_with(|c: char| c.is_ascii_digit())
    {
        return None;
    }
    let program = if ["gosu", "su-exec"].contains(&program) {
        words.nth(1).unwrap_or(program)
    } else if ["tini", "dumb-init"].contains(&program) {
        words.next().unwrap_or(program)
    } else {
        program
    };
    Some(program.trim_matches(['"', '\'']).to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_last_command() {
        assert_eq!(
            handoff("#!/bin/sh\nset -e\nexec /app/server \"$@\"\n"),
            Handoff::Exec("/app/server".into())
        );
        assert_eq!(
            handoff("#!/bin/sh\nif [ x ]; then\n  exec \"$@\"\nfi\n"),
            Handoff::Exec("$@".into())
        );
        assert_eq!(
            handoff("#!/bin/sh\nmigrate\n/app/server --port 80\n"),
            Handoff::Child("/app/server".into())
        );
        assert_eq!(
            handoff("#!/bin/sh\ntrap 'kill $PID' TERM\nserver & PID=$!\nwait $PID\n"),
            Handoff::Unknown
        );
        assert_eq!(
            handoff("#!/bin/sh\nexec >/var/log/x 2>&1\nserver\n"),
            Handoff::Child("server".into())
        );
        assert_eq!(
            handoff("exec gosu app /app/server\n"),
            Handoff::Exec("/app/server".into())
        );
    }
}
