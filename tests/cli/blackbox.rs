//! Defects found by a black-box attack on the binary, each replayed as
//! the attacker typed it and checked against what pm promises instead.

use std::fs;
use std::os::unix::fs::symlink;

use crate::support::{TestEnv, is_symlink};

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
    assert!(is_symlink(&env.path(".gitattributes")), "the link stays a link");
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

