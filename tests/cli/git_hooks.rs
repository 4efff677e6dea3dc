//! pm commits through the `git` binary when the repository has commit
//! hooks or signs commits: from a private index, so a hook's `git add`
//! goes into pm's one commit (as into a person's `git commit`), git's real
//! index agrees with HEAD afterwards, and a hook that undoes pm's change
//! is named, exit 2, with nothing typed lost (docs/robustness.md, "How pm
//! commits, and git hooks"). Each test checks the outcome through git.

use crate::support::TestEnv;

fn hook(env: &TestEnv, name: &str, body: &str) {
    hook_at(&env.path(&format!(".git/hooks/{name}")), body);
}

fn hook_at(path: &std::path::Path, body: &str) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, format!("#!/bin/sh\n{body}\n")).unwrap();
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o755)).unwrap();
}

const STAGES_A_FILE: &str = "date > generated.txt; git add generated.txt";

fn add(env: &TestEnv, id: &str, text: &str, at: &str) -> crate::support::Run {
    env.pm(&["timeline", "add", text, "--pm", id, "--at", at])
}

fn status(env: &TestEnv) -> String {
    env.git(&["status", "--porcelain", "--untracked-files=all"])
}

/// The files HEAD's commit changed, sorted.
fn changed_by_head(env: &TestEnv) -> Vec<String> {
    let out = env.git(&["show", "--name-only", "--format=", "HEAD"]);
    let mut files: Vec<String> = out.lines().map(str::to_string).collect();
    files.sort();
    files
}

/// patt22 F1: with signing on and a hook that stages a file, pm made a
/// second, signed commit without the hook's file; when that signature
/// failed (a pulled smartcard), the index was left with a staged deletion.
/// Now there is one commit, signed once, holding the hook's file, and the
/// index is clean.
#[test]
fn a_signed_commit_with_a_staging_hook_is_one_commit_signed_once() {
    let env = TestEnv::new();
    let id = env.new_pm("Signed", "2026-11-26T09:00:00Z");
    let key = env.home().join("key");
    let keygen = std::process::Command::new("ssh-keygen")
        .args(["-q", "-t", "ed25519", "-N", "", "-f"])
        .arg(&key)
        .status()
        .expect("ssh-keygen");
    assert!(keygen.success());
    // A signer that works once, then fails, as a card that is pulled.
    let signer = env.home().join("sign-once.sh");
    let count = env.home().join("signed");
    hook_at(
        &signer,
        &format!(
            "n=$(cat {c} 2>/dev/null || echo 0); n=$((n+1)); echo $n > {c}\nif [ $n -ge 2 ]; then echo 'signer: card removed' >&2; exit 1; fi\nexec ssh-keygen \"$@\"",
            c = count.display()
        ),
    );
    env.git(&["config", "gpg.format", "ssh"]);
    env.git(&["config", "user.signingkey", key.to_str().unwrap()]);
    env.git(&["config", "gpg.ssh.program", signer.to_str().unwrap()]);
    env.git(&["config", "commit.gpgsign", "true"]);
    hook(&env, "pre-commit", STAGES_A_FILE);
    let commits = env.commits();
    let run = add(&env, &id, "alert fired", "2026-11-26 09:10").ok();
    assert!(
        run.stderr.contains("`generated.txt`"),
        "the hook's file is named: {}",
        run.stderr
    );
    assert_eq!(std::fs::read_to_string(&count).unwrap().trim(), "1");
    assert_eq!(env.commits(), commits + 1);
    assert!(env.git(&["cat-file", "-p", "HEAD"]).contains("gpgsig"));
    assert_eq!(
        changed_by_head(&env),
        ["generated.txt".to_string(), env.file_of(&id)]
    );
    assert_eq!(status(&env), "");
}

/// patt22 F1, second trigger: the branch's ref locked by another git
/// process right after the commit (here by a post-commit hook) made pm's
/// second commit fail and left a staged deletion. There is no second
/// commit now: the index is clean.
#[test]
fn a_branch_locked_after_the_commit_leaves_the_index_clean() {
    let env = TestEnv::new();
    let id = env.new_pm("Locked", "2026-11-26T09:00:00Z");
    hook(&env, "pre-commit", STAGES_A_FILE);
    hook(&env, "post-commit", "touch .git/refs/heads/main.lock");
    add(&env, &id, "e", "2026-11-26 09:10").ok();
    std::fs::remove_file(env.path(".git/refs/heads/main.lock")).unwrap();
    assert_eq!(status(&env), "");
    assert_eq!(
        changed_by_head(&env),
        ["generated.txt".to_string(), env.file_of(&id)]
    );
    let reflog = env.git(&["reflog", "-1", "--format=%gs"]);
    assert!(reflog.starts_with("commit: pm: timeline"), "{reflog}");
}

/// patt22 F2: a post-commit hook that commits saw a staged revert of the
/// file the pre-commit hook staged, and its commit recorded a deletion.
#[test]
fn a_post_commit_hook_that_commits_sees_no_staged_revert() {
    let env = TestEnv::new();
    let id = env.new_pm("Chained", "2026-11-26T09:00:00Z");
    hook(&env, "pre-commit", STAGES_A_FILE);
    hook(
        &env,
        "post-commit",
        "[ -n \"$INHOOK\" ] && exit 0\ngit diff --cached --name-status > .git/seen-by-hook\nINHOOK=1 git commit -q --no-verify --allow-empty -m 'empty marker'",
    );
    add(&env, &id, "alert fired", "2026-11-26 09:10").ok();
    assert_eq!(env.read(".git/seen-by-hook"), "");
    let file = env.file_of(&id);
    assert_eq!(env.git(&["log", "-1", "--format=%s"]), "empty marker\n");
    assert_eq!(changed_by_head(&env), Vec::<String>::new());
    let pms = env.git(&["show", "--name-only", "--format=%s", "HEAD~1"]);
    assert_eq!(
        pms.lines().collect::<Vec<_>>(),
        [
            "pm: timeline 2026-11-26-chained: note at 2026-11-26T09:10:00Z",
            "",
            "generated.txt",
            file.as_str()
        ]
    );
    assert_eq!(status(&env), "");

    // One that commits a change of its own: the index agrees with it too.
    std::fs::remove_file(env.path(".git/hooks/pre-commit")).unwrap();
    hook(
        &env,
        "post-commit",
        "[ -n \"$INHOOK\" ] && exit 0\necho v >> VERSION; git add VERSION; INHOOK=1 git commit -q --no-verify -m bump",
    );
    let run = add(&env, &id, "second", "2026-11-26 09:11").ok();
    assert!(
        !run.stderr.contains("added files pm did not write"),
        "VERSION is not in pm's commit: {}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("moved HEAD on after pm's commit (as a pull or a commit of their own does): HEAD also holds other changes to `VERSION`"),
        "{}",
        run.stderr
    );
    assert_eq!(changed_by_head(&env), ["VERSION"]);
    assert_eq!(status(&env), "");
    assert!(
        env.git(&["show", &format!("HEAD~1:{file}")])
            .contains("second")
    );
}

/// patt22 F3: hooks that move HEAD back or undo pm's change: pm said
/// "Added", exit 0, while HEAD did not hold the entry (and sometimes
/// neither did the file). Now: exit 2, the hook named, the entry kept in
/// the file, and the hint works.
#[test]
fn a_hook_that_moves_head_back_is_named_exit_2_and_the_entry_is_kept() {
    let env = TestEnv::new();
    let id = env.new_pm("Moved back", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let before = env.git(&["rev-parse", "HEAD"]);
    hook(&env, "pre-commit", STAGES_A_FILE);
    hook(&env, "post-commit", "git reset -q --soft HEAD~1");
    add(&env, &id, "alert fired", "2026-11-26 09:10").error(&[
        &format!("{file}: git made the commit, but a hook moved HEAD away from it"),
        ".git/hooks/post-commit",
        &format!("`git commit {file}` records it, and nothing else you staged"),
    ]);
    assert_eq!(env.git(&["rev-parse", "HEAD"]), before);
    assert!(env.read(&file).contains("alert fired"));

    // A hard reset takes the entry out of the file as well: pm writes it
    // back, and the hint records it.
    let env = TestEnv::new();
    let id = env.new_pm("Reset hard", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    hook(&env, "post-commit", "git reset -q --hard HEAD~1");
    add(&env, &id, "lost entry", "2026-11-26 09:10").error(&[
        "a hook moved HEAD away from it",
        &format!("pm wrote the change back to {file}"),
    ]);
    assert!(env.read(&file).contains("lost entry"));
    assert_eq!(status(&env), format!(" M {file}\n"));
    std::fs::remove_file(env.path(".git/hooks/post-commit")).unwrap();
    env.git(&["add", &file]);
    env.git(&["commit", "-qm", "keep it"]);
    assert!(env.timeline_texts(&id).contains(&"lost entry".to_string()));
}

#[test]
fn a_pre_commit_hook_that_reverts_pms_file_is_named_exit_2() {
    let env = TestEnv::new();
    let id = env.new_pm("Reverted", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    // A "protected files" hook, and another file so the commit is not empty.
    hook(
        &env,
        "pre-commit",
        &format!("git checkout HEAD -- {file}; {STAGES_A_FILE}"),
    );
    add(&env, &id, "reverted by hook", "2026-11-26 09:10").error(&[
        &format!("{file}: the commit is made, but a pre-commit hook undid pm's change in it"),
        ".git/hooks/pre-commit",
        &format!("pm wrote the change back to {file}"),
    ]);
    assert!(
        !env.git(&["show", &format!("HEAD:{file}")])
            .contains("reverted by hook")
    );
    assert!(env.read(&file).contains("reverted by hook"));
    assert_eq!(status(&env), format!(" M {file}\n"));

    // A post-commit hook that amends (and keeps the entry) is fine.
    let env = TestEnv::new();
    let id = env.new_pm("Amended", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    hook(&env, "pre-commit", STAGES_A_FILE);
    hook(
        &env,
        "post-commit",
        &format!(
            "[ -n \"$INHOOK\" ] && exit 0\necho '# amended' >> {file}; git add {file}; INHOOK=1 git commit -q --amend --no-verify -m amended"
        ),
    );
    add(&env, &id, "kept", "2026-11-26 09:10").ok();
    let committed = env.git(&["show", &format!("HEAD:{file}")]);
    assert!(committed.contains("kept") && committed.ends_with("# amended\n"));
    assert_eq!(
        changed_by_head(&env),
        ["generated.txt".to_string(), file.clone()]
    );
    assert_eq!(status(&env), "");
}

/// patt22 F4: a hook that `git rm -f`s pm's file: exit 2 as before, but
/// the post-mortem was gone from disk and the hint (`git add FILE`) could
/// not work. pm writes what it wrote back, and the hint works.
#[test]
fn a_hook_that_deletes_pms_file_gets_it_written_back() {
    let env = TestEnv::new();
    let id = env.new_pm("Removed", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    hook(&env, "pre-commit", &format!("git rm -qf {file}"));
    add(&env, &id, "alert fired", "2026-11-26 09:10").error(&[
        &format!("{file}: the commit is made, but a pre-commit hook took the file out of it"),
        ".git/hooks/pre-commit",
        &format!("pm wrote the change back to {file}"),
        &format!("`git add {file} && git commit {file}`"),
    ]);
    assert!(env.read(&file).contains("alert fired"));
    assert_eq!(status(&env), format!("?? {file}\n"));
    std::fs::remove_file(env.path(".git/hooks/pre-commit")).unwrap();
    env.git(&["add", &file]);
    env.git(&["commit", "-qm", "put it back"]);
    assert!(env.timeline_texts(&id).contains(&"alert fired".to_string()));
}

/// patt22 F5: a post-commit hook that pushes published pm's first commit,
/// which pm then replaced: the branches diverged. There is one commit now.
#[test]
fn a_post_commit_push_publishes_the_commit_pm_keeps() {
    let env = TestEnv::new();
    let id = env.new_pm("Pushed", "2026-11-26T09:00:00Z");
    let remote = env.home().join("remote.git");
    env.git(&[
        "init",
        "-q",
        "--bare",
        "-b",
        "main",
        remote.to_str().unwrap(),
    ]);
    env.git(&["remote", "add", "origin", remote.to_str().unwrap()]);
    env.git(&["push", "-q", "origin", "HEAD:main"]);
    hook(&env, "pre-commit", STAGES_A_FILE);
    hook(&env, "post-commit", "git push -q origin HEAD:main");
    add(&env, &id, "alert fired", "2026-11-26 09:10").ok();
    assert_eq!(
        env.git(&["rev-parse", "HEAD"]),
        env.git(&["--git-dir", remote.to_str().unwrap(), "rev-parse", "main"])
    );
    assert_eq!(status(&env), "");
}

/// patt22 F19: a hook that stages a submodule bump: pm's remake failed
/// (libgit2 looked for the submodule's commit in the superproject), said
/// so falsely, and unstaged the bump. The bump is in pm's commit now, as
/// in a `git commit`, and the index is clean.
#[test]
fn a_hook_that_stages_a_submodule_bump_commits_it() {
    let env = TestEnv::new();
    let id = env.new_pm("Submodule", "2026-11-26T09:00:00Z");
    let sub = env.home().join("subsrc");
    let in_sub = |args: &[&str]| {
        let mut cmd = env.command("git");
        cmd.current_dir(&sub).args(args);
        crate::support::stdout_of(&mut cmd)
    };
    std::fs::create_dir_all(&sub).unwrap();
    in_sub(&["init", "-q", "-b", "main"]);
    std::fs::write(sub.join("f"), "1\n").unwrap();
    in_sub(&["add", "f"]);
    in_sub(&["commit", "-qm", "one"]);
    env.git(&[
        "-c",
        "protocol.file.allow=always",
        "submodule",
        "add",
        "-q",
        sub.to_str().unwrap(),
        "vendor/sub",
    ]);
    env.git(&["commit", "-qm", "add sub"]);
    std::fs::write(env.path("vendor/sub/f"), "2\n").unwrap();
    let mut cmd = env.command("git");
    cmd.current_dir(env.path("vendor/sub"))
        .args(["commit", "-qam", "two"]);
    crate::support::stdout_of(&mut cmd);
    hook(&env, "pre-commit", "git add vendor/sub");
    let run = add(&env, &id, "e", "2026-11-26 09:10").ok();
    assert!(run.stderr.contains("`vendor/sub`"), "{}", run.stderr);
    assert!(!run.stderr.contains("could not"), "{}", run.stderr);
    assert_eq!(
        changed_by_head(&env),
        [env.file_of(&id), "vendor/sub".to_string()]
    );
    assert_eq!(status(&env), "");
}

/// patt22 F24: a hook that refuses without a word gave `git commit
/// failed: ` and nothing after it. And a hook that prints megabytes got
/// all of it copied into the error.
#[test]
fn a_silent_or_flooding_refusal_names_the_hook_and_is_cut_short() {
    let env = TestEnv::new();
    let id = env.new_pm("Refused", "2026-11-26T09:00:00Z");
    let before = env.snapshot();
    hook(&env, "pre-commit", "exit 1");
    add(&env, &id, "x", "2026-11-26 09:10").error(&[
        "a commit hook refused it without a message",
        ".git/hooks/pre-commit",
        "nothing was changed",
    ]);
    assert_eq!(env.snapshot(), before);
    assert_eq!(status(&env), "");
    hook(
        &env,
        "pre-commit",
        "seq 1 100000 >&2; echo 'the last word' >&2; exit 1",
    );
    let run = add(&env, &id, "x", "2026-11-26 09:10").error(&["the last word"]);
    assert!(run.stderr.len() < 12 * 1024, "{} bytes", run.stderr.len());
    assert_eq!(env.snapshot(), before);
}

/// patt22 F16: a `reference-transaction` hook that refuses ref updates
/// (honoured by `git commit`) was bypassed.
#[test]
fn a_reference_transaction_hook_can_refuse_pms_commit() {
    let env = TestEnv::new();
    let id = env.new_pm("Policy", "2026-11-26T09:00:00Z");
    let head = env.git(&["rev-parse", "HEAD"]);
    let before = env.snapshot();
    hook(
        &env,
        "reference-transaction",
        "if [ \"$1\" = prepared ]; then echo 'ref update refused by policy' >&2; exit 1; fi",
    );
    add(&env, &id, "x", "2026-11-26 09:10").error(&["refused by policy", "nothing was changed"]);
    assert_eq!(env.git(&["rev-parse", "HEAD"]), head);
    assert_eq!(env.snapshot(), before);
    assert_eq!(status(&env), "");
}

/// patt22 F11: on a detached HEAD the remake logged `checkout: moving from
/// X to X`. There is no remake: the reflog says pm's commit.
#[test]
fn a_detached_head_gets_pms_own_reflog_entry() {
    let env = TestEnv::new();
    let id = env.new_pm("Detached", "2026-11-26T09:00:00Z");
    hook(&env, "pre-commit", STAGES_A_FILE);
    env.git(&["checkout", "-q", "--detach", "HEAD"]);
    add(&env, &id, "alert fired", "2026-11-26 09:10")
        .ok()
        .stderr_has("HEAD is detached");
    let reflog = env.git(&["reflog", "-1", "--format=%gs"]);
    assert!(reflog.starts_with("commit: pm: timeline"), "{reflog}");
    assert_eq!(status(&env), "");
}

/// patt22 F13: in a pm repository below the top of the git repository,
/// files a hook added are named as pm names its own: relative to the pm
/// repository.
#[test]
fn hook_files_are_named_relative_to_the_pm_repository() {
    let env = TestEnv::empty();
    env.git(&["init", "-q"]);
    env.pm(&["init", "incidents"]).ok();
    env.git(&["add", "-A"]);
    env.git(&["commit", "-qm", "base", "--allow-empty"]);
    hook(&env, "pre-commit", "echo x > top.txt; git add top.txt");
    let mut cmd = env.pm_cmd(&[
        "new",
        "Below",
        "--severity",
        "SEV2",
        "--started",
        "2026-11-26T09:00:00Z",
        "--no-edit",
    ]);
    cmd.current_dir(env.path("incidents"));
    let run = env.run_cmd(cmd, None, &["new"]).ok();
    assert!(run.stderr.contains("`../top.txt`"), "{}", run.stderr);
    assert_eq!(status(&env), "");
}

/// patt22 F20: with a split index (libgit2 cannot read it) every write
/// failed with libgit2's words only. pm says how to turn it off.
#[test]
fn a_split_index_is_refused_with_what_to_do() {
    let env = TestEnv::new();
    let id = env.new_pm("Split", "2026-11-26T09:00:00Z");
    env.git(&["config", "core.splitIndex", "true"]);
    env.git(&["update-index", "--split-index"]);
    let before = env.snapshot();
    add(&env, &id, "split", "2026-11-26 09:10").error(&[
        "git config core.splitIndex false",
        "git update-index --no-split-index",
        "nothing was changed",
    ]);
    assert_eq!(env.snapshot(), before);
    env.git(&["config", "core.splitIndex", "false"]);
    env.git(&["update-index", "--no-split-index"]);
    add(&env, &id, "split", "2026-11-26 09:10").ok();
    assert_eq!(status(&env), "");
}

/// patt22 F22: `git init --separate-git-dir`: the work tree is the folder
/// holding the `.git` file; pm committed every file under the folder's
/// name (`repo/pm.yaml`).
#[test]
fn a_separate_git_dir_commits_paths_relative_to_the_work_tree() {
    let env = TestEnv::empty();
    let store = env.home().join("store.git");
    env.git(&[
        "init",
        "-q",
        &format!("--separate-git-dir={}", store.display()),
    ]);
    env.pm(&["init"]).ok();
    let files = env.git(&["show", "--name-only", "--format=", "HEAD"]);
    assert!(files.lines().any(|f| f == "pm.yaml"), "{files}");
    assert_eq!(status(&env), "");
    let id = env.new_pm("Separate", "2026-11-26T09:00:00Z");
    hook_at(&store.join("hooks/pre-commit"), "true");
    add(&env, &id, "a", "2026-11-26 09:10").ok();
    assert_eq!(changed_by_head(&env), [env.file_of(&id)]);
    assert_eq!(status(&env), "");
}

/// patt22 F6: with a hook that stages a file, the file stayed staged after
/// every pm write, and `--sync` never synced ("uncommitted changes"). The
/// hook's file is committed with pm's change now, so `--sync` shares it.
#[test]
fn sync_after_a_commit_with_a_staging_hook_shares_it() {
    let env = TestEnv::new();
    let id = env.new_pm("Shared", "2026-11-26T09:00:00Z");
    let remote = env.home().join("remote.git");
    env.git(&["init", "-q", "--bare", remote.to_str().unwrap()]);
    env.git(&["remote", "add", "origin", remote.to_str().unwrap()]);
    env.git(&["push", "-q", "-u", "origin", "HEAD"]);
    hook(&env, "pre-commit", STAGES_A_FILE);
    let run = env
        .pm(&[
            "timeline",
            "add",
            "second",
            "--pm",
            &id,
            "--at",
            "2026-11-26 09:20",
            "--sync",
        ])
        .ok();
    assert!(!run.stderr.contains("not synced"), "{}", run.stderr);
    assert_eq!(
        env.git(&["rev-parse", "HEAD"]),
        env.git(&["rev-parse", "@{upstream}"])
    );
    assert_eq!(status(&env), "");
}

/// patt25 H1: a pre-commit hook that undid pm's only change left an empty
/// `pm: timeline ...` commit on the branch, and the hint (`git add FILE &&
/// git commit`) swept the user's unrelated staged file into the commit
/// that records the entry. Now the empty commit is taken off the branch
/// (HEAD is where it was), and the hint commits the file alone.
#[test]
fn a_hook_that_undoes_pms_only_change_leaves_no_empty_commit() {
    let env = TestEnv::new();
    let id = env.new_pm("Undone", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let before = env.git(&["rev-parse", "HEAD"]);
    env.write("staged.txt", "the user's own work\n");
    env.git(&["add", "staged.txt"]);
    hook(&env, "pre-commit", "git checkout HEAD -- postmortems");
    add(&env, &id, "undo me", "2026-11-26 09:05").error(&[
        &format!("{file}: a pre-commit hook undid pm's change"),
        "so git's commit was empty; pm took it off the branch",
        ".git/hooks/pre-commit",
        &format!("pm wrote the change back to {file}"),
        &format!("`git commit {file}`"),
    ]);
    // No empty commit: HEAD is where it was, and its reflog says why.
    assert_eq!(env.git(&["rev-parse", "HEAD"]), before);
    assert!(
        env.git(&["reflog", "-1", "--format=%gs"])
            .contains("empty commit"),
    );
    assert!(env.read(&file).contains("undo me"));
    assert_eq!(status(&env), format!(" M {file}\nA  staged.txt\n"));

    // The hint, taken literally, records the entry and nothing else.
    std::fs::remove_file(env.path(".git/hooks/pre-commit")).unwrap();
    env.git(&["commit", "-qm", "the entry", &file]);
    assert_eq!(changed_by_head(&env), [file.as_str()]);
    assert_eq!(status(&env), "A  staged.txt\n");
    assert!(env.timeline_texts(&id).contains(&"undo me".to_string()));
}

/// H1, continued: an empty commit a post-commit hook already pushed is
/// not taken back (the remote has it); pm says it is there.
#[test]
fn an_empty_commit_already_pushed_is_left_and_named() {
    let env = TestEnv::new();
    let id = env.new_pm("Undone and pushed", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let remote = env.home().join("remote.git");
    env.git(&["init", "-q", "--bare", remote.to_str().unwrap()]);
    env.git(&["remote", "add", "origin", remote.to_str().unwrap()]);
    env.git(&["push", "-q", "-u", "origin", "HEAD"]);
    let before = env.git(&["rev-parse", "HEAD"]);
    hook(&env, "pre-commit", &format!("git checkout HEAD -- {file}"));
    hook(&env, "post-commit", "git push -q origin HEAD");
    add(&env, &id, "undo me", "2026-11-26 09:05").error(&[
        &format!("{file}: the commit is made, but a pre-commit hook undid pm's change"),
        "the commit git made is empty, and origin/",
        &format!("`git commit {file}`"),
    ]);
    assert_ne!(env.git(&["rev-parse", "HEAD"]), before);
    assert_eq!(changed_by_head(&env), Vec::<String>::new());
    assert!(env.read(&file).contains("undo me"));
}

/// patt25 H2: a post-commit hook that pulls (`git pull --rebase`) made pm
/// say the hooks "added files pm did not write to the commit: other.txt",
/// a file that came from upstream. Only paths in pm's own commit are named
/// as added; the upstream's are named as HEAD moving on.
#[test]
fn a_post_commit_pull_is_not_called_files_added_to_pms_commit() {
    let env = TestEnv::new();
    let id = env.new_pm("Pulled", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let remote = env.home().join("remote.git");
    let branch = env.git(&["branch", "--show-current"]);
    let branch = branch.trim();
    env.git(&[
        "init",
        "-q",
        "--bare",
        "-b",
        branch,
        remote.to_str().unwrap(),
    ]);
    env.git(&["remote", "add", "origin", remote.to_str().unwrap()]);
    env.git(&["push", "-q", "-u", "origin", "HEAD"]);
    let other = env.home().join("other");
    env.git(&[
        "clone",
        "-q",
        remote.to_str().unwrap(),
        other.to_str().unwrap(),
    ]);
    std::fs::write(other.join("other.txt"), "from upstream\n").unwrap();
    let at = other.to_str().unwrap();
    env.git(&["-C", at, "add", "other.txt"]);
    env.git(&["-C", at, "commit", "-qm", "upstream work"]);
    env.git(&["-C", at, "push", "-q", "origin", &format!("HEAD:{branch}")]);
    env.git(&["config", "pull.rebase", "true"]);
    hook(&env, "post-commit", "git pull -q --rebase >/dev/null 2>&1");

    let run = add(&env, &id, "then pulled", "2026-11-26 09:05").ok();
    assert!(
        !run.stderr.contains("added files pm did not write"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("moved HEAD on after pm's commit")
            && run.stderr.contains("`other.txt`"),
        "{}",
        run.stderr
    );
    // pm's commit (rebased onto the upstream's) holds pm's file alone.
    assert_eq!(changed_by_head(&env), [file.as_str()]);
    assert_eq!(
        env.git(&["log", "-1", "--format=%s", "HEAD~1"]),
        "upstream work\n"
    );
    assert_eq!(status(&env), "");
    assert!(env.timeline_texts(&id).contains(&"then pulled".to_string()));

    // A hook that stages a file still has it named as added, and the
    // pull's files as HEAD moving on.
    std::fs::write(other.join("more.txt"), "more\n").unwrap();
    env.git(&["-C", at, "add", "more.txt"]);
    env.git(&["-C", at, "commit", "-qm", "more upstream work"]);
    env.git(&["-C", at, "pull", "-q", "--rebase", "origin", branch]);
    env.git(&["-C", at, "push", "-q", "origin", &format!("HEAD:{branch}")]);
    hook(&env, "pre-commit", STAGES_A_FILE);
    let run = add(&env, &id, "staged and pulled", "2026-11-26 09:06").ok();
    let added = run
        .stderr
        .lines()
        .find(|l| l.contains("added files pm did not write"))
        .unwrap_or_else(|| panic!("{}", run.stderr));
    assert!(added.contains("`generated.txt`"), "{added}");
    assert!(!added.contains("more.txt"), "{added}");
    assert!(run.stderr.contains("`more.txt`"), "{}", run.stderr);
    assert_eq!(
        changed_by_head(&env),
        ["generated.txt".to_string(), file.clone()]
    );
    assert_eq!(status(&env), "");
}

/// patt25 H3: a pre-commit formatter that changes pm's file but does not
/// `git add` its change left the file modified after a write that said
/// nothing; the next write was refused as "changes that are not
/// committed". pm now notices and says so, naming the file.
#[test]
fn a_formatter_hook_that_does_not_stage_its_change_is_named() {
    let env = TestEnv::new();
    let id = env.new_pm("Formatted", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    hook(
        &env,
        "pre-commit",
        "for f in $(git diff --cached --name-only); do printf '# fmt\\n' >> \"$f\"; done",
    );
    let run = add(&env, &id, "fmt no add", "2026-11-26 09:05").ok();
    for needle in [
        &format!("{file}: a commit hook changed the file after pm staged it"),
        "did not `git add` its change, so it is not committed",
        ".git/hooks/pre-commit",
        &format!("`git diff {file}`"),
        &format!("`git commit {file}`"),
        &format!("`git restore {file}`"),
    ] {
        assert!(
            run.stderr.contains(needle),
            "lacks {needle}\n{}",
            run.stderr
        );
    }
    assert!(
        env.git(&["show", &format!("HEAD:{file}")])
            .contains("fmt no add")
    );
    assert_eq!(status(&env), format!(" M {file}\n"));
    assert!(env.read(&file).ends_with("# fmt\n"));

    // A formatter that stages its fix is not mentioned.
    hook(
        &env,
        "pre-commit",
        "for f in $(git diff --cached --name-only); do printf '# fmt\\n' >> \"$f\"; git add \"$f\"; done",
    );
    env.git(&["commit", "-qm", "formatted", "--no-verify", &file]);
    let run = add(&env, &id, "fmt and add", "2026-11-26 09:06").ok();
    assert!(
        !run.stderr.contains("a commit hook changed"),
        "{}",
        run.stderr
    );
    assert_eq!(status(&env), "");
}

/// patt25 H4: `--sync` blocked by unrelated staged work said both
/// "committed here" and "nothing was changed". The warning is one story
/// now; the exit is 0 (the entry is committed: a script that retried on a
/// failure would add it twice), as docs/commands.md says.
#[test]
fn sync_blocked_by_staged_work_says_committed_not_nothing_changed() {
    let env = TestEnv::new();
    let id = env.new_pm("Blocked sync", "2026-11-26T09:00:00Z");
    let remote = env.home().join("remote.git");
    env.git(&["init", "-q", "--bare", remote.to_str().unwrap()]);
    env.git(&["remote", "add", "origin", remote.to_str().unwrap()]);
    env.git(&["push", "-q", "-u", "origin", "HEAD"]);
    env.write("staged.txt", "the user's own work\n");
    env.git(&["add", "staged.txt"]);
    let run = env
        .pm(&[
            "timeline",
            "add",
            "with sync",
            "--pm",
            &id,
            "--at",
            "2026-11-26 09:20",
            "--sync",
        ])
        .ok()
        .stderr_has("warning: committed here, but not synced: uncommitted changes in staged.txt")
        .stderr_has("run `pm sync` when you can");
    assert!(
        !run.stderr.contains("nothing was changed"),
        "{}",
        run.stderr
    );
    assert!(
        env.git(&["show", "HEAD"]).contains("with sync"),
        "the entry is committed here"
    );
    assert_ne!(
        env.git(&["rev-parse", "HEAD"]),
        env.git(&["rev-parse", "@{upstream}"])
    );
    assert_eq!(status(&env), "A  staged.txt\n");
}

/// patt27 D10: a post-commit hook that pulls with `--rebase` and brings a
/// teammate's entry in the same post-mortem. HEAD holds pm's entry and the
/// teammate's, not pm's text byte for byte; pm said a hook had moved HEAD
/// away from its change (exit 2), wrote its pre-pull file back over the
/// pulled one and left a staged revert that `git commit FILE`, as it
/// advised, would have recorded: the teammate's entry deleted.
#[test]
fn a_post_commit_pull_that_brings_an_entry_in_the_same_file_keeps_both() {
    let env = TestEnv::new();
    let id = env.new_pm("Pulled together", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let remote = env.home().join("team.git");
    let branch = env.git(&["branch", "--show-current"]);
    let branch = branch.trim();
    let remote_at = remote.to_str().unwrap();
    env.git(&["init", "-q", "--bare", "-b", branch, remote_at]);
    env.git(&["remote", "add", "origin", remote_at]);
    env.git(&["push", "-q", "-u", "origin", "HEAD"]);
    let other = env.home().join("teammate");
    let at = other.to_str().unwrap();
    env.git(&["clone", "-q", remote_at, at]);
    env.pm(&[
        "--repo",
        at,
        "timeline",
        "add",
        "from the teammate",
        "--pm",
        &id,
        "--at",
        "2026-11-26 09:40",
    ])
    .ok();
    env.git(&["-C", at, "push", "-q", "origin", &format!("HEAD:{branch}")]);
    hook(
        &env,
        "post-commit",
        "git pull -q --rebase origin \"$(git branch --show-current)\" >/dev/null 2>&1",
    );

    let run = add(&env, &id, "from here", "2026-11-26 09:41").ok();
    assert!(
        !run.stderr.contains("does not hold this change"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("moved HEAD on after pm's commit"),
        "{}",
        run.stderr
    );
    // Both entries in HEAD, in the work tree, and nothing staged or changed.
    assert_eq!(status(&env), "");
    let texts = env.timeline_texts(&id);
    assert!(
        texts.contains(&"from the teammate".to_string()),
        "{texts:?}"
    );
    assert!(texts.contains(&"from here".to_string()), "{texts:?}");
    let head = env.git(&["show", &format!("HEAD:{file}")]);
    assert!(
        head.contains("from the teammate") && head.contains("from here"),
        "{head}"
    );
    // pm's commit sits on the teammate's (rebased onto it).
    assert!(
        env.git(&["log", "-1", "--format=%s", "HEAD~1"])
            .contains("note at 2026-11-26T09:40:00Z"),
        "history: {}",
        env.git(&["log", "--oneline", "-3"])
    );
}

/// Attack 78 D6: with `commit.gpgsign` on and no key gpg can use, the
/// refusal says the commit could not be signed and how to fix that (a
/// key, or signing off), not that a hook must be satisfied; gpg's lines
/// are shown one a line, without its machine-readable `[GNUPG:]` lines.
#[test]
fn a_commit_that_cannot_be_signed_is_said_to_be_a_signing_problem() {
    let env = TestEnv::new();
    let id = env.new_pm("Signed", "2026-11-26T09:00:00Z");
    let gpg = env.home().join("gpg-without-key");
    hook_at(
        &gpg,
        "echo 'gpg: skipped \"DEADBEEF\": No secret key' >&2\necho '[GNUPG:] INV_SGNR 9 DEADBEEF' >&2\necho '[GNUPG:] FAILURE sign 17' >&2\necho 'gpg: signing failed: No secret key' >&2\nexit 2",
    );
    env.git(&["config", "commit.gpgsign", "true"]);
    env.git(&["config", "user.signingkey", "DEADBEEF"]);
    env.git(&["config", "gpg.program", gpg.to_str().unwrap()]);
    let before = env.commits();
    let run = add(&env, &id, "during the incident", "09:30").error(&[
        "git commit failed: the commit could not be signed",
        "\n  git: gpg: skipped \"DEADBEEF\": No secret key\n",
        "\n  git: gpg: signing failed: No secret key\n",
        "git config commit.gpgsign false",
        "--no-commit, and commit once signing works",
        "nothing was changed",
    ]);
    assert!(!run.stderr.contains("[GNUPG:]"), "{}", run.stderr);
    assert!(!run.stderr.contains("hook"), "{}", run.stderr);
    assert_eq!(env.commits(), before);
    env.assert_clean();
}

/// Attack 80 D6: with `gpg.format ssh` and no `user.signingkey`, the
/// refusal is a signing problem as with gpg, naming the ssh key to set;
/// no hook is spoken of.
#[test]
fn an_ssh_signature_without_a_key_is_said_to_be_a_signing_problem() {
    let env = TestEnv::new();
    let id = env.new_pm("Signed", "2026-11-26T09:00:00Z");
    env.git(&["config", "commit.gpgsign", "true"]);
    env.git(&["config", "gpg.format", "ssh"]);
    let before = env.commits();
    let run = add(&env, &id, "during the incident", "09:30").error(&[
        "git commit failed: the commit could not be signed (either user.signingkey or gpg.ssh.defaultKeyCommand needs to be configured)",
        "`git config user.signingkey ~/.ssh/id_ed25519.pub`",
        "git config commit.gpgsign false",
        "--no-commit, and commit once signing works",
    ]);
    assert!(!run.stderr.contains("hook"), "{}", run.stderr);
    assert_eq!(env.commits(), before);
    env.assert_clean();
}
