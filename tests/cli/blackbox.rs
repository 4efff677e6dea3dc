//! Defects found by a black-box attack on the binary, each replayed as
//! the attacker typed it and checked against what pm promises instead.

use std::fs;
use std::os::unix::fs::symlink;

use crate::support::{TestEnv, is_symlink};

/// Every entry of a folder, by name, sorted: "nothing was changed" means
/// this list is the same after the command as before it.
fn names(dir: &std::path::Path) -> Vec<String> {
    let mut out: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

#[test]
fn init_never_reads_or_commits_a_symlinked_gitattributes() {
    let env = TestEnv::empty();
    env.git(&["init", "-q"]);
    env.git(&["commit", "-q", "--allow-empty", "-m", "first"]);
    let secret = env.home().join("secret.txt");
    fs::write(&secret, "SECRET-KEY=abc123\n").unwrap();
    symlink(&secret, env.path(".gitattributes")).unwrap();

    // $ pm init
    env.pm(&["init"]).error(&[
        ".gitattributes is a symlink",
        "does not follow symlinks",
        "nothing was changed",
    ]);
    assert!(
        is_symlink(&env.path(".gitattributes")),
        "the link stays a link"
    );
    assert_eq!(env.commits(), 1, "nothing was committed");
    assert!(!env.path("pm.yaml").exists());
    assert!(!env.path("postmortems").exists());
    assert_eq!(fs::read_to_string(&secret).unwrap(), "SECRET-KEY=abc123\n");

    // An existing pm repository whose committed .gitattributes became a
    // symlink: re-installing the merge driver refuses the same way.
    fs::remove_file(env.path(".gitattributes")).unwrap();
    env.pm(&["init"]).ok();
    fs::remove_file(env.path(".gitattributes")).unwrap();
    symlink(&secret, env.path(".gitattributes")).unwrap();
    env.git(&["add", ".gitattributes"]);
    env.git(&["commit", "-q", "-m", "attributes elsewhere"]);
    let commits = env.commits();
    env.pm(&["init"])
        .error(&[".gitattributes is a symlink", "nothing was changed"]);
    assert_eq!(env.commits(), commits);
    assert!(is_symlink(&env.path(".gitattributes")));
    let committed = env.git(&["show", "HEAD:.gitattributes"]);
    assert!(!committed.contains("SECRET"), "{committed}");
}

#[test]
fn a_failed_init_leaves_no_git_folder_behind() {
    // No git identity: refused before anything stays behind.
    let env = TestEnv::empty();
    env.pm_with(&["init"], &[("GIT_CONFIG_GLOBAL", "/dev/null")])
        .error(&["no identity", "pm init --no-commit", "nothing was changed"])
        .stderr_has("user.email");
    assert!(names(&env.repo).is_empty(), "{:?}", names(&env.repo));
    // The hint it gives works.
    env.pm_with(
        &["init", "--no-commit"],
        &[("GIT_CONFIG_GLOBAL", "/dev/null")],
    )
    .ok();
    assert!(env.path("pm.yaml").is_file());

    // pm.yaml is a folder.
    let env = TestEnv::empty();
    fs::create_dir(env.path("pm.yaml")).unwrap();
    env.pm(&["init"])
        .error(&["pm.yaml is a folder", "nothing was changed"]);
    assert_eq!(names(&env.repo), ["pm.yaml"]);

    // postmortems is a symlink.
    let env = TestEnv::empty();
    symlink(env.home(), env.path("postmortems")).unwrap();
    env.pm(&["init"])
        .error(&["postmortems is a symlink", "nothing was changed"]);
    assert_eq!(names(&env.repo), ["postmortems"]);

    // A new folder given to init is not left behind either.
    let env = TestEnv::empty();
    env.pm_with(
        &["init", "new/deep/dir"],
        &[("GIT_CONFIG_GLOBAL", "/dev/null")],
    )
    .error(&["no identity"]);
    assert!(!env.path("new").exists());

    // Inside git's own folder.
    let env = TestEnv::empty();
    env.git(&["init", "-q"]);
    let before = names(&env.path(".git"));
    env.pm(&["init", ".git"])
        .error(&["inside git's own folder", "nothing was changed"]);
    assert_eq!(names(&env.path(".git")), before);
}

/// Anchors `&a`..`&f`, each a list of ten aliases of the one before:
/// a million values once followed ("billion laughs", within lint's
/// limits on size and depth).
fn laughs(levels: &str) -> String {
    let mut lines = vec!["x-a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol,lol]".to_string()];
    for (prev, name) in levels.chars().zip(levels.chars().skip(1)) {
        lines.push(format!(
            "x-{name}: &{name} [{}]",
            vec![format!("*{prev}"); 10].join(",")
        ));
    }
    lines.join("\n") + "\n"
}

#[test]
fn aliases_that_expand_too_far_fail_lint_where_other_commands_refuse_them() {
    let env = TestEnv::new();
    let id = env.new_pm("Demo", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let plain = env.read(&file);

    // A few aliases are fine everywhere.
    env.write(&file, &format!("{plain}{}", laughs("abc")));
    env.git(&["commit", "-qam", "some aliases"]);
    env.pm(&["lint", &id]).code(0);
    assert_eq!(
        env.pm(&["show", &id, "--json"]).ok().json()["x-c"][0][0][0],
        "lol"
    );

    // Six levels: refused by every reader, at the alias that crosses the
    // limit (line and column of `*e` on the last line), and lint fails.
    env.write(&file, &format!("{plain}{}", laughs("abcdef")));
    env.git(&["commit", "-qam", "too many aliases"]);
    let last = env.read(&file).lines().count();
    let at = format!("{file}:{last}:10");
    let lint = env.pm(&["lint", &id]).code(1);
    assert!(
        lint.stdout.contains(&format!("{file}:{last}:10")),
        "{}",
        lint.stdout
    );
    assert!(lint.stdout.contains("alias `*e`"), "{}", lint.stdout);
    env.pm(&["show", &id, "--json"]).error(&[&at, "alias `*e`"]);
    env.pm(&["show", &id]).error(&[&at]);
    let before = env.snapshot();
    env.pm(&["timeline", "add", "hi", "--at", "10:00", "--pm", &id])
        .error(&[&at, "nothing was changed"]);
    assert_eq!(before, env.snapshot());
}

#[test]
fn show_json_gives_keys_that_are_not_text_as_yaml_prints_them() {
    let env = TestEnv::new();
    let id = env.new_pm("Demo", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let text = env.read(&file);
    env.write(
        &file,
        &format!("{text}x-map:\n  null: nil\n  1: one\n  ? [a, b]\n  : both\n"),
    );
    env.git(&["commit", "-qam", "odd keys"]);
    let json = env.pm(&["show", &id, "--json"]).ok().json();
    assert_eq!(json["x-map"]["null"], "nil");
    assert_eq!(json["x-map"]["1"], "one");
    assert_eq!(json["x-map"]["[\"a\",\"b\"]"], "both");
    assert_eq!(json["id"], id.as_str());
}

#[test]
fn a_null_required_field_is_missing_for_every_command() {
    let env = TestEnv::new();
    let id = env.new_pm("Demo", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let text = env.read(&file);
    for (field, null) in [("severity", "~"), ("id", "~"), ("title", "null")] {
        let line_no = text
            .lines()
            .position(|l| l.starts_with(&format!("{field}:")))
            .unwrap()
            + 1;
        let broken: String = text
            .lines()
            .map(|l| {
                if l.starts_with(&format!("{field}:")) {
                    format!("{field}: {null}\n")
                } else {
                    format!("{l}\n")
                }
            })
            .collect();
        env.write(&file, &broken);
        env.git(&["commit", "-qam", &format!("{field} null")]);
        let at = format!("{file}:{line_no}:1: `{field}` is empty (null)");
        // Write commands refuse, naming the field, and change nothing.
        let before = env.snapshot();
        env.pm(&["timeline", "add", "hi", "--at", "10:00", "--pm", &id])
            .error(&[&at, "nothing was changed"]);
        env.pm(&["action", "add", "Fix", "--owner", "sre", "--pm", &id])
            .error(&[&at]);
        assert_eq!(before, env.snapshot());
        // Readers refuse it alike, never showing `~` or `null` as text.
        env.pm(&["show", &id]).error(&[&at]);
        env.pm(&["show", &id, "--json"]).error(&[&at]);
        let list = env.pm(&["list", "--json"]).ok();
        let listed = list.json();
        let shown = listed[0][field].as_str().unwrap_or("").to_string();
        assert!(shown != null && shown != "~", "{field}: {shown}");
        // lint: the field is missing (one finding, an error).
        let lint = env.pm(&["lint", &id, "--format", "json"]).code(1);
        let findings = lint.json();
        let rules: Vec<&str> = findings
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap())
            .collect();
        assert_eq!(rules, ["missing-field"], "{field}: {}", lint.stdout);
        env.write(&file, &text);
        env.git(&["commit", "-qam", "back"]);
    }
}

#[test]
fn a_file_whose_name_is_not_utf8_fails_lint_and_readers_say_they_skip_it() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let env = TestEnv::new();
    let id = env.new_pm("Demo", "2026-11-26T09:00:00Z");
    let text = env.read(&env.file_of(&id));
    let hidden = env
        .path("postmortems/2026")
        .join(OsStr::from_bytes(b"2026-11-20-hidden\xff.yaml"));
    fs::write(&hidden, text.replace(&id, "2026-11-20-hidden")).unwrap();
    env.git(&["add", "-A"]);
    env.git(&["commit", "-qm", "a name that is not text"]);
    let shown = r"postmortems/2026/2026-11-20-hidden\xff.yaml";

    let lint = env.pm(&["lint"]).code(1);
    assert!(
        lint.stdout.contains("error[unreadable]") && lint.stdout.contains(shown),
        "{}",
        lint.stdout
    );
    assert!(!lint.stderr.contains("warning: skipped"), "{}", lint.stderr);
    env.pm(&["list"])
        .ok()
        .stderr_has(&format!("warning: skipped {shown}"))
        .stderr_has("not valid UTF-8");
    env.pm(&["due", "--check"])
        .stderr_has(&format!("warning: skipped {shown}"));
}

#[test]
fn refusals_give_commands_that_work() {
    let env = TestEnv::new();
    let id = env.new_pm("Demo", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);

    // An untracked post-mortem: `git restore` cannot discard it.
    let text = env.read(&file);
    let other = "postmortems/2026/2026-11-20-untracked.yaml";
    env.write(other, &text.replace(&id, "2026-11-20-untracked"));
    let run = env
        .pm(&[
            "timeline",
            "add",
            "hi",
            "--at",
            "10:00",
            "--pm",
            "2026-11-20-untracked",
        ])
        .error(&[other, "not committed yet", "move it out of the repository"]);
    assert!(!run.stderr.contains("git restore"), "{}", run.stderr);
    fs::remove_file(env.path(other)).unwrap();

    // A year's folder that is a file.
    fs::remove_dir_all(env.path("postmortems/2026")).unwrap();
    env.git(&["commit", "-qam", "gone"]);
    fs::write(env.path("postmortems/2026"), "").unwrap();
    let run = env
        .pm(&[
            "new",
            "Next",
            "-s",
            "SEV2",
            "--started",
            "2026-11-26T09:00:00Z",
            "--no-edit",
        ])
        .error(&["postmortems/2026 is a file where a folder is expected"]);
    assert!(!run.stderr.contains("not a regular file"), "{}", run.stderr);
    fs::remove_file(env.path("postmortems/2026")).unwrap();

    // A cherry-pick stopped at a conflict: named, with its own abort.
    let id = env.new_pm("Other", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    env.git(&["checkout", "-qb", "side"]);
    env.write(
        &file,
        &env.read(&file).replace("title: Other", "title: Side"),
    );
    env.git(&["commit", "-qam", "side"]);
    env.git(&["checkout", "-q", "-"]);
    env.write(
        &file,
        &env.read(&file).replace("title: Other", "title: Main"),
    );
    env.git(&["commit", "-qam", "main"]);
    let picked = env
        .command("git")
        .args(["cherry-pick", "side"])
        .output()
        .unwrap();
    assert!(!picked.status.success());
    env.pm(&["action", "add", "Fix", "--owner", "sre", "--pm", &id])
        .error(&[
            "a git cherry-pick is in progress",
            "git cherry-pick --abort",
            "git cherry-pick --continue",
        ]);
    env.git(&["cherry-pick", "--abort"]);

    // A bisect: its abort is `git bisect reset`.
    env.git(&["bisect", "start"]);
    let run = env
        .pm(&["action", "add", "Fix", "--owner", "sre", "--pm", &id])
        .error(&["a git bisect is in progress", "git bisect reset"]);
    assert!(!run.stderr.contains("--abort"), "{}", run.stderr);
}

/// Run pm with standard output on a full disk (`> /dev/full`).
fn to_full_disk(env: &TestEnv, args: &[&str]) -> (i32, String) {
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = env
        .pm_cmd(args)
        .stdin(std::process::Stdio::null())
        .stdout(full)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_full_disk_on_stdout_after_files_are_written_is_a_warning_and_help_on_it_an_error() {
    let env = TestEnv::new();
    env.new_pm("Demo", "2026-11-26T09:00:00Z");
    let site = env.home().join("site");
    let ics = env.home().join("due.ics");
    let man = env.home().join("man");
    for args in [
        vec!["site", site.to_str().unwrap()],
        vec!["due", "--ics", ics.to_str().unwrap()],
        vec!["man", "--out", man.to_str().unwrap()],
    ] {
        let (code, stderr) = to_full_disk(&env, &args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        assert!(
            stderr.contains("warning: cannot write to standard output")
                && stderr.contains("were written"),
            "{args:?}: {stderr}"
        );
    }
    assert!(site.join("index.html").is_file());
    assert!(ics.is_file());
    assert!(fs::read_dir(&man).unwrap().count() > 0);

    for args in [["--help"], ["--version"]] {
        let (code, stderr) = to_full_disk(&env, &args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("error: cannot write to standard output"),
            "{args:?}: {stderr}"
        );
    }
}

#[test]
fn workflow_commands_are_defused_in_github_annotations_and_written_html() {
    let env = TestEnv::new();
    let id = env.new_pm("Demo", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let text = env.read(&file);
    // A timeline kind that is a workflow command, and one mid-line in text.
    assert!(text.contains("\ntimeline:\n"), "{text}");
    let text = text.replace(
        "\ntimeline:\n",
        "\ntimeline:\n  - at: 2026-11-26T09:00:00Z\n    kind: \"##[error]kind\"\n    text: \"x ##vso[task.setvariable variable=PWN]1\"\n",
    );
    env.write(&file, &text);
    // And a file whose name holds one.
    let odd = "postmortems/2026/x ##vso[task.setvariable variable=PWN]1.yaml";
    env.write(odd, "pm: 1\n");
    env.git(&["add", "-A"]);
    env.git(&["commit", "-qm", "hostile"]);

    let lint = env.pm(&["lint", "--format", "github"]);
    assert!(lint.stdout.contains("::"), "{}", lint.stdout);
    assert!(
        !lint.stdout.contains("##[") && !lint.stdout.contains("##vso["),
        "{}",
        lint.stdout
    );
    assert!(lint.stdout.contains("#\u{200b}#vso["), "{}", lint.stdout);

    let page = env.home().join("page.html");
    env.pm(&[
        "render",
        &id,
        "--format",
        "html",
        "-o",
        page.to_str().unwrap(),
    ])
    .ok();
    let site = env.home().join("site");
    env.pm(&["site", site.to_str().unwrap()]).ok();
    for html in [page, site.join(format!("pm/{id}.html"))] {
        let written = fs::read_to_string(&html).unwrap_or_else(|e| panic!("{html:?}: {e}"));
        assert!(written.contains("vso"), "{html:?}");
        assert!(
            !written.contains("##vso[") && !written.contains("##["),
            "{html:?} keeps a workflow command"
        );
    }
}
