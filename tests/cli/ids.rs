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
