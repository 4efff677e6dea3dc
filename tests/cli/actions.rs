//! pm action, review, close and due.

use crate::support::TestEnv;

/// Three post-mortems with a mix of overdue, due-soon, future, done and
/// dropped items. PM_NOW is 2026-11-27.
fn seeded() -> TestEnv {
    let env = TestEnv::new();
    let a = env.new_pm("Checkout latency spike", "2026-11-10T09:00:00Z");
    let b = env.new_pm("Queue backlog", "2026-11-20T09:00:00Z");
    let c = env.new_pm("DNS outage", "2026-11-25T09:00:00Z");
    let add = |pm: &str, title: &str, owner: &str, due: &str| {
        env.pm(&[
            "action", "add", title, "--pm", pm, "--owner", owner, "--due", due,
        ])
        .ok();
    };
    add(&a, "Alert on p99", "payments", "2026-11-20"); // A1 overdue 7d
    add(&a, "Load test checkout", "payments", "2026-11-30"); // A2 due in 3d
    add(&a, "Document rollback", "sre", "2026-11-21"); // A3 done
    add(&b, "Autoscale workers", "platform", "2026-12-20"); // A1 future
    add(&b, "Alert on queue age", "platform", "2026-11-27"); // A2 due today
    add(&c, "Second resolver", "netops", "2026-11-26"); // A1 overdue 1d
    add(&c, "Cache TTL review", "netops", "2026-11-28"); // A2 dropped
    env.pm(&["action", "done", &format!("{a}#A3")]).ok();
    env.pm(&[
        "action",
        "drop",
        &format!("{c}#A2"),
        "--reason",
        "superseded by A1",
    ])
    .ok();
    env
}

#[test]
fn due_json_lists_exactly_what_needs_attention() {
    let env = seeded();
    let json = env.pm(&["due", "--json"]).ok().json();
    assert_eq!(json["today"], "2026-11-27");
    let items: Vec<(String, String, String, i64)> = json["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| {
            (
                format!(
                    "{}#{}",
                    i["postmortem"].as_str().unwrap(),
                    i["action"].as_str().unwrap_or("review")
                ),
                i["state"].as_str().unwrap().to_string(),
                i["due"].as_str().unwrap().to_string(),
                i["days"].as_i64().unwrap(),
            )
        })
        .collect();
    let expected = [
        (
            "2026-11-10-checkout-latency-spike#A1",
            "overdue",
            "2026-11-20",
            7,
        ),
        (
            "2026-11-10-checkout-latency-spike#review",
            "overdue",
            "2026-11-24",
            3,
        ),
        ("2026-11-25-dns-outage#A1", "overdue", "2026-11-26", 1),
        ("2026-11-20-queue-backlog#A2", "due-soon", "2026-11-27", 0),
        (
            "2026-11-10-checkout-latency-spike#A2",
            "due-soon",
            "2026-11-30",
            3,
        ),
        (
            "2026-11-20-queue-backlog#review",
            "due-soon",
            "2026-12-04",
            7,
        ),
    ];
    let expected: Vec<(String, String, String, i64)> = expected
        .iter()
        .map(|(r, s, d, n)| (r.to_string(), s.to_string(), d.to_string(), *n))
        .collect();
    assert_eq!(items, expected);
    let first = &json["items"][0];
    assert_eq!(first["kind"], "action");
    assert_eq!(first["title"], "Alert on p99");
    assert_eq!(first["owner"], "payments");
    let review = &json["items"][1];
    assert_eq!(review["kind"], "review");
    assert_eq!(review["open_actions"], serde_json::json!(["A1", "A2"]));

    env.pm(&["due", "--check"]).code(1);
    env.pm(&["due", "--check", "--owner", "platform"]).code(0);
    let platform = env
        .pm(&["due", "--json", "--owner", "@Platform"])
        .ok()
        .json();
    assert_eq!(platform["items"].as_array().unwrap().len(), 1);
    let wide = env.pm(&["due", "--json", "--within", "4w"]).ok().json();
    assert_eq!(wide["items"].as_array().unwrap().len(), 8);
}

#[test]
fn due_table_fits_80_columns_and_sums_up() {
    let env = seeded();
    let table = env.pm(&["due"]).ok();
    for line in table.stdout.lines() {
        assert!(line.chars().count() <= 80, "wider than 80: {line:?}");
    }
    assert!(!table.stdout.contains('\x1b'), "colour when piped");
    let last = table.stdout.lines().last().unwrap();
    assert_eq!(
        last,
        "3 overdue (1 of them a review), 2 action items and 1 review due within 7 days"
    );
    let expected = "  WHEN           DUE         WHAT

payments
  7d overdue     2026-11-20  Alert on p99
                             2026-11-10-checkout-latency-spike#A1
  in 3d          2026-11-30  Load test checkout
                             2026-11-10-checkout-latency-spike#A2

(no owner)
  3d overdue     2026-11-24  Follow-up review: Checkout latency spike
                             2026-11-10-checkout-latency-spike · check A1, A2
  in 7d          2026-12-04  Follow-up review: Queue backlog
                             2026-11-20-queue-backlog · check A1, A2

netops
  1d overdue     2026-11-26  Second resolver
                             2026-11-25-dns-outage#A1

platform
  today          2026-11-27  Alert on queue age
                             2026-11-20-queue-backlog#A2

3 overdue (1 of them a review), 2 action items and 1 review due within 7 days
";
    assert_eq!(table.stdout, expected);
    let by_pm = env.pm(&["due", "--by", "postmortem"]).ok();
    assert!(
        by_pm
            .stdout
            .contains("2026-11-10-checkout-latency-spike (SEV2)")
    );
    let flat = env.pm(&["due", "--by", "due"]).ok();
    assert!(flat.stdout.lines().nth(1).unwrap().contains("7d overdue"));
}

#[test]
fn review_clears_the_overdue_review_and_close_needs_everything_done() {
    let env = TestEnv::new();
    // Dated 15 days before PM_NOW: the 14-day review is overdue.
    let id = env.new_pm("Cert expiry", "2026-11-12T09:00:00Z");
    env.pm(&[
        "action",
        "add",
        "Automate renewal",
        "--owner",
        "sre",
        "--due",
        "2026-12-30",
    ])
    .ok();
    let due = env.pm(&["due", "--json"]).ok().json();
    assert_eq!(due["items"][0]["kind"], "review");
    assert_eq!(due["items"][0]["state"], "overdue");
    assert_eq!(due["items"][0]["days"], 1);
    env.pm(&["due", "--check"]).code(1);

    env.pm(&["close", &id])
        .error(&["cannot be closed", "review", "A1"]);
    env.pm(&["review", &id, "--notes", "A1 on track"])
        .ok()
        .stdout_has("open action items: A1");
    let due = env.pm(&["due", "--json"]).ok().json();
    assert_eq!(due["items"].as_array().unwrap().len(), 0);
    env.pm(&["due", "--check"]).code(0);
    env.pm(&["review", &id]).error(&["already"]);
    env.pm(&["close", &id]).error(&["A1 is open"]);
    env.pm(&[
        "action",
        "done",
        &format!("{id}#A1"),
        "--note",
        "certbot cron",
    ])
    .ok();
    // Everything is done, but the summary and root cause are still empty.
    env.pm(&["close", &id])
        .error(&["not ready for status `closed`", "empty-section"]);
    env.pm(&["close", &id, "--force"]).ok();
    let shown = env.pm(&["show", &id, "--json"]).ok().json();
    assert_eq!(shown["status"], "closed");
    assert_eq!(shown["follow_up"]["held"], "2026-11-27");
    assert_eq!(shown["follow_up"]["notes"], "A1 on track");
    assert_eq!(shown["action_items"][0]["closed"], "2026-11-27");
    env.assert_clean();
    // Closed means done: no new action item, no new review, nothing
    // changed; reopening is an edit of `status`.
    let before = env.snapshot();
    env.pm(&[
        "action",
        "add",
        "Late idea",
        "--pm",
        &id,
        "--owner",
        "sre",
        "--due",
        "+1w",
    ])
    .error(&["is closed", "new action items", "pm edit"]);
    env.pm(&["review", &id, "--again", "2w"])
        .error(&["is closed", "more reviews"]);
    assert_eq!(env.snapshot(), before);
}

#[test]
fn review_again_schedules_another() {
    let env = TestEnv::new();
    let id = env.new_pm("Flaky deploys", "2026-11-01T09:00:00Z");
    env.pm(&["review", &id, "--notes", "half done", "--again", "2w"])
        .ok()
        .stdout_has("next review due 2026-12-11");
    let shown = env.pm(&["show", &id, "--json"]).ok().json();
    assert_eq!(shown["follow_up"]["due"], "2026-12-11");
    assert!(shown["follow_up"]["held"].is_null());
    assert_eq!(shown["follow_up"]["history"][0]["held"], "2026-11-27");
    assert_eq!(shown["follow_up"]["history"][0]["due"], "2026-11-15");
    assert_eq!(shown["follow_up"]["history"][0]["notes"], "half done");
    let due = env.pm(&["due", "--json", "--within", "30d"]).ok().json();
    assert_eq!(due["items"][0]["due"], "2026-12-11");
    env.pm(&["review", &id, "--again", "soon"])
        .error(&["--again"]);
    // `pm close` names the review scheduled, not one "not held" just after
    // one was recorded (session 35's newcomer run).
    let run = env.pm(&["close", &id]).code(2);
    assert!(
        run.stderr.contains("another follow-up review is scheduled for 2026-12-11 (the last, held 2026-11-27, asked for it with --again)"),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("has not been held"), "{}", run.stderr);
}

/// A review recorded as held, then `--again`: the held review goes to the
/// history once and the next is scheduled; no second review "held today"
/// that never happened.
#[test]
fn review_again_after_a_held_review_records_no_second_one() {
    let env = TestEnv::new();
    let id = env.new_pm("Flaky deploys", "2026-11-01T09:00:00Z");
    env.pm(&["review", &id, "--notes", "first"]).ok();
    env.pm(&["review", &id, "--again", "2w"])
        .ok()
        .stdout_has("held on 2026-11-27 is in its history")
        .stdout_has("next review due 2026-12-11");
    let shown = env.pm(&["show", &id, "--json"]).ok().json();
    let history = shown["follow_up"]["history"].as_array().unwrap();
    assert_eq!(history.len(), 1, "{shown}");
    assert_eq!(history[0]["held"], "2026-11-27");
    assert_eq!(history[0]["due"], "2026-11-15");
    assert_eq!(history[0]["notes"], "first");
    assert_eq!(shown["follow_up"]["due"], "2026-12-11");
    assert!(shown["follow_up"]["held"].is_null());
}

#[test]
fn action_ids_are_never_reused_and_edits_touch_only_their_lines() {
    let env = TestEnv::new();
    let id = env.new_pm("Ids", "2026-11-26T09:00:00Z");
    env.pm(&["action", "add", "One", "--owner", "a", "--due", "+1w"])
        .ok()
        .stdout_has("#A1");
    env.pm(&[
        "action",
        "add",
        "Two",
        "--owner",
        "b",
        "--due",
        "2026-12-01",
    ])
    .ok()
    .stdout_has("#A2");
    env.pm(&[
        "action",
        "drop",
        "A2",
        "--pm",
        &id,
        "--reason",
        "duplicate of A1",
    ])
    .ok();
    env.pm(&["action", "add", "Three", "--owner", "c"])
        .ok()
        .stdout_has("#A3")
        .stdout_has("pm.yaml's action_due_days for SEV2");
    let shown = env.pm(&["show", &id, "--json"]).ok().json();
    assert_eq!(shown["action_items"][2]["due"], "2026-12-26");
    assert_eq!(shown["action_items"][1]["status"], "dropped");
    assert_eq!(shown["action_items"][1]["note"], "duplicate of A1");

    env.pm(&[
        "action",
        "edit",
        &format!("{id}#A1"),
        "--owner",
        "team-x",
        "--due",
        "2026-12-24",
        "--title",
        "One: improved",
    ])
    .ok();
    let diff = env.git(&["show", "--format=", "-U0", "HEAD"]);
    let changed: Vec<&str> = diff
        .lines()
        .filter(|l| l.starts_with(['+', '-']) && !l.starts_with("+++") && !l.starts_with("---"))
        .collect();
    assert_eq!(
        changed,
        [
            "-    title: One",
            "-    owner: a",
            "-    due: 2026-12-04",
            "+    title: 'One: improved'",
            "+    owner: team-x",
            "+    due: 2026-12-24",
        ]
    );
    let list = env.pm(&["action", "list", "--json", "--open"]).ok().json();
    assert_eq!(list.as_array().unwrap().len(), 2);
    let mine = env
        .pm(&["action", "list", "--owner", "TEAM-X", "--json"])
        .ok()
        .json();
    assert_eq!(mine[0]["title"], "One: improved");
    env.assert_clean();
}

#[test]
fn action_bad_input_is_refused_and_nothing_changes() {
    let env = TestEnv::new();
    let id = env.new_pm("Bad actions", "2026-11-26T09:00:00Z");
    env.pm(&[
        "action", "add", "Real one", "--owner", "ops", "--due", "+3d",
    ])
    .ok();
    let before = env.snapshot();
    env.pm(&["action", "add", "x", "--owner", "ops", "--due", "next week"])
        .error(&["--due", "YYYY-MM-DD"]);
    env.pm(&[
        "action",
        "add",
        "x",
        "--owner",
        "ops",
        "--due",
        "2026-13-45",
    ])
    .error(&["--due"]);
    env.pm(&["action", "add", "x", "--owner", " "])
        .error(&["--owner"]);
    env.pm(&["action", "add", "x"]).error(&["--owner"]);
    env.pm(&["action", "add", " ", "--owner", "ops"])
        .error(&["TITLE"]);
    env.pm(&[
        "action",
        "add",
        "x",
        "--owner",
        "ops",
        "--due",
        "2026-01-01",
    ])
    .error(&["before the incident"]);
    env.pm(&["action", "add", "x", "--owner", "ops", "--type", "blame"])
        .error(&["--type", "prevent"]);
    env.pm(&["action", "done", &format!("{id}#A9")])
        .error(&["A9", "A1"]);
    env.pm(&["action", "done", "nothing#A1"])
        .error(&["nothing"]);
    env.pm(&["action", "done", "zzz"]).error(&["ID#A2"]);
    env.pm(&["action", "edit", &format!("{id}#A1")])
        .error(&["--owner"]);
    env.pm(&["due", "--within", "soon"]).error(&["--within"]);
    env.pm(&["due", "--owner", ""]).error(&["--owner"]);
    assert_eq!(before, env.snapshot());
    env.pm(&["action", "done", &format!("{id}#A1")]).ok();
    env.pm(&["action", "done", &format!("{id}#A1")])
        .error(&["already done"]);
}

#[test]
fn a_broken_file_is_a_warning_in_due_unless_check() {
    let env = seeded();
    env.write(
        "postmortems/2026/2026-11-26-broken.yaml",
        "pm: 1\nid: x\ntitle: [\n",
    );
    let run = env.pm(&["due", "--json"]).ok();
    assert!(
        run.stderr
            .contains("postmortems/2026/2026-11-26-broken.yaml:"),
        "{}",
        run.stderr
    );
    assert_eq!(run.json()["items"].as_array().unwrap().len(), 6);
    env.pm(&["due", "--check"]).code(2);
}

#[test]
fn cache_never_gives_a_stale_answer() {
    let env = seeded();
    let file = env.file_of("2026-11-20-queue-backlog");
    let count = |env: &TestEnv| {
        env.pm(&["due", "--json"]).ok().json()["items"]
            .as_array()
            .unwrap()
            .len()
    };
    assert_eq!(count(&env), 6);
    assert!(env.path(".git/pm/index.bin").exists());
    // A hand edit of the same size, with the old modification time put back:
    // the change time and size/inode checks still catch it.
    let meta = std::fs::metadata(env.path(&file)).unwrap();
    let text = env
        .read(&file)
        .replace("due: 2026-12-20", "due: 2026-11-19");
    std::fs::write(env.path(&file), &text).unwrap();
    let f = std::fs::File::options()
        .write(true)
        .open(env.path(&file))
        .unwrap();
    f.set_modified(meta.modified().unwrap()).unwrap();
    drop(f);
    assert_eq!(count(&env), 7);
    // Switching commits (as git pull or checkout would) is seen too.
    env.git(&["stash"]);
    assert_eq!(count(&env), 6);
    env.git(&["stash", "pop"]);
    assert_eq!(count(&env), 7);
    // A deleted file disappears, a corrupt cache is ignored.
    std::fs::remove_file(env.path(&file)).unwrap();
    assert_eq!(count(&env), 4);
    std::fs::write(env.path(".git/pm/index.bin"), "{not json").unwrap();
    assert_eq!(count(&env), 4);
}

#[test]
fn calendar_parses_with_an_independent_parser() {
    let env = seeded();
    let ics = env.home().join("due.ics");
    env.pm(&["due", "--ics", ics.to_str().unwrap()]).ok();
    let text = std::fs::read_to_string(&ics).unwrap();
    assert!(text.lines().all(|l| l.len() <= 76));
    assert!(text.contains("\r\n"));
    let reader = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    let calendars: Vec<_> = reader.collect::<Result<_, _>>().expect("valid iCalendar");
    assert_eq!(calendars.len(), 1);
    let events = &calendars[0].events;
    // Five open action items and three pending reviews.
    assert_eq!(events.len(), 8);
    let prop = |e: &ical::parser::ical::component::IcalEvent, name: &str| {
        e.properties
            .iter()
            .find(|p| p.name == name)
            .and_then(|p| p.value.clone())
            .unwrap()
    };
    let uids: Vec<String> = events.iter().map(|e| prop(e, "UID")).collect();
    assert!(uids.contains(&"2026-11-10-checkout-latency-spike.A1@pm".to_string()));
    assert!(uids.contains(&"2026-11-20-queue-backlog.review@pm".to_string()));
    let a1 = events
        .iter()
        .find(|e| prop(e, "UID") == "2026-11-10-checkout-latency-spike.A1@pm")
        .unwrap();
    assert_eq!(prop(a1, "DTSTART"), "20261120");
    assert_eq!(prop(a1, "DTEND"), "20261121");
    // Stable: the same file again.
    let ics2 = env.home().join("due2.ics");
    env.pm(&["due", "--ics", ics2.to_str().unwrap()]).ok();
    assert_eq!(text, std::fs::read_to_string(&ics2).unwrap());
}

#[test]
fn status_moves_through_review_and_published() {
    let env = TestEnv::new();
    let id = env.new_pm("Status moves", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let before = env.read(&file);
    // Empty sections are lint errors from review on: refused, nothing changed.
    let commits = env.commits();
    env.pm(&["status", &id, "review"]).error(&[
        "not ready for status `review`",
        "empty-section",
        "--force",
    ]);
    assert_eq!(env.read(&file), before);
    assert_eq!(env.commits(), commits);
    env.pm(&["status", &id, "review", "--force"])
        .ok()
        .stdout_has("draft -> review");
    let after = env.read(&file);
    assert_eq!(after, before.replace("status: draft", "status: review"));
    assert_eq!(
        env.git(&["log", "-1", "--format=%s"]).trim(),
        format!("pm: status {id}: draft -> review")
    );
    env.pm(&["status", &id, "review"])
        .error(&["already review"]);
    // Closing is its own command: the refusal says which, not clap's
    // "a similar value exists: 'published'".
    let closed = env.pm(&["status", &id, "closed"]).error(&[
        &format!("closing is `pm close {id}`"),
        "nothing was changed",
    ]);
    assert!(
        !closed.stderr.contains("similar value"),
        "{}",
        closed.stderr
    );
    assert_eq!(env.read(&file), after);
    env.pm(&["status", &id, "published"])
        .error(&["not ready for status `published`"]);
    env.pm(&["status", &id, "published", "--force"]).ok();
    env.assert_clean();
}

/// Notes written in the file before the review (an agenda, what was found
/// so far) are never lost: `pm review --again` moves them into the history
/// with the review, and `--notes` adds to them rather than replacing them.
/// (A fifth attack found both dropping the text.)
#[test]
fn review_keeps_the_notes_written_in_the_file() {
    let env = TestEnv::new();
    let id = env.new_pm("Cert expiry", "2026-11-12T09:00:00Z");
    let rel = format!("postmortems/2026/{id}.yaml");
    let text = env.read(&rel);
    assert!(text.contains("\n  notes:\n"), "{text}");
    env.write(
        &rel,
        &text.replace(
            "\n  notes:\n",
            "\n  notes: |\n    Agenda: the alerting work.\n    Second line.\n",
        ),
    );
    env.git(&["commit", "-qam", "agenda"]);
    env.pm(&["review", &id, "--again", "14d"]).ok();
    let text = env.read(&rel);
    let history = &text[text.find("  history:").expect("history")..];
    assert!(
        history.contains("Agenda: the alerting work.") && history.contains("Second line."),
        "{text}"
    );
    // The next review: the notes written before it, then --notes.
    let text = text.replacen(
        "\n  held:\n  notes:\n",
        "\n  held:\n  notes: Check the alert routing.\n",
        1,
    );
    env.write(&rel, &text);
    env.git(&["commit", "-qam", "more notes"]);
    env.pm(&["review", &id, "--notes", "Routing fixed."]).ok();
    let shown = env.pm(&["show", &id, "--json"]).ok().json();
    assert_eq!(
        shown["follow_up"]["notes"],
        "Check the alert routing.\n\nRouting fixed.",
        "{}",
        env.read(&rel)
    );
    let history = &shown["follow_up"]["history"][0]["notes"];
    assert_eq!(history, "Agenda: the alerting work.\nSecond line.");
}

/// An item due on the last day iCalendar can write (9999-12-31) has no
/// DTEND, whose day after would need a five-digit year: an all-day event
/// without one lasts that day (RFC 5545). The file still parses.
#[test]
fn calendar_stays_valid_for_the_last_writable_day() {
    let env = TestEnv::new();
    env.new_pm("Far future", "2026-11-20T09:00:00Z");
    env.pm(&[
        "action",
        "add",
        "Far",
        "--owner",
        "o",
        "--due",
        "9999-12-31",
    ])
    .ok();
    let ics = env.home().join("due.ics");
    env.pm(&["due", "--ics", ics.to_str().unwrap()]).ok();
    let text = std::fs::read_to_string(&ics).unwrap();
    assert!(!text.contains('+'), "{text}");
    assert!(text.contains("DTSTART;VALUE=DATE:99991231\r\n"), "{text}");
    let reader = ical::IcalParser::new(std::io::BufReader::new(text.as_bytes()));
    let calendars: Vec<_> = reader.collect::<Result<_, _>>().expect("valid iCalendar");
    let far = calendars[0]
        .events
        .iter()
        .find(|e| {
            e.properties
                .iter()
                .any(|p| p.name == "DTSTART" && p.value.as_deref() == Some("99991231"))
        })
        .expect("the far item");
    assert!(!far.properties.iter().any(|p| p.name == "DTEND"));
}

/// `pm action done --note` and `drop --reason` add to a note already on the
/// item (context from a review, a workaround) and never replace it; the
/// note's block style and the rest of the file stay as they were. So does
/// `pm review --notes` for the follow-up notes. (An eleventh attack found
/// the notes replaced by `note: done`.)
#[test]
fn closing_an_item_adds_to_its_note_and_never_replaces_it() {
    let env = TestEnv::new();
    let id = env.new_pm("Vendor outage", "2026-11-20T09:00:00Z");
    env.add_action(&id, "t1", "o", "2026-12-01");
    env.add_action(&id, "t2", "o", "2026-12-01");
    let rel = env.file_of(&id);
    let text = env.read(&rel);
    let one = "    status: open\n";
    let at = text.find(one).expect("A1 status") + one.len();
    let block = "    note: |\n      Context from the review: blocked on vendor ticket 4711,\n      workaround in runbook section 3.\n";
    let mut text = format!("{}{block}{}", &text[..at], &text[at..]);
    let second = text.rfind(one).expect("A2 status") + one.len();
    let plain = "    note: Partial fix shipped in 4.2.2.  # from the review\n";
    text.insert_str(second, plain);
    let text = text.replacen(
        "\n  notes:\n",
        "\n  notes: |\n    Agenda prepared by the IC.\n",
        1,
    );
    env.write(&rel, &text);
    env.git(&["commit", "-qam", "notes by hand"]);

    env.pm(&["action", "done", &format!("{id}#A1"), "--note", "done"])
        .ok();
    env.pm(&[
        "action",
        "drop",
        &format!("{id}#A2"),
        "--reason",
        "superseded\nby A3",
    ])
    .ok();
    env.pm(&["review", &id, "--notes", "held, all fine"]).ok();
    let after = env.read(&rel);
    // Only the notes' lines changed: the written text stays verbatim.
    assert!(after.contains(&format!("{block}\n      done\n")), "{after}");
    assert!(
        after.contains(
            "    note: |-  # from the review\n      Partial fix shipped in 4.2.2.\n\n      superseded\n      by A3\n"
        ),
        "{after}"
    );
    assert!(
        after.contains("  notes: |\n    Agenda prepared by the IC.\n\n    held, all fine\n"),
        "{after}"
    );
    let shown = env.pm(&["show", &id, "--json"]).ok().json();
    assert_eq!(
        shown["action_items"][0]["note"],
        "Context from the review: blocked on vendor ticket 4711,\nworkaround in runbook section 3.\n\ndone\n"
    );
    assert_eq!(
        shown["action_items"][1]["note"],
        "Partial fix shipped in 4.2.2.\n\nsuperseded\nby A3"
    );
    assert_eq!(shown["action_items"][1]["status"], "dropped");
    env.assert_clean();
}

/// patt21 D3: an action item whose `type` is not one the schema lists,
/// or whose `id` is not `A` and a number, passed `pm lint`; `pm due` then
/// printed `ID#foo`, which `pm action done` refuses, so the item could
/// never be closed with pm. Lint now reports both, at their line, with
/// what to write.
#[test]
fn lint_refuses_an_action_type_or_id_that_no_command_takes() {
    let env = TestEnv::new();
    let id = env.new_pm("Queue stall", "2026-11-26T09:00:00Z");
    env.add_action(&id, "Add a queue alarm", "bob", "2026-12-10");
    env.add_action(&id, "Document the runbook", "ann", "2026-12-11");
    let file = env.file_of(&id);
    // pm's own writer refuses the type.
    env.pm(&[
        "action", "add", "T", "--owner", "o", "--type", "bogus", "--pm", &id,
    ])
    .error(&["--type `bogus`", "prevent, mitigate, detect, process"]);
    let text = env.read(&file);
    let text = text.replacen("  - id: A1\n", "  - id: foo\n", 1).replacen(
        "    due: 2026-12-11\n",
        "    due: 2026-12-11\n    type: bogus\n",
        1,
    );
    env.write(&file, &text);
    let line_of = |needle: &str| text.lines().position(|l| l == needle).unwrap() + 1;
    let run = env.pm(&["lint", &id]).code(1);
    // Each finding: its `error[...]` line, then `--> FILE:LINE:COL`.
    let found = |head: &str, at: String| {
        let lines: Vec<&str> = run.stdout.lines().collect();
        assert!(
            lines
                .windows(2)
                .any(|w| w[0].starts_with(head) && w[1].trim() == format!("--> {at}")),
            "no `{head}` at {at}:\n{}",
            run.stdout
        );
    };
    found(
        "error[invalid-value]: action item id `foo` is not A and a number, so no pm command can address it; write `id: A3`",
        format!("{file}:{}:9", line_of("  - id: foo")),
    );
    found(
        "error[invalid-value]: `action_items[1].type` is `bogus`; use one of prevent, mitigate, detect, process",
        format!("{file}:{}:11", line_of("    type: bogus")),
    );
    // A valid type and a lower-case id that the commands take pass the
    // type check; the id is asked with the schema's capital A.
    env.write(
        &file,
        &text
            .replace("type: bogus", "type: detect")
            .replace("- id: foo", "- id: a1"),
    );
    let run = env.pm(&["lint", &id]).code(1);
    assert!(!run.stdout.contains(".type"), "{}", run.stdout);
    assert!(
        run.stdout.contains(
            "`a1` is not written as the schema writes ids, a capital A and a number: pm reads it as A1"
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("write `id: A1`"), "{}", run.stdout);
    env.write(
        &file,
        &text
            .replace("type: bogus", "type: detect")
            .replace("- id: foo", "- id: A1"),
    );
    let run = env.pm(&["lint", &id]);
    assert!(!run.stdout.contains("invalid-value"), "{}", run.stdout);
}

/// patt21 D3 (the last of it): `pm due` printed `ID#foo` for an action
/// item whose id no command takes, a reference `pm action done` refuses.
/// It now names the post-mortem and the id as written, with the command
/// that says how to fix it; an item with a proper id keeps `ID#A2`.
#[test]
fn due_never_prints_a_reference_the_commands_refuse() {
    let mut env = TestEnv::new();
    let id = env.new_pm("Queue stall", "2026-11-26T09:00:00Z");
    env.add_action(&id, "Add a queue alarm", "bob", "2026-12-10");
    env.add_action(&id, "Document the runbook", "ann", "2026-12-11");
    let file = env.file_of(&id);
    let text = env.read(&file).replacen("  - id: A1\n", "  - id: foo\n", 1);
    env.write(&file, &text);
    env.git(&["commit", "-qam", "by hand"]);
    env.set_now("2026-12-20T10:00:00Z");
    for args in [
        vec!["due"],
        vec!["due", "--by", "due"],
        vec!["due", "--json"],
    ] {
        if args.contains(&"--json") {
            // Data keeps the id as written.
            let json = env.pm(&args).ok().json();
            assert_eq!(json["items"][0]["action"], "foo", "{json}");
            continue;
        }
        let run = env.pm(&args).ok();
        let out = run.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(!out.contains("#foo"), "{}", run.stdout);
        // The table may shorten the id (to a form every command takes).
        assert!(
            out.contains(", item `foo`: no command takes that id; `pm lint "),
            "{}",
            run.stdout
        );
        assert!(out.contains("says how to fix it"), "{}", run.stdout);
        assert!(out.contains("#A2"), "{}", run.stdout);
    }
    let md = env.pm(&["due", "--format", "markdown"]).ok().stdout;
    assert!(!md.contains("#foo"), "{md}");
    assert!(md.contains("no command takes that id"), "{md}");
    assert!(md.contains(&format!("{id}#A2")), "{md}");
    // The item it names for the fix is the one lint reports.
    env.pm(&["lint", &id])
        .code(1)
        .stdout_has("action item id `foo` is not A and a number");
}

/// fix38: `pm action edit` given only values the item already has says
/// `Nothing changed`, writes and commits nothing, exit 0 (as `pm timeline
/// edit`); given some that differ, only those are written and named,
/// and a value written by hand in another style is left as it was.
#[test]
fn action_edit_that_changes_nothing_says_so_and_commits_nothing() {
    let env = TestEnv::new();
    let id = env.new_pm("Checkout latency spike", "2026-11-26T09:12:00Z");
    let file = env.file_of(&id);
    env.add_action(&id, "Alert on checkout p99", "payments", "2026-12-20");
    // The owner quoted by hand: the same value given again stays so.
    let quoted = env
        .read(&file)
        .replace("owner: payments", "owner: \"payments\"");
    assert!(quoted.contains("owner: \"payments\""), "{quoted}");
    env.write(&file, &quoted);
    env.git(&["commit", "-qam", "quote by hand"]);
    let commits = env.commits();
    let before = env.snapshot();

    let reference = format!("{id}#A1");
    env.pm(&[
        "action",
        "edit",
        &reference,
        "--owner",
        "payments",
        "--due",
        "2026-12-20",
        "--title",
        "Alert on checkout p99",
    ])
    .ok()
    .stdout_has(&format!(
        "Nothing changed: {id}#A1 already has the values given (owner payments, due 2026-12-20, title)"
    ));
    assert_eq!(env.commits(), commits);
    assert_eq!(env.snapshot(), before);
    env.assert_clean();

    let run = env
        .pm(&[
            "action",
            "edit",
            &reference,
            "--owner",
            "payments",
            "--due",
            "2026-12-24",
        ])
        .ok();
    assert_eq!(run.stdout, format!("Changed {id}#A1: due 2026-12-24\n"));
    assert_eq!(env.commits(), commits + 1);
    let text = env.read(&file);
    assert!(text.contains("owner: \"payments\""), "{text}");
    assert!(text.contains("due: 2026-12-24"), "{text}");
    let subject = env.git(&["log", "-1", "--format=%s"]);
    assert_eq!(
        subject.trim(),
        format!("pm: action {id}: edit A1: due 2026-12-24")
    );
    env.assert_clean();
}

/// A post-mortem dated in the last year pm handles (a typo for 2026, say)
/// leaves no room for the default due date: the error points at the date
/// and at `--due`, not only at `action_due_days` (session 35's write
/// attack), and nothing is written.
#[test]
fn a_default_due_date_past_the_years_points_at_the_date_and_due() {
    let env = TestEnv::new();
    let id = env.new_pm("Far future", "2026-11-26T09:00:00Z");
    let rel = env.file_of(&id);
    env.write(
        &rel,
        &env.read(&rel)
            .replacen("date: 2026-11-26", "date: 9999-12-31", 1),
    );
    env.git(&["commit", "-qam", "typo"]);
    let before = env.snapshot();
    env.pm(&["action", "add", "y", "--owner", "o", "--pm", &id])
        .error(&[
            "9999-12-31 + ",
            "check the post-mortem's `date:` (9999-12-31)",
            "or give the item its due date with --due",
        ]);
    assert_eq!(before, env.snapshot());
    env.pm(&[
        "action",
        "add",
        "y",
        "--owner",
        "o",
        "--pm",
        &id,
        "--due",
        "9999-12-31",
    ])
    .ok();
}

/// A responder who never ran `pm use` writes to the newest draft; once it
/// moved to review there is none, and the refusal names the post-mortem
/// that was the default a moment before, with the flag that reaches it
/// (session 35's newcomer run). Nothing is written.
#[test]
fn no_draft_left_names_the_newest_post_mortem_in_review() {
    let env = TestEnv::new();
    let id = env.new_pm("Checkout latency spike", "2026-11-26T09:00:00Z");
    env.pm(&["status", &id, "review", "--force"]).ok();
    // The state folder's choice (`pm use`) is this clone's; a second
    // responder has none.
    std::fs::remove_file(env.path(".git/pm/current")).ok();
    let before = env.snapshot();
    env.pm(&["timeline", "add", "late note", "--at", "09:30"])
        .error(&[
            "no draft post-mortem to write to",
            &format!("the newest post-mortem, {id}, is in `review`, no longer a draft: to write to it, pass --pm {id} or choose it with `pm use {id}`"),
        ]);
    assert_eq!(before, env.snapshot());
    env.pm(&["timeline", "add", "late note", "--at", "09:30", "--pm", &id])
        .ok();
}
