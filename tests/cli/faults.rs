//! Tests that try to lose data: concurrent writers, killed processes,
//! unwritable repositories, locked indexes and hostile files.

use std::os::unix::fs::PermissionsExt;
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::support::{TestEnv, dead_pid};

fn pm_bin() -> &'static str {
    env!("CARGO_BIN_EXE_pm")
}

#[test]
fn concurrent_timeline_and_action_writers_lose_nothing() {
    let env = TestEnv::new();
    let a = env.new_pm("First incident", "2026-11-26T09:00:00Z");
    let b = env.new_pm("Second incident", "2026-11-26T10:00:00Z");
    let script = |who: &str, target: &str, n: usize, kind: &str| {
        let bin = pm_bin();
        let body = match kind {
            "timeline" => {
                format!("{bin} timeline add \"{who} $i\" --pm {target} --at 2026-11-26T11:00:00Z")
            }
            _ => format!(
                "{bin} action add \"{who} $i\" --pm {target} --owner {who} --due 2026-12-20"
            ),
        };
        format!("i=0; while [ $i -lt {n} ]; do {body} >/dev/null || exit 1; i=$((i+1)); done")
    };
    let jobs = [
        script("w1", &a, 25, "timeline"),
        script("w2", &a, 25, "action"),
        script("w3", &b, 25, "timeline"),
        script("w4", &b, 25, "action"),
        script("w5", &a, 25, "timeline"),
    ];
    let children: Vec<_> = jobs
        .iter()
        .map(|j| env.command("sh").arg("-c").arg(j).spawn().unwrap())
        .collect();
    for mut c in children {
        assert!(c.wait().unwrap().success());
    }
    let ta = env.pm(&["timeline", "list", &a, "--json"]).ok().json();
    let tb = env.pm(&["timeline", "list", &b, "--json"]).ok().json();
    assert_eq!(ta["entries"].as_array().unwrap().len(), 1 + 50);
    assert_eq!(tb["entries"].as_array().unwrap().len(), 1 + 25);
    let sa = env.pm(&["show", &a, "--json"]).ok().json();
    let sb = env.pm(&["show", &b, "--json"]).ok().json();
    let ids: Vec<&str> = sa["action_items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|x| x["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids.len(), 25);
    let mut unique = ids.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), 25, "action ids reused: {ids:?}");
    assert_eq!(sb["action_items"].as_array().unwrap().len(), 25);
    env.git(&["fsck", "--strict"]);
    env.assert_clean();
    assert_eq!(env.commits(), 3 + 125);
}

#[test]
fn killed_writers_leave_old_or_new_and_never_a_locked_repository() {
    let env = TestEnv::new();
    let id = env.new_pm("Kill me", "2026-11-26T09:00:00Z");
    let file = env.path(&env.file_of(&id));
    let mut seed: u64 = 0x5eed;
    let mut rand = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    for round in 0..60 {
        let before = std::fs::read_to_string(&file).unwrap();
        let text = format!("round {round}");
        let mut child = env
            .pm_cmd(&["timeline", "add", &text, "--at", "2026-11-26T10:00:00Z"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        std::thread::sleep(Duration::from_micros(rand() % 25_000));
        let _ = child.kill();
        let _ = child.wait();
        let after = std::fs::read_to_string(&file).unwrap();
        assert!(
            after == before || (after.contains(&text) && after.len() > before.len()),
            "round {round}: the file is neither the old nor the new version"
        );
        env.pm(&["show", &id, "--json"]).ok();
        // Nothing left behind that blocks the next writer.
        let next = env.pm(&[
            "timeline",
            "add",
            &format!("after {round}"),
            "--at",
            "2026-11-26T10:00:00Z",
        ]);
        assert_eq!(
            next.code, 0,
            "round {round}: the repository stayed locked: {}",
            next.stderr
        );
        let leftovers: Vec<_> = std::fs::read_dir(file.parent().unwrap())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().starts_with(".pm-"))
            .collect();
        // A killed process may leave its temporary file; it is never the post-mortem.
        for l in leftovers {
            std::fs::remove_file(l.path()).unwrap();
        }
    }
    env.git(&["fsck", "--strict"]);
}

#[test]
fn a_stale_git_index_lock_from_a_killed_pm_is_cleared_with_a_note() {
    let env = TestEnv::new();
    env.new_pm("Stale", "2026-11-26T09:00:00Z");
    // As a pm killed while committing leaves it: the marker names a dead pid.
    std::fs::create_dir_all(env.path(".git/pm")).unwrap();
    std::fs::write(env.path(".git/pm/committing.pid"), "999999999").unwrap();
    std::fs::write(env.path(".git/index.lock"), "").unwrap();
    env.pm(&["timeline", "add", "recovered"])
        .ok()
        .stderr_has("removed .git/index.lock");
    assert!(!env.path(".git/index.lock").exists());
    env.assert_clean();
}

#[test]
fn a_lock_held_by_another_git_process_is_an_error_and_nothing_changes() {
    let env = TestEnv::new();
    let id = env.new_pm("Locked", "2026-11-26T09:00:00Z");
    std::fs::write(env.path(".git/index.lock"), "").unwrap();
    let before = env.snapshot();
    env.pm(&["timeline", "add", "blocked"])
        .error(&["index.lock", "nothing was changed"]);
    env.pm(&["action", "add", "x", "--owner", "a", "--pm", &id])
        .error(&["index.lock"]);
    assert_eq!(before, env.snapshot());
    std::fs::remove_file(env.path(".git/index.lock")).unwrap();
    env.pm(&["timeline", "add", "unblocked"]).ok();
}

/// Make a folder unwritable: permission bits for ordinary users, the
/// immutable attribute for root (whom permission bits do not stop).
fn freeze(dir: &std::path::Path, frozen: bool) {
    let root = Command::new("id")
        .arg("-u")
        .output()
        .map(|o| String::from_utf8_lossy(&o.stdout).trim() == "0")
        .unwrap_or(false);
    if root {
        let status = Command::new("chattr")
            .arg(if frozen { "+i" } else { "-i" })
            .arg(dir)
            .status()
            .expect("chattr");
        assert!(
            status.success(),
            "chattr is needed to make a folder read-only for root"
        );
    } else {
        let mode = if frozen { 0o555 } else { 0o755 };
        std::fs::set_permissions(dir, std::fs::Permissions::from_mode(mode)).unwrap();
    }
}

#[test]
fn read_only_repository_is_a_clear_error() {
    let env = TestEnv::new();
    let id = env.new_pm("Read only", "2026-11-26T09:00:00Z");
    let dir = env.path(&format!("postmortems/{}", &id[..4]));
    let before = env.snapshot();
    freeze(&dir, true);
    let run = env.pm(&["timeline", "add", "x"]);
    let new = env.pm(&[
        "new",
        "Another",
        "--severity",
        "SEV2",
        "--started",
        "2026-11-26T10:00:00Z",
        "--no-edit",
    ]);
    freeze(&dir, false);
    run.error(&["cannot write", "nothing was changed"]);
    new.error(&["cannot write"]);
    assert_eq!(before, env.snapshot());
    env.assert_clean();
}

#[test]
fn a_full_disk_is_a_clear_error_and_the_file_is_untouched() {
    let env = TestEnv::new();
    let id = env.new_pm("Full disk", "2026-11-26T09:00:00Z");
    let before = env.snapshot();
    // RLIMIT_FSIZE makes writes past 1 KB fail with EFBIG, as a full disk
    // fails with ENOSPC: the same write path, the same promise.
    let bin = pm_bin();
    let run = env.run_cmd(
        {
            let mut c = env.command("sh");
            c.arg("-c").arg(format!(
                "trap '' XFSZ; ulimit -f 1; exec {bin} timeline add 'will not fit' --pm {id}"
            ));
            c
        },
        None,
        &["timeline", "add"],
    );
    run.error(&["cannot write", "nothing was changed"]);
    assert_eq!(before, env.snapshot());
}

fn hostile(env: &TestEnv, name: &str, bytes: &[u8]) -> String {
    let rel = format!("postmortems/2026/2026-11-01-{name}.yaml");
    env.write(&rel, "");
    std::fs::write(env.path(&rel), bytes).unwrap();
    rel
}

#[test]
fn hostile_and_broken_files_are_refused_with_exit_2_and_left_alone() {
    let env = TestEnv::new();
    let good =
        "pm: 1\nid: 2026-11-01-ok\ntitle: ok\nstatus: draft\nseverity: SEV2\ndate: 2026-11-01\n";
    let mut nested = String::from("pm: 1\nx: ");
    nested.push_str(&"[".repeat(5000));
    let laughs = "pm: 1\na: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nf: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\ng: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\nh: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\ni: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
    let mut big = good.to_string();
    big.push_str("summary: |\n");
    let line = "  ".to_string() + &"x".repeat(98) + "\n";
    while big.len() < 100 * 1024 * 1024 {
        big.push_str(&line);
    }
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("truncated", good.as_bytes()[..40].to_vec(), ""),
        ("binary", vec![0u8, 159, 146, 150, 0, 1, 2, 255], "UTF-8"),
        ("latin1", b"pm: 1\ntitle: caf\xe9\n".to_vec(), "UTF-8"),
        ("huge", big.into_bytes(), "MB"),
        ("nested", nested.into_bytes(), ""),
        ("laughs", laughs.as_bytes().to_vec(), ""),
        (
            "dupes",
            format!("{good}title: again\n").into_bytes(),
            "duplicate key",
        ),
        (
            "timeline-string",
            format!("{good}timeline: all fine\n").into_bytes(),
            "timeline",
        ),
        (
            "due-number",
            format!("{good}action_items:\n  - id: A1\n    title: t\n    due: 20261201\n")
                .into_bytes(),
            "due",
        ),
    ];
    for (name, bytes, needle) in cases {
        let rel = hostile(&env, name, &bytes);
        let before = std::fs::read(env.path(&rel)).unwrap();
        let needles: Vec<&str> = if needle.is_empty() {
            vec![rel.as_str()]
        } else {
            vec![rel.as_str(), needle]
        };
        env.pm(&["show", name]).error(&needles);
        env.pm(&["timeline", "add", "x", "--pm", name])
            .error(&[rel.as_str()]);
        assert_eq!(
            std::fs::read(env.path(&rel)).unwrap(),
            before,
            "{name} changed"
        );
        // Lint reports it as a finding and keeps going (exit 1, not a crash).
        let lint = env.pm(&["lint", &rel, "--format", "json"]);
        assert_eq!(lint.code, 1, "{name}: {}", lint.stderr);
        std::fs::remove_file(env.path(&rel)).unwrap();
    }
}

#[test]
fn a_symlink_out_of_the_repository_is_not_followed() {
    let env = TestEnv::new();
    let outside = env.home().join("outside.yaml");
    std::fs::write(&outside, "pm: 1\nid: 2026-11-01-link\ntitle: secret\nstatus: draft\nseverity: SEV2\ndate: 2026-11-01\n").unwrap();
    env.write("postmortems/2026/placeholder", "");
    std::os::unix::fs::symlink(&outside, env.path("postmortems/2026/2026-11-01-link.yaml"))
        .unwrap();
    env.pm(&["show", "link"])
        .error(&["symlink", "outside the repository"]);
    env.pm(&["timeline", "add", "x", "--pm", "link"])
        .error(&["symlink"]);
    assert!(
        std::fs::read_to_string(&outside)
            .unwrap()
            .ends_with("date: 2026-11-01\n")
    );
}

#[test]
fn crlf_and_bom_files_work() {
    let env = TestEnv::new();
    let text = "\u{feff}pm: 1\r\nid: 2026-11-01-win\r\ntitle: Windows file\r\nstatus: draft\r\nseverity: SEV2\r\ndate: 2026-11-01\r\ntimeline:\r\n  - at: 2026-11-01T09:00:00Z\r\n    kind: impact-start\r\n    text: start\r\n";
    env.write("postmortems/2026/2026-11-01-win.yaml", text);
    env.git(&["add", "."]);
    env.git(&["commit", "-qm", "windows"]);
    env.pm(&["show", "win"]).ok().stdout_has("Windows file");
    env.pm(&[
        "timeline",
        "add",
        "detected it",
        "--pm",
        "win",
        "--kind",
        "detected",
        "--at",
        "2026-11-01T09:10:00Z",
    ])
    .ok();
    env.pm(&[
        "action",
        "add",
        "Fix it",
        "--pm",
        "win",
        "--owner",
        "ops",
        "--due",
        "2026-11-30",
    ])
    .ok();
    let after = std::fs::read(env.path("postmortems/2026/2026-11-01-win.yaml")).unwrap();
    let after = String::from_utf8(after).unwrap();
    assert!(
        after.starts_with(text),
        "the original bytes are a prefix:\n{after:?}"
    );
    assert!(
        !after.replace("\r\n", "").contains('\n'),
        "every line ends in CRLF"
    );
    let lint = env.pm(&["lint", "win", "--format", "json"]);
    assert!(lint.code == 0 || lint.code == 1);
    assert!(
        !lint
            .json()
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "parse-error")
    );
}

#[test]
fn ids_and_titles_with_traversal_and_control_characters_stay_inside() {
    let env = TestEnv::new();
    let id = env.new_pm("../../../tmp/evil\u{1b}[31m\n\r", "2026-11-26T09:00:00Z");
    assert_eq!(id, "2026-11-26-tmp-evil-31m");
    assert!(env.path(&env.file_of(&id)).is_file());
    env.pm(&["show", "../../etc/passwd"])
        .error(&["no post-mortem file `../../etc/passwd`"]);
    env.pm(&["timeline", "add", "x", "--pm", "../.."]).code(2);
    env.assert_clean();
}

fn hook(env: &TestEnv, name: &str, body: &str) {
    let path = env.path(&format!(".git/hooks/{name}"));
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

/// The blob HEAD holds at `rel`, and the one git's index holds.
fn head_and_index_blob(env: &TestEnv, rel: &str) -> (String, String) {
    let head = env.git(&["rev-parse", &format!("HEAD:{rel}")]);
    let index = env.git(&["rev-parse", &format!(":{rel}")]);
    (head.trim().to_string(), index.trim().to_string())
}

/// patt25 N1: concurrent `pm new` runs each committed their post-mortem,
/// then some lost the race for `.git/pm/current` (another pm, holding the
/// lock, cleared their temporary file) and said "nothing was changed",
/// exit 2: a script retrying on exit 2 made duplicates. Each run now
/// succeeds, and exit 2 would mean that nothing was made.
#[test]
fn concurrent_pm_new_runs_all_succeed_and_never_claim_nothing_changed() {
    let env = TestEnv::new();
    let commits = env.commits();
    let runs = 8;
    for round in 0..2 {
        let children: Vec<_> = (0..runs)
            .map(|_| {
                env.pm_cmd(&[
                    "new",
                    "Same title",
                    "--severity",
                    "SEV2",
                    "--started",
                    "2026-11-27T09:00:00Z",
                    "--no-edit",
                ])
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
            })
            .collect();
        for child in children {
            let out = child.wait_with_output().unwrap();
            let stderr = String::from_utf8_lossy(&out.stderr);
            assert_eq!(
                out.status.code(),
                Some(0),
                "round {round}: a concurrent pm new failed:\n{stderr}"
            );
            assert!(!stderr.contains("nothing was changed"), "{stderr}");
        }
    }
    // Every run made one file and one commit, and nothing is left over.
    let files = std::fs::read_dir(env.path("postmortems/2026"))
        .unwrap()
        .count();
    assert_eq!(files, 2 * runs);
    assert_eq!(env.commits(), commits + 2 * runs);
    env.assert_clean();
    // The clone's choice is one of the post-mortems just made.
    let current = env.read(".git/pm/current");
    let chosen = env.path(&format!("postmortems/2026/{}.yaml", current.trim()));
    assert!(chosen.exists(), "current names no file: {current:?}");
}

/// patt25 K1/K2: a pm killed after its commit through git (hooks) but
/// before it set git's real index left `pending.json` and a staged revert
/// of its own entry. The next pm replayed the pending commit, git said
/// "nothing added to commit", and every later write failed, exit 2. Now
/// the next write sees that HEAD holds the pending change, puts the index
/// entry back to HEAD's (the user's other staged work stays staged), and
/// goes on with its own command.
#[test]
fn a_pm_killed_after_its_hooked_commit_is_finished_by_the_next_write() {
    let env = TestEnv::new();
    let id = env.new_pm("Killed after commit", "2026-11-26T09:00:00Z");
    let rel = env.file_of(&id);
    // The hook keeps the journal as the killed pm left it.
    hook(
        &env,
        "pre-commit",
        "cp .git/pm/pending.json ../pending.saved",
    );
    env.pm(&["timeline", "add", "first", "--at", "2026-11-26T09:05:00Z"])
        .ok();
    // The state the kill leaves: the journal of a process that is gone,
    // its private index, and the real index at the text before the entry.
    let dead = dead_pid();
    let saved = std::fs::read_to_string(env.home().join("pending.saved")).unwrap();
    let mut pending: serde_json::Value = serde_json::from_str(&saved).unwrap();
    pending["pid"] = dead.into();
    std::fs::write(env.path(".git/pm/pending.json"), pending.to_string()).unwrap();
    std::fs::write(env.path(&format!(".git/pm-index.{dead}")), "").unwrap();
    env.git(&["reset", "-q", "HEAD~1", "--", &rel]);
    env.write("other.txt", "the user's own work\n");
    env.git(&["add", "other.txt"]);
    let (head, index) = head_and_index_blob(&env, &rel);
    assert_ne!(head, index, "the staged revert was not set up");

    env.pm(&["timeline", "add", "second", "--at", "2026-11-26T09:06:00Z"])
        .ok()
        .stderr_has("put git's index back in line with the commit of pm process");
    assert_eq!(
        env.timeline_texts(&id)[1..],
        ["first".to_string(), "second".to_string()]
    );
    let committed = env.git(&["show", &format!("HEAD:{rel}")]);
    assert!(committed.contains("second") && committed.contains("first"));
    // No staged revert; the user's staged file is still staged, and only it.
    assert_eq!(
        env.git(&["status", "--porcelain", "--untracked-files=all"]),
        "A  other.txt\n"
    );
    assert!(!env.path(".git/pm/pending.json").exists());
    assert!(!env.path(&format!(".git/pm-index.{dead}")).exists());
}

/// patt25 K3: git's index locked right after the hooked commit (an IDE)
/// left a staged revert with exit 0. The warning now gives the command
/// that mends it, and the next pm write mends it too.
#[test]
fn an_index_locked_after_the_hooked_commit_is_mended_by_the_next_write() {
    let env = TestEnv::new();
    let id = env.new_pm("Index locked", "2026-11-26T09:00:00Z");
    let rel = env.file_of(&id);
    hook(&env, "post-commit", "touch .git/index.lock");
    let run = env
        .pm(&["timeline", "add", "locked", "--at", "2026-11-26T09:05:00Z"])
        .ok();
    assert!(
        run.stderr
            .contains(&format!("run `git reset -q HEAD -- {rel}` now")),
        "{}",
        run.stderr
    );
    std::fs::remove_file(env.path(".git/index.lock")).unwrap();
    std::fs::remove_file(env.path(".git/hooks/post-commit")).unwrap();
    let (head, index) = head_and_index_blob(&env, &rel);
    assert_ne!(head, index, "no staged revert: the test set nothing up");

    env.pm(&["timeline", "add", "next", "--at", "2026-11-26T09:06:00Z"])
        .ok();
    assert_eq!(
        env.timeline_texts(&id)[1..],
        ["locked".to_string(), "next".to_string()]
    );
    env.assert_clean();
}

/// fix28 leftover: the search-index and lint caches are written in
/// `.git/pm/` without the lock, while every write cleared all temporary
/// files there once it held the lock; a cache writer's temporary file
/// could vanish under it ("cannot replace ..."). Temporary files carry
/// their writer's pid now, and a write removes only those of processes
/// that are gone (and a pid-less one from an older pm only when it is
/// old).
#[test]
fn stale_temp_cleanup_removes_only_temps_of_dead_processes() {
    let env = TestEnv::new();
    let id = env.new_pm("Temps", "2026-11-26T09:00:00Z");
    let year = env.file_of(&id);
    let year = std::path::Path::new(&year)
        .parent()
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let mut live = Command::new("sleep").arg("60").spawn().unwrap();
    let dead = dead_pid();
    let live_pid = live.id();
    let temps = [
        (format!(".git/pm/.pm-{live_pid}-AbC123.tmp"), true),
        (format!(".git/pm/.pm-{dead}-XyZ789.tmp"), false),
        (format!("{year}/.pm-{live_pid}-DeF456.tmp"), true),
        (format!("{year}/.pm-{dead}-GhI012.tmp"), false),
        // An older pm's pid-less name, just written: maybe in flight.
        (".git/pm/.pm-JkL345.tmp".to_string(), true),
    ];
    for (path, _) in &temps {
        env.write(path, "half written");
    }
    env.pm(&[
        "timeline",
        "add",
        "cleans up",
        "--pm",
        &id,
        "--at",
        "2026-11-26 09:05",
    ])
    .ok();
    for (path, kept) in &temps {
        assert_eq!(env.path(path).exists(), *kept, "{path}");
    }
    live.kill().ok();
    live.wait().ok();
    // Once its writer is gone, the next write removes it.
    env.pm(&[
        "timeline",
        "add",
        "again",
        "--pm",
        &id,
        "--at",
        "2026-11-26 09:06",
    ])
    .ok();
    assert!(
        !env.path(&format!(".git/pm/.pm-{live_pid}-AbC123.tmp"))
            .exists()
    );
    assert!(
        !env.path(&format!("{year}/.pm-{live_pid}-DeF456.tmp"))
            .exists()
    );
    // A pid-less one is removed once it is old.
    let old = std::time::SystemTime::now() - Duration::from_secs(600);
    std::fs::File::options()
        .write(true)
        .open(env.path(".git/pm/.pm-JkL345.tmp"))
        .unwrap()
        .set_modified(old)
        .unwrap();
    env.pm(&[
        "timeline",
        "add",
        "third",
        "--pm",
        &id,
        "--at",
        "2026-11-26 09:07",
    ])
    .ok();
    assert!(!env.path(".git/pm/.pm-JkL345.tmp").exists());
    env.assert_clean();
}

/// patt27 D7: the clean-up took any old `.pm-*.tmp` for a temporary file
/// of pm's, so a person's `.pm-notes.tmp` (untracked, lost for good) and a
/// tracked `.pm-my-draft-notes.tmp` were deleted by the next write. Only
/// names pm makes (`.pm-PID-XXXXXX.tmp`, an older pm's `.pm-XXXXXX.tmp`)
/// are its own. Nor is a file git tracks, even named as pm names its own
/// (`.pm-99999-notes1.tmp`, as one could arrive by a pull): session 35's
/// write attack saw the next write delete it.
#[test]
fn stale_temp_cleanup_leaves_files_pm_did_not_name() {
    let env = TestEnv::new();
    let id = env.new_pm("Notes", "2026-11-26T09:00:00Z");
    let year = std::path::Path::new(&env.file_of(&id))
        .parent()
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let mine = [
        format!("{year}/.pm-xyz.tmp"),
        format!("{year}/.pm-my-draft-notes.tmp"),
        ".git/pm/.pm-12-notes.tmp".to_string(),
        format!("{year}/.pm-{}-notes1.tmp", dead_pid()),
        format!("{year}/.pm-abc123.tmp"),
    ];
    for path in &mine {
        env.write(path, "my notes\n");
    }
    env.git(&["add", "-f", &mine[1], &mine[3], &mine[4]]);
    env.git(&["commit", "-qm", "notes"]);
    let old = std::time::SystemTime::now() - Duration::from_secs(600);
    for path in &mine {
        std::fs::File::options()
            .write(true)
            .open(env.path(path))
            .unwrap()
            .set_modified(old)
            .unwrap();
    }
    env.pm(&[
        "timeline",
        "add",
        "x",
        "--pm",
        &id,
        "--at",
        "2026-11-26 09:52",
    ])
    .ok();
    for path in &mine {
        assert_eq!(env.read(path), "my notes\n", "{path}");
    }
    assert_eq!(
        env.git(&["status", "--porcelain"]),
        format!("?? {}\n", mine[0])
    );
}

/// A pm killed while `git commit` runs a slow pre-commit hook: git died
/// with it no more, finished after the hook, and committed from the
/// private index the next pm had cleared as stale, an empty tree that
/// deleted every file (session 35's attack). git now dies with pm: the
/// next write finishes the killed one's change from its journal, then
/// its own, and HEAD holds every file.
#[test]
fn a_pm_killed_during_a_slow_hook_leaves_no_empty_commit() {
    let env = TestEnv::new();
    let id = env.new_pm("Db down", "2026-11-26T09:00:00Z");
    let tracked = env.git(&["ls-tree", "-r", "--name-only", "HEAD"]);
    hook(&env, "pre-commit", "sleep 2\nexit 0");
    let mut first = env
        .pm_cmd(&["timeline", "add", "first", "--pm", &id])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(700));
    first.kill().ok();
    first.wait().ok();
    env.pm(&["timeline", "add", "second", "--pm", &id]).ok();
    // Past the end of the first's hook, had its git lived on.
    std::thread::sleep(Duration::from_secs(3));
    assert_eq!(
        env.git(&["ls-tree", "-r", "--name-only", "HEAD"]),
        tracked,
        "{}",
        env.git(&["log", "--stat", "-3"])
    );
    env.assert_clean();
    assert!(env.timeline_texts(&id).contains(&"second".to_string()));
    env.git(&["fsck", "--strict"]);
}
