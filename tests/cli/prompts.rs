//! `pm new` on a terminal: the prompts, driven through a pseudo-terminal.

use crate::support::TestEnv;

#[test]
fn new_asks_for_what_the_flags_did_not_give() {
    let env = TestEnv::new();
    let mut cmd = env.pm_cmd(&["new"]);
    cmd.env("TERM", "xterm-256color");
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn pm in a pty");
    p.exp_string("Title").unwrap();
    p.send_line("Search index corruption").unwrap();
    p.exp_string("SEV4").unwrap();
    // Down from the default (SEV2) to SEV3, then accept. The pauses let
    // the prompt switch the terminal to raw mode before keys arrive.
    let pause = || std::thread::sleep(std::time::Duration::from_millis(300));
    pause();
    p.send("\x1b[B").unwrap();
    p.flush().unwrap();
    pause();
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_string("When did impact start").unwrap();
    p.send_line("2026-11-26 08:30").unwrap();
    p.exp_string("Affected services").unwrap();
    p.send_line("search, indexer").unwrap();
    p.exp_string("Authors").unwrap();
    p.send_line("Dana Whitfield").unwrap();
    p.exp_string("Created 2026-11-26-search-index-corruption")
        .unwrap();
    p.exp_string("Open it in your editor now?").unwrap();
    pause();
    p.send("n").unwrap();
    p.flush().unwrap();
    p.exp_eof().unwrap();

    let json = env.pm(&["show", "search-index", "--json"]).ok().json();
    assert_eq!(json["title"], "Search index corruption");
    assert_eq!(json["severity"], "SEV3");
    assert_eq!(json["services"], serde_json::json!(["search", "indexer"]));
    assert_eq!(json["authors"], serde_json::json!(["Dana Whitfield"]));
    assert_eq!(json["timeline"][0]["at"], "2026-11-26T08:30:00Z");
    assert_eq!(env.commits(), 2);
    env.assert_clean();
}

/// Typing at the severity prompt picks the severity typed: a newcomer
/// types `sev3` (any case) instead of reaching for the arrows.
#[test]
fn new_takes_a_typed_severity() {
    let env = TestEnv::new();
    let mut cmd = env.pm_cmd(&["new", "Queue backlog", "--service", "queue"]);
    cmd.env("TERM", "xterm-256color");
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn pm in a pty");
    p.exp_string("SEV4").unwrap();
    let pause = || std::thread::sleep(std::time::Duration::from_millis(300));
    pause();
    p.send("sev3").unwrap();
    p.flush().unwrap();
    pause();
    p.send("\r").unwrap();
    p.flush().unwrap();
    p.exp_string("When did impact start").unwrap();
    p.send_line("").unwrap();
    p.exp_string("Authors").unwrap();
    p.send_line("Dana Whitfield").unwrap();
    p.exp_string("Open it in your editor now?").unwrap();
    pause();
    p.send("n").unwrap();
    p.flush().unwrap();
    p.exp_eof().unwrap();
    let json = env.pm(&["show", "queue-backlog", "--json"]).ok().json();
    assert_eq!(json["severity"], "SEV3");
    env.assert_clean();
}

/// A start time pm cannot read is refused at its prompt and asked again,
/// so nothing typed is lost; the authors default to git's user.name.
#[test]
fn new_asks_again_for_a_start_time_it_cannot_read() {
    let env = TestEnv::new();
    let mut cmd = env.pm_cmd(&[
        "new",
        "Queue backlog",
        "--severity",
        "SEV2",
        "--service",
        "queue",
    ]);
    cmd.env("TERM", "xterm-256color");
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn pm in a pty");
    p.exp_string("When did impact start").unwrap();
    p.send_line("2pm yesterday").unwrap();
    p.exp_string("not a time pm understands").unwrap();
    p.send_line("09:15").unwrap();
    p.exp_string("Authors").unwrap();
    p.exp_string("Test Responder").unwrap();
    p.send_line("").unwrap();
    p.exp_string("Created 2026-11-27-queue-backlog").unwrap();
    p.exp_string("Open it in your editor now?").unwrap();
    std::thread::sleep(std::time::Duration::from_millis(300));
    p.send("n").unwrap();
    p.flush().unwrap();
    p.exp_eof().unwrap();
    let json = env.pm(&["show", "queue-backlog", "--json"]).ok().json();
    assert_eq!(json["timeline"][0]["at"], "2026-11-27T09:15:00Z");
    assert_eq!(json["authors"], serde_json::json!(["Test Responder"]));
}

/// Colour on a terminal, none with NO_COLOR, none when piped.
#[test]
fn colour_only_on_a_terminal_and_never_with_no_color() {
    let env = TestEnv::new();
    let id = env.new_pm("Colourful", "2026-11-01T09:00:00Z");
    env.pm(&[
        "action",
        "add",
        "Overdue thing",
        "--pm",
        &id,
        "--owner",
        "ops",
        "--due",
        "2026-11-10",
    ])
    .ok();
    let run_in_pty = |no_color: bool| -> String {
        let mut cmd = env.pm_cmd(&["due"]);
        cmd.env("TERM", "xterm-256color");
        if !no_color {
            cmd.env_remove("NO_COLOR");
        }
        let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn pm in a pty");
        p.exp_eof().expect("pm due finishes")
    };
    let coloured = run_in_pty(false);
    assert!(
        coloured.contains("\x1b["),
        "expected colour on a terminal: {coloured:?}"
    );
    assert!(coloured.contains("17d overdue"));
    let plain = run_in_pty(true);
    assert!(
        !plain.contains("\x1b["),
        "NO_COLOR must turn colour off: {plain:?}"
    );
    assert!(plain.contains("17d overdue"));
    let mut cmd = env.pm_cmd(&["due"]);
    cmd.env_remove("NO_COLOR").env("TERM", "xterm-256color");
    let piped = env.run_cmd(cmd, None, &["due"]).ok();
    assert!(!piped.stdout.contains('\x1b'), "no colour when piped");
}
