//! pm timeline import from the text and JSON shapes of servers and
//! Windows that a helper found refused or misread in real logs: NLog,
//! Windows' CBS.log, Ruby's Logger (Rails), Apache httpd's error log, IIS
//! (W3C extended), `docker compose logs`, `Get-WinEvent | ConvertTo-Json`;
//! with what pm says of a table or XML it does not read, of a line that
//! is not UTF-8 and of a time the clocks skipped.
//!
//! The sample lines are written for these tests from each format's public
//! description (layouts and field names), with made-up hosts and messages.

use crate::logs::{import, log_of, set_zone, setup};

fn texts(entries: Vec<(String, String, String)>) -> Vec<String> {
    entries
        .into_iter()
        .map(|(at, text, _)| format!("{at} {text}"))
        .collect()
}

/// Fields separated by `|` or `,` right after the time (NLog's default
/// layout, with and without an event id; CBS.log), a Ruby Logger line
/// (its level letter, its pid after the time), and Apache httpd's error
/// log (a C `ctime` in brackets, 2.2 and 2.4 layouts).
#[test]
fn servers_and_windows_text_layouts_are_read() {
    let (env, id) = setup();
    let log = log_of(
        &env,
        "mixed.log",
        &[
            "2026-11-26 09:10:00.1234|ERROR|Shop.Api.Startup|Unhandled exception while charging",
            "2026-11-26 09:10:01.0000|7|INFO|Shop.Api.Startup|Request finished",
            "2026-11-26 09:10:02.5000|12|FATAL|Shop.Worker|Worker stopped",
            "2026-11-26 09:11:00, Error                 CBS    Failed to resolve package [HRESULT = 0x800f0922]",
            "2026-11-26 09:11:01, Info                  CBS    Session initialized",
            "E, [2026-11-26T09:12:00.123456 #9464] ERROR -- : Redis::TimeoutError: Connection timed out",
            "I, [2026-11-26T09:12:01.000000 #9464]  INFO -- : Completed 200 OK in 12ms",
            "[Thu Nov 26 09:13:00 2026] [error] [client 10.0.0.9] File does not exist: /srv/www/favicon.ico",
            "[Thu Nov 26 09:13:01.402915 2026] [proxy:error] [pid 4242:tid 1399] AH00957: backend connect failed",
            "[Thu Nov 26 09:13:02 2026] [notice] caught SIGTERM, shutting down",
        ],
    );
    let entries = import(&env, &id, &[&log], &["--level", "error"]);
    assert_eq!(
        texts(entries),
        [
            "2026-11-26T09:10:00.123400Z ERROR|Shop.Api.Startup|Unhandled exception while charging",
            "2026-11-26T09:10:02.500Z 12|FATAL|Shop.Worker|Worker stopped",
            "2026-11-26T09:11:00Z Error                 CBS    Failed to resolve package [HRESULT = 0x800f0922]",
            "2026-11-26T09:12:00.123456Z ERROR -- : Redis::TimeoutError: Connection timed out",
            "2026-11-26T09:13:00Z [error] [client 10.0.0.9] File does not exist: /srv/www/favicon.ico",
            "2026-11-26T09:13:01.402915Z [proxy:error] [pid 4242:tid 1399] AH00957: backend connect failed",
        ]
    );
}

/// An IIS log (the W3C extended format): `#` directives name the columns,
/// the HTTP status gives the level (5xx error, 4xx warn), and the times
/// are UTC as the format says, whatever the repository's zone.
#[test]
fn iis_w3c_logs_are_read_by_their_fields_and_status() {
    let (env, id) = setup();
    set_zone(&env, "Europe/Berlin");
    let log = log_of(
        &env,
        "u_ex261126.log",
        &[
            "#Software: Microsoft Internet Information Services 10.0",
            "#Version: 1.0",
            "#Date: 2026-11-26 09:00:00",
            "#Fields: date time s-ip cs-method cs-uri-stem cs-uri-query s-port cs-username c-ip cs(User-Agent) sc-status sc-substatus sc-win32-status time-taken",
            "2026-11-26 09:10:00 10.1.1.5 POST /checkout/pay - 443 - 203.0.113.7 Mozilla/5.0 503 0 0 30012",
            "2026-11-26 09:10:01 10.1.1.5 GET /cart id=7 443 - 203.0.113.8 curl/8.0 404 0 2 15",
            "2026-11-26 09:10:02 10.1.1.5 GET / - 443 - 203.0.113.9 curl/8.0 200 0 0 4",
            "2026-11-26 09:10:03 10.1.1.5 GET /short 500",
        ],
    );
    env.import_from(
        &id,
        &[log.to_str().unwrap()],
        &["--level", "warn", "--dry-run"],
    )
    .ok()
    .stdout_has("W3C extended log (IIS), 8 lines")
    .stdout_lacks("continuing")
    .stderr_has("1 of 8 lines is not JSON or a known log envelope and was skipped (first: line 8, a row with another number of columns than the `#Fields:` line names)");
    let entries = import(&env, &id, &[&log], &["--level", "warn"]);
    assert_eq!(
        entries
            .iter()
            .map(|e| (e.0.as_str(), e.1.as_str()))
            .collect::<Vec<_>>(),
        [
            (
                "2026-11-26T10:10:00+01:00",
                "POST /checkout/pay 503 (30012 ms)"
            ),
            ("2026-11-26T10:10:01+01:00", "GET /cart?id=7 404 (15 ms)"),
        ]
    );
}

/// `docker compose logs`: the service's name before `|` is the entry's
/// service, its blank lines are passed over, and the line after the bar
/// is read as any other.
#[test]
fn docker_compose_logs_name_their_service() {
    let (env, id) = setup();
    let log = log_of(
        &env,
        "compose.log",
        &[
            "db-1   |",
            "db-1   | PostgreSQL Database directory appears to contain a database",
            "db-1   | 2026-11-26 09:10:00.641 UTC [1] FATAL:  database files are incompatible with server",
            "api_1  | {\"time\":\"2026-11-26T09:10:05Z\",\"level\":\"error\",\"msg\":\"db unreachable\"}",
            "web-1  | 2026-11-26T09:10:06Z INFO serving",
        ],
    );
    assert_eq!(
        texts(import(&env, &id, &[&log], &["--level", "error"])),
        [
            "2026-11-26T09:10:00.641Z db-1: [1] FATAL:  database files are incompatible with server",
            "2026-11-26T09:10:05Z api_1: db unreachable",
        ]
    );
}

/// `Get-WinEvent | ConvertTo-Json` (Windows PowerShell 5.1: `\/Date()\/`
/// times, the level as a number and a name) is read without naming its
/// fields: TimeCreated, LevelDisplayName, Message, ProviderName.
#[test]
fn windows_events_as_json_are_read_without_field_flags() {
    let (env, id) = setup();
    let log = log_of(
        &env,
        "events.json",
        &[
            "[",
            "    {",
            "        \"Id\":  7031,",
            "        \"Level\":  2,",
            "        \"ProviderName\":  \"Service Control Manager\",",
            "        \"TimeCreated\":  \"\\/Date(1795684200000)\\/\",",
            "        \"LevelDisplayName\":  \"Error\",",
            "        \"Message\":  \"The Payments service terminated unexpectedly.\"",
            "    },",
            "    {",
            "        \"Id\":  7036,",
            "        \"Level\":  4,",
            "        \"ProviderName\":  \"Service Control Manager\",",
            "        \"TimeCreated\":  \"\\/Date(1795684260000)\\/\",",
            "        \"LevelDisplayName\":  \"Information\",",
            "        \"Message\":  \"The Payments service entered the running state.\"",
            "    }",
            "]",
        ],
    );
    assert_eq!(
        texts(import(&env, &id, &[&log], &["--level", "error"])),
        [
            "2026-11-26T09:10:00Z Service Control Manager: The Payments service terminated unexpectedly."
        ]
    );
}

/// An HTTP status named as the level (`--level-field status_code`) reads
/// as one: 5xx an error, 4xx a warning, 200 nothing worse than info.
#[test]
fn an_http_status_named_as_the_level_reads_as_one() {
    let (env, id) = setup();
    let log = log_of(
        &env,
        "access.jsonl",
        &[
            "{\"ts\":\"2026-11-26T09:10:00Z\",\"status_code\":200,\"path\":\"/\",\"msg\":\"GET /\"}",
            "{\"ts\":\"2026-11-26T09:10:01Z\",\"status_code\":502,\"msg\":\"POST /pay\"}",
            "{\"ts\":\"2026-11-26T09:10:02Z\",\"status_code\":\"404\",\"msg\":\"GET /x\"}",
        ],
    );
    assert_eq!(
        texts(import(
            &env,
            &id,
            &[&log],
            &["--level", "error", "--level-field", "status_code"]
        )),
        ["2026-11-26T09:10:01Z POST /pay"]
    );
}

/// What pm does not read but the tool can export: `kubectl get events`'
/// table (ages, no dates) and Windows events as XML; each refusal says
/// the command that writes what pm reads.
#[test]
fn tables_and_xml_are_refused_with_the_export_that_works() {
    let (env, id) = setup();
    let before = env.snapshot();
    let table = log_of(
        &env,
        "events.txt",
        &[
            "LAST SEEN   TYPE      REASON      OBJECT          MESSAGE",
            "3m14s       Warning   BackOff     pod/api-7d9f    Back-off restarting failed container",
        ],
    );
    env.import_from(&id, &[table.to_str().unwrap()], &["--level", "warn"])
        .error(&["kubectl get events -o json", "nothing was imported"]);
    let xml = log_of(
        &env,
        "events.xml",
        &[
            "<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Level>2</Level></System></Event>",
        ],
    );
    env.import_from(&id, &[xml.to_str().unwrap()], &["--level", "error"])
        .error(&["pm does not read XML", "ConvertTo-Json"]);
    assert_eq!(env.snapshot(), before);
}

/// A line with a byte that is not UTF-8 (a Windows tool's accented
/// message) keeps its record, those bytes read as Latin-1 and said, the
/// UTF-8 of a line that mixes both kept as it is; a wall-clock time
/// the clocks skipped in the log's zone is warned of, as one they showed
/// twice is.
#[test]
fn latin1_lines_and_skipped_times_are_kept_and_said() {
    let (env, id) = setup();
    let mut bytes = b"2026-11-26 09:10:00 ERROR db: connexion ".to_vec();
    bytes.extend_from_slice(&[0xe9, 0x63, 0x68, 0x6f, 0x75, 0xe9, 0x65, 0x20, 0x96, 0x20]);
    bytes.extend_from_slice(b"retry\n2026-11-26 09:10:01 ERROR db: gave up\n");
    // Latin-1 `é` in a line whose dash and `ï` are UTF-8.
    bytes.extend_from_slice(b"2026-11-26 09:10:02 ERROR caf\xe9 ");
    bytes.extend_from_slice("– naïve\n".as_bytes());
    let path = env.home().join("latin1.log");
    std::fs::write(&path, &bytes).unwrap();
    env.import_from(&id, &[path.to_str().unwrap()], &["--level", "error"])
        .ok()
        .stderr_has("2 lines were not all UTF-8, and the bytes that are not were read as Latin-1 (Windows-1252) (first: line 1)");
    assert_eq!(
        texts(crate::logs::imported(&env, &id)),
        [
            "2026-11-26T09:10:00Z ERROR db: connexion échouée – retry",
            "2026-11-26T09:10:01Z ERROR db: gave up",
            "2026-11-26T09:10:02Z ERROR café – naïve",
        ]
    );
    let (env, id) = setup();
    let gap = log_of(
        &env,
        "gap.log",
        &["2027-03-28 02:30:00 ERROR in the hour that never was"],
    );
    env.import_from(
        &id,
        &[gap.to_str().unwrap()],
        &[
            "--level",
            "error",
            "--log-timezone",
            "Europe/Berlin",
            "--dry-run",
            "--force",
        ],
    )
    .ok()
    .stderr_has("the clocks skipped in Europe/Berlin")
    .stderr_has("name it with --log-timezone");
}

/// The lines that continue a matching record go into its entry: a Python
/// traceback (with its credentials redacted), PostgreSQL's DETAIL and
/// STATEMENT lines (which repeat the prefix), and of a long Java stack
/// trace its first and last lines with a count of those between. Lines
/// after a record that did not match are left out; a log imported again
/// adds nothing, its entries known by their first lines.
#[test]
fn stack_traces_and_details_go_into_their_entry() {
    let (env, id) = setup();
    let mut lines = vec![
        "2026-11-26 09:10:00.100 UTC [2211] ERROR:  duplicate key value violates unique constraint \"orders_pkey\"",
        "2026-11-26 09:10:00.100 UTC [2211] DETAIL:  Key (id)=(42) already exists.",
        "2026-11-26 09:10:00.100 UTC [2211] STATEMENT:  INSERT INTO orders VALUES (42, 'x')",
        "2026-11-26 09:10:01.000 UTC [2212] LOG:  checkpoint starting",
        "2026-11-26 09:11:05,456 ERROR app.db: could not connect to server",
        "Traceback (most recent call last):",
        "  File \"/app/db.py\", line 12, in connect",
        "    conn = psycopg2.connect(dsn, password=\"hunter2hunter2\")",
        "psycopg2.OperationalError: could not connect to server: Connection refused",
        "2026-11-26 09:11:06,000 INFO app.retry: retrying in 5s",
        "    at not.imported(Retry.java:1)",
        "2026-11-26 09:12:00,000 ERROR c.s.Checkout - charge failed",
        "java.lang.IllegalStateException: pool closed",
    ];
    let frames: Vec<String> = (1..=30)
        .map(|i| format!("\tat com.shop.Frame{i}.call(Frame{i}.java:{i})"))
        .collect();
    lines.extend(frames.iter().map(String::as_str));
    lines.push("Caused by: java.net.SocketTimeoutException: connect timed out");
    let log = log_of(&env, "app.log", &lines);
    env.import_from(&id, &[log.to_str().unwrap()], &["--level", "error", "--dry-run"])
        .ok()
        .stdout_has("39 lines continuing the line before (a stack trace, a wrapped message), 22 of them added to their records' entries")
        .stdout_has("charge failed … (17 more lines)");
    let entries = import(&env, &id, &[&log], &["--level", "error"]);
    let texts: Vec<&str> = entries.iter().map(|e| e.1.as_str()).collect();
    assert_eq!(
        texts[..2],
        [
            "[2211] ERROR:  duplicate key value violates unique constraint \"orders_pkey\"\n[2211] DETAIL:  Key (id)=(42) already exists.\n[2211] STATEMENT:  INSERT INTO orders VALUES (42, 'x')",
            "ERROR app.db: could not connect to server\nTraceback (most recent call last):\n  File \"/app/db.py\", line 12, in connect\n    conn = psycopg2.connect(dsn, password=\"[redacted]\")\npsycopg2.OperationalError: could not connect to server: Connection refused",
        ]
    );
    let java: Vec<&str> = texts[2].lines().collect();
    assert_eq!(java.len(), 18, "{java:?}");
    assert_eq!(java[0], "ERROR c.s.Checkout - charge failed");
    assert_eq!(java[1], "java.lang.IllegalStateException: pool closed");
    assert_eq!(java[9], "… (16 more lines in the log)");
    assert_eq!(
        java[17],
        "Caused by: java.net.SocketTimeoutException: connect timed out"
    );
    assert!(
        !env.read(&format!("postmortems/2026/{id}.yaml"))
            .contains("hunter2")
    );
    env.import_from(&id, &[log.to_str().unwrap()], &["--level", "error"])
        .ok()
        .stdout_has("already in");
}

/// Attack 73 on this session's import: credentials in a stack trace (a
/// URL's password, a short token, a private key written line by line), a
/// status in brackets that tells records apart (`[500]`, `[503]`), and
/// `docker compose logs` interleaving two services: a line continues only
/// the last record of its own service, while that record is the last one
/// read (web-1's traceback after db-1's record is left out, not added to
/// db-1's), and a DETAIL of another backend pid is not the record's.
#[test]
fn attack_73_secrets_statuses_and_interleaved_services() {
    let (env, id) = setup();
    let log = log_of(
        &env,
        "mixed.log",
        &[
            "2026-11-26 09:10:00 ERROR checkout failed",
            "  url=postgres://app:s3cr3tpw@db:5432/shop",
            "  GET /pay?token=abc&card=4111111111111111",
            "  -----BEGIN RSA PRIVATE KEY-----",
            "  MIIEpAIBAAKCAQEA75Qx",
            "  passwd: hunter3",
            "RuntimeError: connection failed",
            "2026-11-26 09:11:00 ERROR [500] upstream",
            "2026-11-26 09:11:01 ERROR [503] upstream",
        ],
    );
    let texts: Vec<String> = import(&env, &id, &[&log], &["--level", "error"])
        .into_iter()
        .map(|e| e.1)
        .collect();
    assert_eq!(
        texts,
        [
            "ERROR checkout failed\n  url=postgres://app:[redacted]@db:5432/shop\n  GET /pay?token=[redacted]&card=[redacted]\n[redacted]\n  passwd: [redacted]\nRuntimeError: connection failed",
            "ERROR [500] upstream",
            "ERROR [503] upstream",
        ]
    );
    let file = env.read(&format!("postmortems/2026/{id}.yaml"));
    for secret in [
        "s3cr3tpw",
        "4111111111111111",
        "MIIEpA",
        "hunter3",
        "token=abc",
    ] {
        assert!(!file.contains(secret), "{secret} written");
    }
    let (env, id) = setup();
    let log = log_of(
        &env,
        "compose.log",
        &[
            "web-1  | 2026-11-26T09:10:00Z ERROR render failed",
            "db-1   | 2026-11-26 09:10:00.500 UTC [4242] ERROR:  deadlock detected",
            "web-1  | Traceback (most recent call last):",
            "db-1   | 2026-11-26 09:10:00.500 UTC [4242] DETAIL:  Process 4242 waits for ShareLock",
            "db-1   | 2026-11-26 09:10:00.500 UTC [4243] HINT:  of another backend",
            "web-1  | KeyError: 'cart'",
        ],
    );
    // A line of bars nested without end is one line of text, not a
    // recursion that overflows the stack.
    let deep = log_of(
        &env,
        "deep.log",
        &[
            "2026-11-26 09:09:00 ERROR first",
            &format!("{}2026-11-26 09:09:01 ERROR nested", "a | ".repeat(400_000)),
        ],
    );
    env.import_from(
        &id,
        &[deep.to_str().unwrap()],
        &["--level", "error", "--dry-run"],
    )
    .ok()
    .stdout_has("Would add 1 entry");
    assert_eq!(
        import(&env, &id, &[&log], &["--level", "error"])
            .into_iter()
            .map(|e| e.1)
            .collect::<Vec<_>>(),
        [
            "web-1: ERROR render failed",
            "db-1: [4242] ERROR:  deadlock detected\n[4242] DETAIL:  Process 4242 waits for ShareLock",
        ]
    );
}

/// A Ruby Logger line at an hour 25 and an Apache httpd error-log line
/// on a February 30 are records whose time pm cannot read: each is
/// skipped with a warning that names its line, never glued to the entry
/// before as a continuation of it.
#[test]
fn impossible_ruby_and_apache_times_are_warned_of_not_glued_on() {
    let (env, id) = setup();
    let log = log_of(
        &env,
        "app.log",
        &[
            "E, [2026-11-26T09:10:00.000000 #4242] ERROR -- : first",
            "E, [2026-11-26T25:10:00.000000 #4242] ERROR -- : boom at hour 25",
            "I, [2026-11-26T25:10:01.000000 #4242]  INFO -- : info at hour 25",
            "[Thu Nov 26 09:11:00.000000 2026] [core:error] [pid 1] second",
            "[Mon Feb 30 10:00:00.000000 2026] [core:error] [pid 1] boom on February 30",
        ],
    );
    env.import_from(
        &id,
        &[log.to_str().unwrap()],
        &["--level", "error", "--dry-run"],
    )
    .ok()
    .stdout_has("Would add 2 entries")
    .stdout_lacks("continuing")
    .stdout_lacks("more line")
    .stderr_has("3 of 5 lines are not JSON or a known log envelope and were skipped (first: line 2, a line that starts with a date, but with a time pm cannot read");
    assert_eq!(
        texts(import(&env, &id, &[&log], &["--level", "error"])),
        [
            "2026-11-26T09:10:00Z ERROR -- : first",
            "2026-11-26T09:11:00Z [core:error] [pid 1] second",
        ]
    );
}

/// A `docker compose logs` prefix whose name pm does not take for a
/// service (`../x`, a name of 70 characters, one of 300) does not make
/// its records text of the record before: the line after the bar is read,
/// with no service. A prefix compose coloured is read as a plain one, on
/// records and on the lines that continue them alike: the coloured
/// service's stack line joins its record, another service's does not, nor
/// does a line after a prefix pm does not take (another container's).
#[test]
fn compose_prefixes_pm_does_not_take_or_coloured_do_not_glue_records() {
    let (env, id) = setup();
    let long = "x".repeat(70);
    let longer = "y".repeat(300);
    let log = log_of(
        &env,
        "compose.log",
        &[
            "web-1  | 2026-11-26 09:10:00 ERROR first",
            "../x | 2026-11-26 09:10:01 ERROR dotdot",
            &format!("{long} | 2026-11-26 09:10:02 ERROR long name"),
            &format!("{longer} | 2026-11-26 09:10:03 ERROR longer name"),
            "\u{1b}[36mweb-1  |\u{1b}[0m 2026-11-26 09:10:04 ERROR coloured",
            "\u{1b}[36mweb-1  |\u{1b}[0m   at Foo.bar(Foo.java:1)",
            "\u{1b}[35mdb-1   |\u{1b}[0m   at Db.query(Db.java:2)",
            "../y |   at Other.y(Other.java:3)",
        ],
    );
    env.import_from(
        &id,
        &[log.to_str().unwrap()],
        &["--level", "error", "--dry-run"],
    )
    .ok()
    .stdout_has("Would add 5 entries")
    .stdout_has(
        "3 lines continuing the line before (a stack trace, a wrapped message), 1 of them added",
    )
    .stdout_has("service: the docker compose prefix ×2");
    assert_eq!(
        texts(import(&env, &id, &[&log], &["--level", "error"])),
        [
            "2026-11-26T09:10:00Z web-1: ERROR first",
            "2026-11-26T09:10:01Z ERROR dotdot",
            "2026-11-26T09:10:02Z ERROR long name",
            "2026-11-26T09:10:03Z ERROR longer name",
            "2026-11-26T09:10:04Z web-1: ERROR coloured\nat Foo.bar(Foo.java:1)",
        ]
    );
}

/// Control characters in a log's messages (a bell, a lone CR, C0 and C1
/// controls, bidi overrides and isolates) never reach the post-mortem: a
/// tab, a lone CR and a NEL are a space, the rest dropped, in a JSON
/// record's message and service, a text line and the lines that continue
/// it alike.
#[test]
fn control_characters_in_messages_are_not_stored() {
    let (env, id) = setup();
    let log = log_of(
        &env,
        "app.log",
        &[
            r#"{"time":"2026-11-26T09:10:00Z","level":"error","msg":"bell\u0007 tab\there cr\rover \u202eevil\u2066x\u2069 c1\u0085nel \u0001soh","service":"pay\u202ements"}"#,
            "2026-11-26 09:10:01 ERROR text \u{7}bell\tand\u{1b}[31m red\u{1b}[0m \u{202e}RLO\u{9b}",
            "  at \u{7}Foo\tbar\u{2068}",
            // Nothing left once they are out: no message, said, not an
            // empty entry.
            r#"{"time":"2026-11-26T09:10:02Z","level":"error","msg":"\u0007\u202e\t"}"#,
        ],
    );
    env.import_from(
        &id,
        &[log.to_str().unwrap()],
        &["--level", "error", "--dry-run"],
    )
    .ok()
    .stdout_has("Would add 2 entries")
    .stderr_has("1 matching record has no usable message and was skipped (first: line 4)");
    assert_eq!(
        texts(import(&env, &id, &[&log], &["--level", "error"])),
        [
            "2026-11-26T09:10:00Z payments: bell tab here cr over evilx c1 nel soh",
            "2026-11-26T09:10:01Z ERROR text bell and red RLO\n  at Foo bar",
        ]
    );
    let file = env.git(&["show", &format!("HEAD:postmortems/2026/{id}.yaml")]);
    for c in [
        '\u{7}', '\u{1}', '\u{1b}', '\u{202e}', '\u{2066}', '\u{2068}', '\u{85}', '\u{9b}',
    ] {
        assert!(!file.contains(c), "{:?} stored", c);
    }
    for escaped in [r"\a", r"\x01", r"\e", r"\u202E", r"\u2066", r"\N", r"\t"] {
        assert!(!file.contains(escaped), "{escaped} stored");
    }
}

/// Android's `adb logcat` (no year) and log4j's `yyMMdd HHmmss` (HDFS, a
/// two-digit year) are refused with the shape named and what to do, past
/// logcat's `--------- beginning of main` line; logcat with its year
/// (`-v threadtime,year,zone`) is read, its priority letter the level.
#[test]
fn logcat_and_compact_dates_are_refused_with_what_to_do() {
    let (env, id) = setup();
    let before = env.snapshot();
    let logcat = log_of(
        &env,
        "logcat.txt",
        &[
            "--------- beginning of main",
            "11-26 09:03:22.123  1234  1250 E ActivityManager: ANR in com.shop",
        ],
    );
    env.import_from(&id, &[logcat.to_str().unwrap()], &["--level", "error"])
        .error(&[
            "no line is a log record pm can read",
            "Android's `adb logcat`",
            "no year",
            "adb logcat -d -v threadtime,year,zone",
            "nothing was imported",
        ]);
    let hdfs = log_of(
        &env,
        "hdfs.log",
        &["081109 203615 148 INFO dfs.DataNode$PacketResponder: PacketResponder 1 terminating"],
    );
    env.import_from(&id, &[hdfs.to_str().unwrap()], &["--level", "info"])
        .error(&[
            "log4j's `yyMMdd HHmmss`",
            "does not guess the century",
            "jq -R -c",
            "nothing was imported",
        ]);
    assert_eq!(env.snapshot(), before);
    let with_year = log_of(
        &env,
        "logcat-year.txt",
        &[
            "--------- beginning of main",
            "2026-11-26 09:03:22.123 +0000  1234  1250 E ActivityManager: ANR in com.shop",
            "2026-11-26 09:03:23.000 +0000  1234  1250 I ActivityManager: Start proc",
            "2026-11-26 09:03:24.000 +0000  1234  1250 F libc    : Fatal signal 6",
        ],
    );
    assert_eq!(
        texts(import(&env, &id, &[&with_year], &["--level", "error"])),
        [
            "2026-11-26T09:03:22.123Z 1234  1250 E ActivityManager: ANR in com.shop",
            "2026-11-26T09:03:24Z 1234  1250 F libc    : Fatal signal 6",
        ]
    );
}

/// Prefixes nested after one whose name pm does not take (`../x | web-1
/// | ...`) are read as a single such prefix is: read past, the line after
/// it read as any line, so `web-1 | 2026-...` there is web-1's record and
/// `web-1 |   at ...` continues only web-1's, never a record with no
/// service (the line used to be glued, prefixes and all, to the record
/// before). Read with a quick pass over lines that cannot match
/// (`--level`) and without one alike; a line of 400,000 such prefixes is
/// one pass, not a recursion.
#[test]
fn timeline_import_nested_compose_prefixes_after_a_rejected_name_are_read_past() {
    let (env, id) = setup();
    let long = "x".repeat(70);
    let log = log_of(
        &env,
        "compose.log",
        &[
            "2026-11-26 09:10:00 ERROR no service",
            "../x | web-1 | 2026-11-26 09:10:01 ERROR nested dated",
            "../x | web-1 |   at Web.frame(Web.java:1)",
            "../x | db-1 |   at Db.frame(Db.java:2)",
            "2026-11-26 09:10:02 ERROR plain again",
            "../x | web-1 |   at Lost.frame(Lost.java:3)",
            &format!("{long} | web-1 | 2026-11-26 09:10:03 ERROR long nested"),
            &format!(
                "{}2026-11-26 09:10:04 ERROR deep",
                "../x | ".repeat(400_000)
            ),
            &format!("{}  at Deep.frame(Deep.java:4)", "../x | ".repeat(400_000)),
        ],
    );
    for flags in [
        &["--level", "error", "--dry-run"][..],
        &["--level", "info", "--dry-run"][..],
    ] {
        env.import_from(&id, &[log.to_str().unwrap()], flags)
            .ok()
            .stdout_has("Would add 5 entries")
            .stdout_has("4 lines continuing the line before (a stack trace, a wrapped message), 2 of them added")
            .stdout_has("service: the docker compose prefix ×2")
            .stdout_lacks("Lost.frame")
            .stdout_lacks("Db.frame");
    }
    let entries = texts(import(&env, &id, &[&log], &["--level", "error"]));
    assert_eq!(entries.len(), 5, "{entries:?}");
    assert_eq!(
        entries[..4],
        [
            "2026-11-26T09:10:00Z ERROR no service",
            "2026-11-26T09:10:01Z web-1: ERROR nested dated\nat Web.frame(Web.java:1)",
            "2026-11-26T09:10:02Z ERROR plain again",
            "2026-11-26T09:10:03Z web-1: ERROR long nested",
        ]
    );
    // The deep line's continuation is kept whole, cut at 400 characters.
    assert!(
        entries[4].starts_with("2026-11-26T09:10:04Z ERROR deep\n../x | ../x | ")
            && entries[4].ends_with('…')
            && entries[4].len() < 600,
        "{}",
        entries[4]
    );
}

/// A line that continues a record after a compose prefix whose name pm
/// does not take (a service's name of 70 characters, `../y`) names no
/// service, but it names the container that wrote it: in `docker compose
/// logs` output where containers interleave, it continues only a record
/// whose line started with the same prefix (however compose padded it),
/// never another service's record, one with another such prefix or one
/// with none (it used to continue whatever record came last, so one
/// container's stack trace landed in another's entry). A line skipped so
/// is counted with the other continuation lines not imported; a line with
/// no prefix still continues the record before it.
#[test]
fn timeline_import_a_rejected_compose_prefix_line_continues_only_its_own_container() {
    let (env, id) = setup();
    let long = "x".repeat(70);
    let other = "z".repeat(70);
    let log = log_of(
        &env,
        "compose.log",
        &[
            &format!("{long} | 2026-11-26 09:10:00 ERROR long-named failed"),
            &format!("{long} |   at Long.frame(Long.java:1)"),
            "web-1  | 2026-11-26 09:10:01 ERROR web failed",
            &format!("{long} | Caused by: java.io.IOException: reset"),
            "web-1  |   at Web.frame(Web.java:1)",
            "../y | \u{7}  at Y.frame(Y.java:2)\u{202e}",
            "db-1   |   at Db.frame(Db.java:3)",
            &format!("{other} | 2026-11-26 09:10:02 ERROR other failed"),
            &format!("{long} |   at Long.frame(Long.java:4)"),
            &format!("{other}    |   at Other.frame(Other.java:5)"),
            "2026-11-26 09:10:03 ERROR plain failed",
            &format!("{other} |   at Other.frame(Other.java:6)"),
            "  at Plain.frame(Plain.java:7)",
        ],
    );
    for flags in [
        &["--level", "error", "--dry-run"][..],
        &["--level", "info", "--dry-run"][..],
    ] {
        env.import_from(&id, &[log.to_str().unwrap()], flags)
            .ok()
            .stdout_has("Would add 4 entries")
            .stdout_has(
                "9 lines continuing the line before (a stack trace, a wrapped message), 4 of them added",
            )
            .stdout_lacks("IOException")
            .stdout_lacks("Y.frame")
            .stdout_lacks("Long.java:4")
            .stdout_lacks("Other.java:6");
    }
    assert_eq!(
        texts(import(&env, &id, &[&log], &["--level", "error"])),
        [
            format!(
                "2026-11-26T09:10:00Z ERROR long-named failed\n{long} |   at Long.frame(Long.java:1)"
            ),
            "2026-11-26T09:10:01Z web-1: ERROR web failed\nat Web.frame(Web.java:1)".to_string(),
            format!(
                "2026-11-26T09:10:02Z ERROR other failed\n{other}    |   at Other.frame(Other.java:5)"
            ),
            "2026-11-26T09:10:03Z ERROR plain failed\n  at Plain.frame(Plain.java:7)".to_string(),
        ]
    );
    env.assert_clean();
}

/// An entry an earlier pm stored with control characters raw (a bell, an
/// escape's colours, a bidi override, a tab) is the record a new import
/// reads without them: importing the same log again adds nothing, as it
/// does for entries written cleaned.
#[test]
fn timeline_import_entries_stored_with_control_characters_are_not_added_again() {
    let (env, id) = setup();
    let log = log_of(
        &env,
        "app.log",
        &[
            r#"{"time":"2026-11-26T09:10:00Z","level":"error","msg":"bell\u0007 tab\there \u202eevil","service":"pay\u202ements"}"#,
            "2026-11-26 09:10:02 ERROR raw \u{7}bell\u{1b}[31m red\u{1b}[0m",
        ],
    );
    assert_eq!(
        texts(import(&env, &id, &[&log], &["--level", "error"])),
        [
            "2026-11-26T09:10:00Z payments: bell tab here evil",
            "2026-11-26T09:10:02Z ERROR raw bell red",
        ]
    );
    // As an earlier pm wrote them: the characters kept.
    let path = format!("postmortems/2026/{id}.yaml");
    let file = env.read(&path);
    let older = file
        .replace(
            "text: 'payments: bell tab here evil'",
            r#"text: "pay\u202Ements: bell\a tab\there \u202Eevil""#,
        )
        .replace(
            "text: ERROR raw bell red",
            r#"text: "ERROR raw \abell\e[31m red\e[0m""#,
        );
    assert_ne!(older, file);
    env.write(&path, &older);
    env.git(&["commit", "-qam", "entries as an earlier pm wrote them"]);
    let commits = env.commits();
    env.import_from(
        &id,
        &[log.to_str().unwrap()],
        &["--level", "error", "--dry-run"],
    )
    .ok()
    .stdout_has("All matching lines are already in");
    env.import_from(&id, &[log.to_str().unwrap()], &["--level", "error"])
        .ok()
        .stdout_has("nothing added");
    assert_eq!(env.commits(), commits);
    assert_eq!(env.read(&path), older);
}

/// The same bare time for `--since` and `--until` is that second on the
/// incident's day (`--until`'s whole second), not a window to the next
/// day's.
#[test]
fn timeline_import_equal_bare_since_and_until_are_that_second() {
    let (env, id) = setup();
    let log = log_of(
        &env,
        "app.jsonl",
        &[
            r#"{"time":"2026-11-26T09:10:21.900Z","level":"error","msg":"before"}"#,
            r#"{"time":"2026-11-26T09:10:22Z","level":"error","msg":"on the second"}"#,
            r#"{"time":"2026-11-26T09:10:22.500Z","level":"error","msg":"within it"}"#,
            r#"{"time":"2026-11-26T09:10:23Z","level":"error","msg":"after"}"#,
            r#"{"time":"2026-11-27T09:00:00Z","level":"error","msg":"next day"}"#,
        ],
    );
    env.import_from(
        &id,
        &[log.to_str().unwrap()],
        &[
            "--level", "error", "--since", "09:10:22", "--until", "09:10:22", "--dry-run",
        ],
    )
    .ok()
    .stdout_has("Would add 2 entries")
    .stdout_lacks("after")
    .stdout_lacks("next day")
    .stderr_has("--until 09:10:22 is read on the incident's day (the post-mortem's date): 2026-11-26 09:10:22 in UTC");
    // Still across midnight when --until is the earlier clock time.
    env.import_from(
        &id,
        &[log.to_str().unwrap()],
        &[
            "--level",
            "error",
            "--since",
            "09:10:22",
            "--until",
            "09:10:21",
            "--dry-run",
        ],
    )
    .ok()
    .stdout_has("Would add 4 entries")
    .stderr_has("on the day after the incident's (the window crosses midnight)");
}

/// The same bare time to the minute for `--since` and `--until` is the
/// instant it names, 09:10:00 on the incident's day, as docs/commands.md
/// says (`--until` to the minute is that minute's start): not the whole
/// minute, and not a window to the next day's 09:10.
#[test]
fn timeline_import_equal_bare_minutes_for_since_and_until_are_that_instant() {
    let (env, id) = setup();
    let log = log_of(
        &env,
        "app.jsonl",
        &[
            r#"{"time":"2026-11-26T09:09:59.999Z","level":"error","msg":"just before"}"#,
            r#"{"time":"2026-11-26T09:10:00Z","level":"error","msg":"on the minute"}"#,
            r#"{"time":"2026-11-26T09:10:00.001Z","level":"error","msg":"just after"}"#,
            r#"{"time":"2026-11-26T09:10:30Z","level":"error","msg":"within the minute"}"#,
            r#"{"time":"2026-11-27T09:00:00Z","level":"error","msg":"next day"}"#,
        ],
    );
    let run = env
        .import_from(
            &id,
            &[log.to_str().unwrap()],
            &[
                "--level",
                "error",
                "--since",
                "09:10",
                "--until",
                "09:10",
                "--dry-run",
            ],
        )
        .ok()
        .stdout_has("Would add 1 entry")
        .stdout_has("on the minute")
        .stdout_lacks("just before")
        .stdout_lacks("just after")
        .stdout_lacks("within the minute")
        .stdout_lacks("next day");
    for flag in ["--since", "--until"] {
        assert!(
            run.stderr.contains(&format!(
                "{flag} 09:10 is read on the incident's day (the post-mortem's date): 2026-11-26 09:10 in UTC"
            )),
            "{}",
            run.stderr
        );
    }
    // Imported, it is that one entry, and nothing else changed.
    env.import_from(
        &id,
        &[log.to_str().unwrap()],
        &["--level", "error", "--since", "09:10", "--until", "09:10"],
    )
    .ok();
    let texts = env.timeline_texts(&id);
    assert_eq!(
        texts.iter().filter(|t| t.contains("on the minute")).count(),
        1,
        "{texts:?}"
    );
    assert!(
        !texts
            .iter()
            .any(|t| t.contains("just") || t.contains("within")),
        "{texts:?}"
    );
    env.assert_clean();
}

/// adb logcat's lines between its buffers (`--------- beginning of
/// main`, `... of crash`) are passed over and counted, not warned of as
/// lines pm cannot read, and not glued to the record before as its
/// continuation.
#[test]
fn timeline_import_logcat_dividers_are_passed_over_not_warned_of() {
    let (env, id) = setup();
    let log = log_of(
        &env,
        "logcat.txt",
        &[
            "--------- beginning of main",
            "2026-11-26 09:03:22.123 +0000  1234  1250 E ActivityManager: ANR in com.shop",
            "--------- beginning of crash",
            "2026-11-26 09:03:24.000 +0000  1234  1250 F libc    : Fatal signal 6",
            "--------- switch to system\r",
        ],
    );
    let run = env
        .import_from(
            &id,
            &[log.to_str().unwrap()],
            &["--level", "error", "--dry-run"],
        )
        .ok()
        .stdout_has("Would add 2 entries")
        .stdout_has("3 logcat dividers (`--------- beginning of ...`) passed over")
        .stdout_lacks("continuing");
    assert!(
        !run.stderr.contains("not JSON") && !run.stderr.contains("skipped"),
        "{}",
        run.stderr
    );
    assert_eq!(
        texts(import(&env, &id, &[&log], &["--level", "error"])),
        [
            "2026-11-26T09:03:22.123Z 1234  1250 E ActivityManager: ANR in com.shop",
            "2026-11-26T09:03:24Z 1234  1250 F libc    : Fatal signal 6",
        ]
    );
}
