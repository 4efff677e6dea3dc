//! Ids from titles in any script, and `pm new --id`.

use crate::support::TestEnv;

/// Issue 10 item 12: Cyrillic, Japanese and Arabic titles were refused as
/// having "no letters or digits", and `Ǆemal łódź` became `emal-od`.
#[test]
fn titles_in_any_script_give_readable_ids() {
    let env = TestEnv::new();
    for (title, want) in [
        ("Сбой базы данных", Some("2026-11-27-sboi-bazy-dannykh")),
        ("Ǆemal łódź", Some("2026-11-27-dzemal-lodz")),
        ("日本語のタイトル", None),
        ("فشل قاعدة البيانات", None),
    ] {
        let run = env.pm(&["new", title, "-s", "SEV2", "--no-edit"]).ok();
        let id = run.created_id();
        assert!(id.starts_with("2026-11-27-") && id.len() > 12, "{id}");
        assert!(
            id.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-'),
            "{id}"
        );
        if let Some(want) = want {
            assert_eq!(id, want);
        }
        // The title is kept as written; the id finds it.
        let json = env.pm(&["show", &id, "--json"]).ok().json();
        assert_eq!(json["title"], title);
        assert!(env.path(&env.file_of(&id)).is_file());
    }
    env.assert_clean();
}

#[test]
fn new_takes_the_id_from_the_flag() {
    let env = TestEnv::new();
    let run = env
        .pm(&[
            "new",
            "🔥 !!!",
            "-s",
            "SEV2",
            "--no-edit",
            "--id",
            "db-outage",
        ])
        .ok();
    assert_eq!(run.created_id(), "2026-11-27-db-outage");
    let json = env
        .pm(&["show", "2026-11-27-db-outage", "--json"])
        .ok()
        .json();
    assert_eq!(json["title"], "🔥 !!!");
    let log = env.git(&["log", "-1", "--format=%s"]);
    assert_eq!(log.trim(), "pm: new 2026-11-27-db-outage: 🔥 !!!");

    // The date may be given if it is the post-mortem's own.
    let run = env
        .pm(&[
            "new",
            "Cache",
            "-s",
            "SEV3",
            "--no-edit",
            "--started",
            "2026-11-20 10:00",
            "--id",
            "2026-11-20-cache-stampede",
        ])
        .ok();
    assert_eq!(run.created_id(), "2026-11-20-cache-stampede");

    let before = env.snapshot();
    let commits = env.commits();
    env.pm(&[
        "new",
        "Again",
        "-s",
        "SEV2",
        "--no-edit",
        "--id",
        "db-outage",
    ])
    .error(&["--id", "2026-11-27-db-outage already exists"]);
    env.pm(&[
        "new",
        "Bad",
        "-s",
        "SEV2",
        "--no-edit",
        "--id",
        "DB Outage!",
    ])
    .error(&["--id", "lowercase letters", "--id db-outage"]);
    env.pm(&["new", "Bad", "-s", "SEV2", "--no-edit", "--id", "../etc"])
        .error(&["--id", "lowercase letters"]);
    env.pm(&[
        "new",
        "Bad",
        "-s",
        "SEV2",
        "--no-edit",
        "--id",
        "2025-01-01-old",
    ])
    .error(&[
        "--id",
        "starts with a date other than the post-mortem's (2026-11-27)",
    ]);
    // A title with nothing to make an id from says how to give one.
    env.pm(&["new", "!!!", "-s", "SEV2", "--no-edit"])
        .error(&["no letters or digits", "--id"]);
    assert_eq!(env.snapshot(), before);
    assert_eq!(env.commits(), commits);
}

/// patt21 D13: `pm list`, its `--json` and `pm search --json` give a
/// hand-named file's name (`Outage.yaml`) as its id, and every command
/// that takes an id takes that one, as printed.
#[test]
fn the_id_pm_list_prints_is_taken_by_every_command() {
    let env = TestEnv::new();
    let id = env.new_pm("Base outage", "2026-11-26T09:00:00Z");
    let text = env.read(&env.file_of(&id));
    for name in ["Outage", "Weird Name", "Näme"] {
        env.write(&format!("postmortems/2026/{name}.yaml"), &text);
    }
    env.git(&["add", "-A"]);
    env.git(&["commit", "-qm", "hand-named copies"]);
    let listed = env.pm(&["list", "--json"]).ok().json();
    let ids: Vec<String> = listed
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_str().unwrap().to_string())
        .collect();
    for name in ["Outage", "Weird Name", "Näme"] {
        assert!(ids.iter().any(|i| i == name), "{ids:?}");
    }
    let found = env.pm(&["search", "Base", "--json"]).ok().json();
    assert!(found.to_string().contains("\"Outage\""), "{found}");
    for listed_id in &ids {
        let shown = env.pm(&["show", listed_id, "--json"]).ok().json();
        assert_eq!(shown["id"], listed_id.as_str());
        env.pm(&["timeline", "list", listed_id, "--json"]).ok();
    }
    // The text form names it by the same id as `--json` (not the copied
    // file's `id:`).
    let text = env.pm(&["show", "Outage"]).ok().stdout;
    assert!(
        text.lines().any(|l| l.starts_with("Outage  SEV2")),
        "{text}"
    );
    // Part of a name matches in any case, as for pm's own ids.
    assert_eq!(
        env.pm(&["show", "outage", "--json"]).ok().json()["id"],
        "Outage"
    );
    env.pm(&[
        "action",
        "add",
        "Page on queue depth",
        "--owner",
        "ann",
        "--pm",
        "Outage",
    ])
    .ok();
    assert!(
        env.read("postmortems/2026/Outage.yaml")
            .contains("Page on queue depth")
    );
    env.assert_clean();
}

/// The files changed by the last commit, as `git show --stat` names them.
fn last_commit_files(env: &TestEnv) -> Vec<String> {
    env.git(&["show", "--name-only", "--format=", "HEAD"])
        .lines()
        .map(str::to_string)
        .collect()
}

/// patt22 F14: an id is taken by a file of that name in any year's
/// folder, `-N` suffixes too, so `pm new` never makes a second file with
/// one id; and a path names exactly the file at that path, for reads and
/// writes, even when another folder has a file of the same name.
#[test]
fn new_sees_ids_taken_in_any_folder_and_a_path_names_that_file_only() {
    let env = TestEnv::new();
    let outage = env.new_pm("Checkout outage", "2026-11-26T09:00:00Z");
    let db = env.renamed_copy(&outage, "postmortems/2025/2026-11-26-db.yaml");
    assert_eq!(db, "2026-11-26-db");
    let created = env
        .pm(&[
            "new",
            "DB",
            "-s",
            "SEV3",
            "--started",
            "2026-11-26T08:00:00Z",
            "--no-edit",
        ])
        .ok()
        .created_id();
    assert_eq!(created, "2026-11-26-db-2");
    // Part of a dated id matches in every folder, not first in its year's.
    env.pm(&["show", "2026-11-26-d"])
        .error(&["`2026-11-26-d` matches 2 post-mortems"])
        .stderr_has("2026-11-26-db-2");
    env.pm(&[
        "new",
        "DB",
        "-s",
        "SEV3",
        "--started",
        "2026-11-26T08:00:00Z",
        "--no-edit",
        "--id",
        "db",
    ])
    .error(&["--id", "2026-11-26-db already exists"])
    .stderr_has("postmortems/2025/2026-11-26-db.yaml");
    // The suffixes: -2 here, -3 in another year's folder; the next is -4.
    env.renamed_copy(
        &outage,
        "postmortems/2026/2026-11-26-checkout-outage-2.yaml",
    );
    env.renamed_copy(
        &outage,
        "postmortems/2025/2026-11-26-checkout-outage-3.yaml",
    );
    let again = env.new_pm("Checkout outage", "2026-11-26T09:30:00Z");
    assert_eq!(again, "2026-11-26-checkout-outage-4");

    // Two files with one name, in 2025/ and 2026/: each path names its own.
    env.renamed_copy(&outage, "postmortems/2025/Outage.yaml");
    env.renamed_copy(&created, "postmortems/2026/Outage.yaml");
    let shown = env
        .pm(&["show", "postmortems/2025/Outage.yaml", "--json"])
        .ok()
        .json();
    assert_eq!(shown["file"], "postmortems/2025/Outage.yaml");
    assert_eq!(shown["severity"], "SEV2", "{shown}");
    let shown = env.pm(&["show", "2026/Outage.yaml", "--json"]).ok().json();
    assert_eq!(shown["file"], "postmortems/2026/Outage.yaml");
    assert_eq!(shown["severity"], "SEV3", "{shown}");
    env.pm(&[
        "timeline",
        "add",
        "for the 2025 copy",
        "--at",
        "2026-11-26 09:30",
        "--pm",
        "postmortems/2025/Outage.yaml",
    ])
    .ok();
    assert_eq!(last_commit_files(&env), ["postmortems/2025/Outage.yaml"]);
    assert!(
        !env.read("postmortems/2026/Outage.yaml")
            .contains("for the 2025 copy")
    );
    env.assert_clean();
}

/// patt22 F21: ids that differ only in case are one file on macOS and
/// Windows: `pm new` takes the next suffix, and `--id` is refused.
#[test]
fn an_id_taken_in_another_case_is_taken() {
    let env = TestEnv::new();
    let outage = env.new_pm("Checkout outage", "2026-11-26T09:00:00Z");
    env.renamed_copy(&outage, "postmortems/2026/2026-11-26-DB.yaml");
    let created = env
        .pm(&[
            "new",
            "db",
            "-s",
            "SEV3",
            "--started",
            "2026-11-26T08:00:00Z",
            "--no-edit",
        ])
        .ok()
        .created_id();
    assert_eq!(created, "2026-11-26-db-2");
    let before = env.snapshot();
    env.pm(&[
        "new",
        "db",
        "-s",
        "SEV3",
        "--started",
        "2026-11-26T08:00:00Z",
        "--no-edit",
        "--id",
        "db",
    ])
    .error(&["--id", "2026-11-26-db", "2026-11-26-DB", "only in case"]);
    assert_eq!(env.snapshot(), before);
    assert!(!env.path("postmortems/2026/2026-11-26-db.yaml").exists());
}

/// patt22 F9: copies with one id (`X.yaml` beside `X.yml`, and in another
/// year's folder): the id is ambiguous and the message lists the paths,
/// each path names its file, and `pm lint` reports the duplicate.
#[test]
fn files_that_share_an_id_are_named_by_their_paths_and_linted() {
    let env = TestEnv::new();
    let outage = env.new_pm("Checkout outage", "2026-11-26T09:00:00Z");
    for to in [
        "postmortems/2026/Outage.yaml",
        "postmortems/2026/Outage.yml",
        "postmortems/2025/Outage.yaml",
    ] {
        env.renamed_copy(&outage, to);
    }
    // Typing more of the id cannot help: the paths are what to give.
    env.pm(&["show", "Outage"])
        .error(&["`Outage` matches 3 post-mortems, files that share the id `Outage`; give the path of the one you mean"])
        .stderr_has("\n  postmortems/2025/Outage.yaml\n")
        .stderr_has("\n  postmortems/2026/Outage.yaml\n")
        .stderr_has("\n  postmortems/2026/Outage.yml\n");
    let shown = env
        .pm(&["show", "postmortems/2026/Outage.yml", "--json"])
        .ok()
        .json();
    assert_eq!(shown["file"], "postmortems/2026/Outage.yml");
    env.pm(&[
        "action",
        "add",
        "Alert on queue depth",
        "--owner",
        "ops",
        "--due",
        "2026-12-20",
        "--pm",
        "postmortems/2026/Outage.yml",
    ])
    .ok();
    assert_eq!(last_commit_files(&env), ["postmortems/2026/Outage.yml"]);
    let lint = env.pm(&["lint", "--format", "json"]).json();
    let dup: Vec<&str> = lint
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "duplicate-id")
        .map(|f| f["file"].as_str().unwrap())
        .collect();
    assert_eq!(
        dup.len(),
        3,
        "one duplicate-id finding per file that shares the id: {lint}"
    );
    assert!(dup.contains(&"postmortems/2026/Outage.yml"), "{dup:?}");
    env.assert_clean();
}

/// patt22 F7: a hand-named copy (`Outage.yaml` keeping the `id:` of the
/// file it came from) is named by its file id in every message, hint and
/// commit subject, so following a hint acts on the same file.
#[test]
fn messages_hints_and_commits_name_a_hand_named_file_by_its_file_id() {
    let env = TestEnv::new();
    let original = env.new_pm("Checkout outage", "2026-11-26T09:00:00Z");
    let id = env.renamed_copy(&original, "postmortems/2026/Outage.yaml");
    let added = env
        .pm(&[
            "action",
            "add",
            "Fix",
            "--owner",
            "team",
            "--due",
            "2026-12-20",
            "--pm",
            &id,
        ])
        .ok();
    assert!(added.stdout.contains("Added Outage#A1"), "{}", added.stdout);
    assert!(!added.stdout.contains(&original), "{}", added.stdout);
    let subject = env.git(&["log", "-1", "--format=%s"]);
    assert!(subject.starts_with("pm: action Outage: "), "{subject}");
    let close = env.pm(&["close", "Outage"]).code(2);
    assert!(
        close.stderr.contains("pm action done Outage#A1"),
        "{}",
        close.stderr
    );
    assert!(!close.stderr.contains(&original), "{}", close.stderr);
    let added = env
        .pm(&[
            "timeline",
            "add",
            "Paged",
            "--at",
            "2026-11-26 09:05",
            "--pm",
            "Outage",
        ])
        .ok();
    assert!(added.stdout.contains("Outage"), "{}", added.stdout);
    assert!(!added.stdout.contains(&original), "{}", added.stdout);
    // The site labels and names its page by the file id too.
    env.pm(&["site", "public"]).ok();
    let index = std::fs::read_to_string(env.path("public/index.html")).unwrap();
    assert!(index.contains("<tr data-id=\"Outage\">"), "{index}");
    assert!(index.contains("title=\"Outage\""), "{index}");
    let rows = format!("<tr data-id=\"{original}\">");
    assert_eq!(index.matches(&rows).count(), 1, "{index}");
    assert!(env.path(&format!("public/pm/{original}.html")).is_file());
}

/// fix35: on Unix a backslash is a character of a file name, not a
/// folder separator: a post-mortem named `2026-11-26-disk\full.yaml` is
/// shown with its backslash (by lint, as text and in JSON, and by list),
/// its file id is its whole name (lint's `id-file-name` compared the id
/// with `full` before), and the path lint prints names the file.
#[cfg(unix)]
#[test]
fn a_backslash_in_a_file_name_is_part_of_the_name() {
    let env = TestEnv::new();
    let original = env.new_pm("Disk full", "2026-11-26T09:00:00Z");
    let path = r"postmortems/2026/2026-11-26-disk\full.yaml";
    let id = env.renamed_copy(&original, path);
    assert_eq!(id, r"2026-11-26-disk\full");
    // The copy keeps the `id:` it came from: lint names the file, and its
    // whole name, with the backslash.
    let run = env.pm(&["lint"]);
    assert!(
        run.stdout.contains(&format!(
            "the id `{original}` is not the file's name (`{id}`)"
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains(&format!("--> {path}:9:5")),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("disk/full"), "{}", run.stdout);
    let json = env.pm(&["lint", "--json"]).json();
    let files: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["file"].as_str())
        .collect();
    assert!(files.contains(&path), "{files:?}");
    assert!(!files.iter().any(|f| f.contains("disk/full")), "{files:?}");
    let list = env.pm(&["list"]).ok();
    assert!(list.stdout.contains(&id), "{}", list.stdout);
    // The path lint printed names the file.
    let shown = env.pm(&["show", path, "--json"]).ok().json();
    assert_eq!(shown["title"], "Disk full");
    env.pm(&["lint", path])
        .stdout_has(&format!("--> {path}:9:5"));
}

/// patt22 F8: `pm edit` saves an edit of a hand-named copy that leaves
/// `id:` as it was; only a change of `id` is refused.
#[test]
fn edit_keeps_an_id_field_left_as_it_was() {
    let env = TestEnv::new();
    let original = env.new_pm("Checkout outage", "2026-11-26T09:00:00Z");
    let id = env.renamed_copy(&original, "postmortems/2026/My outage.yaml");
    env.pm_with(&["edit", &id], &[("EDITOR", "sed -i s/SEV2/SEV3/")])
        .ok()
        .stdout_has("Saved");
    assert!(
        env.read("postmortems/2026/My outage.yaml")
            .contains("severity: SEV3")
    );
    assert_eq!(last_commit_files(&env), ["postmortems/2026/My outage.yaml"]);
    let subject = env.git(&["log", "-1", "--format=%s"]);
    assert_eq!(subject.trim(), "pm: edit My outage: hand edit");
    // A change of `id` to another post-mortem's is still refused.
    let before = env.snapshot();
    let editor = env.home().join("change-id.sh");
    std::fs::write(
        &editor,
        "#!/bin/sh\nsed -i 's/^id:.*/id: 2026-01-01-other/' \"$1\"\n",
    )
    .unwrap();
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755)).unwrap();
    env.pm_with(&["edit", &id], &[("EDITOR", editor.to_str().unwrap())])
        .error(&["was not saved"])
        .stderr_has("`id` was changed to `2026-01-01-other`");
    assert_eq!(env.snapshot(), before);
}

/// patt22 F12: a part that starts the slug of two dated ids stays
/// ambiguous when a hand-named file's name starts with it too: a write
/// never silently goes to the hand-named one.
#[test]
fn a_slug_start_ranks_like_a_name_start() {
    let env = TestEnv::new();
    let outage = env.new_pm("Checkout outage", "2026-11-26T09:00:00Z");
    env.new_pm("Checkout db", "2026-11-25T09:00:00Z");
    env.renamed_copy(&outage, "postmortems/2026/checkout-x.yaml");
    let before = env.snapshot();
    env.pm(&[
        "timeline",
        "add",
        "x",
        "--at",
        "2026-11-26 09:30",
        "--pm",
        "checkout",
    ])
    .error(&["`checkout` matches 3 post-mortems"])
    .stderr_has("checkout-x")
    .stderr_has("2026-11-25-checkout-db");
    assert_eq!(env.snapshot(), before);
    // The whole name still names it.
    env.pm(&["show", "checkout-x"]).ok();
}

/// patt22 F10: the action id is what follows the last `#`, so a
/// reference `pm action list` prints for a file named `a#b.yaml` works.
#[test]
fn an_action_reference_splits_at_the_last_hash() {
    let env = TestEnv::new();
    let outage = env.new_pm("Checkout outage", "2026-11-26T09:00:00Z");
    env.renamed_copy(&outage, "postmortems/2026/a#b.yaml");
    env.add_action("a#b", "Fix", "team", "2026-12-20");
    env.pm(&["action", "list", "a#b"]).ok().stdout_has("a#b#A1");
    env.pm(&["action", "done", "a#b#A1"])
        .ok()
        .stdout_has("a#b#A1");
    assert!(
        env.read("postmortems/2026/a#b.yaml")
            .contains("status: done")
    );
}

/// patt22 F15: ids are compared in Unicode NFC: a name macOS wrote in
/// NFD is found typed in NFC, and the other way round.
#[test]
fn ids_match_in_any_unicode_normal_form() {
    let env = TestEnv::new();
    let outage = env.new_pm("Checkout outage", "2026-11-26T09:00:00Z");
    // `Genève` with `e` and a combining grave accent (NFD).
    env.renamed_copy(&outage, "postmortems/2026/Gene\u{300}ve.yaml");
    // `Zürich` with one precomposed `ü` (NFC).
    env.renamed_copy(&outage, "postmortems/2026/Z\u{fc}rich.yaml");
    let shown = env.pm(&["show", "Gen\u{e8}ve", "--json"]).ok().json();
    assert_eq!(shown["file"], "postmortems/2026/Gene\u{300}ve.yaml");
    let shown = env.pm(&["show", "Zu\u{308}rich", "--json"]).ok().json();
    assert_eq!(shown["file"], "postmortems/2026/Z\u{fc}rich.yaml");
    let shown = env.pm(&["show", "gen\u{e8}", "--json"]).ok().json();
    assert_eq!(shown["file"], "postmortems/2026/Gene\u{300}ve.yaml");
}

/// patt22 F23: `pm schema` accepts what `pm lint` accepts for `id`: a
/// hand-named file whose `id:` is its own name.
#[test]
fn schema_and_lint_agree_on_a_hand_named_id() {
    let env = TestEnv::new();
    let outage = env.new_pm("Checkout outage", "2026-11-26T09:00:00Z");
    let file = "postmortems/2026/My outage.yaml";
    env.renamed_copy(&outage, file);
    env.write(
        file,
        &env.read(file)
            .replace(&format!("id: {outage}"), "id: My outage"),
    );
    env.git(&["commit", "-qam", "name the id"]);
    let lint = env.pm(&["lint", file, "--format", "json"]).json();
    assert!(
        !lint.to_string().contains("\"id"),
        "no finding about the id: {lint}"
    );
    let schema = env.pm(&["schema"]).ok().json();
    let doc: serde_json::Value = yaml_serde::from_str(&env.read(file)).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    let errors: Vec<String> = validator.iter_errors(&doc).map(|e| e.to_string()).collect();
    assert!(errors.is_empty(), "schema errors: {errors:?}");
}

/// patt22 F18: a narrow table keeps ids whole enough to type (never cut
/// with `…`) and cuts the other columns instead.
#[test]
fn narrow_tables_keep_ids_resolvable() {
    let env = TestEnv::new();
    let outage = env.new_pm("Checkout outage", "2026-11-26T09:00:00Z");
    let db = env.new_pm("Checkout db", "2026-11-25T09:00:00Z");
    let list = env.pm_with(&["list"], &[("COLUMNS", "45")]).ok().stdout;
    // The header, the rule under it, then the rows, newest first (a title
    // that wraps goes on in lines that start blank).
    let rows: Vec<&str> = list
        .lines()
        .skip(2)
        .filter(|l| l.starts_with(' ') && !l.starts_with("  "))
        .collect();
    assert_eq!(rows.len(), 2, "{list}");
    for (id, row) in [(&outage, rows[0]), (&db, rows[1])] {
        let shown = row.split_whitespace().next().unwrap_or_default();
        assert!(!shown.contains('…'), "{list}");
        let json = env.pm(&["show", shown, "--json"]).ok().json();
        assert_eq!(json["id"], id.as_str(), "{list}");
    }
}

/// A file whose id other files share, chosen with `pm use` by its path,
/// stays the choice: the next write goes to that file, not to an error or
/// another copy.
#[test]
fn use_keeps_the_path_of_a_file_whose_id_is_shared() {
    let env = TestEnv::new();
    let outage = env.new_pm("Checkout outage", "2026-11-26T09:00:00Z");
    env.renamed_copy(&outage, "postmortems/2025/Outage.yaml");
    env.renamed_copy(&outage, "postmortems/2026/Outage.yaml");
    env.pm(&["use", "postmortems/2025/Outage.yaml"])
        .ok()
        .stdout_has("postmortems/2025/Outage.yaml");
    env.pm(&["timeline", "add", "Paged", "--at", "2026-11-26 09:05"])
        .ok()
        .stdout_has("(chosen with pm use)");
    assert_eq!(last_commit_files(&env), ["postmortems/2025/Outage.yaml"]);
    // Gone, it is gone: never another file with the same name.
    env.git(&["rm", "-q", "postmortems/2025/Outage.yaml"]);
    env.git(&["commit", "-qm", "duplicate removed"]);
    let before = env.snapshot();
    env.pm(&["timeline", "add", "Again", "--at", "2026-11-26 09:06"])
        .error(&["`pm use` chose postmortems/2025/Outage.yaml, which no longer exists"]);
    assert_eq!(env.snapshot(), before);
}

/// patt25 I1: an id that two files share in another Unicode form (the
/// NFD name macOS wrote beside an NFC copy) or in another case is
/// ambiguous, as `pm lint`'s duplicate-id says: no spelling of it picks
/// one file silently. The list tells the paths apart (the NFD one has its
/// combining mark spelled out), and each path names its own file.
#[test]
fn an_id_shared_in_another_unicode_form_or_case_names_no_file() {
    let env = TestEnv::new();
    let outage = env.new_pm("Checkout outage", "2026-11-26T09:00:00Z");
    let nfd = "postmortems/2026/Gene\u{300}ve.yaml";
    let nfc = "postmortems/2026/Gen\u{e8}ve.yaml";
    env.renamed_copy(&outage, nfd);
    env.renamed_copy(&outage, nfc);
    let before = env.snapshot();
    for typed in ["Gen\u{e8}ve", "Gene\u{300}ve", "gen\u{e8}ve"] {
        env.pm(&["timeline", "add", "Paged", "--at", "09:05", "--pm", typed])
            .error(&[&format!(
                "`{typed}` matches 2 post-mortems, files that share the id `Gen\u{e8}ve`"
            )])
            .stderr_has("\n  postmortems/2026/Gene<U+0300>ve.yaml\n")
            .stderr_has(&format!("\n  {nfc}\n"));
    }
    assert_eq!(env.snapshot(), before);
    // What lint says agrees, with the paths told apart too.
    let lint = env.pm(&["lint", nfc]).ok();
    assert!(
        lint.stdout
            .contains("is also the id of postmortems/2026/Gene<U+0300>ve.yaml: `pm show Gen\u{e8}ve` cannot tell them apart"),
        "{}",
        lint.stdout
    );
    // Each path names its own file, the NFC one and the NFD one.
    for path in [nfc, nfd] {
        let shown = env.pm(&["show", path, "--json"]).ok().json();
        assert_eq!(shown["file"], path);
    }

    // Names that differ only in case: the same for every spelling.
    let env = TestEnv::new();
    let outage = env.new_pm("Checkout outage", "2026-11-26T09:00:00Z");
    env.renamed_copy(&outage, "postmortems/2026/2026-11-26-Checkout-Outage.yaml");
    for typed in [outage.as_str(), "2026-11-26-Checkout-Outage"] {
        env.pm(&["show", typed])
            .error(&["matches 2 post-mortems, files that share the id"])
            .stderr_has("\n  postmortems/2026/2026-11-26-Checkout-Outage.yaml\n")
            .stderr_has(&format!("\n  postmortems/2026/{outage}.yaml\n"));
    }
    let lint = env.pm(&["lint"]).ok();
    assert!(
        lint.stdout
            .contains(&format!("`pm show {outage}` cannot tell them apart")),
        "{}",
        lint.stdout
    );
}

/// `pm use` with part of an id that files share (copies in two year
/// folders) is refused, and says the exact command for each file; running
/// one of them makes that file the choice.
#[test]
fn use_of_an_id_files_share_gives_the_command_for_each_path() {
    let env = TestEnv::new();
    let outage = env.new_pm("Checkout outage", "2026-11-26T09:00:00Z");
    let copy = format!("postmortems/2025/{outage}.yaml");
    env.renamed_copy(&outage, &copy);
    let before = env.snapshot();
    let run = env
        .pm(&["use", "checkout"])
        .error(&[&format!(
            "`checkout` matches 2 post-mortems, files that share the id `{outage}`; give the path of the one you mean"
        )])
        .stderr_has(&format!("\n  pm use {copy}\n"))
        .stderr_has(&format!("\n  pm use postmortems/2026/{outage}.yaml\n"));
    assert!(!run.stderr.contains("pm show"), "{}", run.stderr);
    assert_eq!(env.snapshot(), before);
    // The choice pm new made is the id the copies now share: it names
    // neither, and the same commands are given.
    env.pm(&["use"])
        .error(&[&format!(
            "`{outage}` matches 2 post-mortems, files that share the id"
        )])
        .stderr_has(&format!("\n  pm use {copy}\n"));
    env.pm(&["use", &copy])
        .ok()
        .stdout_has(&format!("Using {copy}"));
    env.pm(&["timeline", "add", "Paged", "--at", "2026-11-26 09:05"])
        .ok()
        .stdout_has("(chosen with pm use)");
    assert_eq!(last_commit_files(&env), [copy.as_str()]);
}

/// patt27 D6: the `pm use PATH` pm suggests for each of two files that
/// share an id in another Unicode form works as pasted, the NFD one with
/// its combining mark spelled out too; `pm list` tells the two rows apart
/// as the ambiguity list does.
#[test]
fn the_suggested_path_of_a_unicode_twin_works_as_pasted_and_list_tells_twins_apart() {
    let env = TestEnv::new();
    let outage = env.new_pm("Checkout outage", "2026-11-26T09:00:00Z");
    let nfd = "postmortems/2026/Gene\u{300}ve.yaml";
    let nfc = "postmortems/2026/Gen\u{e8}ve.yaml";
    env.renamed_copy(&outage, nfd);
    env.renamed_copy(&outage, nfc);
    let spelled = "postmortems/2026/Gene<U+0300>ve.yaml";
    let run = env
        .pm(&["use", "gen\u{e8}ve"])
        .error(&["matches 2 post-mortems, files that share the id"])
        .stderr_has(&format!("\n  pm use '{spelled}'\n"))
        .stderr_has(&format!("\n  pm use '{nfc}'\n"));
    assert!(!run.stderr.contains('\u{300}'), "{}", run.stderr);
    // As pasted: the shell gives pm the text between the quotes.
    env.pm(&["use", spelled])
        .ok()
        .stdout_has(&format!("Using {spelled}"));
    env.pm(&["timeline", "add", "Paged", "--at", "2026-11-26 09:05"])
        .ok();
    let changed = last_commit_files(&env);
    assert_eq!(changed.len(), 1);
    assert!(env.read(nfd).contains("text: Paged"));
    assert!(!env.read(nfc).contains("text: Paged"));
    env.pm(&["use", nfc]).ok();
    env.pm(&["show", spelled, "--json"])
        .ok()
        .stdout_has("Gene\u{300}ve.yaml");

    // The list: two rows that would print alike are told apart.
    let list = env.pm(&["list"]).ok().stdout;
    let rows: Vec<&str> = list
        .lines()
        .map(str::trim_start)
        .filter(|l| l.contains("ve "))
        .collect();
    assert_eq!(rows.len(), 2, "{list}");
    assert!(
        rows.iter().any(|r| r.starts_with("Gene<U+0300>ve ")),
        "{list}"
    );
    assert!(rows.iter().any(|r| r.starts_with("Gen\u{e8}ve ")), "{list}");
    // An id nothing shares is shown as it is.
    assert!(list.contains(&outage), "{list}");
}

/// fix38: a post-mortem named by hand `-rf.yaml` (`id: '-rf'`). Typed
/// bare, the id is read as flags (exit 2); after `--`, as `--pm=-rf`,
/// every command that takes it works, and the commands pm suggests name
/// it after `--`. Its pages show it as written: Markdown does not make a
/// list item of it, HTML does not mangle it.
#[test]
fn an_id_that_starts_with_a_dash_works_after_double_dash() {
    let env = TestEnv::new();
    let base = env.new_pm("Base", "2026-11-20T09:00:00Z");
    let text = env
        .read(&env.file_of(&base))
        .replace(&format!("id: {base}\n"), "id: '-rf'\n");
    assert!(text.contains("id: '-rf'\n"), "{text}");
    env.git(&["rm", "-q", "--", &env.file_of(&base)]);
    env.write("postmortems/2026/-rf.yaml", &text);
    env.git(&["add", "-A"]);
    env.git(&["commit", "-qm", "named by hand"]);

    env.pm(&["show", "-rf"]).code(2);
    env.pm(&["show", "--", "-rf"]).ok().stdout_has("Base");
    env.pm(&["lint", "--", "-rf"]).ok();
    env.pm(&[
        "timeline",
        "add",
        "p99 alert fired",
        "--kind",
        "detected",
        "--at",
        "2026-11-20 09:20",
        "--pm=-rf",
    ])
    .ok();
    env.pm(&["timeline", "list", "--", "-rf"])
        .ok()
        .stdout_has("p99 alert fired");
    env.pm(&[
        "action",
        "add",
        "Alert sooner",
        "--owner",
        "ops",
        "--due",
        "2026-12-01",
        "--pm=-rf",
    ])
    .ok();
    env.pm(&["action", "list", "--", "-rf"])
        .ok()
        .stdout_has("Alert sooner");
    env.pm(&["use", "--", "-rf"]).ok();
    env.pm(&["status", "--force", "--", "-rf", "review"]).ok();
    // What pm suggests, pasted, works: the id after `--`.
    env.pm(&["close", "--", "-rf"])
        .error(&["`pm review -- -rf`"]);
    env.pm(&["timeline", "edit", "9", "--pm=-rf", "--text", "x"])
        .error(&["`pm timeline list -- -rf`"]);
    env.pm(&["review", "--", "-rf"]).ok();
    env.assert_clean();

    // Markdown: the id is text where it is written, never a list item.
    let md = env.pm(&["render", "--", "-rf"]).ok().stdout;
    // Escaped where Markdown could read a `-` as markup; shown as written.
    assert!(md.contains("- **ID:** \\-rf\n"), "{md}");
    let shown = crate::render::markdown_text(&md);
    assert!(shown.contains("ID: -rf\n"), "{shown}");
    assert!(shown.contains("Post-mortem -rf, rendered by"), "{shown}");
    // HTML: valid, and the id as it is.
    let html = env
        .pm(&["render", "--format", "html", "--", "-rf"])
        .ok()
        .stdout;
    let doc = crate::render::parse_html(&html);
    let text: String = doc.root_element().text().collect();
    assert!(text.contains("-rf"), "{text}");
    assert!(html.contains("<dd>-rf</dd>"), "{html}");
}

/// A repository whose one post-mortem, "Disk full" of 2026-11-20, is
/// named by hand `-rf.yaml` (`id: '-rf'`); its text.
fn dash_named() -> (TestEnv, String) {
    let env = TestEnv::new();
    let base = env.new_pm("Disk full", "2026-11-20T09:00:00Z");
    let text = env
        .read(&env.file_of(&base))
        .replace(&format!("id: {base}\n"), "id: '-rf'\n");
    env.git(&["rm", "-q", "--", &env.file_of(&base)]);
    env.write("postmortems/2026/-rf.yaml", &text);
    env.git(&["add", "-A"]);
    env.git(&["commit", "-qm", "named by hand"]);
    (env, text)
}

/// fix40: `pm edit`'s hints about a draft name the post-mortem as every
/// other hint does, after `--` when its id starts with `-`, so the
/// command pasted back works.
#[test]
fn edit_hints_put_an_id_that_starts_with_a_dash_after_double_dash() {
    use crate::foundation::editor_script;
    let (env, _) = dash_named();

    // $ pm edit -- -rf   (an edit that is not valid)
    // error: ... was not saved: the edit is not valid
    //   run `pm edit -- -rf` again to continue from it
    let dup = editor_script(&env, "dup.sh", "echo 'summary: dup' >> \"$1\"");
    env.pm_with(&["edit", "--", "-rf"], &[("EDITOR", &dup)])
        .error(&[
            "was not saved",
            "run `pm edit -- -rf` again to continue from it",
        ]);
    // Pasted back, the hint works: it resumes the draft, and `:cq` aborts.
    let cq = editor_script(&env, "cq.sh", "exit 1");
    env.pm_with(&["edit", "--", "-rf"], &[("EDITOR", &cq)])
        .code(2)
        .stderr_has("note: resuming your unsaved edit")
        .stderr_has("is aborted")
        .stderr_has("run `pm edit -- -rf` to start again from the file")
        .stderr_has(".git/pm/drafts/aborted/-rf.yaml");
    // A draft that lost its starting point.
    env.pm_with(&["edit", "--", "-rf"], &[("EDITOR", &dup)])
        .error(&["was not saved"]);
    std::fs::remove_file(env.path(".git/pm/drafts/-rf.base")).unwrap();
    env.pm_with(&["edit", "--", "-rf"], &[("EDITOR", &dup)])
        .error(&[
            "lost its starting point",
            "run `pm edit -- -rf` and copy over",
        ]);
}

/// fix40: `pm lint` warns about an id that starts with `-`
/// (`id-starts-with-dash`, exit 0), with the `git mv` that renames it.
#[test]
fn lint_warns_about_an_id_that_starts_with_a_dash_and_says_how_to_rename_it() {
    let (env, text) = dash_named();
    let before = env.snapshot();

    // $ pm lint -- -rf
    // warning[id-starts-with-dash] the id `-rf` starts with `-`, ...
    let lint = env
        .pm(&["lint", "--format", "json", "--", "-rf"])
        .ok()
        .json();
    let found: Vec<&serde_json::Value> = lint
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "id-starts-with-dash")
        .collect();
    assert_eq!(found.len(), 1, "{lint:#}");
    assert_eq!(found[0]["severity"], "warning");
    let id_line = text.lines().position(|l| l == "id: '-rf'").unwrap() + 1;
    assert_eq!(found[0]["line"], id_line, "at `id:`: {lint:#}");
    let message = found[0]["message"].as_str().unwrap();
    assert!(message.contains("`pm show -- -rf`"), "{message}");
    let fix = found[0]["suggestion"].as_str().unwrap();
    assert_eq!(
        fix,
        "rename it: `git mv postmortems/2026/-rf.yaml postmortems/2026/2026-11-20-disk-full.yaml` (if that id is taken, add -2, -3, ...), and make its `id:` the new name"
    );
    env.pm(&["lint"])
        .ok()
        .stdout_has("warning[id-starts-with-dash]");
    assert_eq!(env.snapshot(), before, "lint changes nothing");
    // Done as it says, the warning is gone.
    env.git(&[
        "mv",
        "postmortems/2026/-rf.yaml",
        "postmortems/2026/2026-11-20-disk-full.yaml",
    ]);
    let file = "postmortems/2026/2026-11-20-disk-full.yaml";
    env.write(
        file,
        &env.read(file)
            .replace("id: '-rf'", "id: 2026-11-20-disk-full"),
    );
    let lint = env.pm(&["lint", "--format", "json"]).ok().json();
    assert!(
        !lint.to_string().contains("id-starts-with-dash"),
        "{lint:#}"
    );
    // A draft any status: a warning, never an error; and it can be disabled.
    env.write(
        "postmortems/2026/--.yaml",
        &env.read(file)
            .replace("id: 2026-11-20-disk-full", "id: '--'"),
    );
    let lint = env.pm(&["lint", "--format", "json"]).ok().json();
    let fix = lint
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "id-starts-with-dash")
        .map(|f| f["suggestion"].as_str().unwrap().to_string())
        .unwrap_or_else(|| panic!("{lint:#}"));
    assert!(
        fix.starts_with("rename it: `git mv postmortems/2026/--.yaml "),
        "{fix}"
    );
    env.pm(&["show", "--", "--"]).ok().stdout_has("Disk full");
}
