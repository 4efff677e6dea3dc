//! Issue 10: defects found by trying to break pm, each reproduced through
//! the binary, and the class of each.

use crate::support::TestEnv;

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
