//! pm stats: every figure recomputed here, independently, from the files
//! (read with a YAML parser, not with pm's model), on a repository made by
//! examples/generate.rs plus hand-written post-mortems for the edge cases
//! the generator never makes.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{DateTime, Datelike, FixedOffset, NaiveDate};
use serde_json::{Value, json};

use crate::support::TestEnv;

/// The generator, built by `cargo test` next to the pm binary.
pub fn generator() -> PathBuf {
    let pm = Path::new(env!("CARGO_BIN_EXE_pm"));
    let exe = pm
        .parent()
        .unwrap()
        .join("examples")
        .join(format!("generate{}", std::env::consts::EXE_SUFFIX));
    if !exe.is_file() {
        // `cargo test --test cli` alone does not build examples.
        let status = Command::new(env!("CARGO"))
            .args([
                "build",
                "--quiet",
                "--example",
                "generate",
                "--manifest-path",
            ])
            .arg(Path::new(env!("CARGO_MANIFEST_DIR")).join("Cargo.toml"))
            .status()
            .expect("run cargo to build examples/generate.rs");
        assert!(status.success(), "cargo build --example generate failed");
    }
    exe
}

/// A repository of `count` generated post-mortems (no commit: pm reads files).
pub fn generated(count: usize, seed: u64) -> TestEnv {
    let env = TestEnv::empty();
    let out = Command::new(generator())
        .arg(&env.repo)
        .args(["--count", &count.to_string(), "--seed", &seed.to_string()])
        .output()
        .expect("run the generator");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    env
}

/// Post-mortems the generator never writes: figures that cannot be
/// measured, several entries of a kind out of order, items done late or
/// without a date, reviews held late or without a due date.
pub const EDGE_CASES: &[(&str, &str)] = &[
    (
        "2026-03-02-no-impact-start",
        "pm: 1\nid: 2026-03-02-no-impact-start\ntitle: No start\nstatus: draft\nseverity: SEV1\ndate: 2026-03-02\nservices: [payments, ' payments ', billing]\ntags: [edge]\ntimeline:\n  - at: 2026-03-02T10:00:00Z\n    kind: detected\n    text: Found it\n  - at: 2026-03-02T11:00:00Z\n    kind: resolved\n    text: Fixed\ncontributing_factors: ['A   factor  with spaces', 'A factor with spaces']\naction_items:\n  - id: A1\n    title: Done late\n    owner: x\n    due: 2026-03-10\n    status: done\n    closed: 2026-03-20\n  - id: A2\n    title: Done, no closed date\n    owner: x\n    due: 2026-03-10\n    status: done\n  - id: A3\n    title: Done, no due date\n    owner: x\n    status: done\n    closed: 2026-03-05\n  - id: A4\n    title: Open, no due date\n    owner: x\n  - id: A5\n    title: Dropped\n    owner: x\n    due: 2026-03-10\n    status: dropped\n    closed: 2026-03-09\nfollow_up:\n  due: 2026-03-16\n  held: 2026-03-20\n  history:\n    - due: 2026-03-01\n      held: 2026-03-01\n    - held: 2026-03-02\n",
    ),
    (
        "2026-04-07-out-of-order",
        "pm: 1\nid: 2026-04-07-out-of-order\ntitle: Out of order\nstatus: review\nseverity: SEV2\ndate: 2026-04-07\nservices: []\ntimeline:\n  - at: 2026-04-07T09:50:00+02:00\n    kind: detected\n    text: Second detection, written first\n  - at: 2026-04-07T09:00:00+02:00\n    kind: impact-start\n    text: Start\n  - at: 2026-04-07T07:20:00Z\n    kind: detected\n    text: First detection (09:20 local)\n  - at: 2026-04-07T08:59:00+02:00\n    kind: acknowledged\n    text: Acknowledged a minute before the start\n  - at: 2026-04-07T09:30:00+02:00\n    kind: mitigated\n    text: Mitigated\nfollow_up:\n  due:\n  held:\n",
    ),
    (
        "2026-11-26-pending",
        "pm: 1\nid: 2026-11-26-pending\ntitle: Pending review\nstatus: draft\nseverity: Custom\ndate: 2026-11-26\nservices: [payments]\ntags: [edge, edge]\ntimeline:\n  - at: 2026-11-26T08:00:00Z\n    kind: impact-start\n    text: Start\n  - at: 2026-11-26T08:00:00Z\n    kind: detected\n    text: Detected at once\naction_items:\n  - id: A1\n    title: Done early\n    owner: x\n    due: 2026-12-31\n    status: done\n    closed: 2026-11-26\n  - id: A2\n    title: Not yet due\n    owner: x\n    due: 2026-11-27\nfollow_up:\n  due: 2026-12-10\n",
    ),
];

/// What this test reads from a file, with its own YAML parser.
pub struct Pm {
    pub date: NaiveDate,
    pub severity: String,
    services: Vec<String>,
    tags: Vec<String>,
    factors: Vec<String>,
    timeline: Vec<(DateTime<FixedOffset>, String)>,
    pub actions: Vec<(String, Option<NaiveDate>, Option<NaiveDate>)>,
    reviews: Vec<(Option<NaiveDate>, Option<NaiveDate>)>,
}

fn strings(v: &yaml_serde::Value) -> Vec<String> {
    v.as_sequence()
        .map(|s| {
            s.iter()
                .filter_map(|x| x.as_str().map(str::to_string))
                .collect()
        })
        .unwrap_or_default()
}

fn day(v: &yaml_serde::Value) -> Option<NaiveDate> {
    v.as_str()
        .and_then(|s| NaiveDate::parse_from_str(s.trim(), "%Y-%m-%d").ok())
}

pub fn read_all(repo: &Path) -> Vec<Pm> {
    let mut out = Vec::new();
    for year in std::fs::read_dir(repo.join("postmortems")).unwrap() {
        for file in std::fs::read_dir(year.unwrap().path()).unwrap() {
            let text = std::fs::read_to_string(file.unwrap().path()).unwrap();
            let y: yaml_serde::Value = yaml_serde::from_str(&text).unwrap();
            let timeline = y["timeline"]
                .as_sequence()
                .map(|s| {
                    s.iter()
                        .map(|e| {
                            (
                                DateTime::parse_from_rfc3339(e["at"].as_str().unwrap()).unwrap(),
                                e["kind"].as_str().unwrap_or("note").to_string(),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            let actions = y["action_items"]
                .as_sequence()
                .map(|s| {
                    s.iter()
                        .map(|a| {
                            (
                                a["status"].as_str().unwrap_or("open").to_string(),
                                day(&a["due"]),
                                day(&a["closed"]),
                            )
                        })
                        .collect()
                })
                .unwrap_or_default();
            let f = &y["follow_up"];
            let mut reviews: Vec<(Option<NaiveDate>, Option<NaiveDate>)> = f["history"]
                .as_sequence()
                .map(|s| {
                    s.iter()
                        .map(|h| (day(&h["due"]), day(&h["held"])))
                        .collect()
                })
                .unwrap_or_default();
            reviews.push((day(&f["due"]), day(&f["held"])));
            out.push(Pm {
                date: day(&y["date"]).unwrap(),
                severity: y["severity"].as_str().unwrap().to_string(),
                services: strings(&y["services"]),
                tags: strings(&y["tags"]),
                factors: strings(&y["contributing_factors"]),
                timeline,
                actions,
                reviews,
            });
        }
    }
    out
}

fn median(v: &mut [i64]) -> Value {
    v.sort();
    let n = v.len();
    match n {
        0 => Value::Null,
        _ if n % 2 == 1 => json!(v[n / 2] as f64),
        _ => json!((v[n / 2 - 1] + v[n / 2]) as f64 / 2.0),
    }
}

fn p90(v: &mut [i64]) -> Value {
    v.sort();
    if v.is_empty() {
        return Value::Null;
    }
    // Nearest rank: the smallest value with at least 90% of values at or below it.
    let n = v.len();
    let mut rank = 1;
    while (rank as f64) < 0.9 * n as f64 {
        rank += 1;
    }
    json!(v[rank - 1])
}

fn top(lists: impl Iterator<Item = Vec<String>>) -> Value {
    let mut counts: HashMap<String, usize> = HashMap::new();
    for list in lists {
        let distinct: BTreeSet<String> = list
            .iter()
            .map(|s| s.split_whitespace().collect::<Vec<_>>().join(" "))
            .filter(|s| !s.is_empty())
            .collect();
        for s in distinct {
            *counts.entry(s).or_default() += 1;
        }
    }
    let mut v: Vec<(String, usize)> = counts.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    v.truncate(10);
    Value::Array(
        v.into_iter()
            .map(|(name, count)| json!({"name": name, "count": count}))
            .collect(),
    )
}

fn share(a: usize, b: usize) -> Value {
    if b == 0 {
        Value::Null
    } else {
        json!(a as f64 / b as f64)
    }
}

/// Every figure of docs/commands.md ("pm stats"), from the definitions.
fn expected(pms: &[&Pm], today: NaiveDate) -> Value {
    let mut out = json!({"incidents": pms.len()});
    for (kind, key) in [
        ("detected", "time_to_detect"),
        ("acknowledged", "time_to_acknowledge"),
        ("mitigated", "time_to_mitigate"),
        ("resolved", "time_to_resolve"),
    ] {
        let mut values = Vec::new();
        for pm in pms {
            let first = |k: &str| pm.timeline.iter().filter(|e| e.1 == k).map(|e| e.0).min();
            if let (Some(start), Some(at)) = (first("impact-start"), first(kind)) {
                values.push((at - start).num_seconds());
            }
        }
        out[key] = json!({
            "measured": values.len(),
            "missing": pms.len() - values.len(),
            "median_seconds": median(&mut values),
            "p90_seconds": p90(&mut values),
        });
    }
    let all: Vec<&(String, Option<NaiveDate>, Option<NaiveDate>)> =
        pms.iter().flat_map(|p| p.actions.iter()).collect();
    let with = |s: &str| all.iter().filter(|a| a.0 == s).count();
    let overdue = all
        .iter()
        .filter(|a| a.0 == "open" && a.1.is_some_and(|d| d < today))
        .count();
    let mut due_to_done: Vec<i64> = all
        .iter()
        .filter(|a| a.0 == "done")
        .filter_map(|a| Some((a.2? - a.1?).num_days()))
        .collect();
    let done_missing_dates = all
        .iter()
        .filter(|a| a.0 == "done" && (a.1.is_none() || a.2.is_none()))
        .count();
    let on_time = all
        .iter()
        .filter(|a| a.0 == "done" && matches!((a.1, a.2), (Some(d), Some(c)) if c <= d))
        .count();
    let late = all
        .iter()
        .filter(|a| match (a.0.as_str(), a.1, a.2) {
            ("done", Some(d), Some(c)) => c > d,
            ("open", Some(d), _) => d < today,
            _ => false,
        })
        .count();
    let no_closed = all
        .iter()
        .filter(|a| a.0 == "done" && a.1.is_some() && a.2.is_none())
        .count();
    out["actions"] = json!({
        "opened": all.len(),
        "open": with("open"),
        "done": with("done"),
        "dropped": with("dropped"),
        "overdue": overdue,
        "open_due_later": all.iter().filter(|a| a.0 == "open" && a.1.is_some_and(|d| d >= today)).count(),
        "open_without_due": all.iter().filter(|a| a.0 == "open" && a.1.is_none()).count(),
        "days_from_due_to_done": {
            "measured": due_to_done.len(),
            "missing": done_missing_dates,
            "median_days": median(&mut due_to_done),
        },
        "done_by_due": {
            "came_due": on_time + late + no_closed,
            "on_time": on_time,
            "late": late,
            "missing": no_closed,
            "share": share(on_time, on_time + late),
        },
    });
    let reviews: Vec<&(Option<NaiveDate>, Option<NaiveDate>)> =
        pms.iter().flat_map(|p| p.reviews.iter()).collect();
    let count = |f: &dyn Fn(Option<NaiveDate>, Option<NaiveDate>) -> bool| {
        reviews.iter().filter(|r| f(r.0, r.1)).count()
    };
    let on_time = count(&|d, h| matches!((d, h), (Some(d), Some(h)) if h <= d));
    let came_due = count(&|d, h| match (d, h) {
        (Some(_), Some(_)) => true,
        (Some(d), None) => d < today,
        _ => false,
    });
    out["reviews"] = json!({
        "came_due": came_due,
        "held_on_time": on_time,
        "held_late": count(&|d, h| matches!((d, h), (Some(d), Some(h)) if h > d)),
        "not_held": count(&|d, h| h.is_none() && d.is_some_and(|d| d < today)),
        "pending": count(&|d, h| h.is_none() && d.is_some_and(|d| d >= today)),
        "not_scheduled": count(&|d, h| d.is_none() && h.is_none()),
        "missing": count(&|d, h| d.is_none() && h.is_some()),
        "share_on_time": share(on_time, came_due),
    });
    out["top_services"] = top(pms.iter().map(|p| p.services.clone()));
    out["top_tags"] = top(pms.iter().map(|p| p.tags.clone()));
    out["top_contributing_factors"] = top(pms.iter().map(|p| p.factors.clone()));
    out
}

/// Compare every expected key (floats to 1e-9).
#[track_caller]
fn assert_matches(got: &Value, want: &Value, path: &str) {
    match (got, want) {
        (Value::Object(g), Value::Object(w)) => {
            for (k, wv) in w {
                let gv = g
                    .get(k)
                    .unwrap_or_else(|| panic!("{path}.{k} missing in pm's output"));
                assert_matches(gv, wv, &format!("{path}.{k}"));
            }
        }
        (Value::Array(g), Value::Array(w)) => {
            assert_eq!(g.len(), w.len(), "{path}: {got} vs {want}");
            for (i, (gv, wv)) in g.iter().zip(w).enumerate() {
                assert_matches(gv, wv, &format!("{path}[{i}]"));
            }
        }
        (Value::Number(g), Value::Number(w)) => {
            let (g, w) = (g.as_f64().unwrap(), w.as_f64().unwrap());
            assert!(
                (g - w).abs() < 1e-9,
                "{path}: pm says {g}, the files say {w}"
            );
        }
        _ => assert_eq!(got, want, "{path}"),
    }
}

fn quarter(d: NaiveDate) -> String {
    format!("{}-Q{}", d.year(), (d.month() - 1) / 3 + 1)
}

#[test]
fn stats_json_matches_the_files_on_a_thousand_generated_postmortems() {
    let env = generated(1000, 42);
    for (id, text) in EDGE_CASES {
        env.write(&env.file_of(id), text);
    }
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let pms = read_all(&env.repo);
    assert_eq!(pms.len(), 1003);

    let got = env.pm(&["stats", "--json", "--by", "quarter"]).ok().json();
    let all: Vec<&Pm> = pms.iter().collect();
    assert_matches(&got, &expected(&all, today), "stats");
    assert_eq!(got["today"], "2026-11-27");
    assert_eq!(got["by"], "quarter");
    assert_eq!(got["errors"], json!([]));
    // Sanity: the data exercises every branch of the definitions.
    assert!(got["time_to_detect"]["missing"].as_u64().unwrap() > 0);
    assert!(got["actions"]["done_by_due"]["late"].as_u64().unwrap() > 0);
    assert!(got["reviews"]["held_late"].as_u64().unwrap() > 0);

    // --by quarter: each group is the same figures over its quarter.
    let mut by_quarter: BTreeMap<String, Vec<&Pm>> = BTreeMap::new();
    for pm in &pms {
        by_quarter.entry(quarter(pm.date)).or_default().push(pm);
    }
    let groups = got["groups"].as_array().unwrap();
    let keys: Vec<&str> = groups.iter().map(|g| g["key"].as_str().unwrap()).collect();
    assert_eq!(
        keys,
        by_quarter.keys().map(String::as_str).collect::<Vec<_>>()
    );
    for g in groups {
        let key = g["key"].as_str().unwrap();
        assert_matches(g, &expected(&by_quarter[key], today), key);
    }

    // Filters: a date range and a severity at once, then a service.
    let since = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap();
    let until = NaiveDate::from_ymd_opt(2026, 6, 30).unwrap();
    let got = env
        .pm(&[
            "stats",
            "--json",
            "--since",
            "2025-01-01",
            "--until",
            "2026-06-30",
            "--severity",
            "sev1",
        ])
        .ok()
        .json();
    let kept: Vec<&Pm> = pms
        .iter()
        .filter(|p| p.date >= since && p.date <= until)
        .filter(|p| p.severity == "SEV1")
        .collect();
    assert!(kept.len() > 20, "the filter keeps too few to mean anything");
    assert_matches(&got, &expected(&kept, today), "filtered");
    let by_service = env
        .pm(&["stats", "--json", "--service", "payments"])
        .ok()
        .json();
    let kept: Vec<&Pm> = pms
        .iter()
        .filter(|p| p.services.iter().any(|s| s.trim() == "payments"))
        .collect();
    assert!(kept.len() > 20, "the filter keeps too few to mean anything");
    assert_matches(&by_service, &expected(&kept, today), "service");
    assert_eq!(got["filters"]["severity"], "SEV1");
    assert_eq!(got["groups"], json!([]));
}

#[test]
fn stats_on_hand_written_postmortems() {
    let env = TestEnv::new();
    for (id, text) in EDGE_CASES {
        env.write(&env.file_of(id), text);
    }
    let got = env.pm(&["stats", "--json", "--by", "severity"]).ok().json();
    // Out of order: the first detected by time (09:20 local) counts, and an
    // acknowledgement before the start gives a negative figure, as recorded.
    assert_eq!(got["incidents"], 3);
    assert_eq!(got["time_to_detect"]["measured"], 2);
    assert_eq!(got["time_to_detect"]["missing"], 1);
    assert_eq!(got["time_to_detect"]["median_seconds"], json!(600.0));
    assert_eq!(got["time_to_detect"]["p90_seconds"], json!(1200));
    assert_eq!(got["time_to_acknowledge"]["median_seconds"], json!(-60.0));
    assert_eq!(got["time_to_resolve"]["measured"], 0);
    assert_eq!(got["time_to_resolve"]["median_seconds"], Value::Null);
    let a = &got["actions"];
    assert_eq!(
        (
            a["opened"].clone(),
            a["open"].clone(),
            a["done"].clone(),
            a["dropped"].clone()
        ),
        (json!(7), json!(2), json!(4), json!(1))
    );
    assert_eq!(a["overdue"], 0);
    assert_eq!(a["open_due_later"], 1);
    assert_eq!(a["open_without_due"], 1);
    assert_eq!(a["days_from_due_to_done"]["measured"], 2);
    assert_eq!(a["days_from_due_to_done"]["median_days"], json!(-12.5));
    assert_eq!(a["done_by_due"]["on_time"], 1);
    assert_eq!(a["done_by_due"]["late"], 1);
    assert_eq!(a["done_by_due"]["missing"], 1);
    assert_eq!(a["done_by_due"]["share"], json!(0.5));
    let r = &got["reviews"];
    assert_eq!(r["came_due"], 2);
    assert_eq!(r["held_on_time"], 1);
    assert_eq!(r["held_late"], 1);
    assert_eq!(r["missing"], 1);
    assert_eq!(r["pending"], 1);
    assert_eq!(r["not_scheduled"], 1);
    // A service listed twice (once with spaces) counts once per post-mortem.
    assert_eq!(
        got["top_services"],
        json!([{"name": "payments", "count": 2}, {"name": "billing", "count": 1}])
    );
    assert_eq!(got["top_tags"], json!([{"name": "edge", "count": 2}]));
    assert_eq!(
        got["top_contributing_factors"],
        json!([{"name": "A factor with spaces", "count": 1}])
    );
    // Severity groups in pm.yaml's order, then others by name.
    let keys: Vec<&str> = got["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["key"].as_str().unwrap())
        .collect();
    assert_eq!(keys, ["SEV1", "SEV2", "Custom"]);
    // By service: a post-mortem counts in each service it lists.
    let by_service = env.pm(&["stats", "--json", "--by", "service"]).ok().json();
    let groups: Vec<(&str, u64)> = by_service["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| (g["key"].as_str().unwrap(), g["incidents"].as_u64().unwrap()))
        .collect();
    assert_eq!(
        groups,
        [("(no service)", 1), ("billing", 1), ("payments", 2)]
    );

    // The table for people says the same.
    let text = env.pm(&["stats", "--by", "month"]).ok().stdout;
    assert!(text.starts_with("3 post-mortems\n"), "{text}");
    assert!(
        text.contains("time to detect        2          1         10m      20m"),
        "{text}"
    );
    assert!(text.contains("done by the due date: 50% (1 of 2 done or overdue; 1 done without a closed date not counted)"), "{text}");
    assert!(text.contains(" 2026-03 "), "{text}");
    // Headers and words a newcomer can read; `pending` as in the JSON.
    assert!(text.contains(" MONTH     COUNT "), "{text}");
    assert!(!text.contains("PMS "), "{text}");
    assert!(
        text.contains("Follow-up reviews: 2 came due: 1 held on time (50%), 1 late, 0 not held; 1 pending (due today or later), 1 not scheduled, 1 held without a due date.\n"),
        "{text}"
    );
}

#[test]
fn stats_flags_and_errors() {
    let env = TestEnv::new();
    let empty = env.pm(&["stats", "--json"]).ok().json();
    assert_eq!(empty["incidents"], 0);
    assert_eq!(empty["time_to_detect"]["median_seconds"], Value::Null);
    assert_eq!(empty["actions"]["done_by_due"]["share"], Value::Null);
    env.pm(&["stats"])
        .ok()
        .stdout_has("0 post-mortems")
        .stdout_has("Follow-up reviews: none came due yet; 0 pending (due today or later), 0 not scheduled.\n");
    env.pm(&["stats", "--since", "yesterday-ish"])
        .error(&["--since `yesterday-ish` is not a day"]);
    env.pm(&["stats", "--until", "2026-13-01"])
        .error(&["--until"]);
    env.pm(&["stats", "--severity", "SEV9"])
        .error(&["--severity `SEV9`", "SEV1"]);
    env.pm(&["stats", "--since", "2026-02-01", "--until", "2026-01-01"])
        .error(&["--since 2026-02-01 is after --until 2026-01-01"]);
    env.pm(&["stats", "--by", "week"]).code(2);
    // An empty filter (a script's unset variable): `stats --service ""`
    // gave every service's figures as one's (session 36's publishing
    // attack); every filter flag refuses one alike.
    for args in [
        ["stats", "--service"],
        ["list", "--service"],
        ["list", "--tag"],
        ["due", "--service"],
        ["due", "--tag"],
    ] {
        for empty in ["", " "] {
            env.pm(&[args[0], args[1], empty]).error(&[
                &format!("for '{}", args[1]),
                "it is empty; give a value, or leave the flag out",
            ]);
        }
    }
    env.pm(&["action", "list", "--owner", ""])
        .error(&["for '--owner", "it is empty"]);
    // -90d counts back from today (PM_NOW 2026-11-27).
    let got = env.pm(&["stats", "--json", "--since", "-90d"]).ok().json();
    assert_eq!(got["filters"]["since"], "2026-08-29");
    // So does 90d, as in `pm due --done-since` (it meant 90 days ahead,
    // which matched nothing); a --since after today is refused.
    let got = env.pm(&["stats", "--json", "--since", "90d"]).ok().json();
    assert_eq!(got["filters"]["since"], "2026-08-29");
    env.pm(&["stats", "--since", "+3d"])
        .error(&["--since `+3d` is after today"]);
    env.pm(&["list", "--since", "+3d"])
        .error(&["--since `+3d` is after today"]);
    // A file that does not parse is named, and the rest is counted.
    env.write(&env.file_of("2026-01-01-broken"), "pm: 1\nid: [\n");
    let run = env.pm(&["stats", "--json"]).ok();
    assert!(
        run.stderr.contains("2026-01-01-broken.yaml"),
        "{}",
        run.stderr
    );
    assert_eq!(run.json()["errors"].as_array().unwrap().len(), 1);
}

#[test]
fn stats_names_open_items_not_yet_due_and_does_not_call_them_due() {
    // Today is 2026-11-27 (PM_NOW): one item overdue, one due later, one
    // due today, one without a due date, and one done before its due date
    // came.
    let env = TestEnv::new();
    let id = env.new_pm("Queue backlog", "2026-11-20T09:00:00Z");
    let file = env.file_of(&id);
    let text = env.read(&file).replace(
        "action_items: []",
        "action_items:\n  - {id: A1, title: Past, owner: sre, due: 2026-11-20, status: open}\n  - {id: A2, title: Later, owner: sre, due: 2026-12-10, status: open}\n  - {id: A3, title: Today, owner: sre, due: 2026-11-27, status: open}\n  - {id: A4, title: Undated, owner: sre, status: open}\n  - {id: A5, title: Early, owner: sre, due: 2026-12-01, status: done, closed: 2026-11-26}",
    );
    assert!(text.contains("id: A5"), "{text}");
    env.write(&file, &text);
    let a = env.pm(&["stats", "--json"]).ok().json()["actions"].clone();
    assert_eq!(
        (
            a["open"].clone(),
            a["overdue"].clone(),
            a["open_due_later"].clone(),
            a["open_without_due"].clone()
        ),
        (json!(4), json!(1), json!(2), json!(1))
    );
    assert_eq!(a["done_by_due"]["came_due"], 2);
    assert_eq!(a["done_by_due"]["share"], json!(0.5));
    env.pm(&["stats"])
        .ok()
        .stdout_has("Action items: 5 opened; 4 open (1 overdue, 2 due today or later, 1 without a due date), 1 done, 0 dropped.")
        .stdout_has("  done by the due date: 50% (1 of 2 done or overdue)\n")
        .stdout_has("  median days from due date to done: -5 (done 5 days early)\n");
    // The site's trends page says it the same way.
    env.pm(&["site", "public"]).ok();
    let trends = env.read("public/trends.html");
    assert!(
        trends.contains("4 open (1 overdue, 2 due today or later, 1 without a due date)"),
        "{trends}"
    );
    assert!(
        trends.contains("of the 2 items done or overdue were done by their due date"),
        "{trends}"
    );
}

// --- Publishing attack (patt24). Each test fails on the binary before the
// fix.

/// D7: a closed post-mortem's review that was never held is neither
/// pending nor missed, in `pm stats` and on the trends page as in `pm due`
/// (docs/format.md): it is counted apart, as `closed_unheld`.
#[test]
fn a_closed_postmortems_unheld_review_is_not_counted_as_missed() {
    use crate::render::{FULL, FULL_ID};
    let env = TestEnv::new();
    env.write(
        &env.file_of(FULL_ID),
        &FULL.replacen("status: published", "status: closed", 1),
    );
    let stats = env.pm(&["stats", "--json"]).ok().json();
    let r = &stats["reviews"];
    // The earlier review (history) was held a day late; the current one,
    // due 2026-11-25 and never held, was settled by closing.
    assert_eq!(r["came_due"], 1, "{r}");
    assert_eq!(r["held_late"], 1, "{r}");
    assert_eq!(r["not_held"], 0, "{r}");
    assert_eq!(r["pending"], 0, "{r}");
    assert_eq!(r["closed_unheld"], 1, "{r}");
    env.pm(&["stats"]).ok().stdout_has(
        "Follow-up reviews: 1 came due: 0 held on time (0%), 1 late, 0 not held; 0 pending (due today or later), 0 not scheduled, 1 not held on a closed post-mortem.",
    );
    env.pm(&["site", "public"]).ok();
    let trends = env.read("public/trends.html");
    assert!(
        trends.contains("0 not held yet") && trends.contains("1 not held on a closed post-mortem"),
        "{trends}"
    );
}

/// D5: at 80 columns (piped output, CI logs) the tables of `pm stats --by`
/// keep every figure whole; a long group name is what gets cut.
#[test]
fn stats_tables_keep_figures_whole_at_80_columns() {
    use crate::render::{FULL, FULL_ID};
    let env = TestEnv::new();
    let long = "a-service-with-a-name-far-too-long-for-any-column-of-a-table";
    env.write(
        &env.file_of(FULL_ID),
        &FULL
            .replacen("2026-11-26T10:40:05Z", "2026-11-27T09:23:00Z", 1)
            .replacen(
                "services: [checkout-api, payments]",
                &format!("services: [{long}]"),
                1,
            ),
    );
    for by in ["quarter", "severity", "service"] {
        let out = env.pm(&["stats", "--by", by]).ok().stdout;
        let table = &out[out.rfind(&by.to_uppercase()).unwrap()..];
        let row = table
            .lines()
            .find(|l| l.contains("19m 30s"))
            .unwrap_or_else(|| panic!("{out}"));
        assert!(row.contains("1d 0h 11m"), "--by {by}:\n{out}");
        assert!(!row.contains("1d 0h 1…"), "--by {by}:\n{out}");
        assert!(row.chars().count() <= 80, "--by {by}: {row:?}");
        if by == "service" {
            // The name is cut to the room the figures leave.
            assert!(
                row.trim_start().starts_with("a-serv") && row.contains('…'),
                "{row}"
            );
        }
    }
}

/// One item done or overdue is said in the singular on the trends page,
/// not "100% of the 1 items" (session 35's newcomer run).
#[test]
fn one_item_done_by_its_due_date_is_said_in_the_singular() {
    let env = TestEnv::new();
    let id = env.new_pm("Checkout latency spike", "2026-11-20T09:00:00Z");
    env.add_action(&id, "Alert on p99", "sre", "2026-11-30");
    env.pm(&["action", "done", &format!("{id}#A1")]).ok();
    env.pm(&["site", "public"]).ok();
    let trends = env.read("public/trends.html");
    assert!(
        trends.contains("The 1 item done or overdue was done by its due date."),
        "{trends}"
    );
    assert!(!trends.contains("1 items"), "{trends}");
}
