//! Writes into YAML a person laid out by hand: comments under a value,
//! anchors and tags, block scalar headers with indicators, a `-` alone on
//! its line. pm changes only what it must, or refuses in words naming the
//! field or line, with the file unchanged.

use crate::support::TestEnv;

/// A post-mortem with two action items, then `from` replaced by `to` in
/// its file by hand (committed). Returns the id and the file.
fn hand_edited(env: &TestEnv, edits: &[(&str, &str)]) -> (String, String) {
    let id = env.new_pm("Vendor outage", "2026-11-20T09:00:00Z");
    env.add_action(&id, "t1", "o", "2026-12-01");
    env.add_action(&id, "t2", "o", "2026-12-01");
    let rel = env.file_of(&id);
    let mut text = env.read(&rel);
    for (from, to) in edits {
        assert!(text.contains(from), "{from:?} not in\n{text}");
        text = text.replacen(from, to, 1);
    }
    env.write(&rel, &text);
    env.git(&["commit", "-qam", "by hand"]);
    (id, rel)
}

/// The refusal leaves the file as it was and says what to do, never that
/// pm has a bug.
#[track_caller]
fn refused(env: &TestEnv, rel: &str, args: &[&str], needles: &[&str]) {
    let before = env.read(rel);
    let commits = env.commits();
    let run = env.pm(args).error(needles);
    assert!(!run.stderr.contains("bug in pm"), "{}", run.stderr);
    assert!(run.stderr.contains("pm edit"), "{}", run.stderr);
    assert_eq!(env.read(rel), before);
    assert_eq!(env.commits(), commits);
}

const A1_STATUS: &str = "    status: open\n";

/// A comment indented under a one-line note would be read as text of the
/// block the note becomes: the block's lines go deeper, and the comment
/// stays where it was, a comment. (It was refused as a bug in pm.)
#[test]
fn a_comment_under_a_note_stays_a_comment() {
    let env = TestEnv::new();
    let (id, rel) = hand_edited(
        &env,
        &[
            (
                A1_STATUS,
                "    status: open\n    note: Waiting on the vendor.\n      # ticket 4711\n",
            ),
            (
                "\n  notes:\n",
                "\n  notes: Agenda by the IC.  # why\n    # ask about A2\n",
            ),
        ],
    );
    env.pm(&["action", "done", &format!("{id}#A1"), "--note", "Fixed."])
        .ok();
    env.pm(&["review", &id, "--notes", "All fine."]).ok();
    let after = env.read(&rel);
    assert!(
        after.contains(
            "    note: |-\n        Waiting on the vendor.\n\n        Fixed.\n      # ticket 4711\n"
        ),
        "{after}"
    );
    assert!(
        after.contains(
            "  notes: |-  # why\n      Agenda by the IC.\n\n      All fine.\n    # ask about A2\n"
        ),
        "{after}"
    );
    let shown = env.pm(&["show", &id, "--json"]).ok().json();
    assert_eq!(
        shown["action_items"][0]["note"],
        "Waiting on the vendor.\n\nFixed."
    );
    assert_eq!(
        shown["follow_up"]["notes"],
        "Agenda by the IC.\n\nAll fine."
    );
    env.assert_clean();
}

/// The same with CRLF line endings, a block note with a comment between
/// its lines and its key, and a very long line: all kept.
#[test]
fn comments_under_notes_survive_crlf_and_long_lines() {
    let env = TestEnv::new();
    let long = "x".repeat(5000);
    let (id, rel) = hand_edited(
        &env,
        &[
            (
                A1_STATUS,
                &format!("    status: open\n    note: {long}  # why\n      # deeper\n"),
            ),
            (
                "\n  notes:\n",
                &format!("\n  notes: |\n      {long}\n    # between\n      # deeper\n"),
            ),
        ],
    );
    let text = env.read(&rel).replace('\n', "\r\n");
    env.write(&rel, &text);
    let a1 = format!("{id}#A1");
    env.pm(&["action", "done", &a1, "--note", "Fixed.", "--no-commit"])
        .ok();
    env.pm(&["review", &id, "--notes", "Done.", "--no-commit"])
        .ok();
    let after = env.read(&rel);
    assert!(
        after.contains(&format!(
            "    note: |-  # why\r\n        {long}\r\n\r\n        Fixed.\r\n      # deeper\r\n    closed: 2026-11-27\r\n"
        )),
        "{}",
        &after[after.find("action_items").unwrap()..]
    );
    assert!(
        after.contains(&format!(
            "  notes: |\r\n      {long}\r\n\r\n      Done.\r\n    # between\r\n      # deeper\r\n"
        )),
        "{}",
        &after[after.find("follow_up").unwrap()..]
    );
    assert!(!after.replace("\r\n", "").contains('\n'));
    let shown = env.pm(&["show", &id, "--json"]).ok().json();
    assert_eq!(
        shown["action_items"][0]["note"],
        format!("{long}\n\nFixed.")
    );
    assert_eq!(shown["follow_up"]["notes"], format!("{long}\n\nDone.\n"));
}

/// An anchor or a text tag on a note stays on it; an anchor that an alias
/// repeats elsewhere, or a tag that is not text, is refused in words.
#[test]
fn a_notes_anchor_and_tag_stay() {
    let env = TestEnv::new();
    let (id, rel) = hand_edited(
        &env,
        &[
            (A1_STATUS, "    status: open\n    note: &ctx Waiting.\n"),
            ("\n  notes:\n", "\n  notes: !!str Agenda.  # c\n"),
        ],
    );
    env.pm(&["action", "done", &format!("{id}#A1"), "--note", "Fixed."])
        .ok();
    env.pm(&["review", &id, "--notes", "Fine."]).ok();
    let after = env.read(&rel);
    assert!(
        after.contains("    note: &ctx |-\n      Waiting.\n\n      Fixed.\n"),
        "{after}"
    );
    assert!(
        after.contains("  notes: !!str |-  # c\n    Agenda.\n\n    Fine.\n"),
        "{after}"
    );

    let env = TestEnv::new();
    let (id, rel) = hand_edited(
        &env,
        &[
            (A1_STATUS, "    status: open\n    note: &ctx Waiting.\n"),
            ("    title: t2\n", "    title: t2\n    note: *ctx\n"),
            ("\n  notes:\n", "\n  notes: !!binary aGVsbG8=\n"),
        ],
    );
    refused(
        &env,
        &rel,
        &["action", "done", &format!("{id}#A1"), "--note", "Fixed."],
        &["`action_items[0].note` is anchored as `&ctx`", "`*ctx`"],
    );
    refused(
        &env,
        &rel,
        &["action", "done", &format!("{id}#A2"), "--note", "Fixed."],
        &["`action_items[1].note` is written as the alias `*ctx`"],
    );
    refused(
        &env,
        &rel,
        &["review", &id, "--notes", "Fine."],
        &["follow_up.notes"],
    );
}

/// A block note keeps its header: an indentation indicator (`|2`, needed
/// when its first line starts with spaces), folding (`>`), chomping. In a
/// folded block a paragraph break is written so that it reads as one.
/// (`|2` became a quoted string, `>-` became `|-`.)
#[test]
fn a_block_notes_header_stays() {
    for (header, lines, want_value) in [
        (
            "|2",
            "      indented code\n    second\n",
            "  indented code\nsecond\n\nNew.\nNext line.\n",
        ),
        (
            ">2-",
            "      indented code\n    second\n    line\n",
            "  indented code\nsecond line\n\nNew.\nNext line.",
        ),
        ("|+", "    kept\n\n", "kept\n\nNew.\nNext line.\n\n\n"),
        (
            ">-",
            "    folded\n    text\n",
            "folded text\n\nNew.\nNext line.",
        ),
    ] {
        let env = TestEnv::new();
        let (id, rel) = hand_edited(
            &env,
            &[("\n  notes:\n", &format!("\n  notes: {header}\n{lines}"))],
        );
        env.pm(&["review", &id, "--notes", "New.\nNext line."]).ok();
        let after = env.read(&rel);
        let shown = env.pm(&["show", &id, "--json"]).ok().json();
        assert_eq!(shown["follow_up"]["notes"], want_value, "{after}");
        assert!(
            after.contains(&format!("\n  notes: {header}\n{}", lines.trim_end())),
            "{after}"
        );
        env.assert_clean();
    }
}

/// A `-` alone on its line with the item's lines below it is a list item
/// like any other: entries are added before and after it, moved and
/// removed with their lines. (It was refused as an unusual layout, or as
/// a bug in pm when an entry went before it.)
#[test]
fn a_dash_alone_on_its_line_starts_an_item() {
    let env = TestEnv::new();
    let timeline = "timeline:\n  -\n    at: 2026-11-20T09:00:00Z\n    text: one\n  - at: 2026-11-20T09:10:00Z\n    text: two\n  -  # three\n    at: 2026-11-20T09:20:00Z\n    text: three\n";
    let (id, rel) = hand_edited(
        &env,
        &[
            (
                "timeline:\n  - at: 2026-11-20T09:00:00Z\n    kind: impact-start\n    text: Impact started\n",
                timeline,
            ),
            (
                "action_items:\n  - id: A1\n",
                "action_items:\n  -\n    id: A1\n",
            ),
        ],
    );
    let pm = ["--pm", id.as_str()];
    env.pm(&[
        &["timeline", "add", "zero", "--at", "2026-11-20 08:50"],
        &pm[..],
    ]
    .concat())
        .ok();
    env.pm(&[
        &["timeline", "add", "half", "--at", "2026-11-20 09:05"],
        &pm[..],
    ]
    .concat())
        .ok();
    let after = env.read(&rel);
    assert!(
        after.contains("timeline:\n  - at: 2026-11-20T08:50:00Z\n    kind: note\n    text: zero\n  -\n    at: 2026-11-20T09:00:00Z\n    text: one\n  - at: 2026-11-20T09:05:00Z\n    kind: note\n    text: half\n  - at: 2026-11-20T09:10:00Z\n"),
        "{after}"
    );
    // `one` (entry 2) moves to the end, then `three` goes.
    env.pm(&[
        &["timeline", "edit", "2", "--at", "2026-11-20 09:30"],
        &pm[..],
    ]
    .concat())
        .ok();
    env.pm(&[&["timeline", "rm", "4"], &pm[..]].concat()).ok();
    let after = env.read(&rel);
    assert!(
        after.contains("    text: two\n  -\n    at: 2026-11-20T09:30:00Z\n    text: one\n\n"),
        "{after}"
    );
    assert!(!after.contains("text: three"), "{after}");

    env.pm(&[
        "action",
        "add",
        "t3",
        "--pm",
        &id,
        "--owner",
        "o",
        "--due",
        "2026-12-01",
    ])
    .ok();
    env.pm(&["action", "done", &format!("{id}#A1"), "--note", "Fixed."])
        .ok();
    env.pm(&["action", "rm", &format!("{id}#A2")]).ok();
    let after = env.read(&rel);
    assert!(
        after.contains("action_items:\n  -\n    id: A1\n    title: t1\n    owner: o\n    due: 2026-12-01\n    status: done\n    closed: 2026-11-27\n    note: Fixed.\n  - id: A3\n"),
        "{after}"
    );
    env.assert_clean();
}

/// A `-` with nothing after it is an empty item to YAML. In a list of
/// text (contributing factors) it is kept as it is while pm writes
/// elsewhere; where pm needs an entry (timeline, action items, links) it
/// is refused naming its line, not as a missing field.
#[test]
fn an_empty_item_is_kept_or_refused_naming_its_line() {
    let env = TestEnv::new();
    let (id, rel) = hand_edited(
        &env,
        &[(
            "contributing_factors: []\n",
            "contributing_factors:\n  - Retries without backoff.\n  -\n  -   # more?\n",
        )],
    );
    env.pm(&["review", &id, "--notes", "Fine."]).ok();
    let after = env.read(&rel);
    assert!(
        after.contains("contributing_factors:\n  - Retries without backoff.\n  -\n  -   # more?\n"),
        "{after}"
    );
    let shown = env.pm(&["show", &id, "--json"]).ok().json();
    assert_eq!(
        shown["contributing_factors"],
        serde_json::json!(["Retries without backoff.", null, null])
    );

    let env = TestEnv::new();
    let (id, rel) = hand_edited(
        &env,
        &[(
            "timeline:\n",
            "timeline:\n  - at: 2026-11-20T09:00:00Z\n    text: one\n  -\n",
        )],
    );
    let line = env.read(&rel).lines().position(|l| l == "  -").unwrap() + 1;
    let at = format!("{rel}:{line}:3: timeline[1] is an empty item, a `-` with nothing after it");
    for args in [
        vec!["review", id.as_str(), "--notes", "Fine."],
        vec!["timeline", "add", "x", "--pm", id.as_str()],
        vec!["show", id.as_str()],
    ] {
        let run = env.pm(&args).error(&[&at, "delete the line"]);
        assert!(!run.stderr.contains("missing field"), "{}", run.stderr);
    }
    env.assert_clean();
}

/// A note inside a flow mapping `{...}` cannot become a block: the new
/// paragraph goes into one quoted line there. (It was refused as a bug.)
#[test]
fn a_note_in_a_flow_mapping_becomes_one_quoted_line() {
    let env = TestEnv::new();
    let (id, rel) = hand_edited(
        &env,
        &[(
            "follow_up:\n  due: 2026-12-04\n  owner:\n  held:\n  notes:\n",
            "follow_up: {due: 2026-12-04, held: null, notes: Agenda.}  # short\n",
        )],
    );
    env.pm(&["review", &id, "--notes", "Fine."]).ok();
    assert!(
        env.read(&rel).contains(
            "follow_up: {due: 2026-12-04, held: 2026-11-27, notes: \"Agenda.\\n\\nFine.\"}  # short\n"
        ),
        "{}",
        env.read(&rel)
    );
    let shown = env.pm(&["show", &id, "--json"]).ok().json();
    assert_eq!(shown["follow_up"]["notes"], "Agenda.\n\nFine.");
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

/// A required key of a timeline entry or an action item left null
/// (`text: ~`, `title: null`, `title:`) is missing, as a null top-level
/// field is: lint reports `missing-field` at its line, the other commands
/// refuse the file naming the entry, the field and the line, and nothing
/// prints the null as the text `~` or `null`.
#[test]
fn a_null_text_or_title_in_an_entry_is_missing_for_every_command() {
    let env = TestEnv::new();
    let id = env.new_pm("Demo", "2026-11-26T09:00:00Z");
    env.pm(&[
        "timeline",
        "add",
        "Paged",
        "--at",
        "2026-11-26T09:05:00Z",
        "--pm",
        &id,
    ])
    .ok();
    env.add_action(&id, "Fix the pool", "sre", "2026-12-10");
    let file = env.file_of(&id);
    let text = env.read(&file);
    for (written, null, path) in [
        ("    text: Paged\n", "    text: ~\n", "timeline[1].text"),
        (
            "  - at: 2026-11-26T09:05:00Z\n",
            "  - at: ~\n",
            "timeline[1].at",
        ),
        (
            "    title: Fix the pool\n",
            "    title: null\n",
            "action_items[0].title",
        ),
        (
            "    title: Fix the pool\n",
            "    title:\n",
            "action_items[0].title",
        ),
    ] {
        assert!(text.contains(written), "{text}");
        let broken = text.replacen(written, null, 1);
        let line_no = broken[..broken.find(null).unwrap()].lines().count() + 1;
        env.write(&file, &broken);
        env.git(&["commit", "-qam", "null by hand"]);
        let (entry, field) = path.rsplit_once('.').unwrap();

        // lint: one finding, the field missing, at its line.
        let lint = env.pm(&["lint", &id, "--format", "json"]).code(1);
        let findings = lint.json();
        let found: Vec<(&str, u64)> = findings
            .as_array()
            .unwrap()
            .iter()
            .map(|f| (f["rule"].as_str().unwrap(), f["line"].as_u64().unwrap()))
            .collect();
        assert_eq!(
            found,
            [("missing-field", line_no as u64)],
            "{}",
            lint.stdout
        );
        assert!(
            findings[0]["message"]
                .as_str()
                .unwrap()
                .contains(&format!("`{path}` is empty (null)")),
            "{}",
            lint.stdout
        );
        env.pm(&["lint", &id])
            .code(1)
            .stdout_has(&format!("{file}:{line_no}:5"));

        // Readers and writers refuse it at the field, naming the entry.
        let at = format!("{file}:{line_no}:5: {entry}: `{field}` is empty (null)");
        env.pm(&["show", &id]).error(&[&at]);
        env.pm(&["show", &id, "--json"]).error(&[&at]);
        env.pm(&["render", &id]).error(&[&at]);
        let before = env.snapshot();
        env.pm(&["timeline", "add", "hi", "--at", "10:00", "--pm", &id])
            .error(&[&at, "nothing was changed"]);
        assert_eq!(before, env.snapshot());

        // List and due read what they can, and never print the null as
        // text.
        for args in [
            vec!["list"],
            vec!["due"],
            vec!["action", "list"],
            vec!["timeline", "list", &id],
        ] {
            let run = env.pm(&args);
            assert!(!run.stderr.contains("panicked"), "{args:?}: {}", run.stderr);
            // (`pm due` names the file it could not read fully, with why.)
            let shown = run.stdout.replace("is empty (null)", "");
            assert!(
                !shown.contains('~') && !shown.contains("null"),
                "{args:?}: {}",
                run.stdout
            );
        }
        for args in [vec!["list", "--json"], vec!["due", "--json"]] {
            let run = env.pm(&args).ok();
            assert!(
                !run.stdout.contains("\"~\"") && !run.stdout.contains("\"null\""),
                "{args:?}: {}",
                run.stdout
            );
        }
        env.write(&file, &text);
        env.git(&["commit", "-qam", "back"]);
    }
}

/// A timeline time is RFC 3339 with an offset, for every reader alike:
/// `+0100` (no colon) or a one-digit hour is refused by
/// `pm show` and the writers (exit 2, naming the value, file unchanged) and
/// reported by `pm lint` as `invalid-value` (exit 1); no command accepts
/// what another refuses.
#[test]
fn a_timeline_time_that_is_not_rfc_3339_is_refused_by_every_reader() {
    for bad in ["2026-11-20T10:00:00+0100", "2026-11-20T9:00:00Z"] {
        let env = TestEnv::new();
        let (id, rel) = hand_edited(&env, &[("at: 2026-11-20T09:00:00Z", &format!("at: {bad}"))]);
        refused(
            &env,
            &rel,
            &["show", &id],
            &[bad, "is not a time pm can read"],
        );
        refused(&env, &rel, &["show", &id, "--json"], &[bad]);
        refused(
            &env,
            &rel,
            &["timeline", "edit", "1", "--pm", &id, "--text", "x"],
            &[bad],
        );
        let lint = env.pm(&["lint", &id]).code(1);
        assert!(
            lint.stdout.contains("invalid-value") && lint.stdout.contains(bad),
            "{}",
            lint.stdout
        );
    }
}

/// An action item's `status` is optional, default open: left empty
/// (`status:`, `~`, `null`) it is open for every command, `pm lint`
/// included, never serde's "unknown variant ``"; `pm action done` then
/// writes its status.
#[test]
fn an_action_status_left_empty_is_open() {
    for empty in ["    status:\n", "    status: ~\n", "    status: null\n"] {
        let env = TestEnv::new();
        let (id, rel) = hand_edited(&env, &[(A1_STATUS, empty)]);
        let json = env.pm(&["action", "list", &id, "--json"]).ok().json();
        assert_eq!(json[0]["status"], "open", "{json}");
        env.pm(&["show", &id]).ok();
        let lint = env.pm(&["lint", &id, "--format", "json"]).json();
        assert!(!lint.to_string().contains(".status"), "{lint}");
        env.pm(&["action", "done", "A1", "--pm", &id]).ok();
        assert!(
            env.read(&rel).contains("    status: done\n"),
            "{}",
            env.read(&rel)
        );
    }
}

/// A link whose `url` is empty text links to nothing, as much as `url:`:
/// `pm lint` reports it as a missing field at its line; a link with an
/// address is fine.
#[test]
fn a_link_with_an_empty_url_is_a_missing_field() {
    let env = TestEnv::new();
    let (id, rel) = hand_edited(
        &env,
        &[(
            "links: []\n",
            "links:\n  - title: Dashboard\n    url: \"\"\n  - title: Runbook\n    url: https://runbooks.example/db\n",
        )],
    );
    let line = env
        .read(&rel)
        .lines()
        .position(|l| l == "    url: \"\"")
        .unwrap()
        + 1;
    let findings = env.pm(&["lint", &id, "--format", "json"]).code(1).json();
    let missing: Vec<_> = findings
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "missing-field")
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(missing.len(), 1, "{missing:?}");
    assert_eq!(missing[0].0, line as u64);
    assert!(
        missing[0].1.contains("`links[0].url` is empty"),
        "{missing:?}"
    );
}

/// A value of the wrong type is described by every command in `pm lint`'s
/// words for it, at its place: what the field must be and what it is,
/// never serde's "invalid type: ..., expected struct Link" or "expected
/// u64".
#[test]
fn a_wrong_type_is_described_in_lints_words() {
    let cases: [(&str, &str, &str); 3] = [
        (
            "links: []\n",
            "links: [\"http://x\"]\n",
            "`links[0]` must be a mapping of `key: value` lines, but it is text",
        ),
        (
            "pm: 1\n",
            "pm: 1.0\n",
            "`pm` is the format version, a number (1), but it is `1.0`",
        ),
        (
            "    status: open\n",
            "    status: closedd\n",
            "`action_items[0].status` is `closedd`; use one of open, done, dropped",
        ),
    ];
    for (from, to, words) in cases {
        let env = TestEnv::new();
        let (id, rel) = hand_edited(&env, &[(from, to)]);
        let line = env
            .read(&rel)
            .lines()
            .position(|l| l == to.trim_end())
            .unwrap()
            + 1;
        let at = format!("{rel}:{line}:");
        for args in [
            vec!["show", id.as_str()],
            vec!["timeline", "add", "x", "--pm", id.as_str()],
        ] {
            let run = env.pm(&args);
            assert!(!run.stderr.contains("invalid type"), "{}", run.stderr);
            assert!(!run.stderr.contains("expected"), "{}", run.stderr);
            refused(&env, &rel, &args, &[&at, words]);
        }
        // Lint says the same, at the same line.
        env.pm(&["lint", &rel]).code(1).stdout_has(words);
    }
}

/// pm.yaml's settings of the wrong type are named with what they must be.
#[test]
fn a_wrong_type_in_pm_yaml_says_what_the_setting_must_be() {
    for (from, to, words) in [
        (
            "follow_up_days: 14",
            "follow_up_days: 1.5",
            "pm.yaml:9:17: `follow_up_days` must be a whole number, but it is `1.5`",
        ),
        (
            "autocommit: true",
            "autocommit: 3",
            "`autocommit` must be true or false, but it is `3`",
        ),
        // Quoted as written, not as serde read it (`1000.0`, `16`).
        (
            "follow_up_days: 14",
            "follow_up_days: 1e3",
            "pm.yaml:9:17: `follow_up_days` must be a whole number, but it is `1e3`",
        ),
        (
            "autocommit: true",
            "autocommit: 0x10   # hex",
            "`autocommit` must be true or false, but it is `0x10`",
        ),
        (
            "severities: [SEV1, SEV2, SEV3, SEV4]",
            "severities: {SEV1: 1}",
            "`severities` must be a list, but it is a mapping (`key: value` lines)",
        ),
    ] {
        let env = TestEnv::new();
        let text = env.read("pm.yaml");
        assert!(text.contains(from), "{from} not in pm.yaml:\n{text}");
        env.write("pm.yaml", &text.replacen(from, to, 1));
        let run = env.pm(&["list"]).error(&[words, "fix pm.yaml"]);
        assert!(!run.stderr.contains("expected"), "{}", run.stderr);
    }
}

/// A setting pm does not know (mostly a typo) is named, with the keys
/// that exist, in words rather than serde's "unknown field ..., expected
/// one of".
#[test]
fn an_unknown_setting_in_pm_yaml_is_named_with_the_settings_that_exist() {
    let env = TestEnv::new();
    let text = env.read("pm.yaml");
    env.write(
        "pm.yaml",
        &text.replacen("follow_up_days: 14", "follow_up_day: 14", 1),
    );
    let run = env.pm(&["list"]).error(&[
        "pm.yaml:9:1: `follow_up_day` is not a key pm knows here; check its spelling",
        "follow_up_days, timezone",
        "fix pm.yaml",
    ]);
    assert!(!run.stderr.contains("unknown field"), "{}", run.stderr);
}

/// patt21 D1, D2: `sync` of the wrong type or value was reported in
/// serde's words (`invalid type: sequence, expected ...`, `string "~"`)
/// by every command, and `lint.severity` that is not a mapping was
/// accepted and ignored. Both are now said in words, at pm.yaml:LINE:COL.
#[test]
fn sync_and_lint_severity_of_the_wrong_type_are_said_in_words() {
    for (to, words) in [
        (
            "sync: [auto]",
            "pm.yaml:42:7: `sync` must be `manual` or `auto`, but it is a list",
        ),
        (
            "sync: {a: b}",
            "pm.yaml:42:7: `sync` must be `manual` or `auto`, but it is a mapping",
        ),
        (
            "sync: 5",
            "pm.yaml:42:7: `sync` must be `manual` or `auto`, but it is `5`",
        ),
        (
            "sync: ~",
            "pm.yaml:42:7: `sync` must be `manual` or `auto`, but it is empty",
        ),
        (
            "sync: \"\\e[2JEvil\"",
            "`sync` must be `manual` or `auto`, but it is `␛[2JEvil`",
        ),
    ] {
        let env = TestEnv::new();
        let text = env.read("pm.yaml");
        env.write("pm.yaml", &text.replacen("sync: manual", to, 1));
        for args in [vec!["list"], vec!["lint"], vec!["due"]] {
            let run = env.pm(&args).error(&[words]);
            assert!(!run.stderr.contains("invalid "), "{}", run.stderr);
            assert!(!run.stderr.contains("expected"), "{}", run.stderr);
        }
    }
    for (value, what) in [
        ("5", "but it is the number 5"),
        ("[a]", "but it is a list"),
        ("warning", "but it is the text `warning`"),
    ] {
        let env = TestEnv::new();
        let text = env.read("pm.yaml");
        env.write("pm.yaml", &format!("{text}lint:\n  severity: {value}\n"));
        let line = text.lines().count() + 2;
        env.pm(&["lint"]).error(&[
            &format!(
                "pm.yaml:{line}:13: lint.severity must be a mapping of rule: error, warning or info"
            ),
            what,
        ]);
    }
}

/// patt21 D4: messages that misquoted the value, lost the position or
/// gave the wrong reason. A quoted number is said to be text in quotes;
/// a day count out of range has its pm.yaml:LINE:COL; a team rule's
/// `pattern: 5` is of the wrong type, not missing; `owner: [bob]` is one
/// finding (its type), not also "has no owner".
#[test]
fn pm_yaml_and_file_messages_quote_what_was_written_at_its_place() {
    for (from, to, words) in [
        (
            "follow_up_days: 14",
            "follow_up_days: \"14\"",
            "pm.yaml:9:17: `follow_up_days` must be a whole number, but it is the text \"14\" (in quotes); write it without the quotes",
        ),
        (
            "follow_up_days: 14",
            "follow_up_days: -3",
            "pm.yaml:9:17: `follow_up_days` is -3; give a number of days from 0 to",
        ),
        // Not in quotes: a leading zero makes it text (session 35).
        (
            "follow_up_days: 14",
            "follow_up_days: 014",
            "pm.yaml:9:17: `follow_up_days` must be a whole number, but it is the text \"014\" (YAML reads a number with a leading zero as text); write `14`",
        ),
        // Rust reads `inf` as a number, YAML as text: nothing to unquote.
        (
            "follow_up_days: 14",
            "follow_up_days: inf",
            "pm.yaml:9:17: `follow_up_days` must be a whole number, but it is `inf`",
        ),
    ] {
        let env = TestEnv::new();
        let text = env.read("pm.yaml");
        assert!(text.contains(from), "{from} not in pm.yaml");
        env.write("pm.yaml", &text.replacen(from, to, 1));
        env.pm(&["list"]).error(&[words]);
    }
    let env = TestEnv::new();
    let text = env.read("pm.yaml");
    env.write(
        "pm.yaml",
        &format!("{text}lint:\n  rules: [{{id: x, pattern: 5}}]\n"),
    );
    let run = env
        .pm(&["lint"])
        .error(&["lint.rules[0].pattern must be text, but it is the number 5"]);
    assert!(!run.stderr.contains("has no `pattern`"), "{}", run.stderr);

    let env = TestEnv::new();
    let (id, rel) = hand_edited(&env, &[("pm: 1\n", "pm: \"1\"\n")]);
    refused(
        &env,
        &rel,
        &["show", &id],
        &[
            "`pm` is the format version, a number (1), but it is the text \"1\" (in quotes); write `pm: 1`",
        ],
    );
    let env = TestEnv::new();
    let (id, _) = hand_edited(&env, &[("    owner: o\n", "    owner: [o]\n")]);
    let run = env.pm(&["lint", &id]).code(1);
    assert!(
        run.stdout
            .contains("`action_items[0].owner` must be text, but it is a list"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("has no owner"), "{}", run.stdout);
}

/// patt21 D4 (the last of it): a number too large to read is answered by
/// what its field takes. The format version and pm.yaml's day and minute
/// counts are numbers, so quotes (which make text of it) are the wrong
/// advice there; a field of text still gets them.
#[test]
fn a_number_too_large_gets_the_advice_its_field_needs() {
    const BIG: &str = "99999999999999999999999";
    let env = TestEnv::new();
    let (id, rel) = hand_edited(&env, &[("pm: 1\n", &format!("pm: {BIG}\n"))]);
    let run = env.pm(&["show", &id]).error(&[&format!(
        "the number {BIG} is too large to read (over 64 bits); `pm` is the format version: write `pm: 1`"
    )]);
    assert!(!run.stderr.contains("quotes"), "{}", run.stderr);
    let lint = env.pm(&["lint", &rel]).code(1);
    assert!(lint.stdout.contains("write `pm: 1`"), "{}", lint.stdout);

    for (from, to, advice) in [
        (
            "follow_up_days: 14",
            format!("follow_up_days: {BIG}"),
            "`follow_up_days` is a number of days: write one from 0 to 36500",
        ),
        (
            "  SEV1: 15",
            format!("  SEV1: {BIG}"),
            "`action_due_days.SEV1` is a number of days: write one from 0 to 36500",
        ),
        (
            "timeline_margin_minutes: 1440",
            format!("timeline_margin_minutes: {BIG}"),
            "`timeline_margin_minutes` is a number of minutes: write one from 0 to",
        ),
    ] {
        let env = TestEnv::new();
        let text = env.read("pm.yaml");
        assert!(text.contains(from), "{from} not in pm.yaml");
        env.write("pm.yaml", &text.replacen(from, &to, 1));
        for args in [vec!["list"], vec!["lint"]] {
            let run = env
                .pm(&args)
                .error(&["pm.yaml:", "too large to read", advice]);
            assert!(!run.stderr.contains("quotes"), "{}", run.stderr);
        }
    }

    // Text: quoted, it is read as written.
    let env = TestEnv::new();
    let (id, _) = hand_edited(
        &env,
        &[("title: Vendor outage\n", &format!("title: {BIG}\n"))],
    );
    env.pm(&["show", &id]).error(&[&format!(
        "if it is text, put it in quotes ('{BIG}') to keep it as written"
    )]);
}

/// patt21 D1 (the last of it): `sync: "~"` is the text `~` in quotes,
/// not empty as `sync: ~` is; each is reported as what it is.
#[test]
fn sync_of_a_quoted_tilde_is_reported_as_that_text() {
    for (to, words) in [
        (
            "sync: \"~\"",
            "pm.yaml:42:7: `sync` must be `manual` or `auto`, but it is the text \"~\" (in quotes)",
        ),
        (
            "sync: 'null'",
            "pm.yaml:42:7: `sync` must be `manual` or `auto`, but it is the text \"null\" (in quotes)",
        ),
        (
            "sync: ~",
            "pm.yaml:42:7: `sync` must be `manual` or `auto`, but it is empty",
        ),
        (
            "sync:",
            "`sync` must be `manual` or `auto`, but it is empty",
        ),
        (
            "sync: \"\"",
            "pm.yaml:42:7: `sync` must be `manual` or `auto`, but it is empty",
        ),
        (
            "sync: true",
            "pm.yaml:42:7: `sync` must be `manual` or `auto`, but it is `true`",
        ),
    ] {
        let env = TestEnv::new();
        let text = env.read("pm.yaml");
        env.write("pm.yaml", &text.replacen("sync: manual", to, 1));
        for args in [vec!["list"], vec!["lint"]] {
            let run = env.pm(&args).error(&[words]);
            assert!(!run.stderr.contains("expected"), "{}", run.stderr);
        }
    }
    // Still read as it was.
    let env = TestEnv::new();
    let text = env.read("pm.yaml");
    env.write(
        "pm.yaml",
        &text.replacen("sync: manual", "sync: \"auto\"", 1),
    );
    env.pm(&["list"]).ok();
}

/// Newcomer run: a required field deleted by hand (`id:`) was reported
/// twice, as `missing-field` and as a `parse-error` quoting the loader.
/// Lint says it once, as the missing field.
#[test]
fn a_deleted_required_field_is_reported_once() {
    let env = TestEnv::new();
    let id = env.new_pm("Disk full", "2026-11-20T09:00:00Z");
    let file = env.file_of(&id);
    for field in ["id", "title"] {
        let text = env.read(&file);
        let without: String = text
            .lines()
            .filter(|l| !l.starts_with(&format!("{field}:")))
            .map(|l| format!("{l}\n"))
            .collect();
        assert_ne!(text, without, "{field}");
        env.write(&file, &without);
        env.git(&["commit", "-qam", &format!("no {field}")]);
        let lint = env.pm(&["lint", &file, "--format", "json"]).code(1);
        let rules: Vec<String> = lint
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect();
        assert!(
            !rules.iter().any(|r| r == "parse-error"),
            "{field}: {}",
            lint.stdout
        );
        assert_eq!(
            rules.iter().filter(|r| *r == "missing-field").count(),
            1,
            "{field}: {}",
            lint.stdout
        );
        env.write(&file, &text);
        env.git(&["commit", "-qam", "back"]);
    }
}

/// patt31 #2: a timeline entry or action item anchored as a whole (`-
/// &det` above its keys) and repeated elsewhere by an alias (`x: *det`)
/// cannot be removed or changed without changing the alias too: refused
/// as an anchored single value is, naming the file, the item and the
/// anchor (and where the alias is) and saying what to do, never as a bug
/// in pm. Nothing is changed.
#[test]
fn an_anchored_item_repeated_by_an_alias_is_refused_in_words() {
    let env = TestEnv::new();
    let (id, rel) = hand_edited(
        &env,
        &[("  - id: A1\n", "  - &act # the first\n    id: A1\n")],
    );
    env.pm(&[
        "timeline",
        "add",
        "alert fired",
        "--pm",
        &id,
        "--kind",
        "detected",
        "--at",
        "2026-11-20T09:05:00Z",
    ])
    .ok();
    let text = env.read(&rel).replacen(
        "  - at: 2026-11-20T09:05:00Z\n",
        "  - &det\n    at: 2026-11-20T09:05:00Z\n",
        1,
    );
    let text = format!("{}\nx-first-detect: *det\nx-act: *act\n", text.trim_end());
    env.write(&rel, &text);
    env.git(&["commit", "-qam", "anchors by hand"]);
    // A valid file.
    env.pm(&["lint", &id]).ok();
    let alias_line = |alias: &str| {
        let n = text.lines().position(|l| l.contains(alias)).unwrap() + 1;
        format!("at line {n}")
    };

    refused(
        &env,
        &rel,
        &["timeline", "rm", "2", "--pm", &id],
        &[
            &rel,
            "`timeline[1]` is anchored as `&det` and repeated as `*det`",
            &alias_line("*det"),
        ],
    );
    for args in [
        vec!["action", "done", "A1"],
        vec!["action", "rm", "A1"],
        vec!["action", "edit", "A1", "--owner", "team"],
    ] {
        let mut args: Vec<String> = args.into_iter().map(String::from).collect();
        args[2] = format!("{id}#A1");
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        refused(
            &env,
            &rel,
            &args,
            &[
                &rel,
                "`action_items[0]` is anchored as `&act` and repeated as `*act`",
                &alias_line("*act"),
                "nothing was changed",
            ],
        );
    }
    // The item that is not anchored is changed as usual.
    env.pm(&["action", "done", &format!("{id}#A2")]).ok();
    env.pm(&["timeline", "rm", "1", "--pm", &id]).ok();
    env.pm(&["lint", &id]).ok();
}

/// patt31 #5: `action done --note` on an item whose note is a block left
/// empty (`note: |` and no lines under it) fills the block, as it fills a
/// note left out or empty; it was refused with a hint that pm edits only
/// block style, which `note: |` is.
#[test]
fn a_note_left_as_an_empty_block_takes_the_note() {
    for header in ["|", "|-", ">", "|+  # later"] {
        let env = TestEnv::new();
        let note = format!("{A1_STATUS}    note: {header}\n");
        let (id, rel) = hand_edited(&env, &[(A1_STATUS, &note)]);
        env.pm(&[
            "action",
            "done",
            &format!("{id}#A1"),
            "--note",
            "Added text",
        ])
        .ok();
        let shown = env.pm(&["show", &id, "--json"]).ok().json();
        let note = shown["action_items"][0]["note"].as_str().unwrap();
        assert_eq!(
            note.trim_end(),
            "Added text",
            "{header}: {}",
            env.read(&rel)
        );
        assert_eq!(shown["action_items"][0]["status"], "done");
        // The other item is as it was.
        assert_eq!(shown["action_items"][1]["title"], "t2");
        env.pm(&["lint", &id]).ok();
        env.assert_clean();
    }
}

/// fix40: a single value anchored as `&name` and repeated by an alias is
/// refused as an anchored item is: with the line of the alias and what to
/// do about an anchor, not the hint about block-style YAML, which says
/// nothing about it.
///
/// $ pm action edit ID#A1 --owner sre
/// error: postmortems/2026/...: `action_items[0].owner` is anchored as `&lead` and repeated as `*lead` at line N; changing it would change that too
///   hint: make the change by hand (pm edit): write out in full what `*lead` repeats, or remove the alias and the anchor `&lead`
///   hint: nothing was changed
#[test]
fn an_anchored_single_value_is_refused_with_what_to_do_about_the_anchor() {
    let env = TestEnv::new();
    let (id, rel) = hand_edited(
        &env,
        &[
            ("    owner: o\n", "    owner: &lead o\n"),
            (
                "    title: t2\n    owner: o\n",
                "    title: t2\n    owner: *lead\n",
            ),
        ],
    );
    let text = env.read(&rel);
    let alias_line = text.lines().position(|l| l.contains("*lead")).unwrap() + 1;
    let run = env
        .pm(&["action", "edit", &format!("{id}#A1"), "--owner", "sre"])
        .error(&[
            &format!(
                "`action_items[0].owner` is anchored as `&lead` and repeated as `*lead` at line {alias_line}; changing it would change that too"
            ),
            "  make the change by hand (pm edit): write out in full what `*lead` repeats, or remove the alias and the anchor `&lead`",
            "  nothing was changed",
        ]);
    assert!(!run.stderr.contains("block-style"), "{}", run.stderr);
    assert_eq!(env.read(&rel), text);
    // Written out in full, as the hint says, the change is made.
    env.write(&rel, &text.replace("*lead", "o").replace("&lead ", ""));
    env.git(&["commit", "-qam", "no anchor"]);
    env.pm(&["action", "edit", &format!("{id}#A1"), "--owner", "sre"])
        .ok();
    assert!(env.read(&rel).contains("    owner: sre\n"));
}

/// A person moved `[]` or `{}` to the line below its key, to make room for
/// a comment on the key's line or on lines of their own: the first item or
/// key replaces only the `[]` or `{}`, and every comment stays, above the
/// new lines. (The comments between the key and the value were dropped.)
#[test]
fn comments_between_a_key_and_its_empty_value_stay() {
    let env = TestEnv::new();
    let id = env.new_pm("Vendor outage", "2026-11-20T09:00:00Z");
    let rel = env.file_of(&id);
    let text = env.read(&rel);
    let text = text
        .replacen(
            "action_items: []\n",
            "action_items: # the owner decides at the weekly review, see OPS-12\n  # one item a system\n  [] # none yet\n",
            1,
        )
        .replacen(
            "  went_wrong: []\n",
            "  went_wrong:\n    # filled in at the review\n    []\n",
            1,
        );
    env.write(&rel, &text);
    env.git(&["commit", "-qam", "by hand"]);
    env.pm(&[
        "action",
        "add",
        "Alert on p99",
        "--pm",
        &id,
        "--owner",
        "sre",
        "--due",
        "2026-12-01",
    ])
    .ok();
    let after = env.read(&rel);
    assert!(
        after.contains(
            "action_items: # the owner decides at the weekly review, see OPS-12\n  # one item a system\n  # none yet\n  - id: A1\n"
        ),
        "{after}"
    );
    // Only the `[]` went: every other line is as it was.
    let diff = env.git(&["diff", "HEAD~1", "--unified=0", "--", &rel]);
    let removed: Vec<&str> = diff
        .lines()
        .filter(|l| l.starts_with('-') && !l.starts_with("---"))
        .collect();
    assert_eq!(removed, ["-  [] # none yet"], "{diff}");
    assert!(after.contains("  went_wrong:\n    # filled in at the review\n    []\n"));
    let shown = env.pm(&["show", &id, "--json"]).ok().json();
    assert_eq!(shown["action_items"][0]["title"], "Alert on p99");
}

/// Removing a timeline entry that holds an anchor repeated by an alias in
/// another entry would leave the alias naming nothing: refused, naming the
/// anchor and the alias's line, as `pm timeline edit` does, never as a
/// bug in pm (session 35's write attack). An entry whose anchor is
/// repeated only inside itself goes.
#[test]
fn removing_an_entry_whose_anchor_is_repeated_elsewhere_is_refused_naming_it() {
    let env = TestEnv::new();
    let id = env.new_pm("Vendor outage", "2026-11-20T09:00:00Z");
    env.pm(&["timeline", "add", "paged", "--at", "2026-11-20T09:30:00Z"])
        .ok();
    let rel = env.file_of(&id);
    let text = env.read(&rel);
    assert!(text.contains("    text: paged\n"), "{text}");
    env.write(
        &rel,
        &text.replace(
            "    text: paged\n",
            "    text: &t paged\n  - at: 2026-11-20T10:00:00Z\n    text: *t\n",
        ),
    );
    env.git(&["commit", "-qam", "alias"]);
    let numbers = env.pm(&["timeline", "list", &id, "--json"]).ok().json();
    let paged = numbers["entries"]
        .as_array()
        .unwrap()
        .iter()
        .position(|e| e["text"] == "paged")
        .unwrap()
        + 1;
    refused(
        &env,
        &rel,
        &["timeline", "rm", &paged.to_string()],
        &[
            &format!("timeline[{}].text", paged - 1),
            "`&t`",
            "`*t` at line",
        ],
    );
    // The entry with the alias can go; then the anchor's entry can too.
    env.pm(&["timeline", "rm", &(paged + 1).to_string()]).ok();
    env.pm(&["timeline", "rm", &paged.to_string()]).ok();
    assert!(!env.read(&rel).contains("paged"));
}

/// A YAML merge key (`<<: *defaults`) is YAML 1.1's, and pm's reader does
/// not apply it: the fields it would bring in were silently missing, and
/// lint said "A1 has no owner" (session 35's read attack). Every command
/// now refuses it alike, at the key's line, saying why.
#[test]
fn a_merge_key_is_refused_by_every_command_at_its_line() {
    let env = TestEnv::new();
    let (id, rel) = hand_edited(
        &env,
        &[
            (
                "action_items:\n",
                "x-defaults: &d\n  owner: sre\n  due: 2026-12-20\naction_items:\n",
            ),
            ("    owner: o\n", "    <<: *d\n"),
        ],
    );
    let line = env
        .read(&rel)
        .lines()
        .position(|l| l.trim_start().starts_with("<<:"))
        .unwrap()
        + 1;
    let at = format!("{rel}:{line}:5");
    let words = "a YAML merge key (`<<`), which pm does not read";
    let lint = env.pm(&["lint", &id]).code(1);
    assert!(
        lint.stdout.contains("error[parse-error]")
            && lint.stdout.contains(words)
            && lint.stdout.contains(&format!("--> {rel}:{line}:5")),
        "{}",
        lint.stdout
    );
    env.pm(&["show", &id]).error(&[&at, words]);
    env.pm(&["due", "--check"]).code(2).stdout_has(words);
    refused(
        &env,
        &rel,
        &["action", "add", "x", "--owner", "o", "--pm", &id],
        &[&at, words],
    );
}

/// A merge key that was to supply a required field (`<<: {title: ...}`)
/// is named as the merge key, at its line, by lint and every other
/// command, not as the field being missing (session 35's attack).
#[test]
fn a_merge_key_supplying_a_required_field_is_named_as_the_merge_key() {
    let env = TestEnv::new();
    let (id, rel) = hand_edited(
        &env,
        &[("\ntitle: Vendor outage\n", "\n<<: {title: Vendor outage}\n")],
    );
    let line = env
        .read(&rel)
        .lines()
        .position(|l| l.starts_with("<<:"))
        .unwrap()
        + 1;
    let json = env.pm(&["lint", "--format", "json"]).code(1).json();
    let findings = json.as_array().unwrap();
    assert_eq!(findings.len(), 1, "{json:#}");
    assert_eq!(findings[0]["rule"], "parse-error");
    assert_eq!(findings[0]["line"], line);
    let words = "a YAML merge key (`<<`), which pm does not read";
    env.pm(&["show", &id])
        .error(&[&format!("{rel}:{line}:1: {words}")]);
}
