//! A temporary pm repository and a controlled environment for running the
//! real `pm` binary: no global git configuration, a fixed identity, a fixed
//! clock (PM_NOW), no colour and a fixed terminal width.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};

pub const NOW: &str = "2026-11-27T10:00:00Z";

pub struct TestEnv {
    pub dir: tempfile::TempDir,
    pub repo: PathBuf,
    now: String,
}

/// What a command did, with assertions that print everything on failure.
pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
    pub cmd: String,
}

impl Run {
    fn describe(&self) -> String {
        format!(
            "$ {}\nexit {}\n--- stdout\n{}--- stderr\n{}",
            self.cmd, self.code, self.stdout, self.stderr
        )
    }

    #[track_caller]
    pub fn ok(self) -> Run {
        assert_eq!(self.code, 0, "expected success\n{}", self.describe());
        self
    }

    #[track_caller]
    pub fn code(self, code: i32) -> Run {
        assert_eq!(self.code, code, "expected exit {code}\n{}", self.describe());
        self
    }

    /// Exit 2 with a one-line `error:` first line mentioning each needle.
    #[track_caller]
    pub fn error(self, needles: &[&str]) -> Run {
        assert_eq!(self.code, 2, "expected exit 2\n{}", self.describe());
        assert!(
            self.stderr.starts_with("error: "),
            "no `error:` line\n{}",
            self.describe()
        );
        assert!(
            !self.stderr.contains("panicked"),
            "panic\n{}",
            self.describe()
        );
        assert!(
            !self.stderr.contains("RUST_BACKTRACE"),
            "backtrace\n{}",
            self.describe()
        );
        for n in needles {
            assert!(
                self.stderr.contains(n),
                "stderr lacks `{n}`\n{}",
                self.describe()
            );
        }
        self
    }

    #[track_caller]
    pub fn stdout_has(self, needle: &str) -> Run {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks `{needle}`\n{}",
            self.describe()
        );
        self
    }

    #[track_caller]
    pub fn stdout_lacks(self, needle: &str) -> Run {
        assert!(
            !self.stdout.contains(needle),
            "stdout has `{needle}`\n{}",
            self.describe()
        );
        self
    }

    #[track_caller]
    pub fn stderr_has(self, needle: &str) -> Run {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks `{needle}`\n{}",
            self.describe()
        );
        self
    }

    /// The id `pm new` printed on its first line, `Created ID`.
    #[track_caller]
    pub fn created_id(&self) -> String {
        self.stdout
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("Created "))
            .unwrap_or_else(|| panic!("no `Created` line\n{}", self.describe()))
            .trim()
            .to_string()
    }

    pub fn json(&self) -> serde_json::Value {
        serde_json::from_str(&self.stdout)
            .unwrap_or_else(|e| panic!("stdout is not JSON: {e}\n{}", self.describe()))
    }
}

impl TestEnv {
    /// An empty folder (no repository yet).
    pub fn empty() -> TestEnv {
        let dir = tempfile::tempdir().expect("tempdir");
        let repo = dir.path().join("repo");
        fs::create_dir_all(&repo).unwrap();
        fs::write(
            dir.path().join("gitconfig"),
            "[user]\n\tname = Test Responder\n\temail = responder@example.com\n[init]\n\tdefaultBranch = main\n",
        )
        .unwrap();
        TestEnv {
            dir,
            repo,
            now: NOW.to_string(),
        }
    }

    /// A fresh pm repository made by `pm init`.
    pub fn new() -> TestEnv {
        let env = TestEnv::empty();
        env.pm(&["init"]).ok();
        env
    }

    pub fn set_now(&mut self, now: &str) {
        self.now = now.to_string();
    }

    pub fn home(&self) -> &Path {
        self.dir.path()
    }

    pub fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        cmd.current_dir(&self.repo)
            .env_clear()
            .env("PATH", std::env::var_os("PATH").unwrap_or_default())
            .env("HOME", self.dir.path())
            .env("GIT_CONFIG_GLOBAL", self.dir.path().join("gitconfig"))
            .env("GIT_CONFIG_NOSYSTEM", "1")
            .env("PM_NOW", &self.now)
            .env("NO_COLOR", "1")
            .env("COLUMNS", "80")
            .env("TZ", "UTC")
            .env("LANG", "C.UTF-8")
            .env("EDITOR", "false");
        cmd
    }

    pub fn pm_cmd(&self, args: &[&str]) -> Command {
        let mut cmd = self.command(env!("CARGO_BIN_EXE_pm"));
        cmd.args(args);
        cmd
    }

    pub fn pm(&self, args: &[&str]) -> Run {
        self.run_cmd(self.pm_cmd(args), None, args)
    }

    /// `pm timeline import ID --from FROM... ARGS...`: the import the log
    /// tests run, from one input or several, with the flags in `args`.
    pub fn import_from(&self, id: &str, from: &[&str], args: &[&str]) -> Run {
        let mut all = vec!["timeline", "import", id, "--from"];
        all.extend_from_slice(from);
        all.extend_from_slice(args);
        self.pm(&all)
    }

    pub fn pm_stdin(&self, args: &[&str], input: &str) -> Run {
        self.run_cmd(self.pm_cmd(args), Some(input), args)
    }

    pub fn pm_with(&self, args: &[&str], envs: &[(&str, &str)]) -> Run {
        let mut cmd = self.pm_cmd(args);
        for (k, v) in envs {
            cmd.env(k, v);
        }
        self.run_cmd(cmd, None, args)
    }

    pub fn run_cmd(&self, mut cmd: Command, input: Option<&str>, args: &[&str]) -> Run {
        cmd.stdin(if input.is_some() {
            Stdio::piped()
        } else {
            Stdio::null()
        })
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
        // A program a test has just copied may still be open for writing
        // in a child another test thread forked meanwhile (until that child
        // execs): Linux refuses to run it then (ETXTBSY, "Text file busy").
        // Wait for the other child to let go.
        let mut tries = 0;
        let mut child = loop {
            match cmd.spawn() {
                Err(e) if e.raw_os_error() == Some(26) && tries < 100 => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(20));
                }
                spawned => break spawned.expect("spawn"),
            }
        };
        if let Some(input) = input {
            child
                .stdin
                .take()
                .unwrap()
                .write_all(input.as_bytes())
                .unwrap();
        }
        let out: Output = child.wait_with_output().unwrap();
        Run {
            code: out.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
            cmd: format!("pm {}", args.join(" ")),
        }
    }

    /// Run git in the repository and return its stdout; panics on failure.
    pub fn git(&self, args: &[&str]) -> String {
        let out = self.command("git").args(args).output().expect("git");
        assert!(
            out.status.success(),
            "git {args:?} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.repo.join(rel)
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("read {rel}: {e}"))
    }

    pub fn write(&self, rel: &str, text: &str) {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, text).unwrap();
    }

    /// Create a post-mortem with flags and return its id.
    pub fn new_pm(&self, title: &str, started: &str) -> String {
        let run = self
            .pm(&[
                "new",
                title,
                "--severity",
                "SEV2",
                "--started",
                started,
                "--service",
                "checkout-api",
                // No authors (pm new would name git's user): tests add
                // the people they need.
                "--author",
                "-",
                "--no-edit",
            ])
            .ok();
        run.created_id()
    }

    /// The texts of `id`'s timeline entries, in order, as
    /// `pm timeline list ID --json` gives them.
    pub fn timeline_texts(&self, id: &str) -> Vec<String> {
        let json = self.pm(&["timeline", "list", id, "--json"]).ok().json();
        json["entries"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["text"].as_str().unwrap().to_string())
            .collect()
    }

    /// Add an action item to `id` through the binary.
    pub fn add_action(&self, id: &str, title: &str, owner: &str, due: &str) {
        self.pm(&[
            "action", "add", title, "--pm", id, "--owner", owner, "--due", due,
        ])
        .ok();
    }

    /// A copy of a post-mortem under another name, as someone makes one
    /// by hand (`cp`, then `git add` and `git commit`): `from` is an id
    /// with a file, else a title to start one with (`pm new`, on
    /// 2026-11-20); `to` is the copy's path in the repository. The copy
    /// keeps the `id:` it came from. Returns the copy's id (its file name).
    pub fn renamed_copy(&self, from: &str, to: &str) -> String {
        let is_id = from
            .get(..4)
            .is_some_and(|y| y.bytes().all(|b| b.is_ascii_digit()))
            && self.path(&self.file_of(from)).is_file();
        let from = if is_id {
            from.to_string()
        } else {
            self.new_pm(from, "2026-11-20T09:00:00Z")
        };
        self.write(to, &self.read(&self.file_of(&from)));
        self.git(&["add", "--", to]);
        self.git(&[
            "commit",
            "--quiet",
            "-m",
            &format!("copy {from} to {to} by hand"),
        ]);
        Path::new(to)
            .file_stem()
            .and_then(|s| s.to_str())
            .expect("a file name")
            .to_string()
    }

    pub fn file_of(&self, id: &str) -> String {
        format!("postmortems/{}/{id}.yaml", &id[..4])
    }

    /// Number of commits on HEAD.
    pub fn commits(&self) -> usize {
        self.git(&["rev-list", "--count", "HEAD"])
            .trim()
            .parse()
            .unwrap()
    }

    /// `git status --porcelain` is empty.
    #[track_caller]
    pub fn assert_clean(&self) {
        let status = self.git(&["status", "--porcelain"]);
        assert!(status.is_empty(), "work tree not clean:\n{status}");
    }

    /// Snapshot every file under the repository (not .git) for "nothing changed" checks.
    pub fn snapshot(&self) -> Vec<(PathBuf, Vec<u8>)> {
        let mut out = Vec::new();
        let mut stack = vec![self.repo.clone()];
        while let Some(dir) = stack.pop() {
            for entry in fs::read_dir(&dir).unwrap() {
                let path = entry.unwrap().path();
                if path.file_name().is_some_and(|n| n == ".git") {
                    continue;
                }
                if path.is_dir() {
                    stack.push(path);
                } else {
                    out.push((path.clone(), fs::read(&path).unwrap_or_default()));
                }
            }
        }
        out.sort();
        out
    }
}

/// Run `cmd` (git, Chromium: a program other than pm), which must
/// succeed; its stdout. On failure, its stderr is the panic message.
#[track_caller]
pub fn stdout_of(cmd: &mut Command) -> String {
    let out = cmd
        .output()
        .unwrap_or_else(|e| panic!("start {}: {e}", cmd.get_program().to_string_lossy()));
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8(out.stdout).unwrap()
}

/// Whether `path` is a symlink (not followed).
pub fn is_symlink(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// The pid of a process that has ended (a child run and reaped): what a
/// pm killed mid-write leaves in its marker or temporary file's name.
pub fn dead_pid() -> u32 {
    let mut child = Command::new("true").spawn().expect("spawn true");
    child.wait().expect("wait for true");
    child.id()
}
