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
        &[(
            "\n  notes:\n",
            &format!("\n  notes: |\n      {long}\n    # between\n      # deeper\n"),
        )],
    );
    let text = env.read(&rel).replace('\n', "\r\n");
    env.write(&rel, &text);
    env.pm(&["review", &id, "--notes", "Done.", "--no-commit"])
        .ok();
    let after = env.read(&rel);
    assert!(
        after.contains(&format!(
            "  notes: |\r\n      {long}\r\n\r\n      Done.\r\n    # between\r\n      # deeper\r\n"
        )),
        "{}",
        &after[after.find("follow_up").unwrap()..]
    );
    assert!(!after.replace("\r\n", "").contains('\n'));
    let shown = env.pm(&["show", &id, "--json"]).ok().json();
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
