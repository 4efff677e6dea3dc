//! Property tests of the core invariants: on the library itself, and on
//! every reader of the binary fed arbitrary files.

use pm::edit::{Edit, key};
use pm::lint::{LintConfig, Linter};
use pm::yaml;
use proptest::prelude::*;

/// A post-mortem in one of many hand-written layouts.
fn document() -> impl Strategy<Value = String> {
    (
        prop::bool::ANY,                                         // CRLF
        prop::sample::select(vec![2usize, 4]),                   // indentation
        prop::bool::ANY,                                         // indented list dashes
        prop::collection::vec("[a-zA-Z0-9 #:'\"-]{0,30}", 0..4), // comments
        0usize..4,                                               // existing entries
        prop::bool::ANY,                                         // block scalar text
        prop::sample::select(vec!["[]", "", "~"]),               // empty timeline style
    )
        .prop_map(
            |(crlf, indent, indented, comments, entries, block, empty)| {
                let pad = " ".repeat(indent);
                let dash = if indented { pad.clone() } else { String::new() };
                let inner = " ".repeat(dash.len() + 2);
                let mut lines = vec![
                    "# hand written".to_string(),
                    "pm: 1".into(),
                    "id: 2026-11-20-prop".into(),
                    "title: 'Prop: test'   # trailing".into(),
                    "status: draft".into(),
                    "severity: SEV2".into(),
                    "date: 2026-11-20".into(),
                ];
                for c in &comments {
                    lines.push(format!("# {c}"));
                }
                if entries == 0 {
                    lines.push(format!("timeline: {empty}"));
                } else {
                    lines.push("timeline:".into());
                    for i in 0..entries {
                        lines.push(format!("{dash}- at: 2026-11-20T1{i}:00:00Z"));
                        lines.push(format!("{inner}kind: note"));
                        if block {
                            lines.push(format!("{inner}text: |"));
                            lines.push(format!("{inner}{pad}line one of {i}"));
                            lines.push(format!("{inner}{pad}  indented"));
                        } else {
                            lines.push(format!("{inner}text: entry {i}   # note"));
                        }
                        if let Some(c) = comments.first() {
                            lines.push(format!("{dash}# {c}"));
                        }
                    }
                }
                lines.push("root_cause: >".into());
                lines.push(format!("{pad}Folded"));
                lines.push(format!("{pad}text."));
                lines.push("custom: {kept: true}".into());
                let nl = if crlf { "\r\n" } else { "\n" };
                lines.join(nl) + nl
            },
        )
}

fn entry_text() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-zA-Z0-9 ]{1,40}",
        "[a-z:# '\"@*&!%|>-]{1,30}",
        "[a-z ]{1,10}\n[a-z ]{1,10}",
        "\\PC{1,20}",
    ]
    .prop_filter("not blank", |s| !s.trim().is_empty())
}

/// Every line of `original` is in `edited`, in order, except the list's
/// own key line, which loses its `[]` or `~` when the first entry arrives.
fn lines_in_order(original: &str, edited: &str) -> bool {
    let mut edited_lines = edited.split_inclusive('\n');
    original
        .split_inclusive('\n')
        .filter(|line| !line.starts_with("timeline:"))
        .all(|line| edited_lines.any(|l| l == line))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 200, ..ProptestConfig::default() })]

    #[test]
    fn unchanged_documents_round_trip_byte_for_byte(doc in document()) {
        let edit = Edit::new("doc", &doc).unwrap();
        prop_assert_eq!(edit.finish().unwrap(), doc);
    }

    #[test]
    fn edits_keep_the_file_valid_and_every_other_byte(
        doc in document(),
        texts in prop::collection::vec((entry_text(), 0usize..8), 1..5),
    ) {
        let mut current = doc.clone();
        for (text, pos) in &texts {
            let mut edit = Edit::new("doc", &current).unwrap();
            let fields = vec![
                ("at", Some("2026-11-20T10:30:00Z".to_string())),
                ("kind", Some("note".to_string())),
                ("text", Some(text.clone())),
            ];
            edit.insert_item(&[key("timeline")], Some(*pos), &fields).unwrap();
            let next = edit.finish().unwrap();
            prop_assert!(lines_in_order(&current, &next), "lost a line:\n{}\n---\n{}", current, next);
            let value = yaml::parse_value(&next).unwrap();
            let items = value["timeline"].as_sequence().unwrap();
            prop_assert!(items.iter().any(|i| i["text"].as_str() == Some(text.as_str())));
            current = next;
        }
        prop_assert!(pm::store::parse_postmortem(&current).is_ok());
    }

    #[test]
    fn setting_values_changes_only_their_lines(
        doc in document(),
        follow_up in prop::sample::select(vec!["", "follow_up:\n", "follow_up: {}\n", "follow_up:\n  due: 2026-12-04\n  notes: |\n    old\n    notes\n"]),
        notes in entry_text(),
        held in prop::bool::ANY,
    ) {
        let nl = if doc.contains("\r\n") { "\r\n" } else { "\n" };
        let doc = format!("{doc}{}", follow_up.replace('\n', nl));
        let mut edit = Edit::new("doc", &doc).unwrap();
        edit.ensure_key(&[], "follow_up").unwrap();
        let fu = [key("follow_up")];
        edit.set(&fu, "notes", Some(&notes)).unwrap();
        if held {
            edit.set(&fu, "held", Some("2026-11-27")).unwrap();
        }
        edit.set(&[], "status", Some("review")).unwrap();
        let next = edit.finish().unwrap();
        let value = yaml::parse_value(&next).unwrap();
        prop_assert_eq!(value["follow_up"]["notes"].as_str(), Some(notes.as_str()));
        prop_assert_eq!(value["status"].as_str(), Some("review"));
        prop_assert_eq!(value["custom"]["kept"].as_bool(), Some(true));
        // Everything before the follow-up section but the status line is untouched.
        let before: Vec<&str> = doc.split_inclusive('\n').take_while(|l| !l.starts_with("follow_up")).filter(|l| !l.starts_with("status:")).collect();
        let after: Vec<&str> = next.split_inclusive('\n').take_while(|l| !l.starts_with("follow_up")).filter(|l| !l.starts_with("status:")).collect();
        prop_assert_eq!(before, after);
    }

    #[test]
    fn closing_action_items_keeps_the_rest(
        doc in document(),
        indented in prop::bool::ANY,
        existing_note in prop::sample::select(vec!["", "    note: short\n", "    note: |\n      long\n      note\n", "    note: >\n      folded note\n\n"]),
        trailing_comment in prop::bool::ANY,
        note in entry_text(),
    ) {
        let nl = if doc.contains("\r\n") { "\r\n" } else { "\n" };
        let dash = if indented { "  " } else { "" };
        let mut items = String::from("action_items:\n");
        for i in 1..=2 {
            items.push_str(&format!("{dash}- id: A{i}\n{dash}  title: Item {i}\n{dash}  owner: ops\n{dash}  due: 2026-12-0{i}\n{dash}  status: open\n"));
            items.push_str(&existing_note.replace("    ", &format!("{dash}  ")));
            if trailing_comment {
                items.push_str(&format!("{dash}  # about A{i}\n"));
            }
        }
        let doc = format!("{doc}{}", items.replace('\n', nl));
        let mut edit = Edit::new("doc", &doc).unwrap();
        let item = [key("action_items"), pm::edit::Seg::Index(0)];
        edit.set(&item, "status", Some("done")).unwrap();
        edit.set(&item, "closed", Some("2026-11-27")).unwrap();
        edit.set(&item, "note", Some(&note)).unwrap();
        let next = edit.finish().unwrap();
        let parsed = pm::store::parse_postmortem(&next).unwrap();
        prop_assert_eq!(parsed.action_items.len(), 2);
        prop_assert_eq!(parsed.action_items[0].note.as_deref(), Some(note.as_str()));
        prop_assert_eq!(parsed.action_items[0].status, pm::model::ActionStatus::Done);
        prop_assert_eq!(parsed.action_items[1].status, pm::model::ActionStatus::Open);
        // The second item is untouched, byte for byte.
        let second = doc.find(&format!("{dash}- id: A2")).unwrap();
        prop_assert!(next.ends_with(&doc[second..]));
    }

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..400)) {
        if let Ok(text) = yaml::decode(bytes) {
            let _ = yaml::parse_tree(&text);
            let _ = pm::store::parse_postmortem(&text);
            let linter = Linter::new(LintConfig::default(), &[]);
            let _ = linter.lint("fuzz.yaml", &text, None);
        }
    }

    #[test]
    fn yaml_like_text_never_panics(text in "[a-z:\\- \n#'\"\\[\\]{}|>&*!%@`,?]{0,200}") {
        let _ = yaml::parse_tree(&text);
        let _ = pm::store::parse_postmortem(&text);
        let linter = Linter::new(LintConfig::default(), &[]);
        let _ = linter.lint("fuzz.yaml", &text, None);
        if let Ok(mut edit) = Edit::new("fuzz", &text) {
            let _ = edit.insert_item(&[key("timeline")], None, &[("text", Some("x".into()))]);
            let _ = edit.finish();
        }
    }
}

/// A YAML value in flow style: scalars of every kind YAML reads, lists and
/// mappings, nested.
fn yaml_value() -> impl Strategy<Value = String> {
    let leaf = prop_oneof![
        "[a-zA-Z][a-zA-Z0-9 -]{0,12}",
        "'[a-zA-Z0-9 :#\"-]{0,12}'",
        "\"[a-zA-Z0-9 :#'-]{0,12}\"",
        "20[0-9]{2}-[0-1][0-9]-[0-3][0-9]",
        "2026-11-2[0-9]T[0-2][0-9]:[0-5][0-9]:00(Z|\\+01:00)?",
        prop::sample::select(vec![
            "~", "null", "yes", "no", "true", "1", "2", "-1", "1.5", "0x1", "''"
        ])
        .prop_map(String::from),
        prop::sample::select(vec![
            "draft",
            "review",
            "published",
            "closed",
            "open",
            "done",
            "dropped"
        ])
        .prop_map(String::from),
        // Anchors, aliases and tags, which the loader judges for lint.
        prop::sample::select(vec![
            "&a [x, y]",
            "&a {k: v}",
            "&a text",
            "*a",
            "!!str 5",
            "!!int 5",
            "!!seq [a]",
            "!x y"
        ])
        .prop_map(String::from),
    ];
    leaf.prop_recursive(3, 16, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(|v| format!("[{}]", v.join(", "))),
            prop::collection::vec((yaml_key(), inner), 0..4).prop_map(|v| {
                let entries: Vec<String> =
                    v.into_iter().map(|(k, v)| format!("{k}: {v}")).collect();
                format!("{{{}}}", entries.join(", "))
            }),
        ]
    })
}

/// Keys pm knows, at every level, and some it does not.
fn yaml_key() -> impl Strategy<Value = String> {
    prop_oneof![
        prop::sample::select(vec![
            "pm",
            "id",
            "title",
            "status",
            "severity",
            "date",
            "authors",
            "tags",
            "summary",
            "timeline",
            "action_items",
            "follow_up",
            "lessons",
            "links",
            "at",
            "text",
            "kind",
            "owner",
            "due",
            "held",
            "history",
            "url",
            "went_well",
            "<<",
        ])
        .prop_map(String::from),
        "[a-z_]{1,8}",
    ]
}

/// A post-mortem-shaped YAML document: required keys mostly present, any
/// key with any value, block lists of mappings, and now and then a line of
/// noise or a second document.
fn yaml_document() -> impl Strategy<Value = String> {
    (
        prop::collection::vec((yaml_key(), yaml_value()), 0..8),
        prop::collection::vec(prop::collection::vec((yaml_key(), yaml_value()), 0..4), 0..3),
        prop::bool::ANY,
        prop::option::of("[a-z:\\- \n#'\"\\[\\]{}|>&*!%@`,?]{0,40}"),
    )
        .prop_map(|(fields, items, required, noise)| {
            let mut text = String::new();
            if required {
                text.push_str("pm: 1\nid: 2026-11-15-fuzz\ntitle: Fuzz\nstatus: draft\nseverity: SEV2\ndate: 2026-11-15\n");
            }
            for (k, v) in fields {
                text.push_str(&format!("{k}: {v}\n"));
            }
            if !items.is_empty() {
                text.push_str("action_items:\n");
                for item in items {
                    let mut first = true;
                    for (k, v) in item {
                        text.push_str(if first { "  - " } else { "    " });
                        text.push_str(&format!("{k}: {v}\n"));
                        first = false;
                    }
                }
            }
            if let Some(noise) = noise {
                text.push_str(&noise);
            }
            text
        })
}

/// What the file under test is: mostly a regular file with the generated
/// bytes, sometimes something a reader must refuse.
#[derive(Debug, Clone)]
enum Entry {
    File(Vec<u8>),
    LinkOutside,
    LinkToZero,
    Fifo,
    Folder,
}

fn entry() -> impl Strategy<Value = Entry> {
    prop_oneof![
        8 => prop::collection::vec(any::<u8>(), 0..400).prop_map(Entry::File),
        12 => yaml_document().prop_map(|t| Entry::File(t.into_bytes())),
        1 => Just(Entry::LinkOutside),
        1 => Just(Entry::LinkToZero),
        1 => Just(Entry::Fifo),
        1 => Just(Entry::Folder),
    ]
}

/// One repository for every case (building one per case would dominate
/// the run): a good post-mortem, a committed symlink to a post-mortem
/// outside the repository whose words must never appear, and the file
/// under test.
fn fixture() -> &'static crate::support::TestEnv {
    static ENV: std::sync::OnceLock<crate::support::TestEnv> = std::sync::OnceLock::new();
    ENV.get_or_init(|| {
        let env = crate::support::TestEnv::new();
        env.new_pm("Good one", "2026-11-20T09:00:00Z");
        let outside = env.home().join("outside.yaml");
        std::fs::write(
            &outside,
            "pm: 1\nid: 2026-11-14-link\ntitle: OUTSIDE-SECRET\nstatus: draft\nseverity: SEV2\ndate: 2026-11-14\nsummary: OUTSIDE-SECRET\naction_items:\n  - id: A1\n    title: OUTSIDE-SECRET\n    owner: x\n    due: 2026-11-15\n",
        )
        .unwrap();
        std::os::unix::fs::symlink(&outside, env.path("postmortems/2026/2026-11-14-link.yaml"))
            .unwrap();
        env
    })
}

const FUZZ_FILE: &str = "postmortems/2026/2026-11-15-fuzz.yaml";

fn place(env: &crate::support::TestEnv, entry: &Entry) {
    let path = env.path(FUZZ_FILE);
    match std::fs::symlink_metadata(&path) {
        Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(&path).unwrap(),
        Ok(_) => std::fs::remove_file(&path).unwrap(),
        Err(_) => {}
    }
    match entry {
        Entry::File(bytes) => std::fs::write(&path, bytes).unwrap(),
        Entry::LinkOutside => {
            std::os::unix::fs::symlink(env.home().join("outside.yaml"), &path).unwrap()
        }
        Entry::LinkToZero => std::os::unix::fs::symlink("/dev/zero", &path).unwrap(),
        Entry::Fifo => {
            let made = std::process::Command::new("mkfifo")
                .arg(&path)
                .status()
                .unwrap();
            assert!(made.success());
        }
        Entry::Folder => std::fs::create_dir_all(path.join("inside.yaml")).unwrap(),
    }
}

proptest! {
    // Each case runs the binary five times (lint alone takes most of a
    // second in a debug build): a modest count keeps CI fast.
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    #[test]
    fn every_reader_survives_any_file_and_reads_nothing_outside(entry in entry()) {
        let env = fixture();
        place(env, &entry);
        let id = "2026-11-15-fuzz";
        let runs: Vec<crate::support::Run> = [
            vec!["lint", "--format", "json"],
            vec!["show", id],
            vec!["show", id, "--json"],
            vec!["due", "--json"],
            vec!["list", "--json"],
        ]
        .iter()
        .map(|args| crate::hardening::pm_guarded(env, args, None, 60))
        .collect();
        for run in &runs {
            prop_assert!([0, 1, 2].contains(&run.code), "{}: exit {}\n{}", run.cmd, run.code, run.stderr);
            prop_assert!(!run.stderr.contains("panicked"), "{}: {}", run.cmd, run.stderr);
            let all = format!("{}{}", run.stdout, run.stderr);
            prop_assert!(!all.contains("OUTSIDE-SECRET"), "{} read outside the repository:\n{}", run.cmd, all);
        }
        // Whatever pm show refuses, pm lint reports as an error in that file.
        let lint: serde_json::Value = serde_json::from_str(&runs[0].stdout).unwrap_or_default();
        let fuzz_errors = lint.as_array().map_or(0, |findings| {
            findings.iter().filter(|f| f["file"] == FUZZ_FILE && f["severity"] == "error").count()
        });
        if runs[1].code == 2 {
            prop_assert_eq!(runs[0].code, 1, "{}", runs[0].stderr);
            prop_assert!(fuzz_errors > 0, "show refused but lint passed:\n{}\n{}", runs[1].stderr, runs[0].stdout);
        }
        // The readers that list everything still answer, in JSON.
        for run in &runs[3..] {
            prop_assert_eq!(run.code, 0, "{}: {}", run.cmd, run.stderr);
            prop_assert!(serde_json::from_str::<serde_json::Value>(&run.stdout).is_ok(), "{}", run.stdout);
        }
    }
}

/// Insert a timeline entry where `pm timeline add` would: after every entry
/// at the same time or earlier.
fn add_entry_in_time_order(text: &str, minute: u32, what: &str) -> String {
    let at = format!("2026-11-20T{}:{:02}:00Z", 10 + minute / 60, minute % 60);
    let pm = pm::store::parse_postmortem(text).unwrap();
    let when = chrono::DateTime::parse_from_rfc3339(&at).unwrap();
    let pos = pm
        .timeline
        .iter()
        .rposition(|e| e.at <= when)
        .map_or(0, |p| p + 1);
    let mut edit = Edit::new("doc", text).unwrap();
    let fields = vec![
        ("at", Some(at)),
        ("kind", Some("note".to_string())),
        ("text", Some(what.to_string())),
    ];
    edit.insert_item(&[key("timeline")], Some(pos), &fields)
        .unwrap();
    edit.finish().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 120, ..ProptestConfig::default() })]

    /// Two people add timeline entries to a post-mortem in any hand-written
    /// layout: the merge is clean (never the line-merge fallback), keeps
    /// every line of ours in order, holds both sides' entries in time
    /// order, and is a valid post-mortem.
    #[test]
    fn merging_entries_added_on_both_sides_in_any_layout(
        doc in document(),
        ours in prop::collection::vec((entry_text(), 0u32..240), 1..4),
        theirs in prop::collection::vec((entry_text(), 0u32..240), 1..4),
        ours_items in prop::collection::vec(entry_text(), 0..3),
        theirs_items in prop::collection::vec(entry_text(), 0..3),
    ) {
        let mut o = doc.clone();
        for (text, minute) in &ours {
            o = add_entry_in_time_order(&o, *minute, &format!("ours {text}"));
        }
        let mut t = doc.clone();
        for (text, minute) in &theirs {
            t = add_entry_in_time_order(&t, *minute, &format!("theirs {text}"));
        }
        for (side, items) in [(&mut o, &ours_items), (&mut t, &theirs_items)] {
            for (i, title) in items.iter().enumerate() {
                let mut edit = Edit::new("doc", side).unwrap();
                let fields = vec![
                    ("id", Some(format!("A{}", i + 1))),
                    ("title", Some(title.clone())),
                    ("owner", Some("sre".to_string())),
                ];
                edit.insert_item(&[key("action_items")], None, &fields).unwrap();
                *side = edit.finish().unwrap();
            }
        }
        let merged = pm::merge::merge(&doc, &o, &t, &pm::merge::Markers::default());
        prop_assert!(merged.clean && merged.fallback.is_none(), "{:?}\n{}", merged.fallback, merged.text);
        prop_assert!(lines_in_order(&o, &merged.text), "lost a line of ours:\n{}\n---\n{}", o, merged.text);
        let pm = pm::store::parse_postmortem(&merged.text).unwrap();
        let times: Vec<_> = pm.timeline.iter().map(|e| e.at).collect();
        prop_assert!(times.windows(2).all(|w| w[0] <= w[1]), "not in time order:\n{}", merged.text);
        for (side, list) in [("ours", &ours), ("theirs", &theirs)] {
            for (text, _) in list.iter() {
                let want = format!("{side} {text}");
                prop_assert!(pm.timeline.iter().any(|e| e.text == want), "missing {:?}:\n{}", want, merged.text);
            }
        }
        let existing = pm::store::parse_postmortem(&doc).unwrap().timeline.len();
        prop_assert_eq!(pm.timeline.len(), existing + ours.len() + theirs.len());
        // Action items: both sides' (the same item added on both sides
        // once), ids unique.
        let same = ours_items.iter().zip(&theirs_items).filter(|(a, b)| a == b).count();
        prop_assert_eq!(pm.action_items.len(), ours_items.len() + theirs_items.len() - same);
        let ids: std::collections::HashSet<&str> = pm.action_items.iter().map(|a| a.id.as_str()).collect();
        prop_assert_eq!(ids.len(), pm.action_items.len());
        for title in ours_items.iter().chain(&theirs_items) {
            prop_assert!(pm.action_items.iter().any(|a| &a.title == title));
        }
    }
}

fn shared_linter() -> &'static Linter {
    static LINTER: std::sync::OnceLock<Linter> = std::sync::OnceLock::new();
    LINTER.get_or_init(|| Linter::new(LintConfig::default(), &[]))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    /// Whatever the typed loader refuses, lint reports as an error on the
    /// same line; and when the YAML itself parses, lint's own schema check
    /// found it, not only the loader it runs last as a net.
    #[test]
    fn lint_reports_whatever_the_loader_refuses(
        text in prop_oneof![
            3 => yaml_document(),
            1 => "pm: 1\n[a-z:\\- \n#'\"\\[\\]{}|>&*!%@`,?\t]{0,120}",
        ]
    ) {
        let Err(err) = pm::store::parse_postmortem(&text) else {
            return Ok(());
        };
        let findings = pm::lint::completeness::lint_file(shared_linter(), "fuzz.yaml", &text);
        let errors: Vec<_> = findings
            .iter()
            .filter(|f| f.severity == pm::lint::Severity::Error
                && pm::lint::completeness::FILE_RULES.contains(&f.rule.as_str()))
            .collect();
        // A missing field, or a document that is not a mapping, has no line
        // of its own (the parsers place it differently): any error will do.
        let anywhere = err.message.contains("is missing; add it")
            || err.message.contains("expected struct PostMortem")
            || err.message.starts_with("the file must be a mapping");
        prop_assert!(
            errors.iter().any(|f| anywhere || f.line == err.line),
            "loader: {err}\nlint: {findings:#?}\n{text}"
        );
        // A type error (not a syntax the two YAML parsers disagree on, not
        // an alias) is found by lint's own schema check, at its place.
        let type_error = [
            "invalid type", "unknown variant", "is missing; add it", "is not a date", "format version",
            "is not a time pm can read", " must be ",
        ]
        .iter()
        .any(|m| err.message.contains(m));
        if type_error && yaml::parse_tree(&text).is_ok() && !text.contains(['*', '!', '&']) {
            prop_assert!(
                errors.iter().any(|f| !f.message.starts_with("the file cannot be read as a post-mortem")),
                "only the loader caught: {err}\n{text}"
            );
        }
    }
}
