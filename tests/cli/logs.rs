//! pm timeline import from the log formats teams have: OTLP/JSON, Docker
//! json-file, Kubernetes CRI, Google Cloud Logging, Datadog, X-Ray; gzip and
//! zstd; one trace id across spellings; hostile input.
//!
//! The sample lines are written for these tests from each format's public
//! description (field names and shapes), with made-up services and ids.

use std::io::Write;
use std::path::{Path, PathBuf};

use crate::support::TestEnv;

/// One request, in every spelling (the ids of the issue).
const T1: &str = "5b8efff798038103d269b633813fc60c";
const T1_XRAY: &str = "1-5b8efff7-98038103d269b633813fc60c";
/// Another request.
const T2: &str = "4bf92f3577b34da6a3ce929d0e0e4736";
const T2_XRAY: &str = "1-4bf92f35-77b34da6a3ce929d0e0e4736";

/// Datadog's spelling: the low 64 bits in decimal.
fn datadog(w3c: &str) -> String {
    u64::from_str_radix(&w3c[16..], 16).unwrap().to_string()
}

pub(crate) fn setup() -> (TestEnv, String) {
    let env = TestEnv::new();
    let id = env.new_pm("Checkout outage", "2026-11-26T09:00:00Z");
    (env, id)
}

fn write(path: &Path, bytes: &[u8]) -> PathBuf {
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, bytes).unwrap();
    path.to_path_buf()
}

fn gzip(text: &str) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(text.as_bytes()).unwrap();
    enc.finish().unwrap()
}

fn zstd(text: &str) -> Vec<u8> {
    ruzstd::encoding::compress_to_vec(text.as_bytes(), ruzstd::encoding::CompressionLevel::Fastest)
}

/// The timeline after the first entry (the impact start made by `pm new`):
/// (at, text, trace_id) of each entry.
pub(crate) fn imported(env: &TestEnv, id: &str) -> Vec<(String, String, String)> {
    let json = env.pm(&["timeline", "list", id, "--json"]).ok().json();
    json["entries"].as_array().unwrap()[1..]
        .iter()
        .map(|e| {
            (
                e["at"].as_str().unwrap().to_string(),
                e["text"].as_str().unwrap().to_string(),
                e["trace_id"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect()
}

fn rows(rows: &[(&str, &str, &str)]) -> Vec<(String, String, String)> {
    rows.iter()
        .map(|(a, b, c)| (a.to_string(), b.to_string(), c.to_string()))
        .collect()
}

/// Import, check the commit, and return the new entries.
pub(crate) fn import(
    env: &TestEnv,
    id: &str,
    from: &[&Path],
    flags: &[&str],
) -> Vec<(String, String, String)> {
    let commits = env.commits();
    let from: Vec<&str> = from.iter().map(|p| p.to_str().unwrap()).collect();
    env.import_from(id, &from, flags).ok().stdout_has("Added");
    assert_eq!(env.commits(), commits + 1, "one commit per import");
    env.assert_clean();
    imported(env, id)
}

// OpenTelemetry collector file exporter: one OTLP/JSON `LogsData` per line,
// `resourceLogs` → `scopeLogs` → `logRecords`, times as decimal strings of
// nanoseconds, ids in hex, values wrapped in AnyValue.
fn otlp_log() -> String {
    let record = |ns: &str, sev: u32, text: &str, body: &str, trace: &str| {
        format!(
            r#"{{"timeUnixNano":"{ns}","observedTimeUnixNano":"{ns}","severityNumber":{sev},"severityText":"{text}","body":{body},"attributes":[{{"key":"http.route","value":{{"stringValue":"/pay"}}}}],"traceId":"{trace}","spanId":"00f067aa0ba902b7"}}"#
        )
    };
    let batch = |service: &str, records: Vec<String>| {
        format!(
            r#"{{"resourceLogs":[{{"resource":{{"attributes":[{{"key":"service.name","value":{{"stringValue":"{service}"}}}},{{"key":"host.name","value":{{"stringValue":"node-7"}}}}]}},"scopeLogs":[{{"scope":{{"name":"app.logger"}},"logRecords":[{}]}}]}}]}}"#,
            records.join(",")
        )
    };
    // 2026-11-26T09:10:00.5Z and on.
    let t = |s: u64| (1795684200 + s).to_string() + "500000000";
    let mut out = batch(
        "checkout",
        vec![
            record(
                &t(0),
                17,
                "ERROR",
                r#"{"stringValue":"payment provider timeout"}"#,
                T1,
            ),
            record(
                &t(1),
                9,
                "INFO",
                r#"{"stringValue":"request received"}"#,
                T2,
            ),
            record(
                &t(2),
                17,
                "ERROR",
                r#"{"kvlistValue":{"values":[{"key":"message","value":{"stringValue":"card declined"}}]}}"#,
                T2,
            ),
        ],
    );
    out.push('\n');
    // A record without its own time: the observed time stands in.
    out.push_str(&batch(
        "cart",
        vec![
            r#"{"observedTimeUnixNano":"1795684203000000000","severityNumber":13,"severityText":"WARN","body":{"stringValue":"cart slow"},"traceId":"5B8EFFF798038103D269B633813FC60C"}"#
                .to_string(),
        ],
    ));
    out.push('\n');
    out
}

#[test]
fn otlp_batches_unwrap_with_their_service() {
    let (env, id) = setup();
    let log = write(&env.home().join("otel/logs.jsonl"), otlp_log().as_bytes());
    let entries = import(&env, &id, &[&log], &["--level", "error"]);
    assert_eq!(
        entries,
        rows(&[
            (
                "2026-11-26T09:10:00.500Z",
                "checkout: payment provider timeout",
                T1
            ),
            ("2026-11-26T09:10:02.500Z", "checkout: card declined", T2),
        ])
    );
    // The same request by its X-Ray spelling: the upper-case W3C id too.
    let (env, id) = setup();
    let log = write(&env.home().join("otel.jsonl"), otlp_log().as_bytes());
    let dry = env
        .import_from(
            &id,
            &[log.to_str().unwrap()],
            &["--trace-id", T1_XRAY, "--dry-run"],
        )
        .ok();
    for needle in [
        "OTLP/JSON, 2 lines",
        "time: observedTimeUnixNano ×1, timeUnixNano ×1",
        "message: body ×2",
        "level: severityNumber ×2",
        "trace: traceId ×2",
        "service: resource.service.name ×2",
        "Would add 2 entries",
    ] {
        assert!(
            dry.stdout.contains(needle),
            "lacks {needle}:\n{}",
            dry.stdout
        );
    }
    let entries = import(&env, &id, &[&log], &["--trace-id", T1_XRAY]);
    assert_eq!(
        entries,
        rows(&[
            (
                "2026-11-26T09:10:00.500Z",
                "checkout: payment provider timeout",
                T1
            ),
            (
                "2026-11-26T09:10:03Z",
                "cart: cart slow",
                "5B8EFFF798038103D269B633813FC60C"
            ),
        ])
    );
}

// Docker's json-file driver: the application's line as the `log` string
// (with its line break), `stream`, and the time Docker read it. Lines over
// 16 KiB are split; every part but the last lacks the line break.
fn docker_log() -> String {
    let line = |log: &str, stream: &str, time: &str| {
        format!(
            "{}\n",
            serde_json::json!({"log": log, "stream": stream, "time": time})
        )
    };
    let long = "x".repeat(20_000);
    let app = |level: &str, msg: &str, trace: &str| {
        format!(
            "{}\n",
            serde_json::json!({"level": level, "msg": msg, "service": "orders", "trace_id": trace})
        )
    };
    let mut out = String::new();
    out += &line(
        &app("error", "db timeout", T1),
        "stderr",
        "2026-11-26T09:11:00.000000001Z",
    );
    out += &line(
        &app("info", "order placed", T2),
        "stdout",
        "2026-11-26T09:11:01Z",
    );
    out += &line(
        "ERROR connection pool exhausted\n",
        "stderr",
        "2026-11-26T09:11:02Z",
    );
    out += &line(
        &format!(
            "WARN upstream slow X-Amzn-Trace-Id=Root={T1_XRAY};Parent=53995c3f42cd8ad8;Sampled=1\n"
        ),
        "stdout",
        "2026-11-26T09:11:03Z",
    );
    // A long application line, split in two by Docker.
    let split = app("error", &format!("payload too large {long}"), T2);
    let (a, b) = split.split_at(16 * 1024);
    out += &line(a, "stderr", "2026-11-26T09:11:04Z");
    out += &line(b, "stderr", "2026-11-26T09:11:04.1Z");
    out
}

#[test]
fn docker_json_file_lines_unwrap_and_rejoin() {
    let (env, id) = setup();
    // Named .gz but plain: the content decides.
    let log = write(
        &env.home().join("container-json.log.gz"),
        docker_log().as_bytes(),
    );
    let entries = import(&env, &id, &[&log], &["--level", "error"]);
    let long = format!("orders: payload too large {}", "x".repeat(20_000));
    assert_eq!(
        entries,
        rows(&[
            ("2026-11-26T09:11:00.000000001Z", "orders: db timeout", T1),
            (
                "2026-11-26T09:11:02Z",
                "ERROR connection pool exhausted",
                ""
            ),
            ("2026-11-26T09:11:04Z", &long, T2),
        ])
    );
    // A trace id written in a line of text is found too.
    let (env, id) = setup();
    let log = write(&env.home().join("container.log"), docker_log().as_bytes());
    let entries = import(&env, &id, &[&log], &["--trace-id", T1]);
    assert_eq!(
        entries,
        rows(&[
            ("2026-11-26T09:11:00.000000001Z", "orders: db timeout", T1),
            (
                "2026-11-26T09:11:03Z",
                &format!(
                    "WARN upstream slow X-Amzn-Trace-Id=Root={T1_XRAY};Parent=53995c3f42cd8ad8;Sampled=1"
                ),
                &format!("Root={T1_XRAY};Parent=53995c3f42cd8ad8;Sampled=1"),
            ),
        ])
    );
}

// Kubernetes CRI on-node logs: `<RFC 3339 nano> <stream> <P|F> <line>`; P
// marks a part of a line the runtime split. The container is named by the
// folder under /var/log/pods.
fn cri_log() -> String {
    [
        r#"2026-11-26T09:12:00.123456789Z stderr F {"level":"ERROR","message":"queue full","service":"worker","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}"#,
        "2026-11-26T09:12:01Z stdout F INFO started consumer",
        "2026-11-26T09:12:02Z stderr F ERROR disk almost full",
        r#"2026-11-26T09:12:03Z stderr P {"level":"error","message":"split "#,
        r#"2026-11-26T09:12:03.5Z stderr F record"}"#,
        "2026-11-26T09:12:04Z stderr F E1126 09:12:04.000000       1 leader.go:10] lost lease",
        "",
    ]
    .join("\n")
}

#[test]
fn cri_lines_unwrap_with_the_container_name() {
    let (env, id) = setup();
    let log = write(
        &env.home()
            .join("var/log/pods/shop_worker-7d9f_0a1b2c/worker/0.log"),
        cri_log().as_bytes(),
    );
    let dry = env
        .import_from(
            &id,
            &[log.to_str().unwrap()],
            &["--level", "error", "--dry-run"],
        )
        .ok();
    assert!(
        dry.stdout.contains("Kubernetes CRI, 6 lines"),
        "{}",
        dry.stdout
    );
    assert!(dry.stdout.contains("time: CRI time ×4\n"), "{}", dry.stdout);
    let entries = import(&env, &id, &[&log], &["--level", "error"]);
    assert_eq!(
        entries,
        rows(&[
            ("2026-11-26T09:12:00.123456789Z", "worker: queue full", T2),
            ("2026-11-26T09:12:02Z", "worker: ERROR disk almost full", ""),
            ("2026-11-26T09:12:03Z", "worker: split record", ""),
            (
                "2026-11-26T09:12:04Z",
                "worker: E1126 09:12:04.000000       1 leader.go:10] lost lease",
                ""
            ),
        ])
    );
}

// Google Cloud Logging: exported LogEntry objects (`severity`, `timestamp`,
// `trace` as a resource name, `jsonPayload` or `textPayload`), and the
// structured-logging form an application prints, with the special key
// `logging.googleapis.com/trace`.
fn gcp_log() -> String {
    [
        format!(
            r#"{{"insertId":"a1","jsonPayload":{{"message":"checkout failed","order":"o-17"}},"resource":{{"type":"cloud_run_revision","labels":{{"service_name":"frontend","project_id":"shop-prod"}}}},"timestamp":"2026-11-26T09:13:00.250Z","severity":"ERROR","logName":"projects/shop-prod/logs/run.googleapis.com%2Fstderr","trace":"projects/shop-prod/traces/{T1}","spanId":"0000000000000042","receiveTimestamp":"2026-11-26T09:13:01Z"}}"#
        ),
        format!(
            r#"{{"insertId":"a2","textPayload":"upstream connect error","resource":{{"type":"cloud_run_revision","labels":{{"service_name":"frontend"}}}},"timestamp":"2026-11-26T09:13:10Z","severity":"WARNING","trace":"projects/shop-prod/traces/{T2}"}}"#
        ),
        format!(
            r#"{{"severity":"CRITICAL","message":"out of memory","time":"2026-11-26T09:13:30Z","logging.googleapis.com/trace":"projects/shop-prod/traces/{T1}","logging.googleapis.com/spanId":"0000000000000043","trace":{{"note":"an object named trace is not the id"}},"serviceContext":{{"service":"frontend"}}}}"#
        ),
        r#"{"severity":"DEFAULT","textPayload":"health check","timestamp":{"seconds":1795684440,"nanos":0}}"#.to_string(),
        String::new(),
    ]
    .join("\n")
}

#[test]
fn google_cloud_entries_and_structured_lines() {
    let (env, id) = setup();
    let log = write(&env.home().join("gcp-export.json"), gcp_log().as_bytes());
    let dry = env
        .import_from(
            &id,
            &[log.to_str().unwrap()],
            &["--trace-id", T1, "--dry-run"],
        )
        .ok();
    assert!(
        dry.stdout
            .contains("trace: logging.googleapis.com/trace ×1, trace ×1"),
        "{}",
        dry.stdout
    );
    let entries = import(&env, &id, &[&log], &["--trace-id", T1]);
    assert_eq!(
        entries,
        rows(&[
            (
                "2026-11-26T09:13:00.250Z",
                "frontend: checkout failed",
                &format!("projects/shop-prod/traces/{T1}")
            ),
            (
                "2026-11-26T09:13:30Z",
                "frontend: out of memory",
                &format!("projects/shop-prod/traces/{T1}")
            ),
        ])
    );
    let (env, id) = setup();
    let log = write(&env.home().join("gcp.json"), gcp_log().as_bytes());
    let entries = import(&env, &id, &[&log], &["--level", "warn"]);
    assert_eq!(entries.len(), 3, "{entries:?}");
    assert_eq!(entries[1].1, "frontend: upstream connect error");
}

// Datadog: `status` is the level, `service` the service, and the trace id
// is `dd.trace_id` (nested or as one key), the low 64 bits in decimal.
fn datadog_log() -> String {
    [
        format!(
            r#"{{"date":"2026-11-26T09:14:00.000Z","status":"error","service":"payments","host":"i-0abc","message":"charge failed","dd":{{"trace_id":"{}","span_id":"1234","env":"prod"}}}}"#,
            datadog(T1)
        ),
        format!(
            r#"{{"date":"2026-11-26T09:14:01.000Z","status":"info","service":"payments","message":"charge ok","dd.trace_id":"{}"}}"#,
            datadog(T2)
        ),
        // A numeric status is an HTTP status, not a level.
        r#"{"date":"2026-11-26T09:14:02.000Z","status":500,"service":"edge","message":"GET /pay 500"}"#.to_string(),
        r#"{"date":"2026-11-26T09:14:03.000Z","status":"emergency","service":"payments","message":"ledger unreachable"}"#.to_string(),
        // A stack trace named `trace` is not a trace id.
        r#"{"date":"2026-11-26T09:14:04.000Z","status":"error","service":"payments","message":"unhandled rejection","trace":"Error: boom\n    at charge (pay.js:12)"}"#.to_string(),
        String::new(),
    ]
    .join("\n")
}

#[test]
fn datadog_status_is_a_level_and_decimal_ids_match() {
    let (env, id) = setup();
    let log = write(&env.home().join("datadog.json"), datadog_log().as_bytes());
    let entries = import(&env, &id, &[&log], &["--level", "error"]);
    assert_eq!(
        entries,
        rows(&[
            (
                "2026-11-26T09:14:00Z",
                "payments: charge failed",
                &datadog(T1)
            ),
            ("2026-11-26T09:14:03Z", "payments: ledger unreachable", ""),
            ("2026-11-26T09:14:04Z", "payments: unhandled rejection", ""),
        ])
    );
    let (env, id) = setup();
    let log = write(&env.home().join("datadog.json"), datadog_log().as_bytes());
    let entries = import(&env, &id, &[&log], &["--trace-id", T2_XRAY]);
    assert_eq!(
        entries,
        rows(&[("2026-11-26T09:14:01Z", "payments: charge ok", &datadog(T2))])
    );
}

// A Lambda function's JSON logs (Powertools style), with the X-Ray id.
fn lambda_log() -> String {
    [
        format!(
            r#"{{"level":"ERROR","location":"handler:42","message":"inventory lookup failed","service":"inventory-fn","timestamp":"2026-11-26 09:10:01,250+0000","xray_trace_id":"{T1_XRAY}"}}"#
        ),
        format!(
            r#"{{"level":"INFO","message":"stock ok","service":"inventory-fn","timestamp":"2026-11-26T09:10:05Z","xray_trace_id":"{T2_XRAY}"}}"#
        ),
        String::new(),
    ]
    .join("\n")
}

#[test]
fn one_trace_id_across_xray_opentelemetry_and_datadog() {
    let (env, id) = setup();
    let dir = env.home().join("incident");
    write(&dir.join("lambda/inventory.log"), lambda_log().as_bytes());
    write(&dir.join("otel/collector.jsonl.gz"), &gzip(&otlp_log()));
    write(
        &dir.join("datadog/payments.json.zst"),
        &zstd(&datadog_log()),
    );
    write(
        &dir.join("README.txt"),
        b"Logs pulled for the checkout incident.\n",
    );
    write(&dir.join(".hidden.log"), b"\x00\x01 not read\n");
    let expected = rows(&[
        (
            "2026-11-26T09:10:00.500Z",
            "checkout: payment provider timeout",
            T1,
        ),
        (
            "2026-11-26T09:10:01.250Z",
            "inventory-fn: inventory lookup failed",
            T1_XRAY,
        ),
        (
            "2026-11-26T09:10:03Z",
            "cart: cart slow",
            "5B8EFFF798038103D269B633813FC60C",
        ),
        (
            "2026-11-26T09:14:00Z",
            "payments: charge failed",
            &datadog(T1),
        ),
    ]);
    // Every spelling of the id asks for the same lines.
    let dir_arg = dir.to_str().unwrap();
    let mut dry_runs = Vec::new();
    for spelling in [
        T1.to_string(),
        T1_XRAY.to_string(),
        format!("Root={T1_XRAY};Parent=53995c3f42cd8ad8;Sampled=1"),
        format!("projects/shop-prod/traces/{T1}"),
    ] {
        let dry = env
            .import_from(&id, &[dir_arg], &["--trace-id", &spelling, "--dry-run"])
            .ok();
        assert!(
            dry.stdout.contains("Would add 4 entries"),
            "{spelling}:\n{}",
            dry.stdout
        );
        assert!(
            dry.stdout.contains("collector.jsonl.gz: gzip, OTLP/JSON"),
            "{}",
            dry.stdout
        );
        assert!(
            dry.stdout.contains("payments.json.zst: zstd, JSON lines"),
            "{}",
            dry.stdout
        );
        assert!(
            dry.stderr.contains("README.txt: left out"),
            "{}",
            dry.stderr
        );
        let listed: Vec<String> = dry
            .stdout
            .lines()
            .skip_while(|l| !l.starts_with("Would add"))
            .map(String::from)
            .collect();
        dry_runs.push(listed);
    }
    assert!(dry_runs.windows(2).all(|w| w[0] == w[1]), "{dry_runs:?}");
    let entries = import(&env, &id, &[&dir], &["--trace-id", T1_XRAY]);
    assert_eq!(entries, expected);
    // The Datadog spelling knows only the low 64 bits; here they are enough.
    let (env, id) = setup();
    let dir = env.home().join("incident");
    write(&dir.join("a.log"), lambda_log().as_bytes());
    write(&dir.join("b.jsonl"), otlp_log().as_bytes());
    write(&dir.join("c.json"), datadog_log().as_bytes());
    let entries = import(
        &env,
        &id,
        &[
            &dir.join("a.log"),
            &dir.join("b.jsonl"),
            &dir.join("c.json"),
        ],
        &["--trace-id", &datadog(T1)],
    );
    assert_eq!(entries, expected);
}

#[test]
fn bursts_are_grouped_unless_asked_not_to() {
    let (env, id) = setup();
    let mut log = String::new();
    for i in 0..37 {
        log += &format!(
            "{{\"time\":\"2026-11-26T09:10:{:02}Z\",\"level\":\"error\",\"msg\":\"db timeout\",\"service\":\"checkout\"}}\n",
            i
        );
        if i == 3 {
            log += "{\"time\":\"2026-11-26T09:10:03.5Z\",\"level\":\"error\",\"msg\":\"db timeout\",\"service\":\"cart\"}\n";
        }
    }
    log += "{\"time\":\"2026-11-26T09:30:00Z\",\"level\":\"error\",\"msg\":\"db timeout\",\"service\":\"checkout\"}\n";
    let log = write(&env.home().join("burst.log"), log.as_bytes());
    let run = env
        .import_from(&id, &[log.to_str().unwrap()], &["--level", "error"])
        .ok();
    assert!(run.stdout.contains("Added 3 entries"), "{}", run.stdout);
    assert!(run.stdout.contains("39 log records"), "{}", run.stdout);
    assert_eq!(
        imported(&env, &id),
        rows(&[
            (
                "2026-11-26T09:10:00Z",
                "checkout: db timeout ×37 between 09:10:00 and 09:10:36",
                ""
            ),
            ("2026-11-26T09:10:03.500Z", "cart: db timeout", ""),
            ("2026-11-26T09:30:00Z", "checkout: db timeout", ""),
        ])
    );
    // Again: nothing new, so no commit and the file as it was (the
    // grouped bursts are recognised, not added a second time).
    let (before, commits) = (env.snapshot(), env.commits());
    env.import_from(&id, &[log.to_str().unwrap()], &["--level", "error"])
        .ok()
        .stdout_has("already");
    assert_eq!(env.snapshot(), before);
    assert_eq!(env.commits(), commits);
    // With --no-group: one entry per record.
    let (env, id) = setup();
    let log = write(&env.home().join("burst.log"), &std::fs::read(&log).unwrap());
    let entries = import(&env, &id, &[&log], &["--level", "error", "--no-group"]);
    assert_eq!(entries.len(), 39);
    assert!(entries.iter().all(|e| e.1.ends_with(": db timeout")));
}

#[test]
fn standard_input_and_ids_after_from() {
    let (env, id) = setup();
    let run = env.pm_stdin(
        &["timeline", "import", &id, "--from", "-", "--trace-id", T1],
        &lambda_log(),
    );
    run.ok().stdout_has("Added 1 entry to");
    // The id typed after --from is taken for a file: say so.
    env.pm(&[
        "timeline",
        "import",
        "--from",
        "x.log",
        &id,
        "--trace-id",
        T1,
    ])
    .error(&["is a post-mortem id", "put the id before --from"]);
    env.import_from(&id, &["-", "-"], &["--trace-id", T1])
        .error(&["standard input"]);
}

/// Run pm with an input that never ends on standard input.
fn endless_stdin(env: &TestEnv, args: &[&str], chunk: &'static [u8]) -> crate::support::Run {
    let mut cmd = env.pm_cmd(args);
    cmd.stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped());
    let mut child = cmd.spawn().unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || while stdin.write_all(chunk).is_ok() {});
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap();
    crate::support::Run {
        code: out.status.code().unwrap_or(-1),
        stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
        stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        cmd: format!("pm {}", args.join(" ")),
    }
}

#[test]
fn hostile_input_is_refused_with_nothing_changed() {
    let (env, id) = setup();
    let before = env.snapshot();
    let commits = env.commits();
    let home = env.home().to_path_buf();
    let huge = write(
        &home.join("huge.log"),
        format!("{{\"msg\":\"{}\"}}\n", "a".repeat(9 * 1024 * 1024)).as_bytes(),
    );
    let mut garbage: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2654435761) >> 13) as u8)
        .collect();
    garbage[100] = 0;
    let binary = write(&home.join("core.bin"), &garbage);
    let no_nul: Vec<u8> = garbage.iter().map(|b| b.max(&1) | 0x80).collect();
    let not_text = write(&home.join("latin.log"), &no_nul);
    let mut gz = gzip(&otlp_log().repeat(50));
    gz.truncate(gz.len() / 2);
    let truncated = write(&home.join("cut.jsonl.gz"), &gz);
    let mut zst = zstd(&otlp_log().repeat(50));
    zst.truncate(zst.len() - 10);
    let truncated_zst = write(&home.join("cut.jsonl.zst"), &zst);
    let text = write(
        &home.join("notes.txt"),
        b"we restarted the pods\nthen it worked\n",
    );
    // PowerShell's `>` writes UTF-16 with a byte-order mark.
    let utf16: Vec<u8> = [0xff, 0xfe]
        .into_iter()
        .chain(datadog_log().encode_utf16().flat_map(u16::to_le_bytes))
        .collect();
    let utf16 = write(&home.join("ps.json"), &utf16);
    let cases: Vec<(PathBuf, Vec<&str>)> = vec![
        (PathBuf::from("/dev/zero"), vec!["/dev/zero", "binary data"]),
        (
            utf16,
            vec!["ps.json", "is UTF-16 text", "iconv -f UTF-16 -t UTF-8"],
        ),
        (huge, vec!["huge.log", "line 1 is longer than 8 MiB"]),
        (binary, vec!["core.bin", "binary data"]),
        (not_text, vec!["latin.log", "not UTF-8"]),
        (
            truncated,
            vec![
                "cut.jsonl.gz (gzip)",
                "cannot read past line",
                "truncated or damaged",
            ],
        ),
        (
            truncated_zst,
            vec!["cut.jsonl.zst (zstd)", "truncated or damaged"],
        ),
        (text, vec!["notes.txt", "no line is a log record"]),
    ];
    for (path, needles) in &cases {
        env.import_from(&id, &[path.to_str().unwrap()], &["--level", "error"])
            .error(needles);
    }
    // Endless input on standard input: a line that never ends, or zeros.
    endless_stdin(
        &env,
        &["timeline", "import", &id, "--from", "-", "--level", "error"],
        b"aaaaaaaaaaaaaaaa",
    )
    .error(&["standard input", "line 1 is longer than 8 MiB"]);
    endless_stdin(
        &env,
        &["timeline", "import", &id, "--from", "-", "--trace-id", T1],
        &[0u8; 4096],
    )
    .error(&["standard input", "binary data"]);
    assert_eq!(env.snapshot(), before, "something changed");
    assert_eq!(env.commits(), commits);
    env.assert_clean();
}

#[test]
fn ten_thousand_entries_import_in_one_write() {
    let (env, id) = setup();
    let mut log = String::new();
    for i in 0..10_000 {
        log += &format!(
            "{{\"ts\":{},\"level\":\"error\",\"msg\":\"event {i}\",\"trace_id\":\"{T1}\"}}\n",
            1795684200 + i
        );
    }
    let log = write(&env.home().join("many.log"), log.as_bytes());
    let before = env.snapshot();
    env.import_from(&id, &[log.to_str().unwrap()], &["--trace-id", T1])
        .error(&[
            "would add 10000 entries",
            "more than --max-entries 500",
            "--level fatal, --since/--until, --trace-id",
            "nothing was imported",
        ]);
    assert_eq!(env.snapshot(), before, "a refused import changed files");
    let entries = import(
        &env,
        &id,
        &[&log],
        &["--trace-id", T1, "--max-entries", "0"],
    );
    assert_eq!(entries.len(), 10_000);
    assert!(
        entries
            .iter()
            .enumerate()
            .all(|(i, e)| e.1 == format!("event {i}"))
    );
    // The file changed by exactly the new lines (4 per entry: at, kind, text, trace_id).
    let stat = env.git(&["show", "--numstat", "--format=", "HEAD"]);
    assert!(stat.starts_with("40000\t0\t"), "{stat}");
}

/// Every spelling of a trace id, from its 128 bits.
fn spellings(id: u128) -> Vec<String> {
    let hex = format!("{id:032x}");
    let xray = format!("1-{}-{}", &hex[..8], &hex[8..]);
    vec![
        hex.clone(),
        hex.to_ascii_uppercase(),
        xray.clone(),
        format!("Root={xray};Parent=53995c3f42cd8ad8;Sampled=1"),
        format!("projects/p-1/traces/{hex}"),
        format!("00-{hex}-00f067aa0ba902b7-01"),
        (id as u64).to_string(),
    ]
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2000))]

    /// Format → parse → the same id, for every spelling; the Datadog form
    /// matches on the low 64 bits only.
    #[test]
    fn trace_id_spellings_round_trip(id in proptest::prelude::any::<u128>(), other in proptest::prelude::any::<u128>()) {
        use pm::logs::TraceId;
        let all = spellings(id);
        let full = TraceId::Full(id);
        for s in &all[..6] {
            proptest::prop_assert_eq!(TraceId::parse(s), full.clone(), "{}", s);
        }
        let dd = TraceId::parse(&all[6]);
        proptest::prop_assert!(dd.matches(&full) && full.matches(&dd));
        proptest::prop_assert_eq!(full.xray().unwrap(), all[2].clone());
        proptest::prop_assert_eq!(full.w3c().unwrap(), all[0].clone());
        proptest::prop_assert_eq!(full.datadog().unwrap(), all[6].clone());
        let another = TraceId::Full(other);
        proptest::prop_assert_eq!(another.matches(&full), other == id);
        proptest::prop_assert_eq!(dd.matches(&another), other as u64 == id as u64);
    }
}

/// Through the binary: a log holding several requests, each record in a
/// random spelling of its id and a random field, and `--trace-id` in yet
/// another spelling, pulls exactly that request's records.
#[test]
fn trace_id_spellings_select_through_the_binary() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestRunner};
    let (env, id) = setup();
    let log = env.home().join("mixed.log");
    let fields = [
        "trace_id",
        "traceId",
        "dd.trace_id",
        "xray_trace_id",
        "logging.googleapis.com/trace",
    ];
    let strategy = (
        proptest::collection::vec(any::<u128>(), 2..5),
        proptest::collection::vec((0usize..5, 0usize..7, 0usize..5), 1..30),
        0usize..7,
    );
    let mut runner = TestRunner::new(Config::with_cases(24));
    runner
        .run(&strategy, |(ids, records, query)| {
            let mut text = String::new();
            let mut want = 0;
            for (i, (which, spelling, field)) in records.iter().enumerate() {
                let which = which % ids.len();
                // Ids may share their low 64 bits only by chance; count by match.
                let pm_id = pm::logs::TraceId::Full(ids[which]);
                let q = pm::logs::TraceId::parse(&spellings(ids[0])[query]);
                if q.matches(&pm_id) {
                    want += 1;
                }
                let value = &spellings(ids[which])[*spelling];
                text += &format!(
                    "{{\"ts\":{},\"level\":\"info\",\"msg\":\"record {i}\",\"{}\":{}}}\n",
                    1795684200 + i,
                    fields[*field],
                    serde_json::Value::String(value.clone())
                );
            }
            std::fs::write(&log, &text).unwrap();
            let q = &spellings(ids[0])[query];
            let run = env.import_from(
                &id,
                &[log.to_str().unwrap()],
                &["--trace-id", q, "--dry-run", "--no-group"],
            );
            prop_assert_eq!(run.code, 0, "{}", run.stderr);
            if want == 0 {
                prop_assert!(
                    run.stdout.contains("No log lines matched"),
                    "{}",
                    run.stdout
                );
            } else {
                let line = format!(
                    "Would add {want} {}",
                    if want == 1 { "entry" } else { "entries" }
                );
                prop_assert!(
                    run.stdout.contains(&line),
                    "want {}\n{}\n{}",
                    want,
                    run.stdout,
                    text
                );
            }
            Ok(())
        })
        .unwrap();
    env.assert_clean();
}

/// The repository lock is not held while logs are read: a `pm timeline
/// add` goes through while an import still waits for its input.
#[test]
fn reading_logs_does_not_hold_the_lock() {
    let (env, id) = setup();
    let mut import = env
        .pm_cmd(&["timeline", "import", &id, "--from", "-", "--trace-id", T1])
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = import.stdin.take().unwrap();
    stdin.write_all(lambda_log().as_bytes()).unwrap();
    stdin.flush().unwrap();
    // The import is now reading (and waiting for more); another writer is not kept out.
    env.pm(&[
        "timeline",
        "add",
        "Rolled back",
        "--pm",
        &id,
        "--at",
        "2026-11-26T09:20:00Z",
    ])
    .ok();
    drop(stdin);
    let out = import.wait_with_output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let texts: Vec<String> = imported(&env, &id).into_iter().map(|e| e.1).collect();
    assert_eq!(
        texts,
        ["inventory-fn: inventory lookup failed", "Rolled back"]
    );
    env.assert_clean();
}

/// A storm of one error from many processes (PostgreSQL's `[pid]`, Java's
/// thread names) is one burst, not an entry per process; a storm of
/// different messages is refused above --max-entries, --no-group named.
#[test]
fn a_log_storm_is_one_burst_or_refused() {
    let (env, id) = setup();
    let mut log = String::new();
    for i in 0..3_000 {
        log += &format!(
            "2026-11-26 09:{:02}:{:02}.{:03} UTC [{}] ERROR:  deadlock detected\n",
            10 + i / 600,
            i / 10 % 60,
            i % 10 * 100,
            1000 + i * 7 % 9000
        );
    }
    log += "2026-11-26 09:20:00.000 UTC [4242] ERROR:  could not serialize access\n";
    let log = write(&env.home().join("postgresql.log"), log.as_bytes());
    let before = env.snapshot();
    // The dry run refuses as the import would, after it has shown the
    // first entries it would add: what to narrow is in sight.
    let run = env
        .import_from(
            &id,
            &[log.to_str().unwrap()],
            &["--level", "error", "--no-group", "--dry-run"],
        )
        .error(&[
            "would add 3001 entries",
            "more than --max-entries 500",
            "drop --no-group",
        ])
        .stdout_has("Read:\n")
        .stdout_has("Would add 3001 entries to")
        .stdout_has("  2026-11-26T09:10:00Z [1000] ERROR:  deadlock detected\n")
        .stdout_has("  … and 2981 more entries\n");
    assert_eq!(run.stdout.matches("deadlock detected").count(), 20);
    env.import_from(
        &id,
        &[log.to_str().unwrap()],
        &["--level", "error", "--no-group"],
    )
    .error(&["would add 3001 entries", "nothing was imported"]);
    assert_eq!(env.snapshot(), before);
    let entries = import(&env, &id, &[&log], &["--level", "error"]);
    assert_eq!(
        entries.iter().map(|e| e.1.as_str()).collect::<Vec<_>>(),
        [
            "[1000] ERROR:  deadlock detected ×3000 between 09:10:00 and 09:14:59",
            "[4242] ERROR:  could not serialize access"
        ]
    );
    // The same log again adds nothing: the burst covers every pid.
    env.import_from(&id, &[log.to_str().unwrap()], &["--level", "error"])
        .ok()
        .stdout_has("already in");
}

/// Entries that would make the post-mortem larger than pm reads are
/// refused before anything is written.
#[test]
fn an_import_too_large_for_a_post_mortem_is_refused() {
    let (env, id) = setup();
    let before = env.snapshot();
    let commits = env.commits();
    let mut log = String::new();
    for i in 0..2 {
        log += &format!(
            "{{\"ts\":{},\"level\":\"error\",\"msg\":\"dump {i} {}\"}}\n",
            1795684200 + i,
            "y".repeat(4_500_000)
        );
    }
    let log = write(&env.home().join("dump.log"), log.as_bytes());
    env.import_from(&id, &[log.to_str().unwrap()], &["--level", "error"])
        .error(&["over the 8 MB pm reads", "nothing was changed"]);
    assert_eq!(env.snapshot(), before);
    assert_eq!(env.commits(), commits);
}

/// Records skipped for want of a message name the flag that picks the
/// message field, and those without a time the time flag.
#[test]
fn skipped_records_name_the_flag_for_what_they_lack() {
    let (env, id) = setup();
    let log = write(
        &env.path("app.jsonl"),
        b"{\"ts\":\"2026-11-26T09:01:00Z\",\"level\":\"error\",\"msg\":\"db down\"}\n{\"ts\":\"2026-11-26T09:02:00Z\",\"level\":\"error\",\"msg\":null}\n{\"level\":\"error\",\"msg\":\"no time\"}\n",
    );
    let run = env
        .import_from(&id, &[log.to_str().unwrap()], &["--level", "error"])
        .ok();
    // Each kind of gap is counted and named on its own line (the first
    // skipped record's reason was given for all of them).
    assert!(
        run.stderr.contains("1 matching record has no usable message and was skipped (first: line 2); name the field with --message-field"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("1 matching record has no usable timestamp and was skipped (first: line 3); name the field with --time-field"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("such as --time-field"),
        "{}",
        run.stderr
    );
}

/// A record far in the future is refused by the dry run as by the real
/// import, and the hint is about the log's times (import has no --at).
#[test]
fn dry_run_refuses_what_the_import_refuses() {
    let (env, id) = setup();
    let log = write(
        &env.path("app.jsonl"),
        b"{\"ts\":\"2026-11-26T09:01:00Z\",\"level\":\"error\",\"msg\":\"db down\"}\n{\"ts\":\"9999-12-31T23:59:59Z\",\"level\":\"error\",\"msg\":\"far future\"}\n",
    );
    let from = log.to_str().unwrap();
    let before = env.read(&env.file_of(&id));
    for extra in [&["--dry-run"][..], &[]] {
        let run = env
            .import_from(&id, &[from], &[&["--level", "error"], extra].concat())
            .code(2)
            .error(&["is in the future", "the log's timestamps"]);
        assert!(!run.stderr.contains("--at"), "{}", run.stderr);
    }
    assert_eq!(env.read(&env.file_of(&id)), before);
    env.import_from(&id, &[from], &["--level", "error", "--dry-run", "--force"])
        .ok()
        .stdout_has("Would add 2 entries");
}

/// Logs written by Windows tools start with a byte order mark: the first
/// record is read like the others, not skipped as "not JSON".
#[test]
fn a_byte_order_mark_does_not_cost_the_first_record() {
    let (env, id) = setup();
    let log = write(
        &env.home().join("bom.jsonl"),
        b"\xEF\xBB\xBF{\"ts\":\"2026-11-26T09:01:00Z\",\"level\":\"error\",\"msg\":\"first record\"}\r\n{\"ts\":\"2026-11-26T09:02:00Z\",\"level\":\"error\",\"msg\":\"second\"}\r\n",
    );
    let got = import(&env, &id, &[&log], &["--level", "error"]);
    assert_eq!(
        got,
        rows(&[
            ("2026-11-26T09:01:00Z", "first record", ""),
            ("2026-11-26T09:02:00Z", "second", ""),
        ])
    );
}

/// Importing a log again after it grew updates the burst already in the
/// timeline instead of adding a second, overlapping one; importing the
/// same log once more changes nothing.
#[test]
fn a_burst_that_grew_since_the_last_import_is_updated_not_repeated() {
    let (env, id) = setup();
    let line = |s: u32| {
        format!(
            "{{\"ts\":\"2026-11-26T09:10:{s:02}Z\",\"level\":\"error\",\"msg\":\"db timeout\",\"service\":\"orders\"}}\n"
        )
    };
    let mut text: String = (0..10).map(line).collect();
    let log = write(&env.home().join("app.jsonl"), text.as_bytes());
    let got = import(&env, &id, &[&log], &["--level", "error"]);
    assert_eq!(
        got,
        rows(&[(
            "2026-11-26T09:10:00Z",
            "orders: db timeout ×10 between 09:10:00 and 09:10:09",
            ""
        )])
    );
    text.push_str(&line(30));
    write(&log, text.as_bytes());
    let from = log.to_str().unwrap();
    env.import_from(&id, &[from], &["--level", "error", "--dry-run"])
        .ok()
        .stdout_has("Would update 1 burst that grew since the last import:\n  2026-11-26T09:10:00Z orders: db timeout ×11 between 09:10:00 and 09:10:30");
    let commits = env.commits();
    env.import_from(&id, &[from], &["--level", "error"])
        .ok()
        .stdout_has("updated 1 burst that grew since the last import");
    assert_eq!(env.commits(), commits + 1);
    assert_eq!(
        imported(&env, &id),
        rows(&[(
            "2026-11-26T09:10:00Z",
            "orders: db timeout ×11 between 09:10:00 and 09:10:30",
            ""
        )])
    );
    // The same log again, or the older, shorter one: nothing to do.
    env.import_from(&id, &[from], &["--level", "error"])
        .ok()
        .stdout_has("already in");
    let older: String = (0..10).map(line).collect();
    write(&log, older.as_bytes());
    env.import_from(&id, &[from], &["--level", "error"])
        .ok()
        .stdout_has("already in");
    assert_eq!(env.commits(), commits + 1);
}

/// A record whose message holds a vertical tab or a NEL (line breaks to a
/// terminal) is one line of the dry run's list, not a forged second entry.
#[test]
fn other_line_breaks_in_a_message_stay_on_its_line_in_the_dry_run() {
    let (env, id) = setup();
    let log = write(
        &env.home().join("vt.jsonl"),
        "{\"ts\":\"2026-11-26T09:10:00Z\",\"level\":\"error\",\"msg\":\"a\\u000b2026-11-26T09:11:00Z forged\\u0085b\"}\n".as_bytes(),
    );
    let run = env
        .import_from(
            &id,
            &[log.to_str().unwrap()],
            &["--level", "error", "--dry-run"],
        )
        .ok();
    assert!(
        run.stdout
            .contains("  2026-11-26T09:10:00Z a 2026-11-26T09:11:00Z forged b\n"),
        "{}",
        run.stdout
    );
}

/// A trace id written as a UUID (8-4-4-4-12, as some tracers and log
/// pipelines print it) is the same trace as its 32-hex spelling, typed on
/// the command line or found in the log; the dry run counts one entry as
/// one.
#[test]
fn a_trace_id_written_as_a_uuid_is_the_same_trace() {
    let (env, id) = setup();
    let w3c = "4bf92f3577b34da6a3ce929d0e0e4736";
    let uuid = "4bf92f35-77b3-4da6-a3ce-929d0e0e4736";
    let log = write(
        &env.home().join("app.jsonl"),
        format!(
            "{{\"time\":\"2026-11-26T09:05:00Z\",\"level\":\"error\",\"msg\":\"payment declined\",\"trace_id\":\"{uuid}\"}}\n{{\"time\":\"2026-11-26T09:06:00Z\",\"level\":\"error\",\"msg\":\"other trace\",\"trace_id\":\"00000000-0000-0000-0000-000000000001\"}}\n"
        )
        .as_bytes(),
    );
    let path = log.display().to_string();
    env.import_from(&id, &[&path], &["--trace-id", uuid, "--dry-run"])
        .ok()
        .stdout_has("Would add 1 entry to");
    let added = import(&env, &id, &[&log], &["--trace-id", w3c]);
    assert_eq!(added.len(), 1, "{added:?}");
    assert!(added[0].1.contains("payment declined"), "{added:?}");
}

/// A log that reaches back days before the incident: one old record
/// refuses the whole import (saying how to keep the incident's records),
/// and `--since`/`--until` keep only the incident's window, without
/// `--force` letting the old record in.
#[test]
fn since_and_until_keep_the_incidents_records() {
    let (env, id) = setup();
    let log = write(
        &env.dir.path().join("app.jsonl"),
        concat!(
            "{\"timestamp\":\"2026-11-20T09:45:00Z\",\"level\":\"error\",\"message\":\"old disk warning\"}\n",
            "{\"timestamp\":\"2026-11-26T09:14:00Z\",\"level\":\"error\",\"message\":\"charge failed\"}\n",
            "{\"timestamp\":\"2026-11-26T09:40:00Z\",\"level\":\"error\",\"message\":\"pool exhausted\"}\n",
        )
        .as_bytes(),
    );
    let path = log.display().to_string();
    env.import_from(&id, &[&path], &["--level", "error"])
        .error(&["before the incident started", "--since/--until"]);
    let entries = import(
        &env,
        &id,
        &[&log],
        &[
            "--level",
            "error",
            "--since",
            "2026-11-26T09:00:00Z",
            "--until",
            "2026-11-26T09:30:00Z",
        ],
    );
    assert_eq!(
        entries.iter().map(|e| e.1.as_str()).collect::<Vec<_>>(),
        ["charge failed"]
    );
    env.import_from(&id, &[&path], &["--level", "error", "--since", "yesterday"])
        .error(&["--since"]);
}

/// Logs are imported days after the incident: a bare `--since 09:00`
/// is 09:00 on the incident's day (the post-mortem's date), not today's
/// (which kept nothing and said "No log lines matched"), and a bare
/// `--until` not after the `--since` is on the next day. Each reading
/// is said.
#[test]
fn since_and_until_as_clock_times_are_on_the_incidents_day() {
    let (mut env, id) = setup();
    env.set_now("2026-12-01T10:00:00Z");
    let log = write(
        &env.dir.path().join("app.jsonl"),
        concat!(
            "{\"timestamp\":\"2026-11-26T09:14:00Z\",\"level\":\"error\",\"message\":\"charge failed\"}\n",
            "{\"timestamp\":\"2026-11-26T09:40:00Z\",\"level\":\"error\",\"message\":\"pool exhausted\"}\n",
            "{\"timestamp\":\"2026-11-26T23:50:00Z\",\"level\":\"error\",\"message\":\"replica lag\"}\n",
            "{\"timestamp\":\"2026-11-27T00:10:00Z\",\"level\":\"error\",\"message\":\"replica caught up late\"}\n",
            "{\"timestamp\":\"2026-12-01T09:14:00Z\",\"level\":\"error\",\"message\":\"today's noise\"}\n",
        )
        .as_bytes(),
    );
    let path = log.display().to_string();
    env.import_from(
        &id,
        &[&path],
        &["--level", "error", "--since", "09:00", "--until", "09:30", "--dry-run"],
    )
    .ok()
    .stdout_has("charge failed")
    .stderr_has("--since 09:00 is read on the incident's day (the post-mortem's date): 2026-11-26 09:00 in UTC")
    .stderr_has("--until 09:30 is read on the incident's day (the post-mortem's date): 2026-11-26 09:30 in UTC");
    let entries = import(
        &env,
        &id,
        &[&log],
        &["--level", "error", "--since", "23:30", "--until", "00:30"],
    );
    assert_eq!(
        entries.iter().map(|e| e.1.as_str()).collect::<Vec<_>>(),
        ["replica lag", "replica caught up late"]
    );
    // A date still chooses another day.
    env.import_from(
        &id,
        &[&path],
        &[
            "--level",
            "error",
            "--since",
            "2026-12-01 09:00",
            "--until",
            "2026-12-01 09:30",
            "--dry-run",
            "--force",
        ],
    )
    .ok()
    .stdout_has("today's noise");
}

/// An epoch written as a decimal (`"ts": 1795684209.75`, as Python's
/// `time.time()` logs it) keeps its exact fraction: .75 s, not the
/// float's .750000128.
#[test]
fn decimal_epoch_seconds_keep_their_exact_fraction() {
    let env = TestEnv::new();
    let id = env.new_pm("Checkout outage", "2026-11-26T09:00:00Z");
    let log = write(
        &env.dir.path().join("py.jsonl"),
        b"{\"ts\": 1795684209.75, \"level\": \"error\", \"message\": \"charge failed\"}\n",
    );
    let entries = import(&env, &id, &[&log], &["--level", "error"]);
    assert_eq!(entries.len(), 1, "{entries:?}");
    assert_eq!(entries[0].0, "2026-11-26T09:10:09.750Z", "{entries:?}");
}

/// Logs joined with `cat`, each file written with a byte-order mark (as
/// Windows tools write them): the mark at the start of a later line does
/// not lose that line's record.
#[test]
fn a_byte_order_mark_inside_joined_logs_keeps_its_record() {
    let (env, id) = setup();
    let log = write(
        &env.dir.path().join("joined.jsonl"),
        "\u{feff}{\"timestamp\":\"2026-11-26T09:14:00Z\",\"level\":\"error\",\"message\":\"charge failed\"}\n\u{feff}{\"timestamp\":\"2026-11-26T09:20:00Z\",\"level\":\"error\",\"message\":\"pool exhausted\"}\n"
            .as_bytes(),
    );
    let entries = import(&env, &id, &[&log], &["--level", "error"]);
    assert_eq!(
        entries.iter().map(|e| e.1.as_str()).collect::<Vec<_>>(),
        ["charge failed", "pool exhausted"]
    );
}

/// Pretty-print one JSON object over several lines, as `gcloud ... --format=json` does.
fn pretty(record: &str) -> String {
    let value: serde_json::Value = serde_json::from_str(record).unwrap();
    serde_json::to_string_pretty(&value).unwrap()
}

/// `gcloud logging read --format=json` writes one JSON array of entries,
/// pretty-printed; other tools write the array on one line. Both are read
/// as the same records as JSON lines, the array split as it streams in,
/// and a record's line is the line its item starts on.
#[test]
fn a_json_array_of_records_is_read_pretty_printed_or_on_one_line() {
    let records: Vec<String> = gcp_log()
        .lines()
        .filter(|l| !l.is_empty())
        .map(str::to_string)
        .collect();
    let (env, id) = setup();
    let lines = write(&env.home().join("gcp.jsonl"), gcp_log().as_bytes());
    let want = import(&env, &id, &[&lines], &["--level", "warn"]);
    assert_eq!(want.len(), 3, "{want:?}");
    let one_line = format!("[{}]\n", records.join(","));
    let pretty_printed = format!(
        "[\n{}\n]\n",
        records
            .iter()
            .map(|r| pretty(r))
            .collect::<Vec<_>>()
            .join(",\n")
    );
    for (name, text) in [
        ("one-line.json", &one_line),
        ("gcloud.json", &pretty_printed),
    ] {
        let (env, id) = setup();
        let log = write(&env.home().join(name), text.as_bytes());
        let entries = import(&env, &id, &[&log], &["--level", "warn"]);
        assert_eq!(entries, want, "{name}");
    }
    // From standard input too, with a skipped record named by the line its
    // item starts on (the fourth item has no time pm can use).
    let (env, id) = setup();
    let broken = pretty_printed.replace(
        "\"timestamp\": \"2026-11-26T09:13:10Z\"",
        "\"timestamp\": \"soon\"",
    );
    assert_ne!(broken, pretty_printed);
    let lines: Vec<&str> = broken.lines().collect();
    let start = lines
        .iter()
        .position(|l| l.contains("upstream connect error"))
        .unwrap();
    let item_line = lines[..start]
        .iter()
        .rposition(|l| l.trim() == "{")
        .unwrap()
        + 1;
    let run = env
        .pm_stdin(
            &["timeline", "import", &id, "--from", "-", "--level", "warn"],
            &broken,
        )
        .ok();
    assert!(
        run.stderr.contains(&format!("line {item_line}")),
        "{}",
        run.stderr
    );
    assert_eq!(imported(&env, &id).len(), 2);
    // An array cut short: what came before the cut is read, and the cut is
    // said; text that is not JSON is still not a record.
    let (env, id) = setup();
    let cut = &pretty_printed[..pretty_printed.len() - 40];
    let run = env
        .pm_stdin(
            &["timeline", "import", &id, "--from", "-", "--level", "warn"],
            cut,
        )
        .ok();
    assert!(
        run.stderr.contains("the JSON array ends inside"),
        "{}",
        run.stderr
    );
    let notes = write(
        &env.home().join("notes.log"),
        b"[2026-11-26 09:00] ERROR restarted\n",
    );
    // A time without seconds is read (it was "not JSON").
    env.import_from(
        &id,
        &[notes.to_str().unwrap()],
        &["--level", "warn", "--dry-run"],
    )
    .ok()
    .stdout_has("2026-11-26T09:00:00Z ERROR restarted");
}

/// What is not a record says what it is: a JSON array of numbers was
/// "line 1 is not JSON", as was a record nested 100,000 deep (more than
/// the JSON reader takes). An empty array named directly holds no records,
/// an error as an empty file is; found in a folder, it is no records, as an
/// empty file is.
#[test]
fn what_is_not_a_record_is_named_and_an_empty_array_is_no_records() {
    let (env, id) = setup();
    let record = |at: &str, message: &str| {
        format!(r#"{{"timestamp":"2026-11-26T{at}Z","level":"error","message":"{message}"}}"#)
    };
    let deep = format!(
        r#"{{"timestamp":"2026-11-26T09:12:00Z","level":"error","message":"deep","a":{}{}}}"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    let before = env.snapshot();
    let dir = env.home().join("in");
    for (name, text, why) in [
        (
            "numbers.json",
            "[1, \"two\", 3]\n".to_string(),
            "line 1 is element 1 of the JSON array, which is a number, not an object",
        ),
        (
            "pretty.json",
            "[\n  \"two\",\n  1\n]\n".to_string(),
            "line 2 is element 1 of the JSON array, which is a string, not an object",
        ),
        (
            "deep.jsonl",
            format!("{deep}\n"),
            "line 1 is JSON nested deeper than 127 levels, more than pm reads",
        ),
        (
            "deep-item.json",
            format!("[\n{deep}\n]\n"),
            "line 2 is element 1 of the JSON array, which is nested deeper than 127 levels",
        ),
        (
            "strings.jsonl",
            format!("\"text\"\n[1, 2]\n{deep}\n"),
            "line 1 is a JSON string, not an object",
        ),
    ] {
        let path = write(&dir.join(name), text.as_bytes());
        // An array's elements are counted as elements, not lines.
        let none = if why.contains("element") {
            "no element of the JSON array is a log record pm can read"
        } else {
            "no line is a log record pm can read"
        };
        env.import_from(&id, &[path.to_str().unwrap()], &["--level", "error"])
            .error(&[name, none, why, "nothing was imported"]);
    }
    assert_eq!(env.snapshot(), before, "something changed");
    // Among records, the first element that is not one is named in the
    // warning, and the records are imported.
    let mixed = write(
        &env.home().join("mixed.json"),
        format!(
            "[{}, {},\n null, {}]\n",
            record("09:10:00", "db down"),
            record("09:11:00", "queue full"),
            deep
        )
        .as_bytes(),
    );
    let run = env
        .import_from(&id, &[mixed.to_str().unwrap()], &["--level", "error"])
        .ok()
        .stdout_has("Added 2 entries");
    assert!(
        run.stderr.contains(
            "(first: line 2, element 3 of the JSON array, which is `null`, not an object)"
        ),
        "{}",
        run.stderr
    );
    // `[]` named directly, from a file or standard input: no records.
    let (env, id) = setup();
    let before_empty = env.snapshot();
    let empty = write(&env.home().join("empty.json"), b" [\n ]\n");
    env.import_from(&id, &[empty.to_str().unwrap()], &["--level", "error"])
        .error(&[
            "--from ",
            "empty.json holds an empty JSON array (`[]`): there are no log records to import",
            "nothing was imported",
        ]);
    env.pm_stdin(
        &["timeline", "import", &id, "--from", "-", "--level", "error"],
        "[]",
    )
    .error(&["--from standard input holds an empty JSON array (`[]`)"]);
    assert_eq!(env.snapshot(), before_empty, "something changed");
    // In a folder beside a log, it is read as no records.
    let folder = env.home().join("logs");
    write(&folder.join("a-empty.json"), b"[]");
    write(
        &folder.join("b.jsonl"),
        record("09:10:00", "db down").as_bytes(),
    );
    env.import_from(&id, &[folder.to_str().unwrap()], &["--level", "error"])
        .ok()
        .stdout_has("Added 1 entr");
}

/// Rough edges of the inputs: zstd data with something appended says so in
/// words (not the decoder's `BadMagicNumber(...)`), gzip padded with zeros
/// reads as gunzip reads it, an empty or blank input is an error as an
/// input without records is, and standard input named twice is refused as
/// such, with or without the id.
#[test]
fn appended_data_zero_padding_empty_input_and_stdin_twice() {
    let (env, id) = setup();
    let before = env.snapshot();
    let home = env.home().to_path_buf();
    let mut zst = zstd(&lambda_log());
    zst.extend_from_slice(b"junk after the frame\n");
    let junk = write(&home.join("junk.json.zst"), &zst);
    let empty = write(&home.join("empty.log"), b"");
    let blank = write(&home.join("blank.log"), b"\n  \n\r\n\t\n");
    let blank_gz = write(&home.join("blank.log.gz"), &gzip(&"\n".repeat(100_000)));
    let cases: Vec<(&Path, Vec<&str>)> = vec![
        (
            &junk,
            vec![
                "junk.json.zst (zstd)",
                "data that is not zstd follows the zstd data",
                "`junk`",
            ],
        ),
        (&empty, vec!["empty.log", "is empty", "no log records"]),
        (&blank, vec!["blank.log", "only blank lines (4)"]),
        (
            &blank_gz,
            vec!["blank.log.gz (gzip)", "only blank lines (100000)"],
        ),
    ];
    for (path, needles) in &cases {
        let run = env
            .import_from(&id, &[path.to_str().unwrap()], &["--trace-id", T1])
            .error(needles);
        assert!(!run.stderr.contains("BadMagicNumber"), "{}", run.stderr);
    }
    env.pm_stdin(
        &["timeline", "import", &id, "--from", "-", "--trace-id", T1],
        "",
    )
    .error(&["standard input is empty"]);
    env.pm(&[
        "timeline",
        "import",
        "--from",
        "-",
        "--from",
        "-",
        "--trace-id",
        T1,
    ])
    .error(&["--from - is given twice", "standard input can be read once"]);
    assert_eq!(env.snapshot(), before, "something changed");
    // gzip with zero padding after the member, as some tools leave it.
    let mut padded = gzip(&lambda_log());
    padded.extend_from_slice(&[0u8; 512]);
    let padded = write(&home.join("padded.json.gz"), &padded);
    let entries = import(&env, &id, &[&padded], &["--trace-id", T1]);
    assert_eq!(entries.len(), 1, "{entries:?}");
}

/// patt21 D10: `--since` later than `--until` is a window nothing can
/// match: refused, exit 2, as `pm stats` refuses it; nothing imported.
#[test]
fn since_after_until_is_refused() {
    let (env, id) = setup();
    let log = write(
        &env.dir.path().join("app.jsonl"),
        b"{\"timestamp\":\"2026-11-26T09:14:00Z\",\"level\":\"error\",\"message\":\"charge failed\"}\n",
    );
    let path = log.display().to_string();
    let before = env.commits();
    env.import_from(
        &id,
        &[&path],
        &[
            "--level",
            "error",
            "--since",
            "2026-11-26T09:30:00Z",
            "--until",
            "2026-11-26T09:00:00Z",
        ],
    )
    .error(&[
        "--since 2026-11-26T09:30:00+00:00 is after --until 2026-11-26T09:00:00+00:00",
        "nothing was imported",
    ]);
    assert_eq!(env.commits(), before);
    env.assert_clean();
}

// --- patt23: real log formats (black-box report /work/tmp/patt23) ---

/// A log file of `lines`, one a line, in the test's home.
pub(crate) fn log_of(env: &TestEnv, name: &str, lines: &[&str]) -> PathBuf {
    let mut text = lines.join("\n");
    text.push('\n');
    write(&env.home().join(name), text.as_bytes())
}

/// The repository's `timezone`, changed and committed as a team would.
pub(crate) fn set_zone(env: &TestEnv, zone: &str) {
    let config = env.read("pm.yaml");
    let current = config
        .lines()
        .find(|l| l.starts_with("timezone:"))
        .unwrap()
        .to_string();
    env.write(
        "pm.yaml",
        &config.replace(&current, &format!("timezone: {zone}")),
    );
    env.git(&["commit", "-qam", "team zone"]);
}

/// patt23 P1: numeric levels (pino/bunyan `level: 50`, OTLP
/// `severityNumber` with no word in `severityText`) are kept on every line,
/// not only the first record's: the quick pass over lines that cannot
/// match looked for `?"level?":` (a regex typo for an optional backslash).
#[test]
fn numeric_levels_are_read_on_every_line_not_only_the_first() {
    let (env, id) = setup();
    // pino README: {"level":30,"time":1531171074631,"msg":"hello world","pid":657,"hostname":"Davids-MBP-3.fritz.box"}
    let pino = log_of(
        &env,
        "pino.log",
        &[
            r#"{"level":50,"time":1795684200631,"msg":"payment provider timeout","pid":657,"hostname":"Davids-MBP-3.fritz.box"}"#,
            r#"{"level":30,"time":1795684201000,"msg":"request served","pid":657,"hostname":"Davids-MBP-3.fritz.box"}"#,
            r#"{"level":50,"time":1795684202399,"msg":"charge failed","pid":657,"hostname":"Davids-MBP-3.fritz.box"}"#,
            r#"{"level":60,"time":1795684203000,"msg":"out of memory","pid":657,"hostname":"Davids-MBP-3.fritz.box"}"#,
        ],
    );
    // The collector's filelog receiver leaves severityText out, or raw.
    let otlp = log_of(
        &env,
        "collector.jsonl",
        &[
            r#"{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]},"scopeLogs":[{"scope":{},"logRecords":[{"timeUnixNano":"1795684204500000000","severityNumber":17,"body":{"stringValue":"provider timeout"}}]}]}]}"#,
            r#"{"resourceLogs":[{"resource":{"attributes":[{"key":"service.name","value":{"stringValue":"checkout"}}]},"scopeLogs":[{"scope":{},"logRecords":[{"timeUnixNano":"1795684264500000000","severityNumber":21,"severityText":"F","body":{"stringValue":"db pool exhausted"}}]}]}]}"#,
        ],
    );
    let got = import(
        &env,
        &id,
        &[&pino, &otlp],
        &["--level", "error", "--no-group"],
    );
    assert_eq!(
        got,
        rows(&[
            ("2026-11-26T09:10:00.631Z", "payment provider timeout", ""),
            ("2026-11-26T09:10:02.399Z", "charge failed", ""),
            ("2026-11-26T09:10:03Z", "out of memory", ""),
            ("2026-11-26T09:10:04.500Z", "checkout: provider timeout", ""),
            (
                "2026-11-26T09:11:04.500Z",
                "checkout: db pool exhausted",
                ""
            ),
        ])
    );
}

/// patt23 P2 and P18: a burst's times are read back in the clock they
/// were written in (the offset of the entry's own time), so changing
/// pm.yaml `timezone` does not make the same log import again; a burst
/// across a DST change writes the offset of its last time.
#[test]
fn a_zone_change_does_not_import_a_burst_again() {
    let (env, id) = setup();
    let burst = log_of(
        &env,
        "burst.jsonl",
        &[
            r#"{"timestamp":"2026-11-26T09:10:00Z","level":"error","message":"db timeout","service":"orders"}"#,
            r#"{"timestamp":"2026-11-26T09:10:30Z","level":"error","message":"db timeout","service":"orders"}"#,
        ],
    );
    let from = burst.to_str().unwrap();
    let first = import(&env, &id, &[&burst], &["--level", "error"]);
    assert_eq!(
        first,
        rows(&[(
            "2026-11-26T09:10:00Z",
            "orders: db timeout ×2 between 09:10:00 and 09:10:30",
            ""
        )])
    );
    set_zone(&env, "Europe/Berlin");
    env.import_from(&id, &[from], &["--level", "error"])
        .ok()
        .stdout_has("All matching lines are already in");
    env.import_from(&id, &[from], &["--level", "error", "--no-group"])
        .ok()
        .stdout_has("All matching lines are already in");
    // The log grew: the burst is updated in the clock it was written in.
    let grown = log_of(
        &env,
        "burst.jsonl",
        &[
            r#"{"timestamp":"2026-11-26T09:10:00Z","level":"error","message":"db timeout","service":"orders"}"#,
            r#"{"timestamp":"2026-11-26T09:10:30Z","level":"error","message":"db timeout","service":"orders"}"#,
            r#"{"timestamp":"2026-11-26T09:11:00Z","level":"error","message":"db timeout","service":"orders"}"#,
        ],
    );
    env.import_from(&id, &[grown.to_str().unwrap()], &["--level", "error"])
        .ok()
        .stdout_has("updated 1 burst");
    assert_eq!(
        imported(&env, &id),
        rows(&[(
            "2026-11-26T10:10:00+01:00",
            "orders: db timeout ×3 between 09:10:00 and 09:11:00",
            ""
        )])
    );
    // Across the fall-back in New York: 01:59:40 EDT, then 01:00:30 EST.
    set_zone(&env, "America/New_York");
    let fold = log_of(
        &env,
        "fold.jsonl",
        &[
            r#"{"timestamp":"2026-11-01T05:59:40Z","level":"error","message":"disk full","service":"db"}"#,
            r#"{"timestamp":"2026-11-01T06:00:30Z","level":"error","message":"disk full","service":"db"}"#,
        ],
    );
    let fold = fold.to_str().unwrap();
    env.import_from(&id, &[fold], &["--level", "error", "--force"])
        .ok()
        .stdout_has("Added 1 entry");
    let texts = env.timeline_texts(&id);
    assert!(
        texts.contains(&"db: disk full ×2 between 01:59:40 and 01:00:30-05:00".to_string()),
        "{texts:?}"
    );
    set_zone(&env, "UTC");
    env.import_from(&id, &[fold], &["--level", "error", "--force"])
        .ok()
        .stdout_has("All matching lines are already in");
}

/// patt23 P4: when no record has a level (trace id) field pm knows, the
/// import says so and names the flag, rather than only "No log lines
/// matched", which reads as "no errors in this log".
#[test]
fn a_level_or_trace_field_never_found_is_said_with_the_flag() {
    let (env, id) = setup();
    // An export that keeps each record's fields under a key pm does not
    // know (Datadog's API items, `attributes`, are read since patt25).
    let dd = log_of(
        &env,
        "dd.json",
        &[
            r#"[{"id":"AQAAAYvT","type":"event","fields":{"timestamp":"2026-11-26T09:14:00.000Z","status":"error","service":"payments","message":"charge failed"}}]"#,
        ],
    );
    let run = env
        .import_from(&id, &[dd.to_str().unwrap()], &["--level", "error"])
        .ok()
        .stdout_has("No log lines matched; nothing added.");
    assert!(
        run.stderr
            .contains("dd.json: no record has a level field pm knows (level, severity, status")
            && run.stderr.contains("name the field with --level-field"),
        "{}",
        run.stderr
    );
    let run = env
        .import_from(&id, &[dd.to_str().unwrap()], &["--trace-id", T1])
        .ok();
    assert!(
        run.stderr
            .contains("dd.json: no record has a trace id field pm knows (trace_id, traceId")
            && run.stderr.contains("name the field with --trace-field"),
        "{}",
        run.stderr
    );
    // Named by flag and never there: the warning names that field. A
    // log whose records have the field says nothing of the kind.
    let run = env
        .import_from(
            &id,
            &[dd.to_str().unwrap()],
            &["--level", "error", "--level-field", "sev"],
        )
        .ok();
    assert!(
        run.stderr
            .contains("no record has a level in the field `sev` that --level-field names"),
        "{}",
        run.stderr
    );
    let has = log_of(
        &env,
        "has.jsonl",
        &[
            r#"{"ts":"2026-11-26T09:01:00Z","level":"error","msg":"a","trace_id":"4bf92f3577b34da6a3ce929d0e0e4736"}"#,
            r#"{"ts":"2026-11-26T09:02:00Z","level":"info","msg":"b"}"#,
        ],
    );
    let run = env
        .import_from(
            &id,
            &[has.to_str().unwrap()],
            &["--trace-id", T1, "--level", "error"],
        )
        .ok()
        .stdout_has("No log lines matched");
    assert!(!run.stderr.contains("no record has"), "{}", run.stderr);
    assert_eq!(imported(&env, &id), rows(&[]));
}

/// patt23 P3: an OpenTelemetry collector writing OTLP/JSON to its stdout
/// in a pod: the batch inside a Docker or CRI line is read as OTLP.
#[test]
fn otlp_inside_docker_and_cri_envelopes_is_read() {
    let (env, id) = setup();
    let otlp = format!(
        r#"{{"resourceLogs":[{{"resource":{{"attributes":[{{"key":"service.name","value":{{"stringValue":"checkout"}}}}]}},"scopeLogs":[{{"scope":{{"name":"app"}},"logRecords":[{{"timeUnixNano":"1795684200500000000","severityNumber":17,"severityText":"ERROR","body":{{"stringValue":"payment provider timeout"}},"traceId":"{T1}"}}]}}]}}]}}"#
    );
    let cri = log_of(
        &env,
        "cri-otlp.log",
        &[&format!("2026-11-26T09:11:00.000000000Z stdout F {otlp}")],
    );
    let docker = log_of(
        &env,
        "docker-otlp.log",
        &[&serde_json::json!({"log": format!("{otlp}\n"), "stream": "stdout", "time": "2026-11-26T09:11:00Z"}).to_string()],
    );
    let got = import(&env, &id, &[&cri], &["--trace-id", T1]);
    assert_eq!(
        got,
        rows(&[(
            "2026-11-26T09:10:00.500Z",
            "checkout: payment provider timeout",
            T1
        )])
    );
    env.import_from(
        &id,
        &[docker.to_str().unwrap()],
        &["--level", "error", "--dry-run"],
    )
    .ok()
    .stdout_has("docker-otlp.log: Docker json-file, 1 line")
    .stdout_has("level: severityNumber ×1")
    .stdout_has("All matching lines are already in");
}

/// patt23 P6: a logger given a dict writes `message` as an object
/// (aws-lambda-logging, Powertools): its compact JSON is the text, or its
/// own `message` when it has one.
#[test]
fn a_message_that_is_an_object_is_its_json_or_its_own_message() {
    let (env, id) = setup();
    // aws-lambda-logging README (pypi.org): log.debug({"Details": [1,2,3]})
    let log = log_of(
        &env,
        "lambda.jsonl",
        &[
            r#"{"level": "ERROR", "timestamp": "2026-11-26T09:10:01.438Z", "apigw_request_id": "323fee86-896d-11e6-b7fd-2d914ea80962", "location": "root.handler:6", "message": {"Details": [1, 2, 3]}}"#,
            r#"{"level": "ERROR", "timestamp": "2026-11-26T09:10:02Z", "message": {"message": "charge failed", "order": 7}}"#,
        ],
    );
    let got = import(&env, &id, &[&log], &["--level", "error"]);
    assert_eq!(
        got,
        rows(&[
            ("2026-11-26T09:10:01.438Z", r#"{"Details":[1,2,3]}"#, ""),
            ("2026-11-26T09:10:02Z", "charge failed", ""),
        ])
    );
}

/// patt23 P5 and P16: CloudWatch Logs as people get it: what `aws logs
/// filter-log-events` prints (one pretty-printed object), a subscription
/// filter's payload, and those payloads as Firehose writes them (`{…}{…}`
/// on one line). Each event's `message` is the application's line.
#[test]
fn cloudwatch_logs_exports_and_pretty_printed_objects_are_read() {
    let (env, id) = setup();
    // FilteredLogEvent (AWS CloudWatch Logs API reference): eventId,
    // ingestionTime, logStreamName, message, timestamp (ms).
    let cw = write(
        &env.home().join("cw.json"),
        br#"{
    "searchedLogStreams": [ { "searchedCompletely": false, "logStreamName": "20150531" } ],
    "events": [
        {
            "ingestionTime": 1795684201190,
            "timestamp": 1795684200358,
            "message": "{\"timestamp\":\"2026-11-26T09:10:00.358Z\",\"level\":\"ERROR\",\"message\":\"Example Event 1\",\"requestId\":\"79b4f56e-95b1-4643-9700-2807f4e68189\"}",
            "logStreamName": "2026/11/26/[$LATEST]abc",
            "eventId": "31953106606966983378809025079804211143289615424298221568"
        },
        {
            "ingestionTime": 1795684202190,
            "timestamp": 1795684201000,
            "message": "INFO started",
            "logStreamName": "2026/11/26/[$LATEST]abc",
            "eventId": "31953106606966983378809025079804211143289615424298221569"
        }
    ]
}
"#,
    );
    let payload = |ms: u64, text: &str| {
        serde_json::json!({"messageType":"DATA_MESSAGE","owner":"123456789012","logGroup":"/aws/lambda/checkout","logStream":"2026/11/26/[$LATEST]abc","subscriptionFilters":["to-s3"],"logEvents":[{"id":"3195","timestamp":ms,"message":text}]}).to_string()
    };
    let firehose = log_of(
        &env,
        "firehose.json",
        &[&format!(
            "{}{}",
            payload(
                1795684260000,
                r#"{"level":"ERROR","message":"charge failed"}"#
            ),
            payload(1795684320000, "ERROR card declined")
        )],
    );
    let got = import(&env, &id, &[&cw, &firehose], &["--level", "error"]);
    assert_eq!(
        got,
        rows(&[
            ("2026-11-26T09:10:00.358Z", "Example Event 1", ""),
            ("2026-11-26T09:11:00Z", "checkout: charge failed", ""),
            ("2026-11-26T09:12:00Z", "checkout: ERROR card declined", ""),
        ])
    );
    // A pretty-printed OTLP batch (one object) is read as the same batch
    // in an array is.
    let otlp = write(
        &env.home().join("otlp.json"),
        serde_json::to_string_pretty(&serde_json::json!({"resourceLogs":[{"resource":{},"scopeLogs":[{"logRecords":[{"timeUnixNano":"1795684380000000000","severityText":"ERROR","body":{"stringValue":"pretty batch"}}]}]}]}))
            .unwrap()
            .as_bytes(),
    );
    env.import_from(
        &id,
        &[otlp.to_str().unwrap()],
        &["--level", "error", "--dry-run"],
    )
    .ok()
    .stdout_has("otlp.json: OTLP/JSON, 20 lines")
    .stdout_has("2026-11-26T09:13:00Z pretty batch");
    // An object whose closing brace never comes is said to be that.
    let cut = write(&env.home().join("cut.json"), b"{\n  \"events\": [\n");
    env.import_from(&id, &[cut.to_str().unwrap()], &["--level", "error"])
        .error(&[
            "cut.json",
            "line 1 is a JSON object without its closing `}`",
        ]);
}

/// patt23 P7: `journalctl -o json`: `__REALTIME_TIMESTAMP` in µs,
/// `PRIORITY` as syslog's 0 (emerg) to 7 (debug), `MESSAGE` also as an
/// array of bytes, the unit as the service.
#[test]
fn journald_json_export_is_read() {
    let (env, id) = setup();
    // Fields as systemd.io/JOURNAL_EXPORT_FORMATS lists them.
    let log = log_of(
        &env,
        "journal.json",
        &[
            r#"{"__REALTIME_TIMESTAMP":"1795684200416409","__MONOTONIC_TIMESTAMP":"21415215982","_BOOT_ID":"6c7c6013a26343b29e964691ff25d04c","_TRANSPORT":"syslog","PRIORITY":"3","SYSLOG_IDENTIFIER":"gdm-password]","MESSAGE":"session open failed","_SYSTEMD_UNIT":"gdm.service"}"#,
            r#"{"__REALTIME_TIMESTAMP":"1795684201000000","PRIORITY":"6","MESSAGE":"started","_SYSTEMD_UNIT":"app.service"}"#,
            r#"{"__REALTIME_TIMESTAMP":"1795684201416409","PRIORITY":"2","MESSAGE":[72,101,108,108,111],"_SYSTEMD_UNIT":"app.service"}"#,
            r#"{"__REALTIME_TIMESTAMP":"1795684202000000","PRIORITY":"4","MESSAGE":"disk almost full","SYSLOG_IDENTIFIER":"kernel"}"#,
        ],
    );
    let got = import(&env, &id, &[&log], &["--level", "error"]);
    assert_eq!(
        got,
        rows(&[
            (
                "2026-11-26T09:10:00.416409Z",
                "gdm.service: session open failed",
                ""
            ),
            ("2026-11-26T09:10:01.416409Z", "app.service: Hello", ""),
        ])
    );
    env.import_from(
        &id,
        &[log.to_str().unwrap()],
        &["--level", "warn", "--dry-run"],
    )
    .ok()
    .stdout_has("level: PRIORITY ×3")
    .stdout_has("2026-11-26T09:10:02Z kernel: disk almost full");
}

/// patt23 P8: .NET's JsonConsoleFormatter (`LogLevel`, `Message`,
/// `Category`) and Serilog's CLEF (`@t`, `@l`, `@mt`/`@m`, `@tr`; no
/// `@l` means Information).
#[test]
fn dotnet_json_console_and_serilog_clef_are_read() {
    let (env, id) = setup();
    // learn.microsoft.com (console-json-logging): {"EventId": 0, "LogLevel": "Information", "Category": "Program", "Message": "…", "State": {…}}
    let dotnet = log_of(
        &env,
        "dotnet.jsonl",
        &[
            r#"{"Timestamp":"2026-11-26T09:10:00.0000000+00:00","EventId":0,"LogLevel":"Error","Category":"Checkout.PaymentService","Message":"payment failed","State":{"Message":"payment failed","{OriginalFormat}":"payment failed"}}"#,
            r#"{"Timestamp":"2026-11-26T09:10:01.0000000+00:00","EventId":0,"LogLevel":"Information","Category":"Program","Message":"request served","State":{}}"#,
        ],
    );
    // serilog-formatting-compact README: {"@t":"2016-06-07T03:44:57.8532799Z","@mt":"Hello, {User}","User":"nblumhardt"}
    let clef = log_of(
        &env,
        "clef.jsonl",
        &[
            &format!(
                r#"{{"@t":"2026-11-26T09:10:02.8532799Z","@mt":"Payment {{PaymentId}} failed","@l":"Error","PaymentId":"p-1","@tr":"{T1}"}}"#
            ),
            r#"{"@t":"2026-11-26T09:10:03Z","@mt":"Hello, {User}","User":"nblumhardt"}"#,
            r#"{"@t":"2026-11-26T09:10:04Z","@m":"Disk {Name} full","@l":"Fatal"}"#,
        ],
    );
    let got = import(&env, &id, &[&dotnet, &clef], &["--level", "error"]);
    assert_eq!(
        got,
        rows(&[
            (
                "2026-11-26T09:10:00Z",
                "Checkout.PaymentService: payment failed",
                ""
            ),
            ("2026-11-26T09:10:02.853279900Z", "Payment p-1 failed", T1),
            ("2026-11-26T09:10:04Z", "Disk {Name} full", ""),
        ])
    );
    env.import_from(
        &id,
        &[clef.to_str().unwrap()],
        &["--level", "info", "--dry-run"],
    )
    .ok()
    .stdout_has("level: @l ×2, @l (left out: Information) ×1")
    .stdout_has("2026-11-26T09:10:03Z Hello, nblumhardt");
}

/// patt23 P9: Google's structured logging `timestampSeconds` with
/// `timestampNanos`: the nanoseconds are kept.
#[test]
fn timestamp_seconds_keep_their_nanos() {
    let (env, id) = setup();
    let log = log_of(
        &env,
        "g.jsonl",
        &[
            r#"{"severity":"ERROR","message":"google flat","timestampSeconds":1795684208,"timestampNanos":250000000}"#,
            r#"{"severity":"ERROR","message":"as a string","timestampSeconds":"1795684209","timestampNanos":"5"}"#,
        ],
    );
    let got = import(&env, &id, &[&log], &["--level", "error"]);
    assert_eq!(
        got,
        rows(&[
            ("2026-11-26T09:10:08.250Z", "google flat", ""),
            ("2026-11-26T09:10:09.000000005Z", "as a string", ""),
        ])
    );
}

/// patt23 P10: two replicas' logs that differ only in lines that cannot
/// match are two logs, not one log read twice.
#[test]
fn replica_logs_that_differ_only_in_other_lines_are_two_logs() {
    let (env, id) = setup();
    let dir = env.home().join("rep");
    for pod in ["a", "b"] {
        let started = format!(
            r#"{{"time":"2026-11-26T09:10:00Z","level":"info","msg":"started pod-{pod}"}}"#
        );
        log_of(
            &env,
            &format!("rep/pod-{pod}.log"),
            &[
                r#"{"time":"2026-11-26T09:10:00Z","level":"info","msg":"boot"}"#,
                &started,
                r#"{"time":"2026-11-26T09:10:01Z","level":"error","msg":"config missing","service":"api"}"#,
            ],
        );
    }
    let got = import(&env, &id, &[&dir], &["--level", "error"]);
    assert_eq!(
        got,
        rows(&[(
            "2026-11-26T09:10:01Z",
            "api: config missing ×2 between 09:10:01 and 09:10:01",
            ""
        )])
    );
}

/// patt23 P11 and P15: Fluent Bit's tail input with the docker parser and
/// the kubernetes filter: the `log` string is the application's line and
/// `kubernetes.container_name` its service; the dry run names the
/// container folder when a pod's path gives the service.
#[test]
fn fluent_bit_docker_parser_output_and_the_container_folder_are_named() {
    let (env, id) = setup();
    let fb = log_of(
        &env,
        "fb.jsonl",
        &[
            r#"{"date":1795684204.123456,"log":"ERROR connection refused\n","stream":"stderr","time":"2026-11-26T09:10:04.123456Z","kubernetes":{"pod_name":"checkout-7d9f","namespace_name":"shop","container_name":"checkout"}}"#,
            r#"{"date":1795684205.5,"log":"{\"level\":\"error\",\"msg\":\"queue full\"}\n","stream":"stdout","kubernetes":{"container_name":"worker"}}"#,
        ],
    );
    let got = import(&env, &id, &[&fb], &["--level", "error"]);
    assert_eq!(
        got,
        rows(&[
            (
                "2026-11-26T09:10:04.123456Z",
                "checkout: ERROR connection refused",
                ""
            ),
            ("2026-11-26T09:10:05.500Z", "worker: queue full", ""),
        ])
    );
    let pods = env.home().join("pods");
    write(
        &pods.join("shop_cart-7d9f_1234/cart/0.log"),
        b"2026-11-26T09:12:00.1Z stderr F ERROR cart full\n",
    );
    env.import_from(
        &id,
        &[pods.to_str().unwrap()],
        &["--level", "error", "--dry-run"],
    )
    .ok()
    .stdout_has("service: container folder ×1")
    .stdout_has("2026-11-26T09:12:00.100Z cart: ERROR cart full");
}

/// patt25 T1: Fluent Bit's stock `cri` parser puts the line in `message`
/// and the part tag in `logtag` (`^(?<time>[^ ]+) (?<stream>stdout|stderr)
/// (?<logtag>[^ ]*) (?<message>.*)$`, fluent/fluent-bit conf/parsers.conf;
/// a real record in fluent/fluent-bit PR #881: `"time"`, `"stream"`,
/// `"logtag":"F"`, `"message"`, `"kubernetes":{..."container_name"...}`),
/// and its built-in cri multiline parser the tag in `_p`
/// (src/multiline/flb_ml_parser_cri.c, which joins the parts itself).
/// These are read as the docker parser's `log` is: the level word in the
/// line, `P` parts joined with the next part of the same container's
/// stream, the container as the service. In a mixed input, a JSON record
/// with no level is named, not dropped without a word.
#[test]
fn fluent_bit_cri_parser_output_is_read_as_fluent_bit() {
    let (env, id) = setup();
    let fb = log_of(
        &env,
        "fb.jsonl",
        &[
            r#"{"date":1795684204.123456,"log":"ERROR connection refused\n","stream":"stderr","time":"2026-11-26T09:10:04.123456Z","kubernetes":{"container_name":"checkout"}}"#,
            r#"{"date":1795684205.5,"time":"2026-11-26T09:10:05.5Z","stream":"stderr","logtag":"F","message":"ERROR cri parser message","kubernetes":{"pod_name":"payments-1","container_name":"payments"}}"#,
            r#"{"date":1795684207.25,"time":"2026-11-26T09:10:07Z","stream":"stderr","logtag":"P","message":"ERROR partial part one ","kubernetes":{"pod_name":"payments-1","container_name":"payments"}}"#,
            // Another container's part, between the two: not joined to them.
            r#"{"date":1795684207.255,"time":"2026-11-26T09:10:07.005Z","stream":"stderr","logtag":"P","message":"{\"level\":\"error\",\"msg\":\"worker ","kubernetes":{"pod_name":"worker-1","container_name":"worker"}}"#,
            r#"{"date":1795684207.26,"time":"2026-11-26T09:10:07.01Z","stream":"stderr","logtag":"F","message":"and part two","kubernetes":{"pod_name":"payments-1","container_name":"payments"}}"#,
            r#"{"date":1795684207.3,"time":"2026-11-26T09:10:07.3Z","stream":"stderr","logtag":"F","message":"queue full\"}","kubernetes":{"pod_name":"worker-1","container_name":"worker"}}"#,
            // The multiline parser's records are whole: two, not one.
            r#"{"time":"2026-11-26T09:10:08Z","stream":"stderr","_p":"F","log":"ERROR first joined by fluent bit","kubernetes":{"container_name":"api"}}"#,
            r#"{"time":"2026-11-26T09:10:09Z","stream":"stderr","_p":"F","log":"ERROR second joined by fluent bit","kubernetes":{"container_name":"api"}}"#,
            // A record with a level field, and one with none.
            r#"{"time":"2026-11-26T09:10:10Z","level":"error","msg":"app error","service":"cart"}"#,
            r#"{"time":"2026-11-26T09:10:11Z","msg":"an error without a level","service":"cart"}"#,
        ],
    );
    let run = env
        .import_from(
            &id,
            &[fb.to_str().unwrap()],
            &["--level", "error", "--dry-run"],
        )
        .ok()
        .stdout_has("Fluent Bit")
        .stderr_has("1 JSON record has no level field pm knows, so --level cannot match it (first: line 10)");
    assert!(!run.stdout.contains("09:10:11"), "{}", run.stdout);
    let got = import(&env, &id, &[&fb], &["--level", "error"]);
    assert_eq!(
        got,
        rows(&[
            (
                "2026-11-26T09:10:04.123456Z",
                "checkout: ERROR connection refused",
                ""
            ),
            (
                "2026-11-26T09:10:05.500Z",
                "payments: ERROR cri parser message",
                ""
            ),
            (
                "2026-11-26T09:10:07Z",
                "payments: ERROR partial part one and part two",
                ""
            ),
            ("2026-11-26T09:10:07.005Z", "worker: worker queue full", ""),
            (
                "2026-11-26T09:10:08Z",
                "api: ERROR first joined by fluent bit",
                ""
            ),
            (
                "2026-11-26T09:10:09Z",
                "api: ERROR second joined by fluent bit",
                ""
            ),
            ("2026-11-26T09:10:10Z", "cart: app error", ""),
        ])
    );
    // Only the cri parser's records, as the report's second repro: read
    // as Fluent Bit, not as JSON lines without a level. A `P` part holding
    // no level word is not passed over unread, and control characters in
    // the line are not kept (nor printed).
    let only = log_of(
        &env,
        "fbcri.jsonl",
        &[
            r#"{"date":1795684212.0,"time":"2026-11-26T09:10:12Z","stream":"stdout","logtag":"F","message":"INFO started","kubernetes":{"container_name":"payments"}}"#,
            r#"{"date":1795684213.0,"time":"2026-11-26T09:10:13Z","stream":"stdout","logtag":"P","message":"{\"level\":\"fatal\",\"trace_id\":\"","kubernetes":{"container_name":"payments"}}"#,
            &format!(
                r#"{{"date":1795684213.1,"time":"2026-11-26T09:10:13.1Z","stream":"stdout","logtag":"F","message":"{T1}\",\"msg\":\"bell \\u0007 esc \\u001b[31m red\"}}","kubernetes":{{"container_name":"payments"}}}}"#
            ),
        ],
    );
    let run = env
        .import_from(
            &id,
            &[only.to_str().unwrap()],
            &["--trace-id", T1, "--dry-run"],
        )
        .ok()
        .stdout_has("fbcri.jsonl: Fluent Bit, 3 lines")
        .stdout_has("payments: bell  esc  red\n");
    assert!(!run.stdout.contains('\u{1b}'), "{}", run.stdout);
    assert!(!run.stderr.contains("no level"), "{}", run.stderr);
}

/// patt23 P12, P14, P16 and P17: level words after a leading timestamp
/// and Python's `ERROR:root:`; a dry run that says a message has more
/// lines; gzip with text appended called that; other spellings of times
/// and levels.
#[test]
fn more_plain_levels_time_spellings_and_honest_previews() {
    let (env, id) = setup();
    let cri = log_of(
        &env,
        "c.log",
        &[
            "2026-11-26T09:12:00.000000000Z stdout F 2026-11-26T09:12:00.000Z ERROR 1 --- [           main] o.s.boot.SpringApplication               : Application run failed",
            "2026-11-26T09:12:01.000000000Z stderr F 2026-11-26 09:12:01,123 - app.db - ERROR - connection refused",
            "2026-11-26T09:12:02.000000000Z stderr F ERROR:root:python basicConfig default",
            "2026-11-26T09:12:03.000000000Z stderr F 2026-11-26 09:12:03.123 UTC [1] FATAL:  the database system is starting up",
            "2026-11-26T09:12:04.000000000Z stderr F 2026-11-26 09:12:04.123 UTC [1] LOG:  checkpoint starting: time",
        ],
    );
    let run = env
        .import_from(
            &id,
            &[cri.to_str().unwrap()],
            &["--level", "error", "--dry-run"],
        )
        .ok();
    for text in [
        "09:12:00Z 2026-11-26T09:12:00.000Z ERROR 1 ---",
        "09:12:01Z 2026-11-26 09:12:01,123 - app.db - ERROR - connection refused",
        "09:12:02Z ERROR:root:python basicConfig default",
        "09:12:03Z 2026-11-26 09:12:03.123 UTC [1] FATAL:",
    ] {
        assert!(run.stdout.contains(text), "{text}\n{}", run.stdout);
    }
    assert!(!run.stdout.contains("checkpoint"), "{}", run.stdout);
    // log4j2 JsonLayout `instant` and `timeMillis`, an offset without its
    // colon, a comma fraction, Go's time.String() (logrus README), and
    // OTLP's severityNumber as its enum name.
    let spellings = log_of(
        &env,
        "t.jsonl",
        &[
            r#"{"level":"error","time":"2026-11-26T10:10:19.5+0100","msg":"offset no colon"}"#,
            r#"{"level":"error","time":"2026-11-26T09:10:20,25Z","msg":"comma fraction"}"#,
            r#"{"instant":{"epochSecond":1795684221,"nanoOfSecond":409000000},"level":"ERROR","message":"log4j2 instant"}"#,
            r#"{"timeMillis":1795684222409,"level":"ERROR","message":"log4j2 timeMillis"}"#,
            r#"{"level":"error","time":"2026-11-26 04:10:23.562264131 -0500 EST","msg":"go time.String"}"#,
            r#"{"resourceLogs":[{"resource":{},"scopeLogs":[{"logRecords":[{"timeUnixNano":"1795684224000000000","severityNumber":"SEVERITY_NUMBER_ERROR","body":{"stringValue":"enum name"}}]}]}]}"#,
            r#"{"level":"error","time":"2026-11-26T09:10:25Z","msg":"first line\nsecond line\nthird"}"#,
        ],
    );
    let run = env
        .import_from(
            &id,
            &[spellings.to_str().unwrap()],
            &["--level", "error", "--dry-run"],
        )
        .ok();
    for line in [
        "  2026-11-26T09:10:19.500Z offset no colon\n",
        "  2026-11-26T09:10:20.250Z comma fraction\n",
        "  2026-11-26T09:10:21.409Z log4j2 instant\n",
        "  2026-11-26T09:10:22.409Z log4j2 timeMillis\n",
        "  2026-11-26T09:10:23.562264131Z go time.String\n",
        "  2026-11-26T09:10:24Z enum name\n",
        "  2026-11-26T09:10:25Z first line … (2 more lines)\n",
    ] {
        assert!(run.stdout.contains(line), "{line}\n{}", run.stdout);
    }
    assert!(run.stderr.is_empty(), "{}", run.stderr);
    let mut gz = gzip(r#"{"timestamp":"2026-11-26T09:10:00Z","level":"error","message":"a"}"#);
    gz.extend_from_slice(b"garbage\n");
    let trail = write(&env.home().join("trail.gz"), &gz);
    let run = env
        .import_from(&id, &[trail.to_str().unwrap()], &["--level", "error"])
        .error(&[
            "trail.gz (gzip)",
            "data that is not gzip follows the gzip data (it starts with `garb`)",
            "decompress it by hand",
        ]);
    assert!(!run.stderr.contains("truncated"), "{}", run.stderr);
}

/// patt23 P13: times without an offset in the hour the clocks repeat are
/// read as the first pass, and the import says so, naming the line.
#[test]
fn times_in_the_repeated_hour_are_warned_about() {
    let (env, id) = setup();
    set_zone(&env, "America/New_York");
    let log = log_of(
        &env,
        "amb.jsonl",
        &[
            r#"{"timestamp":"2026-11-01 00:59:50","level":"error","message":"before fallback"}"#,
            r#"{"timestamp":"2026-11-01 01:00:10","level":"error","message":"after fallback (EST)"}"#,
        ],
    );
    let run = env
        .import_from(
            &id,
            &[log.to_str().unwrap()],
            &["--level", "error", "--no-group", "--dry-run", "--force"],
        )
        .ok();
    assert!(
        run.stderr.contains("amb.jsonl: 1 matching record has a time without a UTC offset that the clocks showed twice in the repository's time zone, America/New_York (pm.yaml `timezone`), when they went back (first: line 2)"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout
            .contains("2026-11-01T01:00:10-04:00 after fallback (EST)"),
        "{}",
        run.stdout
    );
}

/// patt25 T2: a line that is `{` alone (a dump cut short by rotation or a
/// killed process) in a JSON-lines log gathered every later record into
/// one object that never closed: 2,990 records dropped, "1 line skipped".
/// The `{` is the one bad line; the records after it are read.
#[test]
fn a_lone_open_brace_in_json_lines_does_not_swallow_the_records_after_it() {
    let (env, id) = setup();
    let mut lines: Vec<String> = (0..40)
        .map(|i| {
            serde_json::json!({
                "level": "error",
                "message": format!("rec {i}"),
                "time": format!("2026-11-26T09:10:{i:02}Z"),
            })
            .to_string()
        })
        .collect();
    lines.insert(10, "{".to_string());
    let refs: Vec<&str> = lines.iter().map(String::as_str).collect();
    let log = log_of(&env, "stray.jsonl", &refs);
    env.import_from(
        &id,
        &[log.to_str().unwrap()],
        &["--level", "error", "--dry-run"],
    )
    .ok()
    .stderr_has("1 of 41 lines")
    .stderr_has("line 11, a `{` alone: a JSON object cut short, with records after it");
    let got = import(&env, &id, &[&log], &["--level", "error"]);
    assert_eq!(got.len(), 40, "{got:?}");
    assert_eq!(got[10].1, "rec 10");
    assert_eq!(got[39].0, "2026-11-26T09:10:39Z");
}

/// Datadog Logs API v2 search results, as `curl .../api/v2/logs/events |
/// jq .` prints them, and one item a line (`jq -c '.data[]'`). The shape is
/// the API reference's (docs.datadoghq.com/api/latest/logs/, "Search
/// logs": `data[]` of `{"id", "type": "log", "attributes": {"attributes":
/// {"customAttribute": 123, "duration": 2345}, "host": "i-0123", "message":
/// "Host connected to remote", "service": "agent", "status": ..., "tags":
/// ["team:A"], "timestamp": ...}}`, `links.next`, `meta.page.after`; the
/// same `LogContent` fields in DataDog/datadog-api-client-ruby
/// docs/v1/LogContent.md). The log's own attributes (`dd.trace_id`) are
/// read beside the reserved ones.
#[test]
fn datadog_logs_api_search_results_are_read() {
    let (env, id) = setup();
    let dd = datadog(T1);
    let pretty = format!(
        r#"{{
  "data": [
    {{
      "id": "AAAAAWgN8Xwgr1vKDQAAAABBV2dOOFh3ZzZobm1mWXJFYTR0OA",
      "type": "log",
      "attributes": {{
        "attributes": {{"customAttribute": 123, "duration": 2345, "dd": {{"trace_id": "{dd}"}}, "service": "not-this"}},
        "host": "i-0123",
        "message": "Host connected to remote",
        "service": "agent",
        "status": "error",
        "tags": ["team:A"],
        "timestamp": "2026-11-26T09:10:00.250Z"
      }}
    }},
    {{
      "id": "AAAAAWgN8Xwgr1vKDQAAAABBV2dOOFh3ZzZobm1mWXJFYTR0OQ",
      "type": "log",
      "attributes": {{
        "attributes": {{}},
        "host": "i-0123",
        "message": "cache warmed",
        "service": "agent",
        "status": "info",
        "tags": [],
        "timestamp": "2026-11-26T09:10:01Z"
      }}
    }}
  ],
  "links": {{"next": "https://api.datadoghq.com/api/v2/logs/events?page%5Bcursor%5D=eyJhZnRlciI6IkFRQUFBWGdOOFh3In0"}},
  "meta": {{"elapsed": 132, "page": {{"after": "eyJhZnRlciI6IkFRQUFBWGdOOFh3In0"}}, "request_id": "pddv1ChZ", "status": "done"}}
}}
"#
    );
    let file = write(&env.home().join("dd-search.json"), pretty.as_bytes());
    env.import_from(
        &id,
        &[file.to_str().unwrap()],
        &["--trace-id", T1, "--dry-run"],
    )
    .ok()
    .stdout_has("dd-search.json: Datadog Logs API, 32 lines")
    .stdout_has("trace: dd.trace_id ×1")
    .stdout_has("09:10:00.250Z agent: Host connected to remote");
    // One item a line; a terminal escape in a message is not kept.
    let items = log_of(
        &env,
        "dd-items.jsonl",
        &[
            r#"{"id":"AQAAAXgN8Xw","type":"log","attributes":{"attributes":{},"host":"i-0123","message":"charge failed \u001b[2J","service":"payments","status":"error","tags":["env:prod"],"timestamp":"2026-11-26T09:11:00Z"}}"#,
            r#"{"id":"AQAAAXgN8Xx","type":"log","attributes":{"attributes":{},"message":"retrying","service":"payments","status":"warn","timestamp":"2026-11-26T09:11:01Z"}}"#,
            // Results of something else: not taken for logs, and said.
            r#"{"data":[{"id":"x","type":"span","attributes":{"error":1}}],"meta":{}}"#,
        ],
    );
    let run = env
        .import_from(
            &id,
            &[items.to_str().unwrap()],
            &["--level", "error", "--dry-run"],
        )
        .ok()
        .stdout_has("payments: charge failed\n")
        .stderr_has(
            "1 JSON record has no level field pm knows, so --level cannot match it (first: line 3)",
        );
    assert!(!run.stdout.contains("retrying"), "{}", run.stdout);
    assert!(!run.stdout.contains('\u{1b}'), "{}", run.stdout);
    let got = import(&env, &id, &[&file, &items], &["--level", "error"]);
    assert_eq!(
        got,
        rows(&[
            (
                "2026-11-26T09:10:00.250Z",
                "agent: Host connected to remote",
                &dd
            ),
            ("2026-11-26T09:11:00Z", "payments: charge failed", ""),
        ])
    );
    // What is stored holds no escape for a terminal to run.
    let file = env.git(&["show", &format!("HEAD:postmortems/2026/{id}.yaml")]);
    assert!(!file.contains("[2J") && !file.contains(r"\e"), "{file}");
}

/// Loki's `logcli query -o jsonl`: one `{"labels", "line", "timestamp"}`
/// a line (grafana/loki issue #5382 shows it: `{"labels": {}, "line":
/// "2022-02-05 23:51:00,951 WARN whatever\n", "timestamp":
/// "2022-02-06T01:51:03.151399002+02:00"}`; labels every line shares go
/// to standard error instead, issue #3581). `line` is the application's
/// line, a label names the service and may give the level.
#[test]
fn loki_logcli_jsonl_lines_are_read() {
    let (env, id) = setup();
    let log = log_of(
        &env,
        "loki.jsonl",
        &[
            r#"{"labels":{},"line":"2026-11-26 10:10:00,951 WARN whatever\n","timestamp":"2026-11-26T11:10:00.951+02:00"}"#,
            r#"{"labels":{"app":"checkout","namespace":"shop"},"line":"{\"level\":\"error\",\"msg\":\"payment declined\",\"trace_id\":\"5b8efff798038103d269b633813fc60c\"}","timestamp":"2026-11-26T09:10:01Z"}"#,
            r#"{"labels":{"service_name":"cart","detected_level":"error"},"line":"no level word in this line","timestamp":"2026-11-26T09:10:02Z"}"#,
            r#"{"labels":{"service_name":"cart","detected_level":"info"},"line":"INFO all fine","timestamp":"2026-11-26T09:10:03Z"}"#,
            // Wrong types: not a logcli line, read as a JSON record.
            r#"{"labels":"error","line":7,"timestamp":"2026-11-26T09:10:04Z"}"#,
        ],
    );
    env.import_from(
        &id,
        &[log.to_str().unwrap()],
        &["--level", "warn", "--dry-run"],
    )
    .ok()
    .stdout_has("loki.jsonl: JSON lines, Loki logcli, 5 lines")
    .stdout_has("service: Loki label `app` ×1, Loki label `service_name` ×1")
    .stderr_has(
        "1 JSON record has no level field pm knows, so --level cannot match it (first: line 5)",
    );
    let got = import(&env, &id, &[&log], &["--level", "warn"]);
    assert_eq!(
        got,
        rows(&[
            (
                "2026-11-26T09:10:00.951Z",
                "2026-11-26 10:10:00,951 WARN whatever",
                ""
            ),
            ("2026-11-26T09:10:01Z", "checkout: payment declined", T1),
            (
                "2026-11-26T09:10:02Z",
                "cart: no level word in this line",
                ""
            ),
        ])
    );
}

/// A response of Loki's HTTP API for `query_range` (grafana/loki docs,
/// "Query logs within a range of time": `{"status": "success", "data":
/// {"resultType": "streams", "result": [{"stream": {labels}, "values":
/// [["<unix ns>", "<line>"], ...]}], "stats": {...}}}`), newest first as
/// Loki's default `direction=backward` gives them, one stream of
/// categorized labels (`X-Loki-Response-Encoding-Flags:
/// categorize-labels`) with each entry's structured metadata as a third
/// element.
fn loki_response() -> serde_json::Value {
    serde_json::json!({
        "status": "success",
        "data": {
            "resultType": "streams",
            "result": [
                {
                    "stream": {
                        "app": "checkout",
                        "container": "checkout",
                        "namespace": "shop",
                        "pod": "checkout-7d9f-x2k4m",
                        "service_name": "checkout"
                    },
                    "values": [
                        ["1795684203000000000", r#"{"level":"info","msg":"retrying charge"}"#],
                        ["1795684201000000000", format!(r#"{{"level":"error","msg":"payment declined","trace_id":"{T1}"}}"#)],
                        ["1795684200951000000", "2026-11-26 09:10:00,951 WARN upstream slow"]
                    ]
                },
                {
                    "stream": {"detected_level": "error", "service_name": "cart"},
                    "values": [["1795684202500000000", "no level word in this line"]]
                },
                {
                    "stream": {"service_name": "cart"},
                    "values": [
                        ["1795684204000000000", "cache refresh failed", {"structuredMetadata": {"detected_level": "warn", "trace_id": T2}, "parsed": {}}]
                    ]
                },
                {
                    "stream": {"detected_level": "info", "job": "shop/worker"},
                    "values": [["1795684204000000000", "all fine"]]
                }
            ],
            "stats": {
                "summary": {
                    "bytesProcessedPerSecond": 251_620,
                    "linesProcessedPerSecond": 2_870,
                    "totalBytesProcessed": 1_314,
                    "totalLinesProcessed": 15,
                    "execTime": 0.005_226,
                    "queueTime": 0.000_071,
                    "subqueries": 0,
                    "totalEntriesReturned": 6,
                    "splits": 1,
                    "shards": 1
                },
                "querier": {"store": {"totalChunksRef": 2, "totalChunksDownloaded": 2}},
                "ingester": {"totalReached": 1, "totalLinesSent": 6}
            }
        }
    })
}

/// fix35: what `curl .../loki/api/v1/query_range` prints (one line), and
/// the same pretty-printed (`jq .`, Grafana's query inspector), is read:
/// each value a record, its time from the nanoseconds, its level from a
/// `level`, `detected_level` or `severity` label (of the stream or of the
/// entry's structured metadata) or else from the line, its service from
/// the labels as logcli's. A record inside the pretty-printed response is
/// named by the line its value starts on.
#[test]
fn loki_api_responses_are_read() {
    let (env, id) = setup();
    let response = loki_response();
    let pretty = serde_json::to_string_pretty(&response).unwrap() + "\n";
    let file = write(&env.home().join("loki.json"), pretty.as_bytes());
    let lines = pretty.lines().filter(|l| !l.trim().is_empty()).count();
    env.import_from(
        &id,
        &[file.to_str().unwrap()],
        &["--level", "warn", "--dry-run"],
    )
    .ok()
    .stdout_has(&format!("loki.json: Loki API, {lines} lines"))
    .stdout_has("time: Loki API timestamp ×4")
    .stdout_has("level: Loki label `detected_level` ×2, level ×1, the line's level word ×1")
    .stdout_has("service: Loki label `service_name` ×4");
    let expected = rows(&[
        (
            "2026-11-26T09:10:00.951Z",
            "checkout: 2026-11-26 09:10:00,951 WARN upstream slow",
            "",
        ),
        ("2026-11-26T09:10:01Z", "checkout: payment declined", T1),
        (
            "2026-11-26T09:10:02.500Z",
            "cart: no level word in this line",
            "",
        ),
        ("2026-11-26T09:10:04Z", "cart: cache refresh failed", ""),
    ]);
    assert_eq!(import(&env, &id, &[&file], &["--level", "warn"]), expected);

    // The same response as curl prints it, on one line, into a fresh
    // post-mortem: the same entries.
    let (env, id) = setup();
    let line = serde_json::to_string(&response).unwrap();
    let file = write(&env.home().join("loki-curl.json"), line.as_bytes());
    env.import_from(
        &id,
        &[file.to_str().unwrap()],
        &["--level", "warn", "--dry-run"],
    )
    .ok()
    .stdout_has("loki-curl.json: Loki API, 1 line");
    assert_eq!(import(&env, &id, &[&file], &["--level", "warn"]), expected);

    // A record long before the incident is named by its value's line.
    let mut old = response.clone();
    old["data"]["result"][1]["values"][0][0] = "1794301800000000000".into();
    let pretty = serde_json::to_string_pretty(&old).unwrap();
    let at = pretty
        .lines()
        .position(|l| l.contains("1794301800000000000"))
        .unwrap();
    assert_eq!(pretty.lines().nth(at - 1).unwrap().trim(), "[");
    let file = write(&env.home().join("loki-old.json"), pretty.as_bytes());
    let before = env.snapshot();
    env.import_from(&id, &[file.to_str().unwrap()], &["--level", "error"])
        .error(&[&format!(
            "loki-old.json, line {at}: the record at 2026-11-10 09:10:00 +00:00 is more than"
        )]);
    assert_eq!(env.snapshot(), before);
}

/// Kubernetes events as `kubectl get events -o json` prints them: a `List`
/// of core/v1 `Event`s (fields from the API reference, io.k8s.api.core.v1.Event:
/// `involvedObject`, `reason`, `message`, `type` Normal or Warning,
/// `count`, `firstTimestamp`, `lastTimestamp`, `eventTime` (null for
/// kubelet's), `reportingComponent`, `source`), and one event a line (`jq
/// -c '.items[]'`). An event reads `reason: message`, about
/// `kind/name` as kubectl and `jq '.involvedObject.kind + "/" +
/// .involvedObject.name'` scripts name it (ducet8/dotfiles
/// etc/bash.d/duce/kubectl.sh), Warning as warn.
#[test]
fn kubernetes_events_from_kubectl_are_read() {
    let (env, id) = setup();
    let list = r#"{
    "apiVersion": "v1",
    "items": [
        {
            "apiVersion": "v1",
            "count": 14,
            "eventTime": null,
            "firstTimestamp": "2026-11-26T09:05:00Z",
            "involvedObject": {
                "apiVersion": "v1",
                "fieldPath": "spec.containers{checkout}",
                "kind": "Pod",
                "name": "checkout-7d9f-x2k4m",
                "namespace": "shop",
                "resourceVersion": "48213",
                "uid": "0f6b1a52-3c1e-4e55-9d4b-1d2f0c3a9e11"
            },
            "kind": "Event",
            "lastTimestamp": "2026-11-26T09:10:30Z",
            "message": "Back-off restarting failed container checkout in pod checkout-7d9f-x2k4m_shop(0f6b1a52-3c1e-4e55-9d4b-1d2f0c3a9e11)",
            "metadata": {
                "creationTimestamp": "2026-11-26T09:05:00Z",
                "name": "checkout-7d9f-x2k4m.187b3c5e6d7f8a90",
                "namespace": "shop",
                "resourceVersion": "48290",
                "uid": "5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d"
            },
            "reason": "BackOff",
            "reportingComponent": "kubelet",
            "reportingInstance": "node-1",
            "source": {
                "component": "kubelet",
                "host": "node-1"
            },
            "type": "Warning"
        },
        {
            "action": "Binding",
            "apiVersion": "v1",
            "eventTime": "2026-11-26T09:04:59.123456Z",
            "firstTimestamp": null,
            "involvedObject": {
                "apiVersion": "v1",
                "kind": "Pod",
                "name": "checkout-7d9f-x2k4m",
                "namespace": "shop"
            },
            "kind": "Event",
            "lastTimestamp": null,
            "message": "Successfully assigned shop/checkout-7d9f-x2k4m to node-1",
            "metadata": {
                "creationTimestamp": "2026-11-26T09:04:59Z",
                "name": "checkout-7d9f-x2k4m.187b3c5e1a2b3c4d",
                "namespace": "shop"
            },
            "reason": "Scheduled",
            "reportingComponent": "default-scheduler",
            "reportingInstance": "default-scheduler-node-0",
            "source": {},
            "type": "Normal"
        }
    ],
    "kind": "List",
    "metadata": {
        "resourceVersion": ""
    }
}
"#;
    let file = write(&env.home().join("events.json"), list.as_bytes());
    let run = env
        .import_from(
            &id,
            &[file.to_str().unwrap()],
            &["--level", "info", "--dry-run"],
        )
        .ok()
        .stdout_has("events.json: Kubernetes events, 67 lines")
        .stdout_has("time: Kubernetes event `eventTime` ×1, Kubernetes event `lastTimestamp` ×1")
        .stdout_has("level: Kubernetes event `type` ×2")
        .stdout_has("09:04:59.123456Z pod/checkout-7d9f-x2k4m: Scheduled: Successfully assigned");
    assert!(run.stdout.contains("BackOff"), "{}", run.stdout);
    // One event a line, with hostile values: control characters, wrong
    // types, no reason, no time.
    let lines = log_of(
        &env,
        "events.jsonl",
        &[
            r#"{"apiVersion":"v1","kind":"Event","involvedObject":{"kind":"Node","name":"node-1"},"reason":"NodeNotReady","message":"Node node-1 status is now: NodeNotReady\u0007\u001b]0;owned\u0007","lastTimestamp":"2026-11-26T09:12:00Z","metadata":{"name":"node-1.1"},"type":"Warning"}"#,
            r#"{"apiVersion":"v1","kind":"Event","involvedObject":{"kind":7,"name":["x"]},"reason":42,"message":"OOMKilling: memory cgroup out of memory","lastTimestamp":"2026-11-26T09:12:01Z","metadata":{},"type":"Warning"}"#,
            r#"{"apiVersion":"v1","kind":"Event","involvedObject":{"kind":"Pod","name":"cart-1"},"reason":"Unhealthy","message":"Readiness probe failed","lastTimestamp":null,"eventTime":null,"metadata":{},"type":"Warning"}"#,
        ],
    );
    let run = env
        .import_from(
            &id,
            &[lines.to_str().unwrap()],
            &["--level", "warn", "--dry-run"],
        )
        .ok()
        .stdout_has("node/node-1: NodeNotReady: Node node-1 status is now: NodeNotReady\n")
        .stdout_has("09:12:01Z OOMKilling: memory cgroup out of memory")
        .stderr_has("1 matching record has no usable timestamp and was skipped (first: line 3)");
    assert!(!run.stdout.contains('\u{1b}'), "{}", run.stdout);
    let got = import(&env, &id, &[&file], &["--level", "warn"]);
    assert_eq!(
        got,
        rows(&[(
            "2026-11-26T09:10:30Z",
            "pod/checkout-7d9f-x2k4m: BackOff: Back-off restarting failed container checkout in pod checkout-7d9f-x2k4m_shop(0f6b1a52-3c1e-4e55-9d4b-1d2f0c3a9e11)",
            ""
        )])
    );
}

/// Session 35's log attack: formats whose errors were dropped or whose
/// times were not read. GELF (Graylog) keeps its text in `short_message`
/// and a syslog severity in `level` (3 is an error, not pino's trace);
/// PostgreSQL's jsonlog writes `2026-11-26 09:02:48.397 UTC`; nginx's
/// JSON access logs carry `$time_local`.
#[test]
fn gelf_postgres_and_nginx_json_logs_are_read() {
    let (env, id) = setup();
    let gelf = log_of(
        &env,
        "gelf.json",
        &[
            r#"{"version":"1.1","host":"web1","short_message":"upstream timed out (110: Connection timed out)","timestamp":1795684201.5,"level":3,"_container_name":"nginx"}"#,
            r#"{"version":"1.1","host":"web1","short_message":"worker started","timestamp":1795684202.5,"level":6}"#,
        ],
    );
    let entries = import(&env, &id, &[&gelf], &["--level", "error"]);
    assert_eq!(
        entries,
        rows(&[(
            "2026-11-26T09:10:01.500Z",
            "upstream timed out (110: Connection timed out)",
            ""
        )])
    );

    let (env, id) = setup();
    let pg = log_of(
        &env,
        "pg.json",
        &[
            r#"{"timestamp":"2026-11-26 09:02:48.397 UTC","user":"postgres","dbname":"shop","pid":112,"error_severity":"ERROR","state_code":"40P01","message":"deadlock detected"}"#,
            r#"{"timestamp":"2026-11-26 09:03:00.001 UTC","user":"app","dbname":"shop","pid":113,"error_severity":"LOG","message":"checkpoint starting: time"}"#,
        ],
    );
    let entries = import(
        &env,
        &id,
        &[&pg],
        &["--level-field", "error_severity", "--level", "error"],
    );
    assert_eq!(
        entries,
        rows(&[("2026-11-26T09:02:48.397Z", "deadlock detected", "")])
    );

    let (env, id) = setup();
    let nginx = log_of(
        &env,
        "access.json",
        &[
            r#"{"remote_ip":"10.135.46.111","time_local":"26/Nov/2026:17:19:34 +0800","status":"502","level":"error","request":"POST /event/dispatch HTTP/1.1"}"#,
        ],
    );
    let entries = import(
        &env,
        &id,
        &[&nginx],
        &[
            "--time-field",
            "time_local",
            "--message-field",
            "request",
            "--level",
            "error",
        ],
    );
    assert_eq!(
        entries,
        rows(&[("2026-11-26T09:19:34Z", "POST /event/dispatch HTTP/1.1", "")])
    );
}

/// A time field whose value pm cannot read is quoted, with the forms pm
/// reads, not answered with "name the field with --time-field" when the
/// field was named; and a run that skipped every match does not say that
/// nothing matched (session 35's log attack).
#[test]
fn an_unreadable_time_is_quoted_and_skipped_matches_are_not_no_match() {
    let (env, id) = setup();
    let pg = log_of(
        &env,
        "pg.json",
        &[
            r#"{"timestamp":"2026-11-26 10:06:01.001 CET","error_severity":"FATAL","message":"relation \"userz\" does not exist"}"#,
        ],
    );
    let before = env.snapshot();
    let run = env
        .import_from(
            &id,
            &[pg.to_str().unwrap()],
            &["--time-field", "timestamp", "--level-field", "error_severity", "--level", "error"],
        )
        .ok()
        .stderr_has("pg.json: 1 matching record has a time pm cannot read and was skipped (first: line 1, `timestamp`: `2026-11-26 10:06:01.001 CET`); pm reads RFC 3339")
        .stdout_has("Nothing added: the 1 matching record was skipped (the warning above says why).");
    assert!(
        !run.stderr.contains("name the field with"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stdout.contains("No log lines matched"),
        "{}",
        run.stdout
    );
    // A field named that the records do not have is said to be missing.
    env.import_from(
        &id,
        &[pg.to_str().unwrap()],
        &["--time-field", "ts", "--level-field", "error_severity", "--level", "error"],
    )
    .ok()
    .stderr_has("pg.json: 1 matching record has no `ts` field (--time-field) and was skipped (first: line 1)");
    assert_eq!(before, env.snapshot());
}

/// A list of records inside one object (CloudTrail's `{"Records": [...]}`
/// as S3 holds it): laid out over many lines, from a first line
/// `{"Records": [` or `{"Records": [{`, its records are read as an
/// array's are, each named by its line; all on one line, the object is
/// one record, with a note giving the jq that hands pm its records one a
/// line. (The first was refused as "not JSON", or lost all records but
/// the last; session 35's attacks.)
#[test]
fn a_list_of_records_in_one_object_is_read_or_gets_the_jq_that_unwraps_it() {
    let by_event_name = [
        "--level",
        "error",
        "--time-field",
        "eventTime",
        "--message-field",
        "eventName",
    ];
    let (env, id) = setup();
    let record = |minute: u32, level: &str, text: &str| {
        format!(
            r#"{{"eventTime":"2026-11-26T09:{minute:02}:00Z","level":"{level}","eventName":"{text}"}}"#
        )
    };
    let one_a_line = log_of(
        &env,
        "trail.json",
        &[
            r#"{"Records": ["#,
            &format!("{},", record(12, "error", "ModifyDBInstance")),
            &format!("{},", record(13, "info", "DescribeDBInstances")),
            &record(14, "error", "RebootDBInstance"),
            "]}",
        ],
    );
    let entries = import(&env, &id, &[&one_a_line], &by_event_name);
    let texts: Vec<&str> = entries.iter().map(|(_, t, _)| t.as_str()).collect();
    assert_eq!(texts, ["ModifyDBInstance", "RebootDBInstance"]);

    let (env, id) = setup();
    let pretty = write(
        &env.home().join("pretty.json"),
        br#"{"Records": [{
    "eventVersion": "1.08",
    "eventTime": "2026-11-26T09:12:00Z",
    "level": "error",
    "eventName": "ModifyDBInstance"
},
{
    "eventVersion": "1.08",
    "eventTime": "2026-11-26T09:13:00Z",
    "level": "error",
    "eventName": "DescribeDBInstances"
}]}
"#,
    );
    let entries = import(&env, &id, &[&pretty], &by_event_name);
    assert_eq!(entries.len(), 2, "{entries:?}");

    let (env, id) = setup();
    let one_line = log_of(
        &env,
        "s3.json",
        &[&format!(
            r#"{{"Records":[{},{}]}}"#,
            record(12, "error", "ModifyDBInstance"),
            record(13, "error", "RebootDBInstance")
        )],
    );
    // As CloudTrail writes its S3 objects (one line, gzipped): each item
    // of `Records` is a record (session 36: it was one record, and the jq
    // note pm gave could not read the gzip).
    let path = one_line.to_str().unwrap();
    let gz = write(
        &env.home().join("s3.json.gz"),
        &gzip(&std::fs::read_to_string(path).unwrap()),
    );
    let entries = import(&env, &id, &[&gz], &by_event_name);
    let texts: Vec<&str> = entries.iter().map(|(_, t, _)| t.as_str()).collect();
    assert_eq!(texts, ["ModifyDBInstance", "RebootDBInstance"]);
    // Another key holding a list on one line is still one record, with
    // the jq that hands pm its items.
    let other = log_of(
        &env,
        "wrapped.json",
        &[&format!(
            r#"{{"rows":[{},{}]}}"#,
            record(15, "error", "A"),
            record(16, "error", "B")
        )],
    );
    let path = other.to_str().unwrap();
    env.import_from(&id, &[path], &["--level", "error", "--dry-run"])
        .ok()
        .stderr_has(&format!(
            "note: {path}: line 1 is one object whose `rows` holds 2 objects, read as one record; if those are the records, give them to pm one a line: jq -c '.rows[]' {path} | pm timeline import --from - ..."
        ));
    // Gzipped, the recipe decompresses first: jq reads no gzip.
    let gz = write(
        &env.home().join("wrapped.json.gz"),
        &gzip(&std::fs::read_to_string(&other).unwrap()),
    );
    let path = gz.to_str().unwrap();
    env.import_from(&id, &[path], &["--level", "error", "--dry-run"])
        .ok()
        .stderr_has(&format!("give them to pm one a line: gzip -dc {path} | jq -c '.rows[]' | pm timeline import --from - ..."));
}

/// `kubectl logs --timestamps` and `docker logs --timestamps` put an RFC
/// 3339 time before each line: read as the line's time, its level from
/// the line (a klog header, a level word), where such a log was refused
/// with a jq recipe that did not fit it (session 35's log attack).
#[test]
fn kubectl_and_docker_logs_with_timestamps_are_read() {
    let (env, id) = setup();
    let log = log_of(
        &env,
        "kubectl.log",
        &[
            "2026-11-26T09:26:53.424155137Z I1126 09:26:53.424082       1 main.go:227] handling current node",
            "2026-11-26T09:26:54.102356021Z E1126 09:26:54.102299       1 reflector.go:138] Failed to watch *v1.Pod: Unauthorized",
            "2026-11-26T09:27:00.000000000Z ERROR checkout: payment provider timeout",
            "2026-11-26T09:27:01.000000000Z INFO checkout: retrying",
        ],
    );
    let entries = import(&env, &id, &[&log], &["--level", "error"]);
    let texts: Vec<(&str, &str)> = entries
        .iter()
        .map(|(at, text, _)| (at.as_str(), text.as_str()))
        .collect();
    assert_eq!(
        texts,
        [
            (
                "2026-11-26T09:26:54.102356021Z",
                "E1126 09:26:54.102299       1 reflector.go:138] Failed to watch *v1.Pod: Unauthorized"
            ),
            (
                "2026-11-26T09:27:00Z",
                "ERROR checkout: payment provider timeout"
            ),
        ]
    );
}

/// journalctl's export format is named, with the `-o json` pm reads, not
/// the plain-text jq recipe (session 35's log attack).
#[test]
fn journal_export_format_is_named_with_the_json_pm_reads() {
    let (env, id) = setup();
    let export = log_of(
        &env,
        "journal.export",
        &[
            "__CURSOR=s=739ad463348b4ceca5a9e69c95a3c93f;i=4ece7",
            "__REALTIME_TIMESTAMP=1795684200000000",
            "PRIORITY=3",
            "MESSAGE=payment provider timeout",
            "",
        ],
    );
    let before = env.snapshot();
    let run = env
        .import_from(&id, &[export.to_str().unwrap()], &["--level", "error"])
        .error(&[
            "this is journalctl's export format (`-o export`); pm reads its JSON: journalctl -o json",
            "nothing was imported",
        ]);
    assert!(!run.stderr.contains("jq -R"), "{}", run.stderr);
    assert_eq!(before, env.snapshot());
}

/// AWS CloudTrail records as CloudTrail writes them to S3: no level and
/// no message field. Their time is `eventTime`, their service
/// `eventSource`; a call that failed (`errorCode`) is an error and any
/// other call information; the entry says the call, who made it and the
/// error. They were skipped as having no time (session 35's log attack
/// left it open).
#[test]
fn cloudtrail_records_are_read_with_failed_calls_as_errors() {
    let (env, id) = setup();
    let log = write(
        &env.home().join("trail.json"),
        br#"{"Records": [
  {"eventVersion": "1.08", "userIdentity": {"type": "AssumedRole", "arn": "arn:aws:sts::123456789012:assumed-role/deploy/ci"},
   "eventTime": "2026-11-26T09:12:00Z", "eventSource": "s3.amazonaws.com", "eventName": "PutBucketPolicy",
   "awsRegion": "us-east-1", "errorCode": "AccessDenied", "errorMessage": "Access Denied"},
  {"eventVersion": "1.08", "userIdentity": {"type": "AWSService", "invokedBy": "autoscaling.amazonaws.com"},
   "eventTime": "2026-11-26T09:13:00Z", "eventSource": "ec2.amazonaws.com", "eventName": "TerminateInstances",
   "awsRegion": "us-east-1", "errorCode": ""}
]}
"#,
    );
    let entries = import(&env, &id, &[&log], &["--level", "error"]);
    let texts: Vec<&str> = entries.iter().map(|(_, text, _)| text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "s3.amazonaws.com: PutBucketPolicy by arn:aws:sts::123456789012:assumed-role/deploy/ci: AccessDenied: Access Denied"
        ]
    );

    let (env, id) = setup();
    let log = write(
        &env.home().join("trail.json"),
        &std::fs::read(&log).unwrap(),
    );
    let entries = import(&env, &id, &[&log], &["--level", "info"]);
    let texts: Vec<&str> = entries.iter().map(|(_, text, _)| text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "s3.amazonaws.com: PutBucketPolicy by arn:aws:sts::123456789012:assumed-role/deploy/ci: AccessDenied: Access Denied",
            "ec2.amazonaws.com: TerminateInstances by autoscaling.amazonaws.com",
        ]
    );
}

/// Google Cloud entries with no text payload, as `gcloud logging read
/// --format=json` gives a Cloud Run request and an audit record: the
/// request is its method, URL and status, the audit record its method
/// and status message; they were skipped as having no message (session
/// 35's log attack).
#[test]
fn google_cloud_request_and_audit_entries_are_read() {
    let (env, id) = setup();
    let log = write(
        &env.home().join("gcloud.json"),
        br#"[
  {
    "httpRequest": {"requestMethod": "GET", "requestUrl": "https://frontend-abc-uc.a.run.app/checkout", "status": 503, "latency": "0.003562s"},
    "logName": "projects/shop-prod/logs/run.googleapis.com%2Frequests",
    "resource": {"type": "cloud_run_revision", "labels": {"service_name": "frontend"}},
    "severity": "ERROR",
    "timestamp": "2026-11-26T09:13:00.250187Z"
  },
  {
    "protoPayload": {"@type": "type.googleapis.com/google.cloud.audit.AuditLog", "methodName": "google.cloud.run.v1.Services.ReplaceService", "status": {"code": 7, "message": "Permission denied"}},
    "resource": {"type": "cloud_run_revision", "labels": {"service_name": "frontend"}},
    "severity": "ERROR",
    "timestamp": "2026-11-26T09:13:02Z"
  }
]
"#,
    );
    let entries = import(&env, &id, &[&log], &["--level", "error"]);
    let texts: Vec<&str> = entries.iter().map(|(_, text, _)| text.as_str()).collect();
    assert_eq!(
        texts,
        [
            "frontend: GET https://frontend-abc-uc.a.run.app/checkout 503",
            "frontend: google.cloud.run.v1.Services.ReplaceService: Permission denied",
        ]
    );
}

// --- session 37's log attack: servers' own text logs ---

/// The text logs servers write, read as they are: `journalctl -o
/// short-iso` (an offset without a colon, the level word after `host
/// app[pid]:`), PostgreSQL (`UTC` after the time), MySQL's error log (a
/// thread id before `[ERROR]`), nginx's error log (slashes, no offset),
/// Apache's `[proxy:error]`, a console's coloured `ERROR`, and a Python
/// traceback's lines, which continue the record before them and go into
/// its entry.
#[test]
fn servers_text_logs_are_read_with_their_level_words() {
    let (env, id) = setup();
    let log = log_of(
        &env,
        "servers.log",
        &[
            "2026-11-26T04:05:43-0500 db01 postgres[2211]: FATAL:  could not write to file \"pg_wal/xlogtemp.2211\"",
            "2026-11-26T04:05:44-0500 db01 kernel: EXT4-fs warning (device nvme1n1p1)",
            "2026-11-26 09:06:48.397 UTC [2211] FATAL:  remaining connection slots are reserved",
            "2026-11-26 09:06:49.100 UTC [2212] LOG:  checkpoint starting: time",
            "2026-11-26T09:07:09.000001Z 1 [ERROR] [MY-012592] [InnoDB] Operating system error number 28",
            "2026-11-26T09:07:10.000001Z 0 [System] [MY-010116] [Server] starting as process 1",
            "2026/11/26 09:08:05 [error] 1234#0: *5 connect() failed (111: Connection refused)",
            "2026-11-26T09:09:00Z [proxy:error] [pid 12] AH00898: Error reading from remote server",
            "2026-11-26T09:10:00Z \u{1b}[31mERROR\u{1b}[0m payment worker crashed",
            "2026-11-26 09:11:05,456 ERROR app.db: could not connect to server",
            "Traceback (most recent call last):",
            "  File \"/app/db.py\", line 12, in connect",
            "psycopg2.OperationalError: could not connect to server",
            "2026-11-26 09:11:06,000 INFO app.retry: retrying in 5s",
        ],
    );
    env.import_from(
        &id,
        &[log.to_str().unwrap()],
        &["--level", "error", "--dry-run"],
    )
    .ok()
    .stdout_has("timestamped lines, 14 lines, 3 lines continuing the line before (a stack trace, a wrapped message), added to their records' entries")
    .stdout_has("level: the line's level word ×7");
    let texts: Vec<String> = import(&env, &id, &[&log], &["--level", "error"])
        .into_iter()
        .map(|e| format!("{} {}", e.0, e.1))
        .collect();
    assert_eq!(
        texts,
        [
            "2026-11-26T09:05:43Z db01 postgres[2211]: FATAL:  could not write to file \"pg_wal/xlogtemp.2211\"",
            "2026-11-26T09:06:48.397Z [2211] FATAL:  remaining connection slots are reserved",
            "2026-11-26T09:07:09.000001Z 1 [ERROR] [MY-012592] [InnoDB] Operating system error number 28",
            "2026-11-26T09:08:05Z [error] 1234#0: *5 connect() failed (111: Connection refused)",
            "2026-11-26T09:09:00Z [proxy:error] [pid 12] AH00898: Error reading from remote server",
            "2026-11-26T09:10:00Z ERROR payment worker crashed",
            "2026-11-26T09:11:05.456Z ERROR app.db: could not connect to server\nTraceback (most recent call last):\n  File \"/app/db.py\", line 12, in connect\npsycopg2.OperationalError: could not connect to server",
        ]
    );
}

/// Syslog in RFC 5424's format: the priority is the level (here the only
/// place it is), the app name the service; a classic syslog line, whose
/// time has no year, is refused saying how to export it with one.
#[test]
fn syslog_lines_are_read_by_their_priority() {
    let (env, id) = setup();
    let log = log_of(
        &env,
        "syslog.log",
        &[
            "<165>1 2026-11-26T09:10:00.003Z db01 pgbouncer 1234 ID47 [meta@32473 note=\"a \\] b\"] pool full, 120 clients waiting",
            "<163>1 2026-11-26T04:10:05.000-05:00 db01 pgbouncer 1234 - - closing because: server conn crashed?",
            "<130>1 2026-11-26T09:12:00Z db01 haproxy - - - backend checkout has no server available",
        ],
    );
    env.import_from(&id, &[log.to_str().unwrap()], &["--level", "error"])
        .ok()
        .stdout_has("Added 2 entries");
    let entries = env.pm(&["timeline", "list", &id, "--json"]).ok().json();
    let got: Vec<String> = entries["entries"].as_array().unwrap()[1..]
        .iter()
        .map(|e| {
            format!(
                "{} {}",
                e["at"].as_str().unwrap(),
                e["text"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "2026-11-26T09:10:05Z pgbouncer: closing because: server conn crashed?",
            "2026-11-26T09:12:00Z haproxy: backend checkout has no server available",
        ]
    );
    let classic = log_of(
        &env,
        "messages",
        &["Nov 26 09:05:42 db01 kernel: EXT4-fs error (device nvme1n1p1)"],
    );
    env.import_from(&id, &[classic.to_str().unwrap()], &["--level", "error"])
        .error(&[
            "classic syslog",
            "no year",
            "journalctl -o short-iso",
            "nothing was imported",
        ]);
}

/// The attack on the text-log reader (session 38): a line that starts
/// with a date whose time pm cannot read is a record skipped with a
/// warning, never taken for the line before continued; colour before the
/// time, JSON after a time without an offset, an hour offset after a
/// space, Kafka's bracketed time, a klog header after `app[pid]:`,
/// `sshd[9]: error:` and .NET's `fail:` are read; a capital word inside a
/// sentence is no level; a window title sequence leaves nothing behind.
#[test]
fn text_lines_the_attack_found() {
    let (env, id) = setup();
    let log = log_of(
        &env,
        "mixed.log",
        &[
            "2026-11-26 09:10:00 ERROR first",
            "2026-02-30 09:10:00 ERROR a day that does not exist",
            "2026-11-26 09:10:01 The FATAL flaw in the design was noted",
            "\u{1b}[2m2026-11-26T09:10:02.123456Z\u{1b}[0m \u{1b}[31mERROR\u{1b}[0m checkout: timeout",
            "2026-11-26 09:10:03 {\"level\":\"error\",\"msg\":\"json after the time\",\"service\":\"inner\"}",
            "2026-11-26 06:10:04.500 -03 [1234] ERROR:  deadlock detected",
            "[2026-11-26 09:10:05,123] ERROR [Controller id=1] kafka broker lost",
            "2026-11-26T09:10:06+0000 node kubelet[1]: E1126 09:10:06.000000 1 k.go:1] pod sync failed",
            "2026-11-26T09:10:07Z host sshd[9]: error: kex_exchange_identification",
            "2026-11-26 09:10:08 fail: Microsoft.AspNetCore.Server.Kestrel[13] unhandled",
            "2026-11-26 09:10:09 ERROR \u{1b}]0;pwned-title\u{7}titled",
        ],
    );
    let run = env
        .import_from(&id, &[log.to_str().unwrap()], &["--level", "error"])
        .ok()
        .stdout_has("Added 9 entries");
    assert!(
        run.stderr.contains("1 of 11 lines")
            && run
                .stderr
                .contains("line 2, a line that starts with a date, but with a time pm cannot read"),
        "{}",
        run.stderr
    );
    let texts: Vec<String> = imported(&env, &id)
        .into_iter()
        .map(|e| format!("{} {}", e.0, e.1))
        .collect();
    assert_eq!(
        texts,
        [
            "2026-11-26T09:10:00Z ERROR first",
            "2026-11-26T09:10:02.123456Z ERROR checkout: timeout",
            "2026-11-26T09:10:03Z inner: json after the time",
            "2026-11-26T09:10:04.500Z [1234] ERROR:  deadlock detected",
            "2026-11-26T09:10:05.123Z ERROR [Controller id=1] kafka broker lost",
            "2026-11-26T09:10:06Z node kubelet[1]: E1126 09:10:06.000000 1 k.go:1] pod sync failed",
            "2026-11-26T09:10:07Z host sshd[9]: error: kex_exchange_identification",
            "2026-11-26T09:10:08Z fail: Microsoft.AspNetCore.Server.Kestrel[13] unhandled",
            "2026-11-26T09:10:09Z ERROR titled",
        ]
    );
}

/// A log line that carried a credential (a Stripe key in a URL, a bearer
/// token, a password in JSON) is written with `[redacted]` in its place:
/// the post-mortem is committed and shared, and git keeps what it is
/// given. The import says how many it replaced; nothing of the secret is
/// in the repository's history.
#[test]
fn credentials_in_log_lines_are_redacted_before_writing() {
    let (env, id) = setup();
    let log = log_of(
        &env,
        "gateway.jsonl",
        &[
            r#"{"time":"2026-11-26T09:10:00Z","level":"error","msg":"GET /v1/charges?token=sk_live_4eC39HqLyjWDarjtT1zdp7dc&limit=3 502"}"#,
            r#"{"time":"2026-11-26T09:10:01Z","level":"error","msg":"401 for Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NSJ9.c2lnbmF0dXJlLXZhbHVl"}"#,
            r#"{"time":"2026-11-26T09:10:02Z","level":"error","msg":"pool exhausted after 30s (max=50)"}"#,
        ],
    );
    let run = env
        .import_from(&id, &[log.to_str().unwrap()], &["--level", "error"])
        .ok()
        .stdout_has("Added 3 entries");
    assert!(
        run.stderr
            .contains("2 credentials in the matching records (API keys, tokens, passwords) replaced with `[redacted]`"),
        "{}",
        run.stderr
    );
    let texts: Vec<String> = imported(&env, &id).into_iter().map(|e| e.1).collect();
    assert_eq!(
        texts,
        [
            "GET /v1/charges?token=[redacted]&limit=3 502",
            "401 for Authorization: Bearer [redacted]",
            "pool exhausted after 30s (max=50)",
        ]
    );
    let history = std::process::Command::new("git")
        .args(["log", "-p", "--all"])
        .current_dir(&env.repo)
        .output()
        .unwrap();
    let history = String::from_utf8_lossy(&history.stdout);
    assert!(!history.contains("sk_live_4eC39"), "{history}");
    assert!(!history.contains("eyJzdWIiOiIxMjM0NSJ9"), "{history}");
}

/// The credentials a CI job or a client library prints in everyday forms
/// (attack 76): a token with a prefix (`GITHUB_TOKEN=`), a hyphenated
/// key (`Api-Key:`), a secret key (Django's `SECRET_KEY`), a passphrase,
/// a Redis URL with a password and no user. None reaches git's history;
/// a count of tokens is not a token.
#[test]
fn credentials_in_everyday_forms_are_redacted_too() {
    let (env, id) = setup();
    let log = log_of(
        &env,
        "ci.jsonl",
        &[
            r#"{"time":"2026-11-26T09:10:00Z","level":"error","msg":"connect redis://:S3cretRedisPw@cache:6379/0 refused"}"#,
            r#"{"time":"2026-11-26T09:10:01Z","level":"error","msg":"env GITHUB_TOKEN=S3cretGh NPM_TOKEN=S3cretNpm"}"#,
            r#"{"time":"2026-11-26T09:10:02Z","level":"error","msg":"401 with Api-Key: S3cretApiKey"}"#,
            r#"{"time":"2026-11-26T09:10:03Z","level":"error","msg":"boot SECRET_KEY=S3cretDjango passphrase=S3cretPhrase"}"#,
            r#"{"time":"2026-11-26T09:10:04Z","level":"error","msg":"model refused max_tokens=4096"}"#,
        ],
    );
    env.import_from(&id, &[log.to_str().unwrap()], &["--level", "error"])
        .ok()
        .stdout_has("Added 5 entries");
    let texts: Vec<String> = imported(&env, &id).into_iter().map(|e| e.1).collect();
    assert_eq!(
        texts,
        [
            "connect redis://:[redacted]@cache:6379/0 refused",
            "env GITHUB_TOKEN=[redacted] NPM_TOKEN=[redacted]",
            "401 with Api-Key: [redacted]",
            "boot SECRET_KEY=[redacted] passphrase=[redacted]",
            "model refused max_tokens=4096",
        ]
    );
    let history = env.git(&["log", "-p", "--all"]);
    assert!(!history.contains("S3cret"), "{history}");
}

/// logfmt lines with a time (logrus, Docker's daemon, Traefik,
/// Prometheus) are read as the records they stand for: `time`/`ts`,
/// `level`, `msg`, quoted values with escapes; a logfmt line without a
/// time is no record.
#[test]
fn logfmt_lines_are_read() {
    let (env, id) = setup();
    let log = log_of(
        &env,
        "daemon.log",
        &[
            r#"time="2026-11-26T09:10:00Z" level=info msg="starting""#,
            r#"time="2026-11-26T09:10:05Z" level=error msg="dial tcp 10.0.0.5:5432: connect: \"refused\"" module=db"#,
            r#"ts=2026-11-26T09:10:06.123Z caller=main.go:12 level=warn msg="slow query" service=orders"#,
        ],
    );
    env.import_from(
        &id,
        &[log.to_str().unwrap()],
        &["--level", "warn", "--dry-run"],
    )
    .ok()
    .stdout_has("logfmt lines, 3 lines")
    .stdout_has("time: time ×1, ts ×1");
    let texts: Vec<String> = import(&env, &id, &[&log], &["--level", "warn"])
        .into_iter()
        .map(|e| format!("{} {}", e.0, e.1))
        .collect();
    assert_eq!(
        texts,
        [
            "2026-11-26T09:10:05Z dial tcp 10.0.0.5:5432: connect: \"refused\"",
            "2026-11-26T09:10:06.123Z orders: slow query",
        ]
    );
    let untimed = log_of(&env, "untimed.log", &["level=error msg=boom"]);
    env.import_from(&id, &[untimed.to_str().unwrap()], &["--level", "error"])
        .error(&["no line is a log record pm can read"]);
}

/// A pretty-printed object whose first key is on the `{` line (`{
/// "time": ...,`, as some printers write it) is read whole, as one with
/// `{` alone on its line is; a line of that shape that never closes
/// before whole records is the one bad line, named, and the records after
/// it are read.
#[test]
fn a_pretty_printed_object_with_its_first_key_by_the_brace_is_read() {
    let (env, id) = setup();
    let one = log_of(
        &env,
        "one.json",
        &[
            r#"{ "time": "2026-11-26T09:10:00Z","#,
            r#"  "level": "error","#,
            r#"  "context": { "attempt": 3 },"#,
            r#"  "message": "payment provider timeout","#,
            r#"  "service": "checkout" }"#,
        ],
    );
    env.import_from(
        &id,
        &[one.to_str().unwrap()],
        &["--level", "error", "--dry-run"],
    )
    .ok()
    .stdout_has("one.json: JSON lines, 5 lines")
    .stdout_has("2026-11-26T09:10:00Z checkout: payment provider timeout");
    let cut = log_of(
        &env,
        "cut.jsonl",
        &[
            r#"{"time": "2026-11-26T09:10:01Z", "level": "error", "message": "cut", "attrs": {"a": 1,"#,
            r#"{"time":"2026-11-26T09:10:02Z","level":"error","msg":"after the cut"}"#,
        ],
    );
    let run = env
        .import_from(
            &id,
            &[cut.to_str().unwrap()],
            &["--level", "error", "--dry-run"],
        )
        .ok()
        .stdout_has("Would add 1 entry");
    assert!(
        run.stderr.contains("1 of 2 lines is not JSON or a known log envelope and was skipped (first: line 1, a JSON object cut short (its `}` never came), with records after it)"),
        "{}",
        run.stderr
    );
    assert_eq!(
        import(&env, &id, &[&one, &cut], &["--level", "error"])
            .into_iter()
            .map(|e| e.1)
            .collect::<Vec<_>>(),
        ["checkout: payment provider timeout", "after the cut"]
    );
}

/// An `--until` given to the second takes in that whole second: the
/// record at 09:10:22.500 is kept by `--until 09:10:22` (and by its RFC
/// 3339 spelling), not by `--until 2026-11-26T09:10:22.4Z`; `--since 09:10:22` starts
/// at the second's beginning, so a window of one second holds its
/// records. To the minute, `--until 09:10` is 09:10:00.
#[test]
fn until_to_the_second_takes_in_the_whole_second() {
    let (env, id) = setup();
    let log = log_of(
        &env,
        "app.jsonl",
        &[
            r#"{"time":"2026-11-26T09:10:21.900Z","level":"error","msg":"before"}"#,
            r#"{"time":"2026-11-26T09:10:22Z","level":"error","msg":"on the second"}"#,
            r#"{"time":"2026-11-26T09:10:22.500Z","level":"error","msg":"within it"}"#,
            r#"{"time":"2026-11-26T09:10:23Z","level":"error","msg":"after"}"#,
        ],
    );
    let from = log.to_str().unwrap();
    for (since, until, adds) in [
        ("09:10:00", "09:10:22", "Would add 3 entries"),
        ("09:10:22", "2026-11-26T09:10:22Z", "Would add 2 entries"),
        ("09:10:00", "2026-11-26T09:10:22.4Z", "Would add 2 entries"),
        ("09:00", "09:10", "Would add 0"),
    ] {
        let run = env.import_from(
            &id,
            &[from],
            &[
                "--level",
                "error",
                "--since",
                since,
                "--until",
                until,
                "--dry-run",
            ],
        );
        if adds == "Would add 0" {
            run.ok().stdout_has("No log lines matched");
        } else {
            run.ok().stdout_has(adds).stdout_lacks("after");
        }
    }
    assert_eq!(
        import(
            &env,
            &id,
            &[&log],
            &[
                "--level",
                "error",
                "--since",
                "09:10:22",
                "--until",
                "2026-11-26T09:10:22Z",
            ],
        )
        .into_iter()
        .map(|e| format!("{} {}", e.0, e.1))
        .collect::<Vec<_>>(),
        [
            "2026-11-26T09:10:22Z on the second",
            "2026-11-26T09:10:22.500Z within it",
        ]
    );
}
