//! Shell completion: pm run as bash, zsh and fish run it on each Tab
//! (clap_complete's dynamic completion), and the README's install lines.
//!
//! The shells' scripts call `COMPLETE=SHELL pm -- WORDS...`: bash with the
//! index of the word under the cursor in `_CLAP_COMPLETE_INDEX` and a
//! vertical tab as `_CLAP_IFS`, zsh with the index and a line feed, fish
//! with the words up to the cursor and the word being completed last.

use std::path::Path;

use crate::support::TestEnv;

/// What bash's script would offer for the last word of `words`.
fn bash(env: &TestEnv, words: &[&str]) -> Vec<String> {
    let index = (words.len() - 1).to_string();
    let out = ask(
        env,
        words,
        &[
            ("COMPLETE", "bash"),
            ("_CLAP_IFS", "\u{b}"),
            ("_CLAP_COMPLETE_INDEX", &index),
            ("_CLAP_COMPLETE_COMP_TYPE", "9"),
            ("_CLAP_COMPLETE_SPACE", "false"),
        ],
    );
    out.split('\u{b}')
        .filter(|s| !s.is_empty())
        .map(String::from)
        .collect()
}

/// What zsh's script would offer: `value:description` lines.
fn zsh(env: &TestEnv, words: &[&str]) -> Vec<String> {
    let index = (words.len() - 1).to_string();
    let out = ask(
        env,
        words,
        &[
            ("COMPLETE", "zsh"),
            ("_CLAP_IFS", "\n"),
            ("_CLAP_COMPLETE_INDEX", &index),
        ],
    );
    out.lines().map(String::from).collect()
}

/// What fish's script would offer: `value<TAB>description` lines.
fn fish(env: &TestEnv, words: &[&str]) -> Vec<String> {
    let out = ask(env, words, &[("COMPLETE", "fish")]);
    out.lines().map(String::from).collect()
}

/// Run `pm -- WORDS` as a shell's script does; it must succeed quietly.
fn ask(env: &TestEnv, words: &[&str], vars: &[(&str, &str)]) -> String {
    let mut cmd = env.pm_cmd(&["--"]);
    cmd.args(words);
    for (k, v) in vars {
        cmd.env(k, v);
    }
    let run = env.run_cmd(cmd, None, words).ok();
    assert_eq!(run.stderr, "", "completion wrote to stderr");
    run.stdout
}

/// A repository with two post-mortems, action items (one done) and owners.
fn repo() -> TestEnv {
    let env = TestEnv::new();
    env.pm(&[
        "new",
        "Checkout latency spike",
        "--severity",
        "SEV2",
        "--started",
        "2026-11-26T09:12:00Z",
        "--service",
        "checkout-api",
        "--author",
        "Dana Whitfield",
        "--tag",
        "latency",
        "--no-edit",
    ])
    .ok()
    .stdout_has("Created 2026-11-26-checkout-latency-spike");
    env.pm(&[
        "new",
        "Database failover",
        "--severity",
        "SEV1",
        "--started",
        "2026-11-20T02:00:00Z",
        "--service",
        "orders-db",
        // No authors (else git's user.name): the owners offered are the
        // ones written below.
        "--author",
        "-",
        "--no-edit",
    ])
    .ok()
    .stdout_has("Created 2026-11-20-database-failover");
    let checkout = ["--pm", "2026-11-26-checkout-latency-spike"];
    env.pm(&[
        &[
            "action",
            "add",
            "Alert on checkout p99",
            "--owner",
            "payments",
        ],
        &checkout[..],
    ]
    .concat())
        .ok();
    env.pm(&[
        &["action", "add", "Load-test the cache", "--owner", "sre"],
        &checkout[..],
    ]
    .concat())
        .ok();
    env.pm(&[
        "action",
        "add",
        "Practise failover",
        "--owner",
        "dba-team",
        "--pm",
        "2026-11-20",
    ])
    .ok();
    env.pm(&["action", "done", "2026-11-26-checkout-latency-spike#A2"])
        .ok();
    env
}

#[test]
fn show_completes_the_ids_of_the_repository_newest_first() {
    let env = repo();
    assert_eq!(
        bash(&env, &["pm", "show", "2026-11-"]),
        [
            "2026-11-26-checkout-latency-spike",
            "2026-11-20-database-failover"
        ]
    );
    // Part of an id is enough for pm, so it completes from it too.
    assert_eq!(
        bash(&env, &["pm", "show", "failover"]),
        ["2026-11-20-database-failover"]
    );
    // With nothing typed: the ids first, then the flags.
    let all = bash(&env, &["pm", "show", ""]);
    assert_eq!(
        all[..2],
        [
            "2026-11-26-checkout-latency-spike",
            "2026-11-20-database-failover"
        ]
    );
    assert!(all.contains(&"--json".to_string()), "{all:?}");
    // zsh and fish show each id's title beside it.
    assert!(
        zsh(&env, &["pm", "render", "2026"])
            .contains(&"2026-11-26-checkout-latency-spike:Checkout latency spike".to_string())
    );
    assert_eq!(
        fish(&env, &["pm", "edit", "2026-11-2"]),
        [
            "2026-11-26-checkout-latency-spike\tCheckout latency spike",
            "2026-11-20-database-failover\tDatabase failover"
        ]
    );
    // Wherever a post-mortem is named: --pm, pm use, pm close, lint.
    assert_eq!(
        bash(&env, &["pm", "timeline", "add", "x", "--pm", "2026-11-20"]),
        ["2026-11-20-database-failover"]
    );
    for words in [
        ["pm", "use", "2026-11-26"],
        ["pm", "close", "2026-11-26"],
        ["pm", "lint", "2026-11-26"],
    ] {
        assert_eq!(
            bash(&env, &words),
            ["2026-11-26-checkout-latency-spike"],
            "{words:?}"
        );
    }
    // lint takes files too: once a path is typed, files complete.
    assert_eq!(
        bash(&env, &["pm", "lint", "postmortems/2026/2026-11-2"]),
        [
            "postmortems/2026/2026-11-20-database-failover.yaml",
            "postmortems/2026/2026-11-26-checkout-latency-spike.yaml"
        ]
    );
}

#[test]
fn severities_kinds_and_statuses_come_from_pm_yaml() {
    let env = repo();
    assert_eq!(
        bash(&env, &["pm", "list", "--severity", ""]),
        ["SEV1", "SEV2", "SEV3", "SEV4"]
    );
    assert_eq!(
        bash(&env, &["pm", "timeline", "add", "x", "--kind", "m"]),
        ["mitigated"]
    );
    assert_eq!(bash(&env, &["pm", "list", "--status", "p"]), ["published"]);
    // `--severity=` in one word completes too.
    assert_eq!(
        bash(&env, &["pm", "due", "--severity=SEV1"]),
        ["--severity=SEV1"]
    );

    let config = env.read("pm.yaml");
    let config = config
        .replace(
            "severities: [SEV1, SEV2, SEV3, SEV4]",
            "severities: [critical, major, minor]",
        )
        .replace("timeline_kinds: []", "timeline_kinds: [customer-comms]");
    env.write("pm.yaml", &config);
    assert_eq!(
        zsh(&env, &["pm", "new", "Outage", "--severity", ""]),
        ["critical", "major", "minor"]
    );
    // Typed in another case, as pm accepts it.
    assert_eq!(bash(&env, &["pm", "stats", "--severity", "MA"]), ["major"]);
    let kinds = fish(&env, &["pm", "timeline", "edit", "1", "--kind", ""]);
    assert_eq!(
        kinds,
        [
            "impact-start",
            "detected",
            "acknowledged",
            "mitigated",
            "resolved",
            "note",
            "customer-comms"
        ]
    );
}

#[test]
fn action_commands_complete_references_as_pm_prints_them() {
    let env = repo();
    // Done and dropped items are not offered to done, drop or edit.
    // Newest post-mortem first, its items in order.
    let open: Vec<String> = bash(&env, &["pm", "action", "done", ""])
        .into_iter()
        .filter(|c| !c.starts_with('-'))
        .collect();
    assert_eq!(
        open,
        [
            "2026-11-26-checkout-latency-spike#A1",
            "2026-11-20-database-failover#A1"
        ]
    );
    assert_eq!(
        bash(&env, &["pm", "action", "drop", "2026-11-20"]),
        ["2026-11-20-database-failover#A1"]
    );
    // rm removes any item.
    assert_eq!(
        bash(
            &env,
            &["pm", "action", "rm", "2026-11-26-checkout-latency-spike#"]
        ),
        [
            "2026-11-26-checkout-latency-spike#A1",
            "2026-11-26-checkout-latency-spike#A2"
        ]
    );
    // The item's title beside it in zsh.
    assert_eq!(
        zsh(&env, &["pm", "action", "edit", "2026-11-26"]),
        ["2026-11-26-checkout-latency-spike#A1:Alert on checkout p99"]
    );
    // A2 alone with --pm: that post-mortem's items.
    assert_eq!(
        fish(&env, &["pm", "action", "rm", "--pm", "checkout", "A"]),
        ["A1\tAlert on checkout p99", "A2\tLoad-test the cache"]
    );
    // A alone: the items of the post-mortem the command writes to.
    env.pm(&["use", "2026-11-20"]).ok();
    assert_eq!(bash(&env, &["pm", "action", "done", "A"]), ["A1"]);
    // A reference completed is one pm accepts.
    env.pm(&["action", "done", "2026-11-20-database-failover#A1"])
        .ok();
}

#[test]
fn owner_flags_complete_action_owners_and_authors() {
    let env = repo();
    assert_eq!(
        zsh(&env, &["pm", "action", "list", "--owner", ""]),
        ["Dana Whitfield", "dba-team", "payments", "sre"]
    );
    assert_eq!(bash(&env, &["pm", "due", "--owner", "pay"]), ["payments"]);
    assert_eq!(
        bash(&env, &["pm", "action", "add", "x", "--owner", "d"]),
        ["dba-team"]
    );
    // Bash inserts a candidate as it is: a space is escaped for it.
    assert_eq!(
        bash(&env, &["pm", "action", "edit", "A1", "--owner", "Dana"]),
        ["Dana\\ Whitfield"]
    );
    // Services and tags from the post-mortems, too.
    assert_eq!(
        bash(&env, &["pm", "list", "--service", "ord"]),
        ["orders-db"]
    );
    assert_eq!(bash(&env, &["pm", "due", "--tag", ""]), ["latency"]);
}

#[test]
fn user_text_with_control_characters_is_never_offered_raw() {
    let env = repo();
    let file = env.file_of("2026-11-26-checkout-latency-spike");
    let text = env
        .read(&file)
        .replace(
            "title: Checkout latency spike",
            "title: \"Spike \\e]0;pwned\\a here\"",
        )
        .replace("owner: payments", "owner: \"pay\\e[31mments\"");
    assert_ne!(text, env.read(&file));
    env.write(&file, &text);
    let ids = fish(&env, &["pm", "show", "2026-11-26"]);
    assert_eq!(
        ids,
        ["2026-11-26-checkout-latency-spike\tSpike ␛]0;pwned␇ here"]
    );
    let owners = bash(&env, &["pm", "action", "list", "--owner", ""]);
    assert_eq!(owners, ["Dana\\ Whitfield", "dba-team", "sre"]);
}

#[test]
fn completion_writes_nothing_and_is_quiet_where_it_cannot_help() {
    let env = repo();
    let cache = env.path(".git/pm/index.bin");
    assert!(!cache.exists(), "no read-everything command ran yet");
    let before = env.snapshot();
    bash(&env, &["pm", "action", "done", ""]);
    zsh(&env, &["pm", "show", ""]);
    fish(&env, &["pm", "due", "--owner", ""]);
    assert!(!cache.exists(), "completion wrote the summary cache");
    assert_eq!(env.snapshot(), before);
    env.assert_clean();

    // A broken pm.yaml: nothing from the repository, no message.
    let config = env.read("pm.yaml");
    env.write("pm.yaml", "severities: [\n");
    assert_eq!(
        bash(&env, &["pm", "list", "--severity", ""]),
        Vec::<String>::new()
    );
    assert_eq!(bash(&env, &["pm", "show", "2026"]), Vec::<String>::new());
    env.write("pm.yaml", &config);

    // Outside any repository: flags only; --repo on the line is followed.
    let outside = TestEnv::empty();
    assert_eq!(
        bash(&outside, &["pm", "show", "2026"]),
        Vec::<String>::new()
    );
    let repo = env.repo.to_str().unwrap();
    assert_eq!(
        bash(&outside, &["pm", "--repo", repo, "show", "failover"]),
        ["2026-11-20-database-failover"]
    );
}

#[test]
fn the_registration_scripts_for_each_shell() {
    let env = TestEnv::empty();
    for shell in ["bash", "zsh", "fish", "elvish", "powershell"] {
        let printed = env.pm(&["completions", shell]).ok().stdout;
        let from_env = env.pm_with(&[], &[("COMPLETE", shell)]).ok().stdout;
        assert_eq!(printed, from_env, "{shell}");
        assert!(printed.contains("COMPLETE"), "{shell}: {printed}");
    }
    let zsh = env.pm(&["completions", "zsh"]).ok().stdout;
    assert!(zsh.starts_with("#compdef pm\n"), "{zsh}");
    // Autoloaded from fpath as _pm, it answers the first Tab too.
    assert!(
        zsh.contains("if [[ \"${funcstack[1]}\" == \"_pm\" ]]; then"),
        "{zsh}"
    );
    env.pm(&["completions", "fish"])
        .ok()
        .stdout_has("complete --keep-order --exclusive --command pm --arguments");
    env.pm_with(&[], &[("COMPLETE", "tcsh")])
        .code(2)
        .stderr_has("COMPLETE=tcsh is not a shell pm completes for");
    // COMPLETE= empty or 0 turns completion off: pm runs as usual.
    env.pm_with(&["--version"], &[("COMPLETE", "0")])
        .ok()
        .stdout_has("pm ");
}

/// The code block of README.md that installs completions and manual pages.
fn readme_install_lines() -> String {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let from = readme
        .find("Shell completions and manual pages")
        .expect("install section");
    let block = &readme[from..];
    let start = block.find("```sh\n").expect("code block") + "```sh\n".len();
    let end = start + block[start..].find("```").expect("end of block");
    block[start..end].to_string()
}

#[test]
fn readme_install_lines_work_on_a_fresh_home_and_bash_completes_with_the_result() {
    let env = repo();
    let home = env.home();
    let bash_file = home.join(".local/share/bash-completion/completions/pm");
    let zsh_file = home.join(".zfunc/_pm");
    let fish_file = home.join(".config/fish/completions/pm.fish");
    for file in [&bash_file, &zsh_file, &fish_file] {
        assert!(!file.parent().unwrap().exists());
    }
    // `pm` found on PATH, as after `cargo install`.
    let bin = Path::new(env!("CARGO_BIN_EXE_pm")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let lines = readme_install_lines();
    let mut cmd = env.command("bash");
    cmd.env("PATH", &path)
        .args(["-e", "-o", "pipefail", "-c", &lines]);
    let run = env
        .run_cmd(cmd, None, &["bash", "-c", "README install lines"])
        .ok();
    assert_eq!(run.stderr, "");
    for file in [&bash_file, &zsh_file, &fish_file] {
        let text =
            std::fs::read_to_string(file).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
        assert!(text.contains("COMPLETE="), "{}: {text}", file.display());
    }
    assert!(home.join(".local/share/man/man1/pm.1").is_file());

    // Sourced in bash, the script registers pm and completes as bash
    // calls it on a Tab: COMP_WORDS, COMP_CWORD and COMP_TYPE set, the
    // function given the command, the word and the word before it.
    let script = format!(
        r#"source {file}
complete -p pm
COMP_WORDS=(pm action done 2026-11-2); COMP_CWORD=3; COMP_TYPE=9
_clap_complete_pm pm 2026-11-2 done
printf '<%s>\n' "${{COMPREPLY[@]}}"
COMP_WORDS=(pm list --severity SEV); COMP_CWORD=3
_clap_complete_pm pm SEV --severity
printf '<%s>\n' "${{COMPREPLY[@]}}"
"#,
        file = bash_file.display()
    );
    let mut cmd = env.command("bash");
    cmd.env("PATH", &path).args(["-e", "-u", "-c", &script]);
    let run = env
        .run_cmd(cmd, None, &["bash", "-c", "source and complete"])
        .ok();
    assert_eq!(run.stderr, "");
    let (registered, offered) = run.stdout.split_once('\n').unwrap();
    assert!(registered.starts_with("complete "), "{registered}");
    assert!(
        registered.ends_with(" -F _clap_complete_pm pm"),
        "{registered}"
    );
    assert_eq!(
        offered,
        "<2026-11-26-checkout-latency-spike#A1>\n\
         <2026-11-20-database-failover#A1>\n\
         <SEV1>\n<SEV2>\n<SEV3>\n<SEV4>\n"
    );
}

#[test]
fn tab_in_an_interactive_bash_completes_an_id() {
    let env = repo();
    let file = env.home().join("pm.bash");
    let bin = Path::new(env!("CARGO_BIN_EXE_pm")).parent().unwrap();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let mut cmd = env.command("pm");
    cmd.env("PATH", &path).arg("completions").arg("bash");
    let script = env.run_cmd(cmd, None, &["completions", "bash"]).ok().stdout;
    std::fs::write(&file, script).unwrap();

    let mut cmd = env.command("bash");
    cmd.env("PATH", &path)
        .env("TERM", "dumb")
        .env("PS1", "$ ")
        .args(["--norc", "--noprofile", "-i"]);
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn bash in a pty");
    // The pty starts without echo, and readline then shows nothing typed.
    p.send_line("stty echo").unwrap();
    // The quotes keep the echo of the command from matching its output.
    p.send_line(&format!("source {} && echo sour''ced", file.display()))
        .unwrap();
    p.exp_string("sourced").unwrap();
    // Only a completion can put the rest of the id on the line.
    p.send("pm show 2026-11-26\t").unwrap();
    p.flush().unwrap();
    p.exp_string("checkout-latency-spike").unwrap();
    p.send_line("").unwrap();
    p.exp_string("Checkout latency spike").unwrap();
    p.send_line("exit").unwrap();
    p.exp_eof().unwrap();
}

#[test]
fn no_commit_is_offered_only_where_it_means_something() {
    let env = repo();
    let help = |args: &[&str]| {
        let mut all = args.to_vec();
        all.push("--help");
        env.pm(&all).ok().stdout
    };
    for args in [
        &["new"][..],
        &["edit"],
        &["timeline", "add"],
        &["action", "done"],
        &["status"],
        &["review"],
        &["close"],
        &["init"],
    ] {
        assert!(help(args).contains("--no-commit"), "{args:?}");
    }
    for args in [
        &["list"][..],
        &["show"],
        &["due"],
        &["search"],
        &["stats"],
        &["lint"],
        &["sync"],
        &["render"],
        &["site"],
        &["timeline", "list"],
        &["action", "list"],
        &["timeline"],
    ] {
        assert!(!help(args).contains("--no-commit"), "{args:?}");
    }
    // The top level says what it is for.
    assert!(help(&[]).contains("Write files but do not commit them (for the commands"));
    // Scripts that pass it anyway keep working, before or after the command.
    env.pm(&["--no-commit", "list"]).ok();
    env.pm(&["list", "--no-commit"]).ok();
    env.pm(&["--no-commit", "stats", "--json"]).ok().json();
    // Completion offers it where help does.
    assert!(!bash(&env, &["pm", "list", "--"]).contains(&"--no-commit".to_string()));
    assert!(bash(&env, &["pm", "new", "--"]).contains(&"--no-commit".to_string()));
    // Nor when what was typed matches nothing else (clap_complete offers a
    // hidden flag then).
    for words in [
        &["pm", "list", "--n"][..],
        &["pm", "timeline", "list", "--no"],
        &["pm", "stats", "--no-c"],
    ] {
        let offered = bash(&env, words);
        assert!(
            !offered.contains(&"--no-commit".to_string()),
            "{words:?}: {offered:?}"
        );
    }
    assert_eq!(bash(&env, &["pm", "new", "--no-c"]), ["--no-commit"]);
    // What was typed before the cursor still parses for completion.
    assert!(bash(&env, &["pm", "--no-commit", "list", "--"]).contains(&"--json".to_string()));
    // So do the manual pages.
    let dir = env.home().join("man");
    env.pm(&["man", "--out", dir.to_str().unwrap()]).ok();
    let page = |name: &str| std::fs::read_to_string(dir.join(name)).unwrap();
    assert!(!page("pm-list.1").contains("no\\-commit"));
    assert!(page("pm-new.1").contains("no\\-commit"));
    assert!(page("pm-timeline-add.1").contains("no\\-commit"));
}
