//! pm due --format markdown|slack, pm due --done-since, pm search.

use crate::support::TestEnv;

const HOSTILE: &str =
    r##""# Fix <script>alert(1)</script> & *now* [x](javascript:y) \e[31mred\a | _a_""##;

/// Two post-mortems: overdue, due-soon, done (on two days), dropped and
/// undated-done items, one with a link, one with a hostile title. PM_NOW
/// ends at 2026-11-27.
fn standup() -> TestEnv {
    let mut env = TestEnv::new();
    env.set_now("2026-11-12T10:00:00Z");
    let a = env.new_pm("Checkout latency spike", "2026-11-10T09:00:00Z");
    let b = env.new_pm("Queue backlog", "2026-11-11T09:00:00Z");
    let add = |pm: &str, title: &str, owner: &str, due: &str| {
        env.pm(&[
            "action", "add", title, "--pm", pm, "--owner", owner, "--due", due,
        ])
        .ok();
    };
    add(&a, "Alert on p99", "payments", "2026-11-20"); // A1 overdue 7d
    add(&a, "Document rollback", "sre", "2026-11-21"); // A2 done 11-25
    add(&a, "HOSTILE", "payments", "2026-11-30"); // A3 in 3d
    add(&b, "Autoscale workers", "platform", "2026-11-27"); // A1 done 11-18
    add(&b, "Alert on queue age", "platform", "2026-11-27"); // A2 today
    add(&b, "Cache TTL review", "netops", "2026-11-28"); // A3 dropped 11-26
    add(&b, "Old cleanup", "sre", "2026-11-15"); // A4 done, undated
    env.set_now("2026-11-18T10:00:00Z");
    env.pm(&["action", "done", &format!("{b}#A1")]).ok();
    env.set_now("2026-11-25T10:00:00Z");
    env.pm(&["action", "done", &format!("{a}#A2")]).ok();
    env.set_now("2026-11-26T10:00:00Z");
    env.pm(&["action", "drop", &format!("{b}#A3"), "--reason", "moot"])
        .ok();
    env.pm(&["action", "done", &format!("{b}#A4")]).ok();
    env.set_now("2026-11-27T10:00:00Z");

    // By hand: a link on A1, a hostile title and link on A3, and A4 done
    // without its day (as before pm recorded it).
    let file_a = env.file_of(&a);
    let text = env
        .read(&file_a)
        .replace(
            "    title: Alert on p99\n",
            "    title: Alert on p99\n    link: https://grafana.example.com/d/p99?a=1&b=2\n",
        )
        .replace(
            "    title: HOSTILE\n",
            &format!("    title: {HOSTILE}\n    link: javascript:alert(1)\n"),
        );
    env.write(&file_a, &text);
    let file_b = env.file_of(&b);
    let text = env
        .read(&file_b)
        .replace("    closed: 2026-11-26\n    note", "    note");
    let text = {
        // A4's closed line is the last one.
        let at = text.rfind("    closed: 2026-11-26\n").unwrap();
        format!(
            "{}{}",
            &text[..at],
            &text[at + "    closed: 2026-11-26\n".len()..]
        )
    };
    env.write(&file_b, &text);
    env.git(&["commit", "-qam", "by hand"]);
    env
}

const MARKDOWN_TITLE: &str =
    r"\# Fix \<script\>alert(1)\</script\> \& \*now\* \[x\](javascript:y) \[31mred \| \_a\_";
const SLACK_TITLE: &str =
    "# Fix &lt;script&gt;alert(1)&lt;/script&gt; &amp; *now* [x](javascript:y) [31mred | _a_";

#[test]
fn due_markdown_is_ready_to_paste() {
    let env = standup();
    let run = env
        .pm(&["due", "--format", "markdown", "--done-since", "7d"])
        .ok();
    let expected = format!(
        "## Post-mortem follow-ups, 2026-11-27

### payments

- **7d overdue**: [Alert on p99](https://grafana.example.com/d/p99?a=1&b=2) (2026-11-10-checkout-latency-spike#A1, owner payments, due 2026-11-20)
- **due in 3d**: {MARKDOWN_TITLE} (2026-11-10-checkout-latency-spike#A3, owner payments, due 2026-11-30)

### (no owner)

- **3d overdue**: Follow-up review: Checkout latency spike (2026-11-10-checkout-latency-spike, no owner, due 2026-11-24, check A1, A3)
- **2d overdue**: Follow-up review: Queue backlog (2026-11-11-queue-backlog, no owner, due 2026-11-25, check A2)

### platform

- **due today**: Alert on queue age (2026-11-11-queue-backlog#A2, owner platform, due 2026-11-27)

### Recently done (since 2026-11-20)

- **done 2026-11-25**: Document rollback (2026-11-10-checkout-latency-spike#A2, owner sre, due 2026-11-21)

3 overdue (2 of them reviews), 2 action items and 0 reviews due within 7 days, 1 done since 2026-11-20
"
    );
    assert_eq!(run.stdout, expected);
    assert!(!run.stdout.contains('\x1b') && !run.stdout.contains('\x07'));
    assert!(!run.stdout.contains("<script>"));

    // Grouped by post-mortem; no groups with --by due.
    let by_pm = env
        .pm(&["due", "--format", "markdown", "--by", "postmortem"])
        .ok();
    assert!(
        by_pm
            .stdout
            .contains("### 2026-11-10-checkout-latency-spike (SEV2)\n\n- **7d overdue**: ")
    );
    let flat = env.pm(&["due", "--format", "markdown", "--by", "due"]).ok();
    assert!(!flat.stdout.contains("###"));
    assert!(
        flat.stdout.starts_with(
            "## Post-mortem follow-ups, 2026-11-27\n\n- **7d overdue**: [Alert on p99]"
        )
    );
}

#[test]
fn due_slack_uses_mrkdwn_and_escapes_what_slack_requires() {
    let env = standup();
    let run = env
        .pm(&[
            "due",
            "--format",
            "slack",
            "--done-since",
            "2w",
            "--owner",
            "payments",
            "--owner",
            "sre",
            "--owner",
            "platform",
        ])
        .ok();
    let expected = format!(
        "*Post-mortem follow-ups, 2026-11-27*

*payments*
• *7d overdue*: <https://grafana.example.com/d/p99?a=1&amp;b=2|Alert on p99> (2026-11-10-checkout-latency-spike#A1, owner payments, due 2026-11-20)
• *due in 3d*: {SLACK_TITLE} (2026-11-10-checkout-latency-spike#A3, owner payments, due 2026-11-30)

*platform*
• *due today*: Alert on queue age (2026-11-11-queue-backlog#A2, owner platform, due 2026-11-27)

*Recently done (since 2026-11-13)*
• *done 2026-11-25*: Document rollback (2026-11-10-checkout-latency-spike#A2, owner sre, due 2026-11-21)
• *done 2026-11-18*: Autoscale workers (2026-11-11-queue-backlog#A1, owner platform, due 2026-11-27)

1 overdue, 2 action items and 0 reviews due within 7 days, 2 done since 2026-11-13
"
    );
    assert_eq!(run.stdout, expected);
    assert!(!run.stdout.contains('#') || !run.stdout.lines().any(|l| l.starts_with('#')));

    // Nothing due: said so, the done section still there.
    let quiet = env
        .pm(&[
            "due",
            "--format",
            "slack",
            "--owner",
            "nobody",
            "--done-since",
            "today",
        ])
        .ok();
    assert_eq!(
        quiet.stdout,
        "*Post-mortem follow-ups, 2026-11-27*

Nothing needs attention.

*Recently done (since 2026-11-27)*
Nothing.

0 overdue, 0 action items and 0 reviews due within 7 days, 0 done since 2026-11-27
"
    );
}

#[test]
fn done_since_windows_in_every_format() {
    let env = standup();
    let done = |since: &str| -> Vec<String> {
        let json = env
            .pm(&["due", "--json", "--done-since", since])
            .ok()
            .json();
        json["done"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| {
                format!(
                    "{}#{} {}",
                    d["postmortem"].as_str().unwrap(),
                    d["action"].as_str().unwrap(),
                    d["closed"].as_str().unwrap()
                )
            })
            .collect()
    };
    let a2 = "2026-11-10-checkout-latency-spike#A2 2026-11-25".to_string();
    let b1 = "2026-11-11-queue-backlog#A1 2026-11-18".to_string();
    // Dropped (B#A3) and done without a day (B#A4) are never listed.
    assert_eq!(done("7d"), vec![a2.clone()]);
    assert_eq!(done("-7d"), vec![a2.clone()]);
    assert_eq!(done("2w"), vec![a2.clone(), b1.clone()]);
    assert_eq!(done("2026-11-18"), vec![a2.clone(), b1.clone()]);
    assert_eq!(done("2026-11-19"), vec![a2.clone()]);
    assert_eq!(done("1mo"), vec![a2.clone(), b1.clone()]);
    assert!(done("yesterday").is_empty());
    assert!(done("today").is_empty());

    let json = env.pm(&["due", "--json", "--done-since", "7d"]).ok().json();
    assert_eq!(json["done_since"], "2026-11-20");
    let d = &json["done"][0];
    assert_eq!(d["title"], "Document rollback");
    assert_eq!(d["owner"], "sre");
    assert_eq!(d["due"], "2026-11-21");
    assert_eq!(d["days_ago"], 2);
    assert_eq!(d["severity"], "SEV2");
    assert!(
        json["summary"]
            .as_str()
            .unwrap()
            .ends_with(", 1 done since 2026-11-20")
    );
    // Without the flag the JSON is as before: no done keys.
    let plain = env.pm(&["due", "--json"]).ok().json();
    assert!(plain.get("done").is_none() && plain.get("done_since").is_none());
    assert_eq!(plain, env.pm(&["due", "--format", "json"]).ok().json());

    // The table: a section under the groups.
    let table = env.pm(&["due", "--done-since", "2w"]).ok();
    assert!(table.stdout.contains(
        "Recently done (since 2026-11-13)
  done 2d ago    2026-11-25  Document rollback
                             2026-11-10-checkout-latency-spike#A2 · sre
  done 9d ago    2026-11-18  Autoscale workers
                             2026-11-11-queue-backlog#A1 · platform

3 overdue (2 of them reviews), 2 action items and 0 reviews due within 7 days, 2 done since 2026-11-13
"
    ));
    // Nothing due, something done.
    let quiet = env
        .pm(&["due", "--done-since", "7d", "--owner", "sre"])
        .ok();
    assert_eq!(
        quiet.stdout,
        "Nothing needs attention.

Recently done (since 2026-11-20)
  done 2d ago    2026-11-25  Document rollback
                             2026-11-10-checkout-latency-spike#A2 · sre

0 overdue, 0 action items and 0 reviews due within 7 days, 1 done since 2026-11-20
"
    );
    // The owner filter applies to done items too.
    let sre = env
        .pm(&["due", "--json", "--done-since", "2w", "--owner", "sre"])
        .ok()
        .json();
    assert_eq!(sre["done"].as_array().unwrap().len(), 1);

    // Bad windows: exit 2, the flag named, nothing changed.
    env.pm(&["due", "--done-since", "+3d"])
        .error(&["--done-since", "+3d", "after today"]);
    env.pm(&["due", "--done-since", "2099-01-01"])
        .error(&["--done-since", "after today"]);
    env.pm(&["due", "--done-since", "soon"])
        .error(&["--done-since", "`soon`"]);
    env.pm(&["due", "--done-since", "3h"])
        .error(&["--done-since", "hours"]);
    env.pm(&["due", "--format", "markdown", "--ics", "-"])
        .error(&["--ics -", "--format markdown"]);
    env.pm(&["due", "--json", "--format", "slack"]).code(2);
}

#[test]
fn due_table_shows_hostile_titles_safely() {
    let env = standup();
    let run = env.pm(&["due"]).ok();
    assert!(run.stdout.contains("␛[31mred␇"), "{}", run.stdout);
    assert!(!run.stdout.contains('\x1b'));
    let json = env.pm(&["due", "--json"]).ok();
    assert!(json.stdout.contains(r"\u001b[31mred\u0007"));
}

/// A post-mortem written by hand.
fn write_pm(env: &TestEnv, id: &str, title: &str, rest: &str) {
    env.write(
        &format!("postmortems/{}/{id}.yaml", &id[..4]),
        &format!(
            "pm: 1\nid: {id}\ntitle: {title}\nstatus: published\nseverity: SEV2\ndate: {}\n{rest}",
            &id[..10]
        ),
    );
}

fn searchable() -> TestEnv {
    let env = TestEnv::new();
    write_pm(
        &env,
        "2024-03-02-db-failover",
        "Database failover stalled",
        "# incentives: a word in a comment only
root_cause: |
  The replica lag monitor was disabled during the
  migration, so nobody saw the lag grow.
timeline:
  - at: 2024-03-02T09:10:00Z
    kind: detected
    text: Paged the on-call DBA
lessons:
  went_wrong: [Runbook was stale]
action_items:
  - id: A1
    title: Re-enable lag alerts
    owner: dba
    status: open
",
    );
    write_pm(
        &env,
        "2025-06-10-cdn-outage",
        "CDN outage",
        "tags: [cdn]
summary: \"Edge cache served stale <b>content</b> \\e[2J for an hour\"
",
    );
    write_pm(
        &env,
        "2025-08-01-zahlung",
        "Überlast im Zahlungsdienst",
        "impact: \"Caf\\u00e9 orders failed\"\n",
    );
    env.git(&["add", "-A"]);
    env.git(&["commit", "-qm", "by hand"]);
    env
}

#[test]
fn search_finds_words_in_any_field() {
    let env = searchable();
    let hits = |words: &[&str]| -> Vec<(String, Vec<String>)> {
        let mut args = vec!["search", "--json"];
        args.extend(words);
        let json = env.pm(&args).ok().json();
        json["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                (
                    r["id"].as_str().unwrap().to_string(),
                    r["matches"]
                        .as_array()
                        .unwrap()
                        .iter()
                        .map(|m| m["field"].as_str().unwrap().to_string())
                        .collect(),
                )
            })
            .collect()
    };
    let one = |id: &str, fields: &[&str]| {
        (
            id.to_string(),
            fields.iter().map(|f| f.to_string()).collect::<Vec<_>>(),
        )
    };
    assert_eq!(
        hits(&["FAILOVER"]),
        vec![one("2024-03-02-db-failover", &["title", "id"])]
    );
    assert_eq!(
        hits(&["replica", "LAG"]),
        vec![one("2024-03-02-db-failover", &["root_cause", "action A1"])]
    );
    assert_eq!(
        hits(&["dba"]),
        vec![one(
            "2024-03-02-db-failover",
            &["timeline 2024-03-02 09:10", "action A1"]
        )]
    );
    // Newest first; all words must match, in any fields.
    assert_eq!(
        hits(&["stale"]),
        vec![
            one("2025-06-10-cdn-outage", &["summary"]),
            one("2024-03-02-db-failover", &["lessons.went_wrong"]),
        ]
    );
    assert_eq!(
        hits(&["stale cdn"]),
        vec![one(
            "2025-06-10-cdn-outage",
            &["title", "tags", "summary", "id"]
        )]
    );
    // Without regard to case beyond ASCII, and through YAML escapes.
    assert_eq!(
        hits(&["überlast"]),
        vec![one("2025-08-01-zahlung", &["title"])]
    );
    assert_eq!(
        hits(&["CAFÉ"]),
        vec![one("2025-08-01-zahlung", &["impact"])]
    );

    let json = env
        .pm(&[
            "search",
            "--json",
            "replica",
            "lag",
            "Replica",
            "replica lag",
        ])
        .ok()
        .json();
    // Each word once, however often it was given.
    assert_eq!(json["words"], serde_json::json!(["replica", "lag"]));
    let r = &json["results"][0];
    assert_eq!(r["date"], "2024-03-02");
    assert_eq!(r["title"], "Database failover stalled");
    assert_eq!(r["file"], "postmortems/2024/2024-03-02-db-failover.yaml");
    assert_eq!(
        r["matches"][0]["snippet"],
        "The replica lag monitor was disabled during the…"
    );
}

#[test]
fn search_table_and_no_match() {
    let env = searchable();
    let run = env.pm(&["search", "stale"]).ok();
    let lines: Vec<&str> = run.stdout.lines().map(str::trim_end).collect();
    assert_eq!(
        lines.join("\n"),
        " ID            DATE         TITLE                       MATCH
────────────────────────────────────────────────────────────────────────────────
 cdn-outage    2025-06-10   CDN outage                  summary: Edge cache
                                                        served stale
                                                        <b>content</b> ␛[2J f…
 db-failover   2024-03-02   Database failover stalled   lessons.went_wrong:
                                                        Runbook was stale
2 post-mortems"
    );
    // Escaped snippets: no terminal escape gets through.
    let run = env.pm(&["search", "content"]).ok();
    assert!(run.stdout.contains("␛[2J"), "{}", run.stdout);
    assert!(!run.stdout.contains('\x1b'));

    // Nothing found: exit 1, as grep; words in comments or keys do not count.
    let none = env.pm(&["search", "incentives"]).code(1);
    assert_eq!(none.stdout, "No post-mortem holds `incentives`.\n");
    let none = env.pm(&["search", "root_cause"]).code(1);
    assert_eq!(none.stdout, "No post-mortem holds `root_cause`.\n");
    let none = env.pm(&["search", "stale", "nowhere"]).code(1);
    assert_eq!(
        none.stdout,
        "No post-mortem holds all of `stale`, `nowhere`.\n"
    );
    let json = env.pm(&["search", "--json", "nowhere"]).code(1).json();
    assert_eq!(json["results"], serde_json::json!([]));
    env.pm(&["search", " "]).error(&["word"]);
}

/// A word finds its text in either Unicode form: `café` typed with a
/// combining accent (macOS, some keyboards) finds a one-character `é`, and
/// the other way round (session 35's read attack saw it miss).
#[test]
fn search_finds_a_word_in_either_unicode_form() {
    let env = TestEnv::new();
    let composed = env.new_pm("Caf\u{e9} checkout down", "2026-11-26T09:00:00Z");
    let decomposed = env.new_pm("Cafe\u{301} payments slow", "2026-11-27T09:00:00Z");
    for query in ["caf\u{e9}", "cafe\u{301}"] {
        let json = env.pm(&["search", "--json", query]).ok().json();
        let mut ids: Vec<&str> = json["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap())
            .collect();
        ids.sort_unstable();
        let mut want = vec![composed.as_str(), decomposed.as_str()];
        want.sort_unstable();
        assert_eq!(ids, want, "{query:?}");
    }
    env.pm(&["search", "cafes"]).code(1);
}

#[test]
fn search_lists_a_broken_file_that_holds_the_words() {
    let env = searchable();
    env.write(
        "postmortems/2025/2025-02-02-broken.yaml",
        "pm: 1\nid: 2025-02-02-broken\ntitle: [unclosed failover\n",
    );
    let run = env.pm(&["search", "--json", "failover"]).ok();
    let json = run.json();
    let broken = &json["results"][0];
    assert_eq!(broken["id"], "2025-02-02-broken");
    assert_eq!(broken["matches"][0]["field"], "line 3");
    assert!(
        broken["error"]
            .as_str()
            .unwrap()
            .starts_with("postmortems/2025/2025-02-02-broken.yaml:")
    );
    assert!(
        run.stderr
            .contains("warning: postmortems/2025/2025-02-02-broken.yaml:")
    );
}

#[test]
fn a_closed_day_in_the_future_is_not_work_done() {
    let env = standup();
    let file = env.file_of("2026-11-11-queue-backlog");
    let text = env
        .read(&file)
        .replacen("closed: 2026-11-18", "closed: 2030-01-01", 1);
    env.write(&file, &text);
    let json = env
        .pm(&["due", "--json", "--done-since", "30d"])
        .ok()
        .json();
    let done: Vec<String> = json["done"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["closed"].as_str().unwrap().to_string())
        .collect();
    assert!(!done.iter().any(|d| d == "2030-01-01"), "{done:?}");
    assert!(done.iter().any(|d| d == "2026-11-25"), "{done:?}");
}

/// A link ending in a backslash cannot escape the `)` of its Markdown
/// link and swallow the reference and owner after it.
#[test]
fn due_markdown_link_ending_in_a_backslash_stays_one_link() {
    let env = standup();
    let id = "2026-11-10-checkout-latency-spike";
    env.pm(&[
        "action",
        "add",
        "Backslash link",
        "--owner",
        "x))",
        "--due",
        "2026-11-29",
        "--link",
        "https://ok.example/\\",
        "--pm",
        id,
    ])
    .ok();
    let run = env.pm(&["due", "--format", "markdown"]).ok();
    run.stdout_has("[Backslash link](https://ok.example/%5C) (2026-11-10-checkout-latency-spike#A");
}

/// A post-mortem that is not UTF-8 text is named with the line and column
/// of its first bad byte, as every other command names it, and searched
/// as plain text.
#[test]
fn search_names_a_bad_byte_by_its_position() {
    let env = TestEnv::new();
    let id = env.new_pm("Encoding trouble", "2026-11-20T09:00:00Z");
    let file = env.file_of(&id);
    let text =
        env.read(&file)
            .replacen("summary:\n", "summary: The caf\u{e9} search was down\n", 1);
    let line = text
        .lines()
        .position(|l| l.starts_with("summary: "))
        .unwrap()
        + 1;
    // Latin-1: é as the one byte 0xE9 (a marker byte stands in for it).
    let bytes: Vec<u8> = text
        .replace('\u{e9}', "\u{1}")
        .into_bytes()
        .into_iter()
        .map(|b| if b == 1 { 0xe9 } else { b })
        .collect();
    std::fs::write(env.path(&file), bytes).unwrap();
    // `summary: The caf` is 16 characters: the bad byte is the 17th.
    let at = format!("{file}:{line}:17: not valid UTF-8 text");
    env.pm(&["show", &id]).error(&[&at]);
    env.pm(&["search", "search"]).ok().stderr_has(&at);
}

/// patt27 D15: an action item whose hand-written id is `review` gets a
/// UID of its own, not the follow-up review's: a subscribed calendar keeps
/// both events. UIDs of items pm numbered are as before.
#[test]
fn due_ics_gives_every_event_its_own_uid() {
    let mut env = TestEnv::new();
    env.set_now("2026-11-30T10:00:00Z");
    let id = env.new_pm("Due test", "2026-11-20T09:00:00Z");
    env.add_action(&id, "Numbered item", "ops", "2026-12-18");
    let file = env.file_of(&id);
    let text = env.read(&file).replace(
        "action_items:\n",
        "action_items:\n  - id: review\n    title: item named review\n    owner: ops\n    due: 2026-12-20\n    status: open\n",
    );
    env.write(&file, &text);
    env.git(&["commit", "-qam", "by hand"]);
    let ics = env.pm(&["due", "--ics", "-"]).ok().stdout;
    let uids: Vec<&str> = ics
        .lines()
        .filter_map(|l| l.strip_prefix("UID:"))
        .map(str::trim_end)
        .collect();
    assert_eq!(uids.len(), 3, "{ics}");
    for uid in [
        format!("{id}.review@pm"),
        format!("{id}.A1@pm"),
        format!("{id}.item.review@pm"),
    ] {
        assert!(uids.contains(&uid.as_str()), "no {uid}: {ics}");
    }
    // The review's event is the follow-up review, the item's is the item.
    let event_of = |uid: &str| {
        ics.split("BEGIN:VEVENT")
            .find(|e| e.contains(&format!("UID:{uid}\r\n")))
            .unwrap_or_else(|| panic!("no {uid}: {ics}"))
            .to_string()
    };
    assert!(event_of(&format!("{id}.review@pm")).contains("SUMMARY:Follow-up review: Due test"));
    assert!(
        event_of(&format!("{id}.item.review@pm")).contains("SUMMARY:review: item named review")
    );
}

/// patt27 D18: a post-mortem named by hand `-rf.yaml` has references that
/// start with `-`, which a command reads as flags: `pm due` prints them
/// after `--`, and what it prints, pasted after `pm action done`, works.
#[test]
fn due_prints_a_reference_that_starts_with_a_dash_after_double_dash() {
    let mut env = TestEnv::new();
    env.set_now("2026-11-30T10:00:00Z");
    let id = env.new_pm("Base", "2026-11-20T09:00:00Z");
    env.add_action(&id, "Base item", "ops", "2026-11-25");
    let text = env.read(&env.file_of(&id));
    let text = text
        .lines()
        .map(|l| {
            if l.starts_with("id: ") {
                "id: '-rf'"
            } else {
                l
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
        + "\n";
    env.write("postmortems/2026/-rf.yaml", &text);
    env.git(&["add", "-A"]);
    env.git(&["commit", "-qm", "by hand"]);
    let table = env.pm(&["due"]).code(0).stdout;
    assert!(table.contains("-- -rf#A1"), "{table}");
    assert!(table.contains(&format!("{id}#A1")), "{table}");
    assert!(!table.contains(&format!("-- {id}")), "{table}");
    let md = env.pm(&["due", "--format", "markdown"]).ok().stdout;
    assert!(md.contains("-- -rf#A1"), "{md}");
    // What it printed, as a person types it after the command.
    env.pm(&["action", "done", "-rf#A1"]).code(2);
    env.pm(&["action", "done", "--", "-rf#A1"])
        .ok()
        .stdout_has("-rf#A1");
    assert!(
        env.read("postmortems/2026/-rf.yaml")
            .contains("status: done")
    );
}
