//! Terminal and CI-log injection: whatever a file or a person puts in a
//! field, what pm prints is text, on the lines pm meant, and commit
//! subjects are one line.

use std::fs;

use crate::support::{Run, TestEnv};

/// A YAML double-quoted value holding a colour that pm never uses, an OSC 8
/// hyperlink, a bidi override, a bell, a C1 CSI, a carriage return and line
/// breaks that would put a workflow command at the start of a line, and
/// the two workflow-command forms that work anywhere in a line.
const HOSTILE: &str = r#""Payments \e[5;41mBLINK\e[0m \e]8;;https://evil.example\e\\click\e]8;;\e\\ \u202Eevil\u202C bell\a c1\x9b5m over\rwrite\n::error file=a.yaml,line=1::pwned\n##[warning]two ##vso[task.setvariable variable=x]y""#;

/// The same characters as typed on a command line.
const HOSTILE_ARG: &str = "Payments \x1b[5;41mBLINK\x1b[0m \x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\ \u{202E}evil\u{202C} bell\x07 c1\u{9b}5m over\rwrite\n::error file=a.yaml,line=1::pwned\n##[warning]two ##vso[task.setvariable variable=x]y";

fn hostile_postmortem(id: &str) -> String {
    format!(
        "pm: 1
id: {id}
title: {HOSTILE}
status: draft
severity: SEV2
date: 2026-11-20
authors: [{HOSTILE}]
services: [{HOSTILE}]
summary: {HOSTILE}
root_cause: |
  Human error by the operator. \u{202E}reversed
  ::error::pwned
contributing_factors: [{HOSTILE}]
lessons:
  went_well: [{HOSTILE}]
timeline:
  - at: 2026-11-20T09:00:00Z
    kind: impact-start
    text: {HOSTILE}
    by: {HOSTILE}
action_items:
  - id: A1
    title: {HOSTILE}
    owner: {HOSTILE}
    due: 2026-11-21
    status: open
follow_up:
  due: 2026-11-22
  notes: {HOSTILE}
links:
  - title: {HOSTILE}
    url: {HOSTILE}
"
    )
}

/// What a terminal or a CI log would act on, removed of pm's own colours
/// (SGR sequences, which pm emits only with colour on): nothing may remain.
#[track_caller]
fn assert_safe(run: &Run, what: &str) {
    for (stream, text) in [("stdout", &run.stdout), ("stderr", &run.stderr)] {
        let context = || format!("{what}: {stream} of `{}`:\n{text}", run.cmd);
        assert!(
            !text.contains("\x1b[5;41m"),
            "raw SGR from the file: {}",
            context()
        );
        assert!(!text.contains("\x1b]"), "OSC sequence: {}", context());
        let stripped = strip_sgr(text);
        for c in stripped.chars() {
            assert!(
                c == '\n'
                    || c == '\t'
                    || !(c.is_control()
                        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}')),
                "control or bidi character U+{:04X}: {}",
                c as u32,
                context()
            );
        }
        for line in stripped.lines() {
            assert!(
                !line.trim_start().starts_with("::"),
                "a line starts a workflow command: {line:?}\n{}",
                context()
            );
        }
        let lower = stripped.to_ascii_lowercase();
        assert!(
            !lower.contains("##[") && !lower.contains("##vso["),
            "workflow command: {}",
            context()
        );
    }
}

/// Remove `ESC [ digits;... m`: the colours pm itself prints.
fn strip_sgr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("\x1b[") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let len = after
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .unwrap_or(after.len());
        if after[len..].starts_with('m') {
            rest = &after[len + 1..];
        } else {
            out.push_str("\x1b[");
            rest = after;
        }
    }
    out.push_str(rest);
    out
}

fn hostile_env() -> (TestEnv, String) {
    let env = TestEnv::new();
    let id = "2026-11-20-payments".to_string();
    env.write(&env.file_of(&id), &hostile_postmortem(&id));
    // A broken file whose error quotes a hostile key: lint reports it,
    // list and due warn about it.
    env.write(
        "postmortems/2026/2026-11-21-broken.yaml",
        "pm: 1\nid: 2026-11-21-broken\n\"\\e[5;41mk\\u202e\\n::error::x\": 1\n\"\\e[5;41mk\\u202e\\n::error::x\": 2\n",
    );
    env.git(&["add", "-A"]);
    env.git(&["commit", "-qm", "hand-written"]);
    (env, id)
}

/// Every command that shows user text, with colour off (a CI log) and
/// forced on (a terminal): list, show, timeline list, action list, due in
/// each grouping, lint, and errors that quote what was typed.
#[test]
fn no_command_prints_escapes_bidi_controls_or_workflow_commands() {
    let (env, id) = hostile_env();
    let commands: Vec<Vec<&str>> = vec![
        vec!["list"],
        vec!["show", &id],
        vec!["timeline", "list", &id],
        vec!["action", "list"],
        vec!["due"],
        vec!["due", "--by", "postmortem"],
        vec!["due", "--by", "due"],
        vec!["lint", &id],
        vec!["lint"],
        vec!["show", HOSTILE_ARG],
        vec!["list", "--status", HOSTILE_ARG],
        vec!["timeline", "add", "x", "--at", HOSTILE_ARG, "--pm", &id],
        vec!["action", "done", HOSTILE_ARG],
    ];
    for args in &commands {
        let plain = env.pm(args);
        assert!(plain.code <= 2, "{}", plain.stderr);
        assert_safe(&plain, "no colour");
        let colour = env.pm_with(args, &[("NO_COLOR", ""), ("CLICOLOR_FORCE", "1")]);
        assert_safe(&colour, "colour");
    }
    // What was shown is still there to read, as visible stand-ins.
    let show = env.pm(&["show", &id]).ok();
    assert!(
        show.stdout.contains("Payments ␛[5;41mBLINK"),
        "{}",
        show.stdout
    );
    assert!(show.stdout.contains("�evil�"), "{}", show.stdout);
    // The multi-line root cause keeps its lines, with the command defused.
    assert!(
        show.stdout.contains("  :\u{200b}:error::pwned"),
        "{}",
        show.stdout
    );
    // A title is one line in a table: the injected line stays inside it.
    let list = env.pm_with(&["list"], &[("COLUMNS", "400")]).ok();
    assert!(
        list.stdout
            .lines()
            .any(|l| l.contains("2026-11-20-payments") && l.contains("pwned")),
        "{}",
        list.stdout
    );
}

/// JSON keeps every value exactly (a reader decodes the escapes), and is
/// safe to print too.
#[test]
fn json_keeps_values_exactly_and_is_safe_to_print() {
    let (env, id) = hostile_env();
    for args in [
        vec!["list", "--json"],
        vec!["show", &id, "--json"],
        vec!["action", "list", "--json"],
        vec!["due", "--json"],
        vec!["timeline", "list", &id, "--json"],
        vec!["lint", &id, "--format", "json"],
        vec!["lint", &id, "--format", "sarif"],
    ] {
        let run = env.pm(&args);
        assert_safe(&run, "json");
        serde_json::from_str::<serde_json::Value>(&run.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: not JSON: {e}\n{}", run.stdout));
    }
    let expected = HOSTILE_ARG;
    let list = env.pm(&["list", "--json"]).ok().json();
    // The broken file is listed too, as what can be read of it.
    let payments = list
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["id"] == id.as_str())
        .unwrap();
    assert_eq!(payments["title"], expected);
    let timeline = env.pm(&["timeline", "list", &id, "--json"]).ok().json();
    assert_eq!(timeline["entries"][0]["text"], expected);
}

#[test]
fn github_annotations_carry_no_escapes() {
    let (env, _) = hostile_env();
    let run = env.pm(&["lint", "--format", "github"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(run.stdout.contains("duplicate key"), "{}", run.stdout);
    for line in run.stdout.lines() {
        assert!(line.starts_with("::"), "{line}");
        assert!(
            !line.contains('\x1b') && !line.contains('\u{202e}'),
            "{line:?}"
        );
    }
}

/// A line break in a file name reaches a GitHub annotation escaped as the
/// workflow-command format says, so the annotation names the real file
/// and forges no line of its own.
#[test]
fn a_line_break_in_a_file_name_is_escaped_in_github_annotations() {
    let env = TestEnv::new();
    env.write(
        "postmortems/2026/x\nerror: forged.yaml",
        "pm: 1\nid: x\ntitle: [\n",
    );
    let run = env.pm(&["lint", "--format", "github"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    let annotation = run
        .stdout
        .lines()
        .find(|l| l.contains("forged"))
        .unwrap_or_else(|| panic!("{}", run.stdout));
    assert!(
        annotation.contains("file=postmortems/2026/x%0Aerror%3A forged.yaml,"),
        "{annotation}"
    );
    // A carriage return is %0D, not a line feed.
    env.write("postmortems/2026/c\rr.yaml", "pm: 1\nid: c\ntitle: [\n");
    let run = env.pm(&["lint", "--format", "github"]);
    assert!(
        run.stdout.contains("file=postmortems/2026/c%0Dr.yaml,"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.lines().all(|l| l.starts_with("::")),
        "{}",
        run.stdout
    );
}

/// Text typed on the command line goes into commit messages: one line,
/// no body, no trailers.
#[test]
fn commit_subjects_are_one_line_without_trailers() {
    let env = TestEnv::new();
    env.new_pm("Checkout down", "2026-11-27T08:00:00Z");
    let title =
        "Add alert\n\nSigned-off-by: Mallory <m@example.com>\nCo-authored-by: Eve <e@example.com>";
    env.pm(&["action", "add", title, "--owner", "ops\nReviewed-by: x"])
        .ok();
    let message = env.git(&["log", "-1", "--format=%B"]);
    assert_eq!(message.trim_end().lines().count(), 1, "{message}");
    assert!(message.starts_with("pm: action "), "{message}");
    let trailers = env.git(&["log", "-1", "--format=%(trailers)"]);
    assert!(trailers.trim().is_empty(), "trailers: {trailers}");

    env.pm(&[
        "action",
        "edit",
        "A1",
        "--owner",
        "sre\n\nSigned-off-by: M <m@x>",
    ])
    .ok();
    let message = env.git(&["log", "-1", "--format=%B"]);
    assert_eq!(message.trim_end().lines().count(), 1, "{message}");
    let trailers = env.git(&["log", "-1", "--format=%(trailers)"]);
    assert!(trailers.trim().is_empty(), "trailers: {trailers}");
    // The subject is text: no escapes either.
    env.pm(&["action", "add", "x\x1b[2Jy", "--owner", "o"]).ok();
    let subject = env.git(&["log", "-1", "--format=%s"]);
    assert!(!subject.contains('\x1b'), "{subject:?}");
}

/// What pm echoes after a write quotes the person's text: made safe too.
#[test]
fn write_confirmations_are_safe() {
    let env = TestEnv::new();
    let id = env.new_pm("Checkout down", "2026-11-27T08:00:00Z");
    let runs = [
        env.pm(&["timeline", "add", HOSTILE_ARG, "--by", "on-call"]),
        env.pm(&["action", "add", HOSTILE_ARG, "--owner", HOSTILE_ARG]),
        env.pm(&["action", "edit", "A1", "--owner", HOSTILE_ARG]),
        env.pm_stdin(
            &["timeline", "import", &id, "--from", "-", "--level", "error", "--dry-run"],
            &format!(
                "{}\n",
                serde_json::json!({"time": "2026-11-27T08:30:00Z", "level": "error", "msg": HOSTILE_ARG})
            ),
        ),
    ];
    for run in &runs {
        assert_eq!(run.code, 0, "{}", run.stderr);
        assert_safe(run, "confirmation");
    }
}

/// A file whose name holds a character that draws nothing (a zero-width
/// space) must not pass for the file it imitates: people see the character
/// spelled out; JSON keeps the real name so a script can open the file.
#[test]
fn invisible_characters_in_file_names_are_spelled_out() {
    let env = TestEnv::new();
    let id = env.new_pm("Checkout down", "2026-11-27T08:00:00Z");
    let real = env.file_of(&id);
    let fake = real.replace(".yaml", "\u{200b}.yaml");
    env.git(&["mv", &real, &fake]);
    let run = env.pm(&["lint"]);
    let shown = fake.replace('\u{200b}', "<U+200B>");
    assert!(
        run.stdout.contains(&format!("--> {shown}:")),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains(&format!("is not the file's name (`{id}<U+200B>`)")),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains('\u{200b}'), "{:?}", run.stdout);
    let json = env.pm(&["lint", "--format", "json"]).json();
    let files: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["file"].as_str())
        .collect();
    assert!(files.contains(&fake.as_str()), "{files:?}");
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
    // The repository holds a file that cannot be read (its name is the
    // attack): the site is written, and pm site exits 1 for that file.
    env.pm(&["site", site.to_str().unwrap()]).code(1);
    for html in [page, site.join(format!("pm/{id}.html"))] {
        let written = fs::read_to_string(&html).unwrap_or_else(|e| panic!("{html:?}: {e}"));
        assert!(written.contains("vso"), "{html:?}");
        assert!(
            !written.contains("##vso[") && !written.contains("##["),
            "{html:?} keeps a workflow command"
        );
    }
}

/// patt21 D7: clap's usage errors quoted a typed value with its line
/// break (a second line starting with the typed text) and silently
/// dropped its escape sequences. They now quote it as pm's own errors do:
/// one line, `␛` for ESC.
#[test]
fn usage_errors_quote_a_typed_value_on_one_line_with_stand_ins() {
    let env = TestEnv::new();
    let evil = "\u{1b}[31mX\r::error::y\n::warning::z";
    for args in [
        vec![evil],
        vec!["list", "--\u{1b}[31mX\r::error::y\n::warning::z"],
        vec!["stats", "--by", evil],
    ] {
        let run = env.pm(&args).code(2);
        let first = run.stderr.lines().next().unwrap_or("");
        assert!(first.starts_with("error: "), "{}", run.stderr);
        assert!(
            first.contains("␛[31mX ::error::y ::warning::z"),
            "{}",
            run.stderr
        );
        assert!(!run.stderr.contains('\u{1b}'), "{}", run.stderr);
        assert!(
            run.stderr
                .lines()
                .all(|l| !l.contains("::warning") || l == first),
            "{}",
            run.stderr
        );
    }
}

/// patt21 D9: a path that is not UTF-8 is named with its bytes spelled
/// out, as the other messages name such an argument, never with U+FFFD.
#[test]
fn a_path_that_is_not_utf8_is_named_with_its_bytes() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let env = TestEnv::new();
    let mut cmd = env.pm_cmd(&["--repo"]);
    cmd.arg(OsStr::from_bytes(b"o\xff")).arg("list");
    let run = env
        .run_cmd(cmd, None, &["--repo", "o\\xff", "list"])
        .error(&["--repo: o\\xff is not a directory"]);
    assert!(!run.stderr.contains('\u{fffd}'), "{}", run.stderr);
    let out = env.dir.path().join(OsStr::from_bytes(b"s\xff"));
    let mut cmd = env.pm_cmd(&["site"]);
    cmd.arg(&out);
    let run = env.run_cmd(cmd, None, &["site", "s\\xff"]).ok();
    assert!(run.stdout.contains("s\\xff: index.html"), "{}", run.stdout);
    assert!(!run.stdout.contains('\u{fffd}'), "{}", run.stdout);
    assert!(out.join("index.html").is_file());
}

/// patt21 D9 (the last of it): `pm lint` takes a file whose name is not
/// UTF-8 (git holds any bytes; a pre-commit hook passes such a path): it
/// lints it, naming it with its bytes spelled out, never refused as an
/// argument or named with U+FFFD. One in a year's folder also gets the
/// error the whole-repository run gives it: no command can name it.
#[test]
fn lint_takes_a_file_whose_name_is_not_utf8() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let env = TestEnv::new();
    let id = env.new_pm("Checkout outage", "2026-11-26T09:00:00Z");
    // An error lint reports in the file itself.
    let text = env
        .read(&env.file_of(&id))
        .replacen("status: draft", "status: closedd", 1);
    let name = OsStr::from_bytes(b"o\xff.yaml");
    fs::create_dir_all(env.path("drafts")).unwrap();
    fs::write(env.path("drafts").join(name), &text).unwrap();
    fs::write(env.path("postmortems/2026").join(name), &text).unwrap();

    let mut cmd = env.pm_cmd(&["lint"]);
    cmd.arg(std::path::Path::new("drafts").join(name));
    let run = env
        .run_cmd(cmd, None, &["lint", "drafts/o\\xff.yaml"])
        .code(1);
    assert!(
        run.stdout.contains("--> drafts/o\\xff.yaml:"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("closedd"), "{}", run.stdout);
    assert!(!run.stdout.contains("not valid UTF-8"), "{}", run.stdout);
    assert!(!run.stdout.contains('\u{fffd}'), "{}", run.stdout);

    let mut cmd = env.pm_cmd(&["lint", "--format", "json"]);
    cmd.arg(std::path::Path::new("postmortems/2026").join(name));
    let run = env.run_cmd(
        cmd,
        None,
        &["lint", "--format", "json", "postmortems/2026/o\\xff.yaml"],
    );
    let findings = run.code(1).json();
    let files: Vec<(&str, &str)> = findings
        .as_array()
        .unwrap()
        .iter()
        .map(|f| (f["file"].as_str().unwrap(), f["message"].as_str().unwrap()))
        .collect();
    assert!(
        files
            .iter()
            .all(|(f, _)| *f == "postmortems/2026/o\\xff.yaml"),
        "{files:?}"
    );
    assert!(
        files.iter().any(|(_, m)| m.contains("closedd")),
        "{files:?}"
    );
    assert!(
        files
            .iter()
            .any(|(_, m)| m.contains("its name is not valid UTF-8 text")),
        "{files:?}"
    );

    // Not a file and not an id (an id is text): no such file, named.
    let mut cmd = env.pm_cmd(&["lint"]);
    cmd.arg(OsStr::from_bytes(b"gone\xff"));
    env.run_cmd(cmd, None, &["lint", "gone\\xff"])
        .error(&["gone\\xff: no such file"]);
}
