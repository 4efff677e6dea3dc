//! What pm writes where a person pointed it: calendars shown in CI logs,
//! output files that must never be pm's own, errors that cannot be
//! written.

use std::fs;

use crate::support::TestEnv;

/// A calendar printed in a CI job carries no workflow command: not
/// `##vso[` anywhere, and not `::` at the start of a line, including the
/// continuation lines iCalendar folding makes (which a runner reads with
/// their leading blank trimmed). The calendar still parses, with the
/// titles as written apart from an invisible zero-width space.
#[test]
fn calendar_on_stdout_defuses_workflow_commands_across_folds() {
    let env = TestEnv::new();
    let id = env.new_pm("Checkout latency spike", "2026-11-26T09:12:00Z");
    let azure = "##vso[task.setvariable variable=DEPLOY_TARGET]attacker";
    // 63 x's put `::error` exactly where the 75-octet fold falls.
    let github = format!("{}::error file=README.md,line=1::pwned", "x".repeat(63));
    env.add_action(&id, azure, "ops", "+2d");
    env.add_action(&id, &github, "ops", "+2d");

    let run = env.pm(&["due", "--ics", "-"]).ok();
    for line in run.stdout.split("\r\n") {
        assert!(
            !line.trim_start().starts_with("::"),
            "workflow command at the start of {line:?}\n{}",
            run.stdout
        );
        assert!(!line.to_lowercase().contains("##vso["), "{line:?}");
        assert!(line.len() <= 75, "{line:?}");
    }

    let reader = ical::IcalParser::new(std::io::BufReader::new(run.stdout.as_bytes()));
    let calendars: Vec<_> = reader.collect::<Result<_, _>>().expect("valid iCalendar");
    let summaries: Vec<String> = calendars[0]
        .events
        .iter()
        .filter_map(|e| e.properties.iter().find(|p| p.name == "SUMMARY"))
        .filter_map(|p| p.value.clone())
        .map(|v| v.replace('\u{200b}', "").replace("\\,", ","))
        .collect();
    assert!(summaries.contains(&format!("A1: {azure}")), "{summaries:?}");
    assert!(
        summaries.contains(&format!("A2: {github}")),
        "{summaries:?}"
    );

    // The file holds the same calendar.
    let file = env.home().join("due.ics");
    env.pm(&["due", "--ics", file.to_str().unwrap()]).ok();
    assert_eq!(std::fs::read_to_string(&file).unwrap(), run.stdout);
}

/// `-o` and `--ics` write where they are told, but never over pm's own
/// files: git's folder, pm.yaml, a post-mortem (nor through a symlink to
/// one). Refused with exit 2 naming the flag and the path; nothing changed.
#[test]
fn output_flags_never_write_over_pms_own_files() {
    let env = TestEnv::new();
    let id = env.new_pm("Checkout latency spike", "2026-11-26T09:12:00Z");
    let file = env.file_of(&id);
    std::os::unix::fs::symlink(env.path("pm.yaml"), env.home().join("config-link")).unwrap();
    std::os::unix::fs::symlink(env.path(".git"), env.home().join("git-link")).unwrap();
    fs::create_dir_all(env.path(".pm/templates")).unwrap();
    let before = env.snapshot();
    let head = env.read(".git/HEAD");
    let config_link = env.home().join("config-link");
    let through_git_link = env.home().join("git-link/HEAD");
    let fresh_in_git = env.home().join("git-link/new-file");
    let targets = [
        ".git/HEAD",
        "./postmortems/../.git/config",
        "pm.yaml",
        file.as_str(),
        "postmortems/2026/notes.md",
        config_link.to_str().unwrap(),
        through_git_link.to_str().unwrap(),
        fresh_in_git.to_str().unwrap(),
        // The merge driver's line and the templates (session 36's
        // publishing attack: `-o .gitattributes` replaced it).
        ".gitattributes",
        ".pm/templates/postmortem.md.tera",
    ];
    for target in targets {
        env.pm(&["render", &id, "-o", target]).error(&[
            "-o",
            target,
            "pm never writes output over its own files",
        ]);
        env.pm(&["due", "--ics", target]).error(&[
            "--ics",
            target,
            "pm never writes output over its own files",
        ]);
    }
    assert_eq!(env.snapshot(), before);
    assert_eq!(env.read(".git/HEAD"), head);
    assert!(!env.home().join("git-link/new-file").exists());
    env.assert_clean();

    // Anywhere else is fine, in the repository or out of it.
    env.pm(&["render", &id, "-o", "report.md"]).ok();
    assert!(env.read("report.md").contains("Checkout latency spike"));
    let ics = env.home().join("due.ics");
    env.pm(&["due", "--ics", ics.to_str().unwrap()]).ok();
}

/// `pm man --out DIR` writes each page as `-o` writes its file: never
/// over pm's own files (a page name that is a symlink to pm.yaml), never
/// into the post-mortems folder, git's folder or the repository's root,
/// never into a FIFO (which would block it) or through a dangling symlink.
/// Every page is checked before the first is written: a refusal (exit 2,
/// naming the page) leaves the folder as it was.
#[test]
fn man_out_checks_every_page_before_writing_any() {
    use std::os::unix::fs::symlink;
    let env = TestEnv::new();
    env.new_pm("Checkout latency spike", "2026-11-26T09:12:00Z");
    let before = env.snapshot();

    let links = env.home().join("links");
    fs::create_dir(&links).unwrap();
    symlink(env.path("pm.yaml"), links.join("pm-list.1")).unwrap();
    env.pm(&["man", "--out", links.to_str().unwrap()]).error(&[
        "--out",
        "pm-list.1",
        "the repository's pm.yaml",
        "pm never writes output over its own files",
    ]);
    assert_eq!(fs::read_dir(&links).unwrap().count(), 1, "no page written");

    for dir in ["postmortems/2026", ".git/hooks", "."] {
        env.pm(&["man", "--out", dir]).error(&["--out", dir]);
    }
    // A file, and a symlink to nothing, are named as what they are, not
    // as "Not a directory" or "File exists" (session 35's read attack).
    let file = env.home().join("afile");
    fs::write(&file, "x").unwrap();
    let shown = file.to_str().unwrap();
    env.pm(&["man", "--out", shown])
        .error(&[&format!("--out {shown} is not a folder")]);
    let dangling = env.home().join("dl");
    symlink("/nonexistent/dir", &dangling).unwrap();
    let run = env
        .pm(&["man", "--out", dangling.to_str().unwrap()])
        .error(&["is a symbolic link to /nonexistent/dir, which does not exist"]);
    assert!(!run.stderr.contains("File exists"), "{}", run.stderr);
    assert_eq!(env.snapshot(), before);
    env.assert_clean();

    let fifo = env.home().join("fifo");
    fs::create_dir(&fifo).unwrap();
    let status = std::process::Command::new("mkfifo")
        .arg(fifo.join("pm-due.1"))
        .status()
        .unwrap();
    assert!(status.success());
    // Would block for ever if the FIFO were opened.
    env.pm(&["man", "--out", fifo.to_str().unwrap()])
        .error(&["pm-due.1", "FIFO"]);
    assert_eq!(fs::read_dir(&fifo).unwrap().count(), 1, "no page written");

    let dangling = env.home().join("dangling");
    fs::create_dir(&dangling).unwrap();
    symlink(env.home().join("nowhere/x"), dangling.join("pm-list.1")).unwrap();
    env.pm(&["man", "--out", dangling.to_str().unwrap()])
        .error(&["pm-list.1", "symlink to nothing"]);
    assert_eq!(
        fs::read_dir(&dangling).unwrap().count(),
        1,
        "no page written"
    );

    // A folder of its own gets every page.
    let out = env.home().join("man1");
    env.pm(&["man", "--out", out.to_str().unwrap()]).ok();
    assert!(
        fs::read_to_string(out.join("pm-list.1"))
            .unwrap()
            .contains(".TH")
    );
}

/// An error that cannot be written (stderr a closed pipe, or `2>/dev/full`)
/// still ends pm with the error's exit code, quietly: never a panic (101).
#[test]
fn errors_that_cannot_be_written_keep_their_exit_code() {
    let env = TestEnv::new();
    let cases: [&[&str]; 3] = [
        &["render", "x", "--format", "pdf"],
        &["render", "no-such-post-mortem"],
        &[
            "timeline",
            "import",
            "--from",
            "/no/such/file",
            "--level",
            "error",
        ],
    ];
    for args in cases {
        // A pipe whose reader is gone: every write fails with EPIPE.
        let (reader, writer) = std::io::pipe().unwrap();
        drop(reader);
        let status = env
            .pm_cmd(args)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(writer)
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(2), "pm {args:?} with stderr closed");

        let full = std::fs::OpenOptions::new()
            .write(true)
            .open("/dev/full")
            .unwrap();
        let status = env
            .pm_cmd(args)
            .stdin(std::process::Stdio::null())
            .stdout(std::process::Stdio::null())
            .stderr(full)
            .status()
            .unwrap();
        assert_eq!(status.code(), Some(2), "pm {args:?} 2>/dev/full");
    }
}

/// A repository's render template (also used by `pm site`) runs within the
/// limits of `pm new`'s templates: one that never finishes is stopped after
/// 5 seconds, exit 2, naming the file; nothing is written.
#[test]
fn render_template_overrides_are_stopped_when_they_never_finish() {
    let env = TestEnv::new();
    let id = env.new_pm("Checkout latency spike", "2026-11-26T09:12:00Z");
    env.write(
        ".pm/templates/postmortem.md.tera",
        "{% for i in range(end=100000) %}{% for j in range(end=100000) %}{% endfor %}{% endfor %}\n",
    );
    env.pm(&["render", &id, "-o", "out.md"]).error(&[
        ".pm/templates/postmortem.md.tera did not finish rendering in 5 seconds",
        "nothing was written",
    ]);
    assert!(!env.path("out.md").exists());
    // The built-in HTML template is not limited by the Markdown override.
    env.pm(&["render", &id, "--format", "html", "-o", "out.html"])
        .ok();
}

/// Run pm with standard output on a full disk (`> /dev/full`).
fn to_full_disk(env: &TestEnv, args: &[&str]) -> (i32, String) {
    let full = fs::OpenOptions::new()
        .write(true)
        .open("/dev/full")
        .unwrap();
    let out = env
        .pm_cmd(args)
        .stdin(std::process::Stdio::null())
        .stdout(full)
        .stderr(std::process::Stdio::piped())
        .output()
        .unwrap();
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn a_full_disk_on_stdout_after_files_are_written_is_a_warning_and_help_on_it_an_error() {
    let env = TestEnv::new();
    env.new_pm("Demo", "2026-11-26T09:00:00Z");
    let site = env.home().join("site");
    let ics = env.home().join("due.ics");
    let man = env.home().join("man");
    for args in [
        vec!["site", site.to_str().unwrap()],
        vec!["due", "--ics", ics.to_str().unwrap()],
        vec!["man", "--out", man.to_str().unwrap()],
    ] {
        let (code, stderr) = to_full_disk(&env, &args);
        assert_eq!(code, 0, "{args:?}: {stderr}");
        assert!(
            stderr.contains("warning: cannot write to standard output")
                && stderr.contains("were written"),
            "{args:?}: {stderr}"
        );
    }
    assert!(site.join("index.html").is_file());
    assert!(ics.is_file());
    assert!(fs::read_dir(&man).unwrap().count() > 0);

    for args in [["--help"], ["--version"]] {
        let (code, stderr) = to_full_disk(&env, &args);
        assert_eq!(code, 2, "{args:?}: {stderr}");
        assert!(
            stderr.starts_with("error: cannot write to standard output"),
            "{args:?}: {stderr}"
        );
    }
}

/// A symlink committed in the repository is never written through: a
/// contributor who commits `public/report.md -> ~/.bashrc` (or a folder
/// `reports -> ~/.ssh`) would otherwise have a CI job's
/// `pm render ID -o public/report.md` write lines of their choosing into
/// that file (attack 78, D8). The same for `--ics`, `pm man --out` and
/// `pm site OUT_DIR`, also when the repository is reached through a link
/// of the person's own. A link outside the repository is the person's
/// own, and is still written through.
#[test]
fn outputs_never_go_through_a_symlink_in_the_repository() {
    use std::os::unix::fs::symlink;
    let env = TestEnv::new();
    let id = env.new_pm("Linked output", "2026-11-26T09:00:00Z");
    let outside = env.home().join("outside.txt");
    fs::write(&outside, "precious\n").unwrap();
    let outside_dir = env.home().join("outside-dir");
    fs::create_dir_all(&outside_dir).unwrap();
    fs::create_dir_all(env.path("public")).unwrap();
    symlink(&outside, env.path("public/report.md")).unwrap();
    symlink(&outside_dir, env.path("reports")).unwrap();
    env.git(&["add", "public/report.md", "reports"]);
    env.git(&["commit", "-qm", "links"]);

    env.pm(&["render", &id, "-o", "public/report.md"]).error(&[
        "-o public/report.md",
        "is a symlink in the repository",
        "nothing was changed",
    ]);
    env.pm(&["render", &id, "-o", "reports/x.md"]).error(&[
        "reports is a symlink in the repository",
        "nothing was changed",
    ]);
    env.pm(&["due", "--ics", "public/report.md"])
        .error(&["--ics", "is a symlink in the repository"]);
    env.pm(&["man", "--out", "reports"])
        .error(&["--out reports: is a symlink in the repository"]);
    env.pm(&["site", "reports"]).error(&[
        "OUT_DIR reports",
        "is a symlink in the repository",
        "nothing was changed",
    ]);
    env.pm(&["site", "reports/site"])
        .error(&["reports is a symlink in the repository"]);
    // The repository reached through a link of the person's own.
    let via = env.home().join("via");
    symlink(&env.repo, &via).unwrap();
    let through = via.join("public/report.md");
    env.pm(&["render", &id, "-o", through.to_str().unwrap()])
        .error(&["is a symlink in the repository"]);
    assert_eq!(fs::read_to_string(&outside).unwrap(), "precious\n");
    assert_eq!(fs::read_dir(&outside_dir).unwrap().count(), 0);

    // The same output through a link outside the repository is written.
    let own_link = env.home().join("mine.md");
    symlink(&outside, &own_link).unwrap();
    env.pm(&["render", &id, "-o", own_link.to_str().unwrap()])
        .ok();
    assert!(
        fs::read_to_string(&outside)
            .unwrap()
            .contains("Linked output")
    );
    // And a real file in the repository is written as before.
    env.pm(&["render", &id, "-o", "public/real.md"]).ok();
    assert!(env.read("public/real.md").contains("Linked output"));
}

/// A folder in the repository swapped for a link to a folder outside it
/// while pm writes: another process that can write in the repository
/// exchanges `race/` with `racealt -> outside/` (and the site's `rs/pm/`
/// with `rs/pmalt -> outside/`) in a tight loop, with
/// `renameat2(RENAME_EXCHANGE)`, while `pm render -o race/outN.md` and
/// `pm site rs` run (attack 80, D2). Checking each folder by name and then
/// writing to the name again let 3% of the renders land outside, and one
/// `pm site` in six delete the stale page's namesake there. pm now opens
/// each folder once, without following links, and writes, renames and
/// removes in the open folder: a run may be refused (the link is seen),
/// but nothing outside is ever written or removed, and no temporary file
/// is left behind.
#[cfg(target_os = "linux")]
#[test]
fn outputs_stay_in_the_repository_while_a_folder_is_swapped_for_a_link() {
    use std::os::unix::fs::symlink;
    use std::sync::atomic::{AtomicBool, AtomicU64, Ordering::SeqCst};
    use std::sync::{Arc, Mutex};
    use std::time::{Duration, Instant};

    let env = TestEnv::new();
    let id = env.new_pm("Checkout outage", "2026-11-26T09:00:00Z");
    let doomed = env.new_pm("Doomed", "2026-11-25T09:00:00Z");
    env.pm(&["site", "rs"]).ok();
    // The marker lists both pages; then the doomed post-mortem goes, and
    // its page is stale: every `pm site rs` below removes it.
    let marker = fs::read(env.path("rs/.pm-site")).unwrap();
    let doomed_page = format!("{doomed}.html");
    let page = format!("{id}.html");
    let doomed_html = fs::read(env.path("rs/pm").join(&doomed_page)).unwrap();
    env.git(&["rm", "-q", &env.file_of(&doomed)]);
    env.git(&["commit", "-qm", "doomed is gone"]);

    let outside = env.home().join("outside");
    fs::create_dir_all(&outside).unwrap();
    let victims = ["victim.md", doomed_page.as_str(), page.as_str()];
    for name in victims {
        fs::write(outside.join(name), "precious\n").unwrap();
    }
    fs::create_dir_all(env.path("race")).unwrap();
    symlink(&outside, env.path("racealt")).unwrap();
    symlink(&outside, env.path("rs/pmalt")).unwrap();

    // The attacker: each pair of exchanges puts the folders back, so
    // while the test holds `gate` (between pairs) they are real folders.
    let pairs = [
        (env.path("race"), env.path("racealt")),
        (env.path("rs/pm"), env.path("rs/pmalt")),
    ];
    let stop = Arc::new(AtomicBool::new(false));
    // Asks the swapper to let go of `gate` (a mutex is not fair).
    let pause = Arc::new(AtomicBool::new(true));
    let gate = Arc::new(Mutex::new(()));
    let swaps = Arc::new(AtomicU64::new(0));
    let swapper = {
        let (stop, pause, gate, swaps) = (stop.clone(), pause.clone(), gate.clone(), swaps.clone());
        std::thread::spawn(move || {
            let exchange = |a: &std::path::Path, b: &std::path::Path| {
                rustix::fs::renameat_with(
                    rustix::fs::CWD,
                    a,
                    rustix::fs::CWD,
                    b,
                    rustix::fs::RenameFlags::EXCHANGE,
                )
                .expect("renameat2(RENAME_EXCHANGE)");
            };
            while !stop.load(SeqCst) {
                if pause.load(SeqCst) {
                    std::thread::yield_now();
                    continue;
                }
                let _pair = gate.lock().unwrap();
                for (a, b) in &pairs {
                    exchange(a, b);
                    exchange(a, b);
                }
                swaps.fetch_add(4, SeqCst);
            }
        })
    };
    // The folders as they were, until the guard is dropped.
    let hold = || {
        pause.store(true, SeqCst);
        gate.lock().unwrap()
    };
    let release = |guard| {
        drop(guard);
        pause.store(false, SeqCst);
    };

    let outside_as_it_was = || {
        let mut names: Vec<String> = fs::read_dir(&outside)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .collect();
        names.sort();
        let mut expected: Vec<String> = victims.iter().map(|v| v.to_string()).collect();
        expected.sort();
        names == expected
            && victims
                .iter()
                .all(|v| fs::read_to_string(outside.join(v)).is_ok_and(|t| t == "precious\n"))
    };
    let (mut rendered, mut sites) = (0, 0);
    let started = Instant::now();
    let mut runs = 0;
    while runs < 400 && started.elapsed() < Duration::from_secs(8) {
        runs += 1;
        // A stale page for pm site to remove, listed in its marker.
        let held = hold();
        fs::write(env.path("rs/.pm-site"), &marker).unwrap();
        fs::write(env.path("rs/pm").join(&doomed_page), &doomed_html).unwrap();
        release(held);

        let site = env.pm(&["site", "rs"]);
        let out = format!("race/out{runs}.md");
        let render = env.pm(&["render", &id, "-o", &out]);
        let held = hold();
        for run in [&site, &render] {
            assert!(
                !run.stderr.contains("panicked") && [0, 2].contains(&run.code),
                "{}: exit {}\n{}",
                run.cmd,
                run.code,
                run.stderr
            );
        }
        sites += usize::from(site.code == 0);
        rendered += usize::from(render.code == 0);
        assert!(
            outside_as_it_was(),
            "run {runs}: the folder outside the repository changed: {:?}\n{}\n{}",
            fs::read_dir(&outside)
                .unwrap()
                .map(|e| e.unwrap().file_name())
                .collect::<Vec<_>>(),
            site.stderr,
            render.stderr
        );
        drop(held);
    }
    stop.store(true, SeqCst);
    swapper.join().unwrap();
    eprintln!(
        "{runs} runs in {:?}: {sites} sites and {rendered} renders written, {swaps:?} swaps",
        started.elapsed()
    );
    assert!(
        swaps.load(SeqCst) > 1000,
        "the folders were hardly swapped: {swaps:?}"
    );
    // Both commands wrote while the folders were being swapped (a run the
    // swap caught is refused, with nothing written).
    assert!(
        sites > 0 && rendered > 0,
        "{runs} runs: {sites} sites and {rendered} renders written"
    );

    // No temporary file left, in the repository (git's folder included)
    // or outside it.
    let mut left = Vec::new();
    let mut stack = vec![env.home().to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in fs::read_dir(&dir).unwrap() {
            let entry = entry.unwrap();
            let name = entry.file_name().to_string_lossy().into_owned();
            let kind = entry.file_type().unwrap();
            if kind.is_dir() {
                stack.push(entry.path());
            } else if name.starts_with(".pm-") && name.ends_with(".tmp") {
                left.push(entry.path());
            }
        }
    }
    assert!(left.is_empty(), "temporary files left behind: {left:?}");
}

/// Attack 82: a post-mortem's folder swapped for a link to an outside
/// folder (holding a file of the same name) while `pm timeline add` runs.
/// The write goes into the folder pm opened; the commit must hold what pm
/// wrote or nothing: never the outside file (a secret in git's history),
/// never a panic.
#[test]
fn a_commit_never_takes_a_file_from_a_folder_swapped_for_a_link() {
    use std::os::unix::fs::symlink;
    use std::sync::Arc;
    use std::sync::atomic::{AtomicBool, Ordering::SeqCst};
    use std::time::{Duration, Instant};

    let env = TestEnv::new();
    let id = env.new_pm("Disk full", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let folder = env.path(&file).parent().unwrap().to_path_buf();
    let name = env.path(&file).file_name().unwrap().to_owned();
    let outside = env.home().join("outside");
    fs::create_dir_all(&outside).unwrap();
    fs::write(outside.join(&name), "SECRET_OUTSIDE=hunter2\n").unwrap();
    let alt = folder.with_file_name("l2026");
    symlink(&outside, &alt).unwrap();

    let stop = Arc::new(AtomicBool::new(false));
    let swapper = {
        let (stop, folder, alt) = (stop.clone(), folder.clone(), alt.clone());
        std::thread::spawn(move || {
            while !stop.load(SeqCst) {
                for _ in 0..2 {
                    rustix::fs::renameat_with(
                        rustix::fs::CWD,
                        &folder,
                        rustix::fs::CWD,
                        &alt,
                        rustix::fs::RenameFlags::EXCHANGE,
                    )
                    .expect("renameat2(RENAME_EXCHANGE)");
                }
                // Room for some runs to get through whole.
                std::thread::sleep(Duration::from_micros(300));
            }
        })
    };
    let started = Instant::now();
    let mut codes = Vec::new();
    while codes.len() < 300 && started.elapsed() < Duration::from_secs(6) {
        let note = format!("note {}", codes.len());
        let run = env.pm(&["timeline", "add", &note, "--at", "09:00"]);
        assert!(!run.stderr.contains("panicked"), "{}", run.stderr);
        codes.push(run.code);
    }
    stop.store(true, SeqCst);
    swapper.join().unwrap();
    assert!(
        codes.iter().all(|c| *c == 0 || *c == 2),
        "exit codes {codes:?}"
    );
    assert!(codes.contains(&0), "no run got through: {codes:?}");
    let history = env.git(&["log", "-p", "--all"]);
    assert!(!history.contains("SECRET_OUTSIDE"), "{history}");
    assert_eq!(
        fs::read_to_string(outside.join(&name)).unwrap(),
        "SECRET_OUTSIDE=hunter2\n"
    );
}

/// Attack 82: a link of the person's own outside the repository that
/// leads to a link in the repository is refused like that link itself
/// (`-o`, `--ics`, a page of `man --out`), and the file it points at is
/// left alone.
#[test]
fn an_outside_link_to_a_link_in_the_repository_is_refused() {
    use std::os::unix::fs::symlink;
    let env = TestEnv::new();
    let id = env.new_pm("Disk full", "2026-11-26T09:00:00Z");
    let victim = env.home().join("victim");
    fs::write(&victim, "VICTIM\n").unwrap();
    fs::create_dir_all(env.path("out")).unwrap();
    symlink(&victim, env.path("out/link.md")).unwrap();
    let mine = env.home().join("mine.md");
    symlink(env.path("out/link.md"), &mine).unwrap();
    // Two links of one's own in a row lead there too.
    let again = env.home().join("again.ics");
    symlink(&mine, &again).unwrap();
    let pages = env.home().join("pages");
    fs::create_dir_all(&pages).unwrap();
    symlink(env.path("out/link.md"), pages.join("pm.1")).unwrap();

    env.pm(&["render", &id, "-o", mine.to_str().unwrap()])
        .error(&["-o", "out/link.md", "symlink in the repository"]);
    env.pm(&["due", "--ics", again.to_str().unwrap()]).error(&[
        "--ics",
        "out/link.md",
        "symlink in the repository",
    ]);
    env.pm(&["man", "--out", pages.to_str().unwrap()]).error(&[
        "--out",
        "out/link.md",
        "symlink in the repository",
    ]);
    assert_eq!(fs::read_to_string(&victim).unwrap(), "VICTIM\n");
    // A link of one's own to a file outside is still followed.
    let plain = env.home().join("plain.md");
    fs::write(&plain, "old\n").unwrap();
    let to_plain = env.home().join("to-plain.md");
    symlink(&plain, &to_plain).unwrap();
    env.pm(&["render", &id, "-o", to_plain.to_str().unwrap()])
        .ok();
    assert!(fs::read_to_string(&plain).unwrap().contains("Disk full"));
    assert!(
        fs::symlink_metadata(&to_plain)
            .unwrap()
            .file_type()
            .is_symlink()
    );
}

/// Attack 82: `pm man --out` that fails part way (here a file-size limit
/// that the largest page passes, as a full disk would stop it) says how
/// many pages it had written, never "nothing was changed".
#[test]
fn man_out_failing_part_way_says_which_pages_it_wrote() {
    use std::os::unix::process::CommandExt;
    let env = TestEnv::new();
    let dir = env.home().join("man1");
    let mut cmd = env.pm_cmd(&["man", "--out", dir.to_str().unwrap()]);
    // SAFETY: setrlimit(2) and signal(2) between fork and exec.
    unsafe {
        cmd.pre_exec(|| {
            let limit = libc::rlimit {
                rlim_cur: 3072,
                rlim_max: 3072,
            };
            libc::setrlimit(libc::RLIMIT_FSIZE, &limit);
            libc::signal(libc::SIGXFSZ, libc::SIG_IGN);
            Ok(())
        });
    }
    let out = cmd.stdin(std::process::Stdio::null()).output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(!stderr.contains("nothing was"), "{stderr}");
    let pages = fs::read_dir(&dir).unwrap().count();
    assert!(pages > 0, "{stderr}");
    assert!(
        stderr.contains(&format!("{pages} of ")) && stderr.contains("pages were written"),
        "{pages} pages on disk\n{stderr}"
    );
}
