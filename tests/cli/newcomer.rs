//! Frictions a newcomer met: man pages, the template's question trap,
//! status changes that lint would refuse.

use crate::support::TestEnv;

#[test]
fn man_pages_cover_every_subcommand() {
    let env = TestEnv::new();
    let page = env.pm(&["man"]).ok();
    assert!(
        page.stdout.starts_with(".ie") || page.stdout.contains(".TH pm"),
        "{}",
        page.stdout
    );
    let out = env.home().join("man/man1");
    env.pm(&["man", "--out", out.to_str().unwrap()])
        .ok()
        .stdout_has("Wrote pm.1");
    // Every subcommand `pm --help` lists has its page, with its options.
    let help = env.pm(&["--help"]).ok().stdout;
    let subcommands: Vec<&str> = help
        .lines()
        .skip_while(|l| !l.starts_with("Commands:"))
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|c| *c != "help")
        .collect();
    assert!(subcommands.len() >= 15, "{subcommands:?}");
    for sub in subcommands {
        let file = out.join(format!("pm-{sub}.1"));
        assert!(file.is_file(), "no page for {sub}");
    }
    let due = std::fs::read_to_string(out.join("pm-due.1")).unwrap();
    assert!(due.contains("within"), "{due}");
    assert!(out.join("pm-timeline-add.1").is_file());
}

/// Answer each section of a fresh post-mortem so that lint is clean.
fn complete(env: &TestEnv, id: &str) {
    let file = env.file_of(id);
    let text = env.read(&file)
        .replace("\nsummary:\n", "\nsummary: |\n  Checkout returned errors for 40 minutes after a config push; a rollback restored it.\n")
        .replace("\nimpact:\n", "\nimpact: |\n  About 12% of checkout requests failed between 09:00 and 09:40.\n")
        .replace("\ntrigger:\n", "\ntrigger: A config push that lowered the connection pool size.\n")
        .replace("\nroot_cause:\n", "\nroot_cause: |\n  The pool size setting had no lower bound, and the config pipeline did not compare it with peak load.\n")
        .replace("\ndetection_gap:\n", "\ndetection_gap: |\n  Alerts watched latency, not pool saturation, so the first page came after 9 minutes.\n")
        .replace("\nresponse:\n", "\nresponse: |\n  The on-call rolled back the config; recovery was immediate.\n");
    env.write(&file, &text);
    env.git(&["commit", "-qam", "write the post-mortem"]);
    for (kind, at) in [
        ("detected", "2026-11-26T09:09:00Z"),
        ("mitigated", "2026-11-26T09:35:00Z"),
        ("resolved", "2026-11-26T09:40:00Z"),
    ] {
        env.pm(&[
            "timeline", "add", kind, "--kind", kind, "--at", at, "--pm", id,
        ])
        .ok();
    }
    env.pm(&[
        "action",
        "add",
        "Lower bound on pool size",
        "--owner",
        "payments",
        "--due",
        "+2w",
        "--pm",
        id,
    ])
    .ok();
}

#[test]
fn a_complete_post_mortem_moves_on_without_force() {
    let env = TestEnv::new();
    let id = env.new_pm("Checkout errors", "2026-11-26T09:00:00Z");
    complete(&env, &id);
    env.pm(&["lint", &id]).ok();
    env.pm(&["status", &id, "review"])
        .ok()
        .stdout_has("draft -> review");
    env.pm(&["status", &id, "published"]).ok();
    env.assert_clean();
}

#[test]
fn template_questions_written_into_a_value_are_a_lint_finding() {
    let env = TestEnv::new();
    let id = env.new_pm("Queue backlog", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let text = env.read(&file);
    // Answering after the key, as the template says, leaves no question in the text.
    let answered = text.replace(
        "summary:\n",
        "summary: |\n  Workers stopped consuming for 20 minutes after a broker failover.\n",
    );
    env.write(&file, &answered);
    let json = env.pm(&["lint", &id, "--format", "json"]).json();
    assert!(!json.to_string().contains("template's question"), "{json}");
    // A person who pasted the question inside the block gets told.
    let trapped = text.replace(
        "summary:\n",
        "summary: |\n  # In two or three sentences a newcomer would understand: what broke,\n  Workers stopped consuming for 20 minutes after a broker failover.\n",
    );
    env.write(&file, &trapped);
    env.pm(&["lint", &id])
        .stdout_has("template's question")
        .stdout_has("In two or three sentences");
    // And `pm show` shows what readers would see, so the question must not be silent.
    env.pm(&["show", &id])
        .ok()
        .stdout_has("In two or three sentences");
}
