//! Issue 10: defects found by trying to break pm, each reproduced through
//! the binary, and the class of each.

use crate::support::{Run, TestEnv, is_symlink};

const HEADER: &str = "pm: 1\nid: 2026-11-20-bad\ntitle: Bad field\nstatus: draft\nseverity: SEV2\ndate: 2026-11-20\n";

/// `file:line:col` from the first line of an error.
fn position(stderr: &str, file: &str) -> (u64, u64) {
    let at = stderr
        .find(&format!("{file}:"))
        .unwrap_or_else(|| panic!("no {file}: in {stderr}"));
    let mut parts = stderr[at + file.len() + 1..].split(':');
    let line = parts.next().unwrap().trim().parse().unwrap();
    let column = parts.next().unwrap().trim().parse().unwrap();
    (line, column)
}

fn errors_of(json: &serde_json::Value) -> Vec<(u64, u64, String, String)> {
    json.as_array()
        .unwrap()
        .iter()
        .filter(|f| f["severity"] == "error")
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn lint_reports_what_the_loader_refuses_at_its_line() {
    let env = TestEnv::new();
    let file = "postmortems/2026/2026-11-20-bad.yaml";
    let cases = [
        HEADER.replace("severity: SEV2\n", "severity: SEV2\nauthors: alice\n"),
        HEADER.replace("pm: 1", "pm: 2"),
        format!("{HEADER}---\nsummary: second document\n"),
        HEADER.replace("title: Bad field", "title: [a, b]"),
        format!("{HEADER}tags: [a, [b]]\n"),
        format!("{HEADER}follow_up: soon\n"),
        format!("{HEADER}follow_up:\n  due: 2026-13-10\n"),
        format!("{HEADER}timeline:\n  - at: 2026-11-20T09:00:00Z\n    text: {{a: 1}}\n"),
        format!("{HEADER}action_items:\n  - id: A1\n    title: t\n    status: finished\n"),
        format!("{HEADER}links:\n  - title: no url\n"),
        format!("{HEADER}? [complex, key]\n: value\n"),
        // A time outside the years 1 to 9999 in UTC, which `--at` refuses:
        // lint passed it and render showed the year 0 (session 36).
        format!("{HEADER}timeline:\n  - at: 0001-01-01T00:00:00+14:00\n    text: a\n"),
        format!("{HEADER}timeline:\n  - at: 9999-12-31T23:59:59-14:00\n    text: a\n"),
    ];
    for text in &cases {
        env.write(file, text);
        let show = env.pm(&["show", "bad"]).error(&[file]);
        let at = position(&show.stderr, file);
        env.pm(&["timeline", "add", "x", "--pm", "bad"])
            .error(&[file]);
        let lint = env.pm(&["lint", file, "--format", "json"]).code(1);
        let errors = errors_of(&lint.json());
        assert!(
            errors.iter().any(|e| (e.0, e.1) == at),
            "lint has no error at {at:?} for\n{text}\n{errors:?}\n{}",
            show.stderr
        );
        // The CI entry point, without arguments, fails too.
        env.pm(&["lint"]).code(1);
    }
}

#[test]
fn lint_reports_every_bad_field_not_only_the_first() {
    let env = TestEnv::new();
    let file = "postmortems/2026/2026-11-20-bad.yaml";
    let text = format!(
        "{}authors: alice\ntags: [a, [b]]\nfollow_up:\n  due: 2026-13-10\ntimeline:\n  - at: 2026-11-20T09:00:00Z\n    text: {{a: 1}}\n  - text: no time\n",
        HEADER.replace("title: Bad field", "title: [a, b]")
    );
    env.write(file, &text);
    let errors = errors_of(&env.pm(&["lint", file, "--format", "json"]).code(1).json());
    let lines: Vec<u64> = errors.iter().map(|e| e.0).collect();
    for line in [3, 7, 8, 10, 13, 14] {
        assert!(lines.contains(&line), "no error on line {line}: {errors:?}");
    }
    // The human format names the file, line and column.
    let human = env.pm(&["lint", file]).code(1);
    assert!(
        human.stdout.contains(&format!("{file}:7:10")),
        "{}",
        human.stdout
    );
}

#[test]
fn errors_that_mean_unreadable_cannot_be_silenced() {
    let env = TestEnv::new();
    let file = "postmortems/2026/2026-11-20-bad.yaml";
    env.write(
        file,
        &HEADER.replace(
            "title: Bad field",
            "title: [a, b]  # pm-lint: allow all -- testing",
        ),
    );
    env.pm(&["lint", file]).code(1);
    let config = env.read("pm.yaml");
    for setting in [
        "disable: [invalid-value]",
        "severity: {parse-error: warning}",
    ] {
        env.write("pm.yaml", &format!("{config}\nlint:\n  {setting}\n"));
        env.pm(&["lint"]).error(&["cannot be disabled"]);
    }
}

/// A post-mortem with overdue work and one bad field elsewhere.
fn broken_with_overdue_work(env: &TestEnv, name: &str) -> String {
    let file = format!("postmortems/2026/2026-11-{name}.yaml");
    let text = format!(
        "pm: 1\nid: 2026-11-{name}\ntitle: Broken {name}\nstatus: published\nseverity: SEV2\ndate: 2026-11-01\nauthors: alice\naction_items:\n  - id: A1\n    title: Overdue work in {name}\n    owner: sre\n    due: 2026-11-10\n    status: open\nfollow_up:\n  due: 2026-11-15\n"
    );
    env.write(&file, &text);
    file
}

#[test]
fn due_keeps_a_broken_files_overdue_work_and_names_the_file() {
    let env = TestEnv::new();
    let file = broken_with_overdue_work(&env, "01-broken");
    let json = env.pm(&["due", "--json"]).ok().json();
    let items = json["items"].as_array().unwrap();
    assert!(
        items
            .iter()
            .any(|i| i["title"] == "Overdue work in 01-broken" && i["state"] == "overdue"),
        "{json:#}"
    );
    assert!(items.iter().any(|i| i["kind"] == "review"), "{json:#}");
    assert_eq!(json["broken"][0]["file"], file.as_str());
    assert!(
        json["broken"][0]["error"]
            .as_str()
            .unwrap()
            .starts_with(&format!("{file}:7:10:")),
        "{json:#}"
    );
    let table = env.pm(&["due"]).ok();
    assert!(
        !table.stdout.contains("Nothing needs attention"),
        "{}",
        table.stdout
    );
    assert!(
        table.stdout.contains("Overdue work in 01-broken"),
        "{}",
        table.stdout
    );
    assert!(
        table.stdout.contains("Cannot be read fully"),
        "{}",
        table.stdout
    );
    assert!(
        table.stdout.contains(&format!("{file}:7:10")),
        "{}",
        table.stdout
    );
    assert!(table.stdout.contains("1 post-mortem cannot be read fully"));
    env.pm(&["due", "--check"]).code(2);
    env.pm(&["due", "--check", "--json"]).code(2);
    // The action list shows it too.
    env.pm(&["action", "list"])
        .ok()
        .stdout_has("Overdue work in 01-broken");
}

#[test]
fn many_broken_files_are_summarised() {
    let env = TestEnv::new();
    for n in 1..=12 {
        broken_with_overdue_work(&env, &format!("{n:02}-broken"));
    }
    let json = env.pm(&["due", "--json"]).ok();
    assert_eq!(json.json()["broken"].as_array().unwrap().len(), 12);
    assert_eq!(json.json()["items"].as_array().unwrap().len(), 24);
    let warnings = json.stderr.lines().count();
    assert!(warnings <= 5, "one line per file:\n{}", json.stderr);
    assert!(json.stderr.contains("9 more"), "{}", json.stderr);
    let table = env.pm(&["due"]).ok();
    assert!(table.stdout.contains("... and 7 more"), "{}", table.stdout);
    let list = env.pm(&["list"]).ok();
    assert!(list.stderr.lines().count() <= 5, "{}", list.stderr);
}

/// Run pm, killing it if it has not finished after `secs` seconds: a guard
/// against hangs (the test fails), not a speed check.
pub(crate) fn pm_guarded(
    env: &TestEnv,
    args: &[&str],
    stdin: Option<std::fs::File>,
    secs: u64,
) -> Run {
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    let mut cmd = env.pm_cmd(args);
    cmd.stdin(match stdin {
        Some(file) => Stdio::from(file),
        None => Stdio::null(),
    })
    .stdout(Stdio::piped())
    .stderr(Stdio::piped());
    let mut child = cmd.spawn().expect("spawn");
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(secs) {
            child.kill().ok();
            child.wait().ok();
            panic!("pm {} hung (killed after {secs}s)", args.join(" "));
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    let out = child.wait_with_output().unwrap();
    let run = Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        cmd: format!("pm {}", args.join(" ")),
    };
    assert!(
        !run.stderr.contains("panicked") && run.code != 101,
        "pm {} panicked:\n{}",
        args.join(" "),
        run.stderr
    );
    run
}

#[test]
fn no_write_makes_a_post_mortem_larger_than_readers_accept() {
    let env = TestEnv::new();
    let id = env.new_pm("Big entry", "2026-11-26T09:00:00Z");
    let commits = env.commits();
    let before = env.snapshot();
    // 9.5 MB on standard input.
    let from_file = |text: &str| {
        let path = env.home().join("stdin.txt");
        std::fs::write(&path, text).unwrap();
        Some(std::fs::File::open(path).unwrap())
    };
    let add = [
        "timeline",
        "add",
        "-",
        "--pm",
        &id,
        "--at",
        "2026-11-26T10:00:00Z",
    ];
    let big = "word ".repeat(9 * 1024 * 1024 / 5 + 100 * 1024);
    pm_guarded(&env, &add, from_file(&big), 120).error(&["8 MB", "nothing was changed"]);
    // Under the limit on its own, over it once in the file.
    let almost = "word ".repeat((8 * 1024 * 1024 - 600) / 5);
    pm_guarded(&env, &add, from_file(&almost), 120).error(&["8 MB", "nothing was changed"]);
    // Standard input that never ends stops at the limit.
    let zero = std::fs::File::open("/dev/zero").unwrap();
    pm_guarded(&env, &["timeline", "add", "-", "--pm", &id], Some(zero), 60)
        .error(&["more than 8 MB"]);
    assert_eq!(before, env.snapshot());
    assert_eq!(env.commits(), commits);

    // A file just under the limit takes no action item that would push it over.
    let file = env.file_of(&id);
    let mut text = env.read(&file);
    text.push_str("appendix: |\n");
    let line = format!("  {}\n", "x".repeat(98));
    while text.len() + line.len() < 8 * 1024 * 1024 - 10 {
        text.push_str(&line);
    }
    env.write(&file, &text);
    env.git(&["commit", "-qam", "big summary"]);
    env.pm(&["show", &id]).ok();
    let before = env.snapshot();
    env.pm(&[
        "action",
        "add",
        "One more thing to do",
        "--pm",
        &id,
        "--owner",
        "sre",
    ])
    .error(&[&file, "8 MB", "nothing was changed"]);
    assert_eq!(before, env.snapshot());
    env.pm(&["show", &id]).ok();
}

#[test]
fn nothing_is_written_through_a_symlinked_folder() {
    let env = TestEnv::new();
    let outside = env.home().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    let new = |env: &TestEnv| {
        env.pm(&[
            "new",
            "Escaped",
            "--severity",
            "SEV2",
            "--started",
            "2026-11-26T09:00:00Z",
            "--no-edit",
        ])
    };
    // postmortems/2026 is a symlink to a folder outside the repository.
    std::os::unix::fs::symlink(&outside, env.path("postmortems/2026")).unwrap();
    new(&env).error(&["postmortems/2026 is a symlink", "nothing was changed"]);
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
    // So is postmortems itself.
    std::fs::remove_file(env.path("postmortems/2026")).unwrap();
    std::fs::rename(env.path("postmortems"), env.home().join("moved")).unwrap();
    std::os::unix::fs::symlink(&outside, env.path("postmortems")).unwrap();
    new(&env).error(&["postmortems", "symlink"]);
    assert_eq!(std::fs::read_dir(&outside).unwrap().count(), 0);
    env.pm(&["list"]).error(&["postmortems is a symlink"]);
}

#[test]
fn a_symlink_is_never_read_and_its_target_never_printed() {
    let env = TestEnv::new();
    let id = env.new_pm("Real one", "2026-11-26T09:00:00Z");
    let secret = env.home().join("credentials");
    std::fs::write(
        &secret,
        "aws_secret_access_key = SECRET-hunter2\nmore: lines\n",
    )
    .unwrap();
    let links = [
        ("2026-11-01-cred.yaml", secret.to_str().unwrap().to_string()),
        ("2026-11-02-env.yaml", "/proc/self/environ".to_string()),
        ("2026-11-03-self.yaml", format!("{id}.yaml")),
        (
            "2026-11-04-dangling.yaml",
            "/nonexistent/file.yaml".to_string(),
        ),
    ];
    for (name, target) in &links {
        std::os::unix::fs::symlink(target, env.path(&format!("postmortems/2026/{name}"))).unwrap();
    }
    env.git(&["add", "-A"]);
    env.git(&["commit", "-qm", "links"]);
    let envs = [("PM_TEST_SECRET", "SECRET-from-the-environment")];
    let runs = [
        env.pm_with(&["lint"], &envs),
        env.pm_with(
            &[
                "lint",
                "postmortems/2026/2026-11-01-cred.yaml",
                "--format",
                "github",
            ],
            &envs,
        ),
        env.pm_with(&["lint", "--format", "json"], &envs),
        env.pm_with(&["show", "cred"], &envs),
        env.pm_with(&["show", "env"], &envs),
        env.pm_with(&["list"], &envs),
        env.pm_with(&["due", "--json"], &envs),
    ];
    for run in &runs {
        let all = format!("{}{}", run.stdout, run.stderr);
        assert!(!all.contains("SECRET"), "{}:\n{all}", run.cmd);
        assert!(all.contains("symlink"), "{}:\n{all}", run.cmd);
    }
    let lint = env.pm(&["lint", "--format", "json"]).code(1).json();
    for (name, _) in &links {
        assert!(
            lint.as_array()
                .unwrap()
                .iter()
                .any(|f| f["rule"] == "unreadable"
                    && f["file"].as_str().unwrap().ends_with(name)
                    && f["message"].as_str().unwrap().contains("symlink")),
            "{name}: {lint:#}"
        );
    }
    // The real post-mortem is still linted.
    assert!(
        lint.as_array()
            .unwrap()
            .iter()
            .any(|f| f["file"].as_str().unwrap().contains(&id))
    );
    // A symlinked post-mortem is refused, not replaced by a regular file.
    env.pm(&["timeline", "add", "x", "--pm", "self"])
        .error(&["symlink"]);
    assert!(
        std::fs::symlink_metadata(env.path("postmortems/2026/2026-11-03-self.yaml"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

#[test]
fn devices_fifos_and_folders_named_yaml_never_hang_or_abort_a_reader() {
    let env = TestEnv::new();
    let id = env.new_pm("Survivor", "2026-11-26T09:00:00Z");
    std::os::unix::fs::symlink(
        "/dev/zero",
        env.path("postmortems/2026/2026-11-27-zero.yaml"),
    )
    .unwrap();
    let fifo = env.path("postmortems/2026/2026-11-27-fifo.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    std::fs::create_dir_all(env.path("postmortems/2026/2026-11-27-folder.yaml")).unwrap();
    let mut year_link = env.path("postmortems/2027");
    std::os::unix::fs::symlink(env.home(), &year_link).unwrap();
    for args in [
        vec!["lint"],
        vec!["lint", "postmortems"],
        vec!["lint", "postmortems/2026/2026-11-27-fifo.yaml"],
        vec!["list"],
        vec!["due"],
        vec!["action", "list"],
        vec!["show", "fifo"],
        vec!["show", "zero"],
    ] {
        let run = pm_guarded(&env, &args, None, 60);
        assert!(
            run.code == 1 || run.code == 2 || run.code == 0,
            "{}",
            run.stderr
        );
    }
    let lint = pm_guarded(&env, &["lint", "--format", "json"], None, 60).code(1);
    let findings = lint.json();
    for name in ["zero", "fifo", "folder"] {
        assert!(
            findings
                .as_array()
                .unwrap()
                .iter()
                .any(|f| f["rule"] == "unreadable" && f["file"].as_str().unwrap().contains(name)),
            "{name}: {findings:#}"
        );
    }
    assert!(
        findings
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["file"] == "postmortems/2027"),
        "{findings:#}"
    );
    assert!(
        findings
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["file"].as_str().unwrap().contains(&id))
    );
    // A search names what it could not search, as `pm list` does, and
    // still finds the readable post-mortem.
    pm_guarded(&env, &["search", "survivor"], None, 60)
        .ok()
        .stdout_has(&id)
        .stderr_has("2026-11-27-fifo.yaml is a FIFO")
        .stderr_has("2026-11-27-zero.yaml is a symlink");
    // The newest-draft scan passes over them to the real draft.
    pm_guarded(&env, &["timeline", "add", "still works"], None, 60)
        .ok()
        .stdout_has(&id);
    year_link.pop();
}

#[test]
fn the_newest_draft_is_found_as_yaml_reads_the_status() {
    let env = TestEnv::new();
    let older = env.new_pm("Older draft", "2026-11-20T09:00:00Z");
    let newer = env.new_pm("Newer draft", "2026-11-26T09:00:00Z");
    let file = env.file_of(&newer);
    // `pm new` chose the newer one for this clone; test the scan without it.
    env.pm(&["use", "--clear"]).ok();
    for status in [
        "status : draft",
        "\"status\": draft",
        "status: 'draft'  # still a draft",
    ] {
        let text = env.read(&file).replace("status: draft", status);
        env.write(&file, &text);
        env.git(&["commit", "-qam", "hand edit"]);
        env.pm(&[
            "timeline",
            "add",
            "goes to the newest",
            "--at",
            "2026-11-26T10:00:00Z",
        ])
        .ok()
        .stdout_has(&newer);
        let text = env.read(&file).replacen(status, "status: draft", 1);
        env.write(&file, &text);
        env.git(&["commit", "-qam", "back"]);
    }
    // A status that YAML reads as something else is not a draft.
    let text = env.read(&file).replace("status: draft", "status: review");
    env.write(&file, &format!("{text}# status: draft\n"));
    env.git(&["commit", "-qam", "in review"]);
    env.pm(&[
        "timeline",
        "add",
        "goes to the older",
        "--at",
        "2026-11-26T10:00:00Z",
        "--force",
    ])
    .ok()
    .stdout_has(&older);
}

/// Make every folder under `dir` unwritable: permission bits for ordinary
/// users, the immutable attribute for root (whom permission bits do not stop).
fn freeze_tree(dir: &std::path::Path, frozen: bool) {
    use std::os::unix::fs::PermissionsExt;
    let root = std::process::Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    let mut dirs = vec![dir.to_path_buf()];
    let mut i = 0;
    while i < dirs.len() {
        for entry in std::fs::read_dir(&dirs[i]).unwrap().flatten() {
            if entry.file_type().unwrap().is_dir() {
                dirs.push(entry.path());
            }
        }
        i += 1;
    }
    for d in &dirs {
        if root {
            let status = std::process::Command::new("chattr")
                .arg(if frozen { "+i" } else { "-i" })
                .arg(d)
                .status()
                .expect("chattr");
            assert!(
                status.success(),
                "chattr is needed to make a folder read-only for root"
            );
        } else {
            let mode = if frozen { 0o555 } else { 0o755 };
            std::fs::set_permissions(d, std::fs::Permissions::from_mode(mode)).unwrap();
        }
    }
}

fn hook(env: &TestEnv, name: &str, body: &str) {
    use std::os::unix::fs::PermissionsExt;
    let path = env.path(&format!(".git/hooks/{name}"));
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn a_failed_commit_leaves_file_and_index_as_they_were() {
    let env = TestEnv::new();
    let id = env.new_pm("Commit fails", "2026-11-26T09:00:00Z");
    let add = |env: &TestEnv| {
        env.pm(&[
            "timeline",
            "add",
            "the entry",
            "--pm",
            &id,
            "--at",
            "2026-11-26T10:00:00Z",
        ])
    };
    let unchanged = |env: &TestEnv, before: &Vec<(std::path::PathBuf, Vec<u8>)>, commits: usize| {
        assert_eq!(*before, env.snapshot());
        env.assert_clean();
        assert_eq!(env.commits(), commits);
    };
    let before = env.snapshot();
    let commits = env.commits();

    // The branch is locked by another git process.
    let branch = env.git(&["symbolic-ref", "HEAD"]).trim().to_string();
    let branch_lock = env.path(&format!(".git/{branch}.lock"));
    std::fs::write(&branch_lock, "").unwrap();
    let run = add(&env).error(&[&format!("{branch}.lock"), "nothing was changed"]);
    assert!(!run.stderr.contains("for writing: \n"), "{}", run.stderr);
    unchanged(&env, &before, commits);
    std::fs::remove_file(&branch_lock).unwrap();

    // git cannot store objects.
    freeze_tree(&env.path(".git/objects"), true);
    let run = add(&env);
    freeze_tree(&env.path(".git/objects"), false);
    run.error(&["nothing was changed"]);
    unchanged(&env, &before, commits);

    // Signing is on and the signing program fails.
    env.git(&["config", "commit.gpgsign", "true"]);
    env.git(&["config", "gpg.program", "false"]);
    add(&env).error(&["git commit failed", "nothing was changed"]);
    unchanged(&env, &before, commits);
    env.git(&["config", "--unset", "commit.gpgsign"]);

    // A hook refuses the commit.
    hook(
        &env,
        "pre-commit",
        "echo 'pre-commit: not today' >&2; exit 1",
    );
    add(&env).error(&["not today", "nothing was changed"]);
    unchanged(&env, &before, commits);
    std::fs::remove_file(env.path(".git/hooks/pre-commit")).unwrap();

    // And pm new removes the file it created.
    std::fs::write(&branch_lock, "").unwrap();
    env.pm(&["new", "Not now", "--severity", "SEV2", "--no-edit"])
        .error(&[&format!("{branch}.lock"), "nothing was changed"]);
    std::fs::remove_file(&branch_lock).unwrap();
    unchanged(&env, &before, commits);

    // A retry after the cause is gone adds the entry once.
    add(&env).ok();
    let entries = env.pm(&["timeline", "list", &id, "--json"]).ok().json();
    let same: Vec<_> = entries["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["text"] == "the entry")
        .collect();
    assert_eq!(same.len(), 1);
    env.assert_clean();
}

/// When the commit fails, the post-mortem is put back by renaming the old
/// file, kept under a second name, over the new one: putting it back needs
/// no free space, and a full disk is what most often stops a commit
/// (writing the old text back failed there, and left the file changed).
/// The file is then the very file it was, and nothing of pm's is left.
#[test]
fn a_failed_commit_puts_back_the_file_itself() {
    use std::os::unix::fs::MetadataExt;
    let env = TestEnv::new();
    let id = env.new_pm("Commit fails", "2026-11-26T09:00:00Z");
    let rel = env.file_of(&id);
    let dir = env.path(&rel).parent().unwrap().to_path_buf();
    let inode = std::fs::metadata(env.path(&rel)).unwrap().ino();
    let before = env.snapshot();
    let branch = env.git(&["symbolic-ref", "HEAD"]).trim().to_string();
    let branch_lock = env.path(&format!(".git/{branch}.lock"));
    std::fs::write(&branch_lock, "").unwrap();
    env.pm(&["timeline", "add", "the entry", "--pm", &id])
        .error(&["nothing was changed"]);
    std::fs::remove_file(&branch_lock).unwrap();
    assert_eq!(std::fs::metadata(env.path(&rel)).unwrap().ino(), inode);
    assert_eq!(before, env.snapshot());
    let left = || -> Vec<String> {
        [dir.clone(), env.path(".git/pm")]
            .iter()
            .flat_map(|d| std::fs::read_dir(d).unwrap())
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|name| name.starts_with(".pm-"))
            .collect()
    };
    assert_eq!(left(), Vec::<String>::new());
    env.assert_clean();
    // A commit that works leaves nothing of pm's either, and a hook that
    // stages everything finds nothing of pm's to add.
    hook(&env, "pre-commit", "git add -A");
    env.pm(&["timeline", "add", "the entry", "--pm", &id]).ok();
    assert_ne!(std::fs::metadata(env.path(&rel)).unwrap().ino(), inode);
    assert_eq!(left(), Vec::<String>::new());
    let changed = env.git(&["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(changed.trim(), rel);
}

#[test]
fn commit_hooks_run_as_for_git_commit() {
    let env = TestEnv::new();
    let id = env.new_pm("Hooked", "2026-11-26T09:00:00Z");
    hook(
        &env,
        "commit-msg",
        "printf '\\nReviewed-by: hook\\n' >> \"$1\"",
    );
    hook(&env, "post-commit", "touch .git/post-commit-ran");
    env.pm(&[
        "timeline",
        "add",
        "with hooks",
        "--pm",
        &id,
        "--at",
        "2026-11-26T10:00:00Z",
    ])
    .ok();
    let message = env.git(&["log", "-1", "--format=%B"]);
    assert!(message.starts_with("pm: timeline "), "{message}");
    assert!(message.contains("Reviewed-by: hook"), "{message}");
    assert!(env.path(".git/post-commit-ran").exists());
    env.assert_clean();
    // core.hooksPath is honoured too.
    std::fs::remove_file(env.path(".git/hooks/commit-msg")).unwrap();
    std::fs::remove_file(env.path(".git/hooks/post-commit")).unwrap();
    std::fs::create_dir_all(env.path("hooks")).unwrap();
    std::fs::rename(
        env.home().join("x").with_file_name("none"),
        env.path("none"),
    )
    .ok();
    let path = env.path("hooks/pre-commit");
    std::fs::write(
        &path,
        "#!/bin/sh\necho 'refused by the team hook' >&2\nexit 1\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    env.git(&["add", "hooks"]);
    env.git(&["commit", "-qm", "team hooks"]);
    env.git(&["config", "core.hooksPath", "hooks"]);
    env.pm(&[
        "timeline",
        "add",
        "refused",
        "--pm",
        &id,
        "--at",
        "2026-11-26T10:00:00Z",
    ])
    .error(&["refused by the team hook", "nothing was changed"]);
    env.assert_clean();
}

#[test]
fn uncommitted_changes_pm_did_not_make_are_never_committed_by_pm() {
    let env = TestEnv::new();
    let id = env.new_pm("Hand edited", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let commits = env.commits();
    let edited = env
        .read(&file)
        .replace("title: Hand edited", "title: Hand edited, not committed");
    env.write(&file, &edited);
    let add = [
        "timeline",
        "add",
        "x",
        "--pm",
        &id,
        "--at",
        "2026-11-26T10:00:00Z",
    ];
    env.pm(&add)
        .error(&[&file, "not committed", "nothing was changed"]);
    assert_eq!(env.read(&file), edited);
    env.git(&["add", &file]);
    env.pm(&add).error(&[&file, "staged"]);
    assert_eq!(env.commits(), commits);
    // Written without committing, when asked.
    env.pm(&[
        "--no-commit",
        "timeline",
        "add",
        "x",
        "--pm",
        &id,
        "--at",
        "2026-11-26T10:00:00Z",
    ])
    .ok();
    assert!(env.read(&file).contains("not committed"));
    assert_eq!(env.commits(), commits);
}

#[test]
fn author_and_committer_are_each_honoured_as_git_does() {
    let env = TestEnv::new();
    env.pm_with(
        &["new", "Two people", "--severity", "SEV2", "--no-edit"],
        &[
            ("GIT_AUTHOR_NAME", "Author Person"),
            ("GIT_AUTHOR_EMAIL", "author@example.com"),
            ("GIT_COMMITTER_NAME", "Committer Bot"),
            ("GIT_COMMITTER_EMAIL", "bot@example.com"),
            ("GIT_COMMITTER_DATE", "@1790000000 +0100"),
        ],
    )
    .ok();
    assert_eq!(
        env.git(&["log", "-1", "--format=%an <%ae>|%cn <%ce>|%ct %cI"])
            .trim(),
        "Author Person <author@example.com>|Committer Bot <bot@example.com>|1790000000 2026-09-21T15:13:20+01:00"
    );
    // With only the committer given, the author comes from git's configuration.
    env.pm_with(
        &[
            "new",
            "Configured author",
            "--severity",
            "SEV2",
            "--no-edit",
        ],
        &[
            ("GIT_COMMITTER_NAME", "Committer Bot"),
            ("GIT_COMMITTER_EMAIL", "bot@example.com"),
        ],
    )
    .ok();
    assert_eq!(
        env.git(&["log", "-1", "--format=%an|%cn"]).trim(),
        "Test Responder|Committer Bot"
    );
}

#[test]
fn a_live_git_lock_is_never_removed_for_a_stale_marker() {
    let env = TestEnv::new();
    let id = env.new_pm("Locks", "2026-11-26T09:00:00Z");
    // A pm that died long ago left its marker; the person's own git commit
    // holds the index now.
    let marker = env.path(".git/pm/committing.pid");
    std::fs::write(&marker, "999999999 1000\n").unwrap();
    let hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    std::fs::File::options()
        .write(true)
        .open(&marker)
        .unwrap()
        .set_modified(hour_ago)
        .unwrap();
    std::fs::write(env.path(".git/index.lock"), "").unwrap();
    let before = env.snapshot();
    env.pm(&["timeline", "add", "x", "--pm", &id]).error(&[
        "index.lock",
        "another git process",
        "nothing was changed",
    ]);
    assert!(
        env.path(".git/index.lock").exists(),
        "the person's lock was removed"
    );
    assert_eq!(before, env.snapshot());
    // A lock released while pm waits is no error.
    let lock = env.path(".git/index.lock");
    let release = std::thread::spawn(move || {
        std::thread::sleep(std::time::Duration::from_millis(300));
        std::fs::remove_file(lock).unwrap();
    });
    env.pm(&[
        "timeline",
        "add",
        "after the wait",
        "--pm",
        &id,
        "--at",
        "2026-11-26T10:00:00Z",
    ])
    .ok();
    release.join().unwrap();
    env.assert_clean();
}

#[test]
fn state_stays_out_of_the_work_tree_and_killed_writers_leave_no_temporary_files() {
    // A pm repository in a folder of a larger git repository.
    let env = TestEnv::empty();
    let outer = env.home().join("repo");
    std::fs::write(outer.join("README"), "outer\n").unwrap();
    env.git(&["init", "-q"]);
    env.git(&["add", "README"]);
    env.git(&["commit", "-qm", "outer"]);
    let inner = env.path("handbook/postmortems-root");
    std::fs::create_dir_all(&inner).unwrap();
    let dir = inner.to_str().unwrap();
    env.pm(&["init", dir]).ok();
    env.pm(&[
        "--repo",
        dir,
        "new",
        "Nested",
        "--severity",
        "SEV2",
        "--no-edit",
    ])
    .ok();
    env.pm(&[
        "--repo",
        dir,
        "timeline",
        "add",
        "nested entry",
        "--at",
        "2026-11-27T09:00:00Z",
    ])
    .ok();
    env.pm(&["--repo", dir, "list"]).ok();
    env.assert_clean();

    // A git worktree of an ordinary pm repository.
    let env = TestEnv::new();
    let id = env.new_pm("Worktree", "2026-11-26T09:00:00Z");
    let wt = env.home().join("wt");
    env.git(&["worktree", "add", "-q", wt.to_str().unwrap(), "-b", "wt"]);
    let wt_dir = wt.to_str().unwrap();
    env.pm(&[
        "--repo",
        wt_dir,
        "timeline",
        "add",
        "in the worktree",
        "--pm",
        &id,
        "--at",
        "2026-11-26T10:00:00Z",
    ])
    .ok();
    env.pm(&["--repo", wt_dir, "due"]).ok();
    let status = env
        .command("git")
        .current_dir(&wt)
        .args(["status", "--porcelain"])
        .output()
        .unwrap();
    assert!(
        status.stdout.is_empty(),
        "{}",
        String::from_utf8_lossy(&status.stdout)
    );
    assert_eq!(
        env.git(&["log", "-1", "--format=%s", "wt"])
            .trim()
            .split(':')
            .next(),
        Some("pm")
    );

    // Temporary files left by killed writers are removed by the next write:
    // those of a process that is gone, and an older pm's pid-less ones once
    // they are old (tests/cli/faults.rs has the live writer's).
    let dir = env.path(&format!("postmortems/{}", &id[..4]));
    let dead = {
        let mut child = std::process::Command::new("true").spawn().unwrap();
        child.wait().unwrap();
        child.id()
    };
    std::fs::write(dir.join(format!(".pm-{dead}-AbC123.tmp")), "half written").unwrap();
    let pidless = env.path(".git/pm/.pm-XyZ789.tmp");
    std::fs::write(&pidless, "half written").unwrap();
    std::fs::File::options()
        .write(true)
        .open(&pidless)
        .unwrap()
        .set_modified(std::time::SystemTime::now() - std::time::Duration::from_secs(600))
        .unwrap();
    env.pm(&[
        "timeline",
        "add",
        "cleans up",
        "--pm",
        &id,
        "--at",
        "2026-11-26T10:00:00Z",
    ])
    .ok();
    assert!(!dir.join(format!(".pm-{dead}-AbC123.tmp")).exists());
    assert!(!pidless.exists());
    env.assert_clean();
}

/// A paragraph of 150 KB on one line with thousands of findings: each
/// finding gives its line, columns and words but not a copy of the whole
/// line (which made memory and output grow with findings times line
/// length, and a 1 MB paragraph was killed), and columns stay exact.
#[test]
fn a_huge_one_line_paragraph_is_linted_without_copying_the_line() {
    let env = TestEnv::new();
    let unit = "the engineer deleted the wrong database and ";
    let body = unit.repeat(150_000 / unit.len());
    let text = format!(
        "pm: 1\nid: 2026-11-20-huge\ntitle: Huge\nstatus: draft\nseverity: SEV2\ndate: 2026-11-20\nroot_cause: |\n  {body}\n"
    );
    env.write("postmortems/2026/2026-11-20-huge.yaml", &text);
    let human = env.pm(&["lint"]);
    assert!(human.code <= 1, "{}", &human.stderr);
    assert!(
        human.stdout.contains("person-as-cause"),
        "{}",
        &human.stderr
    );
    assert!(
        human.stdout.len() < 50 * text.len(),
        "{} bytes",
        human.stdout.len()
    );
    let json = env.pm(&["lint", "--format", "json"]).json();
    let on_line_8: Vec<&serde_json::Value> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["line"] == 8)
        .collect();
    assert!(on_line_8.len() > 1000, "{}", on_line_8.len());
    // The last finding's columns point at its words in the file.
    let last = on_line_8.last().unwrap();
    let line = text.lines().nth(7).unwrap();
    let (c, e) = (
        last["column"].as_u64().unwrap() as usize,
        last["end_column"].as_u64().unwrap() as usize,
    );
    let words: String = line.chars().skip(c - 1).take(e - c).collect();
    assert!(
        words == "deleted" || words == "the wrong database",
        "{words:?} at {c}..{e}"
    );
}

/// `pm render -o FILE` writes the way `--ics` does: through a symlink (it
/// stays a symlink), never over a FIFO or a dangling link.
#[test]
fn render_writes_through_a_symlink_and_refuses_special_files() {
    let env = TestEnv::new();
    let id = env.new_pm("Rendered", "2026-11-26T09:00:00Z");
    let home = env.home();
    let target = home.join("site").join("page.md");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    std::fs::write(&target, "old\n").unwrap();
    let link = home.join("page.md");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    env.pm(&["render", &id, "-o", link.to_str().unwrap()]).ok();
    assert!(is_symlink(&link));
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .contains("Rendered")
    );
    let dangling = home.join("dangling.md");
    std::os::unix::fs::symlink(home.join("nowhere.md"), &dangling).unwrap();
    env.pm(&["render", &id, "-o", dangling.to_str().unwrap()])
        .error(&["-o", "symlink to nothing", "nothing was changed"]);
    assert!(is_symlink(&dangling));
    assert!(!home.join("nowhere.md").exists());
    let fifo = home.join("fifo.md");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    env.pm(&["render", &id, "-o", fifo.to_str().unwrap()])
        .error(&["-o", "not a regular file"]);
    // Links that go round are named for what they are.
    let (a, b) = (home.join("loopa.md"), home.join("loopb.md"));
    std::os::unix::fs::symlink(&b, &a).unwrap();
    std::os::unix::fs::symlink(&a, &b).unwrap();
    env.pm(&["render", &id, "-o", a.to_str().unwrap()]).error(&[
        "-o",
        "a symlink loop",
        "nothing was changed",
    ]);
    // `-o -` is standard output, as the refusals suggest; no file named `-`.
    let run = env.pm(&["render", &id, "-o", "-"]).ok();
    assert!(run.stdout.contains("Rendered"), "{}", run.stdout);
    assert!(!env.path("-").exists());
    env.assert_clean();
}

#[test]
fn the_calendar_never_replaces_a_symlink_or_a_special_file() {
    let env = TestEnv::new();
    let id = env.new_pm("Calendar", "2026-11-26T09:00:00Z");
    env.add_action(&id, "Fix it", "sre", "2026-12-01");
    let home = env.home();
    // `-` is standard output, and no file named `-` appears.
    let run = env.pm(&["due", "--ics", "-"]).ok();
    assert!(
        run.stdout.starts_with("BEGIN:VCALENDAR\r\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("Fix it"));
    assert!(!env.path("-").exists());
    env.pm(&["due", "--ics", "-", "--json"])
        .error(&["standard output"]);
    // A symlink is written through: it stays a symlink, its target is the calendar.
    let target = home.join("calendars").join("team.ics");
    std::fs::create_dir_all(target.parent().unwrap()).unwrap();
    std::fs::write(&target, "old\n").unwrap();
    let link = home.join("due.ics");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    env.pm(&["due", "--ics", link.to_str().unwrap()]).ok();
    assert!(is_symlink(&link));
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .starts_with("BEGIN:VCALENDAR")
    );
    // A FIFO or a folder is refused and left as it was.
    let fifo = home.join("fifo.ics");
    assert!(
        std::process::Command::new("mkfifo")
            .arg(&fifo)
            .status()
            .unwrap()
            .success()
    );
    // Not /dev/null: the suite may run as root, and a regression here would
    // replace the machine's /dev/null with a calendar for every process.
    for special in [fifo.to_str().unwrap(), home.to_str().unwrap()] {
        env.pm(&["due", "--ics", special])
            .error(&["--ics", "not a regular file"]);
    }
    use std::os::unix::fs::FileTypeExt;
    assert!(
        std::fs::symlink_metadata(&fifo)
            .unwrap()
            .file_type()
            .is_fifo()
    );
    // A dangling symlink is refused too.
    let dangling = home.join("gone.ics");
    std::os::unix::fs::symlink(home.join("nowhere/x.ics"), &dangling).unwrap();
    env.pm(&["due", "--ics", dangling.to_str().unwrap()])
        .error(&["symlink"]);
}

#[test]
fn failing_to_write_standard_output_is_an_error_and_a_closed_pipe_is_not() {
    let env = TestEnv::new();
    let id = env.new_pm("Output", "2026-11-26T09:00:00Z");
    let bin = env!("CARGO_BIN_EXE_pm");
    let show = format!("show {id}");
    for args in ["list --json", "list", "due --json", "lint", &show] {
        let run = env.run_cmd(
            {
                let mut c = env.command("sh");
                c.arg("-c").arg(format!("exec {bin} {args} > /dev/full"));
                c
            },
            None,
            &[args],
        );
        run.error(&["cannot write to standard output"]);
    }
    // A reader that stops early: quiet, success.
    for n in 0..20 {
        env.new_pm(&format!("More output {n}"), "2026-11-26T09:00:00Z");
    }
    let run = env.run_cmd(
        {
            let mut c = env.command("bash");
            c.arg("-c")
                .arg(format!("set -o pipefail; {bin} list | true"));
            c
        },
        None,
        &["list | true"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    // After a change, a failed report does not pretend nothing changed.
    let commits = env.commits();
    let run = env.run_cmd(
        {
            let mut c = env.command("sh");
            c.arg("-c").arg(format!(
                "exec {bin} timeline add 'reported nowhere' --pm {id} --at 2026-11-26T10:00:00Z > /dev/full"
            ));
            c
        },
        None,
        &["timeline add > /dev/full"],
    );
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains("the change itself was made"),
        "{}",
        run.stderr
    );
    assert_eq!(env.commits(), commits + 1);
}

#[test]
fn lint_runs_the_loader_itself_and_never_trusts_a_stale_cache() {
    let env = TestEnv::new();
    let id = env.new_pm("Cached", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    // Entries younger than two seconds are never cached (git's racy case).
    std::thread::sleep(std::time::Duration::from_millis(2200));
    env.pm(&["due"]).ok();
    env.pm(&["lint", &file]).ok();
    // A line that the loader's YAML parser refuses and the span parser
    // accepts: only the loader can tell, and the cached verdict is stale.
    let text = env.read(&file);
    env.write(&file, &format!("{text}\t\n"));
    let show = env.pm(&["show", &id]).error(&[&file]);
    let (line, _) = position(&show.stderr, &file);
    let lint = env.pm(&["lint", &file, "--format", "json"]).code(1).json();
    assert!(
        lint.as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "parse-error" && f["severity"] == "error" && f["line"] == line),
        "{lint:#}\n{}",
        show.stderr
    );
}

/// `pm init` inside an existing repository's postmortems/ folder would
/// make a second repository no command of the first reads: refused, and
/// nothing is written.
#[test]
fn init_inside_the_postmortems_folder_is_refused() {
    let env = TestEnv::new();
    env.new_pm("Outage", "2026-11-26T09:00:00Z");
    let before = env.snapshot();
    let mut cmd = env.pm_cmd(&["init"]);
    cmd.current_dir(env.path("postmortems/2026"));
    env.run_cmd(cmd, None, &["init"])
        .code(2)
        .error(&["inside the postmortems folder", "already set up"]);
    env.pm(&["init", "postmortems/team-b"])
        .code(2)
        .error(&["postmortems/team-b is inside the postmortems folder"]);
    // Through a symlink to the folder: the same folder, refused.
    let link = env.home().join("pm-link");
    std::os::unix::fs::symlink(env.path("postmortems"), &link).unwrap();
    let inside = link.join("x");
    env.pm(&["init", inside.to_str().unwrap()])
        .code(2)
        .error(&["inside the postmortems folder"]);
    assert_eq!(env.snapshot(), before);
    assert!(!env.path("postmortems/team-b").exists());
    assert!(!env.path("postmortems/x").exists());
    // `..` is followed before the check: the repository itself, which
    // says it is set up, and a folder beside it, which becomes one.
    env.pm(&["init", "postmortems/.."])
        .ok()
        .stdout_has("already a pm repository");
    env.pm(&["init", "postmortems/../team-c"]).ok();
    assert!(env.path("team-c/pm.yaml").is_file());
}

/// `--changed-since` with something that is not a commit (a file in a
/// commit, as `HEAD:pm.yaml`) names the flag and what to give instead.
#[test]
fn changed_since_a_file_in_a_commit_names_the_flag() {
    let env = TestEnv::new();
    env.new_pm("Outage", "2026-11-26T09:00:00Z");
    env.pm(&["lint", "--changed-since", "HEAD:pm.yaml"])
        .code(2)
        .error(&[
            "--changed-since",
            "does not name a commit (it names a blob)",
            "HEAD~1",
        ]);
    env.pm(&["lint", "--changed-since", "HEAD^{tree}"])
        .code(2)
        .error(&["does not name a commit (it names a tree)"]);
    env.pm(&["lint", "--changed-since", "no-such-branch"])
        .code(2)
        .error(&[
            "`no-such-branch` is not a branch, tag or commit",
            "git fetch",
        ]);
}

#[test]
fn the_calendar_carries_no_bidi_or_control_characters() {
    let env = TestEnv::new();
    let id = env.new_pm("Calendar", "2026-11-26T09:00:00Z");
    // A title with a right-to-left override and an escape: a calendar app
    // would show "Fix the gnillib" reordered, or a terminal would run it.
    env.add_action(
        &id,
        "Fix the \u{202e}billing\u{202c} \u{1b}[31mjob",
        "sre",
        "2026-12-01",
    );
    let run = env.pm(&["due", "--ics", "-"]).ok();
    assert!(
        run.stdout.contains("Fix the billing [31mjob"),
        "{}",
        run.stdout
    );
    for bad in ['\u{202e}', '\u{202c}', '\u{1b}'] {
        assert!(!run.stdout.contains(bad), "{bad:?} in {}", run.stdout);
    }
}

/// An argument that is not UTF-8 (a file name or a title pasted from a
/// Latin-1 terminal) is a usage error, exit 2, naming the argument, not a
/// panic with a backtrace.
#[test]
fn an_argument_that_is_not_utf8_is_a_usage_error_not_a_panic() {
    use std::os::unix::ffi::OsStrExt;
    let env = TestEnv::new();
    for args in [&["new"][..], &["show"], &["search"]] {
        let mut cmd = env.pm_cmd(args);
        cmd.arg(std::ffi::OsStr::from_bytes(b"x\xff"));
        let run = env.run_cmd(cmd, None, args);
        assert_eq!(run.code, 2, "{}: {}", run.cmd, run.stderr);
        assert!(
            run.stderr.contains("`x\\xff` is not valid UTF-8 text")
                && !run.stderr.contains("panicked"),
            "{}: {}",
            run.cmd,
            run.stderr
        );
    }
}

/// A commit on a detached HEAD is on no branch and is easily lost: pm
/// still writes it, and says so.
#[test]
fn a_commit_on_a_detached_head_warns() {
    let env = TestEnv::new();
    env.new_pm("Detached", "2026-11-26T09:00:00Z");
    env.git(&["checkout", "--quiet", "--detach"]);
    let run = env
        .pm(&[
            "timeline",
            "add",
            "Still recorded",
            "--at",
            "2026-11-26 09:40",
        ])
        .ok();
    assert!(run.stderr.contains("HEAD is detached"), "{}", run.stderr);
    assert!(env.git(&["log", "-1", "--format=%s"]).contains("timeline"));
}

/// A person who writes the owner once and refers to it (`owner: &lead
/// Dana` … `owner: *lead`) has given every item an owner: `pm show` and
/// the typed loader resolve the alias, so lint and the status change
/// that lint guards do too.
#[test]
fn an_owner_or_due_date_written_as_an_alias_counts() {
    let env = TestEnv::new();
    let id = env.new_pm("Anchored owners", "2026-11-26T09:00:00Z");
    env.add_action(&id, "Alert on disk", "Dana", "2026-12-10");
    env.add_action(&id, "Rotate logs", "Dana", "2026-12-12");
    let file = env.file_of(&id);
    let text = env
        .read(&file)
        .replacen(
            "owner: Dana\n    due: 2026-12-10",
            "owner: &lead Dana\n    due: &day 2026-12-10",
            1,
        )
        .replacen(
            "owner: Dana\n    due: 2026-12-12",
            "owner: *lead\n    due: *day",
            1,
        );
    assert!(text.contains("*lead") && text.contains("&day"), "{text}");
    env.write(&file, &text);
    let json = env.pm(&["lint", &file, "--json"]).json();
    let rules: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .collect();
    assert!(
        !rules.contains(&"action-owner") && !rules.contains(&"action-due"),
        "{rules:?}"
    );
    env.pm(&["show", &id])
        .ok()
        .stdout_has("A2 [open] Rotate logs (Dana; due 2026-12-10)");
}

/// A path as the shell completes it names the post-mortem in that file;
/// a path to no post-mortem file is refused, naming it.
#[test]
fn a_file_path_names_its_post_mortem() {
    let env = TestEnv::new();
    let id = env.new_pm("Path lookup", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    env.pm(&["show", &file]).ok().stdout_has("Path lookup");
    env.pm(&["show", &format!("./{file}")])
        .ok()
        .stdout_has("Path lookup");
    env.pm(&["show", "postmortems/2026/nothing-here.yaml"])
        .code(2)
        .error(&[
            "no post-mortem file `postmortems/2026/nothing-here.yaml`",
            "pm list",
        ]);
}

/// `severity: sev1` is SEV1 (lint only suggests the spelling): every
/// `--severity` filter finds it and statistics do not split it off.
#[test]
fn a_severity_in_another_case_is_the_same_severity_everywhere() {
    let env = TestEnv::new();
    let id = env.new_pm("Lower-case severity", "2026-11-20T09:00:00Z");
    let file = env.file_of(&id);
    env.write(
        &file,
        &env.read(&file).replace("severity: SEV2", "severity: sev2"),
    );
    env.git(&["commit", "--quiet", "-am", "by hand"]);
    env.add_action(&id, "Alert on it", "ops", "2026-11-25");
    env.pm(&["list", "--severity", "SEV2"]).ok().stdout_has(&id);
    let due = env.pm(&["due", "--severity", "sev2", "--json"]).ok().json();
    assert_eq!(due["items"].as_array().unwrap().len(), 2, "{due}");
    let stats = env
        .pm(&["stats", "--severity", "SEV2", "--by", "severity", "--json"])
        .ok()
        .json();
    assert_eq!(stats["incidents"], 1, "{stats}");
    let groups = stats["groups"].to_string();
    assert!(
        groups.contains("\"SEV2\"") && !groups.contains("sev2"),
        "{groups}"
    );
}

/// A number too large for 64 bits (a ticket number written bare) cannot be
/// read back whole: every command refuses it alike, naming the line and
/// saying to quote it, instead of `pm show --json` printing `null` while
/// writes fail with a reader's message.
#[test]
fn a_number_too_large_to_read_is_refused_alike_with_the_fix() {
    let env = TestEnv::new();
    let id = env.new_pm("Big ticket", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let text = env.read(&file).replacen(
        "severity: SEV2\n",
        "severity: SEV2\nticket: 123456789012345678901234567890\n",
        1,
    );
    env.write(&file, &text);
    env.git(&["commit", "--quiet", "-am", "by hand"]);
    let expected = "the number 123456789012345678901234567890 is too large to read";
    for args in [
        &["show", id.as_str(), "--json"][..],
        &["show", id.as_str()],
        &[
            "timeline",
            "add",
            "x",
            "--pm",
            id.as_str(),
            "--at",
            "2026-11-26 09:30",
        ],
    ] {
        env.pm(args)
            .code(2)
            .error(&[&file, expected, "('123456789012345678901234567890')"]);
    }
    let lint = env.pm(&["lint", &file]).code(1);
    assert!(lint.stdout.contains(expected), "{}", lint.stdout);
    assert_eq!(env.read(&file), text);
    // Quoted, it is text, and everything reads it.
    env.write(
        &file,
        &text
            .replace("ticket: 1234", "ticket: '1234")
            .replace("7890\n", "7890'\n"),
    );
    let json = env.pm(&["show", &id, "--json"]).ok().json();
    assert_eq!(json["ticket"], "123456789012345678901234567890");
}

/// A file whose `id:` differs from its name (copied from another
/// post-mortem and renamed) is listed by the name every command resolves,
/// so what `pm list` and `pm due` print can be typed back.
#[test]
fn lists_show_the_id_commands_resolve_when_the_id_field_differs() {
    let env = TestEnv::new();
    let original = env.new_pm("The original", "2026-11-20T09:00:00Z");
    env.add_action(&original, "Alert on it", "ops", "2026-11-25");
    let file = "postmortems/2026/2026-11-20-renamed-copy.yaml";
    let id = env.renamed_copy(&original, file);
    let list = env.pm(&["list", "--json"]).ok().json();
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|p| p["id"] == id.as_str() && p["file"] == file),
        "{list}"
    );
    let due = env.pm(&["due", "--json"]).ok().json();
    let named: Vec<&str> = due["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["postmortem"].as_str().unwrap())
        .collect();
    assert!(named.contains(&id.as_str()), "{due}");
    assert!(
        named
            .iter()
            .all(|n| [original.as_str(), id.as_str()].contains(n)),
        "{due}"
    );
    // What `pm due` printed, typed back, closes the copy's item.
    env.pm(&["action", "done", &format!("{id}#A1")]).ok();
    let changed = env.git(&["show", "--stat", "--format=", "HEAD"]);
    assert!(changed.contains(file), "{changed}");
    assert!(!changed.contains(&env.file_of(&original)), "{changed}");
    env.pm(&["lint", file]).stdout_has("id-file-name");
}

/// A tag above a block list (`timeline: !!seq`) leaves it a block list:
/// pm adds to it line by line, as to any other, instead of refusing it as
/// a flow-style list it is not.
#[test]
fn a_tagged_block_list_is_still_a_block_list() {
    let env = TestEnv::new();
    let id = env.new_pm("Tagged timeline", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let text = env
        .read(&file)
        .replacen("timeline:\n", "timeline: !!seq\n", 1);
    assert!(text.contains("timeline: !!seq\n  - at:"), "{text}");
    env.write(&file, &text);
    env.git(&["commit", "--quiet", "-am", "by hand"]);
    env.pm(&[
        "timeline",
        "add",
        "Paged the on-call",
        "--at",
        "2026-11-26 09:05",
    ])
    .ok();
    let after = env.read(&file);
    assert!(after.contains("timeline: !!seq\n"), "{after}");
    assert!(after.contains("text: Paged the on-call"), "{after}");
}

/// A colon and a space inside an unquoted value is the commonest YAML
/// mistake in a hand edit: the error says how to write it. And `pm render
/// --format markdown` works as `pm due --format markdown` does.
#[test]
fn a_colon_in_a_value_says_to_quote_it_and_markdown_is_a_format_name() {
    let env = TestEnv::new();
    let id = env.new_pm("Disk full", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let text = env.read(&file);
    env.write(
        &file,
        &text.replacen("title: Disk full", "title: Cause: a full disk", 1),
    );
    let run = env.pm(&["lint", &file]).code(1);
    assert!(
        run.stdout.contains("mapping values are not allowed")
            && run.stdout.contains("must be in quotes"),
        "{}",
        run.stdout
    );
    env.write(&file, &text);
    env.pm(&["render", &id, "--format", "markdown"])
        .ok()
        .stdout_has("# Disk full");
}

/// Two responders who open the same incident on one day get two files:
/// the second is told, with the way back to the first.
#[test]
fn a_second_post_mortem_with_the_same_title_today_says_so() {
    let env = TestEnv::new();
    let first = env.new_pm("Login outage", "2026-11-26T09:00:00Z");
    let run = env
        .pm(&[
            "new",
            "Login outage",
            "--severity",
            "SEV2",
            "--started",
            "2026-11-26T09:05:00Z",
            "--no-edit",
        ])
        .ok();
    assert!(
        run.stderr
            .contains(&format!("note: {first} already exists"))
            && run.stderr.contains(&format!("`pm use {first}`")),
        "{}",
        run.stderr
    );
}

/// `pm init .` (and `..`) in a new folder works as `pm init` does; it
/// failed on git's refusal of paths that start with a dot, leaving
/// `.git/` and `postmortems/` behind.
#[test]
fn pm_init_dot_makes_the_repository_here() {
    let env = TestEnv::empty();
    env.pm(&["init", "."])
        .ok()
        .stdout_has("Created a pm repository");
    assert!(env.path("pm.yaml").is_file());
    assert_eq!(env.commits(), 1);
    env.assert_clean();
    std::fs::create_dir_all(env.path("sub")).unwrap();
    let mut cmd = env.pm_cmd(&["init", ".."]);
    cmd.current_dir(env.path("sub"));
    env.run_cmd(cmd, None, &["init", ".."])
        .ok()
        .stdout_has("already a pm repository; nothing changed");
}

/// An error in pm.yaml names it as other errors name files, from the
/// repository's root: `pm.yaml: ...`, not `/home/.../repo/pm.yaml: ...`,
/// from the root or a folder below it.
#[test]
fn pm_yaml_errors_name_it_from_the_repository_root() {
    let env = TestEnv::new();
    let config = env.read("pm.yaml");
    std::fs::create_dir_all(env.path("postmortems/notes")).unwrap();
    let home = env.home().to_str().unwrap().to_string();
    let cases: [(&str, &str, &str); 5] = [
        (
            "severities: [SEV1, SEV2, SEV3, SEV4]",
            "severities: []",
            "pm.yaml: `severities` is empty",
        ),
        (
            "follow_up_days: 14",
            "follow_up_days: -1",
            "pm.yaml:9:17: `follow_up_days` is -1",
        ),
        (
            "timezone: UTC",
            "timezone: Mars/Olympus",
            "pm.yaml: `timezone`",
        ),
        (
            "timeline_kinds: []",
            "timeline_kinds: ['']",
            "pm.yaml: `timeline_kinds` has an empty name",
        ),
        ("follow_up_days: 14", "follow_up_days: [14", "pm.yaml:"),
    ];
    for (from, to, message) in cases {
        let changed = config.replace(from, to);
        assert_ne!(changed, config);
        env.write("pm.yaml", &changed);
        for dir in [env.repo.clone(), env.path("postmortems/notes")] {
            let mut cmd = env.pm_cmd(&["list"]);
            cmd.current_dir(&dir);
            let run = env.run_cmd(cmd, None, &["list"]).error(&[message]);
            assert!(
                run.stderr.starts_with(&format!("error: {message}")),
                "{}",
                run.stderr
            );
            assert!(!run.stderr.contains(&home), "{}", run.stderr);
        }
        assert_eq!(env.read("pm.yaml"), changed);
    }
    // Bytes that are not text.
    std::fs::write(env.path("pm.yaml"), b"severities: [SEV\xff]\n").unwrap();
    let run = env.pm(&["list"]).error(&["pm.yaml"]);
    assert!(run.stderr.starts_with("error: pm.yaml"), "{}", run.stderr);
    assert!(!run.stderr.contains(&home), "{}", run.stderr);
}

/// A pm.yaml that is a folder marks the folder as meant to be a
/// repository: pm refuses there, instead of going up and writing into a
/// repository further out.
#[test]
fn a_pm_yaml_that_is_a_folder_is_refused_not_walked_past() {
    let env = TestEnv::new();
    let commits = env.commits();
    std::fs::create_dir_all(env.path("inner/pm.yaml")).unwrap();
    let mut cmd = env.pm_cmd(&["new", "Inner", "--severity", "SEV2", "--no-edit"]);
    cmd.current_dir(env.path("inner"));
    env.run_cmd(cmd, None, &["new"])
        .code(2)
        .error(&["inner/pm.yaml is not a regular file"]);
    assert_eq!(env.commits(), commits);
}

/// pm.yaml's severities are matched without case, so the due-date policy
/// is too (`sev1: 3` is SEV1's), and two names pm takes for one, or an
/// empty one, are refused naming the setting.
#[test]
fn severity_settings_are_matched_and_checked_without_case() {
    let env = TestEnv::new();
    let config = env.read("pm.yaml").replace("  SEV1: 15\n", "  sev1: 3\n");
    env.write("pm.yaml", &config);
    env.git(&["commit", "--quiet", "-am", "policy"]);
    let id = env.new_pm("Policy", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    env.write(
        &file,
        &env.read(&file).replace("severity: SEV2", "severity: SEV1"),
    );
    env.git(&["commit", "--quiet", "-am", "sev1"]);
    env.pm(&["action", "add", "Follow the policy", "--owner", "sre"])
        .ok()
        .stdout_has("due 2026-11-29");
    for (severities, message) in [
        ("[SEV1, sev1]", "lists `SEV1` and `sev1`"),
        ("[SEV1, '']", "an empty name"),
    ] {
        env.write(
            "pm.yaml",
            &config.replace(
                "severities: [SEV1, SEV2, SEV3, SEV4]",
                &format!("severities: {severities}"),
            ),
        );
        env.pm(&["list"]).code(2).error(&["pm.yaml", message]);
    }
    // Timeline kinds too: a built-in in another case would not count as
    // that milestone in the figures.
    for (kinds, message) in [
        (
            "[RESOLVED]",
            "lists `RESOLVED`, which is already a kind (`resolved`)",
        ),
        (
            "[handover, Handover]",
            "lists `Handover`, which is already a kind (`handover`)",
        ),
        ("['']", "`timeline_kinds` has an empty name"),
    ] {
        env.write(
            "pm.yaml",
            &config.replace("timeline_kinds: []", &format!("timeline_kinds: {kinds}")),
        );
        env.pm(&["list"]).code(2).error(&["pm.yaml", message]);
    }
    // Names are shown in tables, messages and CI annotations: a control
    // character (a terminal escape, a line break) is refused where it is
    // read, whatever the command.
    for (from, to, setting) in [
        (
            "severities: [SEV1, SEV2, SEV3, SEV4]",
            r#"severities: [SEV1, "SEV\e[31m2"]"#,
            "severities",
        ),
        (
            "timeline_kinds: []",
            r#"timeline_kinds: ["hand\nover"]"#,
            "timeline_kinds",
        ),
    ] {
        let changed = config.replace(from, to);
        assert_ne!(changed, config);
        env.write("pm.yaml", &changed);
        env.pm(&["list"]).code(2).error(&[
            "pm.yaml",
            &format!("`{setting}` has a name with a control character"),
        ]);
        assert_eq!(env.read("pm.yaml"), changed);
    }
    // A setting of the wrong shape says what it expects.
    env.write("pm.yaml", &config.replace("sync: manual", "sync: [auto]"));
    let run = env
        .pm(&["list"])
        .code(2)
        .error(&["pm.yaml", "sync", "`manual` or `auto`"]);
    assert!(!run.stderr.contains("YAML tag"), "{}", run.stderr);
    env.write(
        "pm.yaml",
        &config.replace("sync: manual", "sync: sometimes"),
    );
    env.pm(&["list"])
        .code(2)
        .error(&["pm.yaml", "sometimes", "`manual` or `auto`"]);
}

/// A key written twice (a sloppy merge) or a merge conflict left in a file
/// makes it unreadable to every command, but its overdue work still shows
/// in `pm due` and `pm action list`, with the file named.
#[test]
fn a_duplicate_key_or_a_conflict_does_not_hide_overdue_work() {
    let env = TestEnv::new();
    env.write(
        "postmortems/2026/2026-11-20-dup.yaml",
        "pm: 1\nid: 2026-11-20-dup\ntitle: T\ntitle: T2\nstatus: draft\nseverity: SEV2\ndate: 2026-11-20\naction_items:\n  - id: A1\n    title: rotate the keys\n    owner: priya\n    due: 2026-11-02\n    status: open\n",
    );
    env.write(
        "postmortems/2026/2026-11-21-conflict.yaml",
        "pm: 1\nid: 2026-11-21-conflict\ntitle: C\nstatus: draft\nseverity: SEV2\ndate: 2026-11-21\naction_items:\n  - id: A1\n    title: add the canary\n<<<<<<< HEAD\n    owner: priya\n=======\n    owner: tomasz\n>>>>>>> theirs\n    due: 2026-11-03\n    status: open\n",
    );
    let run = env.pm(&["due"]);
    for needle in [
        "rotate the keys",
        "2026-11-20-dup#A1",
        "add the canary",
        "2026-11-21-conflict#A1",
        "postmortems/2026/2026-11-20-dup.yaml:4:1: duplicate key `title`",
        "postmortems/2026/2026-11-21-conflict.yaml",
        "2 overdue",
    ] {
        assert!(run.stdout.contains(needle), "{needle}\n{}", run.stdout);
    }
    let list = env.pm(&["action", "list", "--json"]).json();
    let pms: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["postmortem"].as_str())
        .collect();
    assert_eq!(pms, ["2026-11-20-dup", "2026-11-21-conflict"], "{list:#}");
}

/// Hand edits lint must see as every other command does: `owner: ~` is no
/// owner, and `kind: Resolved` is not the `resolved` milestone (its figures
/// are missing, so lint says why); a kind pm.yaml declares is quiet.
#[test]
fn a_null_owner_and_a_misspelt_timeline_kind_are_reported() {
    let env = TestEnv::new();
    env.write("pm.yaml", "timeline_kinds: [comms]\n");
    env.write(
        "postmortems/2026/2026-11-20-hand.yaml",
        "pm: 1\nid: 2026-11-20-hand\ntitle: Hand edits\nstatus: draft\nseverity: SEV2\ndate: 2026-11-20\ntimeline:\n  - {at: 2026-11-20T10:00:00Z, kind: impact-start, text: Errors rise.}\n  - {at: 2026-11-20T10:10:00Z, kind: comms, text: Status page updated.}\n  - {at: 2026-11-20T10:30:00Z, kind: Resolved, text: Errors back to normal.}\n  - {at: 2026-11-20T10:40:00Z, kind: resolvd, text: Confirmed.}\naction_items:\n  - id: A1\n    title: Alert on the error rate\n    owner: ~\n    due: 2026-12-20\n",
    );
    let run = env.pm(&["lint", "hand", "--format", "json"]);
    let findings = run.json();
    let of = |rule: &str| -> Vec<String> {
        findings
            .as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == rule)
            .map(|f| format!("{}: {}", f["line"], f["message"].as_str().unwrap()))
            .collect()
    };
    assert_eq!(
        of("action-owner"),
        ["15: A1 has no owner"],
        "{}",
        run.stdout
    );
    let kinds = of("unknown-timeline-kind");
    assert_eq!(kinds.len(), 2, "{kinds:?}");
    assert!(
        kinds[0].starts_with("10: timeline kind `Resolved` is written `resolved`"),
        "{kinds:?}"
    );
    assert!(
        kinds[1].starts_with("11: timeline kind `resolvd` is not one pm knows"),
        "{kinds:?}"
    );
    assert!(kinds[1].contains("comms"), "{kinds:?}");
}

/// A time written by hand without its offset or seconds is refused by
/// every command in words that say how to write it, not in the date
/// parser's ("premature end of input").
#[test]
fn a_hand_written_time_is_refused_with_how_to_write_it() {
    let env = TestEnv::new();
    for at in ["2026-11-26 09:14", "09:14", "2026-11-26T09:14Z"] {
        env.write(
            "postmortems/2026/2026-11-26-x.yaml",
            &format!("pm: 1\nid: 2026-11-26-x\ntitle: T\nstatus: draft\nseverity: SEV2\ndate: 2026-11-26\ntimeline:\n  - at: {at}\n    text: pager fired\n"),
        );
        for args in [&["show", "x"][..], &["timeline", "add", "y", "--pm", "x"]] {
            env.pm(args).code(2).stderr_has(&format!(
                "postmortems/2026/2026-11-26-x.yaml:8:9: timeline[0].at: `{at}` is not a time pm can read; write it like 2026-11-26T09:12:00Z"
            ));
        }
    }
}

/// A title pasted with a byte order mark makes a post-mortem (the mark is
/// dropped, not blamed on the template), and a top level written in flow
/// style is refused by every write in the same words, not as a bug in pm.
#[test]
fn a_pasted_byte_order_mark_and_a_flow_style_top_level_are_handled_in_words() {
    let env = TestEnv::new();
    env.pm(&["new", "\u{feff}Outage", "--severity", "SEV2", "--no-edit"])
        .ok()
        .stdout_has("Created 2026-11-27-outage");
    env.write(
        "postmortems/2026/2026-11-26-x.yaml",
        "{pm: 1, id: 2026-11-26-x, title: T, status: draft, severity: SEV2, date: 2026-11-26, timeline: []}\n",
    );
    env.git(&["add", "-A"]);
    env.git(&["commit", "-qm", "flow"]);
    let before = env.snapshot();
    for args in [
        &["timeline", "add", "a", "--pm", "x"][..],
        &[
            "action", "add", "b", "--pm", "x", "--owner", "sre", "--due", "+1w",
        ],
    ] {
        env.pm(args).code(2).stderr_has(
            "postmortems/2026/2026-11-26-x.yaml: the top level is written in flow style {...}",
        );
    }
    assert_eq!(env.snapshot(), before);
}

#[test]
fn an_editor_that_exits_with_a_failure_aborts_the_edit() {
    use crate::foundation::editor_script;
    let env = TestEnv::new();
    let id = env.new_pm("Abort", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let write = editor_script(
        &env,
        "write.sh",
        "sed -i 's/^summary:$/summary: Careful prose written by the IC./' \"$1\"",
    );
    env.pm_with(&["edit", &id], &[("EDITOR", &write)])
        .ok()
        .stdout_has("Saved");
    let commits = env.commits();
    // The summary deleted by accident and written, then vim's `:cq`.
    let cq = editor_script(
        &env,
        "cq.sh",
        "sed -i 's/^summary: .*/summary:/' \"$1\"\nexit 1",
    );
    let copy = format!(".git/pm/drafts/aborted/{id}.yaml");
    env.pm_with(&["edit", &id], &[("EDITOR", &cq)]).error(&[
        "exited with exit status: 1",
        &format!("the edit of {file} is aborted; nothing was saved"),
        &copy,
    ]);
    assert!(env.read(&file).contains("summary: Careful prose"));
    assert_eq!(env.commits(), commits);
    // The text is kept aside, not as a draft the next edit would resume.
    assert!(env.read(&copy).contains("summary:\n"));
    assert!(!env.path(&format!(".git/pm/drafts/{id}.yaml")).exists());
    // The next edit starts from the file: quitting it unchanged saves nothing.
    let unchanged = editor_script(&env, "nothing.sh", "true");
    let run = env
        .pm_with(&["edit", &id], &[("EDITOR", &unchanged)])
        .ok()
        .stdout_has("No changes");
    assert!(!run.stderr.contains("resuming"), "{}", run.stderr);
    assert!(env.read(&file).contains("summary: Careful prose"));
    assert_eq!(env.commits(), commits);
    // A second abort keeps its own copy; the first one's text stays.
    let second = editor_script(
        &env,
        "second.sh",
        "sed -i 's/^summary: .*/summary: second try/' \"$1\"\nexit 1",
    );
    let copy2 = format!(".git/pm/drafts/aborted/{id}-2.yaml");
    env.pm_with(&["edit", &id], &[("EDITOR", &second)])
        .error(&["is aborted", &copy2]);
    assert!(env.read(&copy).contains("summary:\n"));
    assert!(env.read(&copy2).contains("summary: second try"));
    env.assert_clean();
}

#[test]
fn a_draft_without_its_base_is_never_saved_over_newer_entries() {
    use crate::foundation::editor_script;
    let env = TestEnv::new();
    let id = env.new_pm("Missing base", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    // An invalid edit leaves a draft; an entry is added meanwhile.
    let dup = editor_script(&env, "dup.sh", "echo 'summary: dup' >> \"$1\"");
    env.pm_with(&["edit", &id], &[("EDITOR", &dup)])
        .error(&["was not saved"]);
    env.pm(&[
        "timeline",
        "add",
        "added meanwhile",
        "--at",
        "10:00",
        "--pm",
        &id,
    ])
    .ok();
    let draft = format!(".git/pm/drafts/{id}.yaml");
    std::fs::remove_file(env.path(&format!(".git/pm/drafts/{id}.base"))).unwrap();
    let commits = env.commits();
    let fix = editor_script(&env, "fix.sh", "sed -i '$d' \"$1\"");
    env.pm_with(&["edit", &id], &[("EDITOR", &fix)]).error(&[
        &draft,
        "lost its starting point",
        "nothing was saved",
        "git diff --no-index",
        "mv ",
    ]);
    assert!(env.read(&file).contains("added meanwhile"));
    assert_eq!(env.commits(), commits);
    // The person's text is still there.
    assert!(env.read(&draft).contains("summary: dup"));
}

/// A file ending with the YAML document end marker `...` (valid YAML, and
/// what some tools write) takes every write: what pm adds goes inside the
/// document, before the marker, which stays with the comment after it.
#[test]
fn a_document_end_marker_stays_at_the_end_through_writes() {
    let env = TestEnv::new();
    let file = "postmortems/2026/2026-11-26-x.yaml";
    let original = "---\npm: 1\nid: 2026-11-26-x\ntitle: T\nstatus: draft\nseverity: SEV2\ndate: 2026-11-26\ntimeline:\n  - at: 2026-11-26T09:00:00Z\n    text: a\n...\n# exported by tooling\n";
    env.write(file, original);
    env.git(&["add", "."]);
    env.git(&["commit", "-qm", "hand"]);
    env.pm(&["show", "x"]).ok();
    env.pm(&["action", "add", "a", "--owner", "o", "--pm", "x"])
        .ok()
        .stdout_has("Added 2026-11-26-x#A1");
    env.pm(&["review", "x", "--notes", "n"]).ok();
    env.pm(&[
        "timeline",
        "add",
        "b",
        "--pm",
        "x",
        "--at",
        "2026-11-26 09:30",
    ])
    .ok();
    let after = env.read(file);
    assert!(
        // `n` is quoted: a boolean to YAML 1.1 readers (Go's yaml.v2).
        after.ends_with("  notes: 'n'\n...\n# exported by tooling\n"),
        "{after}"
    );
    assert!(
        after.starts_with(&original[..original.find("...").unwrap()]),
        "{after}"
    );
    let json = env.pm(&["show", "x", "--json"]).ok().json();
    assert_eq!(json["action_items"][0]["title"], "a");
    assert_eq!(json["timeline"][1]["text"], "b");
    env.pm(&["lint", "x"]).ok();
    env.assert_clean();
}

/// What salvage reads of a broken file keeps every action item: a key
/// written twice inside an entry, `action_items:` written twice (both
/// lists), and both sides of a diff3-style conflict.
#[test]
fn salvage_keeps_the_work_of_nested_duplicates_both_lists_and_both_sides() {
    let env = TestEnv::new();
    env.write(
        "postmortems/2026/2026-11-20-nested.yaml",
        "pm: 1\nid: 2026-11-20-nested\ntitle: N\nstatus: draft\nseverity: SEV2\ndate: 2026-11-20\ntimeline:\n  - at: 2026-11-20T10:00:00Z\n    text: a\n    text: b\naction_items:\n  - {id: A1, title: nested duplicate, owner: o, due: 2026-11-01}\n",
    );
    env.write(
        "postmortems/2026/2026-11-21-lists.yaml",
        "pm: 1\nid: 2026-11-21-lists\ntitle: L\nstatus: draft\nseverity: SEV2\ndate: 2026-11-21\naction_items:\n  - {id: A1, title: first list, owner: o, due: 2026-11-01}\naction_items:\n  - {id: A2, title: second list, owner: p, due: 2026-11-02}\n",
    );
    env.write(
        "postmortems/2026/2026-11-22-diff3.yaml",
        "pm: 1\nid: 2026-11-22-diff3\ntitle: D\nstatus: draft\nseverity: SEV2\ndate: 2026-11-22\naction_items:\n  - {id: A1, title: before, owner: o, due: 2026-11-01}\n<<<<<<< ours\n  - {id: A2, title: ours, owner: o, due: 2026-11-02}\n||||||| base\n=======\n  - {id: A3, title: theirs, owner: p, due: 2026-11-03}\n>>>>>>> theirs\n",
    );
    let list = env.pm(&["action", "list", "--json"]).json();
    let mut titles: Vec<&str> = list
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|a| a["title"].as_str())
        .collect();
    titles.sort();
    assert_eq!(
        titles,
        [
            "before",
            "first list",
            "nested duplicate",
            "ours",
            "second list",
            "theirs"
        ]
    );
}

/// A file nested eighty thousand flow levels deep (`x: [[[[…`) is
/// refused at once by every reader, with its name: the list readers, which
/// salvage what they can of a broken file, used to hand it to the typed
/// loader, whose scanner takes quadratic time on deep flow nesting (half
/// a minute for `pm list`).
#[test]
fn deep_flow_nesting_is_refused_at_once_by_the_list_readers_too() {
    let env = TestEnv::new();
    let id = env.new_pm("Deep", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let mut text = env.read(&file);
    text.push_str("x-deep: ");
    text.push_str(&"[".repeat(80_000));
    text.push('\n');
    env.write(&file, &text);
    for args in [
        &["list"][..],
        &["due"],
        &["action", "list"],
        &["show", &id],
        &["lint", &id],
    ] {
        let started = std::time::Instant::now();
        let run = env.pm(args);
        let took = started.elapsed();
        assert!(
            took < std::time::Duration::from_secs(10),
            "pm {args:?} took {took:?}"
        );
        assert!(
            run.stderr.contains(&file) || run.stdout.contains(&file),
            "pm {args:?} does not name the file\n{}{}",
            run.stdout,
            run.stderr
        );
        assert!(
            format!("{}{}", run.stdout, run.stderr).contains("nesting deeper than 64 levels"),
            "pm {args:?}\n{}{}",
            run.stdout,
            run.stderr
        );
    }
    assert_eq!(env.read(&file), text);
}

/// Two `pm edit` sessions of one post-mortem: the second is refused while
/// the first has its editor open, instead of resuming (and saving) the
/// draft the first is still writing.
#[test]
fn a_second_edit_session_of_one_post_mortem_is_refused() {
    use crate::foundation::editor_script;
    let env = TestEnv::new();
    let id = env.new_pm("Two sessions", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let started = env.home().join("started");
    let release = env.home().join("release");
    let slow = editor_script(
        &env,
        "slow.sh",
        &format!(
            "sed -i 's/^summary:.*/summary: Written in the first session./' \"$1\"\ntouch {}\nwhile [ ! -e {} ]; do sleep 0.05; done",
            started.display(),
            release.display()
        ),
    );
    let mut first = env.pm_cmd(&["edit", &id]);
    first.env("EDITOR", &slow);
    let first = first.spawn().unwrap();
    while !started.exists() {
        std::thread::sleep(std::time::Duration::from_millis(20));
    }
    let unchanged = editor_script(&env, "nothing.sh", "true");
    let commits = env.commits();
    env.pm_with(&["edit", &id], &[("EDITOR", &unchanged)])
        .error(&["another `pm edit` of", "is open; finish or quit it first"]);
    assert_eq!(env.commits(), commits);
    std::fs::write(&release, "").unwrap();
    assert!(first.wait_with_output().unwrap().status.success());
    assert!(
        env.read(&file)
            .contains("summary: Written in the first session.")
    );
    assert_eq!(env.commits(), commits + 1);
}

/// `pm review --again` on a post-mortem whose `follow_up` is missing or
/// empty records the review and schedules the next, as `pm review` does.
#[test]
fn review_again_works_without_a_follow_up() {
    let env = TestEnv::new();
    for (name, follow_up) in [("missing", ""), ("empty", "follow_up:\n")] {
        let id = format!("2026-11-26-{name}");
        env.write(
            &format!("postmortems/2026/{id}.yaml"),
            &format!("pm: 1\nid: {id}\ntitle: T\nstatus: draft\nseverity: SEV2\ndate: 2026-11-26\n{follow_up}"),
        );
        env.git(&["add", "-A"]);
        env.git(&["commit", "-qm", name]);
        env.pm(&["review", &id, "--again", "2w"])
            .ok()
            .stdout_has("next review due 2026-12-11");
        let json = env.pm(&["show", &id, "--json"]).ok().json();
        assert_eq!(json["follow_up"]["due"], "2026-12-11", "{name}");
        assert_eq!(
            json["follow_up"]["history"][0]["held"], "2026-11-27",
            "{name}"
        );
    }
}

/// A merge conflict is reported once, as a conflict (not again as a parse
/// error), and like the other reasons a file cannot be read it cannot be
/// disabled or lowered in pm.yaml.
#[test]
fn a_merge_conflict_is_one_finding_that_cannot_be_turned_off() {
    let env = TestEnv::new();
    env.write(
        "postmortems/2026/2026-11-26-x.yaml",
        "pm: 1\nid: 2026-11-26-x\ntitle: T\nstatus: draft\nseverity: SEV2\ndate: 2026-11-26\n<<<<<<< HEAD\nsummary: a\n=======\nsummary: b\n>>>>>>> theirs\n",
    );
    let run = env.pm(&["lint", "--format", "json"]);
    let rules: Vec<String> = run
        .json()
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["rule"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(rules, ["merge-conflict"], "{}", run.stdout);
    env.write("pm.yaml", "lint:\n  disable: [merge-conflict]\n");
    env.pm(&["lint"]).code(2).stderr_has("merge-conflict");
}

/// A null item in a pm.yaml list of names (`severities: [SEV1, ~]`,
/// `timeline_kinds: [null]`, `people: [~]`) is an empty item, refused at
/// its line with the setting named, as `''` is: never a severity, kind or
/// person named `~` or `null`. Quoted, `"~"` is a name.
#[test]
fn null_names_in_pm_yaml_lists_are_refused_at_their_line() {
    let env = TestEnv::new();
    let config = env.read("pm.yaml");
    for (from, to, setting) in [
        (
            "severities: [SEV1, SEV2, SEV3, SEV4]",
            "severities: [SEV1, ~]",
            "severities",
        ),
        (
            "timeline_kinds: []",
            "timeline_kinds: [null]",
            "timeline_kinds",
        ),
        ("people: []", "people: [~]", "people"),
    ] {
        let changed = config.replace(from, to);
        assert_ne!(changed, config);
        let line = changed.lines().position(|l| l == to).unwrap() + 1;
        env.write("pm.yaml", &changed);
        env.pm(&["new", "x", "--severity", "~", "--no-edit"])
            .error(&[
                &format!("pm.yaml:{line}:"),
                &format!("`{setting}` has an empty item (null)"),
            ]);
        assert_eq!(env.read("pm.yaml"), changed);
    }
    env.write(
        "pm.yaml",
        &config.replace(
            "severities: [SEV1, SEV2, SEV3, SEV4]",
            "severities: [SEV1, \"~\"]",
        ),
    );
    env.pm(&["list"]).ok();
}

/// An argument that is not UTF-8 text is named, flag or positional, with
/// its bytes spelled out, instead of clap's "invalid UTF-8 was detected in
/// one or more arguments"; nothing is written. A path may still be any
/// bytes (`--from` takes it and says the file is not there).
#[test]
fn an_argument_that_is_not_utf8_is_named() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let env = TestEnv::new();
    let id = env.new_pm("Bytes", "2026-11-26T09:00:00Z");
    let before = env.snapshot();
    let commits = env.commits();
    let run = |args: &[&[u8]], label: &str| {
        let mut cmd = env.pm_cmd(&[]);
        cmd.args(args.iter().map(|a| OsStr::from_bytes(a)));
        env.run_cmd(cmd, None, &[label])
    };
    run(
        &[b"timeline", b"add", b"inv\xffalid"],
        "timeline add inv\\xffalid",
    )
    .error(&[
        "TEXT `inv\\xffalid` is not valid UTF-8 text",
        "nothing was changed",
    ]);
    run(
        &[
            b"action",
            b"add",
            b"ok",
            b"--pm",
            id.as_bytes(),
            b"--owner",
            b"o\xff",
        ],
        "action add ok --owner o\\xff",
    )
    .error(&["--owner `o\\xff` is not valid UTF-8 text"]);
    run(
        &[b"action", b"add", b"ok", b"--owner=o\xff"],
        "action add ok --owner=o\\xff",
    )
    .error(&["--owner `o\\xff` is not valid UTF-8 text"]);
    // After a flag that takes no value, the text is the positional's.
    run(
        &[b"timeline", b"add", b"--force", b"x\xfe"],
        "timeline add --force x\\xfe",
    )
    .error(&["TEXT `x\\xfe` is not valid UTF-8 text"]);
    assert_eq!(env.snapshot(), before);
    assert_eq!(env.commits(), commits);
    // A path is any bytes: --from takes it, and pm says what is wrong with it.
    let path = env.home().join(OsStr::from_bytes(b"no\xff.log"));
    let run = run(
        &[
            b"timeline",
            b"import",
            b"--from",
            path.as_os_str().as_bytes(),
            b"--level",
            b"error",
        ],
        "timeline import --from no\\xff.log",
    )
    .code(2);
    assert!(!run.stderr.contains("invalid UTF-8"), "{}", run.stderr);
    assert!(run.stderr.contains("No such file"), "{}", run.stderr);
}

/// A pre-commit hook that fixes a file and stages its fix (a formatter,
/// an end-of-file fixer): the fix is in pm's commit, and git's index is
/// left agreeing with it, so `git status` is clean and the next pm
/// command writes as usual instead of refusing "staged changes".
#[test]
fn a_hook_that_restages_its_fix_leaves_the_index_clean() {
    let env = TestEnv::new();
    let id = env.new_pm("Formatted by a hook", "2026-11-26T09:00:00Z");
    hook(
        &env,
        "pre-commit",
        "for f in $(git diff --cached --name-only); do printf '# formatted by hook\\n' >> \"$f\"; git add \"$f\"; done",
    );
    let file = env.file_of(&id);
    for (text, at) in [
        ("first", "2026-11-26 09:40"),
        ("second", "2026-11-26 09:41"),
    ] {
        env.pm(&["timeline", "add", text, "--at", at, "--pm", &id])
            .ok();
        env.assert_clean();
        let committed = env.git(&["show", &format!("HEAD:{file}")]);
        assert!(committed.contains(text), "{committed}");
        assert!(committed.ends_with("# formatted by hook\n"), "{committed}");
    }
    assert_eq!(env.read(&file).matches("# formatted by hook").count(), 2);
}

/// patt21 D5, patt22 F1/F2: a pre-commit hook that stages files pm did not
/// write (one it changed, one it made). pm commits from a private index
/// the hook also writes to, so they are in pm's one commit, as in a
/// `git commit`, pm names them, and git's index agrees with HEAD: no staged
/// revert. (Until patt22 pm made its commit again without them and left
/// them staged; that second commit failed on signing and submodules.)
#[test]
fn a_hook_that_stages_other_files_gets_them_into_pms_commit_and_named() {
    let env = TestEnv::new();
    let id = env.new_pm("Hook stages others", "2026-11-26T09:00:00Z");
    env.write("other.txt", "hi\n");
    env.git(&["add", "other.txt"]);
    env.git(&["commit", "-qm", "other"]);
    hook(
        &env,
        "pre-commit",
        "echo touched >> other.txt; git add other.txt\necho unrelated > unrelated.txt; git add unrelated.txt",
    );
    let file = env.file_of(&id);
    let run = env
        .pm(&[
            "timeline",
            "add",
            "third",
            "--at",
            "2026-11-26 09:07",
            "--pm",
            &id,
        ])
        .ok();
    assert!(
        run.stderr
            .contains("git's commit hooks added files pm did not write to the commit")
            && run.stderr.contains("`other.txt`")
            && run.stderr.contains("`unrelated.txt`"),
        "{}",
        run.stderr
    );
    // One commit, pm's message, pm's entry and the hook's files.
    let changed = env.git(&["show", "--name-only", "--format=", "HEAD"]);
    let mut changed: Vec<&str> = changed.lines().collect();
    changed.sort_unstable();
    assert_eq!(changed, ["other.txt", file.as_str(), "unrelated.txt"]);
    assert!(
        env.git(&["show", &format!("HEAD:{file}")])
            .contains("third")
    );
    assert_eq!(env.git(&["show", "HEAD:other.txt"]), "hi\ntouched\n");
    assert!(env.git(&["log", "-1", "--format=%s"]).starts_with("pm: "));
    // git's index agrees with HEAD: nothing staged, nothing reverted.
    env.assert_clean();
    // The next pm command writes as usual.
    std::fs::remove_file(env.path(".git/hooks/pre-commit")).unwrap();
    env.pm(&[
        "timeline",
        "add",
        "fourth",
        "--at",
        "2026-11-26 09:08",
        "--pm",
        &id,
    ])
    .ok();
}

/// patt21 D6: a hook that re-stages pm's file broken, or unstages it, was
/// committed unchecked ("Added ...", exit 0). pm checks what HEAD holds:
/// the commit is made, but pm says the hook broke it, exit 2.
#[test]
fn a_hook_that_breaks_or_unstages_pms_file_is_named_exit_2() {
    let env = TestEnv::new();
    let id = env.new_pm("Hook breaks it", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    hook(
        &env,
        "pre-commit",
        "for f in $(git diff --cached --name-only -- '*.yaml'); do printf 'title: dup\\n' >> \"$f\"; git add \"$f\"; done",
    );
    env.pm(&["timeline", "add", "x4", "--at", "2026-11-26 09:08", "--pm", &id])
        .error(&[
            &format!("{file}: the commit is made, but a pre-commit hook changed the file so that pm cannot read it"),
            "duplicate key `title`",
            "check the pre-commit hook",
        ]);
    let env = TestEnv::new();
    let id = env.new_pm("Hook unstages it", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    hook(
        &env,
        "pre-commit",
        "for f in $(git diff --cached --name-only -- '*.yaml'); do git rm -q --cached \"$f\"; done",
    );
    env.pm(&[
        "timeline",
        "add",
        "rm",
        "--at",
        "2026-11-26 09:07",
        "--pm",
        &id,
    ])
    .error(&[
        &format!("{file}: the commit is made, but a pre-commit hook took the file out of it"),
        &format!("`git add {file} && git commit {file}`"),
    ]);
    // The file holds the entry, and git's index agrees with HEAD (no
    // staged revert): the hint is all it takes.
    assert_eq!(
        env.git(&["status", "--porcelain", "--untracked-files=all"]),
        format!("?? {file}\n")
    );
    // A formatter that changes the file and keeps it readable is fine.
    let env = TestEnv::new();
    let id = env.new_pm("Hook formats it", "2026-11-26T09:00:00Z");
    hook(
        &env,
        "pre-commit",
        "for f in $(git diff --cached --name-only -- '*.yaml'); do printf '# formatted\\n' >> \"$f\"; git add \"$f\"; done",
    );
    env.pm(&[
        "timeline",
        "add",
        "ok",
        "--at",
        "2026-11-26 09:07",
        "--pm",
        &id,
    ])
    .ok();
    env.assert_clean();
}

/// The mode HEAD and git's index record for `file` (`100644`, `100755`).
fn modes(env: &TestEnv, file: &str) -> (String, String) {
    let head = env.git(&["ls-tree", "HEAD", "--", file]);
    let index = env.git(&["ls-files", "--stage", "--", file]);
    let first = |s: &str| s.split_whitespace().next().unwrap_or("").to_string();
    (first(&head), first(&index))
}

/// Attack 76: a post-mortem committed as executable (from a FAT/NTFS
/// share, a Windows clone). pm's commit recorded it as 100644 while git's
/// index kept 100755: a staged mode change pm left behind, which made
/// every later write refuse the file and `pm sync` stop. pm's commit keeps
/// the mode git has for the file, as `git commit` does, through libgit2
/// and through the `git` binary (a hook), and where core.fileMode is off.
#[test]
fn an_executable_post_mortem_keeps_its_mode_and_git_status_stays_clean() {
    use std::os::unix::fs::PermissionsExt;
    for (how, hooked, file_mode) in [
        ("libgit2", false, true),
        ("git commit, with a hook", true, true),
        ("core.fileMode false", false, false),
        ("core.fileMode false, with a hook", true, false),
    ] {
        let env = TestEnv::new();
        let id = env.new_pm("Exec bit", "2026-11-26T09:00:00Z");
        let file = env.file_of(&id);
        if file_mode {
            let path = env.path(&file);
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
            env.git(&["add", "--", &file]);
        } else {
            // The file system cannot keep the bit: git's index alone has it.
            env.git(&["config", "core.fileMode", "false"]);
            env.git(&["update-index", "--chmod=+x", "--", &file]);
        }
        env.git(&["commit", "--quiet", "-m", "the file is executable"]);
        if hooked {
            hook(&env, "pre-commit", "exit 0");
        }
        let executable = ("100755".to_string(), "100755".to_string());
        assert_eq!(modes(&env, &file), executable, "{how}");
        for (n, at) in ["2026-11-26 09:10", "2026-11-26 09:11"].iter().enumerate() {
            env.pm(&[
                "timeline",
                "add",
                &format!("write {n}"),
                "--at",
                at,
                "--pm",
                &id,
            ])
            .ok();
            assert_eq!(modes(&env, &file), executable, "{how}: write {n}");
            env.assert_clean();
        }
        env.pm(&["action", "add", "Fix it", "--owner", "sre", "--pm", &id])
            .ok();
        assert_eq!(modes(&env, &file), executable, "{how}: action add");
        env.assert_clean();
        // Only the text changed in pm's commits, never the mode.
        let changes = env.git(&["log", "--format=", "--summary", "-3"]);
        assert!(!changes.contains("mode change"), "{how}: {changes}");
    }
}

/// Attack 76: `pm lint`, the CI gate, passed files every pm write then
/// refused. A local tag on the document (`--- !postmortem`, as some YAML
/// tooling writes) made the writes say "it is a bug in pm"; old Mac
/// line endings (a lone CR for each line break) made them refuse the
/// layout. Both are now written: the tag and the CR line breaks stay.
#[test]
fn a_tagged_document_and_cr_line_breaks_that_lint_passes_are_writable() {
    let env = TestEnv::new();
    for (title, kind) in [("Tagged doc", "tag"), ("CR only", "cr")] {
        let id = env.new_pm(title, "2026-11-26T09:00:00Z");
        let file = env.file_of(&id);
        let text = env.read(&file);
        let text = match kind {
            "tag" => format!("--- !postmortem\n{text}"),
            _ => text.replace('\n', "\r"),
        };
        env.write(&file, &text);
        env.git(&["commit", "--quiet", "-am", &format!("{kind}: by hand")]);
        env.pm(&["lint", &file]).ok();
        env.pm(&["show", &id]).ok();
        env.pm(&[
            "timeline",
            "add",
            "we saw it",
            "--at",
            "2026-11-26 09:10",
            "--pm",
            &id,
        ])
        .ok();
        env.pm(&["action", "add", "Fix it", "--owner", "sre", "--pm", &id])
            .ok();
        env.pm(&["action", "done", &format!("{id}#A1")]).ok();
        env.pm(&["review", &id, "--notes", "Looked at it."]).ok();
        let after = env.read(&file);
        match kind {
            "tag" => assert!(after.starts_with("--- !postmortem\n"), "{after}"),
            _ => assert!(!after.contains('\n') && after.ends_with('\r'), "{after:?}"),
        }
        // Only the values pm wrote changed: every comment is still there.
        let comments = |t: &str| {
            t.split(['\r', '\n'])
                .filter(|l| l.trim_start().starts_with('#'))
                .map(String::from)
                .collect::<Vec<_>>()
        };
        assert_eq!(comments(&after), comments(&text), "{after:?}");
        assert_eq!(env.timeline_texts(&id).last().unwrap(), "we saw it");
        let show = env.pm(&["show", &id, "--json"]).ok().json();
        assert_eq!(show["action_items"][0]["status"], "done", "{show}");
        env.pm(&["lint", &file]).ok();
        env.assert_clean();
    }
}

/// A lone CR among LF line breaks: YAML reads a line break there, pm's
/// line-by-line edits and most editors do not. Lint, show and the writes
/// all refuse it the same way, at the CR, saying what to do; never "a
/// bug in pm".
#[test]
fn a_lone_cr_among_lf_line_breaks_is_refused_alike_by_lint_show_and_writes() {
    let env = TestEnv::new();
    let id = env.new_pm("Mixed breaks", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let text = env.read(&file).replacen("\nsummary:", "\rsummary:", 1);
    env.write(&file, &text);
    env.git(&["commit", "--quiet", "-am", "a lone CR"]);
    let line = text[..text.find('\r').unwrap()].matches('\n').count() + 1;
    let at = format!("{file}:{line}:");
    let before = env.snapshot();
    for run in [
        env.pm(&["show", &id]).error(&[&at, "lone carriage return"]),
        env.pm(&[
            "timeline",
            "add",
            "x",
            "--at",
            "2026-11-26 09:10",
            "--pm",
            &id,
        ])
        .error(&[&at, "lone carriage return"]),
        env.pm(&["action", "add", "y", "--owner", "o", "--pm", &id])
            .error(&[&at, "lone carriage return"]),
    ] {
        assert!(!run.stderr.contains("bug in pm"), "{}", run.stderr);
    }
    env.pm(&["lint", &file])
        .code(1)
        .stdout_has(&at)
        .stdout_has("lone carriage return");
    assert_eq!(env.snapshot(), before);
    env.assert_clean();
}

/// Attack 76: `pm edit` resuming a kept draft that the editor removed
/// said the text "is kept in .git/pm/drafts/ID.yaml", a file that was
/// gone. It says the draft is gone, that the post-mortem is unchanged,
/// and leaves no orphan `.base`; the next `pm edit` starts afresh.
#[test]
fn an_edit_whose_draft_the_editor_removed_says_so_and_leaves_nothing_behind() {
    let env = TestEnv::new();
    let id = env.new_pm("Edit", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let before = env.read(&file);
    let breaks =
        crate::foundation::editor_script(&env, "bad.sh", "echo 'title: [broken' >> \"$1\"");
    let removes = crate::foundation::editor_script(&env, "rm.sh", "rm -f \"$1\"");
    let drafts = env.path(".git/pm/drafts");
    let draft = format!(".git/pm/drafts/{id}.yaml");
    for resume in [true, false] {
        if resume {
            env.pm_with(&["edit", &id], &[("EDITOR", &breaks)])
                .error(&["the edit is not valid", &draft]);
        }
        // (A resumed edit says so first, on a `note:` line.)
        let run = env
            .pm_with(&["edit", &id], &[("EDITOR", &removes)])
            .code(2)
            .stderr_has(&format!(
                "error: {file} was not changed: the draft {draft} is gone"
            ))
            .stderr_has(&format!("{file} is as it was; run `pm edit {id}`"));
        assert!(!run.stderr.contains("kept in"), "{}", run.stderr);
        assert_eq!(
            run.stderr.contains("unsaved text it held"),
            resume,
            "{}",
            run.stderr
        );
        assert_eq!(env.read(&file), before);
        let left: Vec<_> = std::fs::read_dir(&drafts)
            .map(|d| d.flatten().map(|e| e.file_name()).collect())
            .unwrap_or_default();
        assert!(left.is_empty(), "{left:?}");
        env.assert_clean();
    }
    // The next edit starts from the file, as if none had been made.
    env.pm_with(&["edit", &id], &[("EDITOR", "true")])
        .ok()
        .stdout_has("No changes");
}

/// A post-mortem whose every line ends in a lone CR (old Mac OS line
/// breaks, which pm reads and writes) is linted as the same file with LF
/// ends: every finding at the same line and column. Lint counted LF only,
/// so every finding of such a file was at line 1 (and an inline allow,
/// on "line 1" too, allowed nothing it was meant to). Blame words in a
/// block, in a quoted value, a schema error, and a syntax error alike;
/// `pm show` names the same place for the error as lint does.
#[test]
fn lint_positions_in_a_file_with_cr_line_ends_are_those_of_the_lf_file() {
    let env = TestEnv::new();
    let file = "postmortems/2026/2026-11-20-bad.yaml";
    let blame = format!(
        "{HEADER}summary: |\n  The deploy went out at 09:00.\n  The checkout service slowed down.\n  Bob should have checked the config before the deploy.\nroot_cause: \"It was human error, plain and simple.\"\n# pm-lint: allow human-error -- quoting the vendor's report\nimpact: The vendor's report calls it human error.\naction_items:\n  - id: A1\n    title: t\n    status: finished\n"
    );
    // Syntax errors pm explains at the place of the mistake: a `{` never
    // closed, a tab in the indentation.
    let unclosed = format!("{HEADER}summary: fine\nlinks: {{a: 1\nimpact: none\n");
    let tab = format!("{HEADER}summary: fine\nimpact:\n\tnone\n");
    let line_of = |text: &str, needle: &str| {
        text[..text.find(needle).unwrap()].matches('\n').count() as u64 + 1
    };
    for lf in [&blame, &unclosed, &tab] {
        env.write(file, lf);
        let expected = env.pm(&["lint", file, "--format", "json"]).code(1).json();
        let show_lf = env.pm(&["show", "bad"]).error(&[file]);
        let cr = lf.replace('\n', "\r");
        env.write(file, &cr);
        let found = env.pm(&["lint", file, "--format", "json"]).code(1).json();
        assert_eq!(found, expected, "CR:\n{found:#}\nLF:\n{expected:#}");
        let show_cr = env.pm(&["show", "bad"]).error(&[file]);
        assert_eq!(
            position(&show_cr.stderr, file),
            position(&show_lf.stderr, file),
            "{}",
            show_cr.stderr
        );
        let at = |f: &serde_json::Value| {
            (
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_string(),
            )
        };
        let findings: Vec<_> = found.as_array().unwrap().iter().map(at).collect();
        if lf == &blame {
            let bob = line_of(lf, "Bob should");
            assert!(
                findings.iter().any(|(line, _)| *line == bob),
                "nothing at {bob}: {findings:?}"
            );
            let quoted = line_of(lf, "It was human error");
            assert!(
                findings.contains(&(quoted, "human-error".into())),
                "{findings:?}"
            );
            let allowed = line_of(lf, "The vendor's report calls");
            assert!(
                !findings.iter().any(|(line, _)| *line == allowed),
                "{findings:?}"
            );
            let status = line_of(lf, "status: finished");
            assert!(
                findings.iter().any(|(line, _)| *line == status),
                "{findings:?}"
            );
            assert_eq!(
                position(&show_cr.stderr, file).0,
                status,
                "{}",
                show_cr.stderr
            );
            // The human format names the same place.
            env.pm(&["lint", file])
                .code(1)
                .stdout_has(&format!("{file}:{bob}:"));
        } else {
            let (at, says) = if lf == &unclosed {
                ((line_of(lf, "links: {"), 8), "never closed")
            } else {
                ((line_of(lf, "\tnone"), 1), "a tab in the indentation")
            };
            assert_eq!(findings, [(at.0, "parse-error".to_string())], "{found:#}");
            assert!(
                found[0]["message"].as_str().unwrap().contains(says),
                "{found:#}"
            );
            assert_eq!(found[0]["column"], at.1, "{found:#}");
            assert_eq!(position(&show_cr.stderr, file), at, "{}", show_cr.stderr);
        }
    }
}
