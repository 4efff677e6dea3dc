//! Frictions a newcomer met: man pages, the template's question trap,
//! status changes that lint would refuse.

use crate::support::TestEnv;

#[test]
fn man_pages_cover_every_subcommand() {
    let env = TestEnv::new();
    let page = env.pm(&["man"]).ok();
    assert!(
        page.stdout.starts_with(".ie") || page.stdout.contains(".TH pm"),
        "{}",
        page.stdout
    );
    let out = env.home().join("man/man1");
    env.pm(&["man", "--out", out.to_str().unwrap()])
        .ok()
        .stdout_has("Wrote pm.1");
    // Every subcommand `pm --help` lists has its page, with its options.
    let help = env.pm(&["--help"]).ok().stdout;
    let subcommands = subcommands(&help);
    assert!(subcommands.len() >= 15, "{subcommands:?}");
    for sub in subcommands {
        let file = out.join(format!("pm-{sub}.1"));
        assert!(file.is_file(), "no page for {sub}");
    }
    let due = std::fs::read_to_string(out.join("pm-due.1")).unwrap();
    assert!(due.contains("within"), "{due}");
    assert!(out.join("pm-timeline-add.1").is_file());
}

/// Answer each section of a fresh post-mortem so that lint is clean.
fn complete(env: &TestEnv, id: &str) {
    let file = env.file_of(id);
    let text = env.read(&file)
        .replace("\nsummary:\n", "\nsummary: |\n  Checkout returned errors for 40 minutes after a config push; a rollback restored it.\n")
        .replace("\nimpact:\n", "\nimpact: |\n  About 12% of checkout requests failed between 09:00 and 09:40.\n")
        .replace("\ntrigger:\n", "\ntrigger: A config push that lowered the connection pool size.\n")
        .replace("\nroot_cause:\n", "\nroot_cause: |\n  The pool size setting had no lower bound, and the config pipeline did not compare it with peak load.\n")
        .replace("\ndetection_gap:\n", "\ndetection_gap: |\n  Alerts watched latency, not pool saturation, so the first page came after 9 minutes.\n")
        .replace("\nresponse:\n", "\nresponse: |\n  The on-call rolled back the config; recovery was immediate.\n");
    env.write(&file, &text);
    env.git(&["commit", "-qam", "write the post-mortem"]);
    for (kind, at) in [
        ("detected", "2026-11-26T09:09:00Z"),
        ("mitigated", "2026-11-26T09:35:00Z"),
        ("resolved", "2026-11-26T09:40:00Z"),
    ] {
        env.pm(&[
            "timeline", "add", kind, "--kind", kind, "--at", at, "--pm", id,
        ])
        .ok();
    }
    env.add_action(id, "Lower bound on pool size", "payments", "+2w");
}

#[test]
fn a_complete_post_mortem_moves_on_without_force() {
    let env = TestEnv::new();
    let id = env.new_pm("Checkout errors", "2026-11-26T09:00:00Z");
    complete(&env, &id);
    env.pm(&["lint", &id]).ok();
    env.pm(&["status", &id, "review"])
        .ok()
        .stdout_has("draft -> review");
    env.pm(&["status", &id, "published"]).ok();
    env.assert_clean();
}

#[test]
fn template_questions_written_into_a_value_are_a_lint_finding() {
    let env = TestEnv::new();
    let id = env.new_pm("Queue backlog", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let text = env.read(&file);
    // Answering after the key, as the template says, leaves no question in the text.
    let answered = text.replace(
        "summary:\n",
        "summary: |\n  Workers stopped consuming for 20 minutes after a broker failover.\n",
    );
    env.write(&file, &answered);
    let json = env.pm(&["lint", &id, "--format", "json"]).json();
    assert!(!json.to_string().contains("template's question"), "{json}");
    // A person who pasted the question inside the block gets told.
    let trapped = text.replace(
        "summary:\n",
        "summary: |\n  # In two or three sentences a newcomer would understand: what broke,\n  Workers stopped consuming for 20 minutes after a broker failover.\n",
    );
    env.write(&file, &trapped);
    env.pm(&["lint", &id])
        .stdout_has("template's question")
        .stdout_has("In two or three sentences");
    // And `pm show` shows what readers would see, so the question must not be silent.
    env.pm(&["show", &id])
        .ok()
        .stdout_has("In two or three sentences");
}

#[test]
fn a_new_incident_is_where_entries_go_and_old_ones_warn() {
    let env = TestEnv::new();
    // Written up on the day, weeks ago: `pm new` committed it then (PM_NOW
    // fixes commits' dates too).
    let old = env
        .pm_with(
            &[
                "new",
                "Login outage",
                "--severity",
                "SEV2",
                "--started",
                "2026-10-01T09:00:00Z",
                "--author",
                "-",
                "--no-edit",
            ],
            &[("PM_NOW", "2026-10-01T10:00:00Z")],
        )
        .ok()
        .created_id();
    env.pm(&["use", &old]).ok();
    let new = env.new_pm("Cache hit rate drop", "2026-11-27T08:00:00Z");
    env.pm(&[
        "timeline",
        "add",
        "Cache hit rate dropped to 20%",
        "--kind",
        "detected",
        "--at",
        "09:00",
    ])
    .ok()
    .stdout_has(&format!("Added to {new}"));
    assert!(!env.read(&env.file_of(&old)).contains("Cache hit rate"));
    // Choosing the old one again works, but a script is warned.
    env.pm(&["use", &old]).ok();
    env.pm(&["timeline", "add", "Late note"])
        .ok()
        .stderr_has("has had no timeline entry for 57 days");
    // Naming it is deliberate: no warning.
    let named = env
        .pm(&["timeline", "add", "Another late note", "--pm", &old])
        .ok();
    assert!(!named.stderr.contains("warning"), "{}", named.stderr);
}

/// The README's quick start: an incident written up days later with `pm
/// new`, then its times added with `--at`. A post-mortem added moments ago
/// is not a forgotten target; one added long ago still warns.
#[test]
fn a_post_mortem_just_added_for_an_older_incident_does_not_warn() {
    let env = TestEnv::new(); // the clock: 2026-11-27 10:00 UTC
    let new = |title: &str, started: &str, committed: &str| -> String {
        let run = env
            .pm_with(
                &[
                    "new",
                    title,
                    "--severity",
                    "SEV2",
                    "--started",
                    started,
                    "--no-edit",
                ],
                &[
                    ("GIT_COMMITTER_DATE", committed),
                    ("GIT_AUTHOR_DATE", committed),
                ],
            )
            .ok();
        run.created_id()
    };
    let old = new(
        "Login outage",
        "2026-11-10T09:00:00Z",
        "2026-11-10T12:00:00Z",
    );
    let fresh = new(
        "Checkout latency spike",
        "2026-11-23T09:12:00Z",
        "2026-11-27T09:59:00Z",
    );
    let run = env
        .pm(&[
            "timeline",
            "add",
            "p99 alert fired",
            "--kind",
            "detected",
            "--at",
            "2026-11-23 09:31",
        ])
        .ok()
        .stdout_has(&format!("Added to {fresh}"));
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    // The one added 17 days ago, chosen with pm use, still warns.
    env.pm(&["use", &old]).ok();
    env.pm(&["timeline", "add", "Late note"])
        .ok()
        .stderr_has("has had no timeline entry for 17 days");
    // Unless the entry's own time is on its incident's days: a time typed
    // with that date is meant for that incident, not a newer one.
    let run = env
        .pm(&["timeline", "add", "Late note", "--at", "2026-11-10 10:00"])
        .ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
}

#[test]
fn timeline_entries_can_be_removed_and_corrected() {
    let env = TestEnv::new();
    let id = env.new_pm("Queue backlog", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    for (text, at) in [
        ("Queue age alert", "2026-11-26T09:10:00Z"),
        ("Wrong incident", "2026-11-26T09:20:00Z"),
        ("Workers restarted", "2026-11-26T09:30:00Z"),
    ] {
        env.pm(&["timeline", "add", text, "--at", at, "--pm", &id])
            .ok();
    }
    let list = env.pm(&["timeline", "list", &id]).ok().stdout;
    assert!(list.starts_with(&format!("{id}: Queue backlog")), "{list}");
    assert!(
        list.contains("3 ") && list.contains("Wrong incident"),
        "{list}"
    );
    // By number, as listed; only that entry's lines go.
    let before = env.read(&file);
    env.pm(&["timeline", "rm", "3", "--pm", &id])
        .ok()
        .stdout_has("remove #3");
    let after = env.read(&file);
    assert!(!after.contains("Wrong incident"));
    assert_eq!(before.lines().count() - 3, after.lines().count(), "{after}");
    assert_eq!(
        env.git(&["log", "-1", "--format=%s"]).trim(),
        format!("pm: timeline {id}: remove #3 note at 2026-11-26T09:20:00Z")
    );
    // By time; a new time moves the entry into order.
    env.pm(&[
        "timeline",
        "edit",
        "09:30",
        "--pm",
        &id,
        "--text",
        "Workers restarted by the on-call",
        "--at",
        "2026-11-26T09:05:00Z",
    ])
    .ok();
    assert_eq!(
        env.timeline_texts(&id),
        [
            "Impact started",
            "Workers restarted by the on-call",
            "Queue age alert"
        ]
    );
    // Edit in place keeps the rest byte for byte.
    let before = env.read(&file);
    // The confirmation names the entry by its words, since numbers shift,
    // and says what else changed.
    env.pm(&["timeline", "edit", "3", "--pm", &id, "--kind", "detected"])
        .ok()
        .stdout_has("edit #3 at 2026-11-26T09:10:00Z (\"Queue age alert\"), kind note → detected");
    let after = env.read(&file);
    let changed: Vec<_> = before
        .lines()
        .zip(after.lines())
        .filter(|(a, b)| a != b)
        .collect();
    assert_eq!(changed.len(), 1, "{changed:?}");
    // Bad references change nothing.
    env.pm(&["timeline", "rm", "9", "--pm", &id])
        .error(&["no timeline entry #9", "#1 to #3"]);
    env.pm(&["timeline", "rm", "soon", "--pm", &id])
        .error(&["neither an entry number nor a time"]);
    env.pm(&["timeline", "edit", "1", "--pm", &id])
        .error(&["nothing to change"]);
    assert_eq!(env.read(&file), after);
    // Removing every entry leaves an empty list, still a valid post-mortem.
    for _ in 0..3 {
        env.pm(&["timeline", "rm", "1", "--pm", &id]).ok();
    }
    assert!(
        env.read(&file).contains("timeline: []"),
        "{}",
        env.read(&file)
    );
    env.pm(&["show", &id]).ok();
    env.assert_clean();
}

#[test]
fn an_action_item_added_by_mistake_can_be_removed() {
    let env = TestEnv::new();
    let id = env.new_pm("DNS outage", "2026-11-26T09:00:00Z");
    env.add_action(&id, "Second resolver", "netops", "+2w");
    env.add_action(&id, "Meant for another incident", "netops", "+2w");
    env.pm(&["action", "rm", &format!("{id}#A2")])
        .ok()
        .stdout_has("remove A2");
    let shown = env.pm(&["show", &id, "--json"]).ok().json();
    assert_eq!(shown["action_items"].as_array().unwrap().len(), 1);
    env.pm(&["action", "rm", &format!("{id}#A7")])
        .error(&["no action item A7", "A1"]);
    env.pm(&["action", "rm", &format!("{id}#A1")]).ok();
    assert!(env.read(&env.file_of(&id)).contains("action_items: []"));
    env.assert_clean();
}

#[test]
fn pm_edit_without_changes_commits_nothing_and_errors_point_at_the_draft() {
    use crate::foundation::editor_script;
    let env = TestEnv::new();
    let id = env.new_pm("Queue backlog", "2026-11-26T09:00:00Z");
    let commits = env.commits();
    let unchanged = editor_script(&env, "nothing.sh", "true");
    env.pm_with(&["edit", &id], &[("EDITOR", &unchanged)])
        .ok()
        .stdout_has("No changes");
    assert_eq!(env.commits(), commits);
    let drafts = env.path(".git/pm/drafts");
    let left = || std::fs::read_dir(&drafts).map(|d| d.count()).unwrap_or(0);
    assert_eq!(left(), 0, "drafts left behind");

    // An invalid edit: the error names the draft's line, not the file's.
    let breaks = editor_script(
        &env,
        "break.sh",
        "sed -i 's/^severity: SEV2$/severity: [oops/' \"$1\"",
    );
    let run = env
        .pm_with(&["edit", &id], &[("EDITOR", &breaks)])
        .error(&["was not saved", "your text is kept in"]);
    assert!(
        run.stderr.contains(&format!(".git/pm/drafts/{id}.yaml:")),
        "{}",
        run.stderr
    );
    // Resumed and put back as it was: nothing to save, nothing left.
    let restore = editor_script(
        &env,
        "restore.sh",
        "sed -i 's/^severity: \\[oops$/severity: SEV2/' \"$1\"",
    );
    env.pm_with(&["edit", &id], &[("EDITOR", &restore)])
        .ok()
        .stdout_has("No changes");
    assert_eq!(env.commits(), commits);
    assert_eq!(left(), 0, "drafts left behind");

    // A real change is saved, and its draft and base are cleaned up.
    let change = editor_script(
        &env,
        "change.sh",
        "sed -i 's/^severity: SEV2$/severity: SEV1/' \"$1\"",
    );
    env.pm_with(&["edit", &id], &[("EDITOR", &change)])
        .ok()
        .stdout_has("Saved");
    assert_eq!(env.commits(), commits + 1);
    assert_eq!(left(), 0, "drafts left behind");
    env.assert_clean();
}

#[test]
fn what_a_first_real_use_tripped_over() {
    let env = TestEnv::new();
    // A fresh repository says how to start, not that nothing matches.
    env.pm(&["list"]).ok().stdout_has("No post-mortems yet");
    let id = env.new_pm("Queue backlog", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    // `--pm` works for timeline list as for the other timeline commands.
    env.pm(&["timeline", "list", "--pm", &id])
        .ok()
        .stdout_has("Impact started");
    // No editor and no terminal: an error, not a hung vi, and no draft.
    let mut cmd = env.pm_cmd(&["edit", &id]);
    cmd.env_remove("EDITOR").env_remove("VISUAL");
    env.run_cmd(cmd, None, &["edit", &id])
        .error(&["no editor to open", "EDITOR"]);
    assert!(!env.path(&format!(".git/pm/drafts/{id}.yaml")).exists());
    // A raw control character is reported at its line, not at 1:1.
    let text = env.read(&file);
    let line = text.lines().position(|l| l.starts_with("title:")).unwrap() + 1;
    env.write(
        &file,
        &text.replace("title: Queue backlog", "title: Queue \u{1b} backlog"),
    );
    env.pm(&["show", &id]).error(&[&format!(
        "{file}:{line}:14: a control character, U+001B, which YAML text cannot hold; remove it"
    )]);
    env.pm(&["lint", &id])
        .code(1)
        .stdout_has(&format!("{file}:{line}:"));
    // pm due does not say "nothing needs attention" when it could not read a file.
    let due = env.pm(&["due"]).ok();
    assert!(
        !due.stdout.contains("Nothing needs attention.\n"),
        "{}",
        due.stdout
    );
    assert!(due.stdout.contains("pm could read"), "{}", due.stdout);
    env.pm(&["due", "--check"]).code(2);
    // And pm list says why the list is empty.
    env.pm(&["list"])
        .ok()
        .stdout_has("No post-mortems pm can read");
}

#[test]
fn team_owners_are_not_people_and_kinds_are_suggested() {
    let env = TestEnv::new();
    let id = env.new_pm("Payments latency", "2026-11-26T09:00:00Z");
    env.add_action(&id, "Alert on p99", "payments", "+2w");
    let json = env.pm(&["lint", &id, "--format", "json"]).json();
    assert!(!json.to_string().contains("naming-individuals"), "{json}");
    env.pm(&[
        "timeline",
        "add",
        "p99 alert",
        "--kind",
        "detect",
        "--pm",
        &id,
    ])
    .error(&["not a timeline kind", "did you mean `--kind detected`?"]);
}

/// The post-mortem `pm use` chose is gone (removed with git, or on another
/// branch): `pm use` says so with the way out, as every write would,
/// instead of printing the stale choice as if it were fine.
#[test]
fn a_choice_whose_file_is_gone_is_reported_by_pm_use() {
    let env = TestEnv::new();
    let id = env.new_pm("Gone soon", "2026-11-26T09:00:00Z");
    env.pm(&["use"]).ok().stdout_has(&id);
    env.git(&["rm", "--quiet", &env.file_of(&id)]);
    env.git(&["commit", "--quiet", "-m", "remove"]);
    env.pm(&["use"]).code(2).error(&[
        &format!("`pm use` chose {id}, which no longer exists"),
        "pm use --clear",
    ]);
    env.pm(&["use", "--clear"]).ok();
    env.pm(&["use"]).ok().stdout_has("(none");
}

/// The choice of `pm use` is an exact id: when its file is gone, a write
/// is refused rather than sent to another post-mortem whose id starts the
/// same way (attack 22, F17: "2026-11-30-db" fell through to "-db-2").
#[test]
fn a_gone_choice_never_falls_through_to_a_post_mortem_that_starts_like_it() {
    let env = TestEnv::new();
    let first = env.new_pm("DB", "2026-11-26T08:00:00Z");
    let second = env.new_pm("DB", "2026-11-26T08:30:00Z");
    assert!(
        second.starts_with(&first) && second != first,
        "{first} {second}"
    );
    env.pm(&["use", &first]).ok();
    env.git(&["rm", "--quiet", &env.file_of(&first)]);
    env.git(&["commit", "--quiet", "-m", "duplicate, removed"]);
    let before = env.read(&env.file_of(&second));
    env.pm(&["timeline", "add", "meant for the first", "--at", "09:30"])
        .code(2)
        .error(&[&format!("`pm use` chose {first}, which no longer exists")]);
    env.pm(&["use"]).code(2).error(&["which no longer exists"]);
    let after = env.read(&env.file_of(&second));
    assert_eq!(before, after, "the other post-mortem was written to");
}

/// `--help` says where things are and what a command does, in the words
/// of the docs.
#[test]
fn help_says_where_templates_are_and_what_sync_commits() {
    let env = TestEnv::new();
    let new = env.pm(&["new", "--help"]).ok().stdout;
    let flat = new.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(flat.contains("`default` is built into pm"), "{new}");
    assert!(flat.contains(".pm/templates/NAME.yaml.tera"), "{new}");
    let sync = env.pm(&["sync", "--help"]).ok().stdout;
    let flat = sync.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(!flat.contains("commits nothing"), "{sync}");
    assert!(
        flat.contains("except to finish the rebase or merge whose conflict you resolved"),
        "{sync}"
    );
}

/// A draft's gaps are warnings (`pm lint` exits 0 with "0 errors"), and
/// errors from review on: `pm status ID review` refusing it counts them as
/// what `pm lint` calls them, not as "3 errors" lint never reported.
#[test]
fn a_refused_status_counts_errors_and_warnings_as_lint_does() {
    let env = TestEnv::new();
    let id = env.new_pm("Gaps only", "2026-11-26T09:00:00Z");
    let lint = env.pm(&["lint", &id]).ok();
    assert!(
        lint.stdout.contains("0 errors, 5 warnings"),
        "{}",
        lint.stdout
    );
    let refused = env.pm(&["status", &id, "review"]).error(&[&format!(
        "{id} is not ready for status `review`: `pm lint` would report 5 errors for it there; as it is now (`draft`), 5 are warnings"
    )]);
    assert!(
        !refused.stderr.contains("reports 5 errors"),
        "{}",
        refused.stderr
    );
    // Each line is labelled as `pm lint` labels it now.
    assert_eq!(
        refused.stderr.matches(": warning[").count(),
        5,
        "{}",
        refused.stderr
    );
    assert!(!refused.stderr.contains(": error["), "{}", refused.stderr);

    // Blame is an error in a draft already: counted apart.
    let file = env.file_of(&id);
    env.write(
        &file,
        &env.read(&file)
            .replace("\nroot_cause:\n", "\nroot_cause: It was human error.\n"),
    );
    env.git(&["commit", "-qam", "blame"]);
    let lint = env.pm(&["lint", &id]).code(1);
    assert!(
        lint.stdout.contains("1 error, 4 warnings"),
        "{}",
        lint.stdout
    );
    env.pm(&["status", &id, "published"]).error(&[
        "`pm lint` would report 6 errors for it there; as it is now (`draft`), 1 is an error, 4 are warnings and 1 is not reported yet",
        "error[human-error]",
        "warning[empty-section]",
        "error[missing-milestone]",
    ]);
}

/// The repository's zone set in pm.yaml, committed.
fn in_zone(env: &TestEnv, zone: &str) {
    let config = env
        .read("pm.yaml")
        .replace("timezone: UTC", &format!("timezone: {zone}"));
    env.write("pm.yaml", &config);
    env.git(&["commit", "-qam", zone]);
}

/// README's first five minutes once mixed a UTC `--started` with
/// wall-clock `--at` times: in Berlin that put detection 41 minutes before
/// impact, and nothing said so until `pm lint`. The entry is still written
/// (the responder may be correcting the start next), with a warning that
/// names the entry, the zone and the fix.
#[test]
fn a_milestone_written_before_impact_started_is_warned_of_then() {
    let env = TestEnv::new();
    in_zone(&env, "Europe/Berlin");
    let id = env.new_pm("Checkout latency spike", "2026-11-26T09:12:00Z");
    let add = |text: &str, kind: &str, at: &str| {
        env.pm(&["timeline", "add", text, "--kind", kind, "--at", at])
            .ok()
    };
    let run = add("p99 alert fired", "detected", "2026-11-26 09:31");
    assert!(
        run.stderr.contains(
            "warning: #1 `detected` at 2026-11-26 09:31:00 is before impact started (2026-11-26 10:12:00, T-0:41)"
        ) && run.stderr.contains("pm.yaml's `timezone` (Europe/Berlin)")
            && run.stderr.contains("`pm timeline edit 1 --at 'YYYY-MM-DD HH:MM'`"),
        "{}",
        run.stderr
    );
    assert_eq!(
        env.timeline_texts(&id),
        ["p99 alert fired", "Impact started"]
    );
    // Corrected: no warning. A note before impact is no milestone.
    let run = env.pm(&["timeline", "edit", "1", "--at", "10:31"]).ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let run = add("Deploy 4.2.1 started", "note", "2026-11-26 10:00");
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    // Moving impact-start past the milestones warns of each of them,
    // once: an edit of another entry later does not repeat it.
    add("Rolled back 4.2.1", "mitigated", "2026-11-26 11:05");
    let run = env.pm(&["timeline", "edit", "2", "--at", "11:30"]).ok();
    assert_eq!(run.stderr.matches("warning: ").count(), 2, "{}", run.stderr);
    assert!(
        run.stderr.contains("#2 `detected` at 2026-11-26 10:31:00")
            && run.stderr.contains("#3 `mitigated` at 2026-11-26 11:05:00")
            && run.stderr.contains("impact started (2026-11-26 11:30:00"),
        "{}",
        run.stderr
    );
    let run = env
        .pm(&["timeline", "edit", "1", "--text", "Deploy 4.2.1 began"])
        .ok();
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let lint = env.pm(&["lint", &id]).ok();
    assert_eq!(lint.stdout.matches("milestone-order").count(), 2);

    // README's example as it is now, wall-clock times only: right in
    // any zone, and nothing to warn of.
    let env = TestEnv::new();
    in_zone(&env, "America/New_York");
    env.new_pm("Checkout latency spike", "2026-11-26 09:12");
    for (kind, at) in [
        ("detected", "2026-11-26 09:31"),
        ("mitigated", "2026-11-26 10:05"),
    ] {
        let run = env
            .pm(&["timeline", "add", kind, "--kind", kind, "--at", at])
            .ok();
        assert!(run.stderr.is_empty(), "{}", run.stderr);
    }
    env.pm(&["timeline", "list"])
        .ok()
        .stdout_has("time to detect: 19m")
        .stdout_has("time to mitigate: 53m");
}

/// A stale `pm use` (or a mistyped --pm) wrote into a closed, reviewed
/// post-mortem without a word. The change is still written (a late fact
/// belongs in the record), and pm says the post-mortem is closed.
#[test]
fn timeline_changes_to_a_closed_post_mortem_say_it_is_closed() {
    let env = TestEnv::new();
    let id = env.new_pm("Closed already", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    env.write(
        &file,
        &env.read(&file).replace("status: draft", "status: closed"),
    );
    env.git(&["commit", "-qam", "closed"]);
    env.pm(&["use", &id])
        .ok()
        .stderr_has(&format!("note: {id} is closed"));
    let commits = env.commits();
    let closed = format!("note: {id} is closed; its timeline was changed all the same");
    env.pm(&[
        "timeline",
        "add",
        "late note",
        "--at",
        "2026-11-26T09:30:00Z",
    ])
    .ok()
    .stderr_has(&closed)
    .stderr_has("--pm ID");
    env.pm(&["timeline", "edit", "2", "--text", "a late note"])
        .ok()
        .stderr_has(&closed);
    env.pm(&["timeline", "rm", "2", "--pm", &id])
        .ok()
        .stderr_has(&closed);
    assert_eq!(env.timeline_texts(&id), ["Impact started"]);
    assert_eq!(env.commits(), commits + 3);
    // A draft says nothing of the kind.
    let open = env.new_pm("Open", "2026-11-26T10:00:00Z");
    let run = env
        .pm(&[
            "timeline",
            "add",
            "x",
            "--pm",
            &open,
            "--at",
            "2026-11-26T10:30:00Z",
        ])
        .ok();
    assert!(run.stderr.is_empty(), "{}", run.stderr);
}

/// `--started 09:12` typed at 06:14 is yesterday's 09:12 (the most recent
/// one), and the id keeps that date for good: pm says so. A start in the
/// future says what the relative forms mean.
#[test]
fn a_start_read_as_yesterday_is_said_and_one_in_the_future_explained() {
    let mut env = TestEnv::new();
    env.set_now("2026-12-01T06:14:00Z");
    let run = env
        .pm(&["new", "Morning queue backlog", "-s", "SEV4", "--started", "09:12", "--no-edit"])
        .ok()
        .stderr_has(
            "note: --started 09:12 is later than now (06:14), so it was read as yesterday, 2026-11-30 09:12 in UTC; give a date to choose another day",
        );
    assert_eq!(run.created_id(), "2026-11-30-morning-queue-backlog");
    // Earlier today: today, and nothing to say.
    let run = env
        .pm(&[
            "new",
            "Night batch",
            "-s",
            "SEV4",
            "--started",
            "05:10",
            "--no-edit",
        ])
        .ok();
    assert_eq!(run.created_id(), "2026-12-01-night-batch");
    assert!(!run.stderr.contains("yesterday"), "{}", run.stderr);
    let snapshot = env.snapshot();
    env.pm(&[
        "new",
        "Later",
        "-s",
        "SEV3",
        "--started",
        "+10m",
        "--no-edit",
    ])
    .error(&[
        "--started 2026-12-01 06:24 is in the future (now is 2026-12-01 06:14 in UTC)",
        "-20m twenty minutes ago",
        "nothing was changed",
    ]);
    assert_eq!(env.snapshot(), snapshot);
}

/// A hand edit that breaks the file sent the person to `pm edit`, which
/// opened the editor, let them fix it, and only then refused to commit a
/// file with changes not committed. Now the parse error and `pm edit` say
/// the same (`pm edit ID --no-commit`), before any work in the editor.
#[test]
fn a_broken_hand_edit_is_fixed_the_way_the_error_says() {
    use crate::foundation::editor_script;
    let env = TestEnv::new();
    let id = env.new_pm("Disk full", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let broken = env
        .read(&file)
        .replace("\nsummary:\n", "\nsummary: Cause: a full disk\n");
    env.write(&file, &broken);
    env.pm(&["show", &id]).error(&[
        &format!("{file}:21:"),
        "it has changes that are not committed",
        &format!("`pm edit {id} --no-commit`"),
        "nothing was changed",
    ]);
    let opened = env.home().join("editor-was-opened");
    let fix = editor_script(
        &env,
        "fix.sh",
        &format!(
            "touch {}\nsed -i 's/^summary: Cause: a full disk$/summary: \"Cause: a full disk\"/' \"$1\"",
            opened.display()
        ),
    );
    let commits = env.commits();
    env.pm_with(&["edit", &id], &[("EDITOR", &fix)]).error(&[
        "has changes that are not committed",
        &format!("`pm edit {id} --no-commit`"),
        "the editor was not opened",
    ]);
    assert!(!opened.exists());
    assert!(!env.path(&format!(".git/pm/drafts/{id}.yaml")).exists());
    assert_eq!(env.read(&file), broken);
    // As the error says: fixed with the hand edit kept, then committed.
    env.pm_with(&["edit", &id, "--no-commit"], &[("EDITOR", &fix)])
        .ok()
        .stdout_has("Saved");
    assert!(env.read(&file).contains("summary: \"Cause: a full disk\""));
    assert!(!env.path(&format!(".git/pm/drafts/{id}.yaml")).exists());
    assert_eq!(env.commits(), commits);
    env.git(&["commit", "-qam", "summary"]);
    env.pm(&["show", &id]).ok().stdout_has("Cause: a full disk");

    // A broken file that is committed (a merge, a push by someone else):
    // `pm edit` fixes and commits it.
    env.write(&file, &broken);
    env.git(&["commit", "-qam", "broken"]);
    let run = env
        .pm(&["show", &id])
        .error(&[&format!("with `pm edit {id}`;")]);
    assert!(!run.stderr.contains("--no-commit"), "{}", run.stderr);
    env.pm_with(&["edit", &id], &[("EDITOR", &fix)]).ok();
    env.assert_clean();

    // A hand edit made while the editor is open: pm's commit would carry
    // it, so the edit is not saved, and the error says where its text is.
    let meanwhile = editor_script(
        &env,
        "meanwhile.sh",
        &format!(
            "sed -i 's/^title: Disk full$/title: Disk full, by hand/' {}\nsed -i 's/^impact:$/impact: Uploads failed./' \"$1\"",
            env.path(&file).display()
        ),
    );
    env.pm_with(&["edit", &id], &[("EDITOR", &meanwhile)])
        .code(2)
        .stderr_has(&format!("error: {file} has changes that are not committed"))
        .stderr_has("your edit was not saved; its text is kept in")
        .stderr_has(&format!(
            ".git/pm/drafts/{id}.yaml (the next `pm edit {id}` continues from it)"
        ));
    assert!(
        env.read(&format!(".git/pm/drafts/{id}.yaml"))
            .contains("impact: Uploads failed.")
    );
}

/// `pm lint --help` (and its manual page) showed the flags that measure
/// the blame check to every user; they still work, documented in
/// docs/lint-rules.md. `pm action edit --help` had flags with no words.
#[test]
fn help_leaves_out_developer_flags_and_describes_every_flag() {
    let env = TestEnv::new();
    let help = env.pm(&["lint", "--help"]).ok().stdout;
    for flag in ["--eval", "--details", "--features"] {
        assert!(!help.contains(flag), "{flag} in:\n{help}");
    }
    let out = env.home().join("man");
    env.pm(&["man", "--out", out.to_str().unwrap()]).ok();
    let page = std::fs::read_to_string(out.join("pm-lint.1")).unwrap();
    assert!(!page.contains("eval"), "{page}");
    env.write(
        "sentences.tsv",
        "blame\tperson-as-cause\thttps://example.com/a\tThe technician accidentally erased the backup drive.\n",
    );
    env.pm(&["lint", "--eval", "sentences.tsv", "--features"])
        .ok();
    let docs = include_str!("../../docs/lint-rules.md");
    for flag in ["`--eval TSV...`", "`--details`", "`--features`"] {
        assert!(docs.contains(flag), "docs/lint-rules.md lacks {flag}");
    }

    // Every option of `pm action edit` says what it is.
    let help = env.pm(&["action", "edit", "--help"]).ok().stdout;
    for flag in ["--owner <OWNER>", "--due <DUE>", "--title <TITLE>"] {
        let line = help
            .lines()
            .find(|l| l.trim_start().starts_with(flag))
            .unwrap_or_else(|| panic!("no {flag} in:\n{help}"));
        assert!(
            line.trim_start()[flag.len()..].trim().len() > 10,
            "{flag} has no description:\n{help}"
        );
    }
    let help = env.pm(&["timeline", "import", "--help"]).ok().stdout;
    assert!(help.contains("uncompressed"), "{help}");
    assert!(!help.contains("plain,"), "{help}");
}

/// Usage errors raised before pm has control name what was meant and
/// give the command line as it should be, as pm's own errors do.
#[test]
fn usage_errors_name_the_flag_or_subcommand_meant() {
    let env = TestEnv::new();
    env.new_pm("Usage", "2026-11-26T09:00:00Z");
    let before = env.snapshot();
    let tip = |args: &[&str], want: &str| {
        let run = env.pm(args).code(2);
        assert!(run.stderr.starts_with("error: "), "{}", run.stderr);
        assert!(
            run.stderr.contains(&format!("  tip: {want}\n")),
            "{}",
            run.stderr
        );
        assert!(!run.stderr.contains("-- --"), "{}", run.stderr);
        run
    };
    tip(
        &["timeline", "add", "p99 alert", "--time", "10:00"],
        "`pm timeline add` calls it --at: pm timeline add 'p99 alert' --at 10:00",
    );
    tip(
        &["timeline", "edit", "1", "--time=09:31"],
        "`pm timeline edit` calls it --at: pm timeline edit 1 --at=09:31",
    );
    tip(
        &["due", "--within", "2", "weeks"],
        "a length is one word, `2w` (m minutes, h hours, d days, w weeks, mo months, y years): pm due --within 2w",
    );
    tip(
        &["action", "finish", "A1"],
        "the subcommand is `done`: pm action done A1",
    );
    tip(
        &["timeline", "add", "x", "--onwer", "sre"],
        "`pm timeline add` has no --onwer; `pm timeline add --help` lists its flags (to give the text `--onwer` itself, put `--` before it)",
    );
    // A short flag the command does not have gets the same tip, not
    // clap's `-- -x` (session 35's read attack).
    let run = tip(
        &["search", "-x"],
        "`pm search` has no -x; `pm search --help` lists its flags (to give the text `-x` itself, put `--` before it)",
    );
    assert!(!run.stderr.contains("'-- -x'"), "{}", run.stderr);
    tip(
        &["list", "-x"],
        "`pm list` has no -x; `pm list --help` lists its flags (to give the text `-x` itself, put `--` before it)",
    );
    // A value that starts with `-` after a flag that takes one: clap read
    // it as flags and offered `-- -r`; joined with `=` it is the value.
    let run = tip(
        &["timeline", "add", "x", "--pm", "-rf"],
        "to give --pm a value that starts with `-`, join them with `=`: pm timeline add x --pm=-rf",
    );
    assert!(!run.stderr.contains("'-- -r'"), "{}", run.stderr);
    tip(
        &["action", "add", "x", "--owner", "-sre"],
        "to give --owner a value that starts with `-`, join them with `=`: pm action add x --owner=-sre",
    );
    // A near spelling: clap's suggestion, with the command retyped.
    tip(
        &["action", "add", "x", "--onwer", "sre"],
        "did you mean --owner? pm action add x --owner sre",
    );
    tip(
        &["action", "add", "x", "--onwer=sre"],
        "did you mean --owner? pm action add x --owner=sre",
    );
    assert_eq!(env.snapshot(), before);
}

/// A plain-text log whose lines start with a date and time is read as it
/// is; one in another shape (a day-first date) is refused with a jq
/// recipe that makes it JSON lines, and that recipe works as given.
#[test]
fn a_plain_text_log_gets_a_way_to_import_it() {
    let env = TestEnv::new();
    let id = env.new_pm("Checkout timeouts", "2026-11-26T09:00:00Z");
    let log = env.home().join("app.log");
    std::fs::write(
        &log,
        "2026-11-26 09:13:00,123 ERROR checkout: payment step timed out\n\
         2026-11-26 09:13:02,001 INFO checkout: retry\n\
         2026-11-26 09:14:00,500 ERROR checkout: gave up\n",
    )
    .unwrap();
    env.import_from(&id, &[log.to_str().unwrap()], &["--level", "error"])
        .ok()
        .stdout_has("Added 2 entries")
        .stderr_has("times without a UTC offset");
    let day_first = env.home().join("day-first.log");
    std::fs::write(
        &day_first,
        "26/11/2026 09:15:00 ERROR checkout: card network down\n\
         26/11/2026 09:15:30 INFO checkout: retry\n",
    )
    .unwrap();
    let run = env
        .import_from(&id, &[day_first.to_str().unwrap()], &["--level", "error"])
        .error(&[
            "no line is a log record pm can read",
            "uncompressed or compressed with gzip or zstd",
            "a plain-text log is read when its lines start with a date and time",
            "nothing was imported",
        ]);
    // The hint's command, as given (.ci/run installs jq).
    let hint = run
        .stderr
        .lines()
        .find(|l| l.contains("jq -R"))
        .unwrap()
        .to_string();
    let jq = hint[hint.find("jq -R").unwrap()..hint.find(" | pm").unwrap()]
        .replace("app.log", day_first.to_str().unwrap());
    let out = std::process::Command::new("sh")
        .arg("-c")
        .arg(&jq)
        .output()
        .expect("sh runs");
    assert!(
        out.status.success(),
        "{jq}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let lines = String::from_utf8(out.stdout).unwrap();
    env.pm_stdin(
        &["timeline", "import", &id, "--from", "-", "--level", "error"],
        &lines,
    )
    .ok()
    .stdout_has("Added 1 entry");
    let texts: Vec<String> = crate::logs::imported(&env, &id)
        .into_iter()
        .map(|e| e.1)
        .collect();
    assert_eq!(
        texts,
        [
            "ERROR checkout: payment step timed out",
            "ERROR checkout: gave up",
            "checkout: card network down"
        ]
    );
}

/// Hand-edit mistakes the parser words in its own terms, at the line where
/// it noticed: pm names the line with the mistake and what to write.
/// `pm show` and `pm lint` say the same.
#[test]
fn yaml_mistakes_are_named_at_their_line_with_the_fix() {
    let env = TestEnv::new();
    let id = env.new_pm("Cache stampede", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let good = env.read(&file);
    let line_of =
        |text: &str, needle: &str| text.lines().position(|l| l.contains(needle)).unwrap() + 1;
    let cases = [
        // A tab indenting the entry's second key: the parser points at
        // the line above, where the value it was reading started.
        (
            good.replace("\n    kind: impact-start", "\n\tkind: impact-start"),
            "\tkind: impact-start",
            1,
            "a tab in the indentation: YAML indents with spaces only",
        ),
        (
            good.replace("\ntitle: Cache stampede", "\ntitle:\tCache stampede"),
            "title:\tCache",
            7,
            "a tab where YAML takes only spaces",
        ),
        // A list never closed: the parser stops at the next key.
        (
            good.replace("\ntags: []", "\ntags: [a, b"),
            "tags: [a, b",
            7,
            "this `[` opens a list that is never closed: end it with `]`",
        ),
        (
            good.replace("\ntags: []", "\ntags: [a, \"b]\", [c]"),
            "tags: [a,",
            7,
            "this `[` opens a list that is never closed",
        ),
        (
            good.replace("\ntags: []", "\ntags: {team: sre"),
            "tags: {team",
            7,
            "this `{` opens a mapping that is never closed: end it with `}`",
        ),
    ];
    for (text, needle, column, message) in cases {
        assert_ne!(text, good, "{needle}");
        env.write(&file, &text);
        let line = line_of(&text, needle);
        env.pm(&["show", &id])
            .error(&[&format!("{file}:{line}:{column}: {message}")]);
        let lint = env.pm(&["lint", &id]).code(1);
        assert!(
            lint.stdout.contains(message)
                && lint.stdout.contains(&format!("{file}:{line}:{column}")),
            "{}",
            lint.stdout
        );
    }
    // A list in brackets over several lines is fine YAML.
    env.write(&file, &good.replace("\ntags: []", "\ntags: [a,\n  b]"));
    env.pm(&["show", &id]).ok().stdout_has("tags: a, b");
}

/// Blame warnings do not stop publishing, but pm names them; a team that
/// wants them settled first says so in pm.yaml (attack 56 published a
/// post-mortem holding a dozen blame warnings without a word).
#[test]
fn publishing_names_blame_warnings_and_a_team_can_make_them_stop_it() {
    let env = TestEnv::new();
    let id = env.new_pm("Checkout errors", "2026-11-26T09:00:00Z");
    complete(&env, &id);
    let file = env.file_of(&id);
    let text = env.read(&file).replace(
        "The on-call rolled back the config; recovery was immediate.",
        "The on-call rolled back the config. The vendor, StorSys, is to blame for the outage.",
    );
    env.write(&file, &text);
    env.git(&["commit", "-qam", "blame the vendor"]);
    // A warning: `pm lint` passes.
    env.pm(&["lint", &id]).ok().stdout_has("warning[culprit]");
    env.pm(&["status", &id, "review"]).ok();
    // The team asks for warnings to be settled before publishing.
    let config = env.read("pm.yaml") + "lint:\n  deny_on_publish: warnings\n";
    env.write("pm.yaml", &config);
    env.git(&["commit", "-qam", "deny warnings on publish"]);
    let before = env.read(&file);
    let commits = env.commits();
    env.pm(&["status", &id, "published"]).error(&[
        "not ready for status `published`",
        "1 blame warning",
        "lint.deny_on_publish",
        "warning[culprit]",
        "--force",
    ]);
    assert_eq!(env.read(&file), before);
    assert_eq!(env.commits(), commits);
    // A wrong value names the setting.
    env.write(
        "pm.yaml",
        &config.replace("deny_on_publish: warnings", "deny_on_publish: yes"),
    );
    env.pm(&["status", &id, "published"]).error(&[
        "pm.yaml:",
        "lint.deny_on_publish must be `warnings` or `errors`",
    ]);
    // By default the post-mortem moves on, and pm says what is left.
    env.write(
        "pm.yaml",
        &config.replace("  deny_on_publish: warnings\n", ""),
    );
    env.git(&["commit", "-qam", "default again"]);
    env.pm(&["status", &id, "published"])
        .ok()
        .stdout_has("review -> published")
        .stderr_has("1 blame warning left");
    env.assert_clean();
}

/// `pm timeline add --at 03:20` typed at 03:10 is yesterday's 03:20, as
/// `--started` is: pm says so, as it does for `pm new`, not only that the
/// entry is before impact started (session 35's newcomer run).
#[test]
fn an_entry_time_read_as_yesterday_is_said() {
    let mut env = TestEnv::new();
    env.set_now("2026-12-01T02:50:00Z");
    let id = env.new_pm("Night edge errors", "2026-12-01T02:40:00Z");
    env.set_now("2026-12-01T03:10:00Z");
    let run = env
        .pm(&["timeline", "add", "rollback done", "--at", "03:20", "--pm", &id, "--force"])
        .ok()
        .stderr_has(
            "note: --at 03:20 is later than now (03:10), so it was read as yesterday, 2026-11-30 03:20 in UTC; give a date to choose another day (--at 'YYYY-MM-DD HH:MM')",
        );
    assert!(run.stdout.contains("2026-11-30 03:20:00"), "{}", run.stdout);
    // Earlier today: nothing to say.
    let run = env
        .pm(&["timeline", "add", "paged", "--at", "03:05", "--pm", &id])
        .ok();
    assert!(!run.stderr.contains("yesterday"), "{}", run.stderr);
}

/// A newcomer's guesses that now work: `pm list --open` hides closed
/// post-mortems and `--status` takes several; `pm review --note` is
/// `--notes`; `pm due --format md` is Markdown, as in `pm render`.
#[test]
fn list_open_several_statuses_review_note_and_due_md() {
    let env = TestEnv::new();
    let open = env.new_pm("Checkout timeouts", "2026-11-20T09:00:00Z");
    let closed = env.new_pm("Search outage", "2026-11-21T09:00:00Z");
    let file = env.file_of(&closed);
    env.write(
        &file,
        &env.read(&file).replace("status: draft", "status: closed"),
    );
    let ids = |args: &[&str]| -> Vec<String> {
        let mut all = vec!["list", "--json"];
        all.extend_from_slice(args);
        let json = env.pm(&all).ok().json();
        json.as_array()
            .unwrap()
            .iter()
            .map(|p| p["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(ids(&["--open"]), std::slice::from_ref(&open));
    assert_eq!(ids(&["--status", "draft,closed"]).len(), 2);
    assert_eq!(
        ids(&["--status", "closed", "--status", "review"]),
        std::slice::from_ref(&closed)
    );
    env.pm(&["list", "--status", "draft,finished"])
        .error(&["--status `finished`", "--status draft,review"]);
    env.pm(&["list", "--open", "--status", "draft"]).code(2);
    env.pm(&["review", &open, "--note", "A1 on track"]).ok();
    assert!(env.read(&env.file_of(&open)).contains("A1 on track"));
    env.pm(&["due", "--format", "md"]).ok();
}

/// The due date an action item gets says where it came from: the
/// severity's own policy, or the default when pm.yaml names none for it
/// (it named "the policy for SEV4", which pm.yaml did not have); close's
/// refusal gives whole commands, no `...` to fill in.
#[test]
fn due_policy_and_close_hints_say_what_applies() {
    let env = TestEnv::new();
    let id = env.new_pm("Search outage", "2026-11-20T09:00:00Z");
    env.pm(&[
        "action",
        "add",
        "Add a bounds check",
        "--owner",
        "search team",
    ])
    .ok()
    .stdout_has("days after the incident, pm.yaml's action_due_days for SEV2");
    let file = env.file_of(&id);
    env.write(
        &file,
        &env.read(&file).replace("severity: SEV2", "severity: SEV4"),
    );
    env.git(&["commit", "-qam", "SEV4 after all"]);
    env.pm(&["action", "add", "Alert on zero results", "--owner", "search team"])
        .ok()
        .stdout_has(
            "60 days after the incident, action_due_days_default (pm.yaml's action_due_days names no SEV4)",
        );
    env.pm(&["close", &id]).error(&[&format!(
        "pm action drop {id}#A1 --reason \"why it will not be done\""
    )]);
}

/// `--help` and the manual pages are all a person with only the binary
/// has: they never send them to a file of pm's source tree
/// (`docs/commands.md`), and `pm timeline import --help` names the log
/// formats it reads, in words, where it sent them to that file. Every
/// subcommand's help, and every page `pm man` writes, is checked.
#[test]
fn help_and_manual_pages_never_point_at_files_of_pms_source_tree() {
    let env = TestEnv::new();
    let source_path = |text: &str| {
        [
            "docs/",
            "README",
            "commands.md",
            "lint-rules.md",
            "format.md",
            "src/",
        ]
        .into_iter()
        .find(|p| text.contains(p))
    };
    let mut todo = vec![Vec::<String>::new()];
    let mut seen = 0;
    while let Some(path) = todo.pop() {
        let mut args: Vec<&str> = path.iter().map(String::as_str).collect();
        args.push("--help");
        let help = env.pm(&args).ok().stdout;
        assert_eq!(source_path(&help), None, "pm {}:\n{help}", args.join(" "));
        seen += 1;
        for sub in subcommands(&help) {
            let mut next = path.clone();
            next.push(sub);
            todo.push(next);
        }
    }
    assert!(seen >= 30, "only {seen} help texts");
    let out = env.home().join("man");
    env.pm(&["man", "--out", out.to_str().unwrap()]).ok();
    for page in std::fs::read_dir(&out).unwrap() {
        let page = page.unwrap().path();
        let text = std::fs::read_to_string(&page).unwrap();
        assert_eq!(source_path(&text), None, "{}", page.display());
    }
    // The formats, in words: `-h` in short, `--help` and the page in full.
    let short = env.pm(&["timeline", "import", "-h"]).ok().stdout;
    assert!(short.contains("every format"), "{short}");
    let help = env.pm(&["timeline", "import", "--help"]).ok().stdout;
    let flat = help.split_whitespace().collect::<Vec<_>>().join(" ");
    let page = std::fs::read_to_string(out.join("pm-timeline-import.1")).unwrap();
    for format in [
        "Google Cloud Logging",
        "Datadog",
        "CloudWatch",
        "Loki",
        "Fluent Bit",
        "journalctl -o json",
        "docker compose logs",
        "Kubernetes events",
        "logfmt",
        "W3C",
    ] {
        assert!(flat.contains(format), "{format} not in:\n{help}");
        assert!(
            page.contains(format.split(' ').next().unwrap()),
            "{format} not in the page"
        );
    }
}

/// The subcommands a `--help` lists under "Commands:" (not `help`).
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .map(String::from)
        .collect()
}
