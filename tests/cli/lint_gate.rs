//! `pm lint` as the CI gate: a file every other command refuses fails it
//! in every output format, misspelt keys are found in every mapping of the
//! format, and a bad byte is placed at the character where it is.

use std::fs;

use crate::support::TestEnv;

const NON_UTF8: &str = "postmortems/2026/2026-11-01-latin1.yaml";
const BROKEN: &str = "postmortems/2026/2026-11-02-broken.yaml";
const LINK: &str = "postmortems/2026/2026-11-03-link.yaml";

/// A repository with a file saved as Latin-1 after an emoji (`é` is the
/// byte E9), a file that is not YAML, and a symlink to a file outside the
/// repository.
fn broken_files() -> TestEnv {
    let env = TestEnv::new();
    env.write(BROKEN, "pm: 1\ntitle: [unclosed\n");
    let mut latin1 = "pm: 1\ntitle: \u{1f525} caf".as_bytes().to_vec();
    latin1.extend(b"\xe9 down\n");
    std::fs::write(env.path(NON_UTF8), latin1).unwrap();
    let outside = env.home().join("outside.yaml");
    std::fs::write(&outside, "pm: 1\n").unwrap();
    std::os::unix::fs::symlink(&outside, env.path(LINK)).unwrap();
    env
}

/// $ pm show latin1                  -> error: ...latin1.yaml:2:13: not valid UTF-8 text
/// $ pm lint latin1 --format json    -> parse-error at line 2, column 13
///
/// A bad byte is placed at the character where it is, as every column pm
/// gives: after `title: `, an emoji (four bytes), a space and `caf`, the
/// byte of a Latin-1 `é` is the thirteenth character of its line, not
/// the sixteenth byte.
#[test]
fn a_bad_byte_is_placed_at_its_character_column() {
    let env = broken_files();
    env.pm(&["show", "latin1"])
        .error(&["2026-11-01-latin1.yaml:2:13: not valid UTF-8 text"]);
    let json = env
        .pm(&["lint", NON_UTF8, "--format", "json"])
        .code(1)
        .json();
    assert_eq!(json.as_array().unwrap().len(), 1, "{json:#}");
    assert_eq!(json[0]["rule"], "parse-error");
    assert_eq!(
        (&json[0]["line"], &json[0]["column"], &json[0]["end_column"]),
        (&2.into(), &13.into(), &14.into()),
        "{json:#}"
    );
    // A BOM (which every reader skips) is not counted either.
    let mut with_bom = "\u{feff}pm: 1\ntitle: caf".as_bytes().to_vec();
    with_bom.extend(b"\xe9\n");
    std::fs::write(env.path(NON_UTF8), with_bom).unwrap();
    env.pm(&["show", "latin1"])
        .error(&["2026-11-01-latin1.yaml:2:11: not valid UTF-8 text"]);
    let mut first_line = "\u{feff}title: caf".as_bytes().to_vec();
    first_line.extend(b"\xe9\n");
    std::fs::write(env.path(NON_UTF8), first_line).unwrap();
    env.pm(&["show", "latin1"])
        .error(&["2026-11-01-latin1.yaml:1:11: not valid UTF-8 text"]);
}

/// $ pm show latin1        -> exit 2, refused
/// $ pm lint --format F    -> exit 1 for every F, each file a finding
///
/// The CI gate fails on what every other command refuses, whichever
/// format CI reads: the finding is in the SARIF, the annotations, the
/// Code Quality report and the JSON, not only in the exit code.
#[test]
fn files_other_commands_refuse_fail_lint_in_every_format() {
    let env = broken_files();
    env.pm(&["show", "latin1"])
        .error(&["2026-11-01-latin1.yaml:2:13", "UTF-8"]);
    env.pm(&["show", "broken"])
        .error(&["2026-11-02-broken.yaml"]);
    env.pm(&["show", "link"]).error(&["symlink"]);

    // Human: each file, and the line of the bad byte as far as it reads.
    let human = env.pm(&["lint"]).code(1);
    for needle in [
        "error[parse-error]",
        "--> postmortems/2026/2026-11-01-latin1.yaml:2:13",
        "2 | title: \u{1f525} caf\u{fffd} down",
        // At the `[` never closed, not at the end where the parser noticed.
        "--> postmortems/2026/2026-11-02-broken.yaml:2:8",
        "error[unreadable]",
        "2026-11-03-link.yaml is a symlink",
    ] {
        assert!(
            human.stdout.contains(needle),
            "no `{needle}`:\n{}",
            human.stdout
        );
    }

    // JSON: character columns.
    let json = env.pm(&["lint", "--format", "json"]).code(1).json();
    let found: Vec<(String, String, u64, u64)> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["file"].as_str().unwrap().to_string(),
                f["rule"].as_str().unwrap().to_string(),
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
            )
        })
        .collect();
    let expected = [
        (NON_UTF8, "parse-error", 2, 13),
        (BROKEN, "parse-error", 2, 8),
        (LINK, "unreadable", 1, 1),
    ];
    for (file, rule, line, column) in expected {
        assert!(
            found.contains(&(file.to_string(), rule.to_string(), line, column)),
            "no {rule} at {file}:{line}:{column} in {found:?}"
        );
    }

    // GitHub annotations: UTF-16 columns (the emoji is two).
    let github = env.pm(&["lint", "--format", "github"]).code(1);
    for needle in [
        "::error file=postmortems/2026/2026-11-01-latin1.yaml,line=2,col=14,",
        "::error file=postmortems/2026/2026-11-02-broken.yaml,line=2,col=8,",
        "::error file=postmortems/2026/2026-11-03-link.yaml,line=1,col=1,",
    ] {
        assert!(
            github.stdout.contains(needle),
            "no `{needle}`:\n{}",
            github.stdout
        );
    }

    // SARIF: an error result for each, placed the same way.
    let sarif = env.pm(&["lint", "--format", "sarif"]).code(1).json();
    let results: Vec<(String, String, String, u64)> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let place = &r["locations"][0]["physicalLocation"];
            (
                place["artifactLocation"]["uri"]
                    .as_str()
                    .unwrap()
                    .to_string(),
                r["ruleId"].as_str().unwrap().to_string(),
                r["level"].as_str().unwrap().to_string(),
                place["region"]["startColumn"].as_u64().unwrap(),
            )
        })
        .collect();
    for (file, rule, column) in [
        (NON_UTF8, "parse-error", 14),
        (BROKEN, "parse-error", 8),
        (LINK, "unreadable", 1),
    ] {
        assert!(
            results.contains(&(
                file.to_string(),
                rule.to_string(),
                "error".to_string(),
                column
            )),
            "no {rule} error at {file} column {column} in {results:?}"
        );
    }

    // GitLab Code Quality: a major issue for each.
    let quality = env.pm(&["lint", "--format", "codequality"]).code(1).json();
    for (file, rule) in [
        (NON_UTF8, "parse-error"),
        (BROKEN, "parse-error"),
        (LINK, "unreadable"),
    ] {
        assert!(
            quality
                .as_array()
                .unwrap()
                .iter()
                .any(|i| i["check_name"] == rule
                    && i["severity"] == "major"
                    && i["location"]["path"] == file),
            "no major {rule} for {file}: {quality:#}"
        );
    }

    // Named one by one, as a pre-commit hook does: the same.
    for file in [NON_UTF8, BROKEN, LINK] {
        env.pm(&["lint", file]).code(1);
    }
    // Exit 2 is for what keeps lint from running, never for a file.
    env.pm(&["lint", "--format", "yaml"]).code(2);
    let outside = env.home().join("outside.yaml");
    env.pm(&["lint", outside.to_str().unwrap()])
        .error(&["outside the repository"]);
}

/// A post-mortem with every part written, and two misspelt keys in
/// mappings below the top level: a link's `titel` and a past review's
/// `note`.
const NESTED_TYPOS: &str = "pm: 1
id: 2026-11-20-cache
title: Cache outage
status: draft
severity: SEV2
date: 2026-11-20
summary: The cache stopped answering.
follow_up:
  due: 2026-12-04
  history:
    - due: 2026-11-27
      held: 2026-11-27
      note: moved a week
links:
  - titel: Dashboard
    url: https://grafana.example/d/cache
  - title: Runbook
    url: https://wiki.example/cache
    owner_team: sre
";

/// $ pm lint cache --format json   -> unknown-key at 13:7 and 15:5
///
/// Misspelt keys are warned about in every mapping of the format, as at
/// the top level: a link's `titel` and a past review's `note` are lost to
/// pm as surely as a top-level `sumary`. A key that is no typo of one pm
/// knows (`owner_team`) is kept silently there too.
#[test]
fn misspelt_keys_in_links_and_past_reviews_are_warned_about() {
    let env = TestEnv::new();
    env.write("postmortems/2026/2026-11-20-cache.yaml", NESTED_TYPOS);
    let json = env.pm(&["lint", "cache", "--format", "json"]).ok().json();
    let unknown: Vec<(u64, u64, String)> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "unknown-key")
        .map(|f| {
            assert_eq!(f["severity"], "warning", "{f}");
            (
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        unknown,
        [
            (
                13,
                7,
                "`note` in a past review (follow_up.history) is not a key pm knows; did you mean `notes`? Its content is ignored by pm.".to_string()
            ),
            (
                15,
                5,
                "`titel` in a link is not a key pm knows; did you mean `title`? Its content is ignored by pm.".to_string()
            ),
        ],
        "{json:#}"
    );
    // Human output names file, line and key; --deny warnings fails on it.
    env.pm(&["lint", "cache", "--deny", "warnings"])
        .code(1)
        .stdout_has("warning[unknown-key]: `titel` in a link is not a key pm knows")
        .stdout_has("--> postmortems/2026/2026-11-20-cache.yaml:15:5");
    // Fixed, the warnings go.
    env.write(
        "postmortems/2026/2026-11-20-cache.yaml",
        &NESTED_TYPOS
            .replace("titel:", "title:")
            .replace("note:", "notes:"),
    );
    let json = env.pm(&["lint", "cache", "--format", "json"]).ok().json();
    assert!(!json.to_string().contains("unknown-key"), "{json:#}");
}

/// $ pm lint leap --format json   -> invalid-value at the `12:34:60` time
///
/// A stored timeline time with second 60 that is not 23:59:60 UTC cannot
/// have happened: import skips such a record and `--at` refuses it, so
/// lint fails a file that holds one (written by hand, or by an older pm),
/// at its place. A real leap second, in any offset, passes.
#[test]
fn a_stored_time_that_did_not_happen_fails_lint() {
    let env = TestEnv::new();
    let text = "pm: 1
id: 2026-11-26-leap
title: Leap
status: draft
severity: SEV2
date: 2026-11-26
timeline:
  - at: 2026-11-26T09:00:00Z
    kind: impact-start
    text: Errors rose
  - at: 2026-11-26T12:34:60Z
    text: Paged
  - at: 2026-11-26T23:59:60Z
    text: A real leap second
  - at: 2026-11-27T00:59:60+01:00
    text: The same second, written in +01:00
";
    env.write("postmortems/2026/2026-11-26-leap.yaml", text);
    let json = env.pm(&["lint", "leap", "--format", "json"]).code(1).json();
    let invalid: Vec<(u64, u64, String)> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "invalid-value")
        .map(|f| {
            assert_eq!(f["severity"], "error", "{f}");
            (
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        invalid,
        [(
            11,
            9,
            "timeline time `2026-11-26T12:34:60Z` did not happen: a leap second (:60) only comes at 23:59:60 UTC; correct it with `pm timeline edit N --at ...`".to_string()
        )],
        "{json:#}"
    );
    // As `--at` refuses it, and imports skip it.
    env.pm(&[
        "timeline",
        "add",
        "Paged",
        "--pm",
        "leap",
        "--at",
        "2026-11-26T12:34:60Z",
    ])
    .error(&["did not happen", "23:59:60 UTC"]);
    // Corrected, the file passes.
    env.write(
        "postmortems/2026/2026-11-26-leap.yaml",
        &text.replace("12:34:60Z", "12:34:59Z"),
    );
    let json = env.pm(&["lint", "leap", "--format", "json"]).ok().json();
    assert!(!json.to_string().contains("invalid-value"), "{json:#}");
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

/// patt31 #3: a file in a year's folder whose name starts with a dot is
/// hidden, and no command reads it as a post-mortem; so that broken YAML
/// or an overdue item in it never passes the CI gate unseen, a
/// whole-repository `pm lint` (and one of a folder holding it, or of the
/// file) reports it as an error saying to rename it, and the readers say
/// they skip it. An Emacs lock (`.#x.yaml`, a symlink) is left alone.
#[test]
fn a_hidden_file_in_a_year_folder_fails_lint_and_readers_say_they_skip_it() {
    let env = TestEnv::new();
    let id = env.new_pm("Demo", "2026-11-26T09:00:00Z");
    let broken = "postmortems/2026/.2026-11-01-hidden.yaml";
    let late = "postmortems/2026/.2026-11-02-late.yaml";
    env.write(broken, "pm: 1\nid: 2026-11-01-hidden\ntitle: [unclosed\n");
    env.write(
        late,
        "pm: 1\nid: 2026-11-02-late\ntitle: Late\nstatus: published\nseverity: SEV1\n\
         date: 2026-11-02\nauthors: [a]\ntimeline: []\naction_items:\n  \
         - {id: A1, title: Overdue, owner: o, due: 2026-11-05, status: open}\n",
    );
    std::os::unix::fs::symlink("someone@host.4711", env.path("postmortems/2026/.#x.yaml")).unwrap();
    env.git(&[
        "add",
        "-A",
        "postmortems/2026/.2026-11-01-hidden.yaml",
        late,
    ]);
    env.git(&["commit", "-qm", "hidden files"]);

    // The CI gate fails, naming each file and what to do.
    let lint = env.pm(&["lint", "--format", "json"]).code(1).json();
    let unreadable: Vec<(&str, &str, &str)> = lint
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "unreadable")
        .map(|f| {
            (
                f["file"].as_str().unwrap(),
                f["message"].as_str().unwrap(),
                f["suggestion"].as_str().unwrap_or(""),
            )
        })
        .collect();
    assert_eq!(
        unreadable.iter().map(|f| f.0).collect::<Vec<_>>(),
        [broken, late],
        "{lint:#}"
    );
    for (_, message, fix) in &unreadable {
        assert!(message.contains("starts with a dot"), "{message}");
        assert!(fix.contains("rename it (git mv)"), "{fix}");
    }
    let human = env.pm(&["lint"]).code(1);
    assert!(
        human.stdout.contains("error[unreadable]"),
        "{}",
        human.stdout
    );
    assert!(!human.stdout.contains(".#x.yaml"), "{}", human.stdout);
    assert!(
        !human.stderr.contains("warning: skipped"),
        "{}",
        human.stderr
    );
    // So does a lint of the folder, and of the file by its path (which
    // also lints what it holds).
    env.pm(&["lint", "postmortems/2026"])
        .code(1)
        .stdout_has(late);
    env.pm(&["lint", broken])
        .code(1)
        .stdout_has("error[parse-error]")
        .stdout_has("error[unreadable]");
    env.pm(&["lint", late])
        .code(1)
        .stdout_has("error[unreadable]");
    // The post-mortem beside them is still linted on its own.
    env.pm(&["lint", &id]).ok();

    // The readers skip them, saying so.
    for args in [&["list"][..], &["due", "--check"], &["stats"]] {
        let run = env.pm(args);
        for file in [broken, late] {
            assert!(
                run.stderr.contains(&format!(
                    "warning: skipped {file}: its name starts with a dot"
                )),
                "{args:?}\n{}",
                run.stderr
            );
        }
        assert!(!run.stderr.contains(".#x.yaml"), "{}", run.stderr);
    }

    // Renamed as the error says, the file is a post-mortem like any other.
    env.git(&["mv", late, "postmortems/2026/2026-11-02-late.yaml"]);
    env.git(&["rm", "-q", broken]);
    env.git(&["commit", "-qm", "renamed"]);
    let lint = env.pm(&["lint", "--format", "json"]).json();
    assert!(!lint.to_string().contains("unreadable"), "{lint:#}");
    env.pm(&["due", "--check"]).code(1).stdout_has("Overdue");
}

/// fix40: the same for a hidden file where no post-mortem is read at all:
/// directly in `postmortems/`, or in a folder inside a year's folder. A
/// whole-repository `pm lint` reports it as `unreadable` (not silently
/// passed over, as it was), the readers say they skip it, and a lint of
/// its folder or of the file does too. Its visible neighbour there is
/// still the `misplaced-file` warning; an Emacs lock is still left alone.
#[test]
fn a_hidden_file_outside_a_year_folder_fails_lint_and_readers_say_they_skip_it() {
    let env = TestEnv::new();
    env.new_pm("Demo", "2026-11-26T09:00:00Z");
    let top = "postmortems/.2026-11-01-top.yaml";
    let deep = "postmortems/2026/old/.2026-11-02-deep.yaml";
    let deeper = "postmortems/2026/old/a/b/.x.yml";
    let visible = "postmortems/2026/old/2026-11-03-visible.yaml";
    for file in [top, deep, deeper, visible] {
        env.write(file, "pm: 1\ntitle: [unclosed\n");
    }
    std::os::unix::fs::symlink("someone@host.4711", env.path("postmortems/.#x.yaml")).unwrap();
    std::os::unix::fs::symlink(
        "someone@host.4711",
        env.path("postmortems/2026/old/.#y.yaml"),
    )
    .unwrap();

    // $ pm lint   -> error[unreadable] for each hidden file, misplaced-file for the other
    let lint = env.pm(&["lint", "--format", "json"]).code(1).json();
    let by_rule = |rule: &str| -> Vec<String> {
        lint.as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == rule)
            .map(|f| f["file"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(by_rule("unreadable"), [top, deep, deeper], "{lint:#}");
    assert_eq!(by_rule("misplaced-file"), [visible], "{lint:#}");
    for f in lint.as_array().unwrap() {
        if f["rule"] == "unreadable" {
            let message = f["message"].as_str().unwrap();
            assert!(message.contains("starts with a dot"), "{message}");
            let fix = f["suggestion"].as_str().unwrap();
            assert!(fix.contains("rename it (git mv)"), "{fix}");
        }
    }
    assert!(!lint.to_string().contains(".#"), "{lint:#}");

    // A lint of the folder holding one, or of the file, says it too.
    env.pm(&["lint", "postmortems/2026/old"])
        .code(1)
        .stdout_has(deep)
        .stdout_has(deeper);
    env.pm(&["lint", top])
        .code(1)
        .stdout_has("error[unreadable]");

    // $ pm list   -> warning: skipped postmortems/.2026-11-01-top.yaml: ...
    for args in [&["list"][..], &["due", "--check"], &["stats"]] {
        let run = env.pm(args);
        for file in [top, deep, deeper] {
            assert!(
                run.stderr.contains(&format!(
                    "warning: skipped {file}: its name starts with a dot"
                )),
                "{args:?}\n{}",
                run.stderr
            );
        }
        assert!(!run.stderr.contains(visible), "{}", run.stderr);
        assert!(!run.stderr.contains(".#"), "{}", run.stderr);
    }
}

/// fix40, hostile names: a hidden file outside a year folder with a
/// control character or an escape sequence in its name, a symlink with a
/// hidden name, and a hidden folder name are printed made safe, one line
/// each, by lint and by the readers; a symlinked folder is not followed.
#[test]
fn hidden_files_outside_year_folders_are_named_safely() {
    let env = TestEnv::new();
    env.new_pm("Demo", "2026-11-26T09:00:00Z");
    env.write("postmortems/.a\x1b[31mred\nx.yaml", "pm: 1\n");
    let outside = env.home().join("elsewhere");
    fs::create_dir_all(&outside).unwrap();
    fs::write(outside.join(".secret.yaml"), "pm: 1\n").unwrap();
    std::os::unix::fs::symlink(&outside, env.path("postmortems/2026/linked")).unwrap();
    std::os::unix::fs::symlink(
        outside.join(".secret.yaml"),
        env.path("postmortems/.link.yaml"),
    )
    .unwrap();
    let long = format!(
        "postmortems/2026/{}/.{}.yaml",
        "d".repeat(200),
        "n".repeat(240)
    );
    env.write(&long, "pm: 1\n");

    let lint = env.pm(&["lint"]).code(1);
    assert!(!lint.stdout.contains('\x1b'), "{}", lint.stdout);
    assert!(!lint.stdout.contains("secret"), "{}", lint.stdout);
    assert!(lint.stdout.contains(".link.yaml"), "{}", lint.stdout);
    assert!(lint.stdout.contains(&long), "{}", lint.stdout);
    let list = env.pm(&["list"]).ok();
    assert!(!list.stderr.contains('\x1b'), "{}", list.stderr);
    assert!(!list.stderr.contains("secret"), "{}", list.stderr);
    let skipped: Vec<&str> = list
        .stderr
        .lines()
        .filter(|l| l.starts_with("warning: skipped"))
        .collect();
    assert_eq!(skipped.len(), 2, "{}", list.stderr);
    // A symlink directly in postmortems/ is refused as one (as a year's
    // folder that is a symlink is), once, in lint as in the readers.
    assert!(
        list.stderr
            .contains("warning: postmortems/.link.yaml is a symlink"),
        "{}",
        list.stderr
    );
    let json = env.pm(&["lint", "--format", "json"]).code(1).json();
    let link: Vec<&serde_json::Value> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["file"] == "postmortems/.link.yaml")
        .collect();
    assert_eq!(link.len(), 1, "{json:#}");
}
