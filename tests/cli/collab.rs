//! Many responders, many clones: the merge driver, `pm sync`, and what pm
//! says about conflicts. Real git: a bare remote and clones made with
//! `git clone`, pm run as separate processes, concurrently where it matters.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};

use crate::support::{Run, TestEnv, stdout_of};

/// A shared bare remote and clones of it, each with pm's driver installed.
struct Team {
    env: TestEnv,
    remote: PathBuf,
    id: String,
}

impl Team {
    /// A repository with one post-mortem, pushed to a new bare remote.
    fn new() -> Team {
        let env = TestEnv::new();
        let id = env.new_pm("Checkout latency spike", "2026-11-26T09:12:00Z");
        let branch = env.git(&["symbolic-ref", "--short", "HEAD"]);
        let remote = env.home().join("remote.git");
        let out = env
            .command("git")
            .args([
                "init",
                "--quiet",
                "--bare",
                "--initial-branch",
                branch.trim(),
            ])
            .arg(&remote)
            .output()
            .unwrap();
        assert!(out.status.success());
        env.git(&["remote", "add", "origin", remote.to_str().unwrap()]);
        env.git(&["push", "--quiet", "-u", "origin", "HEAD"]);
        Team { env, remote, id }
    }

    /// `git clone` of the remote; with `install`, `pm init` in it.
    fn clone(&self, name: &str, install: bool) -> PathBuf {
        let dir = self.env.home().join(name);
        stdout_of(
            self.env
                .command("git")
                .args(["clone", "--quiet"])
                .arg(&self.remote)
                .arg(&dir),
        );
        if install {
            self.pm(&dir, &["init"]).ok();
        }
        dir
    }

    fn pm(&self, dir: &Path, args: &[&str]) -> Run {
        let mut cmd = self.env.pm_cmd(args);
        cmd.current_dir(dir);
        self.env.run_cmd(cmd, None, args)
    }

    /// `pm action add TITLE --owner OWNER --due DUE` in `dir`.
    fn add_action(&self, dir: &Path, title: &str, owner: &str, due: &str) {
        self.pm(
            dir,
            &["action", "add", title, "--owner", owner, "--due", due],
        )
        .ok();
    }

    /// `pm ARGS` in `dir`, then `pm sync` there: a change shared at once.
    fn pm_and_sync(&self, dir: &Path, args: &[&str]) {
        self.pm(dir, args).ok();
        self.pm(dir, &["sync"]).ok();
    }

    fn git(&self, dir: &Path, args: &[&str]) -> Run {
        let mut cmd = self.env.command("git");
        cmd.args(args).current_dir(dir);
        let mut run = self.env.run_cmd(cmd, None, args);
        run.cmd = format!("git {}", args.join(" "));
        run
    }

    fn file(&self, dir: &Path) -> PathBuf {
        dir.join(self.env.file_of(&self.id))
    }

    fn text(&self, dir: &Path) -> String {
        std::fs::read_to_string(self.file(dir)).unwrap()
    }

    fn show(&self, dir: &Path) -> serde_json::Value {
        self.pm(dir, &["show", &self.id, "--json"]).ok().json()
    }

    /// The post-mortem as the remote's branch holds it.
    fn remote_text(&self) -> String {
        let file = self.env.file_of(&self.id);
        stdout_of(
            self.env
                .command("git")
                .arg("--git-dir")
                .arg(&self.remote)
                .args(["show", &format!("HEAD:{file}")]),
        )
    }
}

/// The setup most of these tests share: a team's remote with one
/// post-mortem and two clones of it, `a` and `b`, each with pm's driver
/// installed and in step with the remote.
fn two_synced_clones() -> (Team, PathBuf, PathBuf) {
    let team = Team::new();
    let a = team.clone("a", true);
    let b = team.clone("b", true);
    (team, a, b)
}

/// Write an executable script: a git hook, a stand-in for gpg.
fn write_script(path: &Path, text: &str) {
    std::fs::write(path, text).unwrap();
    let mut perms = std::fs::metadata(path).unwrap().permissions();
    std::os::unix::fs::PermissionsExt::set_mode(&mut perms, 0o755);
    std::fs::set_permissions(path, perms).unwrap();
}

/// Make `a`'s next push lose a race: its pre-push hook first pushes what
/// clone `b` has committed, once (and leaves `a/.git/raced` to say so), so
/// the remote refuses `a`'s push.
fn b_pushes_first_when_a_pushes(a: &Path, b: &Path) {
    write_script(
        &a.join(".git/hooks/pre-push"),
        &format!(
            "#!/bin/sh\nif [ ! -e '{raced}' ]; then touch '{raced}'; git -C '{}' push --quiet origin HEAD >&2; fi\nexit 0\n",
            b.display(),
            raced = a.join(".git/raced").display()
        ),
    );
}

fn texts(doc: &serde_json::Value, list: &str, field: &str) -> Vec<String> {
    doc[list]
        .as_array()
        .unwrap_or(&Vec::new())
        .iter()
        .map(|e| e[field].as_str().unwrap_or("").to_string())
        .collect()
}

/// One responder: 20 timeline entries and 5 action items, a `pm sync`
/// after every third change, in its own clone.
fn respond(team: &Team, dir: &Path, who: usize) {
    for i in 0..25 {
        if i % 5 == 4 {
            let title = format!("Clone {who} action {}", i / 5);
            team.add_action(dir, &title, "sre", "+2w");
        } else {
            let n = i - i / 5;
            let at = format!("2026-11-26T{}:{n:02}:00Z", 10 + who);
            let text = format!("Clone {who} entry {n}");
            team.pm(dir, &["timeline", "add", &text, "--at", &at]).ok();
        }
        if i % 3 == 2 {
            team.pm(dir, &["sync"]).ok();
        }
    }
}

#[test]
fn three_clones_writing_at_once_all_end_with_everything() {
    let team = Team::new();
    let clones: Vec<PathBuf> = (0..3)
        .map(|k| team.clone(&format!("clone{k}"), true))
        .collect();
    std::thread::scope(|scope| {
        for (who, dir) in clones.iter().enumerate() {
            let team = &team;
            scope.spawn(move || respond(team, dir, who));
        }
    });
    for _ in 0..2 {
        for dir in &clones {
            team.pm(dir, &["sync"]).ok();
        }
    }

    let mut expected_entries: Vec<String> = vec!["Impact started".into()];
    let mut expected_actions = Vec::new();
    for who in 0..3 {
        expected_entries.extend((0..20).map(|n| format!("Clone {who} entry {n}")));
        expected_actions.extend((0..5).map(|n| format!("Clone {who} action {n}")));
    }
    expected_entries.sort();
    expected_actions.sort();
    let head = team.git(&clones[0], &["rev-parse", "HEAD"]).ok().stdout;
    for dir in &clones {
        let doc = team.show(dir);
        let mut entries = texts(&doc, "timeline", "text");
        let times = texts(&doc, "timeline", "at");
        assert!(
            times.windows(2).all(|w| w[0] <= w[1]),
            "timeline order: {times:?}"
        );
        entries.sort();
        assert_eq!(entries, expected_entries);
        let mut actions = texts(&doc, "action_items", "title");
        actions.sort();
        assert_eq!(actions, expected_actions);
        let ids: HashSet<String> = texts(&doc, "action_items", "id").into_iter().collect();
        assert_eq!(ids.len(), 15, "action ids are unique");
        let text = team.text(dir);
        assert!(!text.contains("<<<<<<<") && !text.contains(">>>>>>>"));
        let lint = team.pm(dir, &["lint", "--format", "json"]);
        for finding in lint.json().as_array().unwrap() {
            let rule = finding["rule"].as_str().unwrap();
            assert!(
                ![
                    "parse-error",
                    "merge-conflict",
                    "duplicate-action-id",
                    "timeline-order"
                ]
                .contains(&rule),
                "merge damage: {finding}"
            );
        }
        lint.code(0);
        team.git(dir, &["fsck", "--no-progress"]).ok();
        assert_eq!(team.git(dir, &["rev-parse", "HEAD"]).ok().stdout, head);
        assert!(
            team.git(dir, &["status", "--porcelain"])
                .ok()
                .stdout
                .is_empty()
        );
    }

    // Plain git, not only pm sync, merges with the driver: two clones add
    // an entry at the same place (the end of the timeline), which a line
    // merge could not merge.
    let (a, b) = (&clones[0], &clones[1]);
    team.pm(
        a,
        &["timeline", "add", "From a", "--at", "2026-11-26T13:00:00Z"],
    )
    .ok();
    team.git(a, &["push", "--quiet"]).ok();
    team.pm(
        b,
        &["timeline", "add", "From b", "--at", "2026-11-26T13:01:00Z"],
    )
    .ok();
    team.git(b, &["pull", "--no-rebase", "--no-edit"]).ok();
    let entries = texts(&team.show(b), "timeline", "text");
    assert_eq!(&entries[entries.len() - 2..], ["From a", "From b"]);
    team.pm(b, &["action", "add", "From b", "--owner", "sre"])
        .ok();
    team.git(b, &["push", "--quiet"]).ok();
    // And `git pull --rebase`, with colliding action ids.
    let c = &clones[2];
    team.pm(c, &["action", "add", "From c", "--owner", "sre"])
        .ok();
    team.git(c, &["pull", "--rebase"])
        .ok()
        .stderr_has("the incoming one is now A17");
    let doc = team.show(c);
    assert_eq!(
        texts(&doc, "action_items", "id").last().map(String::as_str),
        Some("A17")
    );
    assert_eq!(texts(&doc, "timeline", "text").len(), 63);
    team.git(c, &["fsck", "--no-progress"]).ok();
}

#[test]
fn a_scalar_changed_differently_is_a_conflict_pm_explains() {
    let (team, a, b) = two_synced_clones();
    let file = team.env.file_of(&team.id);
    commit_severity(&team, &a, "SEV1");
    team.pm_and_sync(
        &a,
        &["timeline", "add", "From a", "--at", "2026-11-26T10:00:00Z"],
    );
    commit_severity(&team, &b, "SEV3");
    team.pm(
        &b,
        &["timeline", "add", "From b", "--at", "2026-11-26T10:05:00Z"],
    )
    .ok();

    // With plain git: the merge stops; pm explains the field and line.
    let pull = team.git(&b, &["pull", "--no-rebase", "--no-edit"]);
    assert_ne!(pull.code, 0);
    assert!(pull.stdout.contains("CONFLICT") || pull.stderr.contains("CONFLICT"));
    let text = team.text(&b);
    assert!(
        text.contains("status: draft\n<<<<<<< ours\nseverity: SEV3\n=======\nseverity: SEV1\n>>>>>>> theirs\ndate:"),
        "{text}"
    );
    // Only the severity: both timeline entries merged.
    assert!(text.contains("text: From a") && text.contains("text: From b"));
    for args in [
        vec!["show", team.id.as_str()],
        vec!["timeline", "list", team.id.as_str()],
        vec!["edit", team.id.as_str()],
    ] {
        team.pm(&b, &args).error(&[
            &file,
            "unresolved merge conflict in severity at line 12",
            "one side has `severity: SEV3`, the other `severity: SEV1`",
            "delete the marker lines",
        ]);
    }
    team.pm(&b, &["lint"])
        .code(1)
        .stdout_has("merge-conflict")
        .stdout_has("unresolved merge conflict in severity at line 12");
    team.pm(&b, &["list"])
        .stderr_has("unresolved merge conflict in severity at line 12");
    team.pm(&b, &["action", "list"])
        .stderr_has("unresolved merge conflict in severity at line 12");
    // In a merge (git pull), git's "ours" is b's own side.
    team.pm(&b, &["sync"])
        .code(1)
        .stderr_has("from others: `severity: SEV1`; yours: `severity: SEV3`");
    // pm does not commit into the middle of the merge.
    team.pm(
        &b,
        &["timeline", "add", "During", "--at", "2026-11-26T10:06:00Z"],
    )
    .error(&["a merge is in progress", "git merge --abort"]);
    // Resolve by hand (keep SEV1) and commit.
    let resolved = text
        .replace("<<<<<<< ours\nseverity: SEV3\n=======\n", "")
        .replace(">>>>>>> theirs\n", "");
    std::fs::write(team.file(&b), resolved).unwrap();
    team.git(&b, &["commit", "--quiet", "-am", "Resolve severity"])
        .ok();
    let doc = team.show(&b);
    assert_eq!(doc["severity"], "SEV1");
    team.pm(&b, &["lint"]).code(0);
    team.pm(&b, &["sync"]).ok().stdout_has("Pushed");
    team.pm(&a, &["sync"]).ok();
    assert_eq!(team.text(&a), team.text(&b));
}

/// After a `git pull` that stopped, `pm sync` commits the merge the person
/// resolved, says so, and pushes it.
#[test]
fn pm_sync_commits_the_merge_you_resolved_and_says_so() {
    let (team, a, b) = conflicting_severities();
    let pull = team.git(&b, &["pull", "--no-rebase", "--no-edit"]);
    assert_ne!(pull.code, 0);
    let text = team.text(&b);
    let resolved = text
        .replace("<<<<<<< ours\nseverity: SEV3\n=======\n", "")
        .replace(">>>>>>> theirs\n", "");
    assert_ne!(resolved, text);
    std::fs::write(team.file(&b), resolved).unwrap();
    team.pm(&b, &["sync"])
        .ok()
        .stdout_has("Committed the merge you resolved.")
        .stdout_has("Pushed");
    let log = team
        .git(&team.remote, &["log", "--format=%p", "-1"])
        .ok()
        .stdout;
    assert_eq!(log.split_whitespace().count(), 2, "a merge commit: {log}");
    team.pm(&a, &["sync"]).ok();
    assert_eq!(team.text(&a), team.text(&b));
}

#[test]
fn pm_sync_stops_at_a_conflict_and_continues_once_resolved() {
    let (team, a, b) = conflicting_severities();
    team.pm(&b, &["action", "add", "Mine", "--owner", "sre"])
        .ok();
    let before = team.git(&b, &["rev-list", "--count", "HEAD"]).ok().stdout;
    team.pm(&b, &["sync"])
        .code(1)
        .stderr_has("pm sync stopped")
        .stderr_has("unresolved merge conflict in severity at line 12")
        .stderr_has("from others: `severity: SEV1`; yours: `severity: SEV3`")
        .stderr_has("git rebase --abort");
    // Running it again without resolving says the same; nothing moves.
    team.pm(&b, &["sync"])
        .code(1)
        .stderr_has("severity at line 12");
    team.pm(&b, &["show", &team.id])
        .error(&["unresolved merge conflict in severity"]);
    let text = team.text(&b);
    let resolved = text
        .replace("<<<<<<< from others\nseverity: SEV1\n=======\n", "")
        .replace(">>>>>>> yours\n", "");
    assert_ne!(resolved, text);
    std::fs::write(team.file(&b), resolved).unwrap();
    team.pm(&b, &["sync"])
        .ok()
        .stdout_has("Finished the rebase with the conflict you resolved.")
        .stdout_has("From others (1 commit")
        // Fields in pm's words, not their YAML keys.
        .stdout_has(": changed the severity")
        .stdout_has("Pushed 2 commits");
    // Nothing lost: both local commits are on the remote.
    assert_eq!(
        team.git(&b, &["rev-list", "--count", "HEAD"])
            .ok()
            .stdout
            .trim()
            .parse::<usize>()
            .unwrap(),
        before.trim().parse::<usize>().unwrap() + 1
    );
    team.pm(&a, &["sync"]).ok();
    let doc = team.show(&a);
    assert_eq!(doc["severity"], "SEV3");
    assert_eq!(texts(&doc, "action_items", "title"), ["Mine"]);
}

/// Attack 78 D1: a conflict "resolved" by deleting only the marker lines
/// leaves two `severity:` keys, a file no pm can read. `pm sync` checks
/// the resolution as it checks a push, before it continues the rebase:
/// refused, exit 2, naming the file and line, with the rebase still in
/// progress (so `git rebase --abort` still goes back), and nothing
/// committed. Resolved properly, the same sync finishes and pushes.
#[test]
fn sync_does_not_continue_a_rebase_whose_resolution_no_pm_can_read() {
    let (team, _, b) = conflicted_rebase();
    let file = team.env.file_of(&team.id);
    let conflicted = team.text(&b);
    let markers_only: String = conflicted
        .lines()
        .filter(|l| !l.starts_with("<<<<<<<") && *l != "=======" && !l.starts_with(">>>>>>>"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(team.file(&b), &markers_only).unwrap();
    let remote = team.remote_text();
    let run = team.pm(&b, &["sync"]).error(&[
        "the rebase is not continued",
        &format!("{file}:13: duplicate key `severity`"),
        "then run `pm sync` again to finish the rebase and push",
        "the rebase is still in progress",
        "git rebase --abort",
    ]);
    assert!(
        !run.stderr.contains("nothing was changed"),
        "{}",
        run.stderr
    );
    assert!(b.join(".git/rebase-merge").is_dir(), "{}", run.stderr);
    assert_eq!(
        team.text(&b),
        markers_only,
        "the person's file as they left it"
    );
    assert_eq!(team.remote_text(), remote);
    // Still an operation git can abort, or pm can finish once fixed.
    let fixed = markers_only.replacen("severity: SEV1\n", "", 1);
    fs::write(team.file(&b), fixed).unwrap();
    team.pm(&b, &["sync"])
        .ok()
        .stdout_has("Finished the rebase with the conflict you resolved.")
        .stdout_has("Pushed 1 commit");
    assert!(team.remote_text().contains("severity: SEV3"));
}

/// Attack 78 D1, the merge path: after a `git pull` that stopped, a
/// resolution no pm can read is not committed by `pm sync`; the merge
/// stays in progress for `git merge --abort`.
#[test]
fn sync_does_not_commit_a_merge_whose_resolution_no_pm_can_read() {
    let (team, _, b) = conflicting_severities();
    assert_ne!(
        team.git(&b, &["pull", "--quiet", "--no-rebase", "--no-edit"])
            .code,
        0
    );
    let head = team.git(&b, &["rev-parse", "HEAD"]).ok().stdout;
    let text = team.text(&b);
    let markers_only = text
        .replace("<<<<<<< ours\n", "")
        .replace("=======\n", "")
        .replace(">>>>>>> theirs\n", "");
    fs::write(team.file(&b), markers_only).unwrap();
    team.pm(&b, &["sync"]).error(&[
        "the merge is not committed",
        "duplicate key `severity`",
        "git merge --abort",
    ]);
    assert_eq!(team.git(&b, &["rev-parse", "HEAD"]).ok().stdout, head);
    assert!(b.join(".git/MERGE_HEAD").is_file());
    team.git(&b, &["merge", "--abort"]).ok();
    assert!(team.text(&b).contains("severity: SEV3"));
}

/// Attack 78 D2: a remote that takes the connection and never answers
/// (a captive portal, a dead VPN) no longer holds `pm sync` or a
/// responder's `--sync` for ever: git is stopped after
/// `PM_NETWORK_TIMEOUT` seconds, with its helper, and pm says so, as for
/// a remote that cannot be reached (`--sync`: committed here, exit 0).
#[test]
fn a_remote_that_never_answers_is_given_up_on_in_time() {
    let team = Team::new();
    let a = team.clone("a", true);
    // An ssh that connects and then waits for ever, as a stalled link.
    let ssh = team.env.home().join("stalled-ssh");
    let pid_file = team.env.home().join("ssh.pid");
    write_script(
        &ssh,
        &format!(
            "#!/bin/sh\necho $$ > '{}'\nexec sleep 60\n",
            pid_file.display()
        ),
    );
    team.git(
        &a,
        &[
            "remote",
            "set-url",
            "origin",
            "ssh://stalled.invalid/team.git",
        ],
    )
    .ok();
    let sync = |args: &[&str]| {
        let mut cmd = team.env.pm_cmd(args);
        cmd.current_dir(&a)
            .env("GIT_SSH", &ssh)
            .env("PM_NETWORK_TIMEOUT", "1");
        let start = std::time::Instant::now();
        let run = team.env.run_cmd(cmd, None, args);
        assert!(start.elapsed().as_secs() < 15, "{}", run.stderr);
        run
    };
    let commits = team.git(&a, &["rev-list", "--count", "HEAD"]).ok().stdout;
    sync(&["sync"]).error(&[
        "not synced: the remote origin did not answer within 1 s",
        "PM_NETWORK_TIMEOUT",
        "your commits are safe here; nothing was changed",
    ]);
    // The helper git started is stopped with it, not left waiting (on a
    // busy machine git may be stopped before it started one).
    let pid = fs::read_to_string(&pid_file).unwrap_or_else(|_| "0".into());
    let stat = format!("/proc/{}/stat", pid.trim());
    let gone = (0..100).any(|_| {
        let state = fs::read_to_string(&stat).unwrap_or_default();
        let alive = state
            .rsplit(')')
            .next()
            .and_then(|s| s.split_whitespace().next())
            .is_some_and(|s| s != "Z" && s != "X");
        if alive {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        !alive
    });
    assert!(gone, "the stalled ssh {} is still running", pid.trim());
    let run = sync(&["timeline", "add", "Still here", "--at", "10:07", "--sync"]).ok();
    assert!(
        run.stderr.contains(
            "warning: committed here, but not synced: the remote origin did not answer within 1 s"
        ),
        "{}",
        run.stderr
    );
    let after = team.git(&a, &["rev-list", "--count", "HEAD"]).ok().stdout;
    assert_eq!(
        after.trim().parse::<u32>().unwrap(),
        commits.trim().parse::<u32>().unwrap() + 1
    );
    let mut cmd = team.env.pm_cmd(&["sync"]);
    cmd.current_dir(&a).env("PM_NETWORK_TIMEOUT", "soon");
    team.env
        .run_cmd(cmd, None, &["sync"])
        .error(&["PM_NETWORK_TIMEOUT=soon: not a number of seconds"]);
}

/// Whether process `pid` has ended (gone, or a zombie no one reaped),
/// waiting up to 20 s for it: pm gives a group it asked to stop 2 s.
fn ends_in_time(pid: &str) -> bool {
    let stat = format!("/proc/{}/stat", pid.trim());
    (0..400).any(|_| {
        let state = fs::read_to_string(&stat).unwrap_or_default();
        let alive = state
            .rsplit(')')
            .next()
            .and_then(|s| s.split_whitespace().next())
            .is_some_and(|s| s != "Z" && s != "X");
        if alive {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        !alive
    })
}

/// A clone whose remote is reached through `ssh`, a script that starts,
/// writes its pid into `ssh.pid` and never answers: with `stubborn`, it
/// ignores SIGTERM, SIGINT and SIGHUP too. (Team, clone, pid file.)
fn stalled_remote(stubborn: bool) -> (Team, PathBuf, PathBuf, PathBuf) {
    let team = Team::new();
    let a = team.clone("a", true);
    let ssh = team.env.home().join("stalled-ssh");
    let pid_file = team.env.home().join("ssh.pid");
    let trap = if stubborn {
        "trap '' TERM INT HUP\n"
    } else {
        ""
    };
    write_script(
        &ssh,
        &format!(
            "#!/bin/sh\n{trap}echo $$ > '{}.tmp' && mv '{0}.tmp' '{0}'\nexec sleep 120\n",
            pid_file.display()
        ),
    );
    team.git(
        &a,
        &[
            "remote",
            "set-url",
            "origin",
            "ssh://stalled.invalid/team.git",
        ],
    )
    .ok();
    (team, a, ssh, pid_file)
}

/// `pm sync` started in `dir` and left running, its standard error in
/// `err`.
fn sync_in_background(
    team: &Team,
    dir: &Path,
    ssh: &Path,
    limit: &str,
    err: &Path,
) -> std::process::Child {
    let mut cmd = team.env.pm_cmd(&["sync"]);
    cmd.current_dir(dir)
        .env("GIT_SSH", ssh)
        .env("PM_NETWORK_TIMEOUT", limit)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(fs::File::create(err).unwrap());
    cmd.spawn().unwrap()
}

/// The pid the stalled ssh wrote, once it has (within 20 s).
fn pid_when_written(pid_file: &Path) -> String {
    for _ in 0..400 {
        if let Ok(pid) = fs::read_to_string(pid_file) {
            return pid;
        }
        std::thread::sleep(std::time::Duration::from_millis(50));
    }
    panic!("the stalled ssh did not start");
}

/// Attack 80 D3: git's ssh outlives neither pm's time limit nor pm
/// itself. An ssh that ignores SIGTERM is killed once the limit's grace
/// period is over; and when pm is ended by SIGTERM (a cancelled CI job,
/// `timeout pm sync`) or SIGKILL, git and its ssh end with it rather
/// than wait for ever on their own.
#[test]
fn git_and_its_ssh_never_outlive_pm() {
    let (team, a, ssh, pid_file) = stalled_remote(true);
    let mut cmd = team.env.pm_cmd(&["sync"]);
    cmd.current_dir(&a)
        .env("GIT_SSH", &ssh)
        .env("PM_NETWORK_TIMEOUT", "1");
    team.env.run_cmd(cmd, None, &["sync"]).error(&[
        "not synced: the remote origin did not answer within 1 s",
        "your commits are safe here; nothing was changed",
    ]);
    // On a busy machine git may be stopped before it started ssh.
    if let Ok(pid) = fs::read_to_string(&pid_file) {
        assert!(
            ends_in_time(&pid),
            "the ssh {} outlived pm's limit",
            pid.trim()
        );
    }
    let err = team.env.home().join("sync.err");
    for (signal, number) in [("TERM", 15), ("KILL", 9)] {
        fs::remove_file(&pid_file).ok();
        let mut pm = sync_in_background(&team, &a, &ssh, "300", &err);
        let pid = pid_when_written(&pid_file);
        let sent = team
            .env
            .command("kill")
            .args([&format!("-{signal}"), &pm.id().to_string()])
            .status()
            .unwrap();
        assert!(sent.success());
        let status = pm.wait().unwrap();
        assert_eq!(
            std::os::unix::process::ExitStatusExt::signal(&status),
            Some(number),
            "pm ends of SIGTERM as it did before: {status:?}"
        );
        assert!(
            ends_in_time(&pid),
            "after SIG{signal} to pm, its ssh {} is still running",
            pid.trim()
        );
    }
    // Nothing was changed: the next sync finds the clone as it was.
    team.git(&a, &["status", "--porcelain"]).ok();
    assert!(!a.join(".git/rebase-merge").exists());
}

/// Attack 82 D4: pm hands its terminal to git's process group while git
/// runs; killed outright (SIGKILL, no handler runs), pm cannot take it
/// back, so the watcher gives it to pm's group again. A script that ran
/// `pm sync` and saw it killed reads its next line from the terminal
/// instead of being stopped (SIGTTIN) in the background.
#[test]
fn a_killed_sync_leaves_the_terminal_to_the_script_that_ran_it() {
    let (team, a, ssh, pid_file) = stalled_remote(true);
    let pm_pid = team.env.home().join("pm.pid");
    let script = format!(
        "{pm} sync & echo $! > {pid}; wait; read -r line; echo \"got:$line\"",
        pm = env!("CARGO_BIN_EXE_pm"),
        pid = pm_pid.display()
    );
    let mut cmd = team.env.command("bash");
    cmd.args(["-c", &script])
        .current_dir(&a)
        .env("GIT_SSH", &ssh)
        .env("PM_NETWORK_TIMEOUT", "300");
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn bash in a pty");
    let ssh_pid = pid_when_written(&pid_file);
    let pm = fs::read_to_string(&pm_pid).unwrap();
    let sent = team
        .env
        .command("kill")
        .args(["-KILL", pm.trim()])
        .status()
        .unwrap();
    assert!(sent.success());
    assert!(ends_in_time(&ssh_pid), "the ssh outlived pm");
    p.send_line("hello").unwrap();
    p.exp_string("got:hello").unwrap();
}

/// Attack 80 D5: with no time limit (`PM_NETWORK_TIMEOUT=0`) pm still
/// says after 5 s what it is waiting for, and what stops it; and SIGINT
/// to pm (git no longer shares its process group, so pm passes it on)
/// ends git and its ssh too.
#[test]
fn with_no_time_limit_pm_says_what_it_waits_for() {
    let (team, a, ssh, pid_file) = stalled_remote(false);
    let err = team.env.home().join("sync.err");
    let mut pm = sync_in_background(&team, &a, &ssh, "0", &err);
    let pid = pid_when_written(&pid_file);
    let said = (0..400).any(|_| {
        let text = fs::read_to_string(&err).unwrap_or_default();
        let found = text.contains("pm sync: waiting for the remote origin to answer (git fetch); PM_NETWORK_TIMEOUT=0: pm waits as long as it takes (Ctrl-C stops it)");
        if !found {
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        found
    });
    let sent = team
        .env
        .command("kill")
        .args(["-INT", &pm.id().to_string()])
        .status()
        .unwrap();
    assert!(sent.success());
    pm.wait().unwrap();
    assert!(said, "{}", fs::read_to_string(&err).unwrap_or_default());
    assert!(
        ends_in_time(&pid),
        "after SIGINT to pm, its ssh {} is still running",
        pid.trim()
    );
}

/// Attack 80 D4: a PM_NETWORK_TIMEOUT pm refuses is a usage error of
/// the sync a `--sync` or `sync: auto` command ends with: refused before
/// anything is written (exit 2, nothing committed), not found after the
/// commit. A command that writes nothing is not held up by it, and an
/// empty value is the default.
#[test]
fn a_bad_network_timeout_is_refused_before_a_syncing_command_writes() {
    let (team, a, _) = two_synced_clones();
    let head = team.git(&a, &["rev-parse", "HEAD"]).ok().stdout;
    let text = team.text(&a);
    let run = |args: &[&str], value: &str| {
        let mut cmd = team.env.pm_cmd(args);
        cmd.current_dir(&a).env("PM_NETWORK_TIMEOUT", value);
        team.env.run_cmd(cmd, None, args)
    };
    let unchanged = || {
        assert_eq!(team.git(&a, &["rev-parse", "HEAD"]).ok().stdout, head);
        assert_eq!(team.text(&a), text);
        assert_eq!(team.git(&a, &["status", "--porcelain"]).ok().stdout, "");
    };
    run(
        &["timeline", "add", "Paged", "--at", "10:07", "--sync"],
        "abc",
    )
    .error(&[
        "PM_NETWORK_TIMEOUT=abc: not a number of seconds",
        "PM_NETWORK_TIMEOUT=120 (0 waits for ever; empty or unset, 60)",
        "nothing was changed",
    ]);
    unchanged();
    // `sync: auto`, committed and pushed first.
    let config = fs::read_to_string(a.join("pm.yaml"))
        .unwrap()
        .replace("sync: manual", "sync: auto");
    fs::write(a.join("pm.yaml"), config).unwrap();
    team.git(&a, &["commit", "--quiet", "-am", "sync: auto"])
        .ok();
    team.git(&a, &["push", "--quiet"]).ok();
    let head = team.git(&a, &["rev-parse", "HEAD"]).ok().stdout;
    run(&["action", "add", "Alert on p99", "--owner", "sre"], "-5").error(&[
        "PM_NETWORK_TIMEOUT=-5: not a number of seconds",
        "nothing was changed",
    ]);
    assert_eq!(team.git(&a, &["rev-parse", "HEAD"]).ok().stdout, head);
    assert_eq!(team.git(&a, &["status", "--porcelain"]).ok().stdout, "");
    run(&["list"], "abc").ok();
    // Empty: the default (60 s); the change is made and shared.
    run(&["timeline", "add", "Paged", "--at", "10:07"], "")
        .ok()
        .stdout_has("Pushed 1 commit");
    assert!(team.remote_text().contains("text: Paged"));
}

/// Attack 78 D3: a post-mortem that came in with a byte that is not
/// UTF-8 is said to be so, at its line and column, as `pm show` says it
/// (it was said to lack `pm:`); and a push of one is refused at its line
/// and column.
#[test]
fn a_file_that_is_not_utf8_is_named_so_coming_in_and_going_out() {
    let (team, a, b) = two_synced_clones();
    let file = team.env.file_of(&team.id);
    // `latency` in Latin-1 (`latenc\xe9`): the bad byte is at column 23.
    let bad = |dir: &Path| {
        let text = team.text(dir);
        let (before, after) = text.split_once("title: Checkout latency").unwrap();
        let mut bytes = format!("{before}title: Checkout latenc").into_bytes();
        bytes.push(0xe9);
        bytes.extend_from_slice(after.as_bytes());
        fs::write(team.file(dir), bytes).unwrap();
        team.git(dir, &["commit", "--quiet", "-am", "latin-1"]).ok();
    };
    bad(&a);
    let line = team
        .text(&b)
        .lines()
        .position(|l| l.starts_with("title:"))
        .unwrap()
        + 1;
    // Refused when pm would push it.
    team.pm(&a, &["sync"]).error(&[
        &format!("{file}:{line}:23: not valid UTF-8 text (save the file as UTF-8)"),
        "save it as UTF-8",
    ]);
    // Pushed with git anyway: the others are told what is wrong with it.
    team.git(&a, &["push", "--quiet"]).ok();
    team.pm(&b, &["sync"]).ok().stdout_has(&format!(
        "came in as a file pm cannot read (line {line}, column 23: not valid UTF-8 text"
    ));
    team.pm(&b, &["show", &team.id])
        .error(&[&format!("{file}:{line}:23: not valid UTF-8 text")]);
}

/// Attack 78 D4: a push refused (here by a pre-push hook) after pm sync
/// rebased the branch onto what came in does not claim that nothing
/// changed: it says the branch moved and how to go back.
#[test]
fn a_push_refused_after_a_rebase_says_the_branch_moved() {
    let (team, a, b) = two_synced_clones();
    team.pm_and_sync(&a, &["timeline", "add", "alice", "--at", "10:01"]);
    team.pm(&b, &["timeline", "add", "bob", "--at", "10:00"])
        .ok();
    let was = team.git(&b, &["rev-parse", "HEAD"]).ok().stdout;
    let short = &was.trim()[..8];
    write_script(
        &b.join(".git/hooks/pre-push"),
        "#!/bin/sh\necho 'pre-push: tests failed' >&2\nexit 1\n",
    );
    let run = team.pm(&b, &["sync"]).error(&[
        "was refused",
        "pre-push: tests failed",
        "pm sync brought the others' commits in: your branch is now on top of origin/",
        &format!("it was at {short} (`git reset --hard {short}` goes back to it)"),
    ]);
    assert!(
        !run.stderr.contains("nothing was changed"),
        "{}",
        run.stderr
    );
    assert_ne!(team.git(&b, &["rev-parse", "HEAD"]).ok().stdout, was);
}

/// Attack 80 D1: with the merge driver's program gone, `git pull` leaves
/// a post-mortem both sides changed unmerged, with only our side's text
/// and no markers. `pm sync` used to call that "the merge you resolved",
/// commit it and push: the other side's timeline entry was lost. Now it
/// refuses (exit 2, naming the file), the merge stays in progress and
/// nothing is pushed; given up with `git merge --abort`, `pm sync` merges
/// the post-mortem itself and both entries reach the remote.
#[test]
fn sync_never_commits_a_post_mortem_no_merge_touched() {
    let (team, a, b) = two_synced_clones();
    team.pm_and_sync(&b, &["timeline", "add", "B: rollback started"]);
    team.pm(&a, &["timeline", "add", "A: paged"]).ok();
    team.git(
        &a,
        &[
            "config",
            "merge.pm.driver",
            "pm-old-gone merge-driver --marker-size %L %O %A %B %P",
        ],
    )
    .ok();
    team.git(&a, &["-c", "pull.rebase=false", "pull", "--quiet"])
        .code(1);
    let ours_only = team.text(&a);
    assert!(
        ours_only.contains("A: paged") && !ours_only.contains("B: rollback"),
        "{ours_only}"
    );
    let remote_before = team.remote_text();
    team.pm(&a, &["sync"])
        .code(2)
        .stderr_has("the merge is not finished")
        .stderr_has(&team.env.file_of(&team.id))
        .stderr_has("git merge --abort");
    assert_eq!(team.remote_text(), remote_before);
    assert!(a.join(".git/MERGE_HEAD").exists());
    team.git(&a, &["merge", "--abort"]).ok();
    team.pm(&a, &["init"]).ok();
    team.pm(&a, &["sync"]).ok();
    let merged = team.remote_text();
    assert!(
        merged.contains("A: paged") && merged.contains("B: rollback started"),
        "{merged}"
    );
}

/// Attack 78 D7: a driver command whose program is a name no folder on
/// PATH holds gets the hint, as a path that no longer exists does: every
/// merge of a post-mortem would otherwise be a conflict without markers.
#[test]
fn a_driver_program_not_on_path_gets_the_hint() {
    let team = Team::new();
    let b = team.clone("b", true);
    team.git(
        &b,
        &[
            "config",
            "merge.pm.driver",
            "pm-old-gone merge-driver --marker-size %L %O %A %B %P",
        ],
    )
    .ok();
    team.pm(&b, &["list"])
        .ok()
        .stderr_has("the merge driver for post-mortems runs `pm-old-gone`, which is not on PATH");
    team.pm(&b, &["init"])
        .ok()
        .stdout_has("Installed the merge driver");
    let list = team.pm(&b, &["list"]).ok();
    assert!(!list.stderr.contains("hint"), "{}", list.stderr);
}

#[test]
fn a_clone_without_the_driver_gets_a_hint_and_pm_init_installs_it() {
    let team = Team::new();
    let a = team.clone("a", true);
    let b = team.clone("b", false);
    let hint = "this clone has no merge driver for post-mortems";
    let run = team.pm(&b, &["list"]).ok();
    assert_eq!(run.stderr.matches(hint).count(), 1, "{}", run.stderr);
    assert_eq!(run.stderr.lines().count(), 1);
    team.pm(&b, &["init"])
        .ok()
        .stdout_has("Installed the merge driver");
    let driver = team.git(&b, &["config", "merge.pm.driver"]).ok().stdout;
    assert!(driver.contains("merge-driver"), "{driver}");
    assert!(!team.pm(&b, &["list"]).ok().stderr.contains(hint));
    team.pm(&b, &["init"]).ok().stdout_has("nothing changed");
    // Not in CI logs: a CI checkout never merges.
    let c = team.clone("c", false);
    let mut cmd = team.env.pm_cmd(&["list"]);
    cmd.current_dir(&c).env("CI", "true");
    assert!(
        team.env
            .run_cmd(cmd, None, &["list"])
            .ok()
            .stderr
            .is_empty()
    );
    // The next pull merges concurrent entries at the same place cleanly.
    team.pm(
        &a,
        &["timeline", "add", "From a", "--at", "2026-11-26T10:00:00Z"],
    )
    .ok();
    team.git(&a, &["push", "--quiet"]).ok();
    team.pm(
        &b,
        &["timeline", "add", "From b", "--at", "2026-11-26T10:01:00Z"],
    )
    .ok();
    team.git(&b, &["pull", "--no-rebase", "--no-edit"]).ok();
    let entries = texts(&team.show(&b), "timeline", "text");
    assert_eq!(entries, ["Impact started", "From a", "From b"]);
}

#[test]
fn pm_init_adds_the_attributes_to_an_older_repository() {
    let team = Team::new();
    let a = team.clone("a", false);
    // A repository made by an older pm: no merge=pm in .gitattributes.
    let old = "# Written by pm init.\npostmortems/**/*.yaml text eol=lf\npm.yaml text eol=lf\n";
    std::fs::write(a.join(".gitattributes"), old).unwrap();
    team.git(&a, &["commit", "--quiet", "-am", "old attributes"])
        .ok();
    team.pm(&a, &["init"])
        .ok()
        .stdout_has("Added merge=pm for post-mortems to .gitattributes (committed)")
        .stdout_has("Installed the merge driver");
    let text = std::fs::read_to_string(a.join(".gitattributes")).unwrap();
    assert!(text.starts_with(old), "the person's lines stay: {text}");
    assert!(text.contains("postmortems/**/*.yaml merge=pm\n"));
    let attr = team
        .git(
            &a,
            &["check-attr", "merge", "--", &team.env.file_of(&team.id)],
        )
        .ok()
        .stdout;
    assert!(attr.trim().ends_with("merge: pm"), "{attr}");
    assert!(
        team.git(&a, &["status", "--porcelain"])
            .ok()
            .stdout
            .is_empty()
    );
    team.pm(&a, &["init"]).ok().stdout_has("nothing changed");
}

/// A `.gitattributes` written on Windows keeps CRLF on every line, the
/// ones pm adds too.
#[test]
fn pm_init_adds_its_attributes_with_the_files_line_endings() {
    let team = Team::new();
    let a = team.clone("a", false);
    let old = "# Ours.\r\n*.bat text eol=crlf\r\n";
    std::fs::write(a.join(".gitattributes"), old).unwrap();
    team.git(&a, &["commit", "--quiet", "-am", "windows attributes"])
        .ok();
    team.pm(&a, &["init"])
        .ok()
        .stdout_has("Added merge=pm for post-mortems to .gitattributes (committed)");
    let text = std::fs::read_to_string(a.join(".gitattributes")).unwrap();
    assert!(text.starts_with(old), "{text:?}");
    assert!(
        text.contains("postmortems/**/*.yaml merge=pm\r\n"),
        "{text:?}"
    );
    assert_eq!(
        text.matches('\n').count(),
        text.matches("\r\n").count(),
        "{text:?}"
    );
}

/// Two responders add A1 at once; the one who syncs second has theirs
/// renumbered A2, and the replayed commits' messages say A2 (the add and a
/// later change of the same item), so the history names the right item.
#[test]
fn renumbered_items_are_named_by_their_new_id_in_replayed_commits() {
    let (team, a, b) = two_synced_clones();
    team.add_action(&a, "Alert on queue age", "sre", "2026-12-10");
    team.pm(&a, &["sync"]).ok();
    team.add_action(&b, "Load test checkout", "sre", "2026-12-10");
    team.pm(&b, &["action", "done", &format!("{}#A1", team.id)])
        .ok();
    team.pm(&b, &["sync"])
        .ok()
        .stdout_has("your action item A1 is now A2");
    let log = team.git(&b, &["log", "--format=%s", "-3"]).ok().stdout;
    let subjects: Vec<&str> = log.lines().collect();
    assert!(
        subjects[0].contains("A2") && !subjects[0].contains("A1"),
        "{log}"
    );
    assert!(
        subjects[1].contains("add A2: Load test checkout") && !subjects[1].contains("A1"),
        "{log}"
    );
    assert!(subjects[2].contains("add A1: Alert on queue age"), "{log}");
}

#[test]
fn sync_without_an_upstream_says_how_to_add_one() {
    let env = TestEnv::new();
    env.pm(&["sync"]).error(&[
        "has no upstream",
        "git remote add origin URL",
        "git push -u origin",
    ]);
    let remote = env.home().join("r.git");
    env.git(&["init", "--quiet", "--bare", remote.to_str().unwrap()]);
    env.git(&["remote", "add", "team", remote.to_str().unwrap()]);
    env.pm(&["sync"])
        .error(&["has no upstream", "git push -u team"]);
}

/// A remote that has gone away: git's first line is the error, and its
/// other lines follow a line each, as git printed them (they were joined
/// with "; " into one long line), before what to do.
#[test]
fn a_failed_fetch_shows_gits_lines_one_per_line() {
    let env = TestEnv::new();
    let remote = env.home().join("gone.git");
    env.git(&["init", "--quiet", "--bare", remote.to_str().unwrap()]);
    env.git(&["remote", "add", "origin", remote.to_str().unwrap()]);
    env.git(&["push", "--quiet", "-u", "origin", "HEAD"]);
    std::fs::remove_dir_all(&remote).unwrap();
    let run = env.pm(&["sync"]).error(&[
        "git fetch origin failed: fatal: ",
        "\n  git: fatal: Could not read from remote repository.\n",
        "  check the network and your access to the remote",
        "  your commits are safe here; nothing was changed",
    ]);
    // Each of git's lines ends where git ended it.
    assert!(
        run.stderr
            .contains("does not appear to be a git repository\n"),
        "{}",
        run.stderr
    );
}

/// fix40, attack 80: what pm writes into the user's repository and what
/// it prints about sharing points at what a user of the binary can open
/// (`pm sync --help`, which explains the setup itself), never at
/// `docs/collaboration.md`, a path of pm's source tree the user lacks,
/// nor at a documentation file they may not have.
#[test]
fn init_and_sync_point_at_pms_documentation_not_a_source_path() {
    let env = TestEnv::empty();
    let init = env.pm(&["init"]).ok();
    assert!(!init.stdout.contains("docs/"), "{}", init.stdout);
    assert!(
        init.stdout.contains(
            "Post-mortems merge by meaning in this clone (`pm sync --help` says how to share them)"
        ),
        "{}",
        init.stdout
    );
    let attributes = env.read(".gitattributes");
    assert!(!attributes.contains("docs/"), "{attributes}");
    assert!(
        attributes.starts_with("# Written by pm init: LF line endings, and merges by meaning (`pm sync --help` says how).\n"),
        "{attributes}"
    );
    // No upstream and no remote: the help shows the whole setup.
    let sync = env.pm(&["sync"]).error(&[
        "has no upstream",
        "  `pm sync --help` shows the whole setup",
    ]);
    assert!(!sync.stderr.contains("docs/"), "{}", sync.stderr);
    // `pm sync --help` (and so its manual page) explains it, naming no
    // file of pm's documentation.
    let help = env.pm(&["sync", "--help"]).ok();
    // As one line: the help is wrapped to the terminal's width.
    let flat = help.stdout.split_whitespace().collect::<Vec<_>>().join(" ");
    for said in [
        "git remote add origin URL",
        "git push -u origin main",
        "`pm init` in each clone",
        "sync: auto",
        "PM_NETWORK_TIMEOUT",
    ] {
        assert!(flat.contains(said), "{said}: {}", help.stdout);
    }
    assert!(!help.stdout.contains(".md"), "{}", help.stdout);
    // Out of git, the hint names the help that explains it.
    let bare = TestEnv::empty();
    bare.write("pm.yaml", "sync: manual\n");
    std::fs::create_dir_all(bare.path("postmortems")).unwrap();
    bare.pm(&["sync"]).error(&[
        "is not in a git repository",
        "  pm sync shares commits through git; see `pm sync --help`",
    ]);
    // An older repository's .gitattributes gets pm's lines with the same words.
    let team = Team::new();
    let a = team.clone("a", false);
    std::fs::write(a.join(".gitattributes"), "# Ours.\n").unwrap();
    team.git(&a, &["commit", "--quiet", "-am", "attributes of our own"])
        .ok();
    team.pm(&a, &["init"]).ok();
    let text = std::fs::read_to_string(a.join(".gitattributes")).unwrap();
    assert!(
        text.starts_with("# Ours.\n# Merge post-mortems by meaning (pm merge-driver; `pm sync --help` says how).\n"),
        "{text}"
    );
}

#[test]
fn sync_no_push_brings_changes_in_only() {
    let (team, a, b) = two_synced_clones();
    team.pm(
        &a,
        &["timeline", "add", "From a", "--at", "2026-11-26T10:00:00Z"],
    )
    .ok();
    team.pm(&a, &["sync"]).ok().stdout_has("Pushed 1 commit");
    team.pm(
        &b,
        &["timeline", "add", "From b", "--at", "2026-11-26T10:01:00Z"],
    )
    .ok();
    let remote_before = team.git(&b, &["ls-remote", "origin", "HEAD"]).ok().stdout;
    team.pm(&b, &["sync", "--no-push"])
        .ok()
        .stdout_has("1 timeline entry")
        .stdout_has("Not pushed (--no-push): 1 local commit ahead");
    assert_eq!(
        team.git(&b, &["ls-remote", "origin", "HEAD"]).ok().stdout,
        remote_before
    );
    let entries = texts(&team.show(&b), "timeline", "text");
    assert_eq!(entries, ["Impact started", "From a", "From b"]);
    // Uncommitted changes: refused, nothing changed.
    std::fs::write(team.file(&b), team.text(&b) + "# note\n").unwrap();
    team.pm(&b, &["sync"])
        .error(&["uncommitted changes", "git stash"]);
}

#[test]
fn timeline_add_sync_and_sync_auto_share_at_once() {
    let (team, a, b) = two_synced_clones();
    team.pm(
        &a,
        &[
            "timeline",
            "add",
            "Shared",
            "--at",
            "2026-11-26T10:00:00Z",
            "--sync",
        ],
    )
    .ok()
    .stdout_has("Pushed 1 commit");
    team.pm(
        &b,
        &[
            "timeline",
            "add",
            "Local",
            "--at",
            "2026-11-26T10:01:00Z",
            "--no-commit",
            "--sync",
        ],
    )
    .error(&["--sync", "--no-commit"]);
    // sync: auto in pm.yaml: every committed change is synced.
    let config = std::fs::read_to_string(b.join("pm.yaml"))
        .unwrap()
        .replace("sync: manual", "sync: auto");
    std::fs::write(b.join("pm.yaml"), config).unwrap();
    team.git(&b, &["commit", "--quiet", "-am", "sync: auto"])
        .ok();
    team.pm(&b, &["action", "add", "Auto", "--owner", "sre"])
        .ok()
        .stdout_has("1 timeline entry")
        .stdout_has("Pushed 2 commits");
    team.pm(&a, &["sync"]).ok();
    let doc = team.show(&a);
    assert_eq!(
        texts(&doc, "timeline", "text"),
        ["Impact started", "Shared"]
    );
    assert_eq!(texts(&doc, "action_items", "title"), ["Auto"]);
    // Offline (the remote is gone): the entry is committed, sync warns.
    std::fs::rename(&team.remote, team.env.home().join("gone.git")).unwrap();
    let run = team
        .pm(
            &b,
            &["timeline", "add", "Offline", "--at", "2026-11-26T10:02:00Z"],
        )
        .ok();
    assert!(
        run.stderr.contains("committed here, but not synced"),
        "{}",
        run.stderr
    );
    assert!(team.text(&b).contains("text: Offline"));
}

#[test]
fn a_push_refused_because_someone_pushed_first_is_retried() {
    let (team, a, b) = two_synced_clones();
    // b has a commit ready; a's pre-push hook pushes it once, just before
    // a's own push reaches the remote: a's push is then refused.
    team.pm(
        &b,
        &["timeline", "add", "From b", "--at", "2026-11-26T10:01:00Z"],
    )
    .ok();
    b_pushes_first_when_a_pushes(&a, &b);
    team.pm(
        &a,
        &["timeline", "add", "From a", "--at", "2026-11-26T10:00:00Z"],
    )
    .ok();
    team.pm(&a, &["sync"])
        .ok()
        .stdout_has("From others (1 commit")
        .stdout_has("Pushed 1 commit");
    assert!(a.join(".git/raced").exists());
    team.pm(&b, &["sync"]).ok();
    let entries = texts(&team.show(&b), "timeline", "text");
    assert_eq!(entries, ["Impact started", "From a", "From b"]);
}

#[test]
fn a_push_refused_for_good_is_an_error_that_keeps_the_commit() {
    let team = Team::new();
    let a = team.clone("a", true);
    write_script(
        &team.remote.join("hooks/pre-receive"),
        "#!/bin/sh\necho 'protected branch' >&2\nexit 1\n",
    );
    team.pm(
        &a,
        &["timeline", "add", "Kept", "--at", "2026-11-26T10:00:00Z"],
    )
    .ok();
    let head = team.git(&a, &["rev-parse", "HEAD"]).ok().stdout;
    team.pm(&a, &["sync"])
        .error(&["was refused", "pull request", "your commits are safe"]);
    assert_eq!(team.git(&a, &["rev-parse", "HEAD"]).ok().stdout, head);
}

/// An item the remote already has is not removed: its id would go to the
/// next item added, and another clone's change to it (done, a note) would
/// merge into that new item, silently (session 36's collaboration attack:
/// Bob's "done" landed on Alice's new item). Dropping keeps it; `--force`
/// removes it, and the next item added still takes a new id, so Bob's
/// change to the old one is a conflict git and pm name, never a change to
/// the wrong item.
#[test]
fn an_item_others_have_is_dropped_not_removed_and_its_id_never_reused() {
    let (team, a, b) = two_synced_clones();
    team.add_action(&a, "Alert on replica lag", "sre", "+1w");
    team.add_action(&a, "Old item", "olga", "+1w");
    team.pm(&a, &["sync"]).ok();
    team.pm(&b, &["sync"]).ok();
    // Alice: $ pm action rm A2
    let before = team.text(&a);
    team.pm(&a, &["action", "rm", "A2"]).error(&[
        "#A2 is on origin/",
        "already, so others may have it and change it",
        "pm action drop A2 --reason \"added by mistake\"",
        "--force",
        "nothing was changed",
    ]);
    assert_eq!(team.text(&a), before);
    // An item not pushed yet is removed as before.
    team.add_action(&a, "Typo item", "sre", "+1w");
    team.pm(&a, &["action", "rm", "A3"]).ok();
    // With --force, A2 goes; the next item is A3, not A2: the remote's A2
    // keeps its id.
    team.pm(&a, &["action", "rm", "A2", "--force"]).ok();
    team.add_action(&a, "Brand new item", "nina", "+2w");
    let show = team.show(&a);
    assert_eq!(texts(&show, "action_items", "id"), ["A1", "A3"]);
    team.pm(&a, &["sync"]).ok();
    // Bob closes the old A2; his sync stops at the conflict (removed on
    // one side, changed on the other) instead of closing Alice's item.
    team.pm(
        &b,
        &["action", "done", "A2", "--note", "finished the old thing"],
    )
    .ok();
    let sync = team.pm(&b, &["sync"]);
    assert_eq!(sync.code, 1, "{}{}", sync.stdout, sync.stderr);
    let remote = team.remote_text();
    assert!(remote.contains("title: Brand new item"), "{remote}");
    assert!(!remote.contains("finished the old thing"), "{remote}");
    let new_item = remote.split("title: Brand new item").nth(1).unwrap();
    assert!(new_item.contains("status: open"), "{remote}");
}

/// A criss-cross: Alice merges Bob's review branch while Bob merges main,
/// so each clone has both new items, numbered each its own way (Alice: A2
/// hers, A3 his; Bob: A2 his, A3 hers). Bob's `pm sync` then pushed her
/// item twice, as A2 and A4 (session 36's collaboration attack). Now the
/// remote keeps three items, each once, with the ids it had.
#[test]
fn a_criss_cross_of_branches_never_duplicates_an_item() {
    let (team, a, b) = two_synced_clones();
    team.add_action(&a, "Base item", "sre", "+1w");
    team.pm(&a, &["sync"]).ok();
    team.pm(&b, &["sync"]).ok();
    team.add_action(&a, "Alice item", "alice", "+1w");
    team.git(&a, &["push", "--quiet", "origin", "HEAD"]).ok();
    team.add_action(&b, "Bob item", "bob", "+1w");
    team.git(&b, &["push", "--quiet", "origin", "HEAD:bob"])
        .ok();
    let main = team.git(&a, &["symbolic-ref", "--short", "HEAD"]).stdout;
    let main = format!("origin/{}", main.trim());
    for (dir, branch) in [(&a, "origin/bob"), (&b, main.as_str())] {
        team.git(dir, &["fetch", "--quiet"]).ok();
        team.git(dir, &["merge", "--quiet", "--no-edit", branch])
            .ok();
    }
    team.git(&a, &["push", "--quiet", "origin", "HEAD"]).ok();
    let before = team.remote_text();
    let ids_titles = |text: &str| -> Vec<(String, String)> {
        let mut out = Vec::new();
        let mut id = String::new();
        for line in text.lines() {
            if let Some(v) = line.strip_prefix("  - id: ") {
                id = v.to_string();
            } else if let Some(v) = line.strip_prefix("    title: ") {
                out.push((id.clone(), v.to_string()));
            }
        }
        out
    };
    team.pm(&b, &["sync"])
        .ok()
        .stdout_has("your action item A3 is A2 now: the others have the same item as A2");
    let after = team.remote_text();
    assert_eq!(ids_titles(&after), ids_titles(&before), "{after}");
    assert_eq!(
        ids_titles(&after)
            .iter()
            .map(|(_, t)| t.as_str())
            .collect::<Vec<_>>(),
        ["Base item", "Alice item", "Bob item"]
    );
}

/// A post-mortem the others replaced with a symbolic link while you added
/// an entry: pm said "you deleted it and the others changed it" (you
/// deleted nothing) and its hints could not be pasted (a path with spaces
/// and brackets, unquoted). Now it names the link and where your version
/// is, and the hint that keeps your post-mortem runs as printed (session
/// 36's collaboration attack).
#[cfg(unix)]
#[test]
fn a_file_replaced_by_a_link_upstream_is_named_and_the_hint_runs() {
    let (team, a, b) = two_synced_clones();
    let rel = team.env.file_of(&team.id);
    fs::remove_file(a.join(&rel)).unwrap();
    std::os::unix::fs::symlink("/etc/passwd", a.join(&rel)).unwrap();
    team.git(&a, &["add", &rel]).ok();
    team.git(&a, &["commit", "--quiet", "-m", "link"]).ok();
    team.git(&a, &["push", "--quiet"]).ok();
    team.pm(
        &b,
        &[
            "timeline",
            "add",
            "Entry from b",
            "--at",
            "2026-11-26T09:40:00Z",
        ],
    )
    .ok();
    let stop = team.pm(&b, &["sync"]);
    assert_eq!(stop.code, 1, "{}{}", stop.stdout, stop.stderr);
    assert!(
        stop.stderr.contains(&format!(
            "{rel}: the others replaced it with a symbolic link, which pm never follows; git keeps the link there, and your version of the file as {rel}~"
        )),
        "{}",
        stop.stderr
    );
    assert!(!stop.stderr.contains("you deleted it"), "{}", stop.stderr);
    let hint = stop
        .stderr
        .split("to keep your post-mortem: `")
        .nth(1)
        .and_then(|rest| rest.split('`').next())
        .unwrap()
        .to_string();
    let out = team
        .env
        .command("sh")
        .args(["-c", &hint])
        .current_dir(&b)
        .output()
        .unwrap();
    assert!(
        out.status.success(),
        "{hint}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    team.pm(&b, &["sync"]).ok();
    let remote = team.remote_text();
    assert!(remote.contains("Entry from b"), "{remote}");
    let mode = team.git(&b, &["ls-tree", "HEAD", &rel]).stdout;
    assert!(mode.starts_with("100644"), "{mode}");
}

#[test]
fn duplicate_action_ids_are_found_and_refused() {
    let env = TestEnv::new();
    let id = env.new_pm("Queue backlog", "2026-11-20T09:00:00Z");
    for title in ["First", "Second"] {
        env.pm(&["action", "add", title, "--owner", "sre", "--pm", &id])
            .ok();
    }
    // What a merge without pm's driver leaves: two items with id A1.
    let file = env.file_of(&id);
    let text = env.read(&file).replace("id: A2", "id: A1");
    env.write(&file, &text);
    env.git(&["commit", "--quiet", "-am", "line merge"]);
    let lint = env.pm(&["lint", "--format", "json"]).code(1).json();
    let dup: Vec<&serde_json::Value> = lint
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "duplicate-action-id")
        .collect();
    assert_eq!(dup.len(), 1, "{lint}");
    assert_eq!(dup[0]["severity"], "error");
    assert!(
        dup[0]["message"]
            .as_str()
            .unwrap()
            .contains("the next free id is A2")
    );
    let before = env.snapshot();
    for args in [
        vec!["action", "done", "A1"],
        vec!["action", "drop", "A1", "--reason", "x"],
        vec!["action", "edit", "A1", "--owner", "x"],
    ] {
        let mut args = args;
        args.extend(["--pm", id.as_str()]);
        env.pm(&args).error(&[
            "2 action items with the id A1",
            "lines",
            "the next free id, A2",
        ]);
    }
    assert_eq!(env.snapshot(), before);
}

#[test]
fn conflict_markers_are_explained_by_every_reader() {
    let env = TestEnv::new();
    let id = env.new_pm("Queue backlog", "2026-11-20T09:00:00Z");
    env.pm(&["action", "add", "Alert", "--owner", "sre", "--pm", &id])
        .ok();
    let file = env.file_of(&id);
    let text = env.read(&file).replace(
        "    owner: sre\n",
        "<<<<<<< HEAD\n    owner: sre\n=======\n    owner: platform\n>>>>>>> origin/main\n",
    );
    env.write(&file, &text);
    let line = text.lines().position(|l| l.starts_with("<<<<<<<")).unwrap() + 1;
    let message = format!("unresolved merge conflict in action_items[A1].owner at line {line}");
    env.pm(&["show", &id]).error(&[
        &message,
        "one side has `owner: sre`, the other `owner: platform`",
    ]);
    env.pm(&["timeline", "add", "x", "--pm", &id])
        .error(&[&message]);
    env.pm(&["action", "done", "A1", "--pm", &id])
        .error(&[&message]);
    env.pm(&["list"]).ok().stderr_has(&message);
    // pm due lists what it can and names the broken file in its output.
    env.pm(&["due"]).ok().stdout_has(&message);
    env.pm(&["due", "--check"]).code(2);
    env.pm(&["lint"]).code(1).stdout_has(&message);
}

#[test]
fn an_untracked_file_in_the_way_stops_sync_with_nothing_changed() {
    let (team, a, b) = two_synced_clones();
    std::fs::write(a.join("notes.txt"), "from a\n").unwrap();
    team.git(&a, &["add", "notes.txt"]).ok();
    team.git(&a, &["commit", "--quiet", "-m", "notes"]).ok();
    team.pm(&a, &["sync"]).ok();
    std::fs::write(b.join("notes.txt"), "mine, not committed\n").unwrap();
    team.pm(
        &b,
        &["timeline", "add", "From b", "--at", "2026-11-26T10:01:00Z"],
    )
    .ok();
    let head = team.git(&b, &["rev-parse", "HEAD"]).ok().stdout;
    team.pm(&b, &["sync"]).error(&[
        "notes.txt in the way",
        "move it aside",
        "nothing was changed",
    ]);
    assert_eq!(team.git(&b, &["rev-parse", "HEAD"]).ok().stdout, head);
    assert_eq!(
        std::fs::read_to_string(b.join("notes.txt")).unwrap(),
        "mine, not committed\n"
    );
    std::fs::remove_file(b.join("notes.txt")).unwrap();
    team.pm(&b, &["sync"])
        .ok()
        .stdout_has("From others: 1 commit on origin/")
        .stdout_has("none in post-mortems")
        .stdout_has("Pushed 1 commit");
}

/// `pm sync` and `pm timeline add` at once in one clone: every entry ends
/// up committed, the work tree and index match HEAD, and nothing of the
/// others' is lost. (A fifth attack found the work tree left at the commit
/// sync started from, staging the deletion of entries committed meanwhile,
/// about one run in six; several rounds here.)
#[test]
fn sync_and_writes_at_once_in_one_clone_leave_a_clean_work_tree() {
    let (team, a, b) = two_synced_clones();
    let add = |dir: &Path, text: &str, at: &str| {
        team.pm(
            dir,
            &["timeline", "add", text, "--at", at, "--pm", &team.id],
        )
        .ok();
    };
    for round in 0..4 {
        let at = |minute: usize| format!("2026-11-26T1{round}:{minute:02}:00Z");
        add(&a, &format!("a{round}"), &at(1));
        team.pm(&a, &["sync"]).ok();
        add(&b, &format!("b{round}.first"), &at(10));
        std::thread::scope(|s| {
            s.spawn(|| team.pm(&b, &["sync"]));
            for i in 20..24 {
                let (add, at, b) = (&add, &at, &b);
                s.spawn(move || add(b, &format!("b{round}.{i}"), &at(i)));
            }
        });
        let status = team.git(&b, &["status", "--porcelain"]).ok();
        assert_eq!(
            status.stdout, "",
            "round {round}: the work tree differs from HEAD"
        );
        let found = texts(&team.show(&b), "timeline", "text");
        for i in 20..24 {
            assert!(
                found.contains(&format!("b{round}.{i}")),
                "round {round}: {found:?}"
            );
        }
        team.pm(&b, &["sync"]).ok();
        let found = texts(&team.show(&b), "timeline", "text");
        assert!(
            found.contains(&format!("a{round}")),
            "round {round}: {found:?}"
        );
    }
}

/// Two `pm sync` at once in one clone (a person and an editor plugin, or
/// two terminals): the second waits for the first's fetch instead of
/// failing with git's "cannot lock ref" taken for a network problem; both
/// finish and the clone ends equal to its upstream. Several rounds.
#[test]
fn two_syncs_at_once_in_one_clone_both_finish() {
    let (team, a, b) = two_synced_clones();
    for round in 0..3 {
        for (dir, hour) in [(&a, 10), (&b, 11)] {
            for i in 0..3 {
                team.pm(
                    dir,
                    &[
                        "timeline",
                        "add",
                        &format!("{hour}.{round}.{i}"),
                        "--at",
                        &format!("2026-11-26T{hour}:{round}{i}:00Z"),
                        "--pm",
                        &team.id,
                    ],
                )
                .ok();
            }
        }
        team.pm(&a, &["sync"]).ok();
        let runs: Vec<Run> = std::thread::scope(|s| {
            let one = s.spawn(|| team.pm(&b, &["sync"]));
            let two = s.spawn(|| team.pm(&b, &["sync"]));
            vec![one.join().unwrap(), two.join().unwrap()]
        });
        for run in &runs {
            assert_eq!(run.code, 0, "round {round}: {}\n{}", run.stdout, run.stderr);
        }
        let head = team.git(&b, &["rev-parse", "HEAD"]).ok().stdout;
        let upstream = team.git(&b, &["rev-parse", "@{upstream}"]).ok().stdout;
        assert_eq!(head, upstream, "round {round}");
        assert_eq!(team.git(&b, &["status", "--porcelain"]).ok().stdout, "");
    }
}

/// Bob writes comments by hand next to his root cause while Alice adds a
/// timeline entry: his comments reach the shared history whether he
/// shares with `pm sync` (a rebase) or `git pull` (a merge through the
/// driver), and so do hers.
#[test]
fn comments_written_by_hand_survive_sync_and_pull() {
    for how in ["sync", "pull --no-rebase", "pull --rebase"] {
        let (team, a, b) = two_synced_clones();
        let path = team.env.file_of(&team.id);
        let text = team.text(&a).replace(
            "timeline:\n",
            "timeline:\n  # alice: times from PagerDuty\n",
        );
        std::fs::write(team.file(&a), text).unwrap();
        team.git(&a, &["commit", "--quiet", "-am", "alice: a comment"])
            .ok();
        team.pm_and_sync(
            &a,
            &["timeline", "add", "From a", "--at", "2026-11-26T10:00:00Z"],
        );

        let text = team
            .text(&b)
            .replace(
                "root_cause:\n",
                "# bob: still unsure\nroot_cause: Connection pool too small.\n",
            )
            .replace(
                "    text: Impact started\n",
                "    text: Impact started  # bob: from grafana\n",
            );
        std::fs::write(team.file(&b), text).unwrap();
        team.git(&b, &["commit", "--quiet", "-am", "bob: root cause"])
            .ok();
        if how == "sync" {
            team.pm(&b, &["sync"]).ok();
        } else {
            let mut args = vec!["pull", "--quiet", "--no-edit"];
            args.push(how.split(' ').nth(1).unwrap());
            team.git(&b, &args).ok();
        }
        let head = team.git(&b, &["show", &format!("HEAD:{path}")]).ok().stdout;
        for line in [
            "  # alice: times from PagerDuty\n",
            "    text: Impact started  # bob: from grafana\n",
            "    text: From a\n",
            "# bob: still unsure\nroot_cause: Connection pool too small.\n",
        ] {
            assert!(head.contains(line), "{how}: {line:?} missing from\n{head}");
        }
    }
}

/// Set the severity by hand and commit it, as a person would.
fn commit_severity(team: &Team, dir: &Path, sev: &str) {
    let text = team
        .text(dir)
        .replace("severity: SEV2", &format!("severity: {sev}"));
    std::fs::write(team.file(dir), text).unwrap();
    team.git(
        dir,
        &["commit", "--quiet", "-am", &format!("severity {sev}")],
    )
    .ok();
}

/// Two clones of the team's post-mortem that changed its severity
/// differently: `a` to SEV1, committed and pushed; `b` to SEV3,
/// committed, not synced. (Team, a, b.)
fn conflicting_severities() -> (Team, PathBuf, PathBuf) {
    let (team, a, b) = two_synced_clones();
    commit_severity(&team, &a, "SEV1");
    team.pm(&a, &["sync"]).ok();
    commit_severity(&team, &b, "SEV3");
    (team, a, b)
}

/// [`conflicting_severities`], then `pm sync` in `b`, stopped at the
/// conflict (exit 1) with the rebase in progress.
fn conflicted_rebase() -> (Team, PathBuf, PathBuf) {
    let (team, a, b) = conflicting_severities();
    team.pm(&b, &["sync"]).code(1);
    assert!(b.join(".git/rebase-merge").is_dir());
    (team, a, b)
}

/// Keep the side from others (SEV1) of a severity conflict `pm sync` left.
fn keep_theirs_severity(team: &Team, dir: &Path) {
    let text = team.text(dir);
    let resolved = text
        .replace("<<<<<<< from others\n", "")
        .replace("=======\nseverity: SEV3\n>>>>>>> yours\n", "");
    assert_ne!(resolved, text);
    std::fs::write(team.file(dir), resolved).unwrap();
}

/// Keep your side (SEV3) of a severity conflict `pm sync` left.
fn keep_your_severity(team: &Team, dir: &Path) {
    let text = team.text(dir);
    let resolved = text
        .replace("<<<<<<< from others\nseverity: SEV1\n=======\n", "")
        .replace(">>>>>>> yours\n", "");
    assert_ne!(resolved, text);
    std::fs::write(team.file(dir), resolved).unwrap();
}

/// Two clones that each added an action item (A1) and changed the
/// severity; `a` synced first, `b` has not synced yet: its sync will stop
/// on the severity with its item to be renumbered. Returns the team and
/// `b`'s clone.
fn both_added_an_action_and_changed_the_severity() -> (Team, PathBuf) {
    let (team, a, b) = two_synced_clones();
    team.pm(
        &a,
        &["action", "add", "Alert on queue age", "--owner", "sre"],
    )
    .ok();
    commit_severity(&team, &a, "SEV1");
    team.pm(&a, &["sync"]).ok();
    // b adds its own A1, then changes the severity differently.
    team.pm(
        &b,
        &["action", "add", "Load test checkout", "--owner", "sre"],
    )
    .ok();
    commit_severity(&team, &b, "SEV3");
    (team, b)
}

#[test]
fn ids_renumbered_before_a_conflict_are_reported_by_the_sync_that_finishes() {
    let (team, b) = both_added_an_action_and_changed_the_severity();
    // The first commit merged (b's A1 became A2), the second stopped.
    team.pm(&b, &["sync"])
        .code(1)
        .stderr_has("unresolved merge conflict in severity");
    keep_theirs_severity(&team, &b);
    team.pm(&b, &["sync"])
        .ok()
        .stdout_has("your action item A1 is now A2 (someone else added an A1 first)")
        // The severity commit, resolved to the others' value, is empty: dropped.
        .stdout_has("Pushed 1 commit to");
    // Said once: the next sync has nothing more to report.
    let again = team.pm(&b, &["sync"]).ok();
    assert!(!again.stdout.contains("is now"), "{}", again.stdout);
    let doc = team.show(&b);
    assert_eq!(doc["severity"], "SEV1");
    assert_eq!(
        texts(&doc, "action_items", "title"),
        ["Alert on queue age", "Load test checkout"]
    );
}

/// The messages pushed by a sync that stopped and was finished name
/// renumbered items by their new ids, as a sync that does not stop does.
#[test]
fn ids_renumbered_before_a_conflict_are_renamed_in_the_pushed_messages() {
    let (team, b) = both_added_an_action_and_changed_the_severity();
    team.pm(&b, &["sync"]).code(1);
    keep_theirs_severity(&team, &b);
    team.pm(&b, &["sync"])
        .ok()
        .stdout_has("your action item A1 is now A2");
    // What the remote holds: b's commit names its item A2.
    let log = team
        .git(&team.remote, &["log", "--format=%s", "-4"])
        .ok()
        .stdout;
    let subjects: Vec<&str> = log.lines().collect();
    assert!(
        subjects[0].contains("add A2: Load test checkout") && !subjects[0].contains("A1"),
        "{log}"
    );
    assert!(
        subjects
            .iter()
            .any(|s| s.contains("add A1: Alert on queue age")),
        "{log}"
    );
    // The work tree is as the pushed commit left it.
    let status = team.git(&b, &["status", "--porcelain"]).ok().stdout;
    assert_eq!(status, "", "{status}");
}

#[test]
fn ids_renumbered_before_a_conflict_are_reported_after_git_rebase_continue() {
    let (team, b) = both_added_an_action_and_changed_the_severity();
    team.pm(&b, &["sync"]).code(1);
    // Finished with git itself; the next pm sync still tells.
    keep_theirs_severity(&team, &b);
    team.git(&b, &["add", "-A"]).ok();
    stdout_of(
        team.env
            .command("git")
            .args(["rebase", "--continue"])
            .current_dir(&b)
            .env("GIT_EDITOR", "true"),
    );
    // A commit made since, about the others' A1, keeps naming A1.
    team.pm(&b, &["action", "done", &format!("{}#A1", team.id)])
        .ok();
    // Nothing new this time: the renumbering has a heading of its own.
    team.pm(&b, &["sync"])
        .ok()
        .stdout_has("Nothing new from others on origin/")
        .stdout_has("\nMerged with yours:\n  ")
        .stdout_has("your action item A1 is now A2")
        .stdout_has("Pushed 2 commits to");
    let log = team
        .git(&team.remote, &["log", "--format=%s", "-2"])
        .ok()
        .stdout;
    let subjects: Vec<&str> = log.lines().collect();
    assert!(
        subjects[0].contains("A1") && !subjects[0].contains("A2"),
        "{log}"
    );
    assert!(subjects[1].contains("add A2: Load test checkout"), "{log}");
    let doc = team.show(&b);
    assert_eq!(doc["action_items"][0]["title"], "Alert on queue age");
    assert_eq!(doc["action_items"][0]["status"], "done");
}

#[test]
fn an_aborted_sync_reports_no_renumbering_that_did_not_happen() {
    let (team, b) = both_added_an_action_and_changed_the_severity();
    team.pm(&b, &["sync"]).code(1);
    team.git(&b, &["rebase", "--abort"]).ok();
    // b gives up its severity change and syncs: A1 is renumbered once, said once.
    team.git(&b, &["reset", "--quiet", "--hard", "HEAD~1"]).ok();
    let run = team.pm(&b, &["sync"]).ok();
    assert_eq!(run.stdout.matches("is now A2").count(), 1, "{}", run.stdout);
}

#[test]
fn conflict_hints_name_the_step_for_the_operation_in_progress() {
    // pm sync stopped in a rebase: continue it, never `git commit`.
    let (team, _, b) = conflicted_rebase();
    let file = team.env.file_of(&team.id);
    for args in [
        vec!["show", team.id.as_str()],
        vec!["edit", team.id.as_str()],
    ] {
        let run = team.pm(&b, &args).code(2);
        assert!(
            run.stderr
                .contains("then `pm sync` to continue the rebase and push (or `git add ")
                && run.stderr.contains("` and `git rebase --continue`)"),
            "{}",
            run.stderr
        );
        assert!(!run.stderr.contains("git commit"), "{}", run.stderr);
    }
    // pm lint cannot know: it names both.
    team.pm(&b, &["lint"])
        .code(1)
        .stdout_has("`git commit` after a merge, `git rebase --continue` after a rebase");
    team.git(&b, &["rebase", "--abort"]).ok();

    // git pull stopped in a merge: `git add` and `git commit`.
    team.git(&b, &["pull", "--no-rebase", "--no-edit"]);
    let run = team.pm(&b, &["show", &team.id]).code(2);
    assert!(
        run.stderr.contains(&format!(
            "then `git add {file}` and `git commit` to finish the merge (or `pm sync`, which does both and pushes)"
        )),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("rebase"), "{}", run.stderr);
    team.pm(&b, &["edit", &team.id])
        .code(2)
        .stderr_has("(the file is checked before it is saved), then `git add");
}

#[test]
fn conflict_markers_committed_by_mistake_say_git_add_and_commit() {
    let env = TestEnv::new();
    let id = env.new_pm("Queue backlog", "2026-11-20T09:00:00Z");
    let file = env.file_of(&id);
    let text = env.read(&file).replace(
        "severity: SEV2\n",
        "<<<<<<< HEAD\nseverity: SEV2\n=======\nseverity: SEV1\n>>>>>>> other\n",
    );
    env.write(&file, &text);
    let run = env.pm(&["show", &id]).code(2);
    assert!(
        run.stderr
            .contains(&format!("then `git add {file}` and `git commit`\n")),
        "{}",
        run.stderr
    );
}

/// docs/collaboration.md's `pm sync` transcript, run for real: others
/// pushed two timeline entries, an action item A4 and a severity change
/// while you added an entry with `--sync` and then an action item A4 of
/// your own. The entry went out with its `--sync`, so `pm sync` has one
/// commit left to push (the doc once said two).
#[test]
fn the_sync_transcript_in_the_docs_is_what_pm_prints() {
    let doc = include_str!("../../docs/collaboration.md");
    let block = doc
        .split_once("`pm sync` prints what came in and what went out:\n\n```\n")
        .and_then(|(_, rest)| rest.split_once("```"))
        .expect("the transcript in docs/collaboration.md")
        .0;
    let team = Team::new();
    let you = team.clone("you", true);
    for title in ["Fix the pool size", "Add a dashboard", "Write a runbook"] {
        team.pm(&you, &["action", "add", title, "--owner", "sre"])
            .ok();
    }
    team.pm(&you, &["sync"]).ok();
    let other = team.clone("other", true);

    // The doc's commands, in your clone.
    team.pm(
        &you,
        &[
            "timeline",
            "add",
            "p99 alert fired",
            "--kind",
            "detected",
            "--at",
            "2026-11-26T09:31:00Z",
            "--sync",
        ],
    )
    .ok()
    .stdout_has("Pushed 1 commit to origin/");
    team.pm(
        &you,
        &[
            "action",
            "add",
            "Alert on checkout p99 above 2s",
            "--owner",
            "payments",
            "--due",
            "+2w",
        ],
    )
    .ok();

    // Meanwhile, someone else.
    for (text, kind, at) in [
        ("Rolled back 4.2.1", "mitigated", "2026-11-26T09:52:00Z"),
        ("Errors back to normal", "resolved", "2026-11-26T09:58:00Z"),
    ] {
        team.pm(
            &other,
            &["timeline", "add", text, "--kind", kind, "--at", at],
        )
        .ok();
    }
    team.pm(
        &other,
        &["action", "add", "Load test checkout", "--owner", "sre"],
    )
    .ok();
    let raised = team
        .text(&other)
        .replace("severity: SEV2", "severity: SEV1");
    std::fs::write(team.file(&other), raised).unwrap();
    team.git(&other, &["commit", "--quiet", "-am", "Raise the severity"])
        .ok();
    team.pm(&other, &["sync"]).ok();

    let run = team.pm(&you, &["sync"]).ok();
    let branch = team.env.git(&["symbolic-ref", "--short", "HEAD"]);
    let expected = block
        .replace("2026-11-26-checkout-latency:", &format!("{}:", team.id))
        .replace("origin/main", &format!("origin/{}", branch.trim()));
    assert_eq!(run.stdout, expected);
}

/// Bob is told what Alice's commit did: it removed a timeline entry (it
/// used to be described as "comments or layout").
#[test]
fn sync_says_a_removed_timeline_entry_was_removed() {
    let (team, a, b) = two_synced_clones();
    team.pm_and_sync(
        &a,
        &["timeline", "add", "From a", "--at", "2026-11-26T10:00:00Z"],
    );
    team.pm(&b, &["sync"]).ok();
    team.pm_and_sync(&a, &["timeline", "rm", "10:00"]);
    let run = team
        .pm(&b, &["sync"])
        .ok()
        .stdout_has("removed 1 timeline entry");
    assert!(!run.stdout.contains("comments or layout"), "{}", run.stdout);
}

#[test]
fn refusals_give_commands_that_work() {
    let env = TestEnv::new();
    let id = env.new_pm("Demo", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);

    // An untracked post-mortem: `git restore` cannot discard it.
    let text = env.read(&file);
    let other = "postmortems/2026/2026-11-20-untracked.yaml";
    env.write(other, &text.replace(&id, "2026-11-20-untracked"));
    let run = env
        .pm(&[
            "timeline",
            "add",
            "hi",
            "--at",
            "10:00",
            "--pm",
            "2026-11-20-untracked",
        ])
        .error(&[other, "not committed yet", "move it out of the repository"]);
    assert!(!run.stderr.contains("git restore"), "{}", run.stderr);
    fs::remove_file(env.path(other)).unwrap();

    // A year's folder that is a file.
    fs::remove_dir_all(env.path("postmortems/2026")).unwrap();
    env.git(&["commit", "-qam", "gone"]);
    fs::write(env.path("postmortems/2026"), "").unwrap();
    let run = env
        .pm(&[
            "new",
            "Next",
            "-s",
            "SEV2",
            "--started",
            "2026-11-26T09:00:00Z",
            "--no-edit",
        ])
        .error(&["postmortems/2026 is a file where a folder is expected"]);
    assert!(!run.stderr.contains("not a regular file"), "{}", run.stderr);
    fs::remove_file(env.path("postmortems/2026")).unwrap();

    // A cherry-pick stopped at a conflict: named, with its own abort.
    let id = env.new_pm("Other", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    env.git(&["checkout", "-qb", "side"]);
    env.write(
        &file,
        &env.read(&file).replace("title: Other", "title: Side"),
    );
    env.git(&["commit", "-qam", "side"]);
    env.git(&["checkout", "-q", "-"]);
    env.write(
        &file,
        &env.read(&file).replace("title: Other", "title: Main"),
    );
    env.git(&["commit", "-qam", "main"]);
    let picked = env
        .command("git")
        .args(["cherry-pick", "side"])
        .output()
        .unwrap();
    assert!(!picked.status.success());
    env.pm(&["action", "add", "Fix", "--owner", "sre", "--pm", &id])
        .error(&[
            "a git cherry-pick is in progress",
            "git cherry-pick --abort",
            "git cherry-pick --continue",
        ]);
    env.git(&["cherry-pick", "--abort"]);

    // A bisect: its abort is `git bisect reset`.
    env.git(&["bisect", "start"]);
    let run = env
        .pm(&["action", "add", "Fix", "--owner", "sre", "--pm", &id])
        .error(&["a git bisect is in progress", "git bisect reset"]);
    assert!(!run.stderr.contains("--abort"), "{}", run.stderr);
}

/// Bob writes the summary while committing a `git pull --no-rebase`
/// merge; Alice pushes again; Bob's `pm sync` must not drop the merge
/// commit (a rebase would), and with it the summary.
#[test]
fn sync_keeps_what_was_written_in_a_merge_commit() {
    let (team, a, b) = two_synced_clones();
    team.pm_and_sync(&a, &["timeline", "add", "alice 1", "--at", "09:20"]);
    team.pm(&b, &["timeline", "add", "bob 1", "--at", "09:21"])
        .ok();
    team.git(&b, &["pull", "--quiet", "--no-rebase", "--no-commit"])
        .ok();
    let text = team.text(&b);
    let written = text.replacen("\nsummary:", "\nsummary: Written by bob while merging", 1);
    assert_ne!(written, text);
    std::fs::write(team.file(&b), written).unwrap();
    team.git(
        &b,
        &["commit", "--quiet", "-am", "Merge; write the summary"],
    )
    .ok();
    team.pm_and_sync(&a, &["timeline", "add", "alice 2", "--at", "09:22"]);

    team.pm(&b, &["sync"])
        .ok()
        .stdout_has("2026-11-26-checkout-latency-spike: 1 timeline entry")
        .stdout_has("Pushed 3 commits to origin/");
    // In the work tree, in HEAD and on the remote, with everyone's entries.
    let head = team.git(
        &b,
        &["show", &format!("HEAD:{}", team.env.file_of(&team.id))],
    );
    for text in [team.text(&b), head.ok().stdout, team.remote_text()] {
        assert!(
            text.contains("summary: Written by bob while merging"),
            "{text}"
        );
        for entry in ["alice 1", "bob 1", "alice 2"] {
            assert!(text.contains(&format!("text: {entry}")), "{entry}: {text}");
        }
    }
    // Bob's merge commit is still in the history, the upstream merged in.
    let log = team.git(&b, &["log", "--format=%s"]).ok().stdout;
    assert!(
        log.starts_with("Merge remote-tracking branch 'origin/"),
        "{log}"
    );
    assert!(log.contains("Merge; write the summary"), "{log}");
    team.pm(&a, &["sync"]).ok();
    assert_eq!(team.text(&a), team.text(&b));
}

/// A conflict resolved in a merge commit stays resolved: the next sync
/// merges rather than replaying the commits that conflicted.
#[test]
fn a_conflict_resolved_in_a_merge_commit_does_not_come_back_at_sync() {
    let (team, a, b) = conflicting_severities();
    team.git(&b, &["pull", "--quiet", "--no-rebase"]).code(1);
    // Bob keeps his SEV3 and commits the merge.
    let text = team.text(&b);
    let resolved = text
        .replace("<<<<<<< ours\n", "")
        .replace("=======\nseverity: SEV1\n>>>>>>> theirs\n", "");
    assert_ne!(resolved, text, "{text}");
    std::fs::write(team.file(&b), resolved).unwrap();
    team.git(&b, &["commit", "--quiet", "-am", "Merge; keep SEV3"])
        .ok();
    team.pm_and_sync(&a, &["action", "add", "Page on p99", "--owner", "sre"]);

    team.pm(&b, &["sync"]).ok().stdout_has("1 action item (A1)");
    let remote = team.remote_text();
    assert!(remote.contains("severity: SEV3"), "{remote}");
    assert!(remote.contains("title: Page on p99"), "{remote}");
    assert!(!remote.contains("<<<<<<<"), "{remote}");
}

/// With merge commits among the local commits, it is still the clone's
/// own new action item that is renumbered, never one the others pushed.
#[test]
fn sync_merging_renumbers_your_item_not_theirs() {
    let (team, a, b) = two_synced_clones();
    team.pm_and_sync(&a, &["timeline", "add", "alice 1", "--at", "09:20"]);
    team.pm(&b, &["timeline", "add", "bob 1", "--at", "09:21"])
        .ok();
    team.git(&b, &["pull", "--quiet", "--no-rebase", "--no-edit"])
        .ok();
    team.pm(&b, &["action", "add", "Bob's item", "--owner", "sre"])
        .ok();
    team.pm_and_sync(&a, &["action", "add", "Alice's item", "--owner", "sre"]);

    team.pm(&b, &["sync"])
        .ok()
        .stdout_has("your action item A1 is now A2 (someone else added an A1 first)");
    let doc = team.show(&b);
    assert_eq!(texts(&doc, "action_items", "id"), ["A1", "A2"]);
    assert_eq!(
        texts(&doc, "action_items", "title"),
        ["Alice's item", "Bob's item"]
    );
    assert!(team.remote_text().contains("title: Bob's item"));
}

/// A commit git cannot make during sync's rebase (signing fails) is an
/// error that leaves the clone as it was: no rebase in progress, the
/// branch where it was, and git's reason in one line.
#[test]
fn a_commit_that_fails_during_sync_leaves_no_rebase_behind() {
    let (team, a, b) = two_synced_clones();
    team.pm_and_sync(&a, &["timeline", "add", "alice 1", "--at", "09:20"]);
    team.pm(&b, &["timeline", "add", "bob 1", "--at", "09:21"])
        .ok();
    team.git(&b, &["config", "commit.gpgsign", "true"]).ok();
    team.git(&b, &["config", "gpg.program", "false"]).ok();
    let before = team.git(&b, &["rev-parse", "HEAD"]).ok().stdout;

    let run = team
        .pm(&b, &["sync"])
        .error(&["gpg failed to sign the data", "nothing was changed"]);
    assert!(!run.stderr.contains("hint: Resolve"), "{}", run.stderr);
    assert!(!run.stderr.contains("; hint"), "{}", run.stderr);
    assert_eq!(team.git(&b, &["rev-parse", "HEAD"]).ok().stdout, before);
    let status = team.git(&b, &["status"]).ok().stdout;
    assert!(!status.contains("rebase in progress"), "{status}");
    assert!(!b.join(".git/rebase-merge").exists());
    assert!(team.text(&b).contains("text: bob 1"));
}

/// Bob adds two items, removes the second, then syncs after Alice pushed
/// two of her own: his items are renumbered A3 and A4 on the way, and the
/// removal of his A2 (now A4) is a clean removal, not a conflict.
#[test]
fn removing_your_own_renumbered_item_is_not_a_conflict() {
    let (team, a, b) = two_synced_clones();
    team.pm(&a, &["action", "add", "theirs 1", "--owner", "a"])
        .ok();
    team.pm_and_sync(&a, &["action", "add", "theirs 2", "--owner", "a"]);
    team.pm(&b, &["action", "add", "mine 1", "--owner", "b"])
        .ok();
    team.pm(&b, &["action", "add", "mine 2", "--owner", "b"])
        .ok();
    team.pm(&b, &["action", "rm", "A2"]).ok();

    team.pm(&b, &["sync"]).ok().stdout_has("Pushed 3 commits");
    let doc = team.show(&b);
    assert_eq!(
        texts(&doc, "action_items", "title"),
        ["theirs 1", "theirs 2", "mine 1"]
    );
    assert_eq!(texts(&doc, "action_items", "id"), ["A1", "A2", "A3"]);
    let log = team.git(&b, &["log", "-1", "--format=%s"]).ok().stdout;
    assert!(log.contains("remove A4: mine 2"), "{log}");
}

/// A pushed file whose name holds a line break cannot forge lines in
/// the "From others" summary.
#[test]
fn file_names_in_the_sync_summary_cannot_forge_lines() {
    let (team, a, b) = two_synced_clones();
    let file = team.file(&a);
    let forged = file
        .parent()
        .unwrap()
        .join("x\nerror: your clone is corrupt, run rm -rf .yaml");
    std::fs::copy(&file, &forged).unwrap();
    team.git(&a, &["add", "-A"]).ok();
    team.git(&a, &["commit", "--quiet", "-m", "a strange name"])
        .ok();
    team.git(&a, &["push", "--quiet"]).ok();

    let run = team.pm(&b, &["sync"]).ok();
    assert!(
        run.stdout
            .contains("  x error: your clone is corrupt, run rm -rf : new post-mortem"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.lines().all(|l| !l.starts_with("error")),
        "{}",
        run.stdout
    );
}

/// Timeline entries re-timed on both sides are one entry with a
/// conflicting time; re-timed on one side and deleted on the other, a
/// conflict too (not two entries, nor the deleted one back).
#[test]
fn a_timeline_entry_re_timed_on_both_sides_is_a_conflict() {
    let (team, a, b) = two_synced_clones();
    team.pm_and_sync(&a, &["timeline", "add", "deploy", "--at", "09:30"]);
    team.pm(&b, &["sync"]).ok();
    team.pm(&b, &["timeline", "edit", "09:30", "--at", "09:31"])
        .ok();
    team.pm_and_sync(&a, &["timeline", "edit", "09:30", "--at", "09:33"]);
    team.pm(&b, &["sync"]).code(1).stderr_has(
        "from others: `- at: 2026-11-27T09:33:00Z`; yours: `- at: 2026-11-27T09:31:00Z`",
    );
    team.git(&b, &["rebase", "--abort"]).ok();

    // Deleted on one side, re-timed on the other.
    team.pm(&b, &["timeline", "edit", "09:31", "--at", "09:34"])
        .ok();
    team.pm_and_sync(&a, &["timeline", "rm", "09:33"]);
    team.pm(&b, &["sync"])
        .code(1)
        .stderr_has("from others: deleted it; yours: ");
    let text = team.text(&b);
    assert!(text.contains("<<<<<<< from others\n=======\n"), "{text}");
}

/// The same entry written at the same instant in two offsets, on both
/// sides, is kept once.
#[test]
fn the_same_entry_at_the_same_instant_in_another_offset_is_kept_once() {
    let (team, a, b) = two_synced_clones();
    team.pm_and_sync(&a, &["timeline", "add", "rollback", "--at", "09:45"]);
    // Bob writes the same entry in his own offset (one commit of his).
    team.pm(&b, &["timeline", "add", "rollback", "--at", "09:45"])
        .ok();
    let text = team.text(&b);
    let local = text.replace("at: 2026-11-27T09:45:00Z", "at: 2026-11-27T10:45:00+01:00");
    assert_ne!(local, text);
    std::fs::write(team.file(&b), local).unwrap();
    team.git(
        &b,
        &[
            "commit",
            "--quiet",
            "--amend",
            "-am",
            "rollback, in my offset",
        ],
    )
    .ok();

    team.pm(&b, &["sync"]).ok();
    let doc = team.show(&b);
    let rollbacks = texts(&doc, "timeline", "text")
        .into_iter()
        .filter(|t| t == "rollback")
        .count();
    assert_eq!(rollbacks, 1, "{doc}");
}

/// Others changed only A1's owner: the summary says so, rather than
/// "1 action item (A1), removed 1 action item (A1)".
#[test]
fn sync_says_an_item_whose_owner_changed_was_changed() {
    let (team, a, b) = two_synced_clones();
    team.pm_and_sync(&a, &["action", "add", "Fix it", "--owner", "a"]);
    team.pm(&b, &["sync"]).ok();
    team.pm_and_sync(&a, &["action", "edit", "A1", "--owner", "team-b"]);
    let run = team
        .pm(&b, &["sync"])
        .ok()
        .stdout_has("2026-11-26-checkout-latency-spike: changed A1\n");
    assert!(!run.stdout.contains("removed"), "{}", run.stdout);
}

/// Renumbering renames the id pm wrote in the message, not an id the
/// person wrote in the title.
#[test]
fn renumbering_leaves_ids_in_the_title_as_written() {
    let (team, a, b) = two_synced_clones();
    team.pm_and_sync(&a, &["action", "add", "Theirs", "--owner", "a"]);
    team.pm_and_sync(
        &b,
        &[
            "action",
            "add",
            "Redo A1 from the 2025 outage",
            "--owner",
            "team-A1",
        ],
    );
    let subject = team.git(&b, &["log", "-1", "--format=%s"]).ok().stdout;
    assert!(
        subject.ends_with(": add A2: Redo A1 from the 2025 outage\n"),
        "{subject}"
    );
    assert_eq!(team.show(&b)["action_items"][1]["owner"], "team-A1");
}

/// Others deleted a post-mortem Bob changed: pm sync says that, and how
/// to keep or delete it (there are no markers to edit); it does not pick
/// a side by itself when run again.
#[test]
fn a_post_mortem_deleted_by_others_and_changed_here_says_what_to_do() {
    let (team, a, b) = two_synced_clones();
    let file = team.env.file_of(&team.id);
    team.git(&a, &["rm", "--quiet", &file]).ok();
    team.git(&a, &["commit", "--quiet", "-m", "drop it"]).ok();
    team.git(&a, &["push", "--quiet"]).ok();
    team.pm(&b, &["timeline", "add", "bob 1", "--at", "09:21"])
        .ok();

    for _ in 0..2 {
        let run = team
            .pm(&b, &["sync"])
            .code(1)
            .stderr_has(&format!("{file}: the others deleted it and you changed it"))
            .stderr_has(&format!(
                "to keep it: `git add {file}`; to delete it: `git rm {file}`"
            ));
        assert!(!run.stderr.contains("<<<<<<<"), "{}", run.stderr);
    }
    team.git(&b, &["rm", "--quiet", &file]).ok();
    team.pm(&b, &["sync"]).ok();
    assert!(!team.file(&b).exists());
}

/// Markers git left in pm.yaml are explained as a merge conflict, with
/// how to finish, not as a YAML error at the marker.
#[test]
fn conflict_markers_in_pm_yaml_are_explained() {
    let (team, a, b) = two_synced_clones();
    for (dir, who) in [(&a, "alice"), (&b, "bob")] {
        let text = std::fs::read_to_string(dir.join("pm.yaml")).unwrap();
        std::fs::write(dir.join("pm.yaml"), format!("# {who} was here\n{text}")).unwrap();
        team.git(dir, &["commit", "--quiet", "-am", who]).ok();
    }
    team.git(&a, &["push", "--quiet"]).ok();
    team.git(&b, &["pull", "--quiet", "--no-rebase"]).code(1);
    let run = team.pm(&b, &["list"]).error(&[
        "pm.yaml: unresolved merge conflict",
        "`git add pm.yaml` and `git commit` to finish the merge",
    ]);
    assert!(!run.stderr.contains("expect ':'"), "{}", run.stderr);
}

/// A lone `=======` that is not where the YAML breaks is not called a
/// merge conflict: pm says what is wrong with the file instead.
#[test]
fn a_lone_separator_line_inside_quoted_text_is_not_a_merge_conflict() {
    let team = Team::new();
    let a = team.clone("a", true);
    let text = team.text(&a);
    let quoted = text.replacen("\nsummary:", "\nsummary: \"one\n\n=======\n\ntwo\"", 1);
    assert_ne!(quoted, text);
    std::fs::write(team.file(&a), quoted).unwrap();
    let run = team.pm(&a, &["show", &team.id]).error(&["quoted scalar"]);
    assert!(!run.stderr.contains("merge conflict"), "{}", run.stderr);
}

/// An entry the others re-timed past one of yours goes to its place in
/// time, as a new entry would.
#[test]
fn an_entry_re_timed_by_others_moves_to_its_place_in_time() {
    let (team, a, b) = two_synced_clones();
    team.pm_and_sync(&a, &["timeline", "add", "deploy", "--at", "09:30"]);
    team.pm(&b, &["sync"]).ok();
    team.pm(&b, &["timeline", "add", "mine", "--at", "09:40"])
        .ok();
    team.pm_and_sync(&a, &["timeline", "edit", "09:30", "--at", "09:50"]);
    team.pm(&b, &["sync"]).ok();
    let doc = team.show(&b);
    assert_eq!(
        texts(&doc, "timeline", "text"),
        ["Impact started", "mine", "deploy"]
    );
    assert!(team.remote_text().find("text: mine") < team.remote_text().find("text: deploy"));
}

/// An item a `git pull --no-rebase` renumbered in Bob's clone keeps the id
/// the remote knows when `pm sync` later merges: Alice has since given
/// that id to another item, and two items with one id would reach
/// everyone (the nineteenth attack's D1).
#[test]
fn an_item_renumbered_by_a_local_merge_keeps_the_remotes_id_at_sync() {
    let (team, a, b) = two_synced_clones();
    team.add_action(&a, "Alert on p99", "sre", "+2w");
    team.pm(&a, &["sync"]).ok();
    team.add_action(&b, "Load test", "sre", "+2w");
    team.git(&b, &["pull", "--quiet", "--no-rebase", "--no-edit"])
        .ok();
    team.add_action(&a, "Runbook", "sre", "+2w");
    team.pm(&a, &["sync"]).ok();
    team.add_action(&b, "Capacity plan", "sre", "+2w");
    team.pm(&b, &["sync"])
        .ok()
        .stdout_has("your action item A1 is now A4");
    let doc = team.show(&b);
    let mut ids = texts(&doc, "action_items", "id");
    let titles = texts(&doc, "action_items", "title");
    assert_eq!(ids.len(), 4, "{titles:?}");
    ids.sort();
    assert_eq!(ids, ["A1", "A2", "A3", "A4"], "{titles:?}");
    let remote = team.remote_text();
    for (id, title) in [("A1", "Alert on p99"), ("A2", "Runbook")] {
        assert!(
            remote.contains(&format!("id: {id}\n    title: {title}")),
            "{remote}"
        );
    }
    team.pm(&a, &["sync"]).ok();
    assert_eq!(team.text(&a), team.text(&b));
}

/// The file with its conflict markers' lines taken out: both sides kept.
fn keep_both_sides(text: &str) -> String {
    text.lines()
        .filter(|l| !(l.starts_with("<<<<<<< ") || *l == "=======" || l.starts_with(">>>>>>> ")))
        .map(|l| format!("{l}\n"))
        .collect()
}

/// Alice (`a`) added A1 and synced; Bob (`b`) added his own A1 and
/// merged hers with `git pull --no-rebase`: his kept A1, hers is A2 in his
/// clone.
fn bob_pulled_alices_item_renumbered() -> (Team, PathBuf, PathBuf) {
    let (team, a, b) = two_synced_clones();
    team.add_action(&a, "Alert on p99", "alice", "+2w");
    team.pm(&a, &["sync"]).ok();
    team.add_action(&b, "Load test", "bob", "+2w");
    team.git(&b, &["pull", "--quiet", "--no-rebase", "--no-edit"])
        .ok();
    (team, a, b)
}

/// Bob's `git pull --no-rebase` renumbered Alice's A1 to A2 in his clone
/// (his own new item kept A1); he then removed her item, as A2, while she
/// changed its owner. The conflict is about her item, deleted on one side
/// and changed on the other, not about his A1 (the nineteenth attack's D2).
#[test]
fn an_item_a_local_pull_renumbered_and_deleted_conflicts_with_the_others_edit_at_sync() {
    let (team, a, b) = bob_pulled_alices_item_renumbered();
    assert!(team.text(&b).contains("id: A2\n    title: Alert on p99"));
    // Her item is on the remote, as A1 there: `rm` asks for --force; his
    // own A1, which has the remote's id for another item, is not held
    // back by it (session 36's attack).
    team.pm(&b, &["action", "rm", "A2"]).error(&[
        "#A2 is on origin/",
        "already (as A1)",
        "--force",
    ]);
    team.pm(&b, &["action", "rm", "A2", "--force"]).ok();
    team.pm_and_sync(&a, &["action", "edit", "A1", "--owner", "payments"]);

    team.pm(&b, &["sync"])
        .code(1)
        .stderr_has("from others: `- id: A1`; yours: deleted it");
    let text = team.text(&b);
    // His item is untouched, under the next free id; hers is the conflict.
    assert!(
        text.contains("id: A2\n    title: Load test\n    owner: bob"),
        "{text}"
    );
    let conflict = &text[text.find("<<<<<<<").unwrap()..text.find(">>>>>>>").unwrap()];
    assert!(
        conflict.contains("id: A1\n    title: Alert on p99\n    owner: payments"),
        "{text}"
    );
    assert!(!conflict.contains("Load test"), "{text}");

    // Bob keeps her item after all: both items reach the remote, each once.
    std::fs::write(team.file(&b), keep_both_sides(&text)).unwrap();
    team.pm(&b, &["sync"])
        .ok()
        .stdout_has("Committed the merge you resolved.");
    let remote = team.remote_text();
    assert!(
        remote.contains("id: A1\n    title: Alert on p99\n    owner: payments"),
        "{remote}"
    );
    assert!(
        remote.contains("id: A2\n    title: Load test\n    owner: bob"),
        "{remote}"
    );
    assert_eq!(remote.matches("- id: A").count(), 2, "{remote}");
}

/// The same through `git pull` itself: the merge driver reads Bob's merge
/// commit too, so the conflict is her item (known here as A2) deleted
/// here and changed there, and his A1 keeps his owner.
#[test]
fn an_item_a_local_pull_renumbered_and_deleted_conflicts_with_the_others_edit_at_git_pull() {
    let (team, a, b) = bob_pulled_alices_item_renumbered();
    // Her item is on the remote: `rm` asks for --force (session 36).
    team.pm(&b, &["action", "rm", "A2", "--force"]).ok();
    team.pm_and_sync(&a, &["action", "edit", "A1", "--owner", "payments"]);

    team.git(&b, &["pull", "--quiet", "--no-rebase", "--no-edit"])
        .code(1);
    let text = team.text(&b);
    assert!(
        text.contains("id: A1\n    title: Load test\n    owner: bob"),
        "{text}"
    );
    let conflict = &text[text.find("<<<<<<<").unwrap()..text.find(">>>>>>>").unwrap()];
    assert!(
        conflict.contains("id: A2\n    title: Alert on p99\n    owner: payments"),
        "{text}"
    );
    assert!(!conflict.contains("Load test"), "{text}");
}

/// An entry Alice re-timed and reworded while Bob re-timed it is one
/// entry in one conflict: both versions show, and keeping Bob's leaves
/// one entry for the one event (the nineteenth attack's D3).
#[test]
fn an_entry_re_timed_and_reworded_against_a_re_time_is_one_conflict() {
    let (team, a, b) = two_synced_clones();
    team.pm_and_sync(
        &a,
        &[
            "timeline",
            "add",
            "p99 alert fired",
            "--kind",
            "detected",
            "--at",
            "09:30",
        ],
    );
    team.pm(&b, &["sync"]).ok();
    team.pm(&a, &["timeline", "edit", "09:30", "--at", "09:31"])
        .ok();
    team.pm_and_sync(
        &a,
        &[
            "timeline",
            "edit",
            "09:31",
            "--text",
            "p99 alert fired (pager)",
        ],
    );
    team.pm(&b, &["timeline", "edit", "09:30", "--at", "09:32"])
        .ok();

    team.pm(&b, &["sync"]).code(1).stderr_has("from others: `");
    let text = team.text(&b);
    let conflict = &text[text.find("<<<<<<<").unwrap()..text.find(">>>>>>>").unwrap()];
    assert!(conflict.contains("09:31:00"), "{text}");
    assert!(conflict.contains("09:32:00"), "{text}");
    assert_eq!(text.matches("p99 alert fired").count(), 1, "{text}");

    // Bob keeps his time: one entry, with Alice's words.
    let resolved: String = {
        let start = text.find("<<<<<<<").unwrap();
        let mid = text[start..].find("=======\n").unwrap() + start;
        let end = text[mid..].find(">>>>>>>").unwrap() + mid;
        let end_line = text[end..].find('\n').unwrap() + end + 1;
        format!(
            "{}{}{}",
            &text[..start],
            &text[mid + 8..end],
            &text[end_line..]
        )
    };
    std::fs::write(team.file(&b), resolved).unwrap();
    team.pm(&b, &["sync"]).ok();
    let doc = team.show(&b);
    assert_eq!(
        texts(&doc, "timeline", "text"),
        ["Impact started", "p99 alert fired (pager)"]
    );
    assert!(texts(&doc, "timeline", "at")[1].contains("09:32"));
}

/// A commit Bob made empty on purpose (a note for the team) reaches the
/// remote through `pm sync`, as `git rebase` keeps it (D6).
#[test]
fn a_deliberately_empty_commit_is_kept_by_sync() {
    let (team, a, b) = two_synced_clones();
    team.pm_and_sync(
        &a,
        &["action", "add", "Runbook", "--owner", "sre", "--due", "+1w"],
    );
    team.add_action(&b, "Capacity plan", "sre", "+4w");
    team.git(
        &b,
        &[
            "commit",
            "--quiet",
            "--allow-empty",
            "-m",
            "Handover to the EU shift",
        ],
    )
    .ok();
    team.pm(&b, &["sync"]).ok().stdout_has("Pushed 2 commits");
    let log = team
        .git(&b, &["log", "--format=%s", "-2", "origin/HEAD"])
        .ok()
        .stdout;
    assert_eq!(
        log,
        "Handover to the EU shift\npm: action 2026-11-26-checkout-latency-spike: add A2: Capacity plan\n"
    );
}

/// When the push race makes pm sync renumber an item twice (A1 to A2, then
/// A2 to A3 once someone else took A2 too), the person is told the final
/// id only (D5).
#[test]
fn an_item_renumbered_twice_in_push_races_is_told_by_its_final_id() {
    let (team, a, b) = two_synced_clones();
    team.add_action(&b, "Bob one", "sre", "+2w");
    team.pm(&b, &["sync"]).ok();
    team.add_action(&b, "Bob two", "sre", "+2w");
    // Alice's first push is beaten by Bob's second item.
    b_pushes_first_when_a_pushes(&a, &b);
    team.add_action(&a, "Alice one", "sre", "+2w");
    let run = team.pm(&a, &["sync"]).ok();
    let run = run.stdout_has("your action item A1 is now A3");
    assert!(!run.stdout.contains("A2 is now"), "{}", run.stdout);
    assert!(!run.stdout.contains("A1 is now A2"), "{}", run.stdout);
    let remote = team.remote_text();
    assert!(remote.contains("id: A3\n    title: Alice one"), "{remote}");
}

/// With `commit.gpgsign`, a rebase that stopped at a conflict and that
/// `pm sync` finished still names the renumbered item by its new id in
/// the commit message, in a commit git signed again (D4).
#[test]
fn a_rebase_finished_by_sync_renames_the_message_in_a_signed_commit() {
    let (team, a, b) = two_synced_clones();
    let gpg = team.env.home().join("fake-gpg");
    write_script(
        &gpg,
        "#!/bin/sh\ncat >/dev/null\nprintf '\\n[GNUPG:] SIG_CREATED D 1 8 00 0 X\\n' >&2\nprintf -- '-----BEGIN PGP SIGNATURE-----\\n\\nfake\\n-----END PGP SIGNATURE-----\\n'\n",
    );
    team.git(&b, &["config", "commit.gpgsign", "true"]).ok();
    team.git(&b, &["config", "gpg.program", gpg.to_str().unwrap()])
        .ok();

    team.add_action(&a, "Runbook", "sre", "+1w");
    commit_severity(&team, &a, "SEV1");
    team.pm(&a, &["sync"]).ok();
    team.add_action(&b, "Capacity plan", "sre", "+4w");
    commit_severity(&team, &b, "SEV3");
    team.pm(&b, &["sync"]).code(1).stderr_has("severity");
    keep_theirs_severity(&team, &b);
    team.pm(&b, &["sync"])
        .ok()
        .stdout_has("Finished the rebase with the conflict you resolved.");
    let log = team.git(&b, &["log", "--format=%s", "-3"]).ok().stdout;
    assert!(
        log.contains("pm: action 2026-11-26-checkout-latency-spike: add A2: Capacity plan"),
        "{log}"
    );
    let raw = team.git(&b, &["cat-file", "-p", "HEAD"]).ok().stdout;
    assert!(raw.contains("gpgsig "), "{raw}");
}

/// After `git pull --no-rebase` renumbered Alice's A1 to A2 in Bob's
/// clone, the summary of his `pm sync` names her item by the id it has in
/// his file after the sync (D11).
#[test]
fn the_sync_summary_names_items_by_their_ids_in_the_synced_file() {
    let (team, a, b) = two_synced_clones();
    team.pm_and_sync(
        &a,
        &[
            "action",
            "add",
            "Alert on p99",
            "--owner",
            "sre",
            "--due",
            "+1w",
        ],
    );
    team.add_action(&b, "Load test", "sre", "+1w");
    team.git(&b, &["pull", "--quiet", "--no-rebase", "--no-edit"])
        .ok();
    team.pm_and_sync(&a, &["action", "done", "A1"]);
    team.pm(&b, &["sync"]).ok().stdout_has("status of A1");
    let doc = team.show(&b);
    let items = doc["action_items"].as_array().unwrap();
    let hers = items.iter().find(|i| i["title"] == "Alert on p99").unwrap();
    assert_eq!(hers["id"], "A1", "{doc}");
    assert_eq!(hers["status"], "done", "{doc}");
}

/// Attack 26 C1: three items of yours shifted by one each (someone else
/// added an A1 first) are three renumberings, told item by item, not a
/// chain that names the first item by the last one's new id.
#[test]
fn each_of_your_shifted_items_is_named_by_its_own_new_id() {
    let (team, a, b) = two_synced_clones();
    team.add_action(&a, "alice item", "sre", "+1w");
    team.pm(&a, &["sync"]).ok();
    for title in ["bob 1", "bob 2", "bob 3"] {
        team.add_action(&b, title, "sre", "+1w");
    }
    let run = team.pm(&b, &["sync"]).ok();
    for (old, new) in [("A1", "A2"), ("A2", "A3"), ("A3", "A4")] {
        assert!(
            run.stdout
                .contains(&format!("your action item {old} is now {new} ")),
            "{}",
            run.stdout
        );
    }
    assert!(!run.stdout.contains("A1 is now A4"), "{}", run.stdout);
    let doc = team.show(&b);
    assert_eq!(texts(&doc, "action_items", "id"), ["A1", "A2", "A3", "A4"]);
    assert_eq!(
        texts(&doc, "action_items", "title"),
        ["alice item", "bob 1", "bob 2", "bob 3"]
    );
    // The pushed messages agree with what was said.
    let log = team
        .git(&team.remote, &["log", "--format=%s", "-3"])
        .ok()
        .stdout;
    for line in ["add A2: bob 1", "add A3: bob 2", "add A4: bob 3"] {
        assert!(log.contains(line), "{log}");
    }
}

/// Attack 26 C1, across a push race: the round retried moves every item
/// on from the id the round before gave it.
#[test]
fn shifted_items_retried_after_a_push_race_end_with_their_own_ids() {
    let (team, a, b) = two_synced_clones();
    let c = team.clone("c", true);
    team.add_action(&a, "alice item", "sre", "+1w");
    team.pm(&a, &["sync"]).ok();
    // c's item reaches the remote while b pushes: b's second round
    // renumbers its items again.
    team.add_action(&c, "carol item", "sre", "+1w");
    team.git(&c, &["pull", "--quiet", "--rebase"]).ok();
    b_pushes_first_when_a_pushes(&b, &c);
    for title in ["bob 1", "bob 2"] {
        team.add_action(&b, title, "sre", "+1w");
    }
    let run = team.pm(&b, &["sync"]).ok().stdout_has("(try 2");
    for (old, new) in [("A1", "A3"), ("A2", "A4")] {
        assert!(
            run.stdout
                .contains(&format!("your action item {old} is now {new} ")),
            "{}",
            run.stdout
        );
    }
    let doc = team.show(&b);
    assert_eq!(
        texts(&doc, "action_items", "title"),
        ["alice item", "carol item", "bob 1", "bob 2"]
    );
}

/// Attack 26 C2: a rebase finished by hand with the markers still in is
/// not pushed (every teammate's next write to that post-mortem would
/// fail); the refusal names the file, the field and line, and what to do.
/// Markers that reach a clone anyway (pushed with plain git) are told as
/// such, not as "changed".
#[test]
fn sync_does_not_push_conflict_markers_committed_by_hand() {
    let (team, a, b) = conflicted_rebase();
    let file = team.env.file_of(&team.id);
    team.git(&b, &["add", &file]).ok();
    team.git(&b, &["-c", "core.editor=true", "rebase", "--continue"])
        .ok();
    assert!(team.text(&b).contains("<<<<<<< from others"));
    let remote = team.remote_text();
    let head = team.git(&b, &["rev-parse", "HEAD"]).ok().stdout;

    let run = team.pm(&b, &["sync"]).error(&[
        "not pushed",
        &file,
        "unresolved merge conflict in severity at line",
    ]);
    assert!(
        run.stderr
            .contains("one side has `severity: SEV1`, the other `severity: SEV3`")
            && run
                .stderr
                .contains(&format!("`git add {file}` and `git commit`"))
            && run.stderr.contains("then run `pm sync` again"),
        "{}",
        run.stderr
    );
    assert_eq!(team.remote_text(), remote, "nothing reached the remote");
    assert_eq!(team.git(&b, &["rev-parse", "HEAD"]).ok().stdout, head);
    // The same with --sync: the write is kept, the markers are not shared.
    team.pm(&b, &["timeline", "add", "x", "--at", "09:40", "--sync"])
        .code(2);

    // Pushed anyway, with git: the others are told what came in.
    team.git(&b, &["push", "--quiet"]).ok();
    team.pm(&a, &["sync"])
        .ok()
        .stdout_has("came in with unresolved conflict markers (severity at line");
}

/// Attack 26 C2, through a `git pull` whose conflict was committed with
/// the markers in (a clone without the driver, say): not pushed either.
#[test]
fn sync_does_not_push_a_merge_committed_with_markers() {
    let (team, _, b) = conflicting_severities();
    team.git(&b, &["pull", "--quiet", "--no-rebase"]).code(1);
    team.git(&b, &["commit", "--quiet", "-am", "merge"]).ok();
    let remote = team.remote_text();
    team.pm(&b, &["sync"])
        .error(&["not pushed", "unresolved merge conflict in severity"]);
    assert_eq!(team.remote_text(), remote);
}

/// Set `key:` (an empty prose field of the template) to `lines` lines of
/// 100 bytes each and commit: a post-mortem of about `lines` × 100 bytes.
fn commit_big_field(team: &Team, dir: &Path, key: &str, lines: usize) {
    let line = format!("  {}\n", "x".repeat(97));
    let text = team.text(dir).replacen(
        &format!("\n{key}:\n"),
        &format!("\n{key}: |\n{}", line.repeat(lines)),
        1,
    );
    std::fs::write(team.file(dir), text).unwrap();
    team.git(dir, &["commit", "--quiet", "-am", &format!("long {key}")])
        .ok();
}

/// Attack 26 C5: two sides each under the 8 MB a post-mortem may hold
/// merge into one over it. A merge is a write like any other: pm sync
/// refuses it with nothing changed, instead of pushing a file no pm
/// command reads; a `git pull` stops for the person. And a write that
/// finds no draft it can read names the file it could not read.
#[test]
fn a_merge_past_the_size_limit_is_not_made_nor_pushed() {
    let (team, a, b) = two_synced_clones();
    commit_big_field(&team, &a, "impact", 43_000);
    team.pm(&a, &["sync"]).ok();
    commit_big_field(&team, &b, "root_cause", 43_000);
    let head = team.git(&b, &["rev-parse", "HEAD"]).ok().stdout;
    let remote = team.remote_text();

    team.pm(&b, &["sync"]).error(&[
        &team.env.file_of(&team.id),
        "the file is 8.",
        "larger than the 8 MB pm accepts",
        "make it smaller",
    ]);
    assert_eq!(team.git(&b, &["rev-parse", "HEAD"]).ok().stdout, head);
    assert_eq!(team.remote_text(), remote);
    team.git(&b, &["status", "--porcelain"]).ok();
    assert!(team.text(&b).len() < 8 * 1024 * 1024);

    // git itself merges through the driver, which stops instead.
    let run = team.git(&b, &["pull", "--quiet", "--no-rebase", "--no-edit"]);
    assert_ne!(run.code, 0, "{}", run.stdout);
    assert!(
        run.stderr.contains("the merged file would be 8."),
        "{}",
        run.stderr
    );
    // Attack 78 D5: a conflict the person sees, both sides whole between
    // markers, not a marker-less merged file that `git add` would take.
    let left = team.text(&b);
    assert!(left.starts_with("<<<<<<< "), "{}", &left[..80]);
    assert!(left.contains("\n=======\n"));
    assert!(
        left.trim_end()
            .lines()
            .last()
            .unwrap()
            .starts_with(">>>>>>> ")
    );
    assert!(left.contains("impact: |") && left.contains("root_cause: |"));
    // Attack 80 D8: pm sync says the conflict is not resolved, both sides
    // together past the limit; not that a resolution is unreadable.
    let run = team.pm(&b, &["sync"]).error(&[
        &format!(
            "the merge is not finished: the conflict in {} is not resolved",
            team.env.file_of(&team.id)
        ),
        "between conflict markers, are 8.",
        "together, over the 8 MB a post-mortem may hold",
        "git merge --abort",
    ]);
    assert!(!run.stderr.contains("resolution"), "{}", run.stderr);
    assert!(b.join(".git/MERGE_HEAD").is_file());
    team.git(&b, &["merge", "--abort"]).ok();

    // A post-mortem over the limit pushed anyway (with git, after a commit
    // that bypassed pm): a write that looks for a draft says which file
    // it could not read.
    let file = team.env.file_of(&team.id);
    let big = format!("{}{}", team.text(&b), "# padding\n".repeat(500_000));
    std::fs::write(team.file(&b), big).unwrap();
    team.git(&b, &["commit", "--quiet", "-am", "too big"]).ok();
    team.pm(&b, &["timeline", "add", "during incident", "--at", "09:59"])
        .error(&["no draft post-mortem to write to"])
        .stderr_has(&format!("pm cannot read {file}"));
}

/// Attack 26 C6: pm installed under a path with a space. `pm init` quotes
/// it in the driver command as sh needs; the check that the program still
/// exists reads it back as sh does, so no false hint, and a second
/// `pm init` changes nothing.
#[test]
fn a_driver_under_a_path_with_a_space_is_found() {
    let team = Team::new();
    let b = team.clone("b", false);
    let tools = team.env.home().join("my tools");
    fs::create_dir_all(&tools).unwrap();
    let pm = tools.join("pm");
    fs::copy(env!("CARGO_BIN_EXE_pm"), &pm).unwrap();
    let run_pm = |args: &[&str]| {
        let mut cmd = team.env.command(pm.to_str().unwrap());
        cmd.args(args).current_dir(&b);
        team.env.run_cmd(cmd, None, args)
    };
    run_pm(&["init"])
        .ok()
        .stdout_has("Installed the merge driver");
    let driver = team.git(&b, &["config", "merge.pm.driver"]).ok().stdout;
    assert!(
        driver.starts_with(&format!("'{}' ", pm.display())),
        "{driver}"
    );
    let list = run_pm(&["list"]).ok();
    assert!(!list.stderr.contains("hint"), "{}", list.stderr);
    run_pm(&["init"]).ok().stdout_has("nothing changed");
    // Gone for real: the hint names the whole path.
    fs::remove_file(&pm).unwrap();
    team.pm(&b, &["list"]).ok().stderr_has(&format!(
        "points at {}, which no longer exists",
        pm.display()
    ));
}

/// Attack 26 C3 (docs/collaboration.md): after a `git pull` renumbered
/// the others' A1 to A2 in this clone, `pm sync` gives it back the id the
/// remote knows, and it is your own colliding item that is renumbered.
#[test]
fn an_item_a_pull_renumbered_takes_back_the_remotes_id_at_sync() {
    let (team, a, b) = two_synced_clones();
    team.add_action(&a, "alice item", "sre", "+1w");
    team.pm(&a, &["sync"]).ok();
    team.add_action(&b, "bob item", "sre", "+1w");
    team.git(&b, &["pull", "--quiet", "--no-rebase", "--no-edit"])
        .ok();
    assert_eq!(
        texts(&team.show(&b), "action_items", "title"),
        ["bob item", "alice item"],
        "the pull renumbered alice's item locally"
    );
    team.pm_and_sync(&a, &["timeline", "add", "later", "--at", "09:45"]);

    team.pm(&b, &["sync"])
        .ok()
        .stdout_has("your action item A1 is now A3");
    let doc = team.show(&b);
    assert_eq!(texts(&doc, "action_items", "id"), ["A1", "A3"]);
    assert_eq!(
        texts(&doc, "action_items", "title"),
        ["alice item", "bob item"]
    );
    let remote = team.remote_text();
    assert!(
        remote.contains("  - id: A1\n    title: alice item\n"),
        "{remote}"
    );
    // Alice's clone agrees, and is told nothing about her own item.
    let run = team.pm(&a, &["sync"]).ok();
    assert!(!run.stdout.contains("is now"), "{}", run.stdout);
    assert_eq!(
        texts(&team.show(&a), "action_items", "title"),
        ["alice item", "bob item"]
    );
}

/// Attack 26 C4: `pm new` with the same title on the same day in two
/// clones makes one id, so sync merges two post-mortems into one file.
/// pm cannot tell whether it is one incident; it says so, and lint points
/// at the second impact-start.
#[test]
fn the_same_post_mortem_created_in_two_clones_is_told_when_merged() {
    let (team, a, b) = two_synced_clones();
    let new = |dir: &Path, started: &str, service: &str| {
        team.pm(
            dir,
            &[
                "new",
                "Login errors",
                "--severity",
                "SEV2",
                "--started",
                started,
                "--service",
                service,
                "--no-edit",
            ],
        )
        .ok();
    };
    let d = team.clone("d", true);
    new(&a, "08:00", "auth-eu");
    team.pm(&a, &["sync"]).ok();
    new(&b, "09:30", "auth-us");
    team.pm(&b, &["sync"])
        .ok()
        .stdout_has("2026-11-27-login-errors: you and someone else both created this post-mortem");
    let lint = team.pm(&b, &["lint", "2026-11-27-login-errors"]);
    assert!(
        lint.stdout.contains("warning[several-impact-starts]")
            && lint
                .stdout
                .contains("another `impact-start` entry, at 2026-11-27T09:30:00"),
        "{}",
        lint.stdout
    );
    // The same through git's own merge: the driver says it.
    new(&d, "09:00", "auth-sa");
    let pull = team.git(&d, &["pull", "--no-rebase", "--no-edit"]);
    assert!(
        pull.stderr
            .contains("both sides created this post-mortem (the same id)"),
        "{}",
        pull.stderr
    );
}

/// Attack 26 C11: a push a server hook refuses shows the server's own
/// explanation (the `remote:` lines plain `git push` shows), made safe.
#[test]
fn a_push_refused_by_a_hook_shows_what_the_remote_said() {
    let team = Team::new();
    let a = team.clone("a", true);
    write_script(
        &team.remote.join("hooks/pre-receive"),
        "#!/bin/sh\nprintf 'GitLab: You are not allowed to push code to protected branches.\\n\\033]0;x\\007\\n' >&2\nexit 1\n",
    );
    team.pm(&a, &["timeline", "add", "Kept", "--at", "10:00"])
        .ok();
    let run = team.pm(&a, &["sync"]).error(&["was refused"]);
    assert!(
        run.stderr.contains(
            "  remote: GitLab: You are not allowed to push code to protected branches.\n"
        ),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains('\u{1b}'), "{:?}", run.stderr);
}

/// Attack 26 C10 and C7: an entry deleted by the others and edited by
/// you is told as deleted, not as an empty quote; a file someone broke
/// by hand is said to be merged line by line and to have come in broken.
#[test]
fn sync_tells_a_deleted_entry_and_a_broken_incoming_file() {
    let (team, a, b) = two_synced_clones();
    team.pm_and_sync(
        &a,
        &[
            "timeline",
            "add",
            "p99 alert",
            "--kind",
            "detected",
            "--at",
            "09:31",
        ],
    );
    team.pm(&b, &["sync"]).ok();
    team.pm_and_sync(&a, &["timeline", "rm", "2"]);
    team.pm(
        &b,
        &["timeline", "edit", "2", "--text", "p99 alert (PagerDuty)"],
    )
    .ok();
    let run = team.pm(&b, &["sync"]).code(1);
    assert!(
        run.stderr
            .contains("from others: deleted it; yours: `- at: 2026-11-27T09:31:00Z`"),
        "{}",
        run.stderr
    );
    team.git(&b, &["rebase", "--abort"]).ok();
    team.git(&b, &["reset", "--quiet", "--hard", "origin/HEAD"])
        .ok();

    let broken = format!("{}severity: [\n", team.text(&a));
    fs::write(team.file(&a), broken).unwrap();
    team.git(&a, &["commit", "--quiet", "-am", "broken by hand"])
        .ok();
    team.git(&a, &["push", "--quiet"]).ok();
    team.add_action(&b, "bob item", "sre", "+1w");
    let run = team.pm(&b, &["sync"]).ok();
    let id = &team.id;
    assert!(
        run.stdout
            .contains(&format!("{id}: came in as a file pm cannot read"))
            && run.stdout.contains(&format!("{id}: merged line by line")),
        "{}",
        run.stdout
    );
}

/// Attack 26 N1: `pm init` in a folder inside another project's checkout
/// commits into that repository; it says so, and on which branch.
#[test]
fn pm_init_inside_a_checkout_says_where_it_commits() {
    let team = Team::new();
    let project = team.clone("project", false);
    team.git(&project, &["switch", "--quiet", "-c", "feature/wip"])
        .ok();
    let dir = project.join("incidents");
    fs::create_dir_all(&dir).unwrap();
    let top = project.canonicalize().unwrap();
    let run = team.pm(&dir, &["init"]).ok().stdout_has(&format!(
        "Committed in the git repository at {}, on its branch feature/wip",
        top.display()
    ));
    assert!(
        run.stderr.contains("outside any git work tree"),
        "{}",
        run.stderr
    );
    let log = team
        .git(&project, &["log", "--format=%s", "-1", "feature/wip"])
        .ok()
        .stdout;
    assert!(log.starts_with("pm: init"), "{log}");
    // Its own repository: nothing to say.
    let own = team.env.home().join("own");
    let run = team
        .pm(team.env.home(), &["init", own.to_str().unwrap()])
        .ok();
    assert!(!run.stdout.contains("Committed in"), "{}", run.stdout);
}

/// patt27 D2 and D4: `pm sync` refused markers, non-UTF-8 and oversized
/// files but pushed a committed symlink, invalid YAML and a post-mortem
/// without a title, which every pm command then refuses in every clone;
/// and its refusal pointed at a `pm archive` that does not exist.
#[test]
fn sync_does_not_push_a_post_mortem_no_command_reads() {
    let (team, _a, b) = two_synced_clones();
    let file = team.env.file_of(&team.id);
    let year = Path::new(&file)
        .parent()
        .unwrap()
        .to_str()
        .unwrap()
        .to_string();
    let remote = team.remote_text();
    let head = || team.git(&b, &["rev-parse", "HEAD"]).ok().stdout;

    // Invalid YAML in the shared post-mortem.
    let good = team.text(&b);
    std::fs::write(team.file(&b), format!("{good}title: [unclosed\n")).unwrap();
    team.git(&b, &["commit", "--quiet", "-am", "broken by hand"])
        .ok();
    let before = head();
    let run = team.pm(&b, &["sync"]).error(&["not pushed", &file]);
    assert!(
        run.stderr.contains(&format!("`pm lint {file}` says how")),
        "{}",
        run.stderr
    );
    assert!(!run.stderr.contains("pm archive"), "{}", run.stderr);
    assert_eq!(team.remote_text(), remote);
    assert_eq!(head(), before, "nothing changed");
    std::fs::write(team.file(&b), &good).unwrap();
    team.git(&b, &["commit", "--quiet", "-am", "fixed"]).ok();

    // A new file without a title, and a symlink.
    let untitled = format!("{year}/2026-11-28-untitled.yaml");
    std::fs::write(b.join(&untitled), "pm: 1\nid: 2026-11-28-untitled\n").unwrap();
    team.git(&b, &["add", &untitled]).ok();
    team.git(&b, &["commit", "--quiet", "-m", "untitled"]).ok();
    team.pm(&b, &["sync"]).error(&["not pushed", &untitled]);
    team.git(&b, &["rm", "--quiet", &untitled]).ok();
    team.git(&b, &["commit", "--quiet", "-m", "gone"]).ok();
    let link = format!("{year}/2026-11-28-link.yaml");
    std::os::unix::fs::symlink("/etc/passwd", b.join(&link)).unwrap();
    team.git(&b, &["add", &link]).ok();
    team.git(&b, &["commit", "--quiet", "-m", "link"]).ok();
    let run = team
        .pm(&b, &["sync"])
        .error(&["not pushed", &link, "is a symlink"]);
    assert!(!run.stderr.contains("root:"), "{}", run.stderr);
    assert_eq!(team.remote_text(), remote);
}

/// The action items of a post-mortem's text, as `(id, title, owner,
/// status)`, in file order.
fn items_of(text: &str) -> Vec<(String, String, String, String)> {
    let mut items: Vec<(String, String, String, String)> = Vec::new();
    let mut inside = false;
    for line in text.lines() {
        if line.starts_with("action_items:") {
            inside = true;
            continue;
        }
        if !inside {
            continue;
        }
        if !line.starts_with(' ') && !line.is_empty() {
            break;
        }
        let line = line.trim_start();
        if let Some(id) = line.strip_prefix("- id: ") {
            items.push((id.to_string(), String::new(), String::new(), String::new()));
        } else if let Some(item) = items.last_mut() {
            if let Some(v) = line.strip_prefix("title: ") {
                item.1 = v.to_string();
            } else if let Some(v) = line.strip_prefix("owner: ") {
                item.2 = v.to_string();
            } else if let Some(v) = line.strip_prefix("status: ") {
                item.3 = v.to_string();
            }
        }
    }
    items
}

fn item<'a>(
    items: &'a [(String, String, String, String)],
    title: &str,
) -> Option<&'a (String, String, String, String)> {
    items.iter().find(|i| i.1 == title)
}

/// Bob adds `mine` and `second` (his A1 and A2) and changes his A1 with
/// `change`, while Alice pushes `remote one` as A1. Then Bob shares with
/// `how` (`pm sync`, or `git pull --rebase` through the driver `pm init`
/// installed): his items move up one each, a chain (A1 → A2, A2 → A3).
/// The file Bob ends with.
fn change_in_a_chain(change: &[&str], how: &str) -> (Team, PathBuf, String) {
    let (team, a, b) = two_synced_clones();
    team.add_action(&b, "mine", "bob", "+1w");
    team.add_action(&b, "second", "bob", "+1w");
    team.pm(&b, change).ok();
    team.add_action(&a, "remote one", "alice", "+1w");
    team.pm(&a, &["sync"]).ok();
    match how {
        "sync" => {
            team.pm(&b, &["sync"]).ok();
        }
        _ => {
            team.git(&b, &["pull", "--quiet", "--rebase"]).ok();
            team.git(&b, &["push", "--quiet"]).ok();
        }
    }
    assert_eq!(team.git(&b, &["status", "--porcelain"]).ok().stdout, "");
    let text = team.text(&b);
    assert_eq!(team.remote_text(), text);
    (team, b, text)
}

/// The thirtieth attack's D17: a `pm action done` or `edit` of your A1,
/// made before a sync that renumbers your items in a chain, lands on
/// your item (now A2), never on the others' A1, which now holds its old
/// id; a `pm action rm` of it removes it without a conflict. The same
/// through `git pull --rebase`.
#[test]
fn a_change_to_your_item_follows_it_along_a_chain_of_renumberings() {
    for how in ["sync", "git pull --rebase"] {
        let (team, b, text) = change_in_a_chain(&["action", "done", "A1"], how);
        let items = items_of(&text);
        let remote_one = ("A1", "remote one", "alice", "open");
        let theirs = item(&items, "remote one").unwrap();
        assert_eq!(
            (&*theirs.0, &*theirs.1, &*theirs.2, &*theirs.3),
            remote_one,
            "{how}: {text}"
        );
        let mine = item(&items, "mine").unwrap();
        assert_eq!((&*mine.0, &*mine.3), ("A2", "done"), "{how}: {text}");
        let second = item(&items, "second").unwrap();
        assert_eq!((&*second.0, &*second.3), ("A3", "open"), "{how}: {text}");
        assert_eq!(text.matches("closed:").count(), 1, "{how}: {text}");
        if how == "sync" {
            let log = team.git(&b, &["log", "-1", "--format=%s"]).ok().stdout;
            assert!(log.contains("done A2"), "{log}");
        }

        let (_, _, text) = change_in_a_chain(&["action", "edit", "A1", "--owner", "changed"], how);
        let items = items_of(&text);
        let theirs = item(&items, "remote one").unwrap();
        assert_eq!(
            (&*theirs.0, &*theirs.1, &*theirs.2, &*theirs.3),
            remote_one,
            "{how}: {text}"
        );
        let mine = item(&items, "mine").unwrap();
        assert_eq!((&*mine.0, &*mine.2), ("A2", "changed"), "{how}: {text}");
        assert_eq!(item(&items, "second").unwrap().2, "bob", "{how}: {text}");

        let (_, _, text) = change_in_a_chain(&["action", "rm", "A1"], how);
        let items = items_of(&text);
        let theirs = item(&items, "remote one").unwrap();
        assert_eq!(
            (&*theirs.0, &*theirs.1, &*theirs.2, &*theirs.3),
            remote_one,
            "{how}: {text}"
        );
        assert!(item(&items, "mine").is_none(), "{how}: {text}");
        assert_eq!(item(&items, "second").unwrap().0, "A3", "{how}: {text}");
        assert!(!text.contains("<<<<<<<"), "{how}: {text}");
    }
}

/// Three items of yours and a `pm action done` of the middle one: after
/// the chain of renumberings it is the middle one that is done.
#[test]
fn a_change_to_your_middle_item_follows_it_along_a_chain() {
    let (team, a, b) = two_synced_clones();
    for title in ["m1", "m2", "m3"] {
        team.add_action(&b, title, "bob", "+1w");
    }
    team.pm(&b, &["action", "done", "A2"]).ok();
    team.add_action(&a, "remote one", "alice", "+1w");
    team.pm(&a, &["sync"]).ok();
    team.pm(&b, &["sync"])
        .ok()
        .stdout_has("your action item A2 is now A3 (your A1 moved up to it)");
    let text = team.remote_text();
    let items = items_of(&text);
    let status: Vec<(&str, &str, &str)> = items.iter().map(|i| (&*i.0, &*i.1, &*i.3)).collect();
    assert_eq!(
        status,
        [
            ("A1", "remote one", "open"),
            ("A2", "m1", "open"),
            ("A3", "m2", "done"),
            ("A4", "m3", "open")
        ],
        "{text}"
    );
}

/// The thirtieth attack's D20: Bob's `git pull --no-rebase` made Alice's
/// A1 his A2, and he closed it there. Alice then pushed another item (her
/// A2). Bob's `pm sync` gives her item back A1, closed, leaves her new
/// item A2, and moves his own to A3: never two items with one id.
#[test]
fn an_item_a_local_pull_renumbered_and_closed_here_takes_back_its_id_at_sync() {
    let (team, a, b) = two_synced_clones();
    team.add_action(&b, "m1", "bob", "+1w");
    team.add_action(&a, "r1", "alice", "+1w");
    team.pm(&a, &["sync"]).ok();
    team.git(&b, &["pull", "--quiet", "--no-rebase", "--no-edit"])
        .ok();
    assert!(team.text(&b).contains("id: A2\n    title: r1"));
    team.pm(&b, &["action", "done", "A2"]).ok();
    team.add_action(&a, "r2", "alice", "+1w");
    team.pm(&a, &["sync"]).ok();

    team.pm(&b, &["sync"])
        .ok()
        .stdout_has("your action item A1 is now A3 (someone else added an A1 first)");
    let text = team.remote_text();
    let mut items: Vec<(String, String, String)> = items_of(&text)
        .into_iter()
        .map(|i| (i.0, i.1, i.3))
        .collect();
    items.sort();
    let want = [
        ("A1", "r1", "done"),
        ("A2", "r2", "open"),
        ("A3", "m1", "open"),
    ];
    let want: Vec<(String, String, String)> = want
        .iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect();
    assert_eq!(items, want, "{text}");
    assert_eq!(team.text(&b), text);
    team.pm(&b, &["lint"]).ok();
    // Alice's clone agrees, and her A1 is the item Bob closed.
    team.pm(&a, &["sync"]).ok();
    assert_eq!(team.text(&a), text);
}

/// The thirtieth attack's D14: two `pm sync` at once in one clone. The
/// one that finds the other already pushed this clone's commits does
/// not count them as the others': a reference-transaction hook runs the
/// second sync in the middle of the first one's fetch, every time.
#[test]
fn a_sync_that_finds_its_commits_pushed_by_another_does_not_call_them_the_others() {
    let (team, a, b) = two_synced_clones();
    team.pm_and_sync(&a, &["timeline", "add", "a 1", "--at", "10:31"]);
    team.pm(&b, &["timeline", "add", "q1", "--at", "10:41"])
        .ok();
    team.pm(&b, &["timeline", "add", "q2", "--at", "10:42"])
        .ok();
    let once = b.join(".git/raced");
    let inner = b.join(".git/inner-sync.txt");
    let program = env!("CARGO_BIN_EXE_pm");
    // The hook runs in the first sync's environment: the test's.
    write_script(
        &b.join(".git/hooks/reference-transaction"),
        &format!(
            "#!/bin/sh\ncat >/dev/null\n[ \"$1\" = committed ] || exit 0\n[ -e '{once}' ] && exit 0\ntouch '{once}'\n'{program}' sync >'{inner}' 2>&1\nexit 0\n",
            once = once.display(),
            inner = inner.display(),
        ),
    );
    let run = team.pm(&b, &["sync"]).ok();
    let inner = fs::read_to_string(&inner).unwrap();
    assert!(inner.contains("Pushed 2 commits"), "{inner}");
    assert!(
        run.stdout.contains("From others (1 commit on origin/"),
        "{}\n{inner}",
        run.stdout
    );
    assert!(
        run.stdout.contains(": 1 timeline entry"),
        "{}\n{inner}",
        run.stdout
    );
    assert!(team.remote_text().contains("text: q2"));
}

/// The thirtieth attack's D3: a symlink someone pushed with plain git is
/// told as a symlink in the sync summary, not as text read from its
/// target's name.
#[test]
fn an_incoming_symlink_is_named_a_symlink() {
    let (team, a, b) = two_synced_clones();
    let dir = team.file(&a).parent().unwrap().to_path_buf();
    std::os::unix::fs::symlink("/etc/passwd", dir.join("2026-11-28-link.yaml")).unwrap();
    team.git(&a, &["add", "-A"]).ok();
    team.git(&a, &["commit", "--quiet", "-m", "symlink"]).ok();
    team.git(&a, &["push", "--quiet"]).ok();
    let run = team.pm(&b, &["sync"]).ok();
    assert!(
        run.stdout
            .contains("2026-11-28-link: came in as a symlink, which pm never follows"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("but it is text"), "{}", run.stdout);
}

/// fix35: a file git merges line by line (the merge by meaning steps
/// aside: here the file has a YAML alias) does not get two action items
/// with one id from git's line merge either. Alice added A2 and A3; Bob
/// renumbered A1 to A3 by hand and pulls with `git pull --rebase`: the
/// driver leaves the action items as a conflict, naming the file and the
/// id, instead of a clean merge with two A3s. (A file the merge by
/// meaning reads gives Bob's item A4: see fix36's tests.)
#[test]
fn a_line_merge_that_would_give_two_items_one_id_is_left_as_a_conflict() {
    let (team, a, b) = two_synced_clones();
    team.add_action(&a, "Alert on p99", "sre", "+2w");
    let aliased = team
        .text(&a)
        .replace("  went_wrong: []", "  went_wrong: &none []")
        .replace("  got_lucky: []", "  got_lucky: *none");
    fs::write(team.file(&a), aliased).unwrap();
    team.git(&a, &["commit", "--quiet", "-am", "one empty list"])
        .ok();
    team.pm(&a, &["sync"]).ok();
    team.pm(&b, &["sync"]).ok();
    team.add_action(&a, "Runbook", "sre", "+2w");
    team.add_action(&a, "Capacity plan", "sre", "+2w");
    team.pm(&a, &["sync"]).ok();
    let renumbered = team.text(&b).replace("- id: A1\n", "- id: A3\n");
    fs::write(team.file(&b), &renumbered).unwrap();
    team.git(&b, &["commit", "--quiet", "-am", "A3, as in the tracker"])
        .ok();

    let file = team.env.file_of(&team.id);
    let run = team.git(&b, &["pull", "--rebase", "--quiet"]).code(1);
    assert!(
        run.stderr.contains(&format!(
            "pm: {file}: merged line by line (the file uses YAML aliases), but git's line merge gives two action items the id A3: the action items are left as a conflict, for you to keep each item once, under its own id"
        )),
        "{}",
        run.stderr
    );
    let text = team.text(&b);
    let ours = &text[text.find("<<<<<<<").unwrap()..text.find("=======").unwrap()];
    let theirs = &text[text.find("=======").unwrap()..text.find(">>>>>>>").unwrap()];
    assert!(
        ours.contains("- id: A3\n    title: Capacity plan"),
        "{text}"
    );
    assert!(
        theirs.contains("- id: A3\n    title: Alert on p99"),
        "{text}"
    );
    // Every pm command refuses the file until the person resolves it.
    team.pm(&b, &["show", &team.id])
        .error(&["unresolved merge conflict in action_items"]);

    // Bob keeps Alice's list and gives his renumbered item an id no
    // other item has: A4. That reaches Alice as it is.
    let resolved = format!(
        "{}{}{}",
        &text[..text.find("<<<<<<<").unwrap()],
        ours.split_once('\n').unwrap().1.replace(
            "  - id: A1\n    title: Alert on p99",
            "  - id: A4\n    title: Alert on p99",
        ),
        &text[text.find(">>>>>>>").unwrap()..]
            .split_once('\n')
            .unwrap()
            .1,
    );
    fs::write(team.file(&b), &resolved).unwrap();
    team.git(&b, &["add", &file]).ok();
    let mut cmd = team.env.command("git");
    cmd.args(["rebase", "--continue"])
        .current_dir(&b)
        .env("GIT_EDITOR", "true");
    stdout_of(&mut cmd);
    team.pm(&b, &["sync"]).ok();
    team.pm(&a, &["sync"]).ok();
    let doc = team.show(&a);
    assert_eq!(texts(&doc, "action_items", "id"), ["A4", "A2", "A3"]);
    assert_eq!(
        texts(&doc, "action_items", "title"),
        ["Alert on p99", "Runbook", "Capacity plan"]
    );
}

/// fix35: the same in `pm sync`, for a file the merge by meaning leaves to
/// git's line merge (it has a YAML alias): Alice's `pm action add` made an
/// A2 at the end of the list, Bob wrote his own A2 at its top by hand.
/// The lines merge cleanly into two A2s; pm sync stops on the action
/// items as a conflict instead of pushing them, and names the id.
#[test]
fn pm_sync_leaves_a_line_merge_with_two_items_of_one_id_as_a_conflict() {
    let (team, a, b) = two_synced_clones();
    team.add_action(&a, "Alert on p99", "sre", "+2w");
    let aliased = team
        .text(&a)
        .replace("  went_wrong: []", "  went_wrong: &none []")
        .replace("  got_lucky: []", "  got_lucky: *none");
    fs::write(team.file(&a), aliased).unwrap();
    team.git(&a, &["commit", "--quiet", "-am", "one empty list"])
        .ok();
    team.pm(&a, &["sync"]).ok();
    team.pm(&b, &["sync"]).ok();
    team.pm_and_sync(
        &a,
        &["action", "add", "Runbook", "--owner", "sre", "--due", "+2w"],
    );
    let mine = team.text(&b).replace(
        "action_items:\n",
        "action_items:\n  - id: A2\n    title: Load test\n    owner: bob\n    due: 2026-12-20\n    status: open\n",
    );
    fs::write(team.file(&b), mine).unwrap();
    team.git(&b, &["commit", "--quiet", "-am", "load test"])
        .ok();
    let remote = team.remote_text();

    let file = team.env.file_of(&team.id);
    let said = format!(
        "{file}: git's line merge gives two action items the id A2, so the action items are left as a conflict: keep each item once, under its own id"
    );
    // Stopped for the person, and again while the conflict is there.
    for _ in 0..2 {
        team.pm(&b, &["sync"])
            .code(1)
            .stderr_has(&format!("  {said}\n"))
            .stderr_has("unresolved merge conflict in action_items");
        assert_eq!(team.remote_text(), remote);
    }
    assert!(team.text(&b).contains("<<<<<<<"));
    // With nobody there to resolve it (`--sync`), undone and said.
    team.git(&b, &["rebase", "--abort"]).ok();
    team.pm(
        &b,
        &[
            "timeline",
            "add",
            "load test started",
            "--at",
            "09:40",
            "--sync",
        ],
    )
    .ok()
    .stderr_has(
        "warning: committed here, but not synced: a change from others conflicts with yours",
    )
    .stderr_has(&said);
    assert_eq!(team.remote_text(), remote);
    assert_eq!(team.text(&b).matches("- id: A2\n").count(), 1);
}

/// fix36: Alice has A1 and adds A2 and A3 and pushes, while Bob
/// renumbers A1 to `id` by hand (as in the team's tracker) and commits.
/// The clone of Bob, and the file Alice pushed.
fn bob_renumbers_a1_by_hand(id: &str) -> (Team, PathBuf, PathBuf) {
    let (team, a, b) = two_synced_clones();
    team.add_action(&a, "Alert on p99", "sre", "+2w");
    team.pm(&a, &["sync"]).ok();
    team.pm(&b, &["sync"]).ok();
    team.add_action(&a, "Runbook", "sre", "+2w");
    team.add_action(&a, "Capacity plan", "sre", "+2w");
    team.pm(&a, &["sync"]).ok();
    let renumbered = team
        .text(&b)
        .replace("- id: A1\n", &format!("- id: {id}\n"));
    fs::write(team.file(&b), &renumbered).unwrap();
    team.git(
        &b,
        &["commit", "--quiet", "-am", "A1 is A3, as in the tracker"],
    )
    .ok();
    (team, a, b)
}

/// (id, title, owner, status) of each action item, sorted by title.
fn by_title(text: &str) -> Vec<(String, String, String, String)> {
    let mut items = items_of(text);
    items.sort_by(|x, y| x.1.cmp(&y.1));
    items
}

fn item_row(id: &str, title: &str, owner: &str, status: &str) -> (String, String, String, String) {
    (id.into(), title.into(), owner.into(), status.into())
}

/// fix36: Bob renumbered A1 to A3 by hand while Alice gave A3 to a new
/// item. Before, `pm sync` gave his item its old id back and said
/// "Nothing to push.": his commit was dropped without a word. Now his
/// renumbering lands under the next free id, A4 (Alice's A3 keeps the
/// id everyone knows), pm says so, and his commit is pushed.
#[test]
fn an_item_renumbered_by_hand_to_a_taken_id_takes_the_next_free_one_at_sync() {
    let (team, a, b) = bob_renumbers_a1_by_hand("A3");
    let run = team.pm(&b, &["sync"]).ok();
    let file = team.env.file_of(&team.id);
    let stem = Path::new(&file).file_stem().unwrap().to_str().unwrap();
    assert!(
        run.stdout.contains(&format!(
            "  {stem}: your action item A1, which you renumbered to A3, is now A4 (someone else gave A3 to another item first)\n"
        )),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("Pushed 1 commit to origin/"),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("Nothing to push"), "{}", run.stdout);
    // What git says: Bob's commit is on the remote, and it renumbers A1
    // to A4, nothing else.
    let log = stdout_of(
        team.env
            .command("git")
            .arg("--git-dir")
            .arg(&team.remote)
            .args(["log", "-1", "--format=%s", "-p", "--", &file]),
    );
    assert!(log.starts_with("A1 is A3, as in the tracker\n"), "{log}");
    assert!(log.contains("\n-  - id: A1\n+  - id: A4\n"), "{log}");
    assert_eq!(
        log.matches("\n+ ").count() + log.matches("\n- ").count(),
        2,
        "{log}"
    );
    let text = team.remote_text();
    assert_eq!(
        by_title(&text),
        [
            item_row("A4", "Alert on p99", "sre", "open"),
            item_row("A3", "Capacity plan", "sre", "open"),
            item_row("A2", "Runbook", "sre", "open"),
        ],
        "{text}"
    );
    assert_eq!(team.text(&b), text);
    team.pm(&a, &["sync"]).ok().stdout_has("A1 is now A4");
    assert_eq!(team.text(&a), text);
    team.pm(&a, &["lint", &team.id]).ok();
}

/// fix36: the same through the merge driver, in `git pull --rebase` and in
/// a `git pull` that merges: the same file as pm sync makes, and the
/// driver names the item, its ids and why.
#[test]
fn an_item_renumbered_by_hand_to_a_taken_id_takes_the_next_free_one_at_git_pull() {
    let file_of = |team: &Team| team.env.file_of(&team.id);
    for how in ["--rebase", "--no-rebase"] {
        let (team, _, b) = bob_renumbers_a1_by_hand("A3");
        let file = file_of(&team);
        team.git(&b, &["pull", "--quiet", how, "--no-edit"])
            .ok()
            .stderr_has(&format!(
                "pm: {file}: your action item A1, which you renumbered to A3, is now A4: the other side gave A3 to another item\n"
            ));
        let text = team.text(&b);
        assert_eq!(
            by_title(&text),
            [
                item_row("A4", "Alert on p99", "sre", "open"),
                item_row("A3", "Capacity plan", "sre", "open"),
                item_row("A2", "Runbook", "sre", "open"),
            ],
            "{how}: {text}"
        );
        assert_eq!(team.git(&b, &["status", "--porcelain"]).ok().stdout, "");
        team.pm(&b, &["sync"]).ok().stdout_has("Pushed");
        assert_eq!(team.remote_text(), text, "{how}");
    }
}

/// fix36: a renumbering to an id nobody has lands as it is (before, pm
/// sync took it back too, and dropped the commit).
#[test]
fn an_item_renumbered_by_hand_to_a_free_id_lands_as_it_is() {
    for how in ["sync", "--rebase", "--no-rebase"] {
        let (team, _, b) = bob_renumbers_a1_by_hand("A7");
        if how == "sync" {
            let run = team.pm(&b, &["sync"]).ok();
            assert!(!run.stdout.contains("Merged with yours"), "{}", run.stdout);
            run.stdout_has("Pushed 1 commit");
        } else {
            let run = team.git(&b, &["pull", "--quiet", how, "--no-edit"]).ok();
            assert!(!run.stderr.contains("pm: "), "{how}: {}", run.stderr);
            team.pm(&b, &["sync"]).ok();
        }
        let text = team.remote_text();
        assert_eq!(
            by_title(&text),
            [
                item_row("A7", "Alert on p99", "sre", "open"),
                item_row("A3", "Capacity plan", "sre", "open"),
                item_row("A2", "Runbook", "sre", "open"),
            ],
            "{how}: {text}"
        );
    }
}

/// fix36: Alice and Bob both renumbered A1, to A5 and to A7. A field both
/// changed differently: pm sync stops at a conflict on that line (before,
/// Bob's renumbering was dropped without a word), says which, and once
/// Bob keeps one, pushes it.
#[test]
fn an_item_renumbered_differently_on_both_sides_is_a_conflict_at_sync() {
    let (team, a, b) = two_synced_clones();
    team.add_action(&a, "Alert on p99", "sre", "+2w");
    team.pm(&a, &["sync"]).ok();
    team.pm(&b, &["sync"]).ok();
    for (dir, id) in [(&a, "A5"), (&b, "A7")] {
        let text = team
            .text(dir)
            .replace("- id: A1\n", &format!("- id: {id}\n"));
        fs::write(team.file(dir), text).unwrap();
        team.git(dir, &["commit", "--quiet", "-am", id]).ok();
    }
    team.pm(&a, &["sync"]).ok();
    team.pm(&b, &["sync"])
        .code(1)
        .stderr_has("unresolved merge conflict in action_items[A5]")
        .stderr_has("from others: `- id: A5`; yours: `- id: A7`");
    let text = team.text(&b);
    assert!(
        text.contains("<<<<<<< from others\n  - id: A5\n=======\n  - id: A7\n>>>>>>> yours\n"),
        "{text}"
    );
    let mine = keep_both_sides(&text).replace("  - id: A5\n", "");
    fs::write(team.file(&b), mine).unwrap();
    team.pm(&b, &["sync"]).ok().stdout_has("Pushed");
    assert_eq!(items_of(&team.remote_text())[0].0, "A7");
}

/// fix36: Bob renumbered A1 to A3 and then closed it (`pm action done
/// A3`); Alice gave his item another owner, or another title, and an A3
/// of her own. Both changes land on his item, now A4, whether Bob shares
/// by pm sync (which also names the item by its new id in the pushed
/// message), by `git pull --rebase` (the driver keeps, for the rest of
/// the rebase, which ids its replays gave) or by a `git pull` that
/// merges; never on Alice's A3.
#[test]
fn a_change_after_a_renumbering_by_hand_follows_the_item() {
    for (field, value) in [
        ("--owner", "payments"),
        ("--title", "Alert on p99 above 2s"),
    ] {
        for how in ["sync", "--rebase", "--no-rebase"] {
            let (team, a, b) = two_synced_clones();
            team.add_action(&a, "Alert on p99", "sre", "+2w");
            team.pm(&a, &["sync"]).ok();
            team.pm(&b, &["sync"]).ok();
            team.pm(&a, &["action", "edit", "A1", field, value]).ok();
            team.add_action(&a, "Runbook", "sre", "+2w");
            team.add_action(&a, "Capacity plan", "sre", "+2w");
            team.pm(&a, &["sync"]).ok();
            let renumbered = team.text(&b).replace("- id: A1\n", "- id: A3\n");
            fs::write(team.file(&b), &renumbered).unwrap();
            team.git(&b, &["commit", "--quiet", "-am", "A1 is A3"]).ok();
            team.pm(&b, &["action", "done", "A3"]).ok();
            if how == "sync" {
                team.pm(&b, &["sync"]).ok();
                let log = team.git(&b, &["log", "-1", "--format=%s"]).ok().stdout;
                assert!(log.ends_with(": done A4\n"), "{log}");
            } else {
                team.git(&b, &["pull", "--quiet", how, "--no-edit"]).ok();
                team.pm(&b, &["sync"]).ok();
            }
            let text = team.remote_text();
            let mine = match field {
                "--owner" => item_row("A4", "Alert on p99", "payments", "done"),
                _ => item_row("A4", "Alert on p99 above 2s", "sre", "done"),
            };
            let mut want = vec![
                mine,
                item_row("A3", "Capacity plan", "sre", "open"),
                item_row("A2", "Runbook", "sre", "open"),
            ];
            want.sort_by(|x, y| x.1.cmp(&y.1));
            assert_eq!(by_title(&text), want, "{field} {how}: {text}");
        }
    }
}

/// fix36: the renumbered item's next free id was taken too while Bob's
/// sync was pushing (Carol pushed an A4 first): it is told once, by the
/// id it ends with.
#[test]
fn an_item_renumbered_by_hand_is_told_by_its_final_id_after_a_push_race() {
    let (team, _, b) = bob_renumbers_a1_by_hand("A3");
    let c = team.clone("c", true);
    team.add_action(&c, "Dashboards", "sre", "+2w");
    b_pushes_first_when_a_pushes(&b, &c);
    let run = team.pm(&b, &["sync"]).ok();
    assert!(
        run.stdout.contains(
            ": your action item A1, which you renumbered to A3, is now A5 (someone else gave A3 to another item first)\n"
        ),
        "{}",
        run.stdout
    );
    assert_eq!(
        run.stdout.matches("your action item").count(),
        1,
        "{}",
        run.stdout
    );
    let text = team.remote_text();
    assert_eq!(
        by_title(&text),
        [
            item_row("A5", "Alert on p99", "sre", "open"),
            item_row("A3", "Capacity plan", "sre", "open"),
            item_row("A4", "Dashboards", "sre", "open"),
            item_row("A2", "Runbook", "sre", "open"),
        ],
        "{text}"
    );
}

/// fix36 (C9): one person wrote a comment above an entry and above the
/// first action item; another, meanwhile, added an entry that goes in
/// before the commented one (`pm timeline add`) and put an item of their
/// own first in the list (by hand). After the second one's `pm sync`,
/// whichever of the two it is, each comment is still directly above the
/// entry or item it was written for, not above the other person's.
#[test]
fn a_comment_above_an_item_stays_with_it_through_sync() {
    for commenter in ["others", "yours"] {
        let (team, a, b) = two_synced_clones();
        team.pm(
            &a,
            &[
                "timeline",
                "add",
                "p99 alert fired",
                "--kind",
                "detected",
                "--at",
                "2026-11-26T09:31:00Z",
            ],
        )
        .ok();
        team.add_action(&a, "Alert on p99", "sre", "+2w");
        team.pm(&a, &["sync"]).ok();
        team.pm(&b, &["sync"]).ok();
        let (noter, adder) = if commenter == "others" {
            (&a, &b)
        } else {
            (&b, &a)
        };
        let noted = team
            .text(noter)
            .replace(
                "  - at: 2026-11-26T09:31:00Z\n",
                "  # from the pager log\n  - at: 2026-11-26T09:31:00Z\n",
            )
            .replace("  - id: A1\n", "  # waits on the vendor\n  - id: A1\n");
        fs::write(team.file(noter), noted).unwrap();
        team.git(noter, &["commit", "--quiet", "-am", "notes"]).ok();
        team.pm(
            adder,
            &[
                "timeline",
                "add",
                "errors seen",
                "--at",
                "2026-11-26T09:20:00Z",
            ],
        )
        .ok();
        let first = team.text(adder).replace(
            "  - id: A1\n",
            "  - id: A2\n    title: Runbook\n    owner: sre\n    status: open\n  - id: A1\n",
        );
        fs::write(team.file(adder), first).unwrap();
        team.git(adder, &["commit", "--quiet", "-am", "runbook first"])
            .ok();
        // Whose comments: the clone that syncs second has them (yours)
        // or gets them from the remote (the others').
        let (first, second) = if commenter == "others" {
            (noter, adder)
        } else {
            (adder, noter)
        };
        team.pm(first, &["sync"]).ok();
        team.pm(second, &["sync"]).ok();
        let text = team.remote_text();
        assert!(
            text.contains(
                "    text: errors seen\n  # from the pager log\n  - at: 2026-11-26T09:31:00Z\n"
            ),
            "{commenter}: {text}"
        );
        assert!(
            text.contains("    status: open\n  # waits on the vendor\n  - id: A1\n"),
            "{commenter}: {text}"
        );
        assert!(
            text.contains("action_items:\n  - id: A2\n"),
            "{commenter}: {text}"
        );
        assert_eq!(text.matches("# from the pager log").count(), 1);
        assert_eq!(text.matches("# waits on the vendor").count(), 1);
    }
}

/// Attack 76: the merge `pm sync` makes of a post-mortem both clones
/// changed recorded it as 100644 whatever its mode: an executable file
/// (from a FAT/NTFS share, a Windows clone) came back with a mode change
/// nobody made. The merged file keeps the mode git has for it.
#[test]
fn sync_keeps_an_executable_post_mortem_executable() {
    use std::os::unix::fs::PermissionsExt;
    let team = Team::new();
    let file = team.env.file_of(&team.id);
    std::fs::set_permissions(team.env.path(&file), std::fs::Permissions::from_mode(0o755)).unwrap();
    team.env.git(&["add", "--", &file]);
    team.env
        .git(&["commit", "--quiet", "-m", "the file is executable"]);
    team.env.git(&["push", "--quiet"]);
    let a = team.clone("a", true);
    let b = team.clone("b", true);
    team.pm_and_sync(
        &a,
        &["timeline", "add", "from a", "--at", "2026-11-26 09:20"],
    );
    team.pm(
        &b,
        &["timeline", "add", "from b", "--at", "2026-11-26 09:21"],
    )
    .ok();
    team.pm(&b, &["sync"]).ok();
    let texts = texts(&team.show(&b), "timeline", "text");
    assert!(
        texts.iter().any(|t| t == "from a") && texts.iter().any(|t| t == "from b"),
        "{texts:?}"
    );
    for (what, args) in [
        ("HEAD", vec!["ls-tree", "HEAD", "--", &file]),
        ("the index", vec!["ls-files", "--stage", "--", &file]),
        ("the remote", vec!["ls-tree", "@{u}", "--", &file]),
    ] {
        let out = team.git(&b, &args).ok().stdout;
        assert!(out.starts_with("100755 "), "{what}: {out}");
    }
    let status = team.git(&b, &["status", "--porcelain"]).ok().stdout;
    assert!(status.is_empty(), "{status}");
}

/// A post-mortem whose every line ends in a lone CR (old Mac OS line
/// breaks, which pm reads and writes): two clones change different
/// fields of it, by hand and with pm, and both `pm sync`. The merge keeps
/// both changes and the CR line ends, on both clones and the remote, and
/// the file stays one pm and lint read.
#[test]
fn sync_merges_a_file_with_cr_line_ends_changed_in_two_clones() {
    let team = Team::new();
    let path = team.env.file_of(&team.id);
    let cr = team.env.read(&path).replace('\n', "\r");
    team.env.write(&path, &cr);
    team.env
        .git(&["commit", "--quiet", "-am", "old Mac line ends"]);
    team.env.git(&["push", "--quiet"]);
    let a = team.clone("a", true);
    let b = team.clone("b", true);
    assert_eq!(team.text(&a), cr, "the clone changed the line ends");

    // a: the severity by hand, and a timeline entry with pm.
    let text = team
        .text(&a)
        .replace("\rseverity: SEV2\r", "\rseverity: SEV1\r");
    std::fs::write(team.file(&a), &text).unwrap();
    team.git(&a, &["commit", "--quiet", "-am", "severity SEV1"])
        .ok();
    team.pm(
        &a,
        &["timeline", "add", "From a", "--at", "2026-11-26T10:00:00Z"],
    )
    .ok();
    team.pm(&a, &["sync"]).ok();

    // b: the summary by hand, and an action item with pm.
    let text = team
        .text(&b)
        .replace("\rsummary:\r", "\rsummary: The pool ran out.\r");
    assert_ne!(text, team.text(&b), "no empty summary in the template");
    std::fs::write(team.file(&b), &text).unwrap();
    team.git(&b, &["commit", "--quiet", "-am", "summary"]).ok();
    team.add_action(&b, "Alert on pool use", "sre", "+2w");
    let sync = team.pm(&b, &["sync"]).ok();
    assert!(!sync.stdout.contains("conflict"), "{}", sync.stdout);
    team.pm(&a, &["sync"]).ok();

    for (who, text) in [
        ("a", team.text(&a)),
        ("b", team.text(&b)),
        ("remote", team.remote_text()),
    ] {
        assert!(
            !text.contains('\n') && text.ends_with('\r'),
            "{who}: {text:?}"
        );
        for line in [
            "\rseverity: SEV1\r",
            "\rsummary: The pool ran out.\r",
            "text: From a\r",
            "title: Alert on pool use\r",
        ] {
            assert!(text.contains(line), "{who}: {line:?} missing from {text:?}");
        }
        // Every comment of the template is still there.
        let comments = |t: &str| {
            t.split('\r')
                .filter(|l| l.trim_start().starts_with('#'))
                .count()
        };
        assert_eq!(comments(&text), comments(&cr), "{who}: {text:?}");
    }
    let show = team.show(&b);
    assert_eq!(show["severity"], "SEV1", "{show}");
    assert_eq!(texts(&show, "action_items", "title"), ["Alert on pool use"]);
    assert!(
        texts(&show, "timeline", "text").contains(&"From a".to_string()),
        "{show}"
    );
    team.pm(&b, &["lint", &path]).ok();
    team.git(&a, &["diff", "--quiet", "HEAD"]).ok();
    team.git(&b, &["diff", "--quiet", "HEAD"]).ok();
}

/// Signing on (`commit.gpgsign`), with `gpg.format ssh` and no key.
fn sign_with_ssh_without_a_key(team: &Team, dir: &Path) {
    team.git(dir, &["config", "commit.gpgsign", "true"]).ok();
    team.git(dir, &["config", "gpg.format", "ssh"]).ok();
}

/// Attack 80 D6: a commit pm sync's own rebase cannot sign is said to be
/// a signing problem, with what to set (commit.gpgsign, user.signingkey),
/// and the rebase is undone; the commit of a merge the person resolved
/// after `git pull` is said to be one too, the merge left in progress.
#[test]
fn a_commit_sync_cannot_sign_is_said_to_be_a_signing_problem() {
    let (team, a, b) = two_synced_clones();
    team.pm_and_sync(&a, &["timeline", "add", "alice 1", "--at", "09:20"]);
    team.pm(&b, &["timeline", "add", "bob 1", "--at", "09:21"])
        .ok();
    sign_with_ssh_without_a_key(&team, &b);
    let before = team.git(&b, &["rev-parse", "HEAD"]).ok().stdout;
    team.pm(&b, &["sync"]).error(&[
        "git rebase failed: the commit could not be signed (either user.signingkey or gpg.ssh.defaultKeyCommand needs to be configured)",
        "commit.gpgsign is on: give git a signing key it can use (`git config user.signingkey ~/.ssh/id_ed25519.pub`",
        "`git config commit.gpgsign false`",
        "pm sync undid its rebase",
    ]);
    assert_eq!(team.git(&b, &["rev-parse", "HEAD"]).ok().stdout, before);
    assert!(!b.join(".git/rebase-merge").exists());

    let (team, _, b) = conflicting_severities();
    team.git(&b, &["pull", "--quiet", "--no-rebase"]).code(1);
    let resolved = team
        .text(&b)
        .replace("<<<<<<< ours\n", "")
        .replace("=======\nseverity: SEV1\n>>>>>>> theirs\n", "");
    fs::write(team.file(&b), resolved).unwrap();
    sign_with_ssh_without_a_key(&team, &b);
    let remote = team.remote_text();
    team.pm(&b, &["sync"]).error(&[
        "git merge failed: the commit could not be signed",
        "git config user.signingkey",
        "`git config commit.gpgsign false`",
        "the merge is still in progress: `pm sync` finishes it once git can sign",
    ]);
    assert!(b.join(".git/MERGE_HEAD").is_file());
    assert_eq!(team.remote_text(), remote);
}

/// Attack 80 D7: signing turned on after a sync stopped at a conflict
/// holds for the commit that finishes it: git, which reads the setting
/// when the rebase starts, would have made and pm pushed it unsigned.
/// With no key, refused (the rebase still in progress, nothing pushed);
/// with one, signed and pushed; turned off again, made unsigned.
#[test]
fn signing_turned_on_after_a_sync_stopped_signs_the_commit_that_finishes_it() {
    let (team, _, b) = conflicted_rebase();
    keep_your_severity(&team, &b);
    sign_with_ssh_without_a_key(&team, &b);
    let remote = team.remote_text();
    team.pm(&b, &["sync"]).error(&[
        "git rebase failed: the commit could not be signed",
        "git config user.signingkey",
        "the rebase is still in progress",
    ]);
    assert!(b.join(".git/rebase-merge").is_dir());
    assert_eq!(team.remote_text(), remote);
    // A key git can use (a stand-in for gpg).
    let gpg = team.env.home().join("fake-gpg");
    write_script(
        &gpg,
        "#!/bin/sh\ncat >/dev/null\nprintf '\\n[GNUPG:] SIG_CREATED D 1 8 00 0 X\\n' >&2\nprintf -- '-----BEGIN PGP SIGNATURE-----\\n\\nfake\\n-----END PGP SIGNATURE-----\\n'\n",
    );
    team.git(&b, &["config", "gpg.format", "openpgp"]).ok();
    team.git(&b, &["config", "gpg.program", gpg.to_str().unwrap()])
        .ok();
    team.pm(&b, &["sync"])
        .ok()
        .stdout_has("Finished the rebase with the conflict you resolved.")
        .stdout_has("Pushed 1 commit");
    let raw = team
        .git(&team.remote, &["cat-file", "-p", "HEAD"])
        .ok()
        .stdout;
    assert!(raw.contains("gpgsig "), "{raw}");

    // Turned off after the stop, the setting holds too.
    let (team, _, b) = conflicted_rebase();
    keep_your_severity(&team, &b);
    sign_with_ssh_without_a_key(&team, &b);
    team.pm(&b, &["sync"]).code(2);
    team.git(&b, &["config", "commit.gpgsign", "false"]).ok();
    team.pm(&b, &["sync"]).ok().stdout_has("Pushed 1 commit");
    let raw = team
        .git(&team.remote, &["cat-file", "-p", "HEAD"])
        .ok()
        .stdout;
    assert!(!raw.contains("gpgsig "), "{raw}");
}

/// Attack 80 D8: a resolution `git add`ed with a duplicate key, then
/// fixed in the work tree only: what git would commit is the staged
/// version, and pm says so, with `git add`, rather than pointing at a
/// file that is fine.
#[test]
fn a_broken_version_staged_is_named_as_the_staged_one() {
    let (team, _, b) = conflicted_rebase();
    let file = team.env.file_of(&team.id);
    let markers_only: String = team
        .text(&b)
        .lines()
        .filter(|l| !l.starts_with("<<<<<<<") && *l != "=======" && !l.starts_with(">>>>>>>"))
        .map(|l| format!("{l}\n"))
        .collect();
    fs::write(team.file(&b), &markers_only).unwrap();
    team.git(&b, &["add", &file]).ok();
    fs::write(
        team.file(&b),
        markers_only.replacen("severity: SEV1\n", "", 1),
    )
    .unwrap();
    team.pm(&b, &["show", &team.id]).ok();
    team.pm(&b, &["sync"]).error(&[
        &format!("{file}:13: duplicate key `severity`"),
        "in the version staged in git's index",
        &format!("the file in the work tree differs from that version: once the file is right, `git add {file}` stages it"),
        "the rebase is still in progress",
    ]);
    assert!(b.join(".git/rebase-merge").is_dir());
    team.git(&b, &["add", &file]).ok();
    team.pm(&b, &["sync"])
        .ok()
        .stdout_has("Finished the rebase with the conflict you resolved.");
}

/// Attack 80 D8: a good resolution staged, then the work-tree file broken
/// (a `[` never closed): git refuses to continue in words about conflicts
/// that name no file; pm names the file, what is wrong in it and where,
/// and what to run. The `[` is pointed at, not the parser's "illegal
/// placement of ':' indicator" lines below it.
#[test]
fn a_file_changed_after_it_was_staged_is_named_before_the_rebase_continues() {
    let (team, _, b) = conflicted_rebase();
    let file = team.env.file_of(&team.id);
    keep_theirs_severity(&team, &b);
    team.git(&b, &["add", &file]).ok();
    let text = team.text(&b);
    let line = text.lines().position(|l| l == "tags: []").unwrap() + 1;
    fs::write(team.file(&b), text.replace("tags: []", "tags: [api")).unwrap();
    let run = team.pm(&b, &["sync"]).error(&[
        &format!(
            "the rebase is not continued: {file} changed in the work tree since it was staged"
        ),
        &format!("{file}:{line}: this `[` opens a list that is never closed"),
        "(in the work tree; the staged version is fine)",
        &format!("`git add {file}` (once pm can read it); to drop it: `git restore {file}`"),
        "git rebase --abort",
    ]);
    assert!(!run.stderr.contains("illegal placement"), "{}", run.stderr);
    assert!(b.join(".git/rebase-merge").is_dir());
    // pm show points at the bracket as well.
    team.pm(&b, &["show", &team.id])
        .error(&[&format!("{file}:{line}"), "never closed"]);
    team.git(&b, &["restore", &file]).ok();
    team.pm(&b, &["sync"])
        .ok()
        .stdout_has("Finished the rebase with the conflict you resolved.");
}

/// Attack 80 D8: in a rebase git's "ours" is the upstream: a side the
/// others made unreadable (a tab in the indentation) is said to be
/// theirs, not "our side", in the sync's summary.
#[test]
fn a_side_the_others_made_unreadable_is_called_theirs() {
    let (team, a, b) = two_synced_clones();
    let tabbed = team.text(&a).replace("tags: []", "tags:\n\t- api");
    fs::write(team.file(&a), tabbed).unwrap();
    commit_severity(&team, &a, "SEV1");
    team.git(&a, &["push", "--quiet"]).ok();
    commit_severity(&team, &b, "SEV3");
    team.pm(&b, &["sync"]).code(1);
    keep_your_severity(&team, &b);
    let run = team.pm(&b, &["sync"]).ok();
    assert!(
        run.stdout
            .contains("merged line by line (the others' side is not a valid post-mortem ("),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("our side"), "{}", run.stdout);
}
