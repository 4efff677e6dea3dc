//! pm timeline add, list, import; pm use; derived figures.

use crate::support::TestEnv;

/// Added and deleted line counts of the last commit, from git itself.
fn last_commit_numstat(env: &TestEnv) -> (usize, usize) {
    let out = env.git(&["show", "--numstat", "--format=", "HEAD"]);
    let mut parts = out.split_whitespace();
    let added = parts.next().unwrap().parse().unwrap();
    let deleted = parts.next().unwrap().parse().unwrap();
    (added, deleted)
}

#[test]
fn scripted_incident_end_to_end() {
    let env = TestEnv::new();
    let id = env.new_pm("Checkout latency spike", "2026-11-26T09:12:00Z");
    let start = env.commits();
    env.pm(&[
        "timeline",
        "add",
        "Service restored",
        "--kind",
        "resolved",
        "--at",
        "2026-11-26T10:40:05Z",
    ])
    .ok();
    env.pm(&[
        "timeline",
        "add",
        "p99 alert fired",
        "--kind",
        "detected",
        "--at",
        "2026-11-26 09:31:30",
    ])
    .ok();
    env.pm(&[
        "timeline",
        "add",
        "Rolled back 4.2.1",
        "--kind",
        "mitigated",
        "--at",
        "2026-11-26T11:05:00+01:00",
    ])
    .ok();
    env.pm(&[
        "timeline",
        "add",
        "On-call acknowledged",
        "--kind",
        "acknowledged",
        "--at",
        "-1470m",
    ])
    .ok();
    env.pm_stdin(
        &["timeline", "add", "-", "--at", "2026-11-26 09:40"],
        "$ kubectl get pods\ncheckout-7 CrashLoopBackOff\n",
    )
    .ok()
    .stdout_has(&id);
    assert_eq!(env.commits(), start + 5);
    env.assert_clean();

    let json = env.pm(&["timeline", "list", "--json"]).ok().json();
    let entries = json["entries"].as_array().unwrap();
    let kinds: Vec<&str> = entries
        .iter()
        .map(|e| e["kind"].as_str().unwrap())
        .collect();
    assert_eq!(
        kinds,
        [
            "impact-start",
            "acknowledged",
            "detected",
            "note",
            "mitigated",
            "resolved"
        ]
    );
    let ats: Vec<&str> = entries.iter().map(|e| e["at"].as_str().unwrap()).collect();
    assert_eq!(
        ats,
        [
            "2026-11-26T09:12:00Z",
            "2026-11-26T09:30:00Z",
            "2026-11-26T09:31:30Z",
            "2026-11-26T09:40:00Z",
            "2026-11-26T10:05:00Z",
            "2026-11-26T10:40:05Z",
        ]
    );
    assert_eq!(
        entries[3]["text"],
        "$ kubectl get pods\ncheckout-7 CrashLoopBackOff"
    );
    let figures = &json["figures"];
    assert_eq!(figures["time_to_detect"], 19 * 60 + 30);
    assert_eq!(figures["time_to_acknowledge"], 18 * 60);
    assert_eq!(figures["time_to_mitigate"], 53 * 60);
    assert_eq!(figures["time_to_resolve"], 88 * 60 + 5);
    assert_eq!(figures["impact_duration"], 88 * 60 + 5);
    assert_eq!(entries[2]["offset_seconds"], 19 * 60 + 30);

    let table = env.pm(&["timeline", "list"]).ok();
    assert!(table.stdout.contains("T+0:19"), "{}", table.stdout);
    assert!(table.stdout.contains("time to detect: 19m 30s"));
    env.pm(&["show", &id])
        .ok()
        .stdout_has("measured time to detect: 19m 30s");
}

#[test]
fn missing_milestones_leave_figures_absent() {
    let env = TestEnv::new();
    env.new_pm("Partial", "2026-11-26T09:00:00Z");
    env.pm(&[
        "timeline",
        "add",
        "resolved",
        "--kind",
        "resolved",
        "--at",
        "2026-11-26T10:00:00Z",
    ])
    .ok();
    let json = env.pm(&["timeline", "list", "--json"]).ok().json();
    let figures = json["figures"].as_object().unwrap();
    assert!(!figures.contains_key("time_to_detect"));
    assert!(!figures.contains_key("time_to_mitigate"));
    assert_eq!(figures["time_to_resolve"], 3600);
}

#[test]
fn clock_times_mean_the_most_recent_moment_in_the_repository_zone() {
    let mut env = TestEnv::new();
    env.write(
        "pm.yaml",
        &env.read("pm.yaml")
            .replace("timezone: UTC", "timezone: Europe/Berlin"),
    );
    env.git(&["commit", "-qam", "zone"]);
    // 00:30 in Berlin on 27 November.
    env.set_now("2026-11-26T23:30:00Z");
    env.new_pm("Night page", "2026-11-26T22:00:00Z");
    env.pm(&["timeline", "add", "late evening", "--at", "23:50"])
        .ok();
    let json = env.pm(&["timeline", "list", "--json"]).ok().json();
    let last = json["entries"].as_array().unwrap().last().unwrap().clone();
    assert_eq!(last["at"], "2026-11-26T23:50:00+01:00");
    let utc = env.pm(&["timeline", "list", "--utc"]).ok();
    assert!(utc.stdout.contains("22:50:00"), "{}", utc.stdout);
}

#[test]
fn future_and_far_past_times_need_force() {
    let env = TestEnv::new();
    let id = env.new_pm("Times", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let before = env.read(&file);
    env.pm(&["timeline", "add", "x", "--at", "2026-11-28T09:00:00Z"])
        .error(&["future", "--force"]);
    env.pm(&["timeline", "add", "x", "--at", "2026-11-20T09:00:00Z"])
        .error(&["before the incident", "--force"]);
    assert_eq!(env.read(&file), before);
    env.pm(&[
        "timeline",
        "add",
        "precursor",
        "--at",
        "2026-11-20T09:00:00Z",
        "--force",
    ])
    .ok();
}

#[test]
fn bad_input_is_refused_and_nothing_changes() {
    let env = TestEnv::new();
    let id = env.new_pm("Bad input", "2026-11-26T09:00:00Z");
    let before = env.snapshot();
    env.pm(&["timeline", "add", "x", "--at", "half past nine"])
        .error(&["--at", "HH:MM", "RFC 3339"]);
    env.pm(&["timeline", "add", ""]).error(&["TEXT"]);
    env.pm_stdin(&["timeline", "add", "-"], "\n\n")
        .error(&["TEXT"]);
    env.pm(&["timeline", "add", "x", "--kind", "oops"])
        .error(&["--kind", "impact-start"]);
    env.pm(&["timeline", "add", "x", "--pm", "nothing-matches"])
        .error(&["nothing-matches"]);
    assert_eq!(before, env.snapshot());

    // A broken target: refused with its position, unchanged.
    let file = env.file_of(&id);
    let broken = env
        .read(&file)
        .replace("status: draft", "status: draft\nsummary: [oops");
    env.write(&file, &broken);
    env.pm(&["timeline", "add", "x", "--pm", &id])
        .error(&[&format!("{file}:")]);
    assert_eq!(env.read(&file), broken);
}

#[test]
fn target_is_flag_then_use_then_newest_draft() {
    let env = TestEnv::new();
    let older = env.new_pm("Older incident", "2026-11-20T09:00:00Z");
    let newer = env.new_pm("Newer incident", "2026-11-26T09:00:00Z");
    // `pm new` chose the new post-mortem; without a choice, the newest draft.
    env.pm(&["use"]).ok().stdout_has(&newer);
    env.pm(&["use", "--clear"]).ok();
    env.pm(&["timeline", "add", "to newest"])
        .ok()
        .stdout_has(&newer)
        .stdout_has("newest draft");
    env.pm(&["use", "older"]).ok().stdout_has(&older);
    env.pm(&["use"]).ok().stdout_has(&older);
    env.pm(&["timeline", "add", "to chosen"])
        .ok()
        .stdout_has(&older)
        .stdout_has("pm use");
    env.pm(&["timeline", "add", "to flag", "--pm", "newer"])
        .ok()
        .stdout_has(&newer);
    // The choice is per clone, never committed.
    env.assert_clean();
    env.pm(&["use", "--clear"]).ok();
    // Two drafts of the same day: ambiguous, listed.
    let other = env.new_pm("Second same day", "2026-11-26T11:00:00Z");
    env.pm(&["use", "--clear"]).ok();
    let run = env
        .pm(&["timeline", "add", "which?"])
        .error(&["drafts", "pm use"]);
    assert!(
        run.stderr.contains(&newer) && run.stderr.contains(&other),
        "{}",
        run.stderr
    );
}

#[test]
fn inserted_entries_change_only_their_own_lines() {
    let env = TestEnv::new();
    let file = "postmortems/2026/2026-11-20-hand.yaml";
    let original = "\
# keep me
pm: 1
id: 2026-11-20-hand
title: Hand
status: draft
severity: SEV2
date: 2026-11-20
summary: |
  Block scalar
    with indentation

timeline:
# comment at column zero inside the list
- at: 2026-11-20T10:00:00Z
  kind: impact-start
  text: >-
    folded
    text
- {at: '2026-11-20T12:00:00Z', kind: resolved, text: flow item}
root_cause: |+
  keep trailing

lessons: {went_well: [a], went_wrong: [], got_lucky: []}
";
    env.write(file, original);
    env.git(&["add", "."]);
    env.git(&["commit", "-qm", "hand"]);
    for (text, at) in [
        ("middle", "2026-11-20T11:00:00Z"),
        ("first", "2026-11-20T09:30:00Z"),
        ("last", "2026-11-20T13:00:00Z"),
    ] {
        env.pm(&["timeline", "add", text, "--pm", "hand", "--at", at])
            .ok();
        let (added, deleted) = last_commit_numstat(&env);
        assert_eq!(
            (added, deleted),
            (3, 0),
            "after adding {text}:\n{}",
            env.read(file)
        );
    }
    let after = env.read(file);
    // Every original line is still there, in order.
    let mut lines = after.lines();
    for line in original.lines() {
        assert!(lines.any(|l| l == line), "lost line {line:?}\n{after}");
    }
    assert_eq!(
        env.timeline_texts("hand"),
        ["first", "folded text", "middle", "flow item", "last"]
    );
}

const LOG: &str = r#"{"timestamp":"2026-11-26T09:13:00.120Z","level":"error","message":"payment timeout","trace_id":"abc123"}
{"time":"2026-11-26T09:14:00Z","level":"info","msg":"unrelated","trace_id":"zzz"}
not json at all
{"ts":1795684500,"severity":"WARN","msg":"retry storm","traceId":"abc123"}
{"@timestamp":1795684560500,"log":{"level":"error"},"message":"circuit open","trace":{"id":"abc123"}}
{"timestamp":"2026-11-26T09:17:00Z","level":"debug","message":"nested dd","dd":{"trace_id":"abc123"}}
{"timestamp":"2026-11-26T09:18:00Z","level":"error","message":"other service error","otelTraceID":"fff"}
"#;

#[test]
fn import_picks_one_trace_and_is_idempotent() {
    let env = TestEnv::new();
    let id = env.new_pm("Payments", "2026-11-26T09:12:00Z");
    let log = env.home().join("app.log");
    std::fs::write(&log, LOG).unwrap();
    let log = log.to_str().unwrap();
    let commits = env.commits();
    let dry = env
        .pm(&[
            "timeline",
            "import",
            &id,
            "--from",
            log,
            "--trace-id",
            "abc123",
            "--dry-run",
        ])
        .ok();
    assert!(dry.stdout.contains("Would add 4 entries"), "{}", dry.stdout);
    assert!(
        dry.stderr.contains("1 of 7 lines is not JSON"),
        "{}",
        dry.stderr
    );
    assert_eq!(env.commits(), commits, "dry run committed");
    env.pm(&[
        "timeline",
        "import",
        &id,
        "--from",
        log,
        "--trace-id",
        "abc123",
    ])
    .ok()
    .stdout_has("Added 4 entries");
    let json = env.pm(&["timeline", "list", &id, "--json"]).ok().json();
    let entries = json["entries"].as_array().unwrap();
    let texts: Vec<&str> = entries
        .iter()
        .map(|e| e["text"].as_str().unwrap())
        .collect();
    assert_eq!(
        texts,
        [
            "Impact started",
            "payment timeout",
            "retry storm",
            "circuit open",
            "nested dd"
        ]
    );
    assert_eq!(entries[1]["at"], "2026-11-26T09:13:00.120Z");
    assert_eq!(entries[2]["at"], "2026-11-26T09:15:00Z");
    assert_eq!(entries[3]["at"], "2026-11-26T09:16:00.500Z");
    assert!(
        entries[1..]
            .iter()
            .all(|e| e["trace_id"] == "abc123" && e["kind"] == "note")
    );
    // Again: nothing new.
    env.pm(&[
        "timeline",
        "import",
        &id,
        "--from",
        log,
        "--trace-id",
        "abc123",
    ])
    .ok()
    .stdout_has("already");
    assert_eq!(env.commits(), commits + 1);
    // By level.
    env.pm(&[
        "timeline",
        "import",
        &id,
        "--from",
        log,
        "--level",
        "error",
        "--dry-run",
    ])
    .ok()
    .stdout_has("other service error");
    // No match: exit 0, nothing added.
    env.pm(&[
        "timeline",
        "import",
        &id,
        "--from",
        log,
        "--trace-id",
        "nope",
    ])
    .ok()
    .stdout_has("No log lines matched");
    env.pm(&[
        "timeline",
        "import",
        &id,
        "--from",
        "/no/such.log",
        "--trace-id",
        "x",
    ])
    .error(&["/no/such.log"]);
    env.pm(&["timeline", "import", &id, "--from", log])
        .error(&["--trace-id"]);
    env.assert_clean();
}

#[test]
fn custom_field_names() {
    let env = TestEnv::new();
    let id = env.new_pm("Custom", "2026-11-26T09:12:00Z");
    let log = env.home().join("custom.log");
    std::fs::write(
        &log,
        "{\"when\":\"2026-11-26T09:20:00Z\",\"what\":\"custom\",\"ctx\":{\"tid\":\"t1\"}}\n",
    )
    .unwrap();
    env.import_from(
        &id,
        &[log.to_str().unwrap()],
        &[
            "--trace-id",
            "t1",
            "--trace-field",
            "ctx.tid",
            "--time-field",
            "when",
            "--message-field",
            "what",
        ],
    )
    .ok()
    .stdout_has("Added 1 entry to");
}

#[test]
fn two_writers_lose_nothing() {
    let env = TestEnv::new();
    let id = env.new_pm("Concurrent", "2026-11-26T09:00:00Z");
    let spawn = |who: &'static str| {
        let mut cmd = env.command("sh");
        let bin = env!("CARGO_BIN_EXE_pm");
        cmd.arg("-c").arg(format!(
            "i=0; while [ $i -lt 100 ]; do {bin} timeline add \"{who} $i\" --pm {id} --at 2026-11-26T09:30:00Z >/dev/null || exit 1; i=$((i+1)); done"
        ));
        cmd.spawn().unwrap()
    };
    let mut a = spawn("alpha");
    let mut b = spawn("beta");
    assert!(a.wait().unwrap().success());
    assert!(b.wait().unwrap().success());
    let json = env.pm(&["timeline", "list", &id, "--json"]).ok().json();
    let entries = json["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 201);
    for who in ["alpha", "beta"] {
        for i in 0..100 {
            let text = format!("{who} {i}");
            assert!(
                entries.iter().any(|e| e["text"] == text.as_str()),
                "lost {text}"
            );
        }
    }
    // Same-time entries keep the order they were typed in.
    let alphas: Vec<&str> = entries
        .iter()
        .filter_map(|e| e["text"].as_str())
        .filter(|t| t.starts_with("alpha"))
        .collect();
    assert_eq!(alphas.first(), Some(&"alpha 0"));
    assert_eq!(alphas.last(), Some(&"alpha 99"));
    env.git(&["fsck", "--strict"]);
    env.assert_clean();
    assert_eq!(env.commits(), 2 + 200);
}

/// An entry piped from a Windows tool keeps no byte-order mark and no
/// carriage returns (they would be stored and printed back raw).
#[test]
fn an_entry_from_standard_input_drops_the_bom_and_crlf() {
    let env = TestEnv::new();
    let id = env.new_pm("Piped", "2026-11-26T09:00:00Z");
    env.pm_stdin(
        &["timeline", "add", "-", "--at", "2026-11-26 09:40"],
        "\u{feff}first line\r\nsecond line\r\n",
    )
    .ok();
    let json = env.pm(&["timeline", "list", &id, "--json"]).ok().json();
    let entries = json["entries"].as_array().unwrap();
    assert_eq!(
        entries.last().unwrap()["text"],
        "first line\nsecond line",
        "{json:#}"
    );
}

/// While another pm holds the repository lock (a `pm sync` in the middle of
/// a rebase has the draft's file out of place), a write without `--pm`
/// waits for it instead of reporting that there is no draft.
#[test]
fn the_newest_draft_is_found_once_another_writer_is_done() {
    let env = TestEnv::new();
    let id = env.new_pm("Held lock", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let mut holder = env.command("flock");
    holder.arg(".git/pm.lock").arg("sh").arg("-c").arg(format!(
        "mv {file} moved.yaml && touch moved-out && sleep 1 && mv moved.yaml {file}"
    ));
    let mut holder = holder.spawn().unwrap();
    while !env.path("moved-out").exists() {
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    env.pm(&["timeline", "add", "written while the lock was held"])
        .ok()
        .stdout_has(&id);
    assert!(holder.wait().unwrap().success());
    assert!(env.read(&file).contains("written while the lock was held"));
}

/// `pm timeline edit --at` changes only the `at` value: the entry's own
/// keys (`x-source`, an `evidence` list), the comment above it and the one
/// after its time stay, whether it keeps its place or moves as a block.
#[test]
fn a_new_time_keeps_what_the_person_wrote_in_the_entry() {
    let env = TestEnv::new();
    let file = "postmortems/2026/2026-11-26-x.yaml";
    let original = "\
pm: 1
id: 2026-11-26-x
title: T
status: draft
severity: SEV2
date: 2026-11-26
timeline:
  # Phase 1: detection
  - at: 2026-11-26T09:00:00Z   # pager export says 08:59:47
    kind: impact-start
    text: a
    x-source: pager
    evidence:
      - grafana-screenshot-1.png
      - grafana-screenshot-2.png
    # checked against the pager on Monday
  - {at: 2026-11-26T09:30:00Z, kind: detected, text: b, x-k: keep}  # flow
  - at: 2026-11-26T10:00:00Z
    kind: resolved
    text: c
";
    env.write(file, original);
    env.git(&["add", "."]);
    env.git(&["commit", "-qm", "hand"]);

    // Same place in time order: one line changes, its comment stays.
    env.pm(&[
        "timeline",
        "edit",
        "1",
        "--pm",
        "x",
        "--at",
        "2026-11-26 08:59",
    ])
    .ok()
    .stdout_has("moved to 2026-11-26T08:59:00Z");
    let same = original.replace(
        "  - at: 2026-11-26T09:00:00Z   # pager",
        "  - at: 2026-11-26T08:59:00Z   # pager",
    );
    assert_eq!(env.read(file), same);
    let json = env.pm(&["show", "x", "--json"]).ok().json();
    assert_eq!(json["timeline"][0]["x-source"], "pager");
    assert_eq!(
        json["timeline"][0]["evidence"][1],
        "grafana-screenshot-2.png"
    );

    // A later place: the entry's lines move as they are, comments with it.
    env.pm(&[
        "timeline",
        "edit",
        "1",
        "--pm",
        "x",
        "--at",
        "2026-11-26 09:45",
    ])
    .ok();
    let block = "  # Phase 1: detection
  - at: 2026-11-26T09:45:00Z   # pager export says 08:59:47
    kind: impact-start
    text: a
    x-source: pager
    evidence:
      - grafana-screenshot-1.png
      - grafana-screenshot-2.png
    # checked against the pager on Monday
";
    let flow = "  - {at: 2026-11-26T09:30:00Z, kind: detected, text: b, x-k: keep}  # flow\n";
    let last = "  - at: 2026-11-26T10:00:00Z\n    kind: resolved\n    text: c\n";
    let head = &original[..original.find("  # Phase 1").unwrap()];
    assert_eq!(env.read(file), format!("{head}{flow}{block}{last}"));

    // The flow-style entry moves to the end, its keys and comment with it.
    env.pm(&[
        "timeline",
        "edit",
        "09:30",
        "--pm",
        "x",
        "--at",
        "2026-11-26 10:30",
    ])
    .ok();
    let flow = flow.replace("09:30:00Z", "10:30:00Z");
    assert_eq!(env.read(file), format!("{head}{block}{last}{flow}"));
    assert_eq!(env.commits(), 5);
    env.assert_clean();

    // Removing the entry after it leaves the comment inside it alone.
    env.pm(&["timeline", "rm", "10:00", "--pm", "x"]).ok();
    assert_eq!(env.read(file), format!("{head}{block}{flow}"));

    // A flow-style list cannot move an item line by line: refused, unchanged.
    let flow_list = format!(
        "{head}  [{{at: 2026-11-26T09:00:00Z, text: a, x-k: keep}}, {{at: 2026-11-26T09:30:00Z, text: b}}]\n"
    )
    .replace("timeline:\n  [", "timeline: [");
    env.write(file, &flow_list);
    env.git(&["commit", "-qam", "flow list"]);
    env.pm(&[
        "timeline",
        "edit",
        "2",
        "--pm",
        "x",
        "--at",
        "2026-11-26 08:00",
    ])
    .error(&["flow-style list", "nothing was changed"]);
    assert_eq!(env.read(file), flow_list);
    // Staying in place, it is a change of one value.
    env.pm(&[
        "timeline",
        "edit",
        "1",
        "--pm",
        "x",
        "--at",
        "2026-11-26 09:10",
    ])
    .ok();
    assert_eq!(env.read(file), flow_list.replace("09:00:00Z", "09:10:00Z"));

    // Lines that would read differently in their new place (an alias above
    // its anchor) are refused, saying why; nothing changes.
    let aliased = format!(
        "{head}  - at: 2026-11-26T09:00:00Z\n    text: &t hello\n  - at: 2026-11-26T09:30:00Z\n    text: *t\n"
    );
    env.write(file, &aliased);
    env.git(&["commit", "-qam", "alias"]);
    env.pm(&[
        "timeline",
        "edit",
        "1",
        "--pm",
        "x",
        "--at",
        "2026-11-26 10:00",
    ])
    .error(&[
        "alias `*name` moved above its anchor",
        "nothing was changed",
    ]);
    assert_eq!(env.read(file), aliased);
    env.assert_clean();
}

/// Text that YAML 1.1 readers (PyYAML, Go's yaml.v2) take for something
/// else is written quoted: booleans (`yes`, `off`, `y`), base-60 numbers
/// (`12:30`), numbers with `_`, a date as text, and `=` (PyYAML cannot load
/// it). Dates and times pm writes as such stay plain, and a value written
/// by hand is left as it was.
#[test]
fn text_a_yaml_1_1_reader_would_misread_is_written_quoted() {
    let env = TestEnv::new();
    let id = env.new_pm("Quoting", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let hand = env
        .read(&file)
        .replace("responders: []", "responders: []\nx-hand: yes");
    assert!(hand.contains("x-hand: yes"));
    env.write(&file, &hand);
    env.git(&["commit", "-qam", "a value by hand"]);
    let texts = [
        "yes",
        "no",
        "on",
        "off",
        "y",
        "12:30",
        "2026-11-26",
        "=",
        "1_000",
    ];
    for (n, text) in texts.iter().enumerate() {
        env.pm(&[
            "timeline",
            "add",
            text,
            "--at",
            &format!("2026-11-26 09:{:02}", 10 + n),
        ])
        .ok();
    }
    env.pm(&[
        "action",
        "add",
        "off",
        "--owner",
        "yes",
        "--due",
        "2026-12-01",
    ])
    .ok();
    let written = env.read(&file);
    for text in texts {
        assert!(
            written.contains(&format!("text: '{text}'\n")),
            "{text} is not quoted:\n{written}"
        );
    }
    for line in [
        "title: 'off'\n",
        "owner: 'yes'\n",
        "due: 2026-12-01\n",
        "at: 2026-11-26T09:10:00Z\n",
        "x-hand: yes\n",
    ] {
        assert!(written.contains(line), "no `{line}` in:\n{written}");
    }
    // pm reads each back as the text it was.
    assert_eq!(&env.timeline_texts(&id)[1..], texts);
}

/// `pm timeline edit --at` reads a bare `HH:MM` on the entry's own day (a
/// time typed a few minutes off is corrected, the entry stays on its
/// incident's day), and has `timeline add`'s guards: a time in the future,
/// or more than `timeline_margin_minutes` before the incident (as the other
/// entries date it), is refused unless `--force`.
#[test]
fn edit_at_reads_hh_mm_on_the_entrys_day_and_guards_like_add() {
    let mut env = TestEnv::new();
    env.set_now("2026-11-30T12:00:00Z");
    let id = env.new_pm("Checkout latency spike", "2026-11-26T09:12:00Z");
    let file = env.file_of(&id);
    // An explicit time on the incident's day, days later: no "newer
    // incident?" warning.
    let run = env
        .pm(&[
            "timeline",
            "add",
            "p99 alert fired",
            "--kind",
            "detected",
            "--at",
            "2026-11-26 09:40",
        ])
        .ok();
    assert!(!run.stderr.contains("newer incident"), "{}", run.stderr);

    env.pm(&["timeline", "edit", "09:40", "--pm", &id, "--at", "09:31"])
        .ok()
        .stdout_has("moved to 2026-11-26T09:31:00Z");
    assert!(env.read(&file).contains("at: 2026-11-26T09:31:00Z"));

    let before = env.read(&file);
    env.pm(&[
        "timeline",
        "edit",
        "2",
        "--pm",
        &id,
        "--at",
        "2027-06-01 10:00",
    ])
    .error(&["is in the future", "--force"]);
    // Entry 1 is the incident's start: moving it is measured against the
    // others, so years back is still refused.
    env.pm(&[
        "timeline",
        "edit",
        "1",
        "--pm",
        &id,
        "--at",
        "2020-01-01 10:00",
    ])
    .error(&["before the incident started", "--force"]);
    assert_eq!(env.read(&file), before);
    env.assert_clean();

    env.pm(&[
        "timeline",
        "edit",
        "1",
        "--pm",
        &id,
        "--at",
        "2026-11-20 09:00",
        "--force",
    ])
    .ok()
    .stdout_has("moved to 2026-11-20T09:00:00Z");
}

/// `pm timeline import` chooses its post-mortem as every other timeline
/// and action writer does: `--pm ID` (the same as the positional ID),
/// else `pm use`, else the newest draft, and says why when it was not
/// named. Naming it twice is refused.
#[test]
fn import_takes_pm_like_the_other_writers() {
    let env = TestEnv::new();
    let older = env.new_pm("Older outage", "2026-11-25T09:00:00Z");
    let newer = env.new_pm("Newer outage", "2026-11-26T09:00:00Z");
    let log = env.home().join("one.jsonl");
    std::fs::write(
        &log,
        "{\"timestamp\":\"2026-11-25T09:15:00Z\",\"level\":\"ERROR\",\"message\":\"pool exhausted\"}\n",
    )
    .unwrap();
    let log = log.to_str().unwrap();
    let newer_before = env.read(&env.file_of(&newer));

    let run = env
        .pm(&[
            "timeline", "import", "--pm", &older, "--from", log, "--level", "error",
        ])
        .ok()
        .stdout_has(&format!("Added 1 entry to {older}"));
    assert!(!run.stdout.contains("newest draft"), "{}", run.stdout);
    assert!(env.read(&env.file_of(&older)).contains("pool exhausted"));
    assert_eq!(env.read(&env.file_of(&newer)), newer_before);
    // The commit message counts as the confirmation does.
    let subject = env.git(&["log", "-1", "--format=%s"]);
    assert!(
        subject.contains("import 1 entry from one.jsonl"),
        "{subject}"
    );
    env.assert_clean();

    // Without an id: the one `pm new` chose with `pm use`, and the
    // confirmation says so.
    let log2 = env.home().join("two.jsonl");
    std::fs::write(
        &log2,
        "{\"timestamp\":\"2026-11-26T09:15:00Z\",\"level\":\"ERROR\",\"message\":\"a\"}\n\
         {\"timestamp\":\"2026-11-26T09:20:00Z\",\"level\":\"ERROR\",\"message\":\"b\"}\n",
    )
    .unwrap();
    env.pm(&[
        "timeline",
        "import",
        "--from",
        log2.to_str().unwrap(),
        "--level",
        "error",
        "--no-group",
    ])
    .ok()
    .stdout_has(&format!("Added 2 entries to {newer} (chosen with pm use)"));

    // ID and --pm together: one choice too many, nothing written.
    let before = env.snapshot();
    env.pm(&[
        "timeline", "import", &older, "--pm", &newer, "--from", log, "--level", "error",
    ])
    .error(&["--pm"]);
    assert_eq!(env.snapshot(), before);
}

/// A JSON array's elements are counted as elements, not as lines: one
/// line may hold several of them.
#[test]
fn import_counts_array_elements_as_elements() {
    let env = TestEnv::new();
    let id = env.new_pm("Array log", "2026-11-26T09:00:00Z");
    let log = env.home().join("gcloud.json");
    std::fs::write(
        &log,
        "[{\"timestamp\":\"2026-11-26T09:15:00Z\",\"level\":\"ERROR\",\"message\":\"x\"}, 1, \"s\", {\"a\": 1}]\n",
    )
    .unwrap();
    let run = env
        .import_from(&id, &[log.to_str().unwrap()], &["--level", "error"])
        .ok()
        .stdout_has(&format!("Added 1 entry to {id}"));
    assert!(
        run.stderr.contains(
            "gcloud.json: 2 of the JSON array's 4 elements are not log records and were skipped (first: line 1, element 2 of the JSON array, which is a number"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("lines"), "{}", run.stderr);

    let numbers = env.home().join("numbers.json");
    std::fs::write(&numbers, "[1, 2]\n").unwrap();
    env.import_from(&id, &[numbers.to_str().unwrap()], &["--level", "error"])
        .error(&["no element of the JSON array is a log record pm can read (2 elements; line 1 is element 1 of the JSON array"]);
}

/// fix38: `pm timeline edit` given only values the entry already has
/// changes nothing and says so plainly: no note that a closed
/// post-mortem's timeline "was changed all the same", no write, no commit,
/// exit 0, as `pm action edit` does. A real change still gets the note.
#[test]
fn timeline_edit_that_changes_nothing_says_so_and_commits_nothing() {
    let env = TestEnv::new();
    let id = env.new_pm("Checkout latency spike", "2026-11-26T09:12:00Z");
    let file = env.file_of(&id);
    env.pm(&[
        "timeline",
        "add",
        "p99 alert fired",
        "--kind",
        "detected",
        "--at",
        "2026-11-26 09:31",
        "--by",
        "pagerduty",
    ])
    .ok();
    // Closed by hand, as a team reopening nothing would leave it.
    let closed = env.read(&file).replace("status: draft", "status: closed");
    assert!(closed.contains("status: closed"), "{closed}");
    env.write(&file, &closed);
    env.git(&["commit", "-qam", "close by hand"]);
    let commits = env.commits();
    let before = env.snapshot();

    let run = env
        .pm(&[
            "timeline",
            "edit",
            "2",
            "--pm",
            &id,
            "--text",
            "p99 alert fired",
            "--kind",
            "detected",
            "--at",
            "09:31",
            "--by",
            "pagerduty",
        ])
        .ok();
    assert_eq!(
        run.stdout,
        format!(
            "Nothing changed: {id} #2 at 2026-11-26T09:31:00Z (\"p99 alert fired\") already has the values given\n"
        )
    );
    assert!(!run.stderr.contains("is closed"), "{}", run.stderr);
    assert_eq!(env.commits(), commits);
    assert_eq!(env.snapshot(), before);
    env.assert_clean();
    // Nothing written, so nothing to say about not committing it.
    let run = env
        .pm(&[
            "timeline",
            "edit",
            "2",
            "--pm",
            &id,
            "--kind",
            "detected",
            "--no-commit",
        ])
        .ok()
        .stdout_has("Nothing changed");
    assert!(!run.stderr.contains("not committed"), "{}", run.stderr);
    assert_eq!(env.snapshot(), before);

    // One value that differs is a change: written, committed, noted.
    env.pm(&[
        "timeline",
        "edit",
        "2",
        "--pm",
        &id,
        "--kind",
        "detected",
        "--text",
        "p99 alert fired (PagerDuty)",
    ])
    .ok()
    .stdout_has("edit #2 at 2026-11-26T09:31:00Z")
    .stderr_has("is closed; its timeline was changed all the same");
    assert_eq!(env.commits(), commits + 1);
    env.assert_clean();
    let diff = env.git(&["show", "--format=", "-U0", "HEAD"]);
    assert!(
        diff.contains("+    text: p99 alert fired (PagerDuty)"),
        "{diff}"
    );
    assert!(!diff.contains("kind"), "{diff}");
}
