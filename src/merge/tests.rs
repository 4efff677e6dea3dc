//! The merge on real post-mortem text (testdata/base.yaml is what `pm new`,
//! `pm timeline add` and `pm action add` wrote), with the sides changed the
//! way pm changes them (through `edit.rs`) or by hand.

use super::*;
use crate::edit::{Edit, Seg, key};
use proptest::prelude::*;

const BASE: &str = include_str!("testdata/base.yaml");

fn m(base: &str, ours: &str, theirs: &str) -> Merged {
    merge(base, ours, theirs, &Markers::default())
}

fn clean(base: &str, ours: &str, theirs: &str) -> Merged {
    let r = m(base, ours, theirs);
    assert!(r.clean, "not clean: {:?}\n{}", r.fallback, r.text);
    assert_eq!(r.fallback, None);
    store::parse_postmortem(&r.text).expect("valid");
    r
}

/// Insert a timeline entry where `pm timeline add` would.
fn add_entry(text: &str, at: &str, what: &str) -> String {
    let pm = store::parse_postmortem(text).unwrap();
    let at_dt = chrono::DateTime::parse_from_rfc3339(at).unwrap();
    let pos = pm
        .timeline
        .iter()
        .rposition(|e| e.at <= at_dt)
        .map_or(0, |p| p + 1);
    let mut e = Edit::new("t", text).unwrap();
    e.insert_item(
        &[key("timeline")],
        Some(pos),
        &[
            ("at", Some(at.into())),
            ("kind", Some("note".into())),
            ("text", Some(what.into())),
        ],
    )
    .unwrap();
    e.finish().unwrap()
}

fn add_action(text: &str, id: &str, title: &str) -> String {
    let mut e = Edit::new("t", text).unwrap();
    e.insert_item(
        &[key("action_items")],
        None,
        &[
            ("id", Some(id.into())),
            ("title", Some(title.into())),
            ("owner", Some("payments".into())),
            ("due", Some("2026-12-20".into())),
            ("status", Some("open".into())),
        ],
    )
    .unwrap();
    e.finish().unwrap()
}

fn set(text: &str, path: &[Seg], k: &str, v: &str) -> String {
    let mut e = Edit::new("t", text).unwrap();
    e.set(path, k, Some(v)).unwrap();
    e.finish().unwrap()
}

fn action(i: usize) -> [Seg; 2] {
    [key("action_items"), Seg::Index(i)]
}

fn timeline_texts(text: &str) -> Vec<String> {
    store::parse_postmortem(text)
        .unwrap()
        .timeline
        .iter()
        .map(|e| e.text.clone())
        .collect()
}

fn action_ids(text: &str) -> Vec<(String, String)> {
    store::parse_postmortem(text)
        .unwrap()
        .action_items
        .iter()
        .map(|a| (a.id.clone(), a.title.clone()))
        .collect()
}

#[test]
fn nothing_changed_is_nothing_changed() {
    let r = clean(BASE, BASE, BASE);
    assert_eq!(r.text, BASE);
}

#[test]
fn both_add_timeline_entries_in_time_order() {
    let ours = add_entry(BASE, "2026-11-26T09:40:00Z", "ours at 09:40");
    let ours = add_entry(&ours, "2026-11-26T09:20:00Z", "ours at 09:20");
    let theirs = add_entry(BASE, "2026-11-26T09:35:00Z", "theirs at 09:35");
    let theirs = add_entry(&theirs, "2026-11-26T10:00:00Z", "theirs at 10:00");
    let r = clean(BASE, &ours, &theirs);
    assert_eq!(
        timeline_texts(&r.text),
        [
            "Impact started",
            "ours at 09:20",
            "p99 alert fired",
            "theirs at 09:35",
            "ours at 09:40",
            "theirs at 10:00"
        ]
    );
    assert_eq!(r.report.timeline_added, 2);
    // Our text is kept byte for byte around their inserted lines.
    let expected = add_entry(&ours, "2026-11-26T09:35:00Z", "theirs at 09:35");
    let expected = add_entry(&expected, "2026-11-26T10:00:00Z", "theirs at 10:00");
    assert_eq!(r.text, expected);
    // The same merge the other way round gives the same entries.
    let r2 = clean(BASE, &theirs, &ours);
    assert_eq!(timeline_texts(&r2.text), timeline_texts(&r.text));
}

#[test]
fn an_entry_added_on_both_sides_is_kept_once() {
    let ours = add_entry(BASE, "2026-11-26T09:40:00Z", "rolled back");
    let theirs = add_entry(BASE, "2026-11-26T09:40:00Z", "rolled back");
    let theirs = add_entry(&theirs, "2026-11-26T09:50:00Z", "recovered");
    let r = clean(BASE, &ours, &theirs);
    assert_eq!(
        timeline_texts(&r.text),
        [
            "Impact started",
            "p99 alert fired",
            "rolled back",
            "recovered"
        ]
    );
}

#[test]
fn a_deleted_entry_stays_deleted() {
    let ours = BASE.replace(
        "  - at: 2026-11-26T09:31:00Z\n    kind: detected\n    text: p99 alert fired\n",
        "",
    );
    let theirs = add_entry(BASE, "2026-11-26T09:50:00Z", "recovered");
    let r = clean(BASE, &ours, &theirs);
    assert_eq!(timeline_texts(&r.text), ["Impact started", "recovered"]);
    let r = clean(BASE, &theirs, &ours);
    assert_eq!(timeline_texts(&r.text), ["Impact started", "recovered"]);
}

#[test]
fn an_edited_entry_takes_the_edit() {
    let ours = BASE.replace("text: p99 alert fired", "text: p99 alert fired (checkout)");
    let theirs = add_entry(BASE, "2026-11-26T09:50:00Z", "recovered");
    let r = clean(BASE, &ours, &theirs);
    assert_eq!(
        timeline_texts(&r.text),
        ["Impact started", "p99 alert fired (checkout)", "recovered"]
    );
    // Edited differently on both sides: a conflict on that field only.
    let theirs = BASE.replace("text: p99 alert fired", "text: p99 alert on checkout");
    let r = m(BASE, &ours, &theirs);
    assert!(!r.clean);
    assert_eq!(r.conflicts.len(), 1);
    assert_eq!(
        r.conflicts[0].field,
        "timeline[at 2026-11-26T09:31:00Z].text"
    );
    assert!(
        r.text.contains("    kind: detected\n<<<<<<< ours\n    text: p99 alert fired (checkout)\n=======\n    text: p99 alert on checkout\n>>>>>>> theirs\n"),
        "{}",
        r.text
    );
}

#[test]
fn colliding_new_action_ids_are_renumbered() {
    let ours = add_action(BASE, "A2", "Load test checkout");
    let theirs = add_action(BASE, "A2", "Runbook for rollbacks");
    let theirs = add_action(&theirs, "A3", "Alert on queue age");
    let r = clean(BASE, &ours, &theirs);
    assert_eq!(
        action_ids(&r.text),
        [
            ("A1".into(), "Alert on p99".into()),
            ("A2".into(), "Load test checkout".into()),
            ("A4".into(), "Runbook for rollbacks".into()),
            ("A3".into(), "Alert on queue age".into()),
        ]
    );
    assert_eq!(r.report.renumbered, [("A2".to_string(), "A4".to_string())]);
    assert_eq!(r.report.actions_added, 2);
    // The same item added on both sides is kept once.
    let r = clean(BASE, &ours, &ours);
    assert_eq!(action_ids(&r.text).len(), 2);
}

/// `pm sync` rebases: each local commit is merged in turn onto what came
/// in. A local commit that closes an item the first one added must close
/// that item under its new id, not the other person's item.
#[test]
fn a_renumbered_item_is_followed_by_later_changes() {
    let upstream = add_action(BASE, "A2", "Theirs");
    let c1 = add_action(BASE, "A2", "Mine");
    let c2 = set(&c1, &action(1), "status", "done");
    // Replaying c1 onto upstream: c1 is "theirs" in a rebase.
    let r1 = clean(BASE, &upstream, &c1);
    assert_eq!(
        action_ids(&r1.text),
        [
            ("A1".into(), "Alert on p99".into()),
            ("A2".into(), "Theirs".into()),
            ("A3".into(), "Mine".into())
        ]
    );
    // Replaying c2 (mark A2 done) onto that.
    let r2 = clean(&c1, &r1.text, &c2);
    let pm = store::parse_postmortem(&r2.text).unwrap();
    let status: Vec<(&str, &str)> = pm
        .action_items
        .iter()
        .map(|a| (a.id.as_str(), a.status.as_str()))
        .collect();
    assert_eq!(status, [("A1", "open"), ("A2", "open"), ("A3", "done")]);
    // The person whose item was renumbered pulls the merged history: their
    // A2 is now A3, and nothing else is renumbered.
    let mine = set(&upstream, &action(1), "owner", "sre");
    let r3 = clean(&upstream, &mine, &r2.text);
    let pm = store::parse_postmortem(&r3.text).unwrap();
    let got: Vec<(&str, &str, Option<&str>)> = pm
        .action_items
        .iter()
        .map(|a| (a.id.as_str(), a.title.as_str(), a.owner.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("A1", "Alert on p99", Some("payments")),
            ("A2", "Theirs", Some("sre")),
            ("A3", "Mine", Some("payments"))
        ]
    );
}

/// The same along a chain: two local items shift up one each (A2 → A3,
/// A3 → A4) because the upstream added an A2. A later local commit that
/// closes the first of them closes it (now A3), not the upstream's A2,
/// which holds its old id; removing it removes it, with no conflict.
#[test]
fn a_change_follows_its_item_along_a_chain_of_renumberings() {
    let upstream = add_action(BASE, "A2", "Theirs");
    let c1 = add_action(BASE, "A2", "Mine");
    let c2 = add_action(&c1, "A3", "Second");
    let r1 = clean(BASE, &upstream, &c1);
    let r2 = clean(&c1, &r1.text, &c2);
    assert_eq!(r2.report.renumbered, [("A3".to_string(), "A4".to_string())]);
    let status = |text: &str| -> Vec<(String, String, String)> {
        store::parse_postmortem(text)
            .unwrap()
            .action_items
            .iter()
            .map(|a| (a.id.clone(), a.title.clone(), a.status.as_str().to_string()))
            .collect()
    };
    let done = set(&c2, &action(1), "status", "done");
    let r3 = clean(&c2, &r2.text, &done);
    let want = |mine: &str| -> Vec<(String, String, String)> {
        [
            ("A1", "Alert on p99", "open"),
            ("A2", "Theirs", "open"),
            ("A3", "Mine", mine),
            ("A4", "Second", "open"),
        ]
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
    };
    assert_eq!(status(&r3.text), want("done"));
    let mut e = Edit::new("t", &c2).unwrap();
    e.remove_item(&[key("action_items")], 1).unwrap();
    let removed = e.finish().unwrap();
    let r4 = clean(&c2, &r2.text, &removed);
    let mut left = want("open");
    left.remove(2);
    assert_eq!(status(&r4.text), left);
}

/// `git pull` merges: their (incoming) item is renumbered. When its author
/// pulls that merge with a change of their own to it, the change follows
/// the item to its new id and nothing else moves.
#[test]
fn an_item_renumbered_by_a_pull_keeps_its_authors_changes() {
    let upstream = add_action(BASE, "A2", "Theirs");
    let local = add_action(BASE, "A2", "Mine");
    let merged = clean(BASE, &local, &upstream);
    assert_eq!(
        merged.report.renumbered,
        [("A2".to_string(), "A3".to_string())]
    );
    let author = set(&upstream, &action(1), "owner", "sre");
    let r = clean(&upstream, &author, &merged.text);
    let pm = store::parse_postmortem(&r.text).unwrap();
    let got: Vec<(&str, &str, Option<&str>)> = pm
        .action_items
        .iter()
        .map(|a| (a.id.as_str(), a.title.as_str(), a.owner.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            ("A1", "Alert on p99", Some("payments")),
            ("A2", "Mine", Some("payments")),
            ("A3", "Theirs", Some("sre"))
        ]
    );
    assert!(r.report.renumbered.is_empty());
}

#[test]
fn first_items_on_an_empty_list_on_both_sides() {
    let base = BASE.replace(
        "  - id: A1\n    title: Alert on p99\n    owner: payments\n    due: 2026-12-11\n    status: open\n",
        "",
    );
    let base = base.replace("action_items:\n", "action_items: []\n");
    store::parse_postmortem(&base).unwrap();
    let ours = add_action(&base, "A1", "Ours");
    let theirs = add_action(&base, "A1", "Theirs");
    let r = clean(&base, &ours, &theirs);
    assert_eq!(
        action_ids(&r.text),
        [("A1".into(), "Ours".into()), ("A2".into(), "Theirs".into())]
    );
    // Only one side added: theirs is taken whole.
    let r = clean(&base, &base, &theirs);
    assert_eq!(r.text, theirs);
}

#[test]
fn status_on_one_side_and_title_on_the_other_both_apply() {
    let ours = set(BASE, &action(0), "status", "done");
    let ours = set(&ours, &action(0), "closed", "2026-11-27");
    let theirs = set(BASE, &action(0), "title", "Alert on checkout p99 above 2s");
    let r = clean(BASE, &ours, &theirs);
    let pm = store::parse_postmortem(&r.text).unwrap();
    let a = &pm.action_items[0];
    assert_eq!(a.title, "Alert on checkout p99 above 2s");
    assert_eq!(a.status, crate::model::ActionStatus::Done);
    assert_eq!(a.closed.unwrap().to_string(), "2026-11-27");
}

/// An item replaced under its id on one side (title and owner both
/// changed: another item, as when an id is given again after a removal)
/// while the other side closed the old one: a conflict, not the close
/// landing on the new item (session 36's attack). A title fixed on one
/// side and the item closed on the other still merge (above).
#[test]
fn an_item_replaced_under_its_id_while_the_other_side_changed_it_is_a_conflict() {
    let ours = set(BASE, &action(0), "title", "Brand new item");
    let ours = set(&ours, &action(0), "owner", "nina");
    let theirs = set(BASE, &action(0), "status", "done");
    let theirs = set(&theirs, &action(0), "closed", "2026-11-27");
    let r = m(BASE, &ours, &theirs);
    assert!(!r.clean, "{}", r.text);
    assert!(r.text.contains("<<<<<<<"), "{}", r.text);
    // The same replacement on both sides is no conflict.
    let r = clean(BASE, &ours, &ours);
    assert!(r.text.contains("title: Brand new item"));
}

#[test]
fn the_same_field_changed_differently_is_a_conflict_around_that_line() {
    let ours = set(BASE, &action(0), "owner", "sre");
    let theirs = set(BASE, &action(0), "owner", "platform");
    let theirs = add_entry(&theirs, "2026-11-26T09:50:00Z", "recovered");
    let r = m(BASE, &ours, &theirs);
    assert!(!r.clean);
    assert_eq!(r.fallback, None);
    assert!(
        r.text.contains("    title: Alert on p99\n<<<<<<< ours\n    owner: sre\n=======\n    owner: platform\n>>>>>>> theirs\n    due: 2026-12-11\n"),
        "{}",
        r.text
    );
    assert_eq!(r.conflicts[0].field, "action_items[A1].owner");
    // Everything else merged.
    assert!(r.text.contains("text: recovered"));

    let ours = set(BASE, &[], "severity", "SEV1");
    let theirs = set(BASE, &[], "severity", "SEV3");
    let r = m(BASE, &ours, &theirs);
    assert!(r.text.contains("date: 2026-11-26\n") && r.text.contains("status: draft\n<<<<<<< ours\nseverity: SEV1\n=======\nseverity: SEV3\n>>>>>>> theirs\ndate:"), "{}", r.text);
    assert_eq!(r.conflicts[0].field, "severity");
    assert_eq!(r.conflicts[0].line, 11);
}

#[test]
fn string_lists_are_unions_in_order() {
    let ours = BASE.replace(
        "services: [checkout-api]",
        "services: [checkout-api, payments-db]",
    );
    let theirs = BASE.replace(
        "services: [checkout-api]",
        "services: [checkout-api, 'cache: redis']",
    );
    let r = clean(BASE, &ours, &theirs);
    assert!(
        r.text
            .contains("services: [checkout-api, payments-db, 'cache: redis']\n"),
        "{}",
        r.text
    );
    // Block lists, and a removal on one side.
    let base = BASE.replace("tags: []", "tags:\n  - db\n  - latency");
    let ours = base.replace("  - db\n", "  - db\n  - checkout\n");
    let theirs = base.replace("  - latency\n", "  - capacity # from the review\n");
    let r = clean(&base, &ours, &theirs);
    assert!(
        r.text
            .contains("tags:\n  - db\n  - checkout\n  - capacity # from the review\n\nsummary"),
        "{}",
        r.text
    );
}

#[test]
fn comments_and_formatting_of_each_side_survive() {
    let ours = BASE.replace(
        "title: Checkout latency spike",
        "title: 'Checkout latency spike' # short",
    );
    let ours = add_entry(&ours, "2026-11-26T09:40:00Z", "ours");
    let theirs = BASE.replace(
        "    text: p99 alert fired\n",
        "    text: p99 alert fired\n    # the alert was already firing in staging\n",
    );
    let theirs = theirs.replace("follow_up:\n", "follow_up:   # keep\n");
    let theirs = add_entry(&theirs, "2026-11-26T09:50:00Z", "theirs");
    let r = clean(BASE, &ours, &theirs);
    assert!(r.text.contains("title: 'Checkout latency spike' # short\n"));
    assert!(
        r.text
            .contains("# the alert was already firing in staging\n")
    );
    assert!(r.text.contains("follow_up:   # keep\n"));
    assert!(r.text.contains("# Post-mortem: Checkout latency spike\n"));
    assert_eq!(
        timeline_texts(&r.text),
        ["Impact started", "p99 alert fired", "ours", "theirs"]
    );
}

#[test]
fn prose_merges_line_by_line_or_conflicts() {
    let base = BASE.replace(
        "summary:\n  # In two or three sentences a newcomer would understand: what broke,\n  # for whom, for how long, and how service was restored.\n",
        "summary: |-\n  First paragraph.\n\n  Second paragraph.\n\n  Third.\n",
    );
    let ours = base.replace("First paragraph.", "First paragraph, clearer.");
    let theirs = base.replace("Third.", "Third, with numbers.");
    let r = clean(&base, &ours, &theirs);
    let pm = store::parse_postmortem(&r.text).unwrap();
    assert_eq!(
        pm.summary.as_deref(),
        Some("First paragraph, clearer.\n\nSecond paragraph.\n\nThird, with numbers.")
    );
    let theirs = base.replace("First paragraph.", "First paragraph, shorter.");
    let r = m(&base, &ours, &theirs);
    assert!(!r.clean);
    assert_eq!(r.conflicts[0].field, "summary");
    assert!(r.text.contains("<<<<<<< ours\n  First paragraph, clearer.\n=======\n  First paragraph, shorter.\n>>>>>>> theirs\n"), "{}", r.text);
}

#[test]
fn an_invalid_side_falls_back_to_a_line_merge() {
    let ours = BASE.replace("severity: SEV2", "severity: [oops");
    let theirs = add_entry(BASE, "2026-11-26T09:50:00Z", "recovered");
    let r = m(BASE, &ours, &theirs);
    assert!(r.fallback.as_deref().unwrap().contains("our side"));
    // Non-overlapping lines still merge, as git would.
    assert!(r.clean);
    assert!(r.text.contains("severity: [oops") && r.text.contains("recovered"));
}

#[test]
fn line_endings_and_bom_of_our_side_are_kept() {
    let crlf = |t: &str| format!("\u{feff}{}", t.replace('\n', "\r\n"));
    let ours = add_entry(BASE, "2026-11-26T09:40:00Z", "ours");
    let theirs = add_entry(BASE, "2026-11-26T09:50:00Z", "theirs");
    let r = clean(&crlf(BASE), &crlf(&ours), &theirs);
    assert!(r.text.starts_with('\u{feff}'));
    assert!(!r.text.replace("\r\n", "").contains('\n'));
    assert_eq!(
        timeline_texts(&r.text),
        ["Impact started", "p99 alert fired", "ours", "theirs"]
    );
}

#[test]
fn their_indentation_is_brought_to_ours() {
    let theirs = BASE
        .replace("\n  - at:", "\n    - at:")
        .replace("\n    kind:", "\n      kind:")
        .replace("\n    text:", "\n      text:");
    let theirs = add_entry(&theirs, "2026-11-26T09:50:00Z", "theirs");
    let ours = add_entry(BASE, "2026-11-26T09:40:00Z", "ours");
    let r = clean(BASE, &ours, &theirs);
    assert!(
        r.text.contains(
            "    text: ours\n  - at: 2026-11-26T09:50:00Z\n    kind: note\n    text: theirs\n"
        ),
        "{}",
        r.text
    );
}

#[test]
fn scalars_and_new_keys_from_one_side() {
    let ours = set(BASE, &[], "status", "review");
    let ours = add_entry(&ours, "2026-11-26T09:40:00Z", "ours");
    let theirs = set(BASE, &[key("follow_up")], "held", "2026-12-10");
    let theirs = format!("{theirs}custom_field: kept\n");
    let r = clean(BASE, &ours, &theirs);
    let pm = store::parse_postmortem(&r.text).unwrap();
    assert_eq!(pm.status, crate::model::Status::Review);
    assert_eq!(pm.follow_up.held.unwrap().to_string(), "2026-12-10");
    assert!(r.text.ends_with("custom_field: kept\n"));
    assert!(r.report.fields_taken.contains(&"follow_up".to_string()));
}

#[test]
fn deleted_on_one_side_and_changed_on_the_other_is_a_conflict() {
    let ours = BASE.replace("links: []\n", "");
    let theirs = BASE.replace("links: []", "links:\n  - {title: dash, url: 'https://x'}");
    let r = m(BASE, &ours, &theirs);
    assert!(!r.clean);
    assert_eq!(r.conflicts[0].field, "links");
}

#[test]
fn conflict_markers_take_the_size_and_labels_given() {
    let ours = set(BASE, &[], "severity", "SEV1");
    let theirs = set(BASE, &[], "severity", "SEV3");
    let markers = Markers {
        size: 9,
        ours: "HEAD".into(),
        theirs: "origin/main".into(),
        ..Markers::default()
    };
    let r = merge(BASE, &ours, &theirs, &markers);
    assert!(r.text.contains(
        "<<<<<<<<< HEAD\nseverity: SEV1\n=========\nseverity: SEV3\n>>>>>>>>> origin/main\n"
    ));
}

/// A change pm makes to one side.
#[derive(Debug, Clone)]
enum Change {
    Entry { minute: u32, second: u32, text: u8 },
    Action { title: u8 },
}

fn apply(text: &str, changes: &[Change]) -> String {
    let mut text = text.to_string();
    for c in changes {
        text = match c {
            Change::Entry {
                minute,
                second,
                text: t,
            } => add_entry(
                &text,
                &format!(
                    "2026-11-26T{:02}:{:02}:{second:02}Z",
                    10 + minute / 60,
                    minute % 60
                ),
                &format!("entry {t}"),
            ),
            Change::Action { title } => {
                let pm = store::parse_postmortem(&text).unwrap();
                let n = pm
                    .action_items
                    .iter()
                    .filter_map(|a| a.id[1..].parse::<u32>().ok())
                    .max()
                    .unwrap_or(0);
                add_action(&text, &format!("A{}", n + 1), &format!("action {title}"))
            }
        };
    }
    text
}

fn change() -> impl Strategy<Value = Change> {
    prop_oneof![
        (0u32..120, 0u32..3, 0u8..6).prop_map(|(minute, second, text)| Change::Entry {
            minute,
            second,
            text
        }),
        (0u8..6).prop_map(|title| Change::Action { title }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Whatever pm adds on two sides, the merge is clean, holds every
    /// entry and item of both (the same entry once), in time order, with
    /// unique ids, and is the same whichever side is ours.
    #[test]
    fn merging_what_pm_adds_keeps_everything(
        common in prop::collection::vec(change(), 0..4),
        ours in prop::collection::vec(change(), 0..8),
        theirs in prop::collection::vec(change(), 0..8),
    ) {
        let base = apply(BASE, &common);
        let o = apply(&base, &ours);
        let t = apply(&base, &theirs);
        let r = m(&base, &o, &t);
        prop_assert!(r.clean, "{:?}\n{}", r.fallback, r.text);
        prop_assert_eq!(&r.fallback, &None);
        let pm = store::parse_postmortem(&r.text).unwrap();
        let (bp, op, tp) = (
            store::parse_postmortem(&base).unwrap(),
            store::parse_postmortem(&o).unwrap(),
            store::parse_postmortem(&t).unwrap(),
        );
        // Timeline: base + both sides' new entries, an entry added on
        // both sides once.
        let key = |e: &crate::model::TimelineEntry| (e.at, e.text.clone());
        let mut expected: Vec<_> = op.timeline.iter().map(key).collect();
        let mut ours_new: Vec<_> = op.timeline.iter().map(key).collect();
        for e in bp.timeline.iter().map(key) {
            if let Some(p) = ours_new.iter().position(|x| *x == e) { ours_new.remove(p); }
        }
        let mut theirs_new: Vec<_> = tp.timeline.iter().map(key).collect();
        for e in bp.timeline.iter().map(key) {
            if let Some(p) = theirs_new.iter().position(|x| *x == e) { theirs_new.remove(p); }
        }
        for e in theirs_new {
            if let Some(p) = ours_new.iter().position(|x| *x == e) { ours_new.remove(p); } else { expected.push(e); }
        }
        let mut got: Vec<_> = pm.timeline.iter().map(key).collect();
        prop_assert!(got.windows(2).all(|w| w[0].0 <= w[1].0), "not in time order");
        got.sort();
        expected.sort();
        prop_assert_eq!(got, expected);
        // Action items: unique ids; every title of both sides.
        let mut ids: Vec<&str> = pm.action_items.iter().map(|a| a.id.as_str()).collect();
        ids.sort();
        ids.dedup();
        prop_assert_eq!(ids.len(), pm.action_items.len());
        for side in [&op, &tp] {
            for a in &side.action_items {
                prop_assert!(pm.action_items.iter().any(|x| x.title == a.title));
            }
        }
        let new_o = op.action_items.len() - bp.action_items.len();
        let new_t = tp.action_items.len() - bp.action_items.len();
        // An item both sides added alike (the same title, owner, due
        // date) is one item, whatever id each gave it.
        let mut ours_titles: Vec<&str> = op.action_items[bp.action_items.len()..]
            .iter()
            .map(|a| a.title.as_str())
            .collect();
        let mut same = 0;
        for a in &tp.action_items[bp.action_items.len()..] {
            if let Some(p) = ours_titles.iter().position(|t| *t == a.title) {
                ours_titles.remove(p);
                same += 1;
            }
        }
        prop_assert_eq!(pm.action_items.len(), bp.action_items.len() + new_o + new_t - same);
    }
}

/// What `pm new` writes today: the questions above each key.
const ABOVE: &str = include_str!("testdata/questions-above.yaml");

/// Both ways round: the same comments survive whichever side is ours
/// (`git pull` merges into the person's side, `pm sync` rebases it).
fn clean_both_ways(base: &str, a: &str, b: &str) -> [String; 2] {
    [clean(base, a, b).text, clean(base, b, a).text]
}

#[test]
fn a_comment_above_a_key_changed_on_the_same_side_survives() {
    let ours = add_entry(ABOVE, "2026-11-29T09:30:00Z", "a entry");
    let theirs = ABOVE.replace(
        "root_cause:\n",
        "# bob: still unsure\nroot_cause: Connection pool too small.\n",
    );
    for text in clean_both_ways(ABOVE, &ours, &theirs) {
        assert!(
            text.contains("# bob: still unsure\nroot_cause: Connection pool too small.\n"),
            "{text}"
        );
        assert_eq!(timeline_texts(&text), ["Impact started", "a entry"]);
    }
}

#[test]
fn a_trailing_comment_on_a_changed_value_survives() {
    // Both changed the list: each side's comment on its line stays.
    let ours = ABOVE.replace("services: []", "services: [checkout]  # alice comment");
    let theirs = ABOVE.replace("services: []", "services: [payments]");
    for text in clean_both_ways(ABOVE, &ours, &theirs) {
        assert!(text.contains("]  # alice comment\n"), "{text}");
    }
    // One side changed a value and commented it; the other something else.
    let ours = ABOVE.replace("severity: SEV2", "severity: SEV1  # paged twice");
    let theirs = add_entry(ABOVE, "2026-11-29T09:30:00Z", "a entry");
    for text in clean_both_ways(ABOVE, &ours, &theirs) {
        assert!(text.contains("severity: SEV1  # paged twice\n"), "{text}");
    }
}

#[test]
fn a_trailing_comment_on_an_unchanged_line_survives() {
    let ours = add_entry(ABOVE, "2026-11-29T09:30:00Z", "a entry");
    let theirs = ABOVE.replace(
        "    text: Impact started\n",
        "    text: Impact started  # bob: from grafana\n",
    );
    for text in clean_both_ways(ABOVE, &ours, &theirs) {
        assert!(
            text.contains("    text: Impact started  # bob: from grafana\n"),
            "{text}"
        );
        assert_eq!(timeline_texts(&text), ["Impact started", "a entry"]);
    }
    // Both sides only commented (as `pm edit` leaves it): nothing changed
    // in value, and both comments are there.
    let ours = ABOVE.replace(
        "timeline:\n",
        "timeline:\n  # alice: times from PagerDuty\n",
    );
    for text in clean_both_ways(ABOVE, &ours, &theirs) {
        assert!(text.contains("  # alice: times from PagerDuty\n"), "{text}");
        assert!(
            text.contains("Impact started  # bob: from grafana\n"),
            "{text}"
        );
    }
}

#[test]
fn comments_on_both_sides_near_the_same_key_survive() {
    let ours = ABOVE.replace(
        "root_cause:\n",
        "# alice: see the pool graph\nroot_cause:\n",
    );
    let ours = add_entry(&ours, "2026-11-29T09:30:00Z", "a entry");
    let theirs = ABOVE.replace(
        "root_cause:\n",
        "# bob: still unsure\nroot_cause: Connection pool too small.\n",
    );
    for text in clean_both_ways(ABOVE, &ours, &theirs) {
        assert!(text.contains("# alice: see the pool graph\n"), "{text}");
        assert!(text.contains("# bob: still unsure\n"), "{text}");
        assert!(
            text.contains("root_cause: Connection pool too small.\n"),
            "{text}"
        );
        assert_eq!(timeline_texts(&text), ["Impact started", "a entry"]);
    }
}

#[test]
fn a_comment_inside_a_list_item_whose_sibling_changed_survives() {
    let base = add_action(ABOVE, "A1", "Alert on p99");
    let base = add_action(&base, "A2", "Load test");
    let ours = set(&base, &action(0), "owner", "alice-team");
    let theirs = base.replace(
        "    title: Load test\n",
        "    title: Load test\n    # bob: needs the staging cluster\n",
    );
    let theirs = theirs.replace(
        "    title: Alert on p99\n",
        "    title: Alert on p99  # bob: 2s threshold\n",
    );
    let theirs = set(&theirs, &action(1), "status", "done");
    for text in clean_both_ways(&base, &ours, &theirs) {
        assert!(
            text.contains("# bob: needs the staging cluster\n"),
            "{text}"
        );
        assert!(
            text.contains("title: Alert on p99  # bob: 2s threshold\n"),
            "{text}"
        );
        assert!(text.contains("owner: alice-team\n"), "{text}");
        assert!(text.contains("status: done\n"), "{text}");
    }
}

#[test]
fn a_comment_on_a_line_whose_value_the_other_side_changed_survives() {
    let ours = ABOVE.replace("severity: SEV2", "severity: SEV1");
    let theirs = ABOVE.replace("severity: SEV2", "severity: SEV2  # bob: unsure");
    let theirs = theirs.replace(
        "    text: Impact started\n",
        "    text: Impact started  # bob: from grafana\n",
    );
    let ours = set(
        &ours,
        &[key("timeline"), Seg::Index(0)],
        "text",
        "Checkout slow",
    );
    for text in clean_both_ways(ABOVE, &ours, &theirs) {
        assert!(text.contains("\nseverity: SEV1  # bob: unsure\n"), "{text}");
        assert!(
            text.contains("    text: Checkout slow  # bob: from grafana\n"),
            "{text}"
        );
    }
}

/// fix35: where the merge is left to git's line merge (here the file has
/// a YAML alias) and one side renumbered A1 by hand to A3 while the other
/// added its own A2 and A3, git's line merge gives two items one id: that
/// is left as a conflict between the two lists, not written; an id a side
/// already had twice is not the merge's doing and merges as git would.
#[test]
fn a_line_merge_that_gives_two_items_one_id_is_a_conflict() {
    let base = BASE
        .replace("  went_wrong: []", "  went_wrong: &none []")
        .replace("  got_lucky: []", "  got_lucky: *none");
    let ours = add_action(&add_action(&base, "A2", "Runbook"), "A3", "Capacity plan");
    let theirs = base.replace("- id: A1", "- id: A3");
    let r = m(&base, &ours, &theirs);
    assert!(
        r.fallback.as_deref().unwrap().contains("alias"),
        "{:?}",
        r.fallback
    );
    assert_eq!(r.duplicate_id.as_deref(), Some("A3"));
    assert!(!r.clean);
    assert_eq!(r.conflicts.len(), 1, "{}", r.text);
    let conflict =
        &r.text[r.text.find("<<<<<<< ours").unwrap()..r.text.find(">>>>>>> theirs").unwrap()];
    assert!(
        conflict.contains("title: Capacity plan")
            && conflict.contains("- id: A3\n    title: Alert on p99"),
        "{}",
        r.text
    );
    // Outside the action items, the line merge's text.
    let (before, _) = r.text.split_at(r.text.find("<<<<<<<").unwrap());
    assert!(ours.starts_with(before), "{}", r.text);
    // Each side as it was, once the person keeps one of them.
    assert_eq!(
        markers::one_side(&r.text, markers::Side::Ours).unwrap(),
        ours
    );
    assert_eq!(
        markers::one_side(&r.text, markers::Side::Theirs).unwrap(),
        theirs
    );

    // Two A2s already on our side (a hand edit), in a file the merge by
    // meaning leaves to git (it has a YAML alias): not the merge's doing.
    let twice = add_action(&add_action(&base, "A2", "Runbook"), "A2", "Again");
    let theirs = set(&base, &action(0), "owner", "sre");
    let r = m(&base, &twice, &theirs);
    assert!(
        r.fallback.as_deref().unwrap().contains("alias"),
        "{:?}",
        r.fallback
    );
    assert_eq!(r.duplicate_id, None);
    assert!(r.clean, "{}", r.text);
}

fn sync_markers() -> Markers {
    Markers {
        theirs_is_local: true,
        ..Markers::default()
    }
}

fn pull_markers() -> Markers {
    Markers {
        merge_of_branches: true,
        ..Markers::default()
    }
}

/// fix36: one side renumbered A1 by hand to A3 while the other added its
/// own A2 and A3. The renumbering lands, under the next free id (A4): the
/// other side's A3 keeps its id, and the report says which item moved,
/// from which id. The same whichever side renumbered: in pm sync (the
/// local side is theirs), in a rebase, and in a `git pull` merge (ours is
/// the person's branch). Merged by meaning, not line by line.
#[test]
fn an_item_renumbered_by_hand_to_a_taken_id_takes_the_next_free_one() {
    let added = add_action(&add_action(BASE, "A2", "Runbook"), "A3", "Capacity plan");
    let renumbered = BASE.replace("- id: A1", "- id: A3");
    let want = [
        ("A4".to_string(), "Alert on p99".to_string()),
        ("A2".to_string(), "Runbook".to_string()),
        ("A3".to_string(), "Capacity plan".to_string()),
    ];
    let yielded = |ours| Yielded {
        ours,
        was: "A1".into(),
        gave: "A3".into(),
        now: "A4".into(),
    };
    for markers in [sync_markers(), Markers::default(), pull_markers()] {
        let r = merge(BASE, &added, &renumbered, &markers);
        assert!(r.clean, "{:?}\n{}", r.fallback, r.text);
        assert_eq!(r.fallback, None);
        assert_eq!(action_ids(&r.text), want);
        assert_eq!(r.report.yielded, [yielded(false)]);
        assert_eq!(r.report.renumbered, [("A3".into(), "A4".into())]);
        // Only the id changed: the line `pm action add` wrote, nothing else.
        assert_eq!(r.text, added.replacen("- id: A1", "- id: A4", 1));
    }
    // In a `git pull` the person's branch is ours.
    let r = merge(BASE, &renumbered, &added, &pull_markers());
    assert!(r.clean, "{:?}\n{}", r.fallback, r.text);
    assert_eq!(action_ids(&r.text), want);
    assert_eq!(r.report.yielded, [yielded(true)]);
    assert!(r.report.renumbered.is_empty());
    // In a replay onto the upstream (a rebase, a cherry-pick) ours is the
    // tip, whose items moved by earlier replays: their new item yields, as
    // any colliding new item does.
    let r = merge(BASE, &renumbered, &added, &Markers::default());
    assert!(r.clean, "{:?}\n{}", r.fallback, r.text);
    assert_eq!(
        action_ids(&r.text),
        [
            ("A3".to_string(), "Alert on p99".to_string()),
            ("A2".to_string(), "Runbook".to_string()),
            ("A4".to_string(), "Capacity plan".to_string()),
        ]
    );
    assert!(r.report.yielded.is_empty());
}

/// fix36: a renumbering to an id nobody has lands as it is, also in pm
/// sync (before, pm sync took it for a renumbering by an earlier merge and
/// gave the item its old id back, silently).
#[test]
fn an_item_renumbered_by_hand_to_a_free_id_lands_as_it_is() {
    let added = add_action(&add_action(BASE, "A2", "Runbook"), "A3", "Capacity plan");
    let renumbered = BASE.replace("- id: A1", "- id: A7");
    for markers in [sync_markers(), Markers::default(), pull_markers()] {
        let r = merge(BASE, &added, &renumbered, &markers);
        assert!(r.clean, "{:?}\n{}", r.fallback, r.text);
        assert_eq!(r.text, added.replacen("- id: A1", "- id: A7", 1));
        assert!(r.report.yielded.is_empty() && r.report.renumbered.is_empty());
        let r = merge(BASE, &renumbered, &added, &markers);
        assert!(r.clean, "{:?}\n{}", r.fallback, r.text);
        assert_eq!(action_ids(&r.text)[0].0, "A7", "{}", r.text);
    }
}

/// fix36: both sides renumbered the same item, differently: a conflict on
/// its id, as for any field both changed differently; the same way: one
/// item.
#[test]
fn an_item_renumbered_differently_on_both_sides_is_a_conflict_on_its_id() {
    let five = BASE.replace("- id: A1", "- id: A5");
    let seven = BASE.replace("- id: A1", "- id: A7");
    for markers in [sync_markers(), Markers::default(), pull_markers()] {
        let r = merge(BASE, &five, &seven, &markers);
        assert!(!r.clean, "{}", r.text);
        assert_eq!(r.fallback, None);
        assert_eq!(r.conflicts.len(), 1, "{}", r.text);
        assert!(
            r.text
                .contains("<<<<<<< ours\n  - id: A5\n=======\n  - id: A7\n>>>>>>> theirs\n"),
            "{}",
            r.text
        );
        let r = merge(BASE, &five, &five, &markers);
        assert!(r.clean);
        assert_eq!(r.text, five);
    }
}

/// fix36: renumbered and closed on one side (a `git merge` sees both at
/// once), its owner changed on the other, which also added an A3: one
/// item, with both changes, under the next free id.
#[test]
fn an_item_renumbered_and_changed_is_still_the_same_item() {
    let added = add_action(
        &add_action(&set(BASE, &action(0), "owner", "sre"), "A2", "Runbook"),
        "A3",
        "Capacity plan",
    );
    let mine = set(
        &BASE.replace("- id: A1", "- id: A3"),
        &action(0),
        "status",
        "done",
    );
    for (o, t, markers) in [
        (&added, &mine, sync_markers()),
        (&mine, &added, pull_markers()),
    ] {
        let r = merge(BASE, o, t, &markers);
        assert!(r.clean, "{:?}\n{}", r.fallback, r.text);
        let pm = store::parse_postmortem(&r.text).unwrap();
        let items: Vec<(&str, &str, &str)> = pm
            .action_items
            .iter()
            .map(|a| {
                (
                    a.id.as_str(),
                    a.title.as_str(),
                    a.owner.as_deref().unwrap_or(""),
                )
            })
            .collect();
        assert_eq!(
            items,
            [
                ("A4", "Alert on p99", "sre"),
                ("A2", "Runbook", "payments"),
                ("A3", "Capacity plan", "payments"),
            ],
            "{}",
            r.text
        );
        assert_eq!(pm.action_items[0].status.as_str(), "done", "{}", r.text);
    }
}

/// `text` with a comment line written directly above `line`.
fn comment_above(text: &str, line: &str, comment: &str) -> String {
    let at = text.find(line).expect("the line");
    format!("{}{comment}\n{}", &text[..at], &text[at..])
}

/// fix36 (C9): a comment written directly above a timeline entry or an
/// action item stays above that one when the other side puts an entry or
/// an item in before it, rather than ending up above someone else's,
/// whichever side wrote the comment. Comment lines at the dashes' column
/// right above an item describe it, as pm's own edits take them: an
/// entry that `pm timeline add` puts first goes above the questions under
/// the key, and the merge keeps it there.
#[test]
fn a_comment_above_an_item_stays_with_it_when_another_goes_in_before_it() {
    // An entry in time order before the commented one.
    let noted = comment_above(
        BASE,
        "  - at: 2026-11-26T09:31:00Z",
        "  # from the pager log",
    );
    let added = add_entry(BASE, "2026-11-26T09:20:00Z", "errors seen");
    for text in clean_both_ways(BASE, &noted, &added) {
        assert!(
            text.contains(
                "    text: errors seen\n  # from the pager log\n  - at: 2026-11-26T09:31:00Z\n"
            ),
            "{text}"
        );
        assert_eq!(text.matches("# from the pager log").count(), 1);
    }
    // Before the first entry, where pm put it: above the questions.
    let noted = comment_above(BASE, "  - at: 2026-11-26T09:12:00Z", "  # paged at once");
    let added = add_entry(BASE, "2026-11-26T09:00:00Z", "deploy 4.2.1");
    assert!(added.contains("timeline:\n  - at: 2026-11-26T09:00:00Z\n"));
    for text in clean_both_ways(BASE, &noted, &added) {
        assert!(
            text.contains("timeline:\n  - at: 2026-11-26T09:00:00Z\n"),
            "{text}"
        );
        assert!(
            text.contains(
                "Kinds: impact-start, detected, acknowledged, mitigated, resolved, note.\n  # paged at once\n  - at: 2026-11-26T09:12:00Z\n"
            ),
            "{text}"
        );
    }
    // An action item put first by hand, before the commented one.
    let noted = comment_above(BASE, "  - id: A1", "  # waits on the vendor");
    let first = BASE.replace(
        "  - id: A1\n",
        "  - id: A2\n    title: Runbook\n    owner: sre\n    due: 2026-12-20\n    status: open\n  - id: A1\n",
    );
    for text in clean_both_ways(BASE, &noted, &first) {
        assert!(
            text.contains("    status: open\n  # waits on the vendor\n  - id: A1\n"),
            "{text}"
        );
        assert!(
            text.contains("--due +2w\n  - id: A2\n    title: Runbook\n"),
            "{text}"
        );
    }
}
