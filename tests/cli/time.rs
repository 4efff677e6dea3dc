//! Times, dates and lengths as typed: checked sums, one set of units, DST.

use proptest::prelude::*;

use crate::support::{Run, TestEnv};

/// Exit 0, or exit 2 with one `error:` line: never a panic, never a backtrace.
#[track_caller]
fn settled(run: Run) -> Run {
    assert!(
        !run.stderr.contains("panicked") && !run.stderr.contains("RUST_BACKTRACE"),
        "panic\n$ {}\n{}",
        run.cmd,
        run.stderr
    );
    match run.code {
        0 => run,
        2 => run.error(&[]),
        _ => panic!("exit {}\n$ {}\n{}", run.code, run.cmd, run.stderr),
    }
}

#[test]
fn huge_relative_times_are_range_errors_not_panics() {
    let env = TestEnv::new();
    let id = env.new_pm("Checkout down", "2026-11-27T08:00:00Z");
    let before = env.snapshot();
    let commits = env.commits();
    for at in [
        "-999999999999d",
        "-300000000w",
        "-9223372036854775807w",
        "-99999999999999999999999m",
        "+999999999999h",
    ] {
        env.pm(&["timeline", "add", "x", "--at", at, "--pm", &id])
            .error(&["--at", at, "out of range", "9999"]);
    }
    env.pm(&["new", "Later", "-s", "SEV2", "--started=-999999999999d"])
        .error(&["--started", "out of range"]);
    env.pm(&["action", "add", "t", "--owner", "o", "--due", "+999999999d"])
        .error(&["--due", "out of range"]);
    env.pm(&[
        "action",
        "add",
        "t",
        "--owner",
        "o",
        "--due=-9223372036854775807w",
    ])
    .error(&["--due", "out of range"]);
    env.pm(&["due", "--within", "999999999999d"])
        .error(&["--within", "out of range"]);
    env.pm(&["review", &id, "--again", "999999999999d"])
        .error(&["--again", "out of range"]);
    env.pm(&["list", "--since=-99999999y"])
        .error(&["--since", "out of range"]);
    assert_eq!(env.snapshot(), before, "nothing changed");
    assert_eq!(env.commits(), commits);
}

#[test]
fn settings_that_feed_date_sums_are_bounded() {
    let env = TestEnv::new();
    let config = env.read("pm.yaml");
    env.write(
        "pm.yaml",
        &config.replace("follow_up_days: 14", "follow_up_days: 99999999999999"),
    );
    env.pm(&["list"]).error(&["follow_up_days", "36500"]);
    env.write(
        "pm.yaml",
        &format!("{config}\ntimeline_margin_minutes: 9223372036854775807\n")
            .replace("timeline_margin_minutes: 1440\n", ""),
    );
    env.pm(&["list"])
        .error(&["timeline_margin_minutes", "give a number of minutes"]);
}

#[test]
fn m_means_minutes_everywhere_and_mo_months() {
    let env = TestEnv::new();
    let id = env.new_pm("Units", "2026-11-27T08:00:00Z");
    // --due +1m used to mean a month; now it is refused with the way out.
    let before = env.snapshot();
    env.pm(&["action", "add", "t", "--owner", "o", "--due", "+1m"])
        .error(&["--due", "`m` means minutes", "+1mo"]);
    env.pm(&["action", "add", "t", "--owner", "o", "--due", "+1M"])
        .error(&["--due", "minutes or months", "mo"]);
    env.pm(&["due", "--within", "90m"])
        .error(&["--within", "minutes", "d, w, mo or y"]);
    env.pm(&["timeline", "add", "x", "--at=-2M"])
        .error(&["--at", "minutes or months"]);
    env.pm(&["timeline", "add", "x", "--at=-2q"])
        .error(&["--at", "`q` is not a unit"]);
    assert_eq!(env.snapshot(), before);

    env.pm(&["action", "add", "Month", "--owner", "o", "--due", "+1mo"])
        .ok()
        .stdout_has("due 2026-12-27");
    env.pm(&["action", "add", "Year", "--owner", "o", "--due", "1y"])
        .ok()
        .stdout_has("due 2027-11-27");
    env.pm(&["timeline", "add", "minute", "--at=-1m"]).ok();
    let json = env.pm(&["timeline", "list", "--json"]).ok().json();
    assert_eq!(json["entries"][1]["at"], "2026-11-27T09:59:00Z");
    env.pm(&["due", "--within", "1mo", "--json"]).ok();
    env.pm(&["review", &id, "--again", "1mo"])
        .ok()
        .stdout_has("next review due 2026-12-27");
}

#[test]
fn offsets_in_minutes_or_longer_drop_the_seconds() {
    let mut env = TestEnv::new();
    env.set_now("2026-11-27T10:04:27Z");
    env.new_pm("Seconds", "2026-11-27T06:00:00Z");
    env.pm(&["timeline", "add", "hours", "--at=-3h"]).ok();
    env.pm(&["timeline", "add", "seconds", "--at=-30s"]).ok();
    let json = env.pm(&["timeline", "list", "--json"]).ok().json();
    let at: Vec<&str> = json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["at"].as_str().unwrap())
        .collect();
    assert_eq!(
        at,
        [
            "2026-11-27T06:00:00Z",
            "2026-11-27T07:04:00Z",
            "2026-11-27T10:03:57Z"
        ]
    );
}

#[test]
fn the_margin_message_reads_as_a_person_would_write_it() {
    let env = TestEnv::new();
    env.new_pm("Margin", "2026-11-27T08:00:00Z");
    let run = env
        .pm(&["timeline", "add", "x", "--at", "2026-11-25 08:00"])
        .error(&[
            "more than 1d before the incident started",
            "timeline_margin_minutes",
        ]);
    assert!(!run.stderr.contains("0h"), "{}", run.stderr);
}

/// The repository's zone set to New York in pm.yaml, committed.
fn in_new_york(env: &TestEnv) {
    let config = env
        .read("pm.yaml")
        .replace("timezone: UTC", "timezone: America/New_York");
    env.write("pm.yaml", &config);
    env.git(&["commit", "-qam", "New York"]);
}

#[test]
fn a_wall_clock_time_the_clocks_skipped_is_refused_with_both_readings() {
    let mut env = TestEnv::new();
    in_new_york(&env);
    env.set_now("2026-03-08T12:00:00Z");
    env.new_pm("Spring forward", "2026-03-08T05:00:00Z");
    let before = env.snapshot();
    for at in ["2026-03-08 02:30", "02:30"] {
        env.pm(&["timeline", "add", "x", "--at", at]).error(&[
            "did not happen in America/New_York",
            "from 02:00 to 03:00",
            "01:30 -05:00",
            "03:30 -04:00",
        ]);
    }
    assert_eq!(env.snapshot(), before);

    // A time that happened twice takes the first, and says so.
    env.set_now("2026-11-01T12:00:00Z");
    env.new_pm("Fall back", "2026-11-01T04:00:00Z");
    env.pm(&["timeline", "add", "x", "--at", "2026-11-01 01:30"])
        .ok()
        .stderr_has("happened twice")
        .stderr_has("2026-11-01T01:30:00-05:00");
    let json = env.pm(&["timeline", "list", "--json"]).ok().json();
    assert_eq!(json["entries"][1]["at"], "2026-11-01T01:30:00-04:00");

    // `--at HH:MM` is the most recent such moment: typed at the second
    // 01:30 (EST), 01:15 is fifteen minutes ago, not seventy-five.
    env.set_now("2026-11-01T06:30:00Z");
    env.pm(&["timeline", "add", "y", "--at", "01:15"])
        .ok()
        .stderr_has("pm took the second, the most recent, 2026-11-01T01:15:00-05:00")
        .stderr_has("for the first give 2026-11-01T01:15:00-04:00");
    let json = env.pm(&["timeline", "list", "--json"]).ok().json();
    let y = json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["text"] == "y")
        .unwrap();
    assert_eq!(y["at"], "2026-11-01T01:15:00-05:00");
}

/// Anything shaped like a time, date or length.
/// A responder in Berlin who types `--at 13:28` means Berlin's 13:28:
/// `pm init` writes this machine's zone into pm.yaml and says so. With the
/// zone left at UTC, the same time lands the day before impact started;
/// lint warns that the figures from it are negative and what to check.
#[test]
fn a_new_repository_uses_this_machines_zone_and_milestones_before_impact_warn() {
    // A mitigation typed as a wall-clock time two minutes before now in
    // Berlin (12:30 UTC is 13:30 there).
    let mitigate = |env: &TestEnv| {
        env.pm(&[
            "timeline",
            "add",
            "Rolled back",
            "--kind",
            "mitigated",
            "--at",
            "13:28",
        ])
        .ok()
    };
    let mut env = TestEnv::empty();
    env.pm_with(&["init"], &[("TZ", "Europe/Berlin")])
        .ok()
        .stdout_has("Times are typed and shown in Europe/Berlin");
    assert!(env.read("pm.yaml").contains("\ntimezone: Europe/Berlin\n"));
    env.set_now("2026-11-27T12:30:00Z");
    let id = env.new_pm("Checkout down", "2026-11-27T12:20:00Z");
    mitigate(&env).stdout_has("2026-11-27 13:28:00");
    let run = env.pm(&["lint", &id]);
    assert!(!run.stdout.contains("milestone-order"), "{}", run.stdout);
    // The same in a repository kept at UTC: 13:28 is still to come, so it
    // is taken for yesterday's, before impact started.
    // pm init says which zone it wrote, UTC too.
    let fresh = TestEnv::empty();
    fresh
        .pm_with(&["init"], &[("TZ", "UTC")])
        .ok()
        .stdout_has("Times are typed and shown in UTC (`timezone` in pm.yaml");
    assert!(fresh.read("pm.yaml").contains("\ntimezone: UTC\n"));
    let mut utc = TestEnv::new();
    utc.set_now("2026-11-27T12:30:00Z");
    let other = utc.new_pm("Checkout down", "2026-11-27T12:20:00Z");
    mitigate(&utc);
    let run = utc.pm(&["lint", &other]);
    assert!(
        run.stdout.contains("milestone-order")
            && run
                .stdout
                .contains("`mitigated` at 2026-11-26T13:28:00+00:00 is before impact started")
            && run.stdout.contains("timezone"),
        "{}",
        run.stdout
    );
}

fn time_text() -> impl Strategy<Value = String> {
    let unit = prop::sample::select(vec![
        "", "s", "m", "M", "h", "d", "w", "mo", "y", "min", "x", "ms", "weeks",
    ]);
    let digits = "[0-9]{1,25}";
    prop_oneof![
        (prop::sample::select(vec!["", "+", "-"]), digits, unit)
            .prop_map(|(s, d, u)| format!("{s}{d}{u}")),
        (0u32..10_000, 0u32..15, 0u32..35, 0u32..30, 0u32..70)
            .prop_map(|(y, mo, d, h, mi)| format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}")),
        (0u32..30, 0u32..70).prop_map(|(h, m)| format!("{h:02}:{m:02}")),
        (0u32..10_000, 0u32..15, 0u32..35)
            .prop_map(|(y, mo, d)| format!("{y:04}-{mo:02}-{d:02}T00:00:00+14:00")),
        "\\PC{0,12}",
    ]
}

/// Through the binary: every flag that takes a time, date or length
/// settles with exit 0 or a clean exit 2, whatever is typed.
#[test]
fn every_time_flag_settles_without_a_panic() {
    let env = TestEnv::new();
    let id = env.new_pm("Checkout", "2026-11-27T08:00:00Z");
    let config = ProptestConfig {
        cases: 48,
        failure_persistence: None,
        ..ProptestConfig::default()
    };
    let mut runner = proptest::test_runner::TestRunner::new(config);
    runner
        .run(&(time_text(), 0usize..6), |(text, flag)| {
            let id = id.as_str();
            let mut args: Vec<String> = match flag {
                0 => ["timeline", "add", "x", "--pm", id, "--no-commit", "--force"]
                    .map(String::from)
                    .to_vec(),
                1 => ["new", "x", "-s", "SEV2", "--no-commit", "--no-edit"]
                    .map(String::from)
                    .to_vec(),
                2 => [
                    "action",
                    "add",
                    "x",
                    "--owner",
                    "o",
                    "--pm",
                    id,
                    "--no-commit",
                ]
                .map(String::from)
                .to_vec(),
                3 => vec!["due".to_string()],
                4 => ["review", id, "--no-commit"].map(String::from).to_vec(),
                _ => vec!["list".to_string()],
            };
            let flag = [
                "--at",
                "--started",
                "--due",
                "--within",
                "--again",
                "--since",
            ][flag];
            args.push(format!("{flag}={text}"));
            let args: Vec<&str> = args.iter().map(String::as_str).collect();
            settled(env.pm(&args));
            Ok(())
        })
        .unwrap();
}

// LIBRARY-ONLY: below, tests of the library's API.

proptest! {
    #![proptest_config(ProptestConfig { cases: 3000, failure_persistence: None, ..ProptestConfig::default() })]

    /// The library, much faster: every parse and sum, any input, any zone,
    /// any clock: a value within the years 1 to 9999 or an error.
    #[test]
    fn time_arithmetic_never_panics(
        text in time_text(),
        now in -62_000_000_000i64..253_000_000_000,
        zone in prop::sample::select(vec![
            "UTC", "America/New_York", "Europe/Berlin", "Pacific/Apia",
            "Australia/Lord_Howe", "Asia/Kathmandu", "+14:00", "-12:00",
        ]),
        count in any::<i64>(),
        days in any::<i64>(),
        seconds in any::<i64>(),
    ) {
        use chrono::Datelike;
        use pm::clock::{self, Span, Unit, Zone};
        let zone = Zone::parse(zone).unwrap();
        let Some(now) = chrono::DateTime::from_timestamp(now, 0) else { return Ok(()); };
        let now = now.fixed_offset();
        let today = zone.to_local(now).date_naive();
        let ok_year = |y: i32| (clock::MIN_YEAR..=clock::MAX_YEAR).contains(&y);
        if let Ok(m) = clock::parse_moment(&text, now, &zone) {
            prop_assert!(ok_year(m.at.year()));
        }
        if let Ok(d) = clock::parse_date(&text, today) {
            prop_assert!(ok_year(d.year()) || d == today);
        }
        if let Ok(d) = clock::parse_window(&text, today) {
            prop_assert!(d >= today);
        }
        for unit in [Unit::Second, Unit::Minute, Unit::Hour, Unit::Day, Unit::Week, Unit::Month, Unit::Year] {
            let span = Span { count, unit };
            if let Ok(at) = clock::shift_moment(now, span, &zone) {
                prop_assert!(ok_year(at.year()));
            }
            let _ = clock::shift_date(today, span);
        }
        let _ = clock::add_days(today, days);
        let _ = clock::add_minutes(now, days);
        let _ = clock::days_after(today, days, "setting");
        let _ = clock::human_duration(seconds);
        let _ = clock::t_offset(seconds);
    }
}

/// An entry named by a time with its offset is the entry at that instant:
/// in the hour the clocks went back, 01:30-04:00 and 01:30-05:00 are two
/// entries, and `rm` of an instant no entry has removes nothing.
#[test]
fn an_entry_named_with_its_offset_is_the_entry_at_that_instant() {
    let mut env = TestEnv::new();
    in_new_york(&env);
    env.set_now("2026-11-01T08:00:00Z");
    env.new_pm("Fall back", "2026-11-01T00:00:00-04:00");
    for (text, at) in [
        ("first reading", "2026-11-01T01:30:00-04:00"),
        ("second reading", "2026-11-01T01:30:00-05:00"),
    ] {
        env.pm(&["timeline", "add", text, "--at", at]).ok();
    }
    env.pm(&[
        "timeline",
        "edit",
        "2026-11-01T05:30:00Z",
        "--text",
        "first, edited",
    ])
    .ok();
    env.pm(&["timeline", "rm", "2026-11-01T05:30:00Z"]).ok();
    let before = env.snapshot();
    env.pm(&["timeline", "rm", "2026-11-01T05:30:00Z"])
        .error(&["has no timeline entry at 2026-11-01T05:30:00Z"]);
    assert_eq!(env.snapshot(), before);
    let json = env.pm(&["timeline", "list", "--json"]).ok().json();
    let texts: Vec<&str> = json["entries"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["text"].as_str())
        .collect();
    assert_eq!(texts, ["Impact started", "second reading"]);
}

/// `PM_NOW` is checked as a typed `--at` is: `12:00:60Z` did not happen (a
/// leap second only comes at 23:59:60 UTC), so pm refuses it (exit 2,
/// naming PM_NOW) rather than write a time its own lint rejects.
#[test]
fn pm_now_with_an_impossible_leap_second_is_refused() {
    let env = TestEnv::new();
    let id = env.new_pm("Checkout latency spike", "2026-11-26T09:12:00Z");
    let before = env.snapshot();
    env.pm_with(
        &["timeline", "add", "now", "--pm", &id, "--force"],
        &[("PM_NOW", "2026-11-30T12:00:60Z")],
    )
    .error(&[
        "PM_NOW=`2026-11-30T12:00:60Z` did not happen",
        "23:59:60 UTC",
    ]);
    assert_eq!(env.snapshot(), before);
    // The one leap second that happens is a time like any other.
    env.pm_with(
        &["timeline", "add", "leap", "--pm", &id, "--force"],
        &[("PM_NOW", "2016-12-31T23:59:60Z")],
    )
    .ok();
}

/// `pm init` takes the zone from `TZ` in the forms the C library takes: a
/// zone file's path gives its IANA name; a `TZ` pm cannot read as a zone
/// (a POSIX rule) is named in a note, and UTC is written, never silently.
#[test]
fn init_reads_a_zoneinfo_path_in_tz_and_names_a_tz_it_cannot_use() {
    let env = TestEnv::empty();
    env.pm_with(&["init"], &[("TZ", "/usr/share/zoneinfo/Asia/Tokyo")])
        .ok()
        .stdout_has("Times are typed and shown in Asia/Tokyo");
    assert!(env.read("pm.yaml").contains("\ntimezone: Asia/Tokyo\n"));

    let posix = TestEnv::empty();
    let run = posix
        .pm_with(&["init"], &[("TZ", "CET-1CEST,M3.5.0,M10.5.0/3")])
        .ok()
        .stdout_has("Times are typed and shown in UTC");
    assert!(
        run.stderr
            .contains("TZ=CET-1CEST,M3.5.0,M10.5.0/3 is not a time zone pm understands"),
        "{}",
        run.stderr
    );
    assert!(posix.read("pm.yaml").contains("\ntimezone: UTC\n"));
    // A plain UTC machine is not warned about.
    let utc = TestEnv::empty();
    let run = utc.pm_with(&["init"], &[("TZ", "UTC")]).ok();
    assert!(!run.stderr.contains("not a time zone"), "{}", run.stderr);
}

/// A length or time that starts with `-` reaches pm's own check, which
/// names the flag, instead of clap's "unexpected argument '-1'".
#[test]
fn lengths_starting_with_a_minus_get_pms_message() {
    let env = TestEnv::new();
    let id = env.new_pm("Minus lengths", "2026-11-26T09:00:00Z");
    let before = env.snapshot();
    env.pm(&["due", "--within", "-1d"])
        .error(&["--within `-1d` is negative"]);
    env.pm(&["review", &id, "--again", "-5d"])
        .error(&["--again `-5d` is negative"]);
    assert_eq!(env.snapshot(), before);
    // In an import, --since is typed as for --at, where -2h is a time.
    let log = env.home().join("l.jsonl");
    std::fs::write(
        &log,
        "{\"timestamp\":\"2026-11-26T09:15:00Z\",\"level\":\"ERROR\",\"message\":\"x\"}\n",
    )
    .unwrap();
    let run = env
        .import_from(
            &id,
            &[log.to_str().unwrap()],
            &["--level", "error", "--since", "-2h", "--dry-run"],
        )
        .ok();
    // 09:15 on the 26th is long before two hours ago (PM_NOW is the 27th).
    assert!(
        run.stdout.contains("No log lines matched"),
        "{}",
        run.stdout
    );
    env.import_from(
        &id,
        &[log.to_str().unwrap()],
        &["--level", "error", "--until", "-x"],
    )
    .error(&["--until"]);
}

/// `pm timeline list` (and `pm show`, and what `pm timeline add` says)
/// shows a time as render and the site do: in the hour the clocks went
/// back, with its offset, so 01:30 EDT and 01:30 EST are told apart;
/// other times stay without one.
#[test]
fn timeline_list_tells_the_repeated_hour_apart() {
    let mut env = TestEnv::new();
    in_new_york(&env);
    env.set_now("2026-11-01T12:00:00Z");
    env.new_pm("Fall back", "2026-11-01T04:00:00Z");
    env.pm(&[
        "timeline",
        "add",
        "first reading",
        "--at",
        "2026-11-01T05:30:00Z",
    ])
    .ok()
    .stdout_has(": 2026-11-01 01:30:00 -04:00 note first reading");
    env.pm(&[
        "timeline",
        "add",
        "second reading",
        "--at",
        "2026-11-01T06:30:00Z",
    ])
    .ok()
    .stdout_has(": 2026-11-01 01:30:00 -05:00 note second reading");
    env.pm(&["timeline", "add", "after", "--at", "2026-11-01T08:00:00Z"])
        .ok()
        .stdout_has(": 2026-11-01 03:00:00 note after");
    let list = env.pm(&["timeline", "list"]).ok().stdout;
    let times: Vec<String> = list
        .lines()
        // The rows: ` 1   01:30:00 -04:00   T+0:30 ...`.
        .filter(|l| l.starts_with(' ') && l.trim_start().starts_with(|c: char| c.is_ascii_digit()))
        .map(|l| {
            l.split("   ")
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .nth(1)
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_eq!(
        times,
        ["00:00:00", "01:30:00 -04:00", "01:30:00 -05:00", "03:00:00"],
        "{list}"
    );
    let shown = env.pm(&["show", "fall-back"]).ok().stdout;
    assert!(
        shown.contains("01:30:00 -04:00") && shown.contains("01:30:00 -05:00"),
        "{shown}"
    );
}

/// patt31 #4: west of UTC, `PM_NOW` in the first hours of the year 1 is
/// still the year 0 in the repository's zone: `pm new` without
/// `--started` would date the post-mortem 0000-12-31, which every reader
/// refuses. Refused, naming the clock; nothing is written.
#[test]
fn pm_new_refuses_a_clock_that_makes_today_the_year_0() {
    let mut env = TestEnv::new();
    let config = env
        .read("pm.yaml")
        .replace("timezone: UTC", "timezone: America/New_York");
    env.write("pm.yaml", &config);
    env.git(&["commit", "-qam", "zone"]);
    env.set_now("0001-01-01T00:00:00Z");
    let before = env.snapshot();
    let commits = env.commits();
    env.pm(&["new", "Edge", "-s", "sev2", "--no-edit"]).error(&[
        "PM_NOW=`0001-01-01T00:00:00Z`",
        "0000-12-31",
        "America/New_York",
        "outside the years pm handles (1 to 9999)",
    ]);
    assert_eq!(env.snapshot(), before);
    assert_eq!(env.commits(), commits);
    // A start in the years pm handles is taken as usual.
    env.set_now("0001-01-02T12:00:00Z");
    env.pm(&["new", "Edge", "-s", "sev2", "--no-edit"]).ok();
}

/// `PM_NOW` fixes the clock for commits too: the commit `pm new` makes is
/// dated then, through libgit2 and through the git binary (which pm uses
/// when the repository has commit hooks); a date given to git outright
/// (`GIT_AUTHOR_DATE`) wins.
#[test]
fn pm_now_dates_the_commits_pm_makes() {
    let env = TestEnv::new();
    let new = |title: &str, envs: &[(&str, &str)]| {
        env.pm_with(&["new", title, "--severity", "SEV3", "--no-edit"], envs)
            .ok();
        env.git(&["log", "-1", "--format=%aI %cI"])
    };
    assert_eq!(
        new("Queue backlog", &[("PM_NOW", "2026-10-01T10:00:00+02:00")]).trim(),
        "2026-10-01T10:00:00+02:00 2026-10-01T10:00:00+02:00"
    );
    let hook = env.dir.path().join(".git/hooks/pre-commit");
    std::fs::create_dir_all(hook.parent().unwrap()).unwrap();
    std::fs::write(&hook, "#!/bin/sh\nexit 0\n").unwrap();
    std::fs::set_permissions(&hook, std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    assert_eq!(
        new("Cache stampede", &[("PM_NOW", "2026-10-02T08:30:00Z")]).trim(),
        "2026-10-02T08:30:00Z 2026-10-02T08:30:00Z"
    );
    let given = new(
        "Disk full",
        &[
            ("PM_NOW", "2026-10-03T08:30:00Z"),
            ("GIT_AUTHOR_DATE", "2026-10-03T09:45:00Z"),
        ],
    );
    assert_eq!(given.trim(), "2026-10-03T09:45:00Z 2026-10-03T08:30:00Z");
}
