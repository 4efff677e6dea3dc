//! Which records `pm timeline import` takes: times pm can write, the last
//! record of a log cut off mid-write, one record read through two inputs.

use std::path::PathBuf;

use crate::support::TestEnv;

const T1: &str = "5b8efff798038103d269b633813fc60c";

fn setup() -> (TestEnv, String) {
    let env = TestEnv::new();
    let id = env.new_pm("Checkout outage", "2026-11-26T09:00:00Z");
    (env, id)
}

fn log(env: &TestEnv, name: &str, text: &str) -> PathBuf {
    let path = env.home().join("logs").join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, text).unwrap();
    path
}

/// The timeline after the first entry (the impact start made by `pm new`).
fn imported(env: &TestEnv, id: &str) -> Vec<(String, String)> {
    super::logs::imported(env, id)
        .into_iter()
        .map(|(at, text, _)| (at, text))
        .collect()
}

/// A record whose time falls outside the years 1 to 9999 once written
/// (in UTC, or in the repository's zone) is skipped with a warning naming
/// the file and line, even with --force: lint would reject the entry.
#[test]
fn import_skips_times_pm_cannot_write_even_with_force() {
    let (env, id) = setup();
    let file = log(
        &env,
        "edge.jsonl",
        &[
            format!(r#"{{"timestamp":"9999-12-31T23:59:59-23:59","level":"error","message":"far future","trace_id":"{T1}"}}"#),
            format!(r#"{{"timestamp":"0001-01-01T00:00:00+00:01","level":"error","message":"year zero","trace_id":"{T1}"}}"#),
            format!(r#"{{"timestamp":"2026-11-26T09:20:00Z","level":"error","message":"real one","trace_id":"{T1}"}}"#),
        ]
        .join("\n"),
    );
    let from = file.to_str().unwrap();
    env.pm(&[
        "timeline",
        "import",
        "--from",
        from,
        "--trace-id",
        T1,
        "--force",
    ])
    .ok()
    .stderr_has("edge.jsonl: 2 matching records have a time outside the years 1 to 9999")
    .stderr_has("(first: line 1)");
    assert_eq!(
        imported(&env, &id),
        vec![("2026-11-26T09:20:00Z".to_string(), "real one".to_string())]
    );
    env.pm(&["lint"]).ok();
}

/// A log cut off mid-write (the container killed) ends with a CRI `P`
/// part or a Docker part without its line break: that record is imported
/// with the text written. A record in several parts takes the time of its
/// first part, when it began.
#[test]
fn import_keeps_the_last_record_of_a_log_cut_off_mid_write() {
    let (env, id) = setup();
    let cri = log(
        &env,
        "cri.log",
        &format!(
            "2026-11-26T09:20:00.000Z stderr P ERROR started trace_id={T1} \n\
             2026-11-26T09:20:05.000Z stderr F ...finished\n\
             2026-11-26T09:21:00.000Z stderr P ERROR pod killed mid-write trace_id={T1}\n"
        ),
    );
    let docker = log(
        &env,
        "docker.log",
        &format!(
            "{{\"log\":\"ERROR docker killed mid-write trace_id={T1}\",\"stream\":\"stderr\",\"time\":\"2026-11-26T09:22:00Z\"}}"
        ),
    );
    env.pm(&[
        "timeline",
        "import",
        "--from",
        cri.to_str().unwrap(),
        docker.to_str().unwrap(),
        "--trace-id",
        T1,
    ])
    .ok();
    let texts: Vec<(String, String)> = imported(&env, &id);
    assert_eq!(
        texts,
        vec![
            (
                "2026-11-26T09:20:00Z".to_string(),
                format!("ERROR started trace_id={T1} ...finished")
            ),
            (
                "2026-11-26T09:21:00Z".to_string(),
                format!("ERROR pod killed mid-write trace_id={T1}")
            ),
            (
                "2026-11-26T09:22:00Z".to_string(),
                format!("ERROR docker killed mid-write trace_id={T1}")
            ),
        ]
    );
}

fn gzip(text: &str) -> Vec<u8> {
    use std::io::Write;
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(text.as_bytes()).unwrap();
    enc.finish().unwrap()
}

/// One record read through two inputs is one record: the same path twice,
/// a folder and a file in it, a log and its .gz copy. The dry run says
/// which input was the same log as another.
#[test]
fn import_counts_a_record_read_through_two_inputs_once() {
    let (env, id) = setup();
    let text = r#"{"date":"2026-11-26T09:14:00.000Z","status":"error","service":"payments","message":"charge failed"}"#;
    let file = log(&env, "dd.json", &format!("{text}\n"));
    std::fs::write(
        env.home().join("logs/dd.json.gz"),
        gzip(&format!("{text}\n")),
    )
    .unwrap();
    let folder = env.home().join("logs");
    let (file, folder) = (file.to_str().unwrap(), folder.to_str().unwrap());
    let last_line = |args: &[&str]| {
        let mut all = vec![
            "timeline",
            "import",
            "--level",
            "error",
            "--dry-run",
            "--from",
        ];
        all.extend(args);
        let run = env.pm(&all).ok();
        (run.stdout.lines().last().unwrap().to_string(), run.stdout)
    };
    for args in [vec![file, file], vec![folder, file], vec![folder]] {
        let (last, all) = last_line(&args);
        assert_eq!(
            last, "  2026-11-26T09:14:00Z payments: charge failed",
            "{args:?}\n{all}"
        );
    }
    let (_, all) = last_line(&[folder]);
    assert!(all.contains("dd.json.gz: gzip, the same log as "), "{all}");

    env.pm(&[
        "timeline", "import", "--level", "error", "--from", folder, file,
    ])
    .ok()
    .stderr_has("the same log as");
    assert_eq!(
        imported(&env, &id),
        vec![(
            "2026-11-26T09:14:00Z".to_string(),
            "payments: charge failed".to_string()
        )]
    );

    // Two different logs (two pods) that hold the same line are two records.
    let (env, id) = setup();
    let a = log(&env, "a/app.log", &format!("{text}\n"));
    let b = log(&env, "b/app.log", &format!("{text}\n{text}\n"));
    let (a, b) = (a.to_str().unwrap(), b.to_str().unwrap());
    env.pm(&["timeline", "import", "--level", "error", "--from", a, b])
        .ok();
    assert_eq!(
        imported(&env, &id),
        vec![(
            "2026-11-26T09:14:00Z".to_string(),
            "payments: charge failed ×3 between 09:14:00 and 09:14:00".to_string()
        )]
    );
}

/// An empty field flag is refused as an empty `--trace-id` is, instead of
/// skipping every record for want of a field named ``.
#[test]
fn import_refuses_empty_field_flags() {
    let (env, _) = setup();
    let file = log(
        &env,
        "app.jsonl",
        r#"{"timestamp":"2026-11-26T09:20:00Z","level":"error","message":"x"}"#,
    );
    for flag in [
        "--time-field",
        "--message-field",
        "--level-field",
        "--trace-field",
    ] {
        env.pm(&[
            "timeline",
            "import",
            "--from",
            file.to_str().unwrap(),
            "--level",
            "error",
            flag,
            "",
        ])
        .error(&[flag, "is empty"]);
    }
}

/// The dry run's report names inputs on one line each, whatever their
/// names hold.
#[test]
fn dry_run_report_keeps_file_names_on_one_line() {
    let (env, _) = setup();
    let file = log(
        &env,
        "two\nlines.log",
        r#"{"timestamp":"2026-11-26T09:20:00Z","level":"error","message":"x"}"#,
    );
    let run = env
        .pm(&[
            "timeline",
            "import",
            "--from",
            file.to_str().unwrap(),
            "--level",
            "error",
            "--dry-run",
        ])
        .ok();
    let read: Vec<&str> = run
        .stdout
        .lines()
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .collect();
    assert_eq!(read.len(), 1, "{}", run.stdout);
    assert!(
        read[0].contains("two lines.log: JSON lines, 1 line"),
        "{}",
        run.stdout
    );
}

fn snapshot(env: &TestEnv, id: &str) -> (String, usize) {
    (env.read(&env.file_of(id)), env.commits())
}

/// A record too far before the incident (or in the future) refuses the
/// import, and the error says where the record is: the input and its line
/// (of the text, for a compressed log; of the first record, for a burst),
/// besides its time and what to do about it. The dry run says the same.
#[test]
fn a_refused_record_is_named_by_its_input_and_line() {
    let (env, id) = setup();
    let record = |at: &str, message: &str| {
        format!(r#"{{"timestamp":"{at}","level":"error","message":"{message}"}}"#)
    };
    let good = log(
        &env,
        "app.jsonl",
        &format!("{}\n", record("2026-11-26T09:14:00Z", "charge failed")),
    );
    // Line 3 of the text: after a record in the incident and a blank line.
    let old = env.home().join("logs/old.jsonl.gz");
    std::fs::write(
        &old,
        gzip(&format!(
            "{}\n\n{}\n{}\n",
            record("2026-11-26T09:20:00Z", "pool exhausted"),
            record("2026-11-20T09:45:00Z", "old disk warning"),
            record("2026-11-20T09:45:30Z", "old disk warning"),
        )),
    )
    .unwrap();
    let before = snapshot(&env, &id);
    let (good, old) = (good.to_str().unwrap(), old.to_str().unwrap());
    for flags in [&["--dry-run"][..], &[], &["--no-group"]] {
        env.import_from(&id, &[good, old], &[&["--level", "error"], flags].concat())
            .error(&[
            "old.jsonl.gz, line 3: the record at 2026-11-20 09:45:00 +00:00 is more than 1d before the incident started (2026-11-26 09:00:00 +00:00)",
            "keep the incident's records with --since/--until, or use --force",
            "timeline_margin_minutes",
        ]);
    }
    assert_eq!(snapshot(&env, &id), before);

    // A record in the future: named the same way.
    let future = log(
        &env,
        "future.jsonl",
        &format!(
            "{}\n{}\n",
            record("2026-11-26T09:14:00Z", "charge failed"),
            record("2026-12-24T18:00:00Z", "far ahead")
        ),
    );
    env.import_from(&id, &[future.to_str().unwrap()], &["--level", "error"])
        .error(&[
            "future.jsonl, line 2: the record at 2026-12-24 18:00:00 +00:00 is in the future",
            "--force",
        ]);
    assert_eq!(snapshot(&env, &id), before);

    // Told to, the import takes them.
    env.import_from(&id, &[good, old], &["--level", "error", "--force"])
        .ok()
        .stdout_has("Added 3 entries");
}

/// A zstd frame made to declare `window` bytes, as `zstd --long=N` writes
/// a stream: ruzstd's frame (with compressed blocks), its window
/// descriptor rewritten. Its blocks reach back no further than ruzstd's
/// window, so the frame is valid with any larger one.
fn zstd_with_window(text: &str, window_log: u8) -> Vec<u8> {
    let mut frame = ruzstd::encoding::compress_to_vec(
        text.as_bytes(),
        ruzstd::encoding::CompressionLevel::Fastest,
    );
    // Magic number, then the frame header descriptor: no single-segment
    // flag and no dictionary, so the window descriptor comes next.
    assert_eq!(frame[..4], [0x28, 0xb5, 0x2f, 0xfd]);
    assert_eq!(frame[4] & 0b0010_0011, 0, "{:#010b}", frame[4]);
    frame[5] = (window_log - 10) << 3;
    frame
}

/// A log compressed with `zstd --long=31` (a 2 GiB window, past the
/// 128 MiB a decoder takes by default) is read; `zstd -lv` reports such a
/// frame as `Window Size: 2.00 GiB`. A window larger than zstd itself
/// allows is refused, saying what to do, with nothing changed.
#[test]
fn a_zstd_log_with_a_long_window_is_read() {
    let (env, id) = setup();
    let text = concat!(
        r#"{"timestamp":"2026-11-26T09:14:00Z","level":"error","message":"charge failed"}"#,
        "\n",
        r#"{"timestamp":"2026-11-26T09:20:00Z","level":"error","message":"pool exhausted"}"#,
        "\n"
    );
    let dir = env.home().join("logs");
    std::fs::create_dir_all(&dir).unwrap();
    let long = dir.join("app.jsonl.zst");
    std::fs::write(&long, zstd_with_window(text, 31)).unwrap();
    let long = long.to_str().unwrap();
    env.import_from(&id, &[long], &["--level", "error", "--dry-run"])
        .ok()
        .stdout_has("app.jsonl.zst: zstd, JSON lines, 2 lines")
        .stdout_has("Would add 2 entries");
    env.import_from(&id, &[long], &["--level", "error"])
        .ok()
        .stdout_has("Added 2 entries");
    assert_eq!(
        imported(&env, &id),
        vec![
            (
                "2026-11-26T09:14:00Z".to_string(),
                "charge failed".to_string()
            ),
            (
                "2026-11-26T09:20:00Z".to_string(),
                "pool exhausted".to_string()
            ),
        ]
    );

    // Where the zstd tool is installed, what it writes itself (a stream
    // compressed with --long=31 declares the whole 2 GiB window).
    if let Ok(mut child) = std::process::Command::new("zstd")
        .args(["-q", "--long=31", "-c"])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
    {
        use std::io::Write;
        child
            .stdin
            .take()
            .unwrap()
            .write_all(text.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(out.status.success());
        let theirs = dir.join("theirs.jsonl.zst");
        std::fs::write(&theirs, out.stdout).unwrap();
        env.import_from(&id, &[theirs.to_str().unwrap()], &["--level", "error"])
            .ok()
            .stdout_has("already in");
    }

    // A 4 GiB window: more than zstd itself decodes. Refused, not "damaged".
    let huge = dir.join("huge.jsonl.zst");
    std::fs::write(&huge, zstd_with_window(text, 32)).unwrap();
    let before = snapshot(&env, &id);
    let run = env
        .import_from(&id, &[huge.to_str().unwrap()], &["--level", "error"])
        .error(&[
            "huge.jsonl.zst (zstd): cannot read: the zstd data needs a 4 GiB window to decompress, more than the 2 GiB",
            "decompress it with the tool that wrote it",
            "nothing was imported",
        ]);
    assert!(!run.stderr.contains("damaged"), "{}", run.stderr);
    assert_eq!(snapshot(&env, &id), before);
}

/// A leap second is 23:59:60 UTC (in any offset that names that
/// instant). `:60` at another minute cannot happen: such a record is
/// skipped with a warning of its own, which says why and what to do (the
/// log's clock was off: naming another time field would not help), and
/// `--at` refuses it. A record with no time at all still gets the
/// `--time-field` hint.
#[test]
fn a_leap_second_counts_only_at_the_end_of_a_utc_day() {
    let (env, id) = setup();
    let file = log(
        &env,
        "leap.jsonl",
        &[
            r#"{"timestamp":"2026-11-26T09:12:60Z","level":"error","message":"not a leap second"}"#,
            r#"{"timestamp":"2026-11-26 12:34:60.5+00:00","level":"error","message":"nor this"}"#,
            r#"{"timestamp":"2026-11-26T23:59:60Z","level":"error","message":"leap second"}"#,
            r#"{"timestamp":"2026-11-26T09:13:00Z","level":"error","message":"ordinary"}"#,
            r#"{"level":"error","message":"no time at all"}"#,
        ]
        .join("\n"),
    );
    let cri = log(
        &env,
        "cri.log",
        "2026-11-26T10:59:60.000Z stderr F ERROR not a leap second either\n2026-11-26T11:00:00.000Z stderr F ERROR queue full\n",
    );
    let run = env.import_from(
        &id,
        &[file.to_str().unwrap(), cri.to_str().unwrap()],
        &["--level", "error"],
    );
    let run = run
    .ok()
    .stdout_has("Added 3 entries")
    .stderr_has("leap.jsonl: 2 matching records have a time that did not happen and were skipped (first: line 1): a leap second (:60) only comes at 23:59:60 UTC, so the clock that wrote the log was off; add what matters with `pm timeline add TEXT --at TIME`, at the time it happened")
    .stderr_has("leap.jsonl: 1 matching record has no usable timestamp and was skipped (first: line 5); name the field with --time-field")
    .stderr_has("cri.log: 1 of 2 lines is not JSON or a known log envelope and was skipped (first: line 1, a CRI line whose time did not happen: a leap second (:60) only comes at 23:59:60 UTC)");
    assert_eq!(
        run.stderr.matches("--time-field").count(),
        1,
        "{}",
        run.stderr
    );
    assert_eq!(
        imported(&env, &id),
        vec![
            ("2026-11-26T09:13:00Z".to_string(), "ordinary".to_string()),
            (
                "2026-11-26T11:00:00Z".to_string(),
                "ERROR queue full".to_string()
            ),
            (
                "2026-11-26T23:59:60Z".to_string(),
                "leap second".to_string()
            ),
        ]
    );
    // Typed: refused where it cannot happen, taken where it can.
    env.pm(&["timeline", "add", "paged", "--at", "2026-11-26 12:34:60"])
        .error(&["--at `2026-11-26 12:34:60` did not happen", "23:59:60 UTC"]);
    env.pm(&["timeline", "add", "paged", "--at", "2026-11-26T23:59:60Z"])
        .ok();
}

/// Importing a log grouped and again with --no-group, or the other way
/// round, adds nothing the second time: a record is in the timeline when
/// an entry has its text at its time, or is a burst of it that spans its
/// time. Records past what was imported are still added.
#[test]
fn grouped_or_not_a_record_is_imported_once() {
    let line = |s: &str, msg: &str| {
        format!(
            "{{\"ts\":\"2026-11-26T09:{s}Z\",\"level\":\"error\",\"msg\":\"{msg}\",\"service\":\"orders\"}}\n"
        )
    };
    let text: String = ["10:00", "10:10", "10:20.5", "10:30"]
        .iter()
        .map(|s| line(s, "db timeout"))
        .chain([line("10:10", "pool exhausted")])
        .collect();
    let grouped = vec![
        (
            "2026-11-26T09:10:00Z".to_string(),
            "orders: db timeout ×4 between 09:10:00 and 09:10:30".to_string(),
        ),
        (
            "2026-11-26T09:10:10Z".to_string(),
            "orders: pool exhausted".to_string(),
        ),
    ];
    let apart: Vec<(String, String)> = [
        ("09:10:00Z", "db timeout"),
        ("09:10:10Z", "db timeout"),
        ("09:10:10Z", "pool exhausted"),
        ("09:10:20.500Z", "db timeout"),
        ("09:10:30Z", "db timeout"),
    ]
    .iter()
    .map(|(t, m)| (format!("2026-11-26T{t}"), format!("orders: {m}")))
    .collect();
    // Then the log goes on, and is imported the other way: only the new
    // record is added; grouped, it joins the entry it follows closely.
    let mut grown_apart = grouped.clone();
    grown_apart.push((
        "2026-11-26T09:11:00Z".to_string(),
        "orders: db timeout".to_string(),
    ));
    let mut grown_grouped = apart.clone();
    grown_grouped[4].1 = "orders: db timeout ×2 between 09:10:30 and 09:11:00".to_string();
    for (first, then, expected, grown) in [
        (&[][..], &["--no-group"][..], &grouped, &grown_apart),
        (&["--no-group"][..], &[][..], &apart, &grown_grouped),
    ] {
        let (env, id) = setup();
        let file = log(&env, "app.jsonl", &text);
        let from = file.to_str().unwrap();
        let import = |flags: &[&str]| {
            env.import_from(&id, &[from], &[&["--level", "error"], flags].concat())
                .ok()
        };
        import(first);
        assert_eq!(&imported(&env, &id), expected, "{first:?}");
        let before = snapshot(&env, &id);
        for flags in [then, first] {
            import(&[flags, &["--dry-run"]].concat()).stdout_has("nothing would be added");
            import(flags).stdout_has("already in");
        }
        assert_eq!(snapshot(&env, &id), before, "{first:?} then {then:?}");

        std::fs::write(&file, format!("{text}{}", line("11:00", "db timeout"))).unwrap();
        import(then);
        assert_eq!(&imported(&env, &id), grown, "{first:?} then {then:?}");
        assert_eq!(env.commits(), before.1 + 1);
    }
}

/// One Docker json-file line: a part of the application's line, with its
/// line break when it is the last part.
fn docker_part(part: &str, at: &str) -> String {
    format!(
        "{}\n",
        serde_json::json!({"log": part, "stream": "stdout", "time": at})
    )
}

/// $ pm timeline import --from docker.log
/// error: docker.log, lines 2-4: the record at 2026-11-20 09:45:00 +00:00 is more than 1d before ...
///
/// The runtime splits a long line into parts (Docker's 16 KiB, CRI's
/// `P` lines), so one record spans several lines of the log. A refused
/// record is named by all of them, from the line where it starts, which
/// is where a person looks for it; a skipped one by the line where it
/// starts, in the warning.
#[test]
fn a_record_split_over_lines_is_named_from_the_line_it_starts_on() {
    let (env, id) = setup();
    // The record every log below opens with, on one line.
    let charge = docker_part(
        &format!(
            "{}\n",
            r#"{"level":"error","timestamp":"2026-11-26T09:14:00Z","message":"charge failed"}"#
        ),
        "2026-11-26T09:14:00Z",
    );
    let old = r#"{"level":"error","timestamp":"2026-11-20T09:45:00Z","message":"old disk warning, retried"}"#;
    let text = [
        charge.clone(),
        docker_part(&old[..30], "2026-11-26T09:20:00Z"),
        docker_part(&old[30..60], "2026-11-26T09:20:00Z"),
        docker_part(&format!("{}\n", &old[60..]), "2026-11-26T09:20:00Z"),
    ]
    .concat();
    let docker = log(&env, "docker.log", &text);
    let before = snapshot(&env, &id);
    env.import_from(&id, &[docker.to_str().unwrap()], &["--level", "error"])
    .error(&[
        "docker.log, lines 2-4: the record at 2026-11-20 09:45:00 +00:00 is more than 1d before the incident started",
    ]);
    assert_eq!(snapshot(&env, &id), before);

    // Skipped for want of a message: the warning names line 2, where the
    // record starts, not line 3, where it ends.
    let nameless =
        r#"{"level":"error","timestamp":"2026-11-26T09:20:00Z","text_of_it":"pool exhausted"}"#;
    let text = [
        charge.clone(),
        docker_part(&nameless[..40], "2026-11-26T09:20:00Z"),
        docker_part(&format!("{}\n", &nameless[40..]), "2026-11-26T09:20:00Z"),
    ]
    .concat();
    let docker = log(&env, "docker.log", &text);
    env.import_from(&id, &[docker.to_str().unwrap()], &["--level", "error"])
    .ok()
    .stderr_has(
        "docker.log: 1 matching record has no usable message and was skipped (first: line 2); name the field with --message-field",
    );
    assert_eq!(
        imported(&env, &id),
        vec![(
            "2026-11-26T09:14:00Z".to_string(),
            "charge failed".to_string()
        )]
    );
}

/// Times written without a UTC offset are wall-clock times: read in the
/// repository's time zone, said in a note that names the input, the first
/// line and the flag, and read in another zone with `--log-timezone`.
#[test]
fn times_without_an_offset_are_read_in_the_repositorys_zone_and_said() {
    let (env, id) = setup();
    let config = env
        .read("pm.yaml")
        .replace("timezone: UTC", "timezone: Europe/Berlin");
    env.write("pm.yaml", &config);
    env.git(&["commit", "-qam", "Berlin"]);
    let file = log(
        &env,
        "app.jsonl",
        &[
            r#"{"timestamp":"2026-11-26T09:10:00Z","level":"error","message":"with its offset"}"#,
            r#"{"timestamp":"2026-11-26 10:14:00,250","level":"error","message":"charge failed"}"#,
            r#"{"time":"2026-11-26T10:20:00","level":"error","message":"pool exhausted"}"#,
        ]
        .join("\n"),
    );
    let from = file.to_str().unwrap();
    let instants = |env: &TestEnv, id: &str| -> Vec<(chrono::DateTime<chrono::Utc>, String)> {
        imported(env, id)
            .into_iter()
            .map(|(at, text)| {
                let at = chrono::DateTime::parse_from_rfc3339(&at).unwrap();
                (at.with_timezone(&chrono::Utc), text)
            })
            .collect()
    };
    let utc = |t: &str| t.parse::<chrono::DateTime<chrono::Utc>>().unwrap();
    let before = env.snapshot();
    env.import_from(&id, &[from], &["--level", "error", "--dry-run"])
        .ok()
        .stderr_has("app.jsonl: 2 matching records have times without a UTC offset (first: line 2)")
        .stderr_has(
            "pm read them in the repository's time zone, Europe/Berlin (pm.yaml `timezone`)",
        )
        .stderr_has("name it with --log-timezone ZONE");
    assert_eq!(env.snapshot(), before);
    env.import_from(&id, &[from], &["--level", "error"])
        .ok()
        .stderr_has("app.jsonl: 2 matching records have times without a UTC offset");
    assert_eq!(
        instants(&env, &id),
        [
            (utc("2026-11-26T09:10:00Z"), "with its offset".to_string()),
            (utc("2026-11-26T09:14:00.250Z"), "charge failed".to_string()),
            (utc("2026-11-26T09:20:00Z"), "pool exhausted".to_string()),
        ]
    );
    env.pm(&["lint", &id]).code(0);

    // The log was written in UTC: --log-timezone says so.
    let (env, id) = setup();
    let file = log(&env, "app.jsonl", &std::fs::read_to_string(&file).unwrap());
    let config = env
        .read("pm.yaml")
        .replace("timezone: UTC", "timezone: Europe/Berlin");
    env.write("pm.yaml", &config);
    env.git(&["commit", "-qam", "Berlin"]);
    env.import_from(
        &id,
        &[file.to_str().unwrap()],
        &["--level", "error", "--log-timezone", "UTC"],
    )
    .ok()
    .stderr_has("pm read them in UTC, as --log-timezone says")
    .stderr_has("(first: line 2)");
    assert_eq!(
        instants(&env, &id)[1..],
        [
            (utc("2026-11-26T10:14:00.250Z"), "charge failed".to_string()),
            (utc("2026-11-26T10:20:00Z"), "pool exhausted".to_string()),
        ]
    );
    // A zone pm does not know is refused, naming the flag.
    let before = env.snapshot();
    env.import_from(
        &id,
        &[file.to_str().unwrap()],
        &["--level", "error", "--log-timezone", "Mars/Olympus"],
    )
    .error(&[
        "--log-timezone: unknown time zone `Mars/Olympus`",
        "nothing was imported",
    ]);
    assert_eq!(env.snapshot(), before);
}

/// A zone west of UTC is written with a minus sign; it is the flag's
/// value, not another flag (the nineteenth attack's D7).
#[test]
fn a_negative_offset_is_a_log_timezone_not_a_flag() {
    let (env, id) = setup();
    let file = log(
        &env,
        "app.jsonl",
        "{\"time\":\"2026-11-26T04:14:00\",\"level\":\"error\",\"msg\":\"charge failed\"}\n",
    );
    env.import_from(
        &id,
        &[file.to_str().unwrap()],
        &["--level", "error", "--log-timezone", "-05:00"],
    )
    .ok()
    .stderr_has("pm read it in -05:00, as --log-timezone says");
    assert_eq!(
        imported(&env, &id),
        [(
            "2026-11-26T09:14:00Z".to_string(),
            "charge failed".to_string()
        )]
    );
}

/// patt27 D1: Fluent Bit's cri parser with its default `Time_Keep Off`
/// keeps no `time`, only its own `date` (epoch seconds): the dry run names
/// the field each record's time came from, for a record in parts too.
#[test]
fn the_dry_run_names_the_fluent_bit_field_that_gave_the_time() {
    let (env, id) = setup();
    let file = log(
        &env,
        "fluent-bit.jsonl",
        &[
            r#"{"date":1795684204.123456,"stream":"stderr","logtag":"F","message":"ERROR part one","kubernetes":{"container_name":"checkout"}}"#,
            r#"{"date":1795684205.5,"time":"2026-11-26T09:10:05.5Z","stream":"stderr","logtag":"F","message":"ERROR queue full","kubernetes":{"container_name":"payments"}}"#,
            r#"{"date":1795684206.25,"stream":"stderr","logtag":"P","message":"ERROR split ","kubernetes":{"container_name":"cart"}}"#,
            r#"{"date":1795684207.0,"stream":"stderr","logtag":"F","message":"in two","kubernetes":{"container_name":"cart"}}"#,
        ]
        .join("\n"),
    );
    let run = env
        .import_from(
            &id,
            &[file.to_str().unwrap()],
            &["--level", "warn", "--dry-run"],
        )
        .ok()
        .stdout_has("time: Fluent Bit `date` ×2, Fluent Bit `time` ×1")
        .stdout_has("09:10:04.123456Z checkout: ERROR part one")
        .stdout_has("09:10:06.250Z cart: ERROR split in two");
    assert!(!run.stdout.contains("`@timestamp`"), "{}", run.stdout);
}

/// A Kubernetes events list as `kubectl get events -o json` prints it,
/// pretty-printed, the second event at line `second`.
fn kubectl_list(events: &[(&str, &str, &str)]) -> (String, Vec<usize>) {
    let mut text = String::from("{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n");
    let mut starts = Vec::new();
    for (i, (uid, message, at)) in events.iter().enumerate() {
        starts.push(text.lines().count() + 1);
        text.push_str(&format!(
            "        {{\n            \"involvedObject\": {{\n                \"kind\": \"Pod\",\n                \"name\": \"checkout-7d9f\"\n            }},\n            \"kind\": \"Event\",\n            \"lastTimestamp\": \"{at}\",\n            \"message\": \"{message}\",\n            \"metadata\": {{\n                \"name\": \"checkout-7d9f.{i}\",\n                \"resourceVersion\": \"4829{i}\",\n                \"uid\": \"{uid}\"\n            }},\n            \"reason\": \"Unhealthy\",\n            \"type\": \"Warning\"\n        }}{}\n",
            if i + 1 < events.len() { "," } else { "" }
        ));
    }
    text.push_str("    ],\n    \"kind\": \"List\",\n    \"metadata\": {\n        \"resourceVersion\": \"\"\n    }\n}\n");
    (text, starts)
}

/// patt27 D19: a record inside a pretty-printed Kubernetes list or
/// Datadog page is named by the line where its item starts, as an item of
/// a plain JSON array is, not by the list's first line.
#[test]
fn a_record_inside_a_pretty_printed_list_is_named_by_its_own_line() {
    let (env, id) = setup();
    let (list, starts) = kubectl_list(&[
        ("u-1", "Readiness probe failed", "2026-11-26T09:10:00Z"),
        ("u-2", "Liveness probe failed", "2026-11-10T09:10:00Z"),
    ]);
    let file = log(&env, "events.json", &list);
    let before = env.snapshot();
    for dry in [true, false] {
        let mut args = vec!["--level", "info"];
        if dry {
            args.push("--dry-run");
        }
        env.import_from(&id, &[file.to_str().unwrap()], &args)
            .error(&[&format!(
                "events.json, line {}: the record at 2026-11-10 09:10:00 +00:00 is more than",
                starts[1]
            )]);
    }
    assert_eq!(env.snapshot(), before);
    assert!(list.lines().nth(starts[1] - 1).unwrap().trim() == "{");

    let page = r#"{
  "data": [
    {
      "attributes": {"message": "charge ok", "service": "payments", "status": "error", "timestamp": "2026-11-26T09:11:00Z"},
      "id": "AAAA1",
      "type": "log"
    },
    {
      "attributes": {
        "message": "charge failed",
        "service": "payments",
        "status": "error",
        "timestamp": "2026-11-10T09:11:00Z"
      },
      "id": "AAAA2",
      "type": "log"
    }
  ],
  "links": {},
  "meta": {"status": "done"}
}
"#;
    let file = log(&env, "dd.json", page);
    env.import_from(&id, &[file.to_str().unwrap()], &["--level", "error"])
        .error(&["dd.json, line 8: the record at 2026-11-10 09:11:00 +00:00"]);
    assert_eq!(env.snapshot(), before);
}

/// patt27 D12: a Datadog page together with its `jq -c '.data[]'` lines,
/// or a Kubernetes list with its `jq -c '.items[]'` lines, holds each
/// record twice: the same log (by its `id`), the same event (by its
/// `uid` and version), is counted once, and a note says so. Two events
/// that differ in version are two occurrences.
#[test]
fn the_same_api_record_read_through_two_inputs_is_counted_once() {
    let (env, id) = setup();
    let page = r#"{"data":[{"attributes":{"attributes":{"dd":{"trace_id":"15161849952847513100"}},"host":"i-0123","message":"charge failed: upstream 502","service":"payments","status":"error","tags":["env:prod"],"timestamp":"2026-11-26T09:11:00.123Z"},"id":"AAAAAYtN8XwAAADkx","type":"log"}],"links":{},"meta":{"elapsed":132,"request_id":"pddv1ChZ","status":"done"}}"#;
    let json = log(&env, "dd.json", &format!("{page}\n"));
    // What `jq -c '.data[]' dd.json` writes.
    let lines = log(
        &env,
        "dd.jsonl",
        r#"{"attributes":{"attributes":{"dd":{"trace_id":"15161849952847513100"}},"host":"i-0123","message":"charge failed: upstream 502","service":"payments","status":"error","tags":["env:prod"],"timestamp":"2026-11-26T09:11:00.123Z"},"id":"AAAAAYtN8XwAAADkx","type":"log"}
"#,
    );
    let from = [json.to_str().unwrap(), lines.to_str().unwrap()];
    let run = env
        .import_from(&id, &from, &["--level", "warn", "--dry-run"])
        .ok()
        .stdout_has("Fields used by the 1 matching record:")
        .stdout_has("time: timestamp ×1")
        .stderr_has("dd.jsonl: 1 matching record was read already (from ")
        .stderr_has("dd.json: the same log by its id); it is counted once");
    assert!(!run.stdout.contains("×2"), "{}", run.stdout);
    env.import_from(&id, &from, &["--level", "warn"]).ok();
    assert_eq!(
        imported(&env, &id),
        [(
            "2026-11-26T09:11:00.123Z".to_string(),
            "payments: charge failed: upstream 502".to_string()
        )]
    );

    // A kubectl list and its lines; the same uid at a later version (the
    // event repeated) is another occurrence, counted.
    let (list, _) = kubectl_list(&[
        ("u-1", "Readiness probe failed", "2026-11-26T09:20:00Z"),
        ("u-2", "Liveness probe failed", "2026-11-26T09:20:10Z"),
    ]);
    let list = log(&env, "events.json", &list);
    let event = |version: &str, at: &str| {
        format!(
            r#"{{"involvedObject":{{"kind":"Pod","name":"checkout-7d9f"}},"kind":"Event","lastTimestamp":"{at}","message":"Readiness probe failed","metadata":{{"name":"checkout-7d9f.0","resourceVersion":"{version}","uid":"u-1"}},"reason":"Unhealthy","type":"Warning"}}"#
        )
    };
    let items = log(
        &env,
        "events.jsonl",
        &[
            event("48290", "2026-11-26T09:20:00Z"),
            event("48300", "2026-11-26T09:20:30Z"),
        ]
        .join("\n"),
    );
    env.import_from(
        &id,
        &[list.to_str().unwrap(), items.to_str().unwrap()],
        &["--level", "warn", "--dry-run"],
    )
    .ok()
    .stdout_has("Fields used by the 3 matching records:")
    .stdout_has(
        "pod/checkout-7d9f: Unhealthy: Readiness probe failed ×2 between 09:20:00 and 09:20:30",
    )
    .stderr_has("events.jsonl: 1 matching record was read already");
}

/// patt27 D16: API results with no records in them, named directly, are
/// refused as `[]` is (exit 2, nothing imported), saying what they hold;
/// a Datadog search that timed out says so. Results that are one page of
/// several, or a search that stopped early, are imported with a warning
/// that records are missing.
#[test]
fn empty_or_partial_api_results_are_said_to_be() {
    let (env, id) = setup();
    let before = env.snapshot();
    let import = |input: &str| {
        env.pm_stdin(
            &["timeline", "import", &id, "--from", "-", "--level", "info"],
            input,
        )
    };
    import(r#"{"data":[],"meta":{"status":"timeout","page":{"after":"eyJhZnRlciI6"}}}"#)
        .error(&[
            "--from standard input holds Datadog Logs API results whose `data` is empty (line 1): there are no log records to import",
        ])
        .stderr_has("stopped before it was done (`meta.status: timeout`)")
        .stderr_has("nothing was imported");
    import(r#"{"apiVersion":"v1","items":[],"kind":"List","metadata":{"resourceVersion":""}}"#)
        .error(&["holds a Kubernetes events list whose `items` is empty (line 1): there are no log records to import"]);
    import("[]\n").error(&["holds an empty JSON array (`[]`): there are no log records to import"]);
    assert_eq!(env.snapshot(), before);
    // Found in a folder, an empty page is no records, as `[]` is.
    let dir = env.home().join("logs").join("dd");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("empty.json"),
        r#"{"data":[],"links":{},"meta":{"status":"done"}}"#,
    )
    .unwrap();
    std::fs::write(
        dir.join("page.json"),
        r#"{"data":[{"id":"x1","type":"log","attributes":{"timestamp":"2026-11-26T09:11:00Z","status":"error","message":"m","service":"s"}}],"links":{"next":"https://api.datadoghq.com/api/v2/logs/events?page[cursor]=abc"},"meta":{"page":{"after":"abc"},"status":"done"}}"#,
    )
    .unwrap();
    let run = env
        .import_from(&id, &[dir.to_str().unwrap()], &["--level", "info"])
        .ok()
        .stderr_has("page.json: the Datadog Logs API results at line 1 are one page of several (`meta.page.after` is set): logs on the other pages were not read");
    assert!(!run.stderr.contains("empty.json"), "{}", run.stderr);
    assert_eq!(
        imported(&env, &id),
        [("2026-11-26T09:11:00Z".to_string(), "s: m".to_string())]
    );
    // A search that timed out with some results: imported, with a warning.
    import(r#"{"data":[{"id":"x2","type":"log","attributes":{"timestamp":"2026-11-26T09:12:00Z","status":"error","message":"n","service":"s"}}],"meta":{"status":"timeout"}}"#)
        .ok()
        .stderr_has("warning: standard input: the Datadog search at line 1 stopped before it was done (`meta.status: timeout`), so its results may miss logs");
    // A Kubernetes list given in chunks says the same of its `continue`.
    import(r#"{"apiVersion":"v1","items":[{"kind":"Event","involvedObject":{"kind":"Pod","name":"p"},"reason":"R","message":"later","lastTimestamp":"2026-11-26T09:13:00Z","type":"Warning","metadata":{}}],"kind":"List","metadata":{"continue":"eyJ2IjoibWV0YS"}}"#)
        .ok()
        .stderr_has("the Kubernetes list at line 1 is one chunk of several (`metadata.continue` is set)");
}

/// fix35: a Loki response that holds no log lines is refused, named
/// directly (exit 2, nothing imported), saying what it holds: the results
/// of a metric query (`resultType` `matrix` or `vector`, whose values are
/// numbers), an error response (its `error` text), results with no
/// stream. Found in a folder, a response of metrics is left out with a
/// warning, as a file that is not a log is.
#[test]
fn loki_responses_without_log_lines_are_refused() {
    let (env, id) = setup();
    let before = env.snapshot();
    let import = |input: &str| {
        env.pm_stdin(
            &["timeline", "import", &id, "--from", "-", "--level", "info"],
            input,
        )
    };
    // `sum by (app) (count_over_time({namespace="shop"} |= "error" [1m]))`
    // over a range, and at one instant.
    let matrix = r#"{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"app":"checkout"},"values":[[1795684200,"3"],[1795684260,"17"]]}],"stats":{"summary":{"totalEntriesReturned":2}}}}"#;
    import(matrix)
        .error(&[
            "--from standard input: line 1 holds query results of metrics (`\"resultType\": \"matrix\"`, from a LogQL metric query such as `rate(...)` or `count_over_time(...)`, or from Prometheus), not log lines",
        ])
        .stderr_has("pm imports log lines: query the lines themselves")
        .stderr_has("nothing was imported");
    let vector = "{\n  \"status\": \"success\",\n  \"data\": {\n    \"resultType\": \"vector\",\n    \"result\": [\n      {\n        \"metric\": {\"app\": \"checkout\"},\n        \"value\": [1795684260.000, \"17\"]\n      }\n    ]\n  }\n}\n";
    import(vector).error(&["line 1 holds query results of metrics (`\"resultType\": \"vector\"`"]);
    // The Prometheus API's error shape, and Loki's own; the error text is
    // shown as one safe line.
    import(r#"{"status":"error","errorType":"bad_data","error":"parse error at line 1, col 7: syntax error: unexpected IDENTIFIER\u001b[2J"}"#)
        .error(&[
            "--from standard input: line 1 holds an error response from the query API, not query results: `parse error at line 1, col 7: syntax error: unexpected IDENTIFIER␛[2J` (bad_data)",
        ])
        .stderr_has("fix what the error names (the query, its time range, its limits), fetch the results again and import those");
    import(r#"{"code":400,"status":"error","message":"max entries limit per query exceeded, limit > max_entries_limit (10000 > 5000)"}"#)
        .error(&["holds an error response from the query API, not query results: `max entries limit per query exceeded, limit > max_entries_limit (10000 > 5000)`"]);
    import(r#"{"status":"success","data":{"resultType":"streams","result":[],"stats":{}}}"#)
        .error(&["--from standard input holds Loki query results whose `data.result` holds no log line (line 1): there are no log records to import"]);
    assert_eq!(env.snapshot(), before);
    // An application's record with a `status` is a record, not a response.
    import(r#"{"status":"error","error":"card declined","level":"error","time":"2026-11-26T09:12:00Z","msg":"charge failed"}"#)
        .ok()
        .stdout_has("Added");
    // In a folder: the response of metrics is left out, the logs read.
    let dir = env.home().join("logs").join("loki");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join("errors-per-minute.json"), matrix).unwrap();
    std::fs::write(
        dir.join("lines.json"),
        r#"{"status":"success","data":{"resultType":"streams","result":[{"stream":{"app":"cart","level":"error"},"values":[["1795684380000000000","cart service unavailable"]]}]}}"#,
    )
    .unwrap();
    env.import_from(&id, &[dir.to_str().unwrap()], &["--level", "info"])
        .ok()
        .stderr_has("errors-per-minute.json: left out: line 1 holds query results of metrics (`\"resultType\": \"matrix\"`");
    assert_eq!(
        imported(&env, &id),
        [
            (
                "2026-11-26T09:12:00Z".to_string(),
                "charge failed".to_string()
            ),
            (
                "2026-11-26T09:13:00Z".to_string(),
                "cart: cart service unavailable".to_string()
            )
        ]
    );
}

/// patt27 D8: a list of records too long to read as one (over 8 MiB) is
/// refused with the command that writes it one record a line, which pm
/// reads however long: `jq -c '.items[]'` for a Kubernetes list, `jq -c
/// '.data[]'` for a Datadog page, pretty-printed or on one line.
#[test]
fn a_list_too_long_to_read_whole_names_the_jq_that_splits_it() {
    let (env, id) = setup();
    let message = "Readiness probe failed: ".to_string() + &"x".repeat(1000);
    let event = format!(
        "        {{\n            \"involvedObject\": {{\"kind\": \"Pod\", \"name\": \"p\"}},\n            \"kind\": \"Event\",\n            \"lastTimestamp\": \"2026-11-26T09:10:00Z\",\n            \"message\": \"{message}\",\n            \"metadata\": {{}},\n            \"reason\": \"Unhealthy\",\n            \"type\": \"Warning\"\n        }}"
    );
    let events = vec![event; 9 * 1024];
    let list = format!(
        "{{\n    \"apiVersion\": \"v1\",\n    \"items\": [\n{}\n    ],\n    \"kind\": \"List\",\n    \"metadata\": {{}}\n}}\n",
        events.join(",\n")
    );
    assert!(list.len() > 8 * 1024 * 1024);
    let file = log(&env, "big events.json", &list);
    let before = env.snapshot();
    let shown = file.to_str().unwrap();
    env.import_from(&id, &[shown], &["--level", "warn", "--dry-run"])
        .error(&["the JSON object at line 1 is longer than 8 MiB, the most pm reads as one record"])
        .stderr_has(&format!(
            "a Kubernetes list this long is read one event a line, however many: `jq -c '.items[]' '{shown}' | pm timeline import --from - ...`"
        ))
        .stderr_has("nothing was imported");
    // The same list on standard input (read from the file, so that pm
    // stopping early breaks no pipe).
    let mut cmd = env.pm_cmd(&["timeline", "import", &id, "--from", "-", "--level", "warn"]);
    cmd.stdin(std::fs::File::open(&file).unwrap());
    let out = cmd.output().unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.starts_with(
            "error: --from standard input: the JSON object at line 1 is longer than 8 MiB"
        ),
        "{stderr}"
    );
    assert!(
        stderr.contains(
            "`kubectl get events -o json | jq -c '.items[]' | pm timeline import --from - ...`"
        ),
        "{stderr}"
    );
    // A Datadog page as `curl` writes it: all on one line.
    let item = format!(
        r#"{{"id":"x","type":"log","attributes":{{"timestamp":"2026-11-26T09:11:00Z","status":"error","message":"{message}","service":"s"}}}}"#
    );
    let page = format!(
        r#"{{"data":[{}],"links":{{}},"meta":{{"status":"done"}}}}"#,
        vec![item; 9 * 1024].join(",")
    );
    let file = log(&env, "page.json", &page);
    env.import_from(&id, &[file.to_str().unwrap()], &["--level", "warn"])
        .error(&["line 1 is longer than 8 MiB, the most pm reads as one line"])
        .stderr_has("Datadog Logs API results this long are read one log a line, however many: `jq -c '.data[]' ");
    assert_eq!(env.snapshot(), before);
}
