//! Tables: aligned with colour, readable at 80 columns, linear in the text.

use crate::support::TestEnv;

/// Remove `ESC [ ... m` colour sequences.
fn strip_sgr(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find("\x1b[") {
        out.push_str(&rest[..at]);
        let after = &rest[at + 2..];
        let len = after
            .find(|c: char| !(c.is_ascii_digit() || c == ';'))
            .unwrap_or(after.len());
        rest = after.get(len + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// `pm` in a pseudo-terminal (colour on), its output with `\r\n` undone.
fn in_terminal(env: &TestEnv, args: &[&str], columns: &str) -> String {
    let mut cmd = env.pm_cmd(args);
    cmd.env("TERM", "xterm-256color")
        .env("COLUMNS", columns)
        .env_remove("NO_COLOR");
    let mut p = rexpect::session::spawn_command(cmd, Some(20_000)).expect("spawn pm in a pty");
    let raw = p.exp_eof().expect("pm finishes");
    // rexpect hands back one char per byte: decode the UTF-8 again.
    let bytes: Vec<u8> = raw.chars().map(|c| c as u32 as u8).collect();
    String::from_utf8_lossy(&bytes).replace("\r\n", "\n")
}

/// The lines of the table (header, rule, rows) have one width: a cell
/// whose escape codes were counted as text would pad its row differently.
#[track_caller]
fn assert_aligned(raw: &str, header: &str) {
    assert!(raw.contains('\x1b'), "expected colour: {raw:?}");
    let text = strip_sgr(raw);
    let lines: Vec<&str> = text
        .lines()
        .skip_while(|l| !l.contains(header))
        .take_while(|l| !l.trim().is_empty() && !l.contains("post-mortem"))
        .collect();
    assert!(lines.len() >= 3, "no table:\n{text}");
    let width = lines[0].chars().count();
    for l in &lines {
        assert_eq!(l.chars().count(), width, "misaligned line {l:?} in\n{text}");
    }
}

#[test]
fn coloured_cells_stay_aligned() {
    let env = TestEnv::new();
    let id = env.new_pm("Payments DB failover", "2026-11-01T09:00:00Z");
    for (title, due) in [
        ("Overdue thing", "2026-11-10"),
        ("Later thing", "2026-12-20"),
    ] {
        env.pm(&[
            "action", "add", title, "--pm", &id, "--owner", "ops", "--due", due,
        ])
        .ok();
    }
    let list = in_terminal(&env, &["list"], "100");
    assert_aligned(&list, "TITLE");
    let text = strip_sgr(&list);
    assert!(
        text.lines()
            .any(|l| l.contains(&id) && l.contains("2 (1 late)")),
        "the late count stays on its row:\n{text}"
    );
    let actions = in_terminal(&env, &["action", "list"], "100");
    assert_aligned(&actions, "TITLE");
}

/// Issue 10 item 19: a 400 KB unbroken title made `pm list` lay out
/// quadratically (20 s). Cells are cut and wrapped before layout now: the
/// list shows at most three lines of a title, each within the width.
#[test]
fn a_huge_unbroken_title_is_cut_before_layout() {
    let env = TestEnv::new();
    let id = "2026-11-20-huge";
    let title = "x".repeat(400_000);
    let text = "y".repeat(200_000);
    env.write(
        &env.file_of(id),
        &format!(
            "pm: 1\nid: {id}\ntitle: {title}\nstatus: draft\nseverity: SEV2\ndate: 2026-11-20\n\
             timeline:\n  - at: 2026-11-20T09:00:00Z\n    kind: note\n    text: {text}\n\
             action_items:\n  - id: A1\n    title: {title}\n    owner: ops\n    due: 2026-11-30\n    status: open\n"
        ),
    );
    for args in [vec!["list"], vec!["action", "list"]] {
        let run = env.pm(&args).ok();
        assert!(
            run.stdout.len() < 4_000,
            "{args:?}: {} bytes",
            run.stdout.len()
        );
        for l in run.stdout.lines() {
            assert!(l.chars().count() <= 80, "{args:?}: line over 80: {l}");
        }
        assert!(
            run.stdout.contains("xxx…"),
            "{args:?}: cut with …\n{}",
            run.stdout
        );
    }
    let due = env.pm(&["due"]).ok();
    assert!(due.stdout.len() < 4_000, "due: {} bytes", due.stdout.len());
    assert!(due.stdout.contains("xxx…"), "{}", due.stdout);
    // A timeline entry is content: all of it, wrapped within the width.
    let timeline = env.pm(&["timeline", "list", id]).ok();
    let mut shown = 0;
    for l in timeline.stdout.lines() {
        assert!(l.chars().count() <= 80, "line over 80: {l}");
        shown += l.matches('y').count();
    }
    assert_eq!(shown, 200_000, "every character of the entry is shown");
}

/// Issue 14 item 3: piped output was wider than 80 columns and split
/// words (`automaticall` / `y`), the long `ID#A1` references eating the
/// width. Now: at most 80 columns when piped, words whole, references
/// shortened only as far as needed and only to forms that resolve to the
/// same post-mortem; whole ids on a wide terminal.
#[test]
fn piped_output_fits_80_columns_with_references_that_still_resolve() {
    let mut env = TestEnv::new();
    env.set_now("2026-11-27T10:00:00Z");
    let long = env.new_pm(
        "Payments DB failover took the checkout API down for everyone",
        "2026-11-10T08:00:00Z",
    );
    let other = env.new_pm("Payments API timeouts", "2026-11-27T09:00:00Z");
    for (pm, title, owner, due) in [
        (
            &long,
            "Renew certs automatically before they expire",
            "platform-team",
            "2026-11-20",
        ),
        (&other, "Alert on p99 latency", "sre", "+3d"),
    ] {
        env.pm(&[
            "action", "add", title, "--pm", pm, "--owner", owner, "--due", due,
        ])
        .ok();
    }
    let piped = |args: &[&str]| {
        let mut cmd = env.pm_cmd(args);
        cmd.env_remove("COLUMNS");
        env.run_cmd(cmd, None, args).ok()
    };
    for args in [
        vec!["list"],
        vec!["action", "list"],
        vec!["due"],
        vec!["due", "--by", "due"],
    ] {
        let run = piped(&args);
        for l in run.stdout.lines() {
            assert!(
                l.chars().count() <= 80,
                "{args:?}: over 80: {l:?}\n{}",
                run.stdout
            );
        }
        for word in ["automatically", "Payments", "everyone", "latency"] {
            if run.stdout.contains(&word[..5]) {
                assert!(
                    run.stdout.contains(word),
                    "{args:?}: `{word}` split\n{}",
                    run.stdout
                );
            }
        }
        assert!(
            !run.stdout.contains(&long),
            "{args:?}: whole long id\n{}",
            run.stdout
        );
    }

    // What the tables show resolves to the same post-mortem.
    let list = piped(&["list"]);
    let shown_id = |title: &str| -> String {
        let line = list.stdout.lines().find(|l| l.contains(title)).unwrap();
        line.split_whitespace().next().unwrap().to_string()
    };
    for (title, id) in [("Payments DB", &long), ("Payments API", &other)] {
        let short = shown_id(title);
        assert!(short.len() < id.len(), "{short}");
        let json = env.pm(&["show", &short, "--json"]).ok().json();
        assert_eq!(&json["id"], id.as_str());
    }
    let actions = piped(&["action", "list"]);
    let reference = actions
        .stdout
        .lines()
        .find(|l| l.contains("Renew certs"))
        .and_then(|l| l.split_whitespace().next())
        .unwrap()
        .to_string();
    assert!(
        reference.ends_with("#A1") && reference.len() < long.len(),
        "{reference}"
    );
    env.pm(&["action", "done", &reference])
        .ok()
        .stdout_has(&long);

    // A wide terminal shows whole ids.
    let wide = env.pm_with(&["action", "list"], &[("COLUMNS", "200")]).ok();
    assert!(
        wide.stdout.contains(&format!("{long}#A1")),
        "{}",
        wide.stdout
    );
    let wide = env.pm_with(&["list"], &[("COLUMNS", "200")]).ok();
    assert!(wide.stdout.contains(&long), "{}", wide.stdout);
}
