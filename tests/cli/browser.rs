//! A real browser: headless Chromium (Debian's `chromium`, which .ci/run
//! installs) renders a post-mortem page and the site's pages to PNG. The
//! test fails on any console message (a script error, a blocked resource,
//! a Content-Security-Policy violation) and on a blank screenshot.
//!
//! `PM_SCREENSHOTS=DIR` also copies the screenshots there; the ones in
//! docs/ were made with `PM_SCREENSHOTS=docs cargo test --test cli browser`.

use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::render::{FULL, FULL_ID, hostile_postmortem};
use crate::stats::generated;
use crate::support::stdout_of;

/// Chromium's path: `$CHROMIUM`, else `chromium` or `chromium-browser` on
/// the PATH (where `.ci/run` looks before installing it). Without it the
/// test fails with one line saying what is missing and how to get it, not
/// a panic message and backtrace from each thread that would start it. It
/// is looked up once, before the test's work, and still fails the test: a
/// skipped browser test would let a broken page through CI unseen.
fn chromium() -> PathBuf {
    if let Some(path) = std::env::var_os("CHROMIUM") {
        return PathBuf::from(path);
    }
    let path = std::env::var_os("PATH").unwrap_or_default();
    let found = std::env::split_paths(&path)
        .flat_map(|dir| [dir.join("chromium"), dir.join("chromium-browser")])
        .find(|p| p.is_file());
    if let Some(path) = found {
        return path;
    }
    // Captured by the test harness and shown under the test's name;
    // `resume_unwind` fails the test without the panic hook's message.
    eprintln!(
        "headless Chromium is not installed, and this test renders pages in it: apt-get install -y chromium (or set CHROMIUM to its path); .ci/run installs it"
    );
    std::panic::resume_unwind(Box::new("headless Chromium is not installed"))
}

/// Chromium's flags for a quiet headless run: no sandbox (tests run as
/// root), no GPU, nothing fetched in the background.
const HEADLESS: [&str; 8] = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];

/// Screenshot `page` at `width`×`height`; returns the PNG's path and what
/// Chromium logged from the page.
fn screenshot(chromium: &Path, page: &Path, png: &Path, width: u32, height: u32) -> Vec<String> {
    let profile = tempfile::tempdir().unwrap();
    let mut child = Command::new(chromium)
        .args(HEADLESS)
        .args(["--hide-scrollbars", "--enable-logging=stderr", "--v=0"])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("--window-size={width},{height}"))
        .arg(format!("--screenshot={}", png.display()))
        .arg(format!("file://{}", page.display()))
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start chromium");
    let mut stderr = child.stderr.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = String::new();
        stderr.read_to_string(&mut s).ok();
        s
    });
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if started.elapsed() > Duration::from_secs(120) {
            child.kill().ok();
            panic!("chromium took more than 2 minutes on {}", page.display());
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    let log = reader.join().unwrap();
    assert!(
        status.success(),
        "chromium failed on {}:\n{log}",
        page.display()
    );
    assert!(png.is_file(), "no screenshot of {}:\n{log}", page.display());
    // Messages from the page: console output, script errors, CSP reports,
    // failed loads. Chromium's own start-up noise (D-Bus, GPU) is not the page's.
    log.lines()
        .filter(|l| l.contains(":CONSOLE") || l.contains("net::ERR_") || l.contains("Uncaught"))
        .map(str::to_string)
        .collect()
}

/// Not blank: a fair share of pixels that are not the background, in many colours.
#[track_caller]
fn assert_not_blank(png: &Path) {
    let decoder = png::Decoder::new(std::io::BufReader::new(std::fs::File::open(png).unwrap()));
    let mut reader = decoder.read_info().unwrap();
    let mut buf = vec![0; reader.output_buffer_size().unwrap()];
    let info = reader.next_frame(&mut buf).unwrap();
    let bytes = &buf[..info.buffer_size()];
    let channels = info.color_type.samples();
    assert!(
        channels >= 3,
        "unexpected PNG colour type {:?}",
        info.color_type
    );
    let pixels = bytes.chunks(channels).count();
    let mut inked = 0;
    let mut colours = std::collections::HashSet::new();
    for px in bytes.chunks(channels) {
        if px[..3].iter().any(|&c| c < 235) {
            inked += 1;
        }
        colours.insert((px[0] >> 3, px[1] >> 3, px[2] >> 3));
    }
    let share = inked as f64 / pixels as f64;
    assert!(
        share > 0.02,
        "{} is nearly blank: {:.2}% of pixels inked",
        png.display(),
        share * 100.0
    );
    assert!(
        colours.len() > 20,
        "{} has {} colours",
        png.display(),
        colours.len()
    );
}

/// The DOM after the page's scripts ran.
fn dump_dom(chromium: &Path, page: &Path) -> String {
    let profile = tempfile::tempdir().unwrap();
    stdout_of(
        Command::new(chromium)
            .args(HEADLESS)
            .arg("--dump-dom")
            .arg(format!("--user-data-dir={}", profile.path().display()))
            .arg(format!("file://{}", page.display()))
            .stdin(Stdio::null()),
    )
}

#[test]
fn chromium_renders_the_pages_without_errors() {
    let chromium = chromium();
    let chromium = chromium.as_path();
    // The hostile post-mortem with a configured severity, so that the
    // trends page (and its screenshot in docs/) shows pm.yaml's severities.
    let env = generated(150, 7);
    env.write(&env.file_of(FULL_ID), FULL);
    env.write(
        &env.file_of("2026-11-25-hostile"),
        &hostile_postmortem().replace("\"<b>SEV</b>\"", "SEV1"),
    );
    env.pm(&[
        "render",
        FULL_ID,
        "--format",
        "html",
        "-o",
        "postmortem.html",
    ])
    .ok();
    env.pm(&["site", "public"]).ok();
    let shots = tempfile::tempdir().unwrap();
    let pages = [
        ("postmortem", env.path("postmortem.html"), 1100, 2800),
        ("trends", env.path("public/trends.html"), 1100, 1900),
        ("index", env.path("public/index.html"), 1100, 900),
        (
            "site-page",
            env.path(&format!("public/pm/{FULL_ID}.html")),
            800,
            1000,
        ),
    ];
    // In parallel: each start of Chromium takes about a second.
    let results: Vec<(String, PathBuf, Vec<String>)> = std::thread::scope(|s| {
        let handles: Vec<_> = pages
            .iter()
            .map(|(name, page, w, h)| {
                let png = shots.path().join(format!("{name}.png"));
                s.spawn(move || {
                    let log = screenshot(chromium, page, &png, *w, *h);
                    (name.to_string(), png, log)
                })
            })
            .collect();
        handles.into_iter().map(|h| h.join().unwrap()).collect()
    });
    for (name, png, log) in &results {
        assert!(
            log.is_empty(),
            "{name}: the page logged:\n{}",
            log.join("\n")
        );
        assert_not_blank(png);
    }
    // site.js ran: the search box is shown and every column sorts.
    let dom = scraper::Html::parse_document(&dump_dom(chromium, &env.path("public/index.html")));
    let sel = |s: &str| scraper::Selector::parse(s).unwrap();
    let search = dom.select(&sel("#search-box")).next().unwrap();
    assert_eq!(search.value().attr("hidden"), None, "site.js did not run");
    assert_eq!(dom.select(&sel("#postmortems thead th button")).count(), 9);
    if let Some(dir) = std::env::var_os("PM_SCREENSHOTS") {
        let dir = PathBuf::from(dir);
        for (name, png, _) in &results {
            if matches!(name.as_str(), "postmortem" | "trends") {
                std::fs::copy(png, dir.join(format!("screenshot-{name}.png"))).unwrap();
            }
        }
    }
}
