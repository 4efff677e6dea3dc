//! Generate a realistic post-mortem repository for benchmarks and volume tests.
//!
//!   cargo run --release --example generate -- DIR [--count 10000] [--seed 42] [--commit]
//!
//! Deterministic for a given seed: the same files byte for byte. Several
//! years of incidents, every severity and status, 5 to 40 timeline entries
//! of every kind, 2 to 20 action items owned by a pool of 300 people and
//! teams with due dates from long overdue to far in the future, prose in
//! block scalars, hand-style comments, and a share of sentences that blame
//! so that `pm lint` has work to do. Not part of the `pm` binary.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{Duration, NaiveDate, TimeZone, Utc};

/// splitmix64: small, fast, and the same on every machine.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n.max(1)
    }
    fn range(&mut self, lo: i64, hi: i64) -> i64 {
        lo + self.below((hi - lo + 1) as u64) as i64
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len() as u64) as usize]
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
}

const SERVICES: &[&str] = &[
    "checkout-api",
    "payments",
    "search",
    "auth",
    "inventory",
    "notifications",
    "billing",
    "ledger",
    "catalog",
    "recommendations",
    "image-resizer",
    "gateway",
    "session-store",
    "orders",
    "shipping",
    "fraud",
    "reporting",
    "export-worker",
    "dns",
    "cdn",
    "kafka",
    "postgres-main",
    "redis-cache",
    "scheduler",
    "mobile-bff",
    "web-frontend",
    "email",
    "sms",
    "feature-flags",
    "config-service",
];
const SYMPTOMS: &[&str] = &[
    "latency spike",
    "elevated 5xx errors",
    "partial outage",
    "data delay",
    "failed deploys",
    "queue backlog",
    "stale cache",
    "certificate expiry",
    "DNS resolution failures",
    "memory leak",
    "connection pool exhaustion",
    "replication lag",
    "duplicate messages",
    "login failures",
    "timeouts",
    "disk full",
    "retry storm",
    "slow queries",
    "dropped events",
    "misrouted traffic",
];
const NEUTRAL: &[&str] = &[
    "The connection pool was sized for last year's traffic and saturated within minutes.",
    "A configuration change removed the retry budget from the client library.",
    "The alert evaluated every fifteen minutes, so detection lagged the first errors.",
    "Rolling back the release restored normal latency within ten minutes.",
    "The dashboard for this service did not show per-region error rates.",
    "Cache entries were invalidated all at once, which sent every read to the database.",
    "The runbook referred to a host that had been decommissioned.",
    "Traffic shifted to the secondary region, which had half the capacity.",
    "The health check only tested the process, not its dependency on the queue.",
    "A schema migration took a lock on the orders table for four minutes.",
    "The deploy pipeline allowed a config without a region to reach production.",
    "Customers saw timeouts at checkout and some retried, doubling the load.",
    "The vendor changed the API response format without notice.",
    "Certificate renewal had failed silently for two weeks.",
    "Autoscaling reacted to CPU, but the bottleneck was open file descriptors.",
    "The incident commander coordinated the response in the incident channel.",
    "Support escalated customer reports through the usual queue.",
    "The failover worked, but clients cached the old address for an hour.",
];
const BLAME: &[&str] = &[
    "The outage was caused by human error during the failover.",
    "The engineer failed to check the replication lag before promoting the replica.",
    "The on-call should have rolled back immediately.",
    "A careless deploy took down the service.",
    "All they had to do was read the runbook.",
    "Remind engineers to be more careful with production configs.",
    "The operator was at fault for the outage.",
    "The on-call ignored the alert for forty minutes.",
    "The developer bypassed code review to ship the hotfix.",
    "Obviously the retry storm came from the new client.",
];
const KINDS: &[&str] = &[
    "impact-start",
    "detected",
    "acknowledged",
    "mitigated",
    "resolved",
];
const NOTES: &[&str] = &[
    "Paged the database team",
    "Opened the incident channel",
    "Rolled back to the previous release",
    "Scaled the worker pool from 20 to 60",
    "Disabled the feature flag",
    "Posted on the status page",
    "Restarted the consumers in the secondary region",
    "Found the config diff in the deploy log",
    "Error rate back under 1%",
    "Customer reports started in support",
    "Drained traffic from zone b",
];
const ACTIONS: &[&str] = &[
    "Alert on p99 latency above 2s for five minutes",
    "Add a canary stage to the deploy pipeline",
    "Size the connection pool from load tests",
    "Automate certificate renewal and alert 14 days before expiry",
    "Add per-region error rates to the service dashboard",
    "Make the health check cover the queue dependency",
    "Update the failover runbook with the second region",
    "Add a dry-run mode to the migration tool",
    "Rate-limit client retries with a retry budget",
    "Stagger cache invalidation",
    "Require a region in deploy configs",
    "Add a load test for the checkout path",
];
const STATUSES: &[&str] = &["draft", "review", "published", "closed"];
const SEVERITIES: &[&str] = &["SEV1", "SEV2", "SEV3", "SEV4"];

fn owners() -> Vec<String> {
    let teams = [
        "payments", "platform", "sre", "data", "search", "identity", "mobile", "web", "infra",
        "growth",
    ];
    let mut out = Vec::new();
    for i in 0..300 {
        if i % 3 == 0 {
            out.push(format!("{}-team", teams[i % teams.len()]));
        } else {
            out.push(format!("@eng{i:03}"));
        }
    }
    out
}

/// A literal block scalar of 1..=n sentences, indented by `indent`.
fn block(rng: &mut Rng, indent: usize, sentences: usize, blame_percent: u64) -> String {
    let pad = " ".repeat(indent);
    let mut out = String::from("|\n");
    let count = rng.range(1, sentences as i64);
    let mut line = String::new();
    for _ in 0..count {
        let s = if rng.chance(blame_percent) {
            *rng.pick(BLAME)
        } else {
            *rng.pick(NEUTRAL)
        };
        if line.len() + s.len() > 70 && !line.is_empty() {
            let _ = writeln!(out, "{pad}{}", line.trim_end());
            line.clear();
        }
        line.push_str(s);
        line.push(' ');
    }
    let _ = writeln!(out, "{pad}{}", line.trim_end());
    out
}

fn postmortem(
    rng: &mut Rng,
    n: usize,
    owners: &[String],
    today: NaiveDate,
) -> (String, String, String) {
    let date = today - Duration::days(rng.range(0, 5 * 365));
    let service = *rng.pick(SERVICES);
    let title = format!("{} {}", service, rng.pick(SYMPTOMS));
    let slug: String = title
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect::<String>()
        .split('-')
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    let id = format!("{}-{slug}-{n}", date.format("%Y-%m-%d"));
    let status = if (today - date).num_days() < 30 {
        *rng.pick(&STATUSES[..3])
    } else {
        *rng.pick(STATUSES)
    };
    let severity = *rng.pick(SEVERITIES);
    let mut y = String::new();
    let _ = writeln!(y, "# Post-mortem: {title}");
    let _ = writeln!(
        y,
        "pm: 1\nid: {id}\ntitle: {title}\nstatus: {status}\nseverity: {severity}\ndate: {date}"
    );
    let _ = writeln!(
        y,
        "authors: ['{}']",
        rng.pick(owners).trim_start_matches('@')
    );
    let _ = writeln!(
        y,
        "responders: []\nservices: [{service}]\ntags: [{}]\n",
        if rng.chance(30) {
            "customer-facing"
        } else {
            "internal"
        }
    );
    let _ = write!(y, "summary: {}", block(rng, 2, 3, 5));
    let _ = write!(y, "\nimpact: {}", block(rng, 2, 2, 0));
    if rng.chance(50) {
        let _ = writeln!(y, "\n# Added after the review meeting.");
    } else {
        y.push('\n');
    }

    // Timeline: milestones in order, notes in between.
    let start_hour = rng.range(0, 23);
    let start = Utc
        .from_utc_datetime(
            &date
                .and_hms_opt(start_hour as u32, rng.range(0, 59) as u32, 0)
                .expect("valid time"),
        )
        .fixed_offset();
    let entries = rng.range(5, 40) as usize;
    let _ = writeln!(y, "timeline:");
    let mut t = start;
    for i in 0..entries {
        let kind = match KINDS.get(i) {
            Some(kind) if i == 0 || rng.chance(70) => kind,
            _ => "note",
        };
        let text = *rng.pick(NOTES);
        let _ = writeln!(
            y,
            "  - at: {}\n    kind: {kind}\n    text: {text}",
            t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        );
        t += Duration::minutes(rng.range(1, 25));
    }
    let _ = write!(y, "\nroot_cause: {}", block(rng, 2, 4, 10));
    let _ = writeln!(
        y,
        "contributing_factors:\n  - {}\n  - {}",
        rng.pick(NEUTRAL),
        rng.pick(NEUTRAL)
    );
    let _ = write!(y, "detection_gap: {}", block(rng, 2, 2, 5));
    let _ = writeln!(
        y,
        "lessons:\n  went_well: [Rollback was fast]\n  went_wrong: [Paging was slow]\n  got_lucky: [It happened during business hours]\n"
    );

    let actions = rng.range(2, 20) as usize;
    let _ = writeln!(y, "action_items:");
    for a in 1..=actions {
        let due = date + Duration::days(rng.range(7, 120));
        let closed = status == "closed" || ((today - due).num_days() > 0 && rng.chance(50));
        let state = if closed {
            if rng.chance(85) { "done" } else { "dropped" }
        } else {
            "open"
        };
        let title = if rng.chance(8) {
            *rng.pick(&BLAME[5..6])
        } else {
            *rng.pick(ACTIONS)
        };
        let _ = writeln!(
            y,
            "  - id: A{a}\n    title: {title}\n    owner: '{}'\n    due: {due}\n    status: {state}\n    type: {}",
            rng.pick(owners),
            rng.pick(&["prevent", "mitigate", "detect", "process"])
        );
        if closed {
            let _ = writeln!(y, "    closed: {}", due.min(today));
        }
    }
    let review_due = date + Duration::days(14);
    let held = if status == "closed" || (review_due < today && rng.chance(70)) {
        review_due.to_string()
    } else {
        String::new()
    };
    let _ = writeln!(
        y,
        "\nfollow_up:\n  due: {review_due}\n  held: {held}\n  notes:"
    );
    let _ = writeln!(
        y,
        "links:\n  - title: Dashboard\n    url: https://grafana.example.com/d/{service}"
    );
    (id, date.format("%Y").to_string(), y)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let mut dir: Option<PathBuf> = None;
    let mut count = 10_000usize;
    let mut seed = 42u64;
    let mut commit = false;
    while let Some(a) = args.next() {
        match a.as_str() {
            "--count" => count = args.next().and_then(|v| v.parse().ok()).expect("--count N"),
            "--seed" => seed = args.next().and_then(|v| v.parse().ok()).expect("--seed N"),
            "--commit" => commit = true,
            "-h" | "--help" => {
                println!("usage: generate DIR [--count N] [--seed S] [--commit]");
                return;
            }
            other => dir = Some(PathBuf::from(other)),
        }
    }
    let dir = dir.expect("usage: generate DIR [--count N] [--seed S] [--commit]");
    std::fs::create_dir_all(dir.join("postmortems")).expect("create the repository folder");
    std::fs::write(dir.join("pm.yaml"), include_str!("../templates/pm.yaml"))
        .expect("write pm.yaml");
    std::fs::write(
        dir.join(".gitattributes"),
        "postmortems/**/*.yaml text eol=lf\n",
    )
    .expect("write .gitattributes");
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).expect("date");
    let owners = owners();
    let mut rng = Rng(seed);
    for n in 0..count {
        let (id, year, text) = postmortem(&mut rng, n, &owners, today);
        let folder = dir.join("postmortems").join(year);
        std::fs::create_dir_all(&folder).expect("create a year folder");
        std::fs::write(folder.join(format!("{id}.yaml")), text).expect("write a post-mortem");
    }
    if commit {
        git(&dir, &["init", "-q"]);
        git(&dir, &["add", "-A"]);
        git(
            &dir,
            &[
                "-c",
                "user.name=pm generator",
                "-c",
                "user.email=generator@example.com",
                "commit",
                "-q",
                "-m",
                "Generated post-mortems",
            ],
        );
    }
    eprintln!("wrote {count} post-mortems to {}", dir.display());
}

fn git(dir: &Path, args: &[&str]) {
    let status = Command::new("git")
        .current_dir(dir)
        .args(args)
        .status()
        .expect("run git");
    assert!(status.success(), "git {args:?} failed");
}
