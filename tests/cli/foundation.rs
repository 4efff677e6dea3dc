//! pm init, new, list, show, edit, schema; the store and its commits.

use std::fs;

use std::os::unix::fs::symlink;

use crate::support::{TestEnv, is_symlink};

#[test]
fn first_five_minutes_from_the_readme() {
    let env = TestEnv::empty();
    env.pm(&["init"]).ok().stdout_has("Created a pm repository");
    assert_eq!(env.commits(), 1);
    env.pm(&[
        "new",
        "Checkout latency spike",
        "--severity",
        "SEV2",
        "--started",
        "2026-11-26T09:12:00Z",
        "--service",
        "checkout-api",
        "--no-edit",
    ])
    .ok()
    .stdout_has("Created 2026-11-26-checkout-latency-spike")
    .stdout_has("postmortems/2026/2026-11-26-checkout-latency-spike.yaml");
    assert_eq!(env.commits(), 2);
    env.assert_clean();
    let log = env.git(&["log", "--format=%s", "-1"]);
    assert_eq!(
        log.trim(),
        "pm: new 2026-11-26-checkout-latency-spike: Checkout latency spike"
    );
    let files = env.git(&["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(
        files.trim(),
        "postmortems/2026/2026-11-26-checkout-latency-spike.yaml"
    );

    let list = env.pm(&["list"]).ok();
    assert!(list.stdout.contains("2026-11-26-checkout-latency-spike"));
    assert!(list.stdout.contains("SEV2"));
    assert!(list.stdout.contains("draft"));
    for line in list.stdout.lines() {
        assert!(line.chars().count() <= 80, "wider than 80: {line:?}");
    }
    env.pm(&["show", "checkout"])
        .ok()
        .stdout_has("Checkout latency spike")
        .stdout_has("impact-start")
        .stdout_has("due 2026-12-10");

    // The file validates against the published schema.
    let schema: serde_json::Value =
        serde_json::from_str(include_str!("../../docs/postmortem.schema.json")).unwrap();
    let text = env.read("postmortems/2026/2026-11-26-checkout-latency-spike.yaml");
    let doc: serde_json::Value = yaml_serde::from_str(&text).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "schema errors: {errors:?}");
    // pm schema prints the same schema.
    let printed = env.pm(&["schema"]).ok().json();
    assert_eq!(printed, schema);
}

#[test]
fn init_twice_changes_nothing_and_says_so() {
    let env = TestEnv::new();
    let before = env.snapshot();
    env.pm(&["init"]).ok().stdout_has("already a pm repository");
    assert_eq!(env.commits(), 1);
    assert_eq!(before, env.snapshot());
    env.assert_clean();
}

#[test]
fn init_in_a_new_folder_and_inside_an_existing_repository() {
    let env = TestEnv::empty();
    env.pm(&["init", "sub/dir"]).ok();
    assert!(env.path("sub/dir/pm.yaml").is_file());
    assert!(env.path("sub/dir/.git").is_dir());

    // An existing git repository is used, not re-initialised, and other
    // staged work stays staged.
    let env = TestEnv::empty();
    env.git(&["init", "-q"]);
    env.write("notes.txt", "mine\n");
    env.git(&["add", "notes.txt"]);
    env.pm(&["init"]).ok();
    let staged = env.git(&["diff", "--cached", "--name-only"]);
    assert_eq!(staged.trim(), "notes.txt");
    let committed = env.git(&["show", "--name-only", "--format=", "HEAD"]);
    assert!(!committed.contains("notes.txt"));
    assert!(committed.contains("pm.yaml"));
}

#[test]
fn titles_are_quoted_and_ids_stay_in_their_folder() {
    let env = TestEnv::new();
    let title = "DB: failover # 2 'quoted' \"x\"";
    let id = env.new_pm(title, "2026-11-26T09:00:00Z");
    assert_eq!(id, "2026-11-26-db-failover-2-quoted-x");
    let shown = env.pm(&["show", &id, "--json"]).ok().json();
    assert_eq!(shown["title"], title);

    let id = env.new_pm("../../etc/passwd\u{7}", "2026-11-26T09:00:00Z");
    assert_eq!(id, "2026-11-26-etc-passwd");
    assert!(
        env.path("postmortems/2026/2026-11-26-etc-passwd.yaml")
            .is_file()
    );

    // The same title on the same day gets a numeric suffix.
    let again = env.new_pm("../../etc/passwd\u{7}", "2026-11-26T10:00:00Z");
    assert_eq!(again, "2026-11-26-etc-passwd-2");

    let long = "word ".repeat(80);
    let id = env.new_pm(&long, "2026-11-26T09:00:00Z");
    assert!(id.len() <= 11 + 48, "{id}");
    env.assert_clean();
}

#[test]
fn new_refuses_bad_input_and_writes_nothing() {
    let env = TestEnv::new();
    let before = env.snapshot();
    env.pm(&["new", "Outage", "--no-edit"])
        .error(&["--severity", "SEV1"]);
    env.pm(&["new", "--severity", "SEV2"]).error(&["title"]);
    env.pm(&["new", "Outage", "--severity", "SEV9"])
        .error(&["--severity", "SEV9"]);
    env.pm(&[
        "new",
        "Outage",
        "--severity",
        "SEV2",
        "--started",
        "2026-13-45",
    ])
    .error(&["--started", "2026-13-45"]);
    env.pm(&["new", "   ", "--severity", "SEV2"])
        .error(&["title"]);
    env.pm(&["new", "?!...", "--severity", "SEV2"])
        .error(&["no letters or digits"]);
    env.pm(&["new", "Outage", "--severity", "SEV2", "--template", "../x"])
        .error(&["--template"]);
    env.pm(&["new", "Outage", "--severity", "SEV2", "--template", "nope"])
        .error(&["--template", "nope"]);
    assert_eq!(before, env.snapshot());
    assert_eq!(env.commits(), 1);
}

#[test]
fn severity_is_matched_without_case_and_new_accepts_every_flag() {
    let env = TestEnv::new();
    env.pm(&[
        "new",
        "Queue backlog",
        "--severity",
        "sev3",
        "--started",
        "-2h",
        "--service",
        "queue",
        "--service",
        "billing",
        "--author",
        "Ana",
        "--tag",
        "capacity",
        "--no-edit",
    ])
    .ok();
    let json = env.pm(&["show", "queue", "--json"]).ok().json();
    assert_eq!(json["severity"], "SEV3");
    assert_eq!(json["services"], serde_json::json!(["queue", "billing"]));
    assert_eq!(json["authors"], serde_json::json!(["Ana"]));
    assert_eq!(json["tags"], serde_json::json!(["capacity"]));
    assert_eq!(json["timeline"][0]["at"], "2026-11-27T08:00:00Z");
    assert_eq!(json["date"], "2026-11-27");
}

#[test]
fn repository_is_found_by_flag_env_or_walking_up() {
    let env = TestEnv::new();
    env.new_pm("Disk full", "2026-11-26T09:00:00Z");
    // From a subfolder.
    let mut cmd = env.pm_cmd(&["list", "--json"]);
    cmd.current_dir(env.path("postmortems"));
    let run = env.run_cmd(cmd, None, &["list"]).ok();
    assert!(run.stdout.contains("disk-full"));
    // From elsewhere with --repo and PM_REPO.
    let repo = env.repo.to_str().unwrap().to_string();
    let mut cmd = env.pm_cmd(&["--repo", &repo, "list", "--json"]);
    cmd.current_dir(env.home());
    env.run_cmd(cmd, None, &["list"])
        .ok()
        .stdout_has("disk-full");
    let mut cmd = env.pm_cmd(&["list", "--json"]);
    cmd.current_dir(env.home()).env("PM_REPO", &repo);
    env.run_cmd(cmd, None, &["list"])
        .ok()
        .stdout_has("disk-full");
    // Nowhere: the message says what to do.
    let mut cmd = env.pm_cmd(&["list"]);
    cmd.current_dir(env.home());
    env.run_cmd(cmd, None, &["list"])
        .error(&["pm init", "--repo"]);
    env.pm(&["--repo", "/does/not/exist", "list"])
        .error(&["/does/not/exist"]);
}

#[test]
fn ids_resolve_by_prefix_or_substring_and_ambiguity_lists_candidates() {
    let env = TestEnv::new();
    env.new_pm("Checkout latency spike", "2026-11-26T09:00:00Z");
    env.new_pm("Checkout errors", "2026-11-20T09:00:00Z");
    env.pm(&["show", "latency"])
        .ok()
        .stdout_has("Checkout latency spike");
    env.pm(&["show", "2026-11-20"])
        .ok()
        .stdout_has("Checkout errors");
    let run = env.pm(&["show", "checkout"]).error(&["matches 2"]);
    assert!(run.stderr.contains("2026-11-26-checkout-latency-spike"));
    assert!(run.stderr.contains("2026-11-20-checkout-errors"));
    env.pm(&["show", "nothing-like-this"])
        .error(&["nothing-like-this", "pm list"]);
}

#[test]
fn list_filters_and_json() {
    let env = TestEnv::new();
    env.new_pm("Old outage", "2025-03-01T09:00:00Z");
    env.pm(&[
        "new",
        "Minor blip",
        "--severity",
        "SEV4",
        "--tag",
        "dns",
        "--no-edit",
    ])
    .ok();
    let all = env.pm(&["list", "--json"]).ok().json();
    assert_eq!(all.as_array().unwrap().len(), 2);
    // Newest first.
    assert_eq!(all[0]["id"], "2026-11-27-minor-blip");
    let sev4 = env
        .pm(&["list", "--severity", "SEV4", "--json"])
        .ok()
        .json();
    assert_eq!(sev4.as_array().unwrap().len(), 1);
    let tagged = env.pm(&["list", "--tag", "dns", "--json"]).ok().json();
    assert_eq!(tagged[0]["title"], "Minor blip");
    let since = env
        .pm(&["list", "--since", "2026-01-01", "--json"])
        .ok()
        .json();
    assert_eq!(since.as_array().unwrap().len(), 1);
    let svc = env
        .pm(&["list", "--service", "checkout-api", "--json"])
        .ok()
        .json();
    assert_eq!(svc[0]["title"], "Old outage");
    env.pm(&["list", "--status", "drafty"]).error(&["--status"]);
    env.pm(&["list", "--since", "2026-13-45"])
        .error(&["--since"]);
}

#[test]
fn a_broken_file_is_reported_with_its_position_and_never_hides_the_rest() {
    let env = TestEnv::new();
    let id = env.new_pm("Good one", "2026-11-26T09:00:00Z");
    env.write(
        "postmortems/2026/2026-11-25-bad.yaml",
        "pm: 1\nid: x\ntitle: [unclosed\nstatus: draft\n",
    );
    env.pm(&["show", "2026-11-25-bad"])
        .error(&["postmortems/2026/2026-11-25-bad.yaml:"]);
    let list = env.pm(&["list", "--json"]).ok();
    assert!(
        list.stderr.contains("2026-11-25-bad.yaml:"),
        "{}",
        list.stderr
    );
    assert_eq!(list.json().as_array().unwrap().len(), 1);
    env.pm(&["show", &id]).ok();
}

#[test]
fn non_utf8_and_wrong_types_are_clear_errors() {
    let env = TestEnv::new();
    env.write("postmortems/2026/placeholder", "");
    std::fs::write(
        env.path("postmortems/2026/2026-11-01-bin.yaml"),
        b"pm: 1\ntitle: \xff\xfe\n",
    )
    .unwrap();
    env.pm(&["show", "bin"])
        .error(&["2026-11-01-bin.yaml:2:", "UTF-8"]);
    env.write(
        "postmortems/2026/2026-11-02-types.yaml",
        "pm: 1\nid: 2026-11-02-types\ntitle: t\nstatus: draft\nseverity: SEV2\ndate: 2026-11-02\ntimeline: not a list\n",
    );
    env.pm(&["show", "types"])
        .error(&["2026-11-02-types.yaml:7:", "timeline"]);
}

#[test]
fn commits_touch_only_pm_files_and_leave_other_work_alone() {
    let env = TestEnv::new();
    let id = env.new_pm("Cache stampede", "2026-11-26T09:00:00Z");
    env.write("staged.txt", "staged\n");
    env.git(&["add", "staged.txt"]);
    env.write("pm.yaml", &(env.read("pm.yaml") + "# my local note\n"));
    env.pm(&[
        "timeline",
        "add",
        "Cache hit rate fell",
        "--kind",
        "detected",
        "--at",
        "09:30",
    ])
    .ok();
    let files = env.git(&["show", "--name-only", "--format=", "HEAD"]);
    assert_eq!(files.trim(), env.file_of(&id));
    let status = env.git(&["status", "--porcelain"]);
    assert!(status.contains("A  staged.txt"), "{status}");
    assert!(status.contains(" M pm.yaml"), "{status}");
    assert!(!status.contains(&id), "{status}");
}

#[test]
fn no_commit_and_autocommit_off_write_without_committing() {
    let env = TestEnv::new();
    env.pm(&[
        "--no-commit",
        "new",
        "Quiet",
        "--severity",
        "SEV3",
        "--no-edit",
    ])
    .ok()
    .stderr_has("not committed");
    assert_eq!(env.commits(), 1);
    assert!(env.git(&["status", "--porcelain"]).contains("postmortems/"));

    let env = TestEnv::new();
    env.write(
        "pm.yaml",
        &env.read("pm.yaml")
            .replace("autocommit: true", "autocommit: false"),
    );
    env.git(&["commit", "-qam", "autocommit off"]);
    env.pm(&["new", "Quiet", "--severity", "SEV3", "--no-edit"])
        .ok();
    assert_eq!(env.commits(), 2);
}

#[test]
fn missing_identity_is_explained_and_nothing_is_written() {
    let env = TestEnv::new();
    std::fs::write(env.home().join("gitconfig"), "").unwrap();
    let before = env.snapshot();
    env.pm_with(
        &["new", "No identity", "--severity", "SEV2", "--no-edit"],
        &[("EMAIL", "")],
    )
    .error(&["user.name", "git config"]);
    assert_eq!(before, env.snapshot());
    // Git's own variables are honoured.
    env.pm_with(
        &[
            "new",
            "With env identity",
            "--severity",
            "SEV2",
            "--no-edit",
        ],
        &[
            ("GIT_AUTHOR_NAME", "Env Person"),
            ("GIT_AUTHOR_EMAIL", "env@example.com"),
        ],
    )
    .ok();
    assert_eq!(
        env.git(&["log", "-1", "--format=%an <%ae>"]).trim(),
        "Env Person <env@example.com>"
    );
}

#[test]
fn gpgsign_commits_through_git_and_are_signed() {
    let env = TestEnv::new();
    let gpg = env.home().join("fake-gpg");
    std::fs::write(
        &gpg,
        "#!/bin/sh\ncat >/dev/null\necho '[GNUPG:] SIG_CREATED D 1 8 00 1 X' >&2\nprintf -- '-----BEGIN PGP SIGNATURE-----\\n\\nZmFrZQ==\\n-----END PGP SIGNATURE-----\\n'\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&gpg, std::fs::Permissions::from_mode(0o755)).unwrap();
    env.git(&["config", "commit.gpgsign", "true"]);
    env.git(&["config", "gpg.program", gpg.to_str().unwrap()]);
    env.git(&["config", "user.signingkey", "X"]);
    env.write("staged.txt", "x\n");
    env.git(&["add", "staged.txt"]);
    env.new_pm("Signed one", "2026-11-26T09:00:00Z");
    let head = env.git(&["cat-file", "-p", "HEAD"]);
    assert!(head.contains("gpgsig"), "{head}");
    assert!(
        env.git(&["status", "--porcelain"])
            .contains("A  staged.txt")
    );
}

#[test]
fn edit_validates_before_committing_and_keeps_the_persons_text() {
    let env = TestEnv::new();
    let id = env.new_pm("Edited", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let commits = env.commits();
    let script = env.home().join("editor.sh");
    use std::os::unix::fs::PermissionsExt;
    // An editor that writes a summary.
    std::fs::write(
        &script,
        "#!/bin/sh\nsed -i 's/^summary:$/summary: Checkout was slow for 20 minutes./' \"$1\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    env.pm_with(&["edit", &id], &[("EDITOR", script.to_str().unwrap())])
        .ok()
        .stdout_has("Saved");
    assert_eq!(env.commits(), commits + 1);
    assert!(
        env.read(&file)
            .contains("summary: Checkout was slow for 20 minutes.")
    );
    assert_eq!(
        env.git(&["log", "-1", "--format=%s"]).trim(),
        format!("pm: edit {id}: hand edit")
    );

    // An editor that breaks the YAML: nothing committed, the text kept.
    std::fs::write(&script, "#!/bin/sh\necho 'timeline: [oops' >> \"$1\"\n").unwrap();
    let before = env.read(&file);
    let run = env
        .pm_with(&["edit", &id], &[("EDITOR", script.to_str().unwrap())])
        .error(&["not saved"]);
    // The error points at the draft the person is editing.
    assert!(
        run.stderr.contains(&format!(".git/pm/drafts/{id}.yaml:")),
        "{}",
        run.stderr
    );
    assert_eq!(env.read(&file), before);
    assert_eq!(env.commits(), commits + 1);
    let draft = env.path(&format!(".git/pm/drafts/{id}.yaml"));
    assert!(
        std::fs::read_to_string(&draft)
            .unwrap()
            .contains("timeline: [oops")
    );

    // The next edit resumes from the kept text; fixing it saves it.
    std::fs::write(
        &script,
        "#!/bin/sh\nsed -i 's/^timeline: \\[oops$/# fixed/' \"$1\"\n",
    )
    .unwrap();
    env.pm_with(&["edit", &id], &[("EDITOR", script.to_str().unwrap())])
        .ok()
        .stderr_has("resuming");
    assert!(env.read(&file).contains("# fixed"));
    assert!(!draft.exists());
    env.assert_clean();

    // No change: no commit.
    env.pm_with(&["edit", &id], &[("EDITOR", "true")])
        .ok()
        .stdout_has("No changes");
    assert_eq!(env.commits(), commits + 2);
}

#[test]
fn hand_written_file_with_comments_odd_indentation_and_crlf_survives_edits() {
    let env = TestEnv::new();
    let original = [
        "# Hand written; keep this comment.",
        "pm: 1",
        "id: 2026-11-20-hand",
        "title:   'Hand: written'   # odd spacing",
        "status: draft",
        "severity: SEV2",
        "date: 2026-11-20",
        "summary: >",
        "    Folded text",
        "    over two lines.",
        "",
        "timeline:",
        "    -   at: 2026-11-20T10:00:00Z",
        "        kind: impact-start",
        "        text: |",
        "            Literal",
        "              indented",
        "",
        "    # between entries",
        "    -   at: 2026-11-20T11:00:00Z",
        "        kind: resolved",
        "        text: fixed",
        "custom_key: {kept: true}   # unknown keys stay",
        "action_items:",
        "- id: A1",
        "  title: Existing",
        "  owner: ops",
        "  due: 2026-12-01",
        "  status: open",
        "",
    ]
    .join("\r\n");
    let file = "postmortems/2026/2026-11-20-hand.yaml";
    env.write(file, &original);
    env.git(&["add", "."]);
    env.git(&["commit", "-qm", "hand written"]);

    env.pm(&[
        "timeline",
        "add",
        "Alert fired",
        "--pm",
        "hand",
        "--kind",
        "detected",
        "--at",
        "2026-11-20T10:20:00Z",
    ])
    .ok();
    env.pm(&[
        "action",
        "add",
        "Add a canary",
        "--pm",
        "hand",
        "--owner",
        "platform",
        "--due",
        "2026-12-15",
    ])
    .ok();
    env.pm(&["action", "done", "hand#A1", "--note", "shipped"])
        .ok();
    let after = env.read(file);
    let expected = [
        "# Hand written; keep this comment.",
        "pm: 1",
        "id: 2026-11-20-hand",
        "title:   'Hand: written'   # odd spacing",
        "status: draft",
        "severity: SEV2",
        "date: 2026-11-20",
        "summary: >",
        "    Folded text",
        "    over two lines.",
        "",
        "timeline:",
        "    -   at: 2026-11-20T10:00:00Z",
        "        kind: impact-start",
        "        text: |",
        "            Literal",
        "              indented",
        "",
        "    -   at: 2026-11-20T10:20:00Z",
        "        kind: detected",
        "        text: Alert fired",
        "    # between entries",
        "    -   at: 2026-11-20T11:00:00Z",
        "        kind: resolved",
        "        text: fixed",
        "custom_key: {kept: true}   # unknown keys stay",
        "action_items:",
        "- id: A1",
        "  title: Existing",
        "  owner: ops",
        "  due: 2026-12-01",
        "  status: done",
        "  closed: 2026-11-27",
        "  note: shipped",
        "- id: A2",
        "  title: Add a canary",
        "  owner: platform",
        "  due: 2026-12-15",
        "  status: open",
        "",
    ]
    .join("\r\n");
    assert_eq!(after, expected);
    env.assert_clean();
}

#[test]
fn help_and_version_exit_zero_and_usage_errors_exit_two() {
    let env = TestEnv::empty();
    env.pm(&["--help"]).ok().stdout_has("post-mortems");
    env.pm(&["--version"]).ok().stdout_has("pm ");
    let run = env.pm(&["frobnicate"]).code(2);
    assert!(run.stderr.contains("frobnicate"));
}

#[test]
fn completions_are_printed_without_a_repository() {
    let env = TestEnv::empty();
    let bash = env.pm(&["completions", "bash"]).ok();
    assert!(
        bash.stdout.contains("_clap_complete_pm()")
            && bash.stdout.contains("-F _clap_complete_pm pm")
    );
    env.pm(&["completions", "fish"])
        .ok()
        .stdout_has("complete --keep-order --exclusive --command pm");
    env.pm(&["completions", "tcsh"]).code(2);
}

#[test]
fn pm_now_must_be_rfc3339() {
    let env = TestEnv::new();
    env.pm_with(
        &["new", "x", "--severity", "SEV2"],
        &[("PM_NOW", "yesterday")],
    )
    .error(&["PM_NOW"]);
}

/// A clock at the end of the years pm handles (PM_NOW set in a test and
/// forgotten) makes `pm due`'s default window leave them: the error names
/// the clock, not a `--within` the person never gave.
#[test]
fn a_clock_at_the_end_of_time_is_named_not_the_default_window() {
    let env = TestEnv::new();
    env.new_pm("Late", "2026-11-26T09:00:00Z");
    let run = env
        .pm_with(&["due"], &[("PM_NOW", "9999-12-31T23:59:59Z")])
        .error(&["the clock is out of range", "PM_NOW=`9999-12-31T23:59:59Z`"]);
    assert!(run.stderr.contains("unset PM_NOW"), "{}", run.stderr);
    // A window too long from an ordinary day is still the flag's.
    env.pm(&["due", "--within", "9000y"])
        .error(&["--within `9000y` is out of range"]);
}

/// A clock whose now is outside the years pm handles in the repository's
/// zone (the year 0 west of UTC, the year 10000 east of it) is refused by
/// every command alike, naming the clock, with nothing written: `pm action
/// done` and `pm review` wrote `0000-12-31`, and `pm due --json` showed
/// it as today (session 35's attacks).
#[test]
fn a_clock_outside_the_years_in_the_zone_is_refused_by_every_command() {
    let env = TestEnv::new();
    let id = env.new_pm("Edge", "2026-11-26T09:00:00Z");
    env.add_action(&id, "fix", "o", "2026-12-01");
    for (zone, now, shown) in [
        ("-12:00", "0001-01-01T05:00:00Z", "0000-12-31"),
        ("+14:00", "9999-12-31T20:00:00Z", "+10000-01-01"),
    ] {
        let config = env.read("pm.yaml");
        let line = config.lines().find(|l| l.starts_with("timezone:")).unwrap();
        env.write(
            "pm.yaml",
            &config.replace(line, &format!("timezone: \"{zone}\"")),
        );
        env.git(&["commit", "-qam", "zone"]);
        let before = env.snapshot();
        for args in [
            vec!["action", "done", "A1", "--pm", &id],
            vec!["review", &id],
            vec!["timeline", "add", "x", "--pm", &id],
            vec!["due", "--json"],
            vec!["stats", "--json"],
            vec!["list"],
        ] {
            let run = env.pm_with(&args, &[("PM_NOW", now)]).error(&[
                "the clock is out of range",
                &format!("PM_NOW=`{now}`"),
                shown,
            ]);
            assert!(!run.stdout.contains(shown), "{args:?}: {}", run.stdout);
        }
        assert_eq!(before, env.snapshot(), "{zone}");
    }
}

/// A draft grown past the 8 MB a post-mortem may hold is refused, and the
/// message says where the text is kept: nothing typed is lost.
#[test]
fn an_edit_draft_too_large_says_where_it_is_kept() {
    let env = TestEnv::new();
    let id = env.new_pm("Big edit", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let before = env.read(&file);
    let editor = editor_script(
        &env,
        "grow.sh",
        "head -c 9000000 /dev/zero | tr '\\0' 'x' >> \"$1\"",
    );
    let run = env
        .pm_with(&["edit", &id], &[("EDITOR", &editor)])
        .error(&["larger than the 8 MB"]);
    let draft = format!(".git/pm/drafts/{id}.yaml");
    assert!(
        run.stderr
            .contains("your edit was not saved; its text is kept in")
            && run.stderr.contains(&draft),
        "{}",
        run.stderr
    );
    assert!(std::fs::metadata(env.path(&draft)).unwrap().len() > 9_000_000);
    assert_eq!(env.read(&file), before);
}

pub(crate) fn editor_script(env: &TestEnv, name: &str, body: &str) -> String {
    use std::os::unix::fs::PermissionsExt;
    let path = env.home().join(name);
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
    path.to_str().unwrap().to_string()
}

#[test]
fn edit_merges_changes_made_while_the_editor_was_open() {
    let env = TestEnv::new();
    let id = env.new_pm("Merge me", "2026-11-26T09:00:00Z");
    let bin = env!("CARGO_BIN_EXE_pm");
    // Someone adds a timeline entry while this person writes the summary.
    let editor = editor_script(
        &env,
        "merge.sh",
        &format!(
            "{bin} timeline add 'added meanwhile' --pm {id} --at 2026-11-26T09:30:00Z >/dev/null\nsed -i 's/^summary:$/summary: Written in the editor./' \"$1\""
        ),
    );
    env.pm_with(&["edit", &id], &[("EDITOR", &editor)])
        .ok()
        .stderr_has("merged");
    let text = env.read(&env.file_of(&id));
    assert!(text.contains("summary: Written in the editor."), "{text}");
    assert!(text.contains("added meanwhile"), "{text}");
    env.assert_clean();
}

#[test]
fn overlapping_changes_are_kept_with_conflict_markers_until_resolved() {
    let env = TestEnv::new();
    let id = env.new_pm("Conflict", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let bin = env!("CARGO_BIN_EXE_pm");
    let editor = editor_script(
        &env,
        "clash.sh",
        &format!(
            "{bin} status {id} review --force >/dev/null 2>&1\nsed -i 's/^status: draft$/status: published/' \"$1\""
        ),
    );
    env.pm_with(&["edit", &id], &[("EDITOR", &editor)])
        .error(&["changed while you were editing", "conflict markers"]);
    assert!(
        env.read(&file).contains("status: review"),
        "the other change stays on disk"
    );
    let draft = std::fs::read_to_string(env.path(&format!(".git/pm/drafts/{id}.yaml"))).unwrap();
    assert!(
        draft.contains("<<<<<<<")
            && draft.contains("status: published")
            && draft.contains("status: review"),
        "{draft}"
    );
    // Resolve by keeping this person's side.
    let resolve = editor_script(
        &env,
        "resolve.sh",
        "awk '/^<<<<<<< /{s=1;next} /^=======/{s=2;next} /^>>>>>>> /{s=0;next} s!=2{print}' \"$1\" > \"$1.tmp\" && mv \"$1.tmp\" \"$1\"",
    );
    env.pm_with(&["edit", &id], &[("EDITOR", &resolve)])
        .ok()
        .stdout_has("Saved");
    assert!(env.read(&file).contains("status: published"));
    env.assert_clean();
}

#[test]
fn a_repository_template_overrides_the_built_in_one() {
    let env = TestEnv::new();
    env.write(
        ".pm/templates/default.yaml.tera",
        "# Our team's template for {{ title }}\npm: 1\nid: {{ id }}\ntitle: {{ yaml.title }}\nstatus: draft\nseverity: {{ yaml.severity }}\ndate: {{ date }}\ncustomer_comms:\n  # Who told customers, and when?\n",
    );
    env.write(
        ".pm/templates/security.yaml.tera",
        "pm: 1\nid: {{ id }}\ntitle: {{ yaml.title }}\nstatus: draft\nseverity: {{ yaml.severity }}\ndate: {{ date }}\ntags: [security]\n",
    );
    let id = env.new_pm("Team template: yes", "2026-11-26T09:00:00Z");
    let text = env.read(&env.file_of(&id));
    assert!(
        text.starts_with("# Our team's template for Team template: yes\n"),
        "{text}"
    );
    assert!(text.contains("customer_comms:"));
    env.pm(&[
        "new",
        "Token leak",
        "--severity",
        "SEV1",
        "--template",
        "security",
        "--no-edit",
    ])
    .ok();
    let json = env.pm(&["show", "token-leak", "--json"]).ok().json();
    assert_eq!(json["tags"], serde_json::json!(["security"]));
    // A template that does not make a valid post-mortem writes nothing.
    env.write(
        ".pm/templates/broken.yaml.tera",
        "pm: 1\ntitle: {{ title }\n",
    );
    env.pm(&[
        "new",
        "Broken",
        "--severity",
        "SEV2",
        "--template",
        "broken",
    ])
    .error(&["template `broken`"]);
    // A failure while rendering is said in words, not a debug dump.
    env.write(
        ".pm/templates/undef.yaml.tera",
        "pm: 1\nid: {{ id }}\ntitle: {{ nothing_here }}\n",
    );
    let run = env
        .pm(&["new", "Undef", "--severity", "SEV2", "--template", "undef"])
        .error(&["template `undef` failed", "nothing_here"]);
    assert!(!run.stderr.contains("Error {"), "{}", run.stderr);
    // A template that never finishes is stopped, the lock released and
    // nothing written (a seventh attack's template ran until killed).
    env.write(
        ".pm/templates/endless.yaml.tera",
        "pm: 1\n{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}\n",
    );
    let before = env.snapshot();
    env.pm(&[
        "new",
        "Endless",
        "--severity",
        "SEV2",
        "--template",
        "endless",
    ])
    .code(2)
    .error(&["template `endless` did not finish rendering in 5 seconds"]);
    assert_eq!(env.snapshot(), before);
    env.pm(&["new", "After", "--severity", "SEV2", "--no-edit"])
        .ok();
    env.write(".pm/templates/invalid.yaml.tera", "pm: 1\nid: {{ id }}\n");
    env.pm(&[
        "new",
        "Invalid",
        "--severity",
        "SEV2",
        "--template",
        "invalid",
    ])
    .error(&["template `invalid`", "nothing was written"]);
}

#[test]
fn configured_timeline_kinds_and_time_zone_are_used() {
    let env = TestEnv::new();
    let config = env
        .read("pm.yaml")
        .replace("timeline_kinds: []", "timeline_kinds: [escalated, comms]")
        .replace("timezone: UTC", "timezone: America/New_York");
    env.write("pm.yaml", &config);
    env.git(&["commit", "-qam", "config"]);
    env.new_pm("Kinds", "2026-11-26T14:00:00Z");
    env.pm(&[
        "timeline",
        "add",
        "Paged the vendor",
        "--kind",
        "escalated",
        "--at",
        "09:30",
    ])
    .ok();
    let json = env.pm(&["timeline", "list", "--json"]).ok().json();
    let last = &json["entries"].as_array().unwrap()[1];
    assert_eq!(last["kind"], "escalated");
    assert_eq!(last["at"], "2026-11-26T09:30:00-05:00");
    assert_eq!(json["entries"][0]["at"], "2026-11-26T09:00:00-05:00");
    env.write(
        "pm.yaml",
        &config.replace("America/New_York", "Mars/Olympus"),
    );
    env.pm(&["list"]).error(&["timezone", "Mars/Olympus"]);
}

/// `pm edit` saves any valid post-mortem, and says at once what `pm lint`
/// would say of it (a severity pm.yaml does not know, blame in the prose),
/// errors first, rather than leaving it to CI.
#[test]
fn edit_reports_what_lint_finds_in_the_saved_file() {
    use std::os::unix::fs::PermissionsExt;
    let env = TestEnv::new();
    let id = env.new_pm("Edited", "2026-11-26T09:00:00Z");
    let script = env.home().join("editor.sh");
    std::fs::write(
        &script,
        "#!/bin/sh\nsed -i -e 's/^severity: SEV2$/severity: CRITICAL/' -e 's/^summary:$/summary: Bob should have checked the cert expiry./' \"$1\"\n",
    )
    .unwrap();
    std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
    let run = env
        .pm_with(&["edit", &id], &[("EDITOR", script.to_str().unwrap())])
        .ok()
        .stdout_has("Saved");
    assert!(
        run.stderr
            .contains(&format!("`pm lint {id}` reports 1 error and 3 warnings"))
            && run.stderr.contains("error[counterfactual]")
            && run.stderr.contains("warning[unknown-severity]"),
        "{}",
        run.stderr
    );
    let error_at = run.stderr.find("error[").unwrap();
    assert!(
        error_at < run.stderr.find("warning[").unwrap(),
        "{}",
        run.stderr
    );
}

#[test]
fn new_without_prompts_names_you_as_the_author() {
    let env = TestEnv::new();
    // Not a terminal: no prompt, git's user.name is the author.
    env.pm(&["new", "Queue backlog", "--severity", "SEV3", "--no-edit"])
        .ok();
    let json = env.pm(&["show", "queue", "--json"]).ok().json();
    assert_eq!(json["authors"], serde_json::json!(["Test Responder"]));
    // --author names others instead (repeatable); `--author -` none.
    env.pm(&[
        "new",
        "Cache stampede",
        "-s",
        "SEV3",
        "--author",
        "Ana",
        "--author",
        "Bo",
        "--no-edit",
    ])
    .ok();
    let json = env.pm(&["show", "cache", "--json"]).ok().json();
    assert_eq!(json["authors"], serde_json::json!(["Ana", "Bo"]));
    env.pm(&[
        "new",
        "Disk full",
        "-s",
        "SEV3",
        "--author",
        "-",
        "--no-edit",
    ])
    .ok();
    let json = env.pm(&["show", "disk", "--json"]).ok().json();
    assert_eq!(json["authors"], serde_json::json!([]));
    let before = env.snapshot();
    env.pm(&[
        "new",
        "Both",
        "-s",
        "SEV3",
        "--author",
        "-",
        "--author",
        "Ana",
        "--no-edit",
    ])
    .error(&["--author - means no authors"]);
    assert_eq!(before, env.snapshot());
}

#[test]
fn new_without_a_git_identity_leaves_authors_empty_quietly() {
    let env = TestEnv::new();
    std::fs::write(env.home().join("gitconfig"), "").unwrap();
    let run = env
        .pm_with(
            &[
                "--no-commit",
                "new",
                "Queue backlog",
                "-s",
                "SEV3",
                "--no-edit",
            ],
            &[("EMAIL", "")],
        )
        .ok();
    assert!(!run.stderr.contains("author"), "{}", run.stderr);
    assert!(!run.stderr.contains("warning"), "{}", run.stderr);
    let json = env.pm(&["show", "queue", "--json"]).ok().json();
    assert_eq!(json["authors"], serde_json::json!([]));
}

/// Every entry of a folder, by name, sorted: "nothing was changed" means
/// this list is the same after the command as before it.
fn names(dir: &std::path::Path) -> Vec<String> {
    let mut out: Vec<String> = fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    out.sort();
    out
}

#[test]
fn init_never_reads_or_commits_a_symlinked_gitattributes() {
    let env = TestEnv::empty();
    env.git(&["init", "-q"]);
    env.git(&["commit", "-q", "--allow-empty", "-m", "first"]);
    let secret = env.home().join("secret.txt");
    fs::write(&secret, "SECRET-KEY=abc123\n").unwrap();
    symlink(&secret, env.path(".gitattributes")).unwrap();

    // $ pm init
    env.pm(&["init"]).error(&[
        ".gitattributes is a symlink",
        "does not follow symlinks",
        "nothing was changed",
    ]);
    assert!(
        is_symlink(&env.path(".gitattributes")),
        "the link stays a link"
    );
    assert_eq!(env.commits(), 1, "nothing was committed");
    assert!(!env.path("pm.yaml").exists());
    assert!(!env.path("postmortems").exists());
    assert_eq!(fs::read_to_string(&secret).unwrap(), "SECRET-KEY=abc123\n");

    // An existing pm repository whose committed .gitattributes became a
    // symlink: re-installing the merge driver refuses the same way.
    fs::remove_file(env.path(".gitattributes")).unwrap();
    env.pm(&["init"]).ok();
    fs::remove_file(env.path(".gitattributes")).unwrap();
    symlink(&secret, env.path(".gitattributes")).unwrap();
    env.git(&["add", ".gitattributes"]);
    env.git(&["commit", "-q", "-m", "attributes elsewhere"]);
    let commits = env.commits();
    env.pm(&["init"])
        .error(&[".gitattributes is a symlink", "nothing was changed"]);
    assert_eq!(env.commits(), commits);
    assert!(is_symlink(&env.path(".gitattributes")));
    let committed = env.git(&["show", "HEAD:.gitattributes"]);
    assert!(!committed.contains("SECRET"), "{committed}");
}

#[test]
fn a_failed_init_leaves_no_git_folder_behind() {
    // No git identity: refused before anything stays behind.
    let env = TestEnv::empty();
    env.pm_with(&["init"], &[("GIT_CONFIG_GLOBAL", "/dev/null")])
        .error(&["no identity", "pm init --no-commit", "nothing was changed"])
        .stderr_has("user.email");
    assert!(names(&env.repo).is_empty(), "{:?}", names(&env.repo));
    // The hint it gives works.
    env.pm_with(
        &["init", "--no-commit"],
        &[("GIT_CONFIG_GLOBAL", "/dev/null")],
    )
    .ok();
    assert!(env.path("pm.yaml").is_file());

    // pm.yaml is a folder.
    let env = TestEnv::empty();
    fs::create_dir(env.path("pm.yaml")).unwrap();
    env.pm(&["init"])
        .error(&["pm.yaml is a folder", "nothing was changed"]);
    assert_eq!(names(&env.repo), ["pm.yaml"]);

    // postmortems is a symlink.
    let env = TestEnv::empty();
    symlink(env.home(), env.path("postmortems")).unwrap();
    env.pm(&["init"])
        .error(&["postmortems is a symlink", "nothing was changed"]);
    assert_eq!(names(&env.repo), ["postmortems"]);

    // A new folder given to init is not left behind either.
    let env = TestEnv::empty();
    env.pm_with(
        &["init", "new/deep/dir"],
        &[("GIT_CONFIG_GLOBAL", "/dev/null")],
    )
    .error(&["no identity"]);
    assert!(!env.path("new").exists());

    // Inside git's own folder.
    let env = TestEnv::empty();
    env.git(&["init", "-q"]);
    let before = names(&env.path(".git"));
    env.pm(&["init", ".git"])
        .error(&["inside git's own folder", "nothing was changed"]);
    assert_eq!(names(&env.path(".git")), before);
}

/// fix38: the pm.yaml `pm init` writes points its reader at what they
/// have: pm's documentation by name, and commands that answer here, never
/// at `docs/...` paths of pm's source, which their repository lacks.
#[test]
fn init_pm_yaml_points_at_what_the_user_has() {
    let env = TestEnv::new();
    let config = env.read("pm.yaml");
    assert!(!config.contains("docs/"), "{config}");
    assert!(!config.contains("pm's source"), "{config}");
    assert!(config.contains("in pm's documentation"), "{config}");
    // The command it names for sharing commits is there and explains it.
    assert!(config.contains("(`pm sync --help`)"), "{config}");
    env.pm(&["sync", "--help"])
        .ok()
        .stdout_has("Bring in what others pushed");
    // The rule ids it speaks of are printed in brackets by `pm lint`.
    assert!(
        config.contains("a rule's id is pm lint's [name]"),
        "{config}"
    );
    let id = env.new_pm("Checkout latency spike", "2026-11-26T09:12:00Z");
    let file = env.file_of(&id);
    env.write(
        &file,
        &env.read(&file).replace(
            "status: draft",
            "status: draft\nsummary: Bob should have checked the deploy.",
        ),
    );
    let lint = env.pm(&["lint", &id]).stdout;
    assert!(
        lint.contains("warning[") || lint.contains("error["),
        "{lint}"
    );
}
