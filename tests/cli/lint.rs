//! pm lint: the evaluation set, positions, formats, suppression, configuration.

use std::collections::BTreeMap;

use crate::support::{Run, TestEnv};

const COMPLETENESS: &[&str] = &[
    "parse-error",
    "missing-field",
    "invalid-value",
    "empty-section",
    "placeholder",
    "missing-timeline",
    "missing-action-items",
    "action-owner",
    "action-due",
    "action-due-before-incident",
    "timeline-order",
    "missing-milestone",
    "milestone-order",
    "no-follow-up",
    "unknown-key",
    "allow-without-reason",
];

struct Sentence {
    family: String,
    blame: bool,
    text: String,
}

fn eval_set() -> Vec<Sentence> {
    include_str!("../lint/eval.tsv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            let mut parts = l.splitn(3, '\t');
            let family = parts.next().unwrap().to_string();
            let label = parts.next().unwrap();
            let text = parts.next().unwrap().to_string();
            assert!(label == "blame" || label == "ok", "bad label in {l:?}");
            Sentence {
                family,
                blame: label == "blame",
                text,
            }
        })
        .collect()
}

fn yaml_single_quoted(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// Lint every sentence of the evaluation set in one post-mortem, one
/// sentence per line, and return the findings per sentence.
fn lint_sentences(env: &TestEnv, sentences: &[Sentence]) -> Vec<Vec<(String, String)>> {
    let header = "pm: 1\nid: 2026-11-20-eval\ntitle: Evaluation\nstatus: draft\nseverity: SEV2\ndate: 2026-11-20\nauthors: [Dana Whitfield, Priya Natarajan]\nresponders: [Tom Becker]\ncontributing_factors:\n";
    let first_line = header.lines().count() + 1;
    let mut text = header.to_string();
    for s in sentences {
        text.push_str(&format!("  - {}\n", yaml_single_quoted(&s.text)));
    }
    env.write("postmortems/2026/2026-11-20-eval.yaml", &text);
    let run = env.pm(&["lint", "eval", "--format", "json"]);
    assert!(
        run.code == 0 || run.code == 1,
        "lint could not run: {}",
        run.stderr
    );
    let findings = run.json();
    let mut per: Vec<Vec<(String, String)>> = vec![Vec::new(); sentences.len()];
    for f in findings.as_array().unwrap() {
        let line = f["line"].as_u64().unwrap() as usize;
        let rule = f["rule"].as_str().unwrap().to_string();
        if line >= first_line
            && line < first_line + sentences.len()
            && !COMPLETENESS.contains(&rule.as_str())
        {
            per[line - first_line].push((rule, f["severity"].as_str().unwrap().to_string()));
        }
    }
    per
}

#[test]
fn evaluation_set_meets_recall_and_false_positive_targets() {
    let env = TestEnv::new();
    let sentences = eval_set();
    let blame = sentences.iter().filter(|s| s.blame).count();
    let ok = sentences.len() - blame;
    assert!(
        blame >= 80 && ok >= 120,
        "the set needs 80 blaming and 120 blameless sentences"
    );
    let per = lint_sentences(&env, &sentences);

    #[derive(Default)]
    struct Stats {
        blame: usize,
        caught: usize,
        caught_error: usize,
        ok: usize,
        false_errors: usize,
    }
    let mut by_family: BTreeMap<&str, Stats> = BTreeMap::new();
    let mut misses = Vec::new();
    let mut false_positives = Vec::new();
    for (s, found) in sentences.iter().zip(&per) {
        let st = by_family.entry(&s.family).or_default();
        let any = !found.is_empty();
        let error = found.iter().any(|(_, sev)| sev == "error");
        if s.blame {
            st.blame += 1;
            st.caught += usize::from(any);
            st.caught_error += usize::from(error);
            if !any {
                misses.push(s.text.clone());
            }
        } else {
            st.ok += 1;
            if error {
                st.false_errors += 1;
                false_positives.push(format!("{} {:?}", s.text, found));
            }
        }
    }
    let caught: usize = by_family.values().map(|s| s.caught).sum();
    let false_errors: usize = by_family.values().map(|s| s.false_errors).sum();
    let recall = caught as f64 / blame as f64;
    let fp_rate = false_errors as f64 / ok as f64;
    let mut table = String::from(
        "| family | blaming | caught | caught as error | blameless | false errors |\n|---|---|---|---|---|---|\n",
    );
    for (family, s) in &by_family {
        table.push_str(&format!(
            "| {family} | {} | {} | {} | {} | {} |\n",
            s.blame, s.caught, s.caught_error, s.ok, s.false_errors
        ));
    }
    table.push_str(&format!(
        "\nrecall {recall:.3} ({caught}/{blame}), false-positive rate at error level {fp_rate:.3} ({false_errors}/{ok})\n"
    ));
    println!("{table}");
    println!("missed:\n  {}", misses.join("\n  "));
    println!("false errors:\n  {}", false_positives.join("\n  "));
    assert!(
        recall >= 0.95,
        "recall {recall:.3} below 0.95\n{table}\nmissed:\n  {}",
        misses.join("\n  ")
    );
    assert!(
        fp_rate <= 0.03,
        "false-positive rate {fp_rate:.3} above 0.03\n{table}\n{}",
        false_positives.join("\n")
    );
}

const SEEDED: &str = "\
pm: 1
id: 2026-11-20-seeded
title: Checkout outage
status: review
severity: SEV2
date: 2026-11-20
authors: [Dana Whitfield]
summary: |
  Checkout failed for 40 minutes.
  The outage was caused by human error.
impact: >-
  About 1,200 orders failed.
  This was not human error.
root_cause: \"The engineer failed to check the flag. The request failed to complete.\"
contributing_factors:
  - 'Lazy loading delayed the page; the customer said \"your careless team\".'
  - Tom should have known better.
detection_gap: The alert should have fired at 09:00.
timeline:
  - at: 2026-11-20T09:00:00Z
    kind: impact-start
    text: Checkout errors began
action_items:
  - id: A1
    title: Remind engineers to be careful  # pm-lint: allow people-remediation -- quoting the old action
    owner: sre
    due: 2026-12-01
    status: open
  - id: A2
    title: Retrain the on-call team
    owner: sre
    due: 2026-12-01
    status: open
follow_up:
  due: 2026-12-04
";

fn seeded_lint_env() -> TestEnv {
    let env = TestEnv::new();
    env.write("postmortems/2026/2026-11-20-seeded.yaml", SEEDED);
    env.git(&["add", "."]);
    env.git(&["commit", "-qm", "seeded"]);
    env
}

/// (line, column, end column, rule, severity) of every finding.
fn positions(json: &serde_json::Value) -> Vec<(u64, u64, u64, String, String)> {
    json.as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["end_column"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn findings_point_at_the_exact_words_in_every_format() {
    let env = seeded_lint_env();
    let run = env.pm(&["lint", "--format", "json"]).code(1);
    let found = positions(&run.json());
    let expected: Vec<(u64, u64, u64, String, String)> = [
        (10, 28, 39, "human-error", "error"),
        (14, 27, 42, "judged-omission", "error"),
        // Someone else's words in quotation marks: a warning, not an error.
        (16, 61, 69, "character-judgement", "warning"),
        (17, 5, 8, "naming-individuals", "warning"),
        (17, 9, 33, "hindsight", "error"),
        (30, 12, 19, "people-remediation", "error"),
    ]
    .iter()
    .map(|(l, c, e, r, s)| (*l, *c, *e, r.to_string(), s.to_string()))
    .collect();
    assert_eq!(found, expected, "{}", run.stdout);
    let source: Vec<&str> = SEEDED.lines().collect();
    for (line, col, end, _, _) in &found {
        let text: String = source[*line as usize - 1]
            .chars()
            .skip(*col as usize - 1)
            .take((end - col) as usize)
            .collect();
        assert!(!text.trim().is_empty());
    }
    assert_eq!(&source[9][27..38], "human error");
    assert_eq!(&source[13][26..41], "failed to check");

    let human = env.pm(&["lint"]).code(1);
    assert!(
        human.stdout.contains("error[human-error]"),
        "{}",
        human.stdout
    );
    assert!(
        human
            .stdout
            .contains("--> postmortems/2026/2026-11-20-seeded.yaml:10:28")
    );
    assert!(
        human
            .stdout
            .contains("10 |   The outage was caused by human error.")
    );
    assert!(
        human
            .stdout
            .contains("   |                            ^^^^^^^^^^^")
    );
    assert!(human.stdout.contains("= help:"));
    assert!(
        human
            .stdout
            .contains("4 errors, 2 warnings, 0 notes in 1 post-mortem checked")
    );

    let github = env.pm(&["lint", "--format", "github"]).code(1);
    let command = regex::Regex::new(
        r"^::(error|warning|notice) file=[^,:]+,line=\d+,col=\d+,endLine=\d+,endColumn=\d+,title=[^,:]+::[^\r\n]+$",
    )
    .unwrap();
    let lines: Vec<&str> = github.stdout.lines().collect();
    assert_eq!(lines.len(), 6);
    for line in &lines {
        assert!(command.is_match(line), "not a workflow command: {line}");
    }
    assert!(lines[0].starts_with("::error file=postmortems/2026/2026-11-20-seeded.yaml,line=10,col=28,endLine=10,endColumn=39,title=pm lint (human-error)::"));
    assert!(
        lines[0].contains("%0AInstead: "),
        "newlines are escaped: {}",
        lines[0]
    );
    assert!(lines[2].starts_with("::warning "));

    let sarif = env.pm(&["lint", "--format", "sarif"]).code(1);
    let doc = sarif.json();
    let results = doc["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 6);
    let region = &results[0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(
        (region["startLine"].as_u64(), region["startColumn"].as_u64()),
        (Some(10), Some(28))
    );
    assert_sarif_valid(&doc, &sarif.stdout);
}

/// Validate against the official SARIF 2.1.0 schema (shipped inside the
/// serde-sarif crate, found through cargo metadata) and deserialise into
/// serde-sarif's generated types.
fn assert_sarif_valid(doc: &serde_json::Value, text: &str) {
    let typed: serde_sarif::sarif::Sarif =
        serde_json::from_str(text).expect("SARIF deserialises into serde-sarif types");
    assert_eq!(typed.runs.len(), 1);
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".into());
    let rustc = std::process::Command::new("rustc")
        .arg("-vV")
        .output()
        .expect("rustc -vV");
    let host = String::from_utf8_lossy(&rustc.stdout)
        .lines()
        .find_map(|l| l.strip_prefix("host: ").map(str::to_string))
        .expect("host triple");
    let out = std::process::Command::new(cargo)
        .args([
            "metadata",
            "--format-version",
            "1",
            "--offline",
            "--filter-platform",
            &host,
            "--manifest-path",
        ])
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml"))
        .output()
        .expect("cargo metadata");
    assert!(
        out.status.success(),
        "cargo metadata: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    let meta: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let manifest = meta["packages"]
        .as_array()
        .unwrap()
        .iter()
        .find(|p| p["name"] == "serde-sarif")
        .and_then(|p| p["manifest_path"].as_str())
        .expect("serde-sarif in cargo metadata")
        .to_string();
    let schema_path = std::path::Path::new(&manifest)
        .parent()
        .unwrap()
        .join("src/schema.json");
    let mut schema: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&schema_path).unwrap()).unwrap();
    // The published schema's `language` patterns have a stray `]` that
    // strict regex engines reject; pm never writes `language`, so relax them.
    fn relax(v: &mut serde_json::Value) -> usize {
        match v {
            serde_json::Value::Object(map) => {
                let bad = map
                    .get("pattern")
                    .and_then(|p| p.as_str())
                    .is_some_and(|p| p.ends_with("]?$"));
                let mut n = usize::from(bad);
                if bad {
                    map.remove("pattern");
                }
                n += map.values_mut().map(relax).sum::<usize>();
                n
            }
            serde_json::Value::Array(items) => items.iter_mut().map(relax).sum(),
            _ => 0,
        }
    }
    assert!(
        relax(&mut schema) >= 1,
        "expected the known `language` pattern in the SARIF schema"
    );
    let validator = jsonschema::validator_for(&schema).expect("SARIF schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(doc)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "SARIF schema errors: {errors:#?}");
}

#[test]
fn a_fresh_draft_has_only_warnings_and_review_turns_them_into_errors() {
    let env = TestEnv::new();
    let id = env.new_pm("Checkout latency spike", "2026-11-26T09:12:00Z");
    let run = env.pm(&["lint", "--format", "json"]).ok();
    let found = positions(&run.json());
    assert!(!found.is_empty());
    assert!(found.iter().all(|f| f.4 == "warning"), "{found:?}");
    let rules: Vec<&str> = found.iter().map(|f| f.3.as_str()).collect();
    assert!(
        rules.contains(&"empty-section") && rules.contains(&"missing-action-items"),
        "{rules:?}"
    );
    env.pm(&["lint", "--deny", "warnings"]).code(1);

    let file = env.file_of(&id);
    env.write(
        &file,
        &env.read(&file).replace("status: draft", "status: review"),
    );
    let run = env.pm(&["lint", "--format", "json"]).code(1);
    let found = positions(&run.json());
    assert!(
        found
            .iter()
            .filter(|f| f.3 == "empty-section")
            .all(|f| f.4 == "error"),
        "{found:?}"
    );
}

/// `<fill in ...>` alone is a placeholder, and the finding says so; text
/// marked up in HTML (`<b>...</b>`) is written text (session 35's read
/// attack saw it called an empty section, failing CI).
#[test]
fn a_placeholder_in_angle_brackets_is_named_and_markup_is_text() {
    let env = TestEnv::new();
    let id = env.new_pm("Pool exhausted", "2026-11-26T09:12:00Z");
    let file = env.file_of(&id);
    let text = env.read(&file);
    let sections = |root: &str, detection: &str| {
        text.replace("\nroot_cause:\n", &format!("\nroot_cause: {root}\n"))
            .replace(
                "\ndetection_gap:\n",
                &format!("\ndetection_gap: {detection}\n"),
            )
    };
    env.write(
        &file,
        &sections(
            "'<b>The connection pool was exhausted under peak load</b>'",
            "'<fill in: which signal existed before we knew>'",
        ),
    );
    let run = env.pm(&["lint", "--format", "json"]).ok();
    let json = run.json();
    let empty: Vec<String> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "empty-section")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    assert!(!empty.iter().any(|m| m.contains("root_cause")), "{empty:?}");
    assert!(
        empty.iter().any(|m| m.contains("`detection_gap`")
            && m.contains(
                "holds only a placeholder, `<fill in: which signal existed before we knew>`"
            )),
        "{empty:?}"
    );
}

#[test]
fn suppression_and_configuration() {
    let env = seeded_lint_env();
    let file = "postmortems/2026/2026-11-20-seeded.yaml";
    // An allow without a reason still suppresses, and is itself a warning.
    env.write(
        file,
        &SEEDED.replace(
            "  - Tom should have known better.",
            "  # pm-lint: allow hindsight\n  - Tom should have known better.",
        ),
    );
    let found = positions(&env.pm(&["lint", "--format", "json"]).code(1).json());
    assert!(
        found
            .iter()
            .any(|f| f.3 == "allow-without-reason" && f.4 == "warning")
    );
    assert!(!found.iter().any(|f| f.3 == "hindsight"));

    env.write(file, SEEDED);
    let config = env.read("pm.yaml")
        + "lint:\n  disable: [human-error]\n  severity: {naming-individuals: error}\n  allow: [\"failed to check\"]\n  rules:\n    - id: hero-culture\n      pattern: \"\\\\bheroic(s)?\\\\b\"\n      message: Heroics hide gaps in the system.\n      suggestion: Describe what the system needed a person to do.\n      severity: error\n";
    env.write("pm.yaml", &config);
    env.write(
        file,
        &SEEDED.replace(
            "Checkout failed for 40 minutes.",
            "Checkout failed for 40 minutes until heroics saved it.",
        ),
    );
    let found = positions(&env.pm(&["lint", "--format", "json"]).code(1).json());
    let rules: Vec<(&str, &str)> = found.iter().map(|f| (f.3.as_str(), f.4.as_str())).collect();
    assert!(!rules.iter().any(|r| r.0 == "human-error"), "{rules:?}");
    assert!(!rules.iter().any(|r| r.0 == "judged-omission"), "{rules:?}");
    assert!(
        rules.contains(&("naming-individuals", "error")),
        "{rules:?}"
    );
    assert!(rules.contains(&("hero-culture", "error")), "{rules:?}");

    // An allowed phrase silences findings on those words only. The
    // counterfactual's explanation quotes "should have"; allowing "should"
    // must not silence "could have prevented".
    let with_should = config.replace(
        "allow: [\"failed to check\"]",
        "allow: [\"failed to check\", \"should\"]",
    );
    env.write("pm.yaml", &with_should);
    env.write(
        file,
        &SEEDED.replace(
            "Tom should have known better.",
            "The engineer could have prevented it.",
        ),
    );
    let found = positions(&env.pm(&["lint", "--format", "json"]).code(1).json());
    assert!(found.iter().any(|f| f.3 == "counterfactual"), "{found:?}");
    env.write(file, SEEDED);

    env.write(
        "pm.yaml",
        &config.replace("\\\\bheroic(s)?\\\\b", "heroic("),
    );
    env.pm(&["lint"]).error(&["hero-culture", "pattern"]);
    env.write(
        "pm.yaml",
        &config.replace("disable: [human-error]", "disable: [no-such-rule]"),
    );
    env.pm(&["lint"]).error(&["no-such-rule"]);
}

#[test]
fn exit_codes_broken_files_and_changed_since() {
    let env = seeded_lint_env();
    env.write(
        "postmortems/2026/2026-11-21-broken.yaml",
        "pm: 1\ntitle: [unclosed\n",
    );
    let run = env.pm(&["lint", "--format", "json"]).code(1);
    let found = positions(&run.json());
    assert!(found.iter().any(|f| f.3 == "parse-error"), "{found:?}");
    assert!(
        found.iter().any(|f| f.3 == "human-error"),
        "the other file is still linted"
    );
    env.pm(&["lint", "nothing-like-this"])
        .error(&["nothing-like-this"]);
    env.pm(&["lint", "missing.yaml"]).error(&["missing.yaml"]);
    env.pm(&["lint", "--changed-since", "no-such-ref"])
        .error(&["--changed-since"]);
    env.pm(&["lint", "--format", "yaml"]).code(2);

    // Only what changed since the seeded commit: the broken file.
    let changed = positions(
        &env.pm(&["lint", "--changed-since", "HEAD", "--format", "json"])
            .code(1)
            .json(),
    );
    assert!(changed.iter().all(|f| f.3 == "parse-error"), "{changed:?}");
    std::fs::remove_file(env.path("postmortems/2026/2026-11-21-broken.yaml")).unwrap();
    env.pm(&["lint", "--changed-since", "HEAD"])
        .ok()
        .stdout_has("0 post-mortems checked");

    // A clean, complete post-mortem passes with exit 0.
    let clean = SEEDED
        .replace("  The outage was caused by human error.\n", "")
        .replace("The engineer failed to check the flag. ", "")
        .replace("  - Tom should have known better.\n", "")
        .replace("; the customer said \"your careless team\"", "")
        .replace("Remind engineers to be careful  # pm-lint: allow people-remediation -- quoting the old action", "Add a guard rail")
        .replace("Retrain the on-call team", "Alert on checkout errors above 2%");
    env.write("postmortems/2026/2026-11-20-seeded.yaml", &clean);
    let run = env.pm(&["lint", "seeded"]).ok();
    assert!(run.stdout.contains("no problems found"), "{}", run.stdout);
}

#[test]
fn sentences_wrapped_over_lines_are_read_whole() {
    let env = TestEnv::new();
    let text = "pm: 1\nid: 2026-11-20-wrap\ntitle: Wrapped\nstatus: draft\nseverity: SEV2\ndate: 2026-11-20\nroot_cause: |\n  The engineer failed\n  to check the lag.\n\n  - the alert failed\n  - to fire\n";
    env.write("postmortems/2026/2026-11-20-wrap.yaml", text);
    let found = positions(&env.pm(&["lint", "wrap", "--format", "json"]).code(1).json());
    let blame: Vec<_> = found.iter().filter(|f| f.3 == "judged-omission").collect();
    assert_eq!(blame.len(), 1, "{found:?}");
    assert_eq!(
        (blame[0].0, blame[0].1),
        (8, 16),
        "starts at `failed` on line 8"
    );
    let json = env.pm(&["lint", "wrap", "--format", "json"]).code(1).json();
    let finding = json
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["rule"] == "judged-omission")
        .unwrap();
    assert_eq!(
        (finding["end_line"].as_u64(), finding["end_column"].as_u64()),
        (Some(9), Some(11))
    );
    // The text output says where it ends too.
    env.pm(&["lint", "wrap"])
        .code(1)
        .stdout_has("--> postmortems/2026/2026-11-20-wrap.yaml:8:16 (to 9:11)");
}

/// `pm lint --eval` on files, as JSON: one report per file.
fn eval_reports(env: &TestEnv, files: &[std::path::PathBuf]) -> Vec<serde_json::Value> {
    let mut args = vec!["lint".to_string(), "--json".into(), "--eval".into()];
    args.extend(files.iter().map(|f| f.display().to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let run = env.pm(&args).ok();
    run.json().as_array().expect("an array of reports").clone()
}

/// `pm lint ID` reports nothing about the file's prose: only the
/// completeness findings of a partial post-mortem, if any.
/// The messages of `rule`'s findings in `pm lint --format json` output.
fn messages_of(json: &serde_json::Value, rule: &str) -> Vec<String> {
    json.as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == rule)
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect()
}

fn assert_no_blame_findings(env: &TestEnv, id: &str) {
    let run = env.pm(&["lint", id, "--format", "json"]);
    let findings: Vec<String> = run
        .json()
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["rule"]
                .as_str()
                .is_some_and(|r| !r.starts_with("missing-") && r != "empty-section")
        })
        .map(|f| format!("{} {}", f["rule"], f["message"]))
        .collect();
    assert!(findings.is_empty(), "{findings:#?}");
}

/// One line of a labelled TSV: `label<TAB>family<TAB>source<TAB>sentence`.
fn row(label: &str, family: &str, source: &str, sentence: &str) -> String {
    format!("{label}\t{family}\t{source}\t{sentence}\n")
}

/// Labelled rows for real sentences, each with its source URL.
fn real_rows(label: &str, sentences: &[(&str, &str)]) -> String {
    sentences
        .iter()
        .map(|(url, s)| row(label, "real", url, s))
        .collect()
}

/// Labelled rows for sentences an attack wrote (source "attack").
fn attack_rows(label: &str, family: &str, sentences: &[&str]) -> String {
    sentences
        .iter()
        .map(|s| row(label, family, "attack", s))
        .collect()
}

/// Write labelled sentences to a file named `name` and score them.
fn eval_tsv(env: &TestEnv, name: &str, tsv: &str) -> serde_json::Value {
    let file = env.dir.path().join(name);
    std::fs::write(&file, tsv).unwrap();
    eval_reports(env, &[file]).remove(0)
}

/// Each named count of a report is as expected; the report is shown if not.
fn assert_counts(report: &serde_json::Value, expected: &[(&str, u64)]) {
    let found: Vec<(&str, u64)> = expected
        .iter()
        .map(|(k, _)| (*k, count(report, k)))
        .collect();
    assert_eq!(found, expected, "{report:#}");
}

/// Every labelled sentence of `tsv` (all blaming) is caught, with a warning
/// or an error.
fn assert_all_caught(env: &TestEnv, name: &str, tsv: &str) {
    let n = tsv.lines().count() as u64;
    assert_counts(&eval_tsv(env, name, tsv), &[("blaming", n), ("caught", n)]);
}

/// The (line, rule) of each finding of a `--format json` lint run whose
/// rule `keep` accepts, in the order pm reports them.
fn line_rules(run: &Run, keep: impl Fn(&str) -> bool) -> Vec<(u64, String)> {
    run.json()
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| keep(f["rule"].as_str().unwrap()))
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

/// The message of each finding of a `--format json` lint run whose rule
/// `keep` accepts, in the order pm reports them.
fn rule_messages(run: &Run, keep: impl Fn(&str) -> bool) -> Vec<String> {
    run.json()
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| keep(f["rule"].as_str().unwrap()))
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect()
}

/// No labelled sentence of `tsv` (all blameless) gets a warning or an error.
fn assert_all_quiet(env: &TestEnv, name: &str, tsv: &str) {
    let n = tsv.lines().count() as u64;
    assert_counts(
        &eval_tsv(env, name, tsv),
        &[("blameless", n), ("false_errors", 0), ("false_warnings", 0)],
    );
}

fn figure(report: &serde_json::Value, key: &str) -> f64 {
    report["overall"][key].as_f64().unwrap_or(0.0)
}

fn count(report: &serde_json::Value, key: &str) -> u64 {
    report["overall"][key].as_u64().unwrap_or(0)
}

/// The hand-written set through `pm lint --eval`: no regression from the
/// figures it had before the rules were reworked for real text (302 of
/// 308 blaming sentences with a warning or an error, no false error).
#[test]
fn eval_report_on_the_hand_written_set_keeps_its_figures() {
    let env = TestEnv::new();
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lint/eval.tsv");
    let reports = eval_reports(&env, &[file]);
    let r = &reports[0];
    println!("{}", serde_json::to_string_pretty(&r["overall"]).unwrap());
    assert_eq!(count(r, "blaming"), 308);
    assert_eq!(count(r, "blameless"), 344);
    assert!(count(r, "caught") >= 302, "recall fell: {}", r["overall"]);
    assert_eq!(count(r, "false_errors"), 0, "{}", r["overall"]);
    // Every family has its own row, with the counts adding up.
    let families = r["families"].as_object().unwrap();
    let total: u64 = families
        .values()
        .map(|f| f["blaming"].as_u64().unwrap())
        .sum();
    assert_eq!(total, 308);
}

/// "Bob should have…" is the blame every post-mortem guide warns about:
/// one person, named or pointed at, and what they should have done fails
/// the check. Said of "we", of people in general, with "could", or of a
/// thing, it is a warning or nothing.
#[test]
fn one_person_and_what_they_should_have_done_is_an_error() {
    let env = TestEnv::new();
    let report = eval_tsv(
        &env,
        "should.tsv",
        &[
            row(
                "blame",
                "counterfactual",
                "readme",
                "Bob should have checked the cert expiry.",
            ),
            row(
                "blame",
                "counterfactual",
                "readme",
                "The on-call engineer should have checked the replication lag before failing over.",
            ),
            row(
                "blame",
                "counterfactual",
                "readme",
                "Dana should have known the flag was still on.",
            ),
        ]
        .concat(),
    );
    assert_counts(
        &report,
        &[("blaming", 3), ("caught", 3), ("caught_as_error", 3)],
    );
    let report = eval_tsv(
        &env,
        "softer.tsv",
        &[
            row(
                "blame",
                "counterfactual",
                "readme",
                "We should have caught this in staging.",
            ),
            row(
                "blame",
                "counterfactual",
                "readme",
                "Engineers should have checked the lag.",
            ),
            row(
                "blame",
                "counterfactual",
                "readme",
                "The operator could have waited for the canary.",
            ),
        ]
        .concat(),
    );
    assert_counts(
        &report,
        &[("blaming", 3), ("caught", 3), ("caught_as_error", 0)],
    );
    assert_all_quiet(
        &env,
        "things.tsv",
        &[
            row(
                "ok",
                "system",
                "readme",
                "The alert should have fired at 09:00 but its query had a typo.",
            ),
            row(
                "ok",
                "system",
                "readme",
                "The circuit breaker should have opened after five failures.",
            ),
        ]
        .concat(),
    );
}

/// The real-world corpus: sentences from public post-mortems, incident and
/// accident reports, forums and blameless-culture writing, split by source
/// (tests/lint/corpus/{dev,validation,test}.tsv). Each split is measured
/// through the binary and must not fall below the figures it had when the
/// rules were last changed; no rule was tuned on the test split.
#[test]
fn corpus_splits_meet_their_targets() {
    let env = TestEnv::new();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/lint/corpus");
    // (split, minimum recall with a warning or an error, maximum false-error rate)
    //
    // Issue 9's targets on the test split are recall 0.90 and false errors
    // 0.03; the rules do not reach them yet (docs/lint-rules.md has the
    // figures), so the test split is held at what it measured when it was
    // first scored, and any change that makes it worse fails here.
    // Batches 48 to 51 (news, audits and teams' write-ups that score
    // lower unseen) moved dev to 0.711 and validation to 0.676. Batch 59
    // (commentary on organisations, 0.495 unseen) moved dev from 0.701 to
    // 0.697 and validation from 0.671 to 0.666 on the same build; the
    // floors follow the harder data, with a margin. The evidence model's
    // weights refitted with batch 63 moved dev to 0.719, validation to
    // 0.672 and test to 0.654 (scored after the choice was made on
    // validation and the unseen batch 63). Batch 68 (0.56 unseen) moved
    // dev from 0.713 to 0.710 on the same build. Batch 69 (GitHub threads,
    // 0.54 unseen) moved validation from 0.667 to 0.665 on the same build,
    // so its floor is 0.66. Batch 71 (teams' GitHub threads and council
    // notices, 0.51 unseen on its dev part) moved dev from 0.709 to 0.706
    // on the same build, so its floor is 0.70. Session 29's refit (pairs of
    // words, and the words' tier weighing the sentence's signals) moved
    // dev to 0.761, validation to 0.680 and test to 0.663 (scored after
    // the choice was made on validation); the floors rise with a margin
    // for harder batches to come.
    let floors = [
        ("dev", 0.74, 0.02),
        ("validation", 0.665, 0.03),
        ("test", 0.655, 0.03),
    ];
    let present: Vec<_> = floors
        .iter()
        .filter(|(name, _, _)| dir.join(format!("{name}.tsv")).is_file())
        .collect();
    assert!(
        present.iter().any(|(name, _, _)| *name == "dev"),
        "tests/lint/corpus/dev.tsv is missing"
    );
    let files: Vec<_> = present
        .iter()
        .map(|(name, _, _)| dir.join(format!("{name}.tsv")))
        .collect();
    let reports = eval_reports(&env, &files);
    let mut failures = Vec::new();
    for ((name, min_recall, max_false_errors), r) in present.iter().zip(&reports) {
        let recall = figure(r, "recall");
        let false_errors = figure(r, "false_error_rate");
        println!(
            "{name}: {} blaming, {} blameless; recall {recall:.3} (as error {:.3}), false errors {false_errors:.3}, false warnings {:.3}, precision {:.3}",
            count(r, "blaming"),
            count(r, "blameless"),
            figure(r, "recall_error"),
            figure(r, "false_warning_rate"),
            figure(r, "precision"),
        );
        assert!(
            count(r, "blaming") >= 20 && count(r, "blameless") >= 20,
            "{name}: too few sentences"
        );
        if recall < *min_recall {
            failures.push(format!("{name}: recall {recall:.3} below {min_recall}"));
        }
        if false_errors > *max_false_errors {
            failures.push(format!(
                "{name}: false-error rate {false_errors:.3} above {max_false_errors}"
            ));
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn eval_reads_both_formats_reports_details_and_refuses_bad_lines() {
    let env = TestEnv::empty();
    env.write(
        "sentences.tsv",
        "# a team's own labelled sentences\n\
         blame\tperson-as-cause\thttps://example.com/a\tThe technician accidentally erased the backup drive.\n\
         ok\tsystem\thttps://example.com/a\tThe health check failed to detect the half\u{2011}open connection.\n\
         unsure\tunclear\thttps://example.com/b\tIt went wrong.\n\
         human-error\tblame\tThe root cause was human error.\n",
    );
    // Outside a repository: the defaults apply.
    let run = env
        .pm(&["lint", "--eval", "sentences.tsv", "--json", "--details"])
        .ok();
    let r = &run.json()[0];
    assert_eq!(r["overall"]["blaming"], 2);
    assert_eq!(r["overall"]["blameless"], 1);
    assert_eq!(r["overall"]["unsure"], 1);
    assert_eq!(r["overall"]["caught"], 2);
    assert_eq!(r["overall"]["false_errors"], 0);
    assert_eq!(r["families"]["person-as-cause"]["caught"], 1);
    assert_eq!(r["rules"]["person-as-cause"]["on_blaming"], 1);
    // For people: a table per file.
    env.pm(&["lint", "--eval", "sentences.tsv"])
        .ok()
        .stdout_has("recall (warning or error) 1.000")
        .stdout_has("person-as-cause");
    // A line that is not a labelled sentence names the file and line.
    env.write("bad.tsv", "blame\tonly two columns\n");
    env.pm(&["lint", "--eval", "bad.tsv"])
        .error(&["bad.tsv:1", "not a labelled sentence"]);
    env.pm(&["lint", "--eval", "missing.tsv"])
        .error(&["missing.tsv"]);
}

/// `pm lint --rules` names every rule with its severity after pm.yaml, so
/// that a user with only the binary can write `lint:` settings and allow
/// comments; an unknown rule in pm.yaml points at it.
#[test]
fn lint_rules_lists_every_rule_as_pm_yaml_sets_it() {
    let env = TestEnv::new();
    let config = env.read("pm.yaml")
        + "lint:\n  disable: [root-cause-singular]\n  severity: { naming-individuals: error }\n  rules:\n    - id: saved-the-day\n      phrases: [\"saved the day\"]\n      message: \"Heroics hide the gaps.\\u001b[31m\"\n      severity: warning\n";
    env.write("pm.yaml", &config);
    let run = env.pm(&["lint", "--rules", "--json"]).ok();
    let rules = run.json();
    let rules = rules.as_array().unwrap();
    let find = |id: &str| {
        rules
            .iter()
            .find(|r| r["id"] == id)
            .unwrap_or_else(|| panic!("no {id} in {rules:?}"))
    };
    assert_eq!(find("root-cause-singular")["severity"], "off");
    assert_eq!(find("naming-individuals")["severity"], "error");
    assert_eq!(find("human-error")["severity"], "error");
    assert_eq!(find("human-error")["kind"], "blame");
    assert_eq!(find("empty-section")["kind"], "completeness");
    assert_eq!(find("saved-the-day")["kind"], "team");
    assert_eq!(find("saved-the-day")["severity"], "warning");
    // Every rule an allow comment or pm.yaml may name is listed.
    let listed: Vec<&str> = rules.iter().map(|r| r["id"].as_str().unwrap()).collect();
    for rule in [
        "person-as-cause",
        "rule-breaking",
        "blame-evidence",
        "missing-action-items",
    ] {
        assert!(listed.contains(&rule), "{rule} not in {listed:?}");
    }
    // The table for people: the team's message is printed safely.
    let table = env.pm(&["lint", "--rules"]).ok();
    let table = table
        .stdout_has("saved-the-day")
        .stdout_has("Heroics hide the gaps.");
    assert!(!table.stdout.contains('\u{1b}'), "{}", table.stdout);
    // Linting and listing do not mix.
    env.pm(&["lint", "--rules", "postmortems"]).code(2);
    // An unknown rule in pm.yaml says where to find the ids.
    let config = env
        .read("pm.yaml")
        .replace("naming-individuals: error", "naming-individual: error");
    env.write("pm.yaml", &config);
    env.pm(&["lint"])
        .error(&["naming-individual"])
        .stderr_has("pm lint --rules");
}

/// A team adds its own words for people and its own phrases in pm.yaml;
/// phrases match whatever the typography.
#[test]
fn team_person_words_and_phrases_from_pm_yaml() {
    let env = TestEnv::new();
    let config = env.read("pm.yaml")
        + "lint:\n  person_words: [shepherd]\n  rules:\n    - id: saved-the-day\n      phrases: [\"didn't wait\", \"saved the day\"]\n      message: Heroics hide the gaps.\n";
    env.write("pm.yaml", &config);
    let text = "pm: 1\nid: 2026-11-20-team\ntitle: Team words\nstatus: draft\nseverity: SEV2\ndate: 2026-11-20\ncontributing_factors:\n  - The release shepherd forgot to check the lag.\n  - The job forgot to release its lock.\n  - \"Dana saved\u{a0}the day; she didn\u{2019}t wait for the canary.\"\n";
    env.write("postmortems/2026/2026-11-20-team.yaml", text);
    let run = env.pm(&["lint", "--format", "json"]);
    let found = positions(&run.json());
    let blame: Vec<_> = found
        .iter()
        .filter(|f| !COMPLETENESS.contains(&f.3.as_str()))
        .map(|f| (f.0, f.3.as_str(), f.4.as_str()))
        .collect();
    assert!(
        blame.contains(&(8, "judged-omission", "error")),
        "{blame:?}"
    );
    assert!(!blame.iter().any(|f| f.0 == 9), "{blame:?}");
    let team: Vec<_> = blame.iter().filter(|f| f.1 == "saved-the-day").collect();
    assert_eq!(team.len(), 2, "{blame:?}");
    // A rule with both a pattern and phrases is refused.
    let both = config.replace("\n      phrases:", "\n      pattern: x\n      phrases:");
    env.write("pm.yaml", &both);
    env.pm(&["lint"]).error(&["saved-the-day", "both"]);
}

/// SARIF's `uri` is a URI reference: a file name with a space, `#` or a
/// non-ASCII letter is percent-encoded there (code scanning would otherwise
/// cut it at the `#`), and stays as written in every other format.
#[test]
fn sarif_uris_are_percent_encoded() {
    let env = TestEnv::new();
    let text = "pm: 1\nid: 2026-11-20-odd-name\ntitle: Odd name\nstatus: draft\nseverity: SEV2\ndate: 2026-11-20\n";
    env.write("postmortems/2026/root cause #2 é.yaml", text);
    let sarif = env.pm(&["lint", "--format", "sarif"]).json();
    let uris: Vec<&str> = sarif["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(!uris.is_empty());
    assert!(
        uris.iter()
            .all(|u| *u == "postmortems/2026/root%20cause%20%232%20%C3%A9.yaml"),
        "{uris:?}"
    );
    let json = env.pm(&["lint", "--format", "json"]).json();
    assert_eq!(json[0]["file"], "postmortems/2026/root cause #2 é.yaml");
}

/// A file pm's loader refuses (a raw control character in a block scalar,
/// which the span parser reads) gets its parse error and nothing else, as
/// the parse error's own suggestion says: no blame finding made from a
/// reading the other commands refuse.
#[test]
fn a_file_the_loader_refuses_has_only_its_parse_error() {
    let env = TestEnv::new();
    let text = "pm: 1\nid: 2026-11-20-esc\ntitle: Esc\nstatus: draft\nseverity: SEV2\ndate: 2026-11-20\nroot_cause: |\n  The engineer deleted the wrong database \u{1b}[31m and broke it.\n";
    env.write("postmortems/2026/2026-11-20-esc.yaml", text);
    let rules = |json: &serde_json::Value| -> Vec<String> {
        json.as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect()
    };
    let json = env.pm(&["lint", "--format", "json"]).code(1).json();
    assert_eq!(rules(&json), ["parse-error"], "{json:#}");
    assert_eq!(json[0]["line"], 8);
    env.pm(&["show", "2026-11-20-esc"])
        .error(&["2026-11-20-esc"]);
    // The same for a format version pm does not read.
    env.write(
        "postmortems/2026/2026-11-20-esc.yaml",
        &text.replace("pm: 1", "pm: 2").replace(" \u{1b}[31m", ""),
    );
    let json = env.pm(&["lint", "--format", "json"]).code(1).json();
    assert_eq!(rules(&json), ["parse-error"], "{json:#}");
}

/// A raw U+0085 in a block scalar: YAML readers take it for a line break,
/// so the error is reported where the character is, naming it, not on a
/// line further down that has nothing wrong with it.
#[test]
fn a_raw_next_line_character_is_reported_where_it_is() {
    let env = TestEnv::new();
    let text = "pm: 1\nid: 2026-11-20-nel\ntitle: Nel\nstatus: draft\nseverity: SEV2\ndate: 2026-11-20\nsummary: |\n  Line \u{85} nel and more text\n  second line\nimpact: x\n";
    env.write("postmortems/2026/2026-11-20-nel.yaml", text);
    let json = env.pm(&["lint", "--format", "json"]).code(1).json();
    assert_eq!(json.as_array().unwrap().len(), 1, "{json:#}");
    assert_eq!(json[0]["rule"], "parse-error");
    assert_eq!(
        (json[0]["line"].as_u64(), json[0]["column"].as_u64()),
        (Some(8), Some(8))
    );
    assert!(
        json[0]["message"].as_str().unwrap().contains("U+0085"),
        "{json:#}"
    );
    env.pm(&["show", "2026-11-20-nel"]).error(&["U+0085"]);
}

/// A YAML file under postmortems/ that no command reads (loose, or in a
/// team folder inside a year) is named by a whole-repository lint, once;
/// a team can turn the warning off like any rule.
#[test]
fn files_pm_never_reads_are_named() {
    let env = TestEnv::new();
    let id = env.new_pm("Cache outage", "2026-11-20T09:00:00Z");
    let text = env.read(&env.file_of(&id));
    env.write("postmortems/2026/team-a/outage.yaml", &text);
    env.write("postmortems/loose.yaml", &text);
    env.write("postmortems/2026/.hidden.yaml", &text);
    let misplaced = |env: &TestEnv| -> Vec<String> {
        let json = env.pm(&["lint", "--format", "json"]).json();
        json.as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "misplaced-file")
            .map(|f| f["file"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        misplaced(&env),
        [
            "postmortems/2026/team-a/outage.yaml",
            "postmortems/loose.yaml"
        ]
    );
    // Not when linting named files, and not when the team turns it off.
    let named = env.pm(&["lint", "--format", "json", &id]).json();
    assert!(!named.to_string().contains("misplaced-file"), "{named}");
    let config = env.read("pm.yaml") + "lint:\n  disable: [misplaced-file]\n";
    env.write("pm.yaml", &config);
    assert_eq!(misplaced(&env), Vec::<String>::new());
}

/// A post-mortem copied to start another keeps the first one's id: lint
/// says so at the id, as a warning (a hand-named file is not refused).
#[test]
fn a_copied_post_mortem_with_the_same_id_is_flagged() {
    let env = TestEnv::new();
    let id = env.new_pm("Cache outage", "2026-11-20T09:00:00Z");
    let original = env.read(&env.file_of(&id));
    env.write("postmortems/2026/2026-11-21-copy.yaml", &original);
    let json = env.pm(&["lint", "--format", "json"]).json();
    let flagged: Vec<(&str, &str)> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "id-file-name")
        .map(|f| (f["file"].as_str().unwrap(), f["severity"].as_str().unwrap()))
        .collect();
    assert_eq!(
        flagged,
        [("postmortems/2026/2026-11-21-copy.yaml", "warning")],
        "{json:#}"
    );
    // A copy under another year's folder keeps the file's name: it is
    // flagged for its folder, and the original is not.
    std::fs::remove_file(env.path("postmortems/2026/2026-11-21-copy.yaml")).unwrap();
    env.write(&format!("postmortems/2025/{id}.yaml"), &original);
    let json = env.pm(&["lint", "--format", "json"]).json();
    let flagged: Vec<(&str, &str)> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "id-file-name")
        .map(|f| (f["file"].as_str().unwrap(), f["message"].as_str().unwrap()))
        .collect();
    assert_eq!(flagged.len(), 1, "{json:#}");
    assert_eq!(flagged[0].0, format!("postmortems/2025/{id}.yaml"));
    assert!(
        flagged[0].1.contains("belongs in the 2026 folder"),
        "{json:#}"
    );
}

/// A severity pm.yaml does not list is flagged where it is written, with
/// pm.yaml's spelling when only the case differs.
#[test]
fn severities_pm_yaml_does_not_list_are_flagged() {
    let env = TestEnv::new();
    let id = env.new_pm("Cache outage", "2026-11-20T09:00:00Z");
    let file = env.file_of(&id);
    let text = env.read(&file);
    let messages = |severity: &str| {
        env.write(
            &file,
            &text.replace("severity: SEV2", &format!("severity: {severity}")),
        );
        let json = env.pm(&["lint", "--format", "json"]).json();
        json.as_array()
            .unwrap()
            .iter()
            .filter(|f| f["rule"] == "unknown-severity")
            .map(|f| f["message"].as_str().unwrap().to_string())
            .collect::<Vec<_>>()
    };
    assert_eq!(messages("SEV2"), Vec::<String>::new());
    assert_eq!(
        messages("SEV9"),
        ["severity `SEV9` is not one of pm.yaml's severities (SEV1, SEV2, SEV3, SEV4)"]
    );
    assert_eq!(
        messages("sev2"),
        ["severity `sev2` is written `SEV2` in pm.yaml"]
    );
    // Compared as written, as `pm list --severity` compares it.
    assert_eq!(
        messages("\"SEV2 \""),
        ["severity `SEV2 ` is written `SEV2` in pm.yaml"]
    );
}

/// An action item's `closed` date must agree with the item: not on an open
/// item (hand-edited back to open), not before the incident.
#[test]
fn closed_dates_that_contradict_the_item_are_flagged() {
    let env = TestEnv::new();
    let text = "pm: 1\nid: 2026-11-20-closed\ntitle: Closed\nstatus: draft\nseverity: SEV2\ndate: 2026-11-20\naction_items:\n  - id: A1\n    title: Add a canary\n    owner: sre\n    due: 2026-12-01\n    status: open\n    closed: 2026-11-25\n  - id: A2\n    title: Alert on lag\n    owner: sre\n    due: 2026-12-01\n    status: done\n    closed: 2026-11-02\n  - id: A3\n    title: Runbook\n    owner: sre\n    due: 2026-12-01\n    status: done\n    closed: 2026-11-26\n";
    env.write("postmortems/2026/2026-11-20-closed.yaml", text);
    let run = env.pm(&["lint", "--format", "json"]);
    let json = run.json();
    let closed: Vec<(u64, String, String)> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "action-closed-date")
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["severity"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(closed.len(), 2, "{closed:?}");
    assert_eq!(closed[0].0, 13);
    assert!(
        closed[0].2.contains("A1 is open but has a closed date"),
        "{closed:?}"
    );
    assert_eq!(closed[1].0, 19);
    assert!(
        closed[1]
            .2
            .contains("A2 was closed 2026-11-02, before the incident"),
        "{closed:?}"
    );
    assert!(closed.iter().all(|c| c.1 == "warning"));
    // `pm action done` sets both, so its items never trip the rule.
    let id = env.new_pm("Done cleanly", "2026-11-26T09:00:00Z");
    env.add_action(&id, "Fix it", "sre", "2026-12-01");
    env.pm(&["action", "done", &format!("{id}#A1")]).ok();
    let run = env.pm(&["lint", "--format", "json", &id]);
    assert!(run.stdout.contains(&id), "{}", run.stdout);
    assert!(!run.stdout.contains("action-closed-date"), "{}", run.stdout);
}

/// A team sets how readily the evidence model warns: `lint.evidence_threshold`
/// in pm.yaml, lower for more warnings. A value that is not a number is
/// refused, naming the setting.
#[test]
fn evidence_threshold_from_pm_yaml() {
    let env = TestEnv::new();
    let base = env.read("pm.yaml");
    let text = "pm: 1\nid: 2026-11-20-pump\ntitle: Pump\nstatus: draft\nseverity: SEV2\ndate: 2026-11-20\ncontributing_factors:\n  - The nurse faced a lawsuit after the pump incident.\n";
    env.write("postmortems/2026/2026-11-20-pump.yaml", text);
    let evidence = |threshold: &str| {
        env.write(
            "pm.yaml",
            &format!("{base}lint:\n  evidence_threshold: {threshold}\n"),
        );
        let run = env.pm(&["lint", "--format", "json"]);
        positions(&run.json())
            .into_iter()
            .filter(|f| f.3 == "blame-evidence")
            .map(|f| (f.0, f.4))
            .collect::<Vec<_>>()
    };
    assert_eq!(evidence("-3"), vec![(8, "warning".to_string())]);
    assert_eq!(evidence("20"), vec![]);
    env.write(
        "pm.yaml",
        &format!("{base}lint:\n  evidence_threshold: high\n"),
    );
    // Refused at its line and column in pm.yaml.
    let line = base.lines().count() + 2;
    env.pm(&["lint"]).error(&[
        &format!("pm.yaml:{line}:23: lint.evidence_threshold"),
        "number",
    ]);
    env.write(
        "pm.yaml",
        &format!("{base}lint:\n  evidence_threshold: 99999999999999999999999\n"),
    );
    env.pm(&["lint"])
        .error(&[&format!("pm.yaml:{line}:23"), "is too large"]);
    env.write(
        "pm.yaml",
        &format!("{base}lint:\n  severity:\n    blame-evidence: loud\n"),
    );
    env.pm(&["lint"]).error(&[
        &format!("pm.yaml:{}:21: lint.severity.blame-evidence", line + 1),
        "error, warning or info",
    ]);
    // A misspelt setting is refused, not ignored.
    env.write("pm.yaml", &format!("{base}lint:\n  evidence_treshold: 5\n"));
    env.pm(&["lint"])
        .error(&["unknown setting `evidence_treshold`", "evidence_threshold"]);
}

/// An empty or blank phrase matches every sentence: allowed, it silenced
/// human-error, naming-individuals and counterfactual in every file
/// without a word. It is refused at its place in pm.yaml, in `allow` and
/// in a team rule's `phrases` alike, and pm.yaml is left as written.
#[test]
fn an_empty_or_blank_phrase_is_a_configuration_error() {
    let env = TestEnv::new();
    let id = env.new_pm("Blank allow", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let text = env.read(&file).replace(
        "\nsummary:\n",
        "\nsummary: Dana should have checked the dashboard; human error.\n",
    );
    assert!(text.contains("human error."));
    env.write(&file, &text);
    let found = env.pm(&["lint", &id, "--format", "json"]).json();
    assert!(
        found
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "human-error"),
        "{found}"
    );
    let base = env.read("pm.yaml");
    let line = base.lines().count() + 2;
    for (setting, column, why) in [
        ("allow: [\"\"]", 11, "an empty phrase"),
        ("allow: [\"blame-free zone\", \" \"]", 30, "only spaces"),
    ] {
        let config = format!("{base}lint:\n  {setting}\n");
        env.write("pm.yaml", &config);
        env.pm(&["lint", &id]).error(&[
            &format!("pm.yaml:{line}:{column}: lint.allow"),
            why,
            "every sentence",
        ]);
        assert_eq!(env.read("pm.yaml"), config);
    }
    env.write(
        "pm.yaml",
        &format!("{base}lint:\n  rules:\n    - id: team\n      phrases: [heroics, \"\"]\n"),
    );
    env.pm(&["lint", &id]).error(&[
        &format!("pm.yaml:{}:26: lint rule `team`: phrases", line + 2),
        "an empty phrase",
    ]);
}

/// `lint.allow` phrases are whole words: `allow: ["e"]` silenced nearly
/// every finding (each quoted words with an "e" in them), and `"er"` the
/// human-error finding on "human error". A phrase that names no words (one
/// character, only punctuation) is refused at its place in pm.yaml; a
/// phrase of whole words still silences its findings whatever the case and
/// spacing.
#[test]
fn allowed_phrases_match_whole_words_and_must_name_words() {
    let env = TestEnv::new();
    let id = env.new_pm("Allow words", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let text = env.read(&file).replace(
        "\nsummary:\n",
        "\nsummary: The outage was caused by human error.\n",
    );
    assert!(text.contains("human error."));
    env.write(&file, &text);
    let rules = |env: &TestEnv| -> Vec<String> {
        let found = env.pm(&["lint", &id, "--format", "json"]).json();
        found
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["rule"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(rules(&env).contains(&"human-error".to_string()));
    let base = env.read("pm.yaml");
    let line = base.lines().count() + 2;
    // Refused, where it is written, and pm.yaml is left as it was.
    for (setting, column, phrase) in [
        ("allow: [\"e\"]", 11, "\"e\""),
        ("allow: [\"human error\", \"--\"]", 26, "\"--\""),
        ("allow: [\" . \"]", 11, "\".\""),
    ] {
        let config = format!("{base}lint:\n  {setting}\n");
        env.write("pm.yaml", &config);
        env.pm(&["lint", &id]).error(&[
            &format!("pm.yaml:{line}:{column}: lint.allow has the phrase {phrase}"),
            "names no words",
            "at least 2 characters and a letter or digit",
        ]);
        assert_eq!(env.read("pm.yaml"), config);
    }
    // Part of a word silences nothing.
    for part in ["er", "human err", "an error"] {
        env.write("pm.yaml", &format!("{base}lint:\n  allow: [\"{part}\"]\n"));
        assert!(
            rules(&env).contains(&"human-error".to_string()),
            "allow: [{part:?}] silenced human-error"
        );
    }
    // Whole words do, without case and whatever the spacing.
    for words in ["error", "Human  Error"] {
        env.write("pm.yaml", &format!("{base}lint:\n  allow: [\"{words}\"]\n"));
        assert!(
            !rules(&env).contains(&"human-error".to_string()),
            "allow: [{words:?}] did not silence human-error"
        );
    }
    // A phrase written in the text around the finding's words silences it
    // too ("the human error review" as a meeting's name); one that is not
    // in the text does not.
    env.write(
        "pm.yaml",
        &format!("{base}lint:\n  allow: [\"caused by human error\"]\n"),
    );
    assert!(!rules(&env).contains(&"human-error".to_string()));
    env.write(
        "pm.yaml",
        &format!("{base}lint:\n  allow: [\"human error review\"]\n"),
    );
    assert!(rules(&env).contains(&"human-error".to_string()));
}

/// Ordinary timeline and root-cause prose about alerts, deploys and people
/// doing their work: no finding at all. Found by an attack on the evidence
/// model ("the alert fired" was read as punishment, "fired; the engineer"
/// as one phrase).
#[test]
fn everyday_incident_prose_raises_nothing() {
    let env = TestEnv::new();
    let sentences = [
        "The alert fired; the on-call engineer acknowledged it at 09:05.",
        "The SRE team restarted the database primary after the replica lag alarm fired.",
        "Error budget alert fired; the engineer was paged.",
        "She deployed the rollback at 10:05.",
        "He restarted the API pods to drop stale connections.",
        "The vendor released a fix.",
        "The engineer checked the error logs.",
        "The operator saw the errors and escalated.",
    ];
    let tsv: String = sentences
        .iter()
        .map(|s| format!("ok\tneutral\thttps://example.com/timeline\t{s}\n"))
        .collect();
    let report = eval_tsv(&env, "everyday.tsv", &tsv);
    assert_counts(&report, &[("false_errors", 0), ("false_warnings", 0)]);
}

/// "Driver" and "user" are people in an account of an accident ("The
/// driver failed to brake", real sentences from the dev corpus), for the
/// evidence model only (a warning, never a rule's error), but programs or
/// accounts after a word that says so ("the NIC driver", "the NVIDIA
/// driver", "the `root` user"), before one ("the user table") or when
/// they own something ("the user's request"), where nothing is flagged.
#[test]
fn roles_that_also_name_programs_are_people_only_without_a_qualifier() {
    let env = TestEnv::new();
    let tsv = "\
blame\tjudging-omission\thttp://metro.co.uk/2010/07/20/driver-error-led-to-indian-train-crash-453035/\tThe driver failed to brake, or respond to numerous messages before the collision.
blame\tperson-as-cause\thttps://greenmountainsoftware.wordpress.com/2017/06/\tThe user accidentally deleted a production database.
ok\ttechnical\thttps://example.com/a\tThe NIC driver crashed and took the host down.
ok\ttechnical\thttps://example.com/a\tThe network driver accidentally dropped packets after the kernel upgrade.
ok\ttechnical\thttps://example.com/a\tThe service user was wrongly granted write access by the Terraform module.
ok\ttechnical\thttps://example.com/a\tThe user's request failed to complete.
ok\ttechnical\thttps://example.com/a\tThe user table was truncated by mistake.
ok\ttechnical\thttps://example.com/a\tThe NVIDIA driver crashed.
ok\ttechnical\thttps://example.com/a\tThe Go driver failed to reconnect.
ok\ttechnical\thttps://example.com/a\tThe `root` user accidentally deleted the database.
";
    let report = eval_tsv(&env, "roles.tsv", tsv);
    assert_counts(
        &report,
        &[("caught", 2), ("false_errors", 0), ("false_warnings", 0)],
    );
}

/// Advice aimed at people still starts its clause after an emoji, a
/// bracketed tag, an item number, markdown emphasis or a reply's quote mark, as it is
/// written in chat and in pasted notes.
#[test]
fn advice_after_an_emoji_a_tag_or_markdown_is_still_advice() {
    let env = TestEnv::new();
    let tsv: String = [
        "\u{1F6A8} Always double-check the region before running the script.",
        "[ops] Always double-check the region before running the script.",
        "**Always** double-check the region before running the script.",
        "> Never run the script without a dry run.",
        "1) Always double-check the region before running the script.",
        "\u{2705}\u{FE0F} Never deploy on a Friday afternoon.",
        "_Always_ run the dry run first.",
        "The branch is restored, so please don't force-push to main again.",
        "Please test your changes before merging them into master.",
        "Please follow the runbook.",
    ]
    .iter()
    .fold(String::new(), |tsv, s| {
        tsv + &row(
            "blame",
            "remediation-at-people",
            "https://example.com/chat",
            s,
        )
    });
    // Descriptions that start the same way are not advice: "never
    // recovers", "always fails", "never again", "never mind".
    let described: String = [
        "[10:02] Never recovers without a restart.",
        "(10:02) Always fails on the first try.",
        "\u{26A0}\u{FE0F} Always returns 200, even when the backend is down.",
        "- Never happens in staging",
        "\u{2705} Never again.",
        "**Never** mind, the alert fired.",
        "\u{1F525} Never seen before",
        "Please be aware that the API is read-only until 12:00.",
        "The job retries and never gives up.",
        "Please follow the link to the status page.",
        "The migration was queued but never ran.",
    ]
    .iter()
    .fold(String::new(), |tsv, s| {
        tsv + &row("ok", "neutral", "https://example.com/chat", s)
    });
    let report = eval_tsv(&env, "advice.tsv", &(tsv + &described));
    assert_counts(
        &report,
        &[("caught", 10), ("false_warnings", 0), ("false_errors", 0)],
    );
}

/// A company fined by a regulator is news about the organisation: at most
/// a warning. A person fined or disciplined is punishment: an error.
#[test]
fn an_organisation_fined_is_a_warning_and_a_person_punished_an_error() {
    let env = TestEnv::new();
    let tsv = "\
blame\tpunishment\thttps://example.com/a\tThe engineer was fined and suspended after the outage.
blame\torganisation\thttps://example.com/a\tThe bank was fined by the regulator.
blame\torganisation\thttps://example.com/a\tThe airline was fined for the delays.
";
    let report = eval_tsv(&env, "fined.tsv", tsv);
    assert_counts(&report, &[("caught", 3), ("caught_as_error", 1)]);
}

/// Double-quoted YAML is linted as what it means: `\"`, `\n`, `\t` and
/// `\u2019`-style escapes are decoded (a `\n` ends a sentence), and the
/// finding still points at the characters in the file.
#[test]
fn double_quoted_escapes_are_read_as_what_they_mean() {
    let env = TestEnv::new();
    let text = SEEDED
        .replace(
            "root_cause: \"The engineer failed to check the flag. The request failed to complete.\"",
            "root_cause: \"The disk filled.\\nThe engineer\\u2019s mistake caused it.\\tThe \\U0001F6A8 alert fired.\"",
        );
    env.write("postmortems/2026/2026-11-20-seeded.yaml", &text);
    let run = env.pm(&["lint", "--format", "json"]).code(1);
    let found: Vec<_> = positions(&run.json())
        .into_iter()
        .filter(|f| f.0 == 14)
        .collect();
    assert_eq!(
        found,
        vec![
            (
                14,
                36,
                59,
                "person-as-cause".to_string(),
                "error".to_string()
            ),
            (
                14,
                60,
                66,
                "person-as-cause".to_string(),
                "warning".to_string()
            ),
        ],
        "{}",
        run.stdout
    );
    let line = text.lines().nth(13).unwrap();
    let words: String = line.chars().skip(35).take(59 - 36).collect();
    assert_eq!(words, "engineer\\u2019s mistake");
}

/// Blame this round of the corpus showed missing, in real sentences from
/// its dev split: the agent of a corrupted update or a configuration error
/// ("by RBS technical staff", "by a network engineer": a trade named by a
/// system word), a fault traced to a person, a punished person with a
/// relative clause between subject and verb, behaviour told to the
/// reader, and written warnings. And what must not be an error (the last
/// twelve from an attack on these changes): acts told plainly ("the
/// command typed by the intern", "deployed by the release engineer", "the
/// pilot's decision to land"), a person who owns the cause ("a database
/// admin's query"), a dotted name from code, the risk of human error
/// designed away, a leader replica that resigned, a situation to stay
/// alert for. Five are warnings, each the model's guess just past its
/// threshold: a thing judged unacceptable (twice), "the incident
/// commander's decision to", "found out the command typed by the intern"
/// and "a database admin's query that ran without a LIMIT clause". Told behaviour
/// stays caught as the first item after other prose and after an item
/// that ends in a bracket ("(PPE).", then "1) Stay focused.").
#[test]
fn agents_traced_causes_and_told_behaviour_are_caught() {
    let env = TestEnv::new();
    let blaming = "\
blame\tremediation-at-people\thttp://www.coalzoom.com/article.cfm?articleid=21194\tStay focused on your work for your safety and the safety of your fellow workers.
blame\tperson-as-cause\thttps://friendlywiki.com/article/index.php?title=2012_RBS_Group_computer_system_problems\tIt later emerged that the update was corrupted by RBS technical staff.
blame\tperson-as-cause\thttps://pipedot.org/article/687DX\tNYSE Mayhem Traced To a Staffer Who Left a Backup System Running
blame\tperson-as-cause\thttps://www.postmortems.app/postmortem/e16b28f3-b6d4-449b-ae93-cc8a4d074163\tThe root cause was a configuration error introduced by a network engineer while attempting to alleviate congestion on a backbone link between Newark and Chicago.
blame\tpunishment\thttps://workplacedr.comm.kent.edu/in-trouble-for-a-coworkers-mistake/\tWe were both given final written warnings.
blame\tpunishment\thttps://www.washingtonexaminer.com/news/1929830/hawaii-fires-emergency-management-worker-who-sent-false-missile-alert\tThe Hawaii Emergency Management Agency worker who sent out a false alert to the state about an inbound ballistic missile has been fired, and the head of the agency has resigned, state officials announced Tuesday.
blame\tremediation-at-people\thttps://fisheriessafety.ca/near-miss-reporting\tFollow safety rules and wear required Personal Protective Equipment (PPE).
blame\tremediation-at-people\thttps://example.com/review\t1) Stay focused.
blame\tremediation-at-people\thttps://example.com/review\tWhomever made this change needs to be retrained.
blame\tperson-as-cause\thttps://example.com/timeline\tThe config typed by the intern had the wrong region.
blame\tperson-as-cause\thttps://example.com/review\tThe outage is attributable to the on-call engineer.
blame\tremediation-at-people\thttps://example.com/review\tConcentrate on the task at hand.
";
    let blameless = "\
ok\tfactual-actor\thttp://airfactsjournal.com/2015/11/accident-report-what-would-you-do-differently\tWinds were from 070 degrees at 8 knots – hardly dangerous, but perhaps a factor given the pilot’s decision to land to the south.
ok\twe-ownership\thttps://forum.z8games.com/discussion/231788/recent-server-instabilities-bug-abuses-make-up-events-and-new-policy\tThe game was down for multiple hours today and this was unacceptable.
ok\tsystem\thttps://github.com/OWASP/samm/pull/254\tAutomate deployment process to various stages, so that no manual configuration steps are needed and the risk of isolated human errors is eliminated.
ok\ttechnical\thttps://github.com/vz-risk/veris/issues/478\tAdd a description to Error.vector.carelessness
ok\tfactual-actor\thttps://github.com/Naouali/holberton-system_engineering-devops/blob/b2377240f9bb5474e615534ce241f7b946d52352/0x19-postmortem/README.md\t8.50 AM GMT - The back-end developer checked the history of the typed commands on MySQL and found out the command typed by the intern.
ok\tfactual-actor\thttps://example.com/timeline\tThe fix was deployed by the release engineer after approval.
ok\tfactual-actor\thttps://example.com/timeline\tThe migration was run by the SRE on call, following the runbook.
ok\tfactual-actor\thttps://example.com/timeline\tThe rollback was handled by the on-call engineer at 14:02 UTC.
ok\tfactual-actor\thttps://example.com/timeline\tThe page was traced to a database admin's query that ran without a LIMIT clause.
ok\tneutral\thttps://example.com/status\tA 40-minute outage of checkout is unacceptable for our customers, and we are sorry.
ok\ttechnical\thttps://example.com/timeline\tThe replica resigned after the lease timed out, as designed.
ok\ttechnical\thttps://example.com/timeline\tThe linter emits written warnings for deprecated fields in pm.yaml.
ok\tsystem\thttps://example.com/review\tThe old process was prone to human error, so it is now automated.
ok\tsystem\thttps://example.com/review\tUse your head-of-line blocking metrics to confirm the fix.
ok\tsystem\thttps://example.com/review\tStay alert for a second wave of retries after the deploy.
ok\tsystem\thttps://example.com/review\tFollow the safety procedures in section 4 of the runbook.
ok\tfactual-actor\thttps://example.com/review\tThe incident commander's decision to fail over cut the impact in half.
ok\tsystem\thttps://example.com/review\tThe latency was attributable to the new index.
";
    let report = eval_tsv(&env, "blaming.tsv", blaming);
    assert_counts(&report, &[("blaming", 12), ("caught", 12)]);
    let report = eval_tsv(&env, "blameless.tsv", blameless);
    assert_counts(
        &report,
        &[
            ("blameless", 18),
            ("false_errors", 0),
            ("false_warnings", 4),
        ],
    );
}

/// A name the lexicon does not know is someone the model can weigh: an
/// organisation, a regulator, a vendor or a person named in the story
/// ("Vale has been accused of failing to report", "Rogers failed to
/// provide", "Acme failed to inform us"). A named program stays quiet:
/// doing what programs do ("Nginx failed to restart", "Envoy did not
/// retry"), qualifying a noun ("the Terraform plan"), owning a system, or
/// with a cue programs share ("Datadog never alerted because ...") unless
/// it does what only people do.
#[test]
fn named_organisations_are_actors_and_named_programs_are_not() {
    let env = TestEnv::new();
    let blaming = "\
blame\tjudging-omission\thttps://feeds.bbci.co.uk/news/world-latin-america-51192741\tVale has been accused of failing to report warning signs before the dam engulfed a canteen, offices and farms.
blame\tjudging-omission\thttps://njsna.org/how-would-radonda-vaught-fare-in-nj/\tAfter pulling the medication, Vaught failed to confirm that it was the right drug ordered.
blame\torganisation\thttp://jbrucemcmeekinlaw.com/criminal-liability/lac-magentic-tsb-report-released/\tDespite being aware of significant operational changes at MM&A, Transport Canada did not provide adequate regulatory oversight to ensure the associated risks were addressed.
blame\torganisation\thttps://www.gizmodo.com.au/2016/09/abs-says-ibm-screwed-up-the-census/\tABS Says IBM Screwed Up The Census
blame\torganisation\thttps://www.krmg.com/news/delta-sues/4WE37E22SJD4RDCPOE4JDDGFNI/\tIn its lawsuit, Delta claims that the outage occurred because CrowdStrike failed to test the update before rolling it out worldwide.
blame\torganisation\thttps://crtc.gc.ca/eng/archive/2022/lt220712.htm\tFor example, Rogers failed to provide Canadians with information about alternate means of reaching 9-1-1 in case of emergency.
blame\torganisation\thttps://ia.acs.org.au/article/2024/fujitsu-helped-convict-po-managers-over-buggy-software.html\tIT services giant Fujitsu knew over 20 years ago that the Horizon IT system it built for the British Post Office had bugs, but nonetheless helped its client prosecute hundreds of subpostmasters in what a senior executive has called an “appalling miscarriage of justice”.
blame\torganisation\thttps://example.com/vendor\tAcme failed to inform us.
blame\torganisation\thttps://example.com/vendor\tDunder Mifflin failed to inform us of the price change.
";
    let blameless = "\
ok\tsystem\thttps://example.com/timeline\tEnvoy did not retry the failed requests.
ok\tsystem\thttps://example.com/timeline\tVault failed to unseal after the restart.
ok\tsystem\thttps://example.com/timeline\tSidekiq never picked up the jobs.
ok\tsystem\thttps://example.com/timeline\tKarpenter evicted the pods and did not reschedule them.
ok\tsystem\thttps://example.com/timeline\tThe Terraform module deleted the bucket.
ok\tsystem\thttps://example.com/timeline\tAt 10:02 PagerDuty did not page the secondary because the schedule had a gap.
ok\tsystem\thttps://github.com/Wyrd00/holberton-system_engineering-devops-1/blob/03e8e5fcccc87b3e99bf33085a6c1ffc1a1abafa/0x14-postmortem/README.md\tFrom 4:45 PM to 5:28 PM PST, Nginx failed to restart on both servers web-01 and web-02, resulting in 500 response messages returned.
ok\ttechnical\thttps://github.com/alantech/iasql/blob/08831bf9878468f0c37d819fbf470a452aa5ab43/postmortems/002%20-%20Postmortem%20for%20v0.0.23%20release.md\tSomehow the DHCP daemon failed to get an IP address assigned by AWS.
ok\tfactual-actor\thttps://nzherald.co.nz/business/economy/employment/employee-caused-329-million-start-up-to-go-offline-after-accidentally-deleting-the-wrong-file/QJBC5IOGGPODSSZREB2656A6AY\tFollowing the incident GitLab took the site down for emergency maintenance, keeping all of its customers informed on social media, which saw the company praised for its transparency
ok\tsystem\thttps://example.com/timeline\tDatadog never alerted because the monitor was muted.
ok\tsystem\thttps://example.com/timeline\tThe Terraform plan did not show the deletion.
ok\tsystem\thttps://example.com/timeline\tJenkins skipped the deploy job because the path filter did not match.
ok\tsystem\thttps://example.com/timeline\tAt 14:02 PagerDuty did not escalate the incident because the rule required acknowledgement first.
ok\tsystem\thttps://example.com/timeline\tTravis didn't block the broken PR because the required check was renamed.
ok\tsystem\thttps://example.com/timeline\tAzure DevOps did not trigger the pipeline because the branch filter excluded main.
";
    assert_all_caught(&env, "named.tsv", blaming);
    assert_all_quiet(&env, "programs.tsv", blameless);
}

/// A bug that "should have been caught" and systems "designed to handle
/// human errors" are about the process, not blame; a duty laid on a role
/// as the fix ("Track workers need to look to confirm ...") is
/// remediation aimed at people, a warning.
#[test]
fn caught_bugs_and_designed_for_errors_are_quiet_and_duties_on_roles_warn() {
    let env = TestEnv::new();
    let blameless = "\
ok\tsystem\thttps://redlib.privacytools.click/r/WhitePeopleTwitter/comments/14qn2lx/elmo_is_a_business_genius/jqosi3o/?context=3\tIf it was that avoidable then it should have been caught in process.
ok\tdiscussion\thttps://github.com/AlekOmOm/notes_DevOps/blob/1279897fc9f0bf9ac2164b2bf0e041b5e46e5cfc/08._DevOps_Postmortem_Continuous-Deployment_Reverse-Proxies/03-postmortem.md\tSystems should be designed to handle human errors, otherwise it's a failure of the system.
ok\tsystem\thttps://hn.masterscheme.cn/item?id=18714730\tIt should have been caught at code review.
";
    assert_all_quiet(&env, "process.tsv", blameless);
    let duty = "\
blame\tremediation-at-people\thttps://www.yourlocalguardian.co.uk/news/20165719.report-released-death-worker-hit-train-surbiton-station/\tTrack workers need to look to confirm on which line a train is travelling when they hear a warning horn.
";
    let report = eval_tsv(&env, "duty.tsv", duty);
    assert_counts(&report, &[("caught", 1), ("caught_as_error", 0)]);
}

/// An omission told with its reason is the account a blameless review asks
/// for ("did not notice the alert because it was buried among 200 others"):
/// at most a warning. Trying and not succeeding ("failed to get a response")
/// is no omission, and "neglected nothing" judges no one. The same acts
/// without a reason still fail the build.
#[test]
fn omissions_told_with_their_reason_and_attempts_do_not_fail_the_build() {
    let env = TestEnv::new();
    let blameless = "\
ok\tfactual-actor\thttps://example.com/review\tThe engineer did not notice the alert because it was buried among 200 other notifications.
ok\tfactual-actor\thttps://example.com/review\tRavi did not check the table size, because the migration tool does not display it.
ok\tfactual-actor\thttps://example.com/review\tThe on-call engineer failed to get a response from the vendor.
ok\tfactual-actor\thttps://example.com/review\tThe team failed to find the root cause during the incident; it was found the next day.
ok\tnegation\thttps://example.com/review\tThe engineer neglected nothing; the procedure itself was missing a step.
";
    let report = eval_tsv(&env, "reasons.tsv", blameless);
    assert_counts(&report, &[("blameless", 5), ("false_errors", 0)]);
    let blaming = "\
blame\tjudging-omission\thttps://example.com/review\tThe engineer did not notice the alert.
blame\tjudging-omission\thttps://example.com/review\tThe engineer did not check the table size.
blame\tjudging-omission\thttps://example.com/review\tThe on-call engineer failed to notify the vendor.
";
    let report = eval_tsv(&env, "omissions.tsv", blaming);
    assert_counts(&report, &[("caught", 3), ("caught_as_error", 3)]);
}

/// Blame as post-mortems write it in action items and asides, found by an
/// attack: a name pm does not know doing what only people do, blame that
/// "lies with" someone, taking someone off the rota or "having a talk"
/// with them as the fix, shame. The same words about nodes, tests and
/// vendors stay quiet. "It looks like I broke CI": "like" after a verb of
/// seeming opens the clause whose subject is "I".
#[test]
fn blame_in_action_items_and_asides_is_caught() {
    let env = TestEnv::new();
    let blaming = "\
blame\tjudging-omission\thttps://example.com/review\tAisha forgot to renew the certificate.
blame\tfault-words\thttps://example.com/review\tBlame for the outage lies with the platform team.
blame\tfault-words\thttps://example.com/review\tResponsibility lies with whoever approved the change.
blame\tpunishment\thttps://example.com/review\tOluwaseun should be removed from the on-call rotation.
blame\tremediation-at-people\thttps://example.com/review\t- [ ] Have a talk with Aisha about certificate hygiene.
blame\tcharacter\thttps://example.com/review\tThe person who wrote this code should be ashamed.
blame\tself-blame\thttps://github.com/freeipa/freeipa/pull/329\tYes, it looks like I broke CI.
blame\tpunishment\thttps://example.com/review\tWhoever wrote this script should not be allowed near production.
";
    assert_all_caught(&env, "asides.tsv", blaming);
    let blameless = "\
ok\tsystem\thttps://example.com/review\tThe old node should be removed from the rotation.
ok\tsystem\thttps://example.com/review\tThe flaky test should be removed from the project.
ok\tsystem\thttps://example.com/review\tHave a chat with the vendor about the SLA.
ok\tsystem\thttps://example.com/review\tResponsibility for the certificate now lies with the renewal job.
ok\tsystem\thttps://example.com/review\tIt looks like the job deleted the rows.
ok\tsystem\thttps://example.com/review\tUnreviewed migrations should not be allowed near production.
";
    assert_all_quiet(&env, "things.tsv", blameless);
}

/// News and reports put blame in scare quotes: a few quoted words in the
/// author's own sentence are linted (an error there becomes a warning: the
/// words may be someone else's term). A quoted term that is the topic of
/// its sentence, or follows "calls", stays a mention. Real sentences from
/// the development and validation splits.
#[test]
fn blame_in_scare_quotes_is_caught_and_quoted_terms_stay_mentions() {
    let env = TestEnv::new();
    let blaming = "\
blame\thuman-error\thttps://eamastrangelo.ca/blog/the-checklist\tThe crash was attributed to “pilot error”.
blame\thuman-error\thttp://bwog.com/2017/02/17/youve-got-mailman\tThe accidental acceptance emails, they said, were sent out due to “human error.”
blame\tperson-as-cause\thttp://primative.net/blog/gitlab-crashed-whos-to-blame/\tLast night, a “tired sysadmin” ran a directory wipe on the wrong server of code hosting platform Gitlab, deleting over 300 GB of live production data.
blame\tpunishment\thttps://www.cnet.com/tech/tech-industry/turnbull-calls-out-service-provider-ibm-for-censusfail/\tPrime Minister Malcolm Turnbull says \"heads should roll.\"
blame\tpunishment\thttps://www.newshub.co.nz/home/world/2018/01/human-error-behind-hawaii-s-false-missile-alert.html\tThe employee who triggered the Hawaii missile alert has been \"reassigned\".
blame\thuman-error\thttps://kotaku.com/xbox-live-brought-down-by-human-error-5846314\tXbox Live Brought Down by \"Human Error\"
";
    assert_all_caught(&env, "scare.tsv", blaming);
    let blameless = "\
ok\tdiscussion\thttps://www.industrialheating.com/articles/91594-safety-tip-no-more-excuses\t“Careless” should never be the sole cause written on an accident report.
ok\tdiscussion\thttps://prmptapp.com/builder/writing/long-form/postmortem\t\"Human error\" is never the root cause; it is a label for a system that allowed an error.
ok\tdiscussion\thttps://scienceblogs.com/thepumphandle/2016/05/19/blame-the-railroad-industry-and-lobbyists-not-the-amtrak-engineer\tWhat the NTSB calls “distracted” I call “paying attention.”
";
    assert_all_quiet(&env, "terms.tsv", blameless);
}

/// The evidence model's warning says what it rests on: the actor, the cue,
/// and the words of the sentence that weighed most (their fitted weights
/// are in src/lint/rules/signals-words.tsv).
#[test]
fn evidence_warnings_name_the_actor_the_cue_and_the_words() {
    let env = TestEnv::new();
    env.write(
        "postmortems/2026/2026-11-20-words.yaml",
        "pm: 1\nid: 2026-11-20-words\ntitle: Words\nstatus: draft\nseverity: SEV2\ndate: 2026-11-20\ncontributing_factors:\n  - The contractor cut through the fibre while digging without a permit.\n",
    );
    let run = env.pm(&["lint", "--format", "json"]);
    let found: Vec<String> = run
        .json()
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "blame-evidence")
        .map(|f| f["message"].as_str().unwrap().to_string())
        .collect();
    assert_eq!(found.len(), 1, "{}", run.stdout);
    // Which words weigh most moves with each refit; that "contractor"
    // does here is what the corpus says.
    assert!(
        found[0]
            .contains("Signals: a person or role with something not done; words that weigh most: ")
            && found[0].contains("\"contractor\""),
        "{}",
        found[0]
    );
}

/// With no actor and cue found together, the words of a sentence alone
/// can still weigh towards blame: a `blame-words` warning on the word that
/// weighs most, naming the others. Real sentences from the dev split, the
/// blaming ones missed by the rules (the weights refitted with batch 63 let
/// two earlier ones go: "pilot just shrugged them off", "failed to
/// prioritize safety"; the refit with pairs of words in session 29 let
/// "the contractor found it too difficult to thread a nut" go); the
/// blameless ones share words
/// with blame ("management", "power", "lost control") and stay quiet.
#[test]
fn words_that_lean_towards_blame_warn_and_name_the_words() {
    let env = TestEnv::new();
    let blaming = "\
blame\torganisation\thttps://www.kingsleynapley.co.uk/insights/blogs/criminal-law-blog/health-and-safety-corporate-manslaughter-quarterly-update-q2-2023\tThe HSE investigation revealed that Tolent Construction Limited had failed to adequately plan, manage, and monitor the construction phase.
blame\torganisation\thttps://www12.wsws.org/en/articles/1998/07/mine-j16.html\tThe inquiry revealed not merely 'short comings' but a series of decisions by management that made the disaster inevitable.
blame\tcharacter\thttps://devrant.com/rants/5049551/ive-told-the-same-story-multiple-times-but-the-subject-of-painfully-incompetent\tHe lasted less than a year before he quit and went off to get a job somewhere else, leaving the rest of our team to comb through his messy code and fix it.
";
    assert_all_caught(&env, "words.tsv", blaming);
    let blameless = "\
ok\tfactual-actor\thttps://management.curiouscatblog.net/page/117\tThe blackout was caused after a high-voltage transmission line over a German river was turned off in an aborted attempt to allow a newly built Norwegian cruise ship to pass safely under it.
ok\tfactual-actor\thttp://airfactsjournal.com/2015/11/accident-report-what-would-you-do-differently\tIt seems as though the pilot attempted a go-around, but lost control shortly after taking off again.
ok\tsystem\thttps://codemapo.com/en/blog/incident-management-postmortem\tThe root cause was simple — one poorly indexed database query.
ok\tfactual-actor\thttps://fox4now.com/news/national/puerto-rico-suffers-island-wide-power-outage-and-it-may-be-out-1-2-days\tWorkers had been removing a fallen tower when the machine got too close to an energized line and an electrical ground fault caused the outage, according to Mammoth Energy, Cobra's parent company.
";
    assert_all_quiet(&env, "quiet.tsv", blameless);
    // In a post-mortem: the rule, the word it points at, and the words.
    env.write(
        "postmortems/2026/2026-11-20-words.yaml",
        "pm: 1\nid: 2026-11-20-words\ntitle: Words\nstatus: draft\nseverity: SEV2\ndate: 2026-11-20\ncontributing_factors:\n  - The HSE investigation revealed that Tolent Construction Limited had failed to adequately plan, manage, and monitor the construction phase.\n",
    );
    let run = env.pm(&["lint", "--format", "json"]);
    let json = run.json();
    let found: Vec<&serde_json::Value> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"].as_str().is_some_and(|r| r.starts_with("blame-")))
        .collect();
    assert_eq!(found.len(), 1, "{}", run.stdout);
    let f = found[0];
    assert_eq!(f["rule"], "blame-words", "{f:#}");
    assert_eq!(f["severity"], "warning", "{f:#}");
    let message = f["message"].as_str().unwrap();
    assert!(
        message.contains("Signals: words that weigh most: ") && message.contains("\"failed to\""),
        "{message}"
    );
    // Words that explain nothing ("those", "their", "like") are not named
    // (attacks 51 and 52), though they still weigh.
    assert!(!message.contains("\"their\""), "{message}");
    env.write(
        "postmortems/2026/2026-11-20-words.yaml",
        "pm: 1\nid: 2026-11-20-words\ntitle: Words\nstatus: draft\nseverity: SEV2\ndate: 2026-11-20\ncontributing_factors:\n  - They pushed their change like it was nothing.\n",
    );
    let run = env.pm(&["lint", "--format", "json"]);
    let messages = rule_messages(&run, |r| r.starts_with("blame-"));
    assert!(
        messages
            .iter()
            .any(|m| m.contains("words that weigh most: \"nothing\"")),
        "{messages:?}"
    );
    assert!(
        messages
            .iter()
            .all(|m| !m.contains("\"their\"") && !m.contains("\"they\"")),
        "{messages:?}"
    );
}

/// A fourth attack (realistic post-mortems written by hand) found a role
/// in the timeline (`by: waf on-call`) read as a person's name, so every
/// "WAF" in the prose warned as naming someone; "nobody on the database
/// team bothered" missed for its three-word team; and "rubber-stamped"
/// explained as advice aimed at people rather than as a judgement.
#[test]
fn roles_in_the_timeline_are_not_names_and_the_fourth_attack_is_caught() {
    let env = TestEnv::new();
    env.write(
        "postmortems/2026/2026-11-20-waf.yaml",
        "pm: 1\nid: 2026-11-20-waf\ntitle: Global 502s after a WAF rule with a backtracking regex\nstatus: draft\nseverity: SEV2\ndate: 2026-11-20\nresponders: [Lena Fischer]\ntimeline:\n  - at: 2026-11-20T10:00:00Z\n    text: Error rate alert fires.\n    by: waf on-call\ncontributing_factors:\n  - The reviewer rubber-stamped the change without actually reading it.\n  - Nobody on the database team bothered to test a restore from the nightly backups in the past year.\n",
    );
    let run = env.pm(&["lint", "--format", "json"]);
    let json = run.json();
    let blame: Vec<(u64, &str, &str)> = json
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            !matches!(
                f["rule"].as_str(),
                Some("empty-section" | "missing-action-items")
            )
        })
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap(),
                f["severity"].as_str().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        blame,
        [
            (13, "character-judgement", "error"),
            (13, "rule-breaking", "error"),
            (14, "judged-omission", "warning"),
        ],
        "{}",
        run.stdout
    );
}

/// A sixth attack (ten realistic post-mortems): a role written with an
/// abbreviation in the timeline (`by: CDN provider`) made every "CDN" of
/// the file a named person; "our fault tolerance tests" was fault framing;
/// "CA reminder emails" read "CA" as someone acting. All quiet now, while a
/// person named in `by` is still one.
#[test]
fn abbreviations_in_roles_and_technical_fault_words_are_quiet() {
    let env = TestEnv::new();
    env.write(
        "postmortems/2026/2026-11-16-cdn.yaml",
        "pm: 1\nid: 2026-11-16-cdn\ntitle: CDN outage at the edge\nstatus: draft\nseverity: SEV2\ndate: 2026-11-16\nresponders: [Lena Fischer]\ntimeline:\n  - at: 2026-11-16T10:00:00Z\n    text: CDN status page reports elevated errors.\n    by: CDN provider\n  - at: 2026-11-16T10:05:00Z\n    text: Failed over to the second CDN.\n    by: DBA on-call\ncontributing_factors:\n  - The CDN health checks only probe the origin, not the edge.\n  - Our fault tolerance tests exercise the failover of the primary but never the edge.\n  - CA reminder emails went to a retired mailbox.\n  - The DBA runbook has no step for a CDN failover.\n",
    );
    let run = env.pm(&["lint", "--format", "json"]);
    let json = run.json();
    let rules: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|f| f["rule"].as_str())
        .filter(|r| !matches!(*r, "empty-section" | "missing-action-items"))
        .collect();
    assert!(rules.is_empty(), "{}", run.stdout);
    // A name in `by` is a person: named again in the analysis, it warns.
    env.write(
        "postmortems/2026/2026-11-17-named.yaml",
        "pm: 1\nid: 2026-11-17-named\ntitle: Named\nstatus: draft\nseverity: SEV2\ndate: 2026-11-17\ntimeline:\n  - at: 2026-11-17T10:00:00Z\n    text: Paged.\n    by: Priya (SRE)\ncontributing_factors:\n  - Priya restarted the SRE dashboards first.\n",
    );
    let run = env.pm(&["lint", "named", "--format", "json"]);
    let named = messages_of(&run.json(), "naming-individuals");
    assert_eq!(named.len(), 1, "{}", run.stdout);
    assert!(named[0].contains("Priya"), "{named:?}");
}

/// Session 36's probe (twelve realistic post-mortems): an action item
/// owned by a department in one capitalised word (`owner: Production`)
/// made every "production" of the file a named person, the title too. A
/// one-word owner is someone only when it is a first name (or listed among
/// the responders), as a one-word `by:` already was; the planted blame it
/// missed ("this one is on Marcus", "nobody could be bothered to look",
/// "Did nobody on the live-ops team think to check ...?") is found.
#[test]
fn a_department_as_owner_is_no_name_and_the_probes_blame_is_found() {
    let env = TestEnv::new();
    env.write(
        "postmortems/2026/2026-11-03-tank.yaml",
        "pm: 1\nid: 2026-11-03-tank\ntitle: Mixing tank overfill and production stop\nstatus: draft\nseverity: SEV2\ndate: 2026-11-03\nresponders: [Lena Fischer]\nimpact: Line 3 lost 9 hours of production.\naction_items:\n  - id: A1\n    title: Add a high-level interlock to tank 2\n    owner: Production\n    due: 2026-12-01\n    status: open\n  - id: A2\n    title: Review the bypass procedure\n    owner: Dana\n    due: 2026-12-01\n    status: open\ncontributing_factors:\n  - The level sensor read low after a calibration drift.\n",
    );
    let run = env.pm(&["lint", "tank", "--format", "json"]);
    let named = messages_of(&run.json(), "naming-individuals");
    assert!(named.is_empty(), "{}", run.stdout);
    // A first name as owner is still someone.
    env.write(
        "postmortems/2026/2026-11-04-named.yaml",
        "pm: 1\nid: 2026-11-04-named\ntitle: Named\nstatus: draft\nseverity: SEV2\ndate: 2026-11-04\naction_items:\n  - id: A1\n    title: Add an alert\n    owner: Dana\n    due: 2026-12-01\n    status: open\ncontributing_factors:\n  - Dana restarted the dashboards first.\n",
    );
    let run = env.pm(&["lint", "named", "--format", "json"]);
    assert!(run.stdout.contains("naming-individuals"), "{}", run.stdout);

    env.write(
        "postmortems/2026/2026-11-05-probe.yaml",
        "pm: 1\nid: 2026-11-05-probe\ntitle: Probe\nstatus: draft\nseverity: SEV2\ndate: 2026-11-05\nresponders: [Marcus Webb]\ncontributing_factors:\n  - \"I'll be blunt: this one is on Marcus.\"\n  - The backups were never verified because nobody could be bothered to look at the restore reports.\n  - Did nobody on the live-ops team think to check the player cap before flipping the switch?\n  - Honestly, this one is on us, and we own the fix.\n",
    );
    let run = env.pm(&["lint", "probe", "--format", "json"]);
    let found: Vec<(u64, String, String)> = run
        .json()
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            !matches!(
                f["rule"].as_str(),
                Some("empty-section" | "missing-action-items")
            )
        })
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    let lines: Vec<u64> = found.iter().map(|f| f.0).collect();
    for line in [9, 10, 11] {
        assert!(lines.contains(&line), "line {line}: {found:?}");
    }
    assert!(!lines.contains(&12), "{found:?}");
    assert!(
        found.contains(&(9, "fault-words".into(), "error".into())),
        "{found:?}"
    );
}

/// Blame the sixth attack planted that was missed or explained as the
/// wrong thing: a person taken off a rotation is punishment (it was read
/// as "making a person the subject"), and "has taken down" is an act as
/// "took down" is. A node taken out of a rotation stays quiet.
#[test]
fn removal_from_a_rotation_is_punishment_and_taken_down_is_an_act() {
    let env = TestEnv::new();
    let report = eval_tsv(
        &env,
        "removed.tsv",
        &row(
            "blame",
            "punishment",
            "attack",
            "The developer responsible has been removed from the release rotation until further notice.",
        ),
    );
    assert_eq!(report["rules"]["punishment"]["on_blaming"], 1, "{report:#}");
    assert_all_caught(
        &env,
        "taken.tsv",
        &row(
            "blame",
            "person-as-cause",
            "attack",
            "This is the second time this year that the same engineer has taken down DNS.",
        ),
    );
    assert_all_quiet(
        &env,
        "node.tsv",
        &[
            row(
                "ok",
                "system",
                "attack",
                "The node was removed from the rotation after it failed health checks.",
            ),
            row(
                "ok",
                "system",
                "attack",
                "The broken host has been pulled from the load balancer rotation.",
            ),
        ]
        .concat(),
    ); // Real sentences (dev split): a punishment denied inside its own
    // phrase is quiet; proceedings with nobody in the sentence to face
    // them are at most a warning.
    assert_all_quiet(
        &env,
        "denied.tsv",
        &row(
            "ok",
            "negation",
            "https://www.thornegazette.co.uk/news/nurse-suspended-over-youngster-s-doncaster-hospital-death-1-7121501",
            "However the committee said she should not be struck off over the incident, which was in contrast to her ‘otherwise unblemished’ career.",
        ),
    );
    let report = eval_tsv(
        &env,
        "charges.tsv",
        &row(
            "ok",
            "neutral",
            "https://ohsinsider.com/search-by-index/accidentsincidents/ship-captains-convicted-criminal-charges-fatal-sinkings",
            "Criminal charges for safety incidents—even ones involving multiple fatalities—are rare.",
        ),
    );
    assert_counts(&report, &[("blameless", 1), ("false_errors", 0)]);
}

/// "We" right before an omission owns it, also inside another clause ("in
/// a region we never use", the sixth attack's one false error): a warning
/// at most.
#[test]
fn we_inside_a_clause_owns_the_omission() {
    let env = TestEnv::new();
    let report = eval_tsv(
        &env,
        "we.tsv",
        &row(
            "ok",
            "we-ownership",
            "attack",
            "Nothing scans for secrets, and nothing stops a broad key from launching instances in a region we never use.",
        ),
    );
    assert_counts(&report, &[("blameless", 1), ("false_errors", 0)]);
    // Design talk about human error (a real sentence, dev split): a
    // warning at most.
    let report = eval_tsv(
        &env,
        "design.tsv",
        &row(
            "ok",
            "discussion",
            "https://www.rt.com/usa/311007-virgin-spaceship-crash-causes/",
            "\"My point is that a single-point human failure has to be anticipated,\" Sumwalt said.",
        ),
    );
    assert_counts(&report, &[("blameless", 1), ("false_errors", 0)]);
}

/// Character words denied ("Alex isn't careless") or a writer's own doubt
/// ("I have no idea what the reasoning was") judge nobody: real sentences
/// from the dev split that failed CI.
#[test]
fn denied_character_words_and_the_writers_own_doubt_do_not_fail() {
    let env = TestEnv::new();
    let report = eval_tsv(
        &env,
        "denied.tsv",
        &[
            row("ok", "negation", "https://dev.to/tech_girllll/10-production-deployment-mistakes-alex-will-never-make-again-and-how-you-can-avoid-them-2ki0", "Alex isn’t careless."),
            row("ok", "discussion", "https://surfingcomplexity.blog/2021/05/25/subverting-the-process/", "I have no idea what the engineer’s reasoning was here, because there’s not even a hint of that reasoning alluded to here."),
        ]
        .concat(),
    );
    assert_counts(&report, &[("blameless", 2), ("false_errors", 0)]);
    assert!(
        report["rules"].get("character-judgement").is_none(),
        "{report:#}"
    );
    assert_all_caught(
        &env,
        "still.tsv",
        &row(
            "blame",
            "character",
            "readme",
            "You have no idea what you are doing.",
        ),
    );
}

/// A third attack (hand-written post-mortem and chat sentences, labelled
/// by meaning) found these missed or failing: a counterfactual with "if"
/// after "would never have", a fault laid with a possessive or "on", a
/// user error "by" someone, names from outside the English-speaking world,
/// and "did nothing wrong" read as inaction.
#[test]
fn blame_from_the_third_attack_is_caught_and_its_exonerations_are_quiet() {
    let env = TestEnv::new();
    let blaming = "\
blame\tcounterfactual\tattack13\tThis would never have happened if the on-call had been paying attention.
blame\tfault-words\tattack13\tThe mistake was entirely Lakshmi's.
blame\tfault-words\tattack13\tLet's be honest, this is on the DBA.
blame\thuman-error\tattack13\tThis was a case of user error by the support agent.
blame\tperson-as-cause\tattack13\tRoot cause: Aisha ran the migration against the primary instead of the replica.
blame\trule-breaking\tattack13\tContrary to our SOP, Elif skipped peer review for the firewall change.
";
    assert_all_caught(&env, "attack.tsv", blaming);
    let blameless = "\
ok\tnegation\tattack13\tThe on-call did nothing wrong; the runbook step was missing.
ok\tsystem\tattack13\tThis is on the roadmap for the next quarter.
ok\tsystem\tattack13\tIt would have paged sooner if the threshold had been lower.
ok\ttechnical\tattack13\tThe API returns a user error for a malformed request.
";
    assert_all_quiet(&env, "quiet.tsv", blameless);
}

/// "Human error" as a topic or a concept ("a means to discuss human error
/// in maintenance", "a flaw that triggers human error", "human error
/// factors", "using operator error as the root cause") is a warning, not
/// an error: the sentence may still mean the incident, so it is flagged,
/// but it does not fail CI. Real sentences from the dev and validation
/// splits.
#[test]
fn human_error_as_a_concept_warns_without_failing_the_build() {
    let env = TestEnv::new();
    let tsv = "\
ok\tdiscussion\thttps://www.aircraftsystemstech.com/2017/07/aviation-human-factors-dirty-dozen.html?m=1\tThese twelve factors, known as the “dirty dozen,” were eventually adopted by the aviation industry as a straight forward means to discuss human error in maintenance.
ok\tdiscussion\thttps://www.manageengine.com/academy/root-cause-analysis.html?recap-22\tWe believe there's a policy or a procedural flaw that triggers human error.
ok\tdiscussion\thttps://www.safety.af.mil/News/Article-Display/Article/3474731/the-dirty-dozen-common-human-error-factors-in-aircraft-maintenance-mishaps/\tThis list identifies 12 of the most common human error factors that lead to aircraft maintenance mishaps.
ok\tdiscussion\thttp://www.biopharminternational.com/biopharm/Article/Quality-Control-Operator-Error-Is-It-Really-the-Ro/ArticleStandard/Article/detail/392484\tThis article explores unintended consequences of automatically using operator error as the root cause of performance deviations.
";
    let n = tsv.lines().count() as u64;
    assert_counts(
        &eval_tsv(&env, "concept.tsv", tsv),
        &[("blameless", n), ("false_errors", 0), ("false_warnings", n)],
    );
}

/// Punishment that opens a sentence which judges it ("Firing the
/// technician immediately is also inappropriate") is writing about
/// punishment: a warning, not a failed build. Endorsed, it is still an
/// error ("Firing the intern was the right call"). Real sentences from the
/// dev split, then two written for the contrast.
#[test]
fn punishment_judged_as_wrong_warns_and_endorsed_punishment_fails() {
    let env = TestEnv::new();
    let judged = "\
ok\tdiscussion\thttps://ph.gauthmath.com/solution/1832336147817473/A-fatigued-aircraft-technician-installs-the-wrong-part-on-an-engine-nearly-causi\tFiring the technician immediately is also inappropriate, as it doesn't address the systemic issues that led to the near-miss.
ok\tdiscussion\thttps://www.secured2.com/post/the-unfair-blame-game-why-firing-cisos-and-cios-after-a-data-breach-is-dangerous-and-misguided\tFiring them after a breach not only disregards their hard work and commitment but also sends a disheartening message to the entire IT team: that their efforts are undervalued, and their job security is fragile.
";
    let n = judged.lines().count() as u64;
    assert_counts(
        &eval_tsv(&env, "judged.tsv", judged),
        &[("blameless", n), ("false_errors", 0)],
    );
    let endorsed = "\
blame\tpunishment\thttps://example.com/review\tFiring the intern was the right call.
blame\tpunishment\thttps://example.com/review\tWe are firing the engineer responsible.
";
    assert_counts(
        &eval_tsv(&env, "endorsed.tsv", endorsed),
        &[("blaming", 2), ("caught_as_error", 2)],
    );
}

/// Team rules are regexes run over every sentence: pm.yaml may hold at
/// most 100 of them, each of bounded size, so that a configuration cannot
/// make every lint and status change slow or hungry (a seventh attack
/// made 300 take a gigabyte).
#[test]
fn team_rules_are_bounded_in_number_and_size() {
    let env = TestEnv::new();
    let config = env.read("pm.yaml");
    let rules = |n: usize, pattern: &str| {
        let list: Vec<String> = (0..n)
            .map(|i| format!("{{id: r{i}, pattern: '{pattern}{i}'}}"))
            .collect();
        format!("{config}lint: {{rules: [{}]}}\n", list.join(", "))
    };
    env.write("pm.yaml", &rules(101, "oops"));
    env.pm(&["lint"])
        .code(2)
        .error(&["lint.rules has 101 rules; pm runs at most 100"]);
    env.write("pm.yaml", &rules(1, "(?:\\w{100}){100}x"));
    env.pm(&["lint"]).code(2).error(&["r0", "size limit"]);
    env.write("pm.yaml", &rules(100, "\\w{30}x"));
    env.pm(&["lint"]).ok(); // A misspelt key of a rule is refused, as misspelt settings are.
    env.write(
        "pm.yaml",
        &format!("{config}lint: {{rules: [{{id: r0, phrases: [oops], severty: error}}]}}\n"),
    );
    env.pm(&["lint"])
        .code(2)
        .error(&["lint.rules[0] has an unknown key `severty`", "severity"]);
}

/// Programs named in a timeline's `by` and programs whose names are role
/// words (the seventh attack's false errors): `by: PagerDuty` or
/// `by: Stripe status page` is no one to look for in the prose, and "the
/// Kafka broker" or "Grafana OnCall" is a program, so sentences about them
/// do not fail CI. A role no program qualifies is still someone.
#[test]
fn programs_in_by_and_program_roles_are_not_people() {
    let env = TestEnv::new();
    env.write(
        "postmortems/2026/2026-11-20-queue.yaml",
        "pm: 1\nid: 2026-11-20-queue\ntitle: Queue backlog\nstatus: draft\nseverity: SEV2\ndate: 2026-11-20\ntimeline:\n  - {at: 2026-11-20T10:00:00Z, text: Disk alert., by: Datadog}\n  - {at: 2026-11-20T10:01:00Z, text: Paged the primary., by: PagerDuty}\n  - {at: 2026-11-20T10:02:00Z, text: No escalation., by: Grafana OnCall}\n  - {at: 2026-11-20T10:03:00Z, text: Provider reports errors., by: Stripe status page}\ncontributing_factors:\n  - Datadog should have alerted on the disk at 90%.\n  - PagerDuty did not page the secondary.\n  - Grafana OnCall did not escalate to the secondary.\n  - Split provider errors by status code on the dashboard.\n  - The Kafka broker failed to rejoin the ISR after the restart.\n  - The Postgres operator failed to promote the replica.\n  - The Kubernetes operator should have recreated the StatefulSet.\n  - The Celery worker failed to process the queue in time.\n  - The package manager failed to resolve the lock file.\n",
    );
    assert_no_blame_findings(&env, "queue");
    let roles = row(
        "blame",
        "judging-omission",
        "attack",
        "The release manager failed to tell the support team.",
    ) + &row(
        "blame",
        "judging-omission",
        "attack",
        "The system administrator failed to check the backups.",
    );
    assert_counts(
        &eval_tsv(&env, "roles.tsv", &roles),
        &[("blaming", 2), ("caught_as_error", 2)],
    );
}

/// Remedies aimed at people that the text turns down, care for a tired
/// responder and what someone meant to do are not blame (the seventh
/// attack's false errors); the remedy and the punishment themselves still
/// fail.
#[test]
fn rejected_remedies_and_care_for_responders_are_not_blame() {
    let env = TestEnv::new();
    let quiet = attack_rows(
        "ok",
        "discussion",
        &[
            "We tried to be careful not to overload the replica during the restore.",
            "Retraining was considered but rejected as an action item, since it changes nothing in the tool.",
            "The review explicitly ruled out disciplinary action.",
            "Be more careful is not an action item.",
            "Asking people to be more careful would not have prevented this.",
            "The on-call was taken off the rotation for the rest of the week to recover after three nights of pages.",
            "The incident commander was let go early from the bridge at 05:00 once the DB team took over.",
        ],
    );
    assert_all_quiet(&env, "quiet.tsv", &quiet);
    let blame = attack_rows(
        "blame",
        "punishment",
        &[
            "You need to be careful with prod.",
            "The contractor was let go after the outage.",
            "The engineer was taken off the rotation after the outage.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "blame.tsv", &blame),
        &[("blaming", 3), ("caught_as_error", 3)],
    );
}

/// The seventh attack's timeline steps and asides about blame are quiet
/// ("Kenji deleted the stuck pods to force a reschedule", "it would be
/// easy to say ..."), and the blame it planted that was missed is caught.
#[test]
fn response_steps_and_blame_set_aside_are_quiet_and_planted_blame_is_caught() {
    let env = TestEnv::new();
    let quiet = attack_rows(
        "ok",
        "factual-actor",
        &[
            "The on-call deleted the stuck pods to force a reschedule.",
            "The DBA truncated the staging copy of the table to free space.",
            "The incident commander shut down the consumer group to stop the bleeding.",
            "It would be easy to say the engineer should have double-checked, but the tool gave no reason to.",
            "Nobody was careless here; the catalog made this the obvious choice.",
        ],
    );
    assert_all_quiet(&env, "quiet.tsv", &quiet);
    let blame = attack_rows(
        "blame",
        "character",
        &[
            "Honestly, a more experienced engineer would have spotted the missing trailing dot.",
            "The problem sat between the keyboard and the chair.",
            "We have had a conversation with the engineer about attention to detail.",
        ],
    );
    assert_all_caught(&env, "blame.tsv", &blame);
}

/// The eighth attack's false errors and warnings on public-style
/// post-mortems: software workers qualified by what they do, teams and
/// offices listed as authors, "X, never Y" contrasts, a denial listing
/// several punishments, "clearly" describing a thing, and attackers' own
/// sloppiness. A person qualified the same way still fails.
#[test]
fn components_teams_contrasts_and_attackers_are_not_blame() {
    let env = TestEnv::new();
    env.write(
        "postmortems/2026/2026-11-20-registry.yaml",
        "pm: 1\nid: 2026-11-20-registry\ntitle: Registry\nstatus: draft\nseverity: SEV2\ndate: 2026-11-20\nauthors: [Registry Security Team, Legal, Core Maintainers]\ncontributing_factors:\n  - The registry mistakenly removed 3.4.0 as well.\n  - Legal and communications were engaged early.\n  - The billing worker failed to check the idempotency key.\n  - A worker thread failed to release the lock.\n  - Our test suite checked what a rule matches, never what it costs.\n  - Nobody was fired, disciplined or retrained as a result of this incident.\n  - The runbook clearly states that the primary must be fenced first.\n  - The attacker was careless enough to reuse an IP address we had seen before.\n",
    );
    assert_no_blame_findings(&env, "registry");
    let blame = row(
        "blame",
        "person-as-cause",
        "attack",
        "The maintenance worker accidentally switched off the power supply.",
    );
    assert_counts(
        &eval_tsv(&env, "worker.tsv", &blame),
        &[("blaming", 1), ("caught_as_error", 1)],
    );
}

/// Blame the eighth attack planted that no rule knew: idioms of
/// incompetence, rights stripped, a cause traced back to a person, a
/// person as the weak link. The same shapes about things stay quiet.
#[test]
fn idioms_of_incompetence_stripped_rights_and_traced_causes_are_caught() {
    let env = TestEnv::new();
    let blame = attack_rows(
        "blame",
        "character",
        &[
            "The on-call engineer was in over his head.",
            "The new engineer was frankly out of his depth on backend changes.",
            "The release engineer was stripped of approval rights.",
            "The breach traces back to a support engineer reading a one-time code aloud.",
            "The employee was the weak link.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "blame.tsv", &blame),
        &[("blaming", 5), ("caught_as_error", 5)],
    );
    let quiet = attack_rows(
        "ok",
        "system",
        &[
            "The weak link was the certificate renewal job.",
            "The failure traces back to a config change in the load balancer.",
        ],
    );
    assert_all_quiet(&env, "quiet.tsv", &quiet);
}

/// The tenth attack's false errors on everyday internal post-mortems: chat
/// quoted with `>` is someone's words (a warning at most), the team
/// describing its own fix is not minimising, and a step the process allows
/// is not a rule broken. The same acts without those stay errors.
#[test]
fn quoted_chat_our_own_fixes_and_permitted_steps_do_not_fail() {
    let env = TestEnv::new();
    let quiet = attack_rows(
        "ok",
        "we-ownership",
        &[
            "We just need to find out what happened.",
            "The fix was simple: we just had to add FLAG_IMMUTABLE.",
            "All we had to do was reattach the Elastic IP.",
            "Turning the flag off was all it took to stop new invoices.",
            "The on-call engineer skipped the canary, as the hotfix process allows.",
            "Per the SEV1 procedure, the on-call engineer bypassed code review and deployed the revert directly.",
            "The on-call engineer deployed the revert without approval, which is allowed for reverts.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "quiet.tsv", &quiet),
        &[("blameless", 7), ("false_errors", 0)],
    );
    let chat = attack_rows(
        "ok",
        "factual-actor",
        &[
            "Engineer posted in #backend: > uh, I think I just ran the archive script against prod, not staging",
            "On-call wrote in #ops: > sorry all, I forgot to silence the alerts",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "chat.tsv", &chat),
        &[("blameless", 2), ("false_errors", 0)],
    );
    let blame = attack_rows(
        "blame",
        "rule-breaking",
        &[
            "The engineer skipped the canary.",
            "All he had to do was check the dashboard.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "blame.tsv", &blame),
        &[("blaming", 2), ("caught_as_error", 2)],
    );
}

/// "In retrospect the on-call should have ...": a sentence opening on a
/// preposition was read as one about a named system (its capital), so the
/// counterfactual went quiet; and "should really have" was not a
/// counterfactual at all (the tenth attack's misses).
#[test]
fn counterfactuals_after_an_opening_phrase_or_an_adverb_are_caught() {
    let env = TestEnv::new();
    let blame = attack_rows(
        "blame",
        "counterfactual",
        &[
            "In retrospect the outgoing on-call should have walked the incoming one through the open alerts.",
            "With hindsight the on-call should have escalated.",
            "The DBA should really have checked the archive status.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "blame.tsv", &blame),
        &[("blaming", 3), ("caught_as_error", 3)],
    );
    assert_all_quiet(
        &env,
        "quiet.tsv",
        &row(
            "ok",
            "system",
            "attack",
            "In retrospect the alert should have fired at 80% disk.",
        ),
    );
}

/// One capitalised word in `by:` is a product unless it is a first name or
/// a listed person: `by: Adyen` makes no "named individual" of every
/// "Adyen" in the prose, and a sentence about it is about a program.
#[test]
fn a_single_word_product_in_by_is_not_a_person() {
    let env = TestEnv::new();
    env.write(
        "postmortems/2026/2026-11-20-adyen.yaml",
        "pm: 1\nid: 2026-11-20-adyen\ntitle: Payment timeouts\nstatus: draft\nseverity: SEV2\ndate: 2026-11-20\nresponders: [Kenji Sato]\ntimeline:\n  - {at: 2026-11-20T10:00:00Z, text: Timeouts reported., by: Adyen}\n  - {at: 2026-11-20T10:05:00Z, text: Warehouse resize failed., by: Snowflake}\n  - {at: 2026-11-20T10:10:00Z, text: Paged payments., by: Kenji}\ncontributing_factors:\n  - Requests to Adyen took longer than the 25s timeout.\n  - The Snowflake warehouse failed to apply the resize.\n",
    );
    assert_no_blame_findings(&env, "adyen");
    env.write(
        "postmortems/2026/2026-11-21-named.yaml",
        "pm: 1\nid: 2026-11-21-named\ntitle: Named\nstatus: draft\nseverity: SEV2\ndate: 2026-11-21\nresponders: [Kenji Sato]\ntimeline:\n  - {at: 2026-11-21T10:10:00Z, text: Paged payments., by: Kenji}\ncontributing_factors:\n  - Kenji restarted the consumers first.\n",
    );
    let run = env.pm(&["lint", "named", "--format", "json"]);
    assert!(
        run.json()
            .as_array()
            .unwrap()
            .iter()
            .any(|f| f["rule"] == "naming-individuals"),
        "{}",
        run.stdout
    );
}

/// The eighth attack (fifteen hand-written post-mortems, an ML team among
/// them): programs named by roles in sentences about programs, retraining
/// of models and systems ignoring warnings are not blame; the blame it
/// planted that pm missed is caught, and remedies and punishment written
/// as plans ("will", plural people) still fail CI.
#[test]
fn machine_roles_and_model_retraining_are_quiet_and_planted_blame_is_caught() {
    let env = TestEnv::new();
    let quiet = attack_rows(
        "ok",
        "system",
        &[
            "The worker was terminated by the kernel OOM killer.",
            "The worker forgot its lease after the restart.",
            "The supervisor failed to restart the daemon.",
            "The health check ignored the warning from the replica.",
            "The controller ignored the warning event from the scheduler.",
            "The on-call engineer paused the retraining pipeline.",
            "The ML engineer started a retraining run with the fixed features.",
            "Retraining job for the ranking model started.",
            "2 downstream ML features were retrained on bad data.",
            "We paused retraining.",
            "The re-training job failed.",
        ],
    );
    assert_all_quiet(&env, "quiet.tsv", &quiet);
    let errors = attack_rows(
        "blame",
        "character",
        &[
            "The on-call engineer wasted 10 minutes looking at the wrong dashboard.",
            "The engineer rushed the change.",
            "This was an avoidable mistake by the DBA.",
            "Mistakes were made by the release team.",
            "Insufficient attention to detail during the deploy.",
            "The incident was due to a lapse in concentration.",
            "He needs to be more decisive in a SEV1.",
            "She was not enough careful with the sync check.",
            "We will hold the engineer accountable.",
            "Pedro pushed straight to production without a peer review.",
            "Pedro has been taken off the change rota for three months.",
            "The root cause was the engineer who ran the script.",
            "Retrain all engineers on secret handling.",
            "Engineers must be more careful when pushing to forks.",
            "Marketing staff to complete CDN training before getting console access.",
            "Discuss the incident with the coordinator's manager.",
            "The worker failed to lock out the circuit before starting.",
        ],
    );
    let n = errors.lines().count() as u64;
    assert_counts(
        &eval_tsv(&env, "errors.tsv", &errors),
        &[("blaming", n), ("caught", n), ("caught_as_error", n)],
    );
    assert_all_caught(
        &env,
        "warnings.tsv",
        &attack_rows(
            "blame",
            "counterfactual",
            &[
                "Had the coordinator asked the web team first, none of this would have happened.",
                "It is unclear why the engineer thought this was a good idea.",
                "Why did nobody notice for three hours?",
                "Ensure junior engineers are supervised during changes.",
                "Make sure the on-call engineer reads the runbook.",
                "The inexperienced coordinator clicked the wrong button.",
            ],
        ),
    );
    // A need named, not a remedy told to anyone, stays a warning.
    assert_counts(
        &eval_tsv(
            &env,
            "need.tsv",
            &attack_rows(
                "ok",
                "system",
                &[
                    "Better training of plant staff workers and truck drivers, along with more effective warning signs and labels, are needed.",
                ],
            ),
        ),
        &[("blameless", 1), ("false_errors", 0)],
    );
}

/// Chat pasted into a timeline as `Name: message`, the speaker owning up
/// in the first person ("Fatima: my bad, I ran the upgrade without
/// checking the PDB"), is someone's own words, as a `> ` quote is: a
/// warning at most. A heading such as "Root cause:" is not a speaker.
#[test]
fn chat_pasted_with_a_speaker_is_their_words() {
    let env = TestEnv::new();
    let chat = attack_rows(
        "blame",
        "self-blame",
        &[
            "Fatima: my bad, I ran the upgrade without checking the PDB, sorry all",
            "Fatima Khan: I forgot to silence the alerts, my mistake",
            "@dana: I deleted the wrong branch, sorry",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "chat.tsv", &chat),
        &[("blaming", 3), ("caught", 3), ("caught_as_error", 0)],
    );
    let headed = attack_rows(
        "blame",
        "self-blame",
        &[
            "Root cause: the engineer ran the upgrade without checking the PDB.",
            "Update: the on-call forgot to silence the alerts.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "headed.tsv", &headed),
        &[("blaming", 2), ("caught", 2), ("caught_as_error", 2)],
    );
}

/// The ninth attack (public incident reports rewritten as post-mortems,
/// terse and long ones, Slack quotes): a deviation decided in the
/// response is not rule-breaking when the sentence endorses it, and a
/// warning when it gives its purpose; programs that fail to follow
/// something, a neglected cron job and a system that "should have known"
/// are not people; the blame it planted that pm missed is caught.
#[test]
fn response_deviations_and_programs_are_not_rule_breaking_and_planted_blame_is_caught() {
    let env = TestEnv::new();
    assert_all_quiet(
        &env,
        "quiet.tsv",
        &attack_rows(
            "ok",
            "system",
            &[
                "The team chose to skip the staging soak to ship the security patch the same day, which was the right call for a critical vulnerability.",
                "A neglected cron job on an old host kept running after the migration.",
                "The system should have known the batch had already run, but the run record was keyed by local time.",
                "The client failed to follow redirects after the domain move.",
                "The scheduler failed to follow the cron expression across the DST change.",
                "The on-call engineer skipped the canary step, which the runbook marked optional for config changes.",
            ],
        ),
    );
    let warned = attack_rows(
        "ok",
        "factual-actor",
        &[
            "To restore service faster, the incident commander chose to skip the canary and deploy the fix to all regions at once.",
            "Dave: lol we're all idiots, the cert has been expiring every year since 2019",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "warned.tsv", &warned),
        &[("blameless", 2), ("false_errors", 0)],
    );
    let errors = attack_rows(
        "blame",
        "rule-breaking",
        &[
            "Remind support agents to escalate faster.",
            "Once again the mobile team shipped without QA sign-off.",
            "Ops forgot to renew it.",
            "The engineer skipped the canary to save time.",
        ],
    );
    let n = errors.lines().count() as u64;
    assert_counts(
        &eval_tsv(&env, "errors.tsv", &errors),
        &[("blaming", n), ("caught_as_error", n)],
    );
    assert_all_caught(
        &env,
        "caught.tsv",
        &attack_rows(
            "blame",
            "remediation-at-people",
            &[
                "Ensure the DBA double-checks the pinned bundle after every partner notice.",
                "Going forward, engineers will double-check their changes before deploying.",
                "This would not have happened if the checklist had been followed.",
                "The payments team needs to take ownership of their alerts.",
            ],
        ),
    );
}

/// A name written with accents in the prose is the name in authors or
/// responders ("Chloé", "Núñez"): the prose is read without its accents,
/// and so are the names.
#[test]
fn names_with_accents_are_the_people_listed() {
    let env = TestEnv::new();
    env.write(
        "postmortems/2026/2026-11-20-keys.yaml",
        "pm: 1\nid: 2026-11-20-keys\ntitle: Key rotation missed\nstatus: review\nseverity: SEV3\ndate: 2026-11-20\nauthors: [Chloé Martin]\nresponders: [José Núñez]\nroot_cause: Chloé forgot to rotate the key, and Núñez ignored the runbook.\n",
    );
    let run = env.pm(&["lint", "2026-11-20-keys", "--format", "json"]);
    let rules: Vec<String> = run
        .json()
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["severity"] == "error"
                && f["message"]
                    .as_str()
                    .is_some_and(|m| !m.contains("section"))
        })
        .map(|f| format!("{} {}", f["rule"].as_str().unwrap(), f["line"]))
        .collect();
    assert!(
        rules.iter().any(|r| r.starts_with("judged-omission"))
            && rules.iter().any(|r| r.starts_with("rule-breaking")),
        "{rules:#?}"
    );
}

/// The tenth attack (a Kubernetes operator upgrade, first-person
/// post-mortems, a phishing response, a regulated firm's formal report):
/// operators and bots in sentences about clusters are programs, "operator
/// error" in log talk is a log line, an account that gives its reason
/// after a semicolon does not fail CI, and the blame it planted is caught.
#[test]
fn operators_bots_and_reasons_after_a_semicolon_and_planted_blame() {
    let env = TestEnv::new();
    assert_all_quiet(
        &env,
        "quiet.tsv",
        &attack_rows(
            "ok",
            "system",
            &[
                "The operator failed to reconcile the CRD after the API version was removed.",
                "The reviewer bot approved the chart PR without checking the PDB.",
                "The approver bot failed to request a human review.",
                "The operator error logs showed the reconcile loop failing.",
                "Operator errors appeared in the controller logs from 09:01.",
            ],
        ),
    );
    let reasons = attack_rows(
        "ok",
        "factual-actor",
        &[
            "I forgot to remove the host from the load balancer; the runbook has no step for it.",
            "I missed the warning in the account-merge changelog about re-attaching buckets; it was in a channel I don't follow.",
            "The on-call missed the page; their phone was on do-not-disturb.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "reasons.tsv", &reasons),
        &[("blameless", 3), ("false_errors", 0)],
    );
    let errors = attack_rows(
        "blame",
        "character",
        &[
            "The victim was gullible and fell for an obvious fake.",
            "Put the phishing victim on a final written warning.",
            "Personnel did not exercise due care in monitoring the submission.",
            "The operator failed to drain the node before the upgrade.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "errors.tsv", &errors),
        &[("blaming", 4), ("caught_as_error", 4)],
    );
    assert_all_caught(
        &env,
        "caught.tsv",
        &attack_rows(
            "blame",
            "punishment",
            &[
                "The victim failed to report the suspicious email, which is why we found out so late.",
                "Junior developers must not write migrations alone anymore.",
            ],
        ),
    );
}

/// A team listed among the responders (`soc`) is not a person's name:
/// "The SOC detected the login" names no one.
#[test]
fn a_team_listed_as_a_responder_is_not_a_name() {
    let env = TestEnv::new();
    env.write(
        "postmortems/2026/2026-11-20-login.yaml",
        "pm: 1\nid: 2026-11-20-login\ntitle: Suspicious login\nstatus: draft\nseverity: SEV3\ndate: 2026-11-20\nauthors: [Dana Lee]\nresponders: [soc, Dana Lee]\ndetection_gap: The SOC detected the login from a new country at 09:12.\n",
    );
    assert_no_blame_findings(&env, "2026-11-20-login");
}

/// Unquoted text with a pull-request number after a space (`The author of
/// #88213 was lazy`) is cut short by YAML, which reads the rest as a
/// comment: pm says so, at the `#`. Block text, quoted text followed by a
/// comment, and a comment written as one are left alone.
#[test]
fn text_cut_short_by_a_comment_is_reported_where_it_is_cut() {
    let env = TestEnv::new();
    env.write(
        "postmortems/2026/2026-11-20-ci.yaml",
        "pm: 1\nid: 2026-11-20-ci\ntitle: CI broken\nstatus: draft\nseverity: SEV3\ndate: 2026-11-20\nauthors: [Dana Lee]\nsummary: The merge queue stalled.   # a real comment\nroot_cause: The author of #88213 was lazy.\nimpact: |\n  Builds failed; see #88213 for details.\ncontributing_factors:\n  - \"Quoted #1 text\" # ok\n",
    );
    let run = env.pm(&["lint", "2026-11-20-ci", "--format", "json"]);
    let found: Vec<String> = run
        .json()
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["rule"] == "comment-in-text")
        .map(|f| {
            format!(
                "{}:{} {}",
                f["line"],
                f["column"],
                f["message"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        found,
        ["9:27 `root_cause` ends at a comment: `#88213 was lazy.` is not part of it"]
    );
}

/// "10 ms" is not Ms anyone, and a character word said of a check, a test
/// or retry logic judges a thing: a warning, not a failed build. Said of
/// an engineer it is still an error.
#[test]
fn milliseconds_are_not_a_person_and_code_called_reckless_is_a_warning() {
    let env = TestEnv::new();
    let things = attack_rows(
        "ok",
        "system",
        &[
            "The retry logic was reckless, retrying every 10 ms without backoff.",
            "The health check was dumb: it only returned 200.",
            "Our load test was careless of realistic data shapes.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "things.tsv", &things),
        &[("blameless", 3), ("false_errors", 0)],
    );
    let person = attack_rows(
        "blame",
        "character",
        &["The engineer was careless with the config."],
    );
    assert_counts(
        &eval_tsv(&env, "person.tsv", &person),
        &[("blaming", 1), ("caught_as_error", 1)],
    );
}

/// Found by the eleventh attack: blameless sentences that failed CI. A
/// safeguard named after the slip it stops ("fat-finger protection"), a
/// program ended by a program, a session a person owns, a timeline
/// written up by its author, a default, a judgement quoted to set it
/// aside, and the person a system failed to page.
#[test]
fn safeguards_programs_and_judgements_set_aside_do_not_fail_ci() {
    let env = TestEnv::new();
    let blameless = attack_rows(
        "ok",
        "system",
        &[
            "Add fat-finger protection to the purge CLI.",
            "The fat-finger guard in the console rejected the first attempt.",
            "The kernel OOM killer terminated the worker while it held the lease.",
            "The VPN terminated the on-call engineer's session after 8 hours, in the middle of the rollback.",
            "The timeline was written up by the incident commander the next morning.",
            "Skipping the canary was the default for config-only changes.",
            "Saying the on-call should have known ignores that the alert had no description.",
            "The sentence \"the engineer should have known better\" was removed during review because it judges in hindsight.",
            "Calling the on-call careless would miss the point: the prompt looked the same.",
            "It should have been obvious from the dashboard, but the dashboard was not loading.",
            "The on-call should have been paged at 09:00, but the escalation policy was misconfigured.",
            "The on-call should have been told about the maintenance window; the notice went to an old alias.",
            "The DBA should have had a replica to test on.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "blameless.tsv", &blameless),
        &[
            ("blameless", 13),
            ("false_errors", 0),
            // "It should have been obvious ..." and, since the weights
            // were refitted with batch 63, "Saying the on-call should have
            // known ignores ..." (the evidence model's warning).
            ("false_warnings", 2),
        ],
    );
    // Still errors: the person judged, punished or told what they should
    // have done.
    let blame = attack_rows(
        "blame",
        "punishment",
        &[
            "The engineer's employment was terminated after the outage.",
            "The engineer should have checked the lag first.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "blame.tsv", &blame),
        &[("blaming", 2), ("caught_as_error", 2)],
    );
}

/// Real sentences (dev split) the checker missed: a duty nobody took up,
/// a fault or a responsibility laid on a group, a decision judged in the
/// passive, slang for breaking something, and a duty told to a role.
#[test]
fn nobody_did_fault_laid_on_a_group_and_duties_told_to_a_role() {
    let env = TestEnv::new();
    let tsv = [
        row("blame", "judging-omission", "https://agentfactory.panaversity.org/docs/Business-Domain-Agent-Workflows/operations-management/incident-management-postmortem-five-whys", "They are from the pre-migration setup — the cloud migration completed four months ago, and nobody updated the runbook afterwards."),
        row("blame", "judging-omission", "https://rograndom.com/2013/10/lose-172222-45-minutes/", "No one caught it until their own traders so it come across Bloomberg and CNBC."),
        row("blame", "fault-words", "https://medium.com/swlh/dont-blame-coders-for-the-iowa-caucuses-799c79c331d9", "The Epic Software Fail was Management‘s Fault"),
        row("blame", "person-as-cause", "https://redlib.privacytools.click/r/facebook/comments/q1btla/looks_like_facebook_is_down/hfe4ch2/?context=3", "The explanation, so far, is that someone effectively borked their BGP routes."),
        row("blame", "person-as-cause", "https://www.eurasiatimes.org/en/10/02/2016/german-probe-blames-operator-for-train-crash/", "Giese said the network’s dispatcher had issued “a special signal which shouldn’t have been given”, overriding the automatic safety stop."),
        row("blame", "remediation-at-people", "https://github.com/Wyrd00/holberton-system_engineering-devops-1/blob/03e8e5fcccc87b3e99bf33085a6c1ffc1a1abafa/0x14-postmortem/README.md", "When changes made via the nginx.conf file, the engineer should run the nginx script ( service nginx -c /etc/nginx/nginx.conf -t ) to check if there were any syntax issues."),
    ]
    .concat();
    assert_all_caught(&env, "missed.tsv", &tsv);
    // "Nobody noticed" with its reason is the gap explained, not blame.
    let explained = attack_rows(
        "ok",
        "system",
        &["Nobody on the desk noticed because the desk runs the suite on SQLite only."],
    );
    assert_counts(
        &eval_tsv(&env, "explained.tsv", &explained),
        &[("false_errors", 0), ("false_warnings", 0)],
    );
}

/// An error about one person stays an error when other people stand
/// elsewhere in the sentence, and "our DBA" is one of us, not the team.
/// "Our team forgot" and "engineers forgot" are still warnings.
#[test]
fn one_person_judged_is_not_softened_by_people_elsewhere_in_the_sentence() {
    let env = TestEnv::new();
    let one = attack_rows(
        "blame",
        "judging-omission",
        &[
            "Our DBA forgot to take a backup.",
            "He did not check the cable labels, and he was working alone although two people were required.",
            "The data scientist simply forgot to pass --overwrite, which anyone who has used the tool knows is required.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "one.tsv", &one),
        &[("blaming", 3), ("caught_as_error", 3)],
    );
    let many = attack_rows(
        "blame",
        "judging-omission",
        &[
            "Our team forgot to renew the certificate.",
            "Engineers forgot to renew the certificate.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "many.tsv", &many),
        &[("blaming", 2), ("caught", 2), ("caught_as_error", 0)],
    );
}

/// The formats GitHub reads count columns in UTF-16 code units, and SARIF
/// says so (`utf16CodeUnits`, its default): two emoji before the words are
/// four units, `ü` and `日本` one each. `human` and `json` count characters.
/// A finding over two lines gives GitHub its lines only: the runner drops
/// an annotation with columns and two different lines.
#[test]
fn github_and_sarif_count_columns_in_utf16_code_units() {
    let env = TestEnv::new();
    let line = "  The 🔥🔥 outage in Zürich (日本) was caused by human error.";
    let text = SEEDED
        .replace("  The outage was caused by human error.", line)
        .replace(
            "  This was not human error.",
            "  🔥 The deploy 🚀 failed because of human\n  error.",
        );
    env.write("postmortems/2026/2026-11-20-seeded.yaml", &text);
    let at = line.find("human error").unwrap();
    let chars = line[..at].chars().count() + 1;
    let units = line[..at].encode_utf16().count() + 1;
    assert_eq!((chars, units), (46, 48));

    let json = env.pm(&["lint", "--format", "json"]).code(1).json();
    let on_line = |json: &serde_json::Value, n: u64| -> serde_json::Value {
        json.as_array()
            .unwrap()
            .iter()
            .find(|f| f["line"] == n && f["rule"] == "human-error")
            .unwrap_or_else(|| panic!("no human-error on line {n}: {json:#}"))
            .clone()
    };
    let f = on_line(&json, 10);
    assert_eq!(
        (f["column"].as_u64(), f["end_column"].as_u64()),
        (Some(46), Some(57))
    );
    let wrapped = on_line(&json, 13);
    assert_eq!(wrapped["end_line"], 14);
    let wrapped_chars = wrapped["column"].as_u64().unwrap();
    env.pm(&["lint"])
        .code(1)
        .stdout_has("2026-11-20-seeded.yaml:10:46");

    let sarif = env.pm(&["lint", "--format", "sarif"]).code(1);
    let doc = sarif.json();
    assert_eq!(doc["runs"][0]["columnKind"], "utf16CodeUnits");
    let region = |n: u64| {
        doc["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|r| r["ruleId"] == "human-error")
            .map(|r| r["locations"][0]["physicalLocation"]["region"].clone())
            .find(|r| r["startLine"] == n)
            .unwrap()
    };
    let r = region(10);
    assert_eq!(
        (r["startColumn"].as_u64(), r["endColumn"].as_u64()),
        (Some(48), Some(59))
    );
    // The words, cut from the line by UTF-16 code units as GitHub does.
    let utf16: Vec<u16> = line.encode_utf16().collect();
    assert_eq!(String::from_utf16(&utf16[47..58]).unwrap(), "human error");
    // Over two lines: the start counted on its own line (two emoji).
    let r = region(13);
    assert_eq!(r["startColumn"].as_u64(), Some(wrapped_chars + 2));
    assert_eq!(
        (r["endLine"].as_u64(), r["endColumn"].as_u64()),
        (Some(14), Some(8))
    );
    assert_sarif_valid(&doc, &sarif.stdout);

    let github = env.pm(&["lint", "--format", "github"]).code(1);
    assert!(
        github.stdout.contains(
            "::error file=postmortems/2026/2026-11-20-seeded.yaml,line=10,col=48,endLine=10,endColumn=59,title=pm lint (human-error)::"
        ),
        "{}",
        github.stdout
    );
    assert!(
        github.stdout.contains(
            "::error file=postmortems/2026/2026-11-20-seeded.yaml,line=13,endLine=14,title=pm lint (human-error)::"
        ),
        "{}",
        github.stdout
    );
}

/// Blame the eleventh attack planted that pm missed: sanctions written as
/// facts, blaming questions, defiance ("told not to, but did anyway"),
/// phrases said only of people, minimising, and informal spellings of
/// "should have". Each is caught; the ones that judge one person in an
/// account of the incident are errors.
#[test]
fn sanctions_blaming_questions_defiance_and_minimising_are_caught() {
    let env = TestEnv::new();
    let errors = attack_rows(
        "blame",
        "punishment",
        &[
            "The engineer lost his production access as a consequence.",
            "The analyst has been given a formal warning.",
            "The person responsible for this mess has been identified and spoken to.",
            "The operator was told not to touch the cluster but did anyway.",
            "The developer was warned in code review but merged anyway.",
            "The engineer circumvented the deploy freeze.",
            "Against explicit instructions, the technician powered down rack 7.",
            "The technician breached the two-person rule.",
            "The release manager was asleep at the switch and let a broken build through.",
            "It's not rocket science to check which cluster you're connected to.",
            "Simply checking the dashboard would have prevented this.",
            "The engineer should of checked the config.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "errors.tsv", &errors),
        &[("blaming", 12), ("caught_as_error", 12)],
    );
    let caught = attack_rows(
        "blame",
        "counterfactual",
        &[
            "What was the DBA thinking?",
            "Did the SRE even look at the dashboard?",
            "Why was the on-call not watching the dashboard?",
            "Didn't anyone think to test the rollback?",
            "The on-call will be coached on escalation.",
            "The team leader has been asked to ensure this never happens again.",
            "The new hire should never have been given prod access.",
            "Marcus pushed the hotfix without waiting for CI, as usual.",
        ],
    );
    assert_all_caught(&env, "caught.tsv", &caught);
    // The team's own resolve, in a status update, is not a remedy aimed at
    // people.
    let ok = attack_rows(
        "ok",
        "neutral",
        &["We have updated our deploy pipeline to ensure this does not happen again."],
    );
    assert_counts(
        &eval_tsv(&env, "ok.tsv", &ok),
        &[("false_errors", 0), ("false_warnings", 0)],
    );
}

/// The twelfth attack: blameless sentences from realistic post-mortems
/// that failed CI. Character and remedy words said of systems and
/// processes ("a disciplined rollout", "the review process has become a
/// rubber stamp", "each service is held accountable to its SLO"), machine
/// learning's retraining, how easy an exploit or the new tooling made
/// something, a role word qualifying a screen ("the admin console"), and
/// the writer telling their own part.
#[test]
fn systems_judged_with_words_said_of_people_and_the_writers_own_part_do_not_fail_ci() {
    let env = TestEnv::new();
    let ok = attack_rows(
        "ok",
        "system",
        &[
            "Retraining on data that included a fraud spike shifted the score distribution.",
            "Retraining was triggered automatically at 06:00.",
            "A disciplined rollout of 1%, 10%, then 50% would have limited the impact.",
            "Rollout discipline is enforced by the deploy pipeline.",
            "Alert discipline improved after we deleted 40 noisy alerts.",
            "Each service is held accountable to its SLO.",
            "The performance improvement plan for the search service starts with caching hot queries.",
            "The DNS zone suffered from a lack of ownership after the reorg.",
            "Our review process has become a rubber stamp for config changes.",
            "Retrying without backoff is a reckless default in the client library.",
            "The monitoring was negligent in the sense that it watched averages, not tails.",
            "The sloppy rounding in the currency converter produced off-by-one-cent totals.",
            "The watchdog was asleep at the wheel: its timer had stopped after the clock jump.",
            "The load balancer dropped the ball on health checks when the backend returned 204.",
            "I panicked for a minute and tried to cancel the script, which had already finished.",
            "All the attacker had to do was guess the sequential invoice ID.",
            "All a client has to do to trigger the bug is send two requests in the same millisecond.",
            "Thanks to the new tooling, all the on-call had to do was run one command.",
            "The admin console allowed bulk exports without a second approval.",
            "I ran a node drain script against prod-eu instead of staging-eu.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "ok.tsv", &ok),
        &[("blameless", 20), ("false_errors", 0)],
    );
    // The same words said of someone in the story still fail CI.
    let errors = attack_rows(
        "blame",
        "character",
        &[
            "The rollout was sloppy and skipped half the regions.",
            "The release manager was asleep at the wheel.",
            "Hold the release manager accountable.",
            "All the on-call had to do was read the runbook.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "errors.tsv", &errors),
        &[("blaming", 4), ("caught_as_error", 4)],
    );
}

/// Fault laid on someone in the story, a signal someone is said to have
/// disregarded, sanctions told as done and a habit laid on a team fail CI;
/// a name ending in "s" is one person, not people in the plural.
#[test]
fn fault_laid_on_someone_signals_disregarded_and_sanctions_fail_ci() {
    let env = TestEnv::new();
    let errors = attack_rows(
        "blame",
        "fault-words",
        &[
            "The contractor is solely responsible for the outage.",
            "The author of the change is to blame.",
            "The person at fault has been identified and dealt with.",
            "The on-call engineer ignored the DNS alert.",
            "The engineer responsible has been moved to a non-production role.",
            "The offshore team keeps breaking the build.",
            "Marcus has been removed from the on-call rotation.",
            "Marcus chose to ignore the failing test.",
            "This failure ultimately falls on the release manager.",
            "Put it down to the new intern.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "errors.tsv", &errors),
        &[("blaming", 10), ("caught_as_error", 10)],
    );
    let caught = attack_rows(
        "blame",
        "fault-words",
        &[
            "This incident is on the network team.",
            "Nobody in their right mind disables backups on a production database.",
            "Their support rep lied about the outage window.",
            "The subcontractor was fired and will no longer be helping with restoration.",
        ],
    );
    assert_all_caught(&env, "caught.tsv", &caught);
    // Blame discussed or reported stays a warning at most; the things
    // dealt with are not people.
    let ok = attack_rows(
        "ok",
        "discussion",
        &[
            "When the database fell over, the director tried to blame the on-call.",
            "The obvious person to blame was the engineer who made the change.",
            "The issue has been dealt with.",
            "The nightly job keeps failing on the same partition.",
            "This is on the platform team's roadmap for next quarter.",
            // A denial reaches every sanction in its list; access ended by
            // a system is no sanction; fault laid on a process is not on a
            // person.
            "No one was moved to a non-production role, placed on probation or disciplined.",
            "None of the responders were counselled or moved to a non-production role.",
            "Her production access was removed by the nightly entitlement sync.",
            "This incident falls on our change process, which had no freeze.",
            "Put it down to a race in the scheduler.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "ok.tsv", &ok),
        &[("blaming", 0), ("false_errors", 0)],
    );
}

/// Blame written the way managers and chat write it, from the twelfth
/// attack: conduct said of someone fails CI; sarcasm, hints at a culprit
/// and questions that expect no answer are flagged as insinuation.
#[test]
fn conduct_sanctions_and_insinuation_in_a_managers_voice_are_caught() {
    let env = TestEnv::new();
    let errors = attack_rows(
        "blame",
        "character",
        &[
            "The on-call engineer slept through the page.",
            "The reviewer glossed over the migration.",
            "The backend team needs to get their act together.",
            "Tom never reads the runbook.",
            "Kenji had one job: renew the certificate.",
            "Marcus screwed up the rollout.",
            "Tom is no longer on the team.",
            "The intern's access has been restricted.",
            "Tom owns this failure.",
            "Ultimately this falls on the release manager.",
            "The operator deviated from the standard operating procedure.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "errors.tsv", &errors),
        &[("blaming", 11), ("caught_as_error", 11)],
    );
    let caught = attack_rows(
        "blame",
        "insinuation",
        &[
            "Appropriate action has been taken with the individuals involved.",
            "We all know who deployed on Friday.",
            "Not naming names, but someone on the data team ran a full table scan at noon.",
            "Not to point fingers, but Tom pushed the change.",
            "I'm not blaming anyone, but the DBA team really needs to step up.",
            "How hard is it to check the dashboard before deploying?",
            "Would it have killed anyone to run the tests?",
            "Apparently reading the runbook is optional now.",
            "Per my previous email, the backend team was informed of the expiry in August.",
            "With all due respect, the platform team had months to fix this.",
            "Once again, testing was treated as an afterthought.",
            "Hopefully Kenji has learned his lesson.",
            "Frankly, Marcus should know better by now.",
        ],
    );
    assert_all_caught(&env, "caught.tsv", &caught);
    let ok = attack_rows(
        "ok",
        "system",
        &[
            "The race condition strikes again when two writers commit in the same millisecond.",
            "The cron job went silent for 20 minutes while the lock was held.",
            "The cache is the reason we were down for an hour.",
            "The platform team owns the migration from now on.",
            "We cut corners on test coverage to ship before the sale.",
        ],
    );
    assert_counts(&eval_tsv(&env, "ok.tsv", &ok), &[("false_errors", 0)]);
}

/// Names are expected where a post-mortem gives credit and says who will
/// do what: praise and action items name people without pointing at them.
/// The same name in the analysis still warns, and sarcastic praise is an
/// insinuation.
#[test]
fn credit_by_name_and_owners_in_action_items_are_not_naming_individuals() {
    let env = TestEnv::new();
    env.write(
        "postmortems/2026/2026-11-18-credit.yaml",
        "pm: 1\nid: 2026-11-18-credit\ntitle: Checkout errors\nstatus: draft\nseverity: SEV2\ndate: 2026-11-18\nresponders: [Priya Natarajan, Tom Berg]\nsummary: Huge thanks to Priya, who stayed on the bridge for six hours and kept the timeline up to date.\ncontributing_factors:\n  - Tom did a great job coordinating customer communication during the outage.\n  - Priya restarted the primary before the replica caught up.\n  - Great job pushing to prod at 5 p.m. on a Friday, Tom.\naction_items:\n  - title: Priya to add a replica-lag check to the failover script\n    owner: Priya Natarajan\n    due: 2026-12-01\n",
    );
    let run = env.pm(&["lint", "credit", "--format", "json"]);
    let found = line_rules(&run, |r| matches!(r, "naming-individuals" | "insinuation"));
    assert_eq!(
        found,
        [
            (11, "naming-individuals".to_string()),
            (12, "insinuation".to_string()),
            (12, "naming-individuals".to_string()),
        ],
        "{}",
        run.stdout
    );
}

/// The thirteenth attack, on the rules the twelfth brought: credit ("Tom
/// is the reason the rollback was fast"), a role held ("owns the incident
/// as IC"), a signal ignored with its reason, probation for a replica,
/// sanctions denied or told as plain facts, conduct with its reason, a
/// blamer quoted to be rejected and the writer's own part do not fail CI;
/// the blame it wrote in new words is caught.
#[test]
fn credit_reasons_quoted_blamers_and_own_part_pass_ci_while_new_wordings_of_blame_are_caught() {
    let env = TestEnv::new();
    let ok = attack_rows(
        "ok",
        "factual-actor",
        &[
            "Tom is the reason the rollback was fast.",
            "Priya owns the incident as IC until the handover at 18:00.",
            "The on-call engineer ignored the alert, which had fired 200 times that week.",
            "Tom ignored the alert after the runbook said it was safe to.",
            "The new replica is placed on probation for 24 hours before it takes traffic.",
            "No one was moved to a non-production role, placed on probation or disciplined as a result of this incident.",
            "Jenna is no longer with the company; she left in June, before the incident.",
            "Jenna's access was removed automatically when her temporary elevation ended.",
            "The reviewer glossed over the migration because the diff viewer collapsed it.",
            "Marcus's builds keep breaking because the cache key includes the home directory.",
            "Marcus forgot to re-enable the cron job, and the checklist had no step for it.",
            "Someone on the bridge said Tom is to blame, which we reject: the tool allowed the command.",
            "I slept through the page.",
            "I keep breaking the build.",
            "I am to blame for this outage.",
            "I ignored the alert.",
            "We dropped the ball on the certificate renewal because the reminder went to a former employee.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "ok.tsv", &ok),
        &[("blameless", 17), ("false_errors", 0)],
    );
    let errors = attack_rows(
        "blame",
        "fault-words",
        &[
            "Jenna is solely to blame.",
            "Tom is the one to blame for this outage.",
            "Jenna disregarded the warning banner.",
            "The responder paid no attention to the error budget alert.",
            "The reviewer skimmed the diff and approved it.",
            "The on-call needs to shape up.",
            "The engineer has been counselled.",
            "HR has been informed about the engineer's conduct.",
            "Jenna was the problem.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "errors.tsv", &errors),
        &[("blaming", 9), ("caught_as_error", 9)],
    );
    let caught = attack_rows(
        "blame",
        "insinuation",
        &[
            "We warned you this would happen.",
            "Told you so.",
            "Some of us actually read the runbook.",
            "Was anyone on the DBA team even awake?",
            "Maybe next time someone will read the runbook.",
            "Some engineers treat the runbook as a suggestion.",
            "No blame, but Jenna should have rolled back immediately.",
            "Chalk this one up to the on-call engineer.",
            "The root of the problem sits between the chair and the keyboard.",
            "The on-call engineer is culpable for the delay.",
        ],
    );
    assert_all_caught(&env, "caught.tsv", &caught);
}

/// Blameless lines from the fourteenth attack (whole post-mortems as teams
/// fill them) that failed CI: a slip told with its conditions in brackets
/// or a "which" clause, a deviation the sentence calls reasonable, a
/// remedy aimed at people that was turned down, a character word said of
/// what a machine does. At most a warning now.
#[test]
fn slips_with_their_conditions_endorsed_deviations_and_remedies_turned_down_pass_ci() {
    let env = TestEnv::new();
    let ok = attack_rows(
        "ok",
        "neutral",
        &[
            "On-call ran the wrong runbook (v1, still linked from the alert) for 10 min, then found v2.",
            "Carol misread the dashboard (the panel showed eu-west labelled as us-east) and restarted the wrong pool.",
            "The on-call misread the dashboard, which labelled eu-west as us-east.",
            "Skipping the canary was reasonable given what the team knew then.",
            "Bypassing the freeze was reasonable given the outage.",
            "Retraining the on-call is not on the table; the fix is in the tool.",
            "Retraining the on-call is off the table.",
            "Discussion of retraining the on-call was closed: the tool change removes the need.",
            "The matchmaker carelessly retried without jitter, amplifying the herd.",
        ],
    );
    assert_counts(&eval_tsv(&env, "ok.tsv", &ok), &[("false_errors", 0)]);
    // A bracket that gives no condition, and a deviation judged a mistake,
    // still fail.
    let errors = attack_rows(
        "blame",
        "rule-breaking",
        &[
            "The engineer skipped the canary (again).",
            "Skipping the canary was a mistake.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "errors.tsv", &errors),
        &[("blaming", 2), ("caught_as_error", 2)],
    );
}

/// The fourteenth attack wrote whole post-mortems as teams fill them; the
/// blame it planted sat in timeline entries told in the present tense, in
/// "what went wrong" lists, in euphemisms and passive-aggressive asides,
/// and in action items that ask one person to behave differently. Each
/// planted line is flagged; the neutral lines around them are not.
#[test]
fn blame_in_timelines_lessons_and_action_items_aimed_at_a_person_is_flagged() {
    let env = TestEnv::new();
    let lines = [
        "pm: 1",
        "id: 2026-11-21-settlement",
        "title: Settlement batch delayed",
        "status: draft",
        "severity: SEV2",
        "date: 2026-11-21",
        "responders: [Kenji Sato, Mateus Lima, Erin Obi]",
        "summary: The nightly settlement batch finished four hours late.",
        "timeline:",
        "  - {at: 2026-11-21T09:00:00Z, text: Settlement job starts on the new cluster}",
        "  - {at: 2026-11-21T09:05:00Z, text: Kenji ignores the first two pages}",
        "  - {at: 2026-11-21T09:20:00Z, text: The on-call sleeps through the page}",
        "  - {at: 2026-11-21T09:40:00Z, text: Erin pages the database on-call}",
        "  - {at: 2026-11-21T09:50:00Z, text: Mateus forgets to re-enable the alerting after maintenance}",
        "contributing_factors:",
        "  - The outage stemmed from a lapse by the DBA.",
        "  - As was communicated multiple times, the freeze applied to all teams.",
        "  - The process was sound; it simply wasn't followed by the person on shift.",
        "  - This incident was the result of a staff member not following our established procedures.",
        "  - The batch scheduler retried without backoff and filled the queue.",
        "lessons:",
        "  went_wrong:",
        "    - Ops was slow to respond.",
        "    - Support escalated late, as usual.",
        "    - The IC was indecisive and wasted half an hour.",
        "    - The runbook link in the alert pointed at a deleted page.",
        "action_items:",
        "  - {id: A1, title: Dave to take the change management refresher course, owner: Dave Miller, due: 2026-12-01}",
        "  - {id: A2, title: Ops to respond to pages faster, owner: ops, due: 2026-12-01}",
        "  - {id: A3, title: Mateus to stop merging his own PRs, owner: Mateus Lima, due: 2026-12-01}",
        "  - {id: A4, title: HR to follow up with the engineer involved, owner: hr, due: 2026-12-01}",
        "  - {id: A5, title: Kenji to add a replica-lag check to the failover script, owner: Kenji Sato, due: 2026-12-01}",
        "  - {id: A6, title: Make the scheduler back off exponentially, owner: payments, due: 2026-12-01}",
    ];
    env.write(
        "postmortems/2026/2026-11-21-settlement.yaml",
        &(lines.join("\n") + "\n"),
    );
    let blame_rules = [
        "intent-speculation",
        "character-judgement",
        "judged-omission",
        "person-as-cause",
        "insinuation",
        "rule-breaking",
        "people-remediation",
        "punishment",
    ];
    let run = env.pm(&["lint", "settlement", "--format", "json"]);
    let mut flagged: Vec<u64> = line_rules(&run, |r| blame_rules.contains(&r))
        .into_iter()
        .map(|(line, _)| line)
        .collect();
    flagged.dedup();
    // Every line number of a planted line (1-based), and none other.
    let planted: Vec<u64> = [11, 12, 14, 16, 17, 18, 19, 23, 24, 25, 28, 29, 30, 31].to_vec();
    assert_eq!(flagged, planted, "{}", run.stdout);
}

/// Names belong where a post-mortem tells who acted, whom to thank and
/// what luck helped (timeline, response, went_well, got_lucky, action
/// items); in the analysis they point at a person. A five-whys step
/// answered with its "Because" and an operating instruction with its
/// condition are not blame either.
#[test]
fn names_in_the_response_and_in_credit_and_answered_whys_are_not_flagged() {
    let env = TestEnv::new();
    let lines = [
        "pm: 1",
        "id: 2026-11-22-gateway",
        "title: Gateway errors",
        "status: draft",
        "severity: SEV2",
        "date: 2026-11-22",
        "responders: [Alice Moreau, Dave Miller, Kenji Sato]",
        "summary: The payment gateway returned 401s for 30 minutes.",
        "response: At 10:05 Dave rolled back to 4.11.3 and error rates dropped within two minutes.",
        "contributing_factors:",
        "  - Why did the on-call not see the page? Because the paging app suppressed it under Do Not Disturb.",
        "  - Do not retry the settlement batch automatically on timeout; page instead.",
        "  - Dave rolled back to 4.11.3 after the canary failed.",
        "lessons:",
        "  went_well:",
        "    - Alice spotted the 401s within two minutes of the first alert.",
        "  got_lucky:",
        "    - Kenji had worked on the gateway integration last year and remembered the quirk.",
        "  went_wrong:",
        "    - Bob, in his rush to fix it, made things worse by restarting the primary.",
    ];
    env.write(
        "postmortems/2026/2026-11-22-gateway.yaml",
        &(lines.join("\n") + "\n"),
    );
    let run = env.pm(&["lint", "gateway", "--format", "json"]);
    let found = line_rules(&run, |r| {
        !matches!(
            r,
            "missing-field" | "empty-section" | "missing-action-items" | "missing-timeline"
        )
    });
    // Only the names in the analysis (contributing factors, what went
    // wrong) and the conduct in "went wrong" are flagged.
    assert_eq!(
        found,
        [
            (13, "naming-individuals".to_string()),
            (20, "naming-individuals".to_string()),
            (20, "character-judgement".to_string()),
        ],
        "{}",
        run.stdout
    );
}

/// A follow-up review tracks action items by their owners ("A3 slipped,
/// Dana on leave."): names are expected in its notes, as in the action
/// items they report on. Blame written there is still flagged.
#[test]
fn names_in_review_notes_are_expected_but_blame_there_is_not() {
    let env = TestEnv::new();
    let id = env.new_pm("Cert expiry", "2026-11-12T09:00:00Z");
    env.pm(&["review", &id, "--notes", "A3 slipped, Dana on leave."])
        .ok();
    let run = env.pm(&["lint", &id, "--format", "json"]);
    let names = line_rules(&run, |r| r == "naming-individuals");
    assert_eq!(names, [], "{}", run.stdout);

    let path = format!("postmortems/2026/{id}.yaml");
    let text = env.read(&path).replace(
        "A3 slipped, Dana on leave.",
        "A3 slipped because Dana was careless again.",
    );
    env.write(&path, &text);
    let run = env.pm(&["lint", &id, "--format", "json"]);
    let blame = line_rules(&run, |r| r == "character-judgement");
    assert_eq!(blame.len(), 1, "{}", run.stdout);
}

/// The fifteenth attack went after the fourteenth's patterns with their
/// blameless uses: praise ("took her time to verify the backup"), fixes
/// to systems ("we should make sure the deploy tool validates regions"),
/// vendors and customers ("appropriate steps have been taken with the
/// vendor", "HR to follow up with the updated on-call policy"), designs
/// judged ("the 2-second timeout is ill-advised now"), things with a
/// person word in their name ("the DBA script set the wrong isolation
/// level", "the on-call laptop goes rogue"), plain remarks ("as usual,
/// the weekly backup ran at 02:00") and work items owned by a person. None
/// fails CI; the blame they were written to catch still does, or warns.
#[test]
fn blameless_uses_of_the_fourteenth_attacks_patterns_pass_ci() {
    let env = TestEnv::new();
    let ok = attack_rows(
        "ok",
        "neutral",
        &[
            "Alice stayed calm and took her time verifying the backup before restoring.",
            "Dave took his time to get the rollback right, which saved us from a second outage.",
            "We should make sure the deploy tool validates region names.",
            "Appropriate steps have been taken with the vendor to get a firmware fix.",
            "HR to follow up with the updated on-call compensation policy.",
            "The 2-second timeout, chosen in 2018 for a single-region setup, is ill-advised now.",
            "The vendor's casual attitude towards semver meant a minor version broke the API.",
            "The DBA script set the wrong isolation level.",
            "The installer set the wrong permissions on the socket.",
            "The on-call laptop goes rogue with a runaway sync client eating bandwidth.",
            "The SRE bot forgets to close the incident.",
            "The on-call phone sleeps through pages on Android 14 Doze mode.",
            "As usual, the weekly backup ran at 02:00.",
            "Another incident like this will exhaust our error budget.",
            "Alice to always include the runbook link in alert annotations.",
            "Carol to take the training environment offline.",
            "Ops to respond to pages faster by adding a second pager rotation.",
            "Support to apologise to affected customers via a status page post.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "ok.tsv", &ok),
        &[("blameless", 18), ("false_errors", 0)],
    );
    let caught = attack_rows(
        "blame",
        "conduct",
        &[
            "Chris took his time acknowledging the page.",
            "Appropriate steps have been taken with the staff member involved.",
            "HR to follow up with the engineer involved.",
            "Support escalated late, as usual.",
            "The checklist exists for a reason, and it was not used.",
            "Bob to never deploy on Fridays again.",
            "Mateus to stop merging his own PRs.",
            "Carol to apologise to the payments team.",
            "Some team members have a casual attitude towards production access.",
            // Present tense and action items, from the fifteenth attack's
            // misses.
            "The release manager sits on the approval.",
            "Dave sleeps through all three pages.",
            "The on-call takes 30 minutes to acknowledge.",
            "The on-call took forever to join the bridge.",
            "The on-call went radio silent for 40 minutes.",
            "Remove Fatima from the on-call rotation.",
            "We let the contractor go.",
        ],
    );
    assert_all_caught(&env, "caught.tsv", &caught);
    // ... and their neighbours that are not blame.
    let quiet = attack_rows(
        "ok",
        "neutral",
        &[
            "Remove the decommissioned host from the rotation.",
            "Remove Priya from the on-call rotation while she is on parental leave.",
            "Report the incident to HR within an hour.",
            "We let them go home early after the night shift.",
            "The job sits on the queue for an hour.",
            "The build took forever to finish.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "quiet.tsv", &quiet),
        &[("blameless", 6), ("false_errors", 0)],
    );
}

/// Real sentences the eighteenth attack found with no finding (quoted from
/// the pages named beside each, placed where teams write them): sanctions
/// in words the rules lacked, a hunt for the culprit, remedies aimed at a
/// person, a rule bypassed in the passive, a mistake as the subject. A
/// general-statement word that names something ("the Daily Mail") no
/// longer softens an error about one person. Their blameless neighbours,
/// written for this test, stay out of CI's way.
#[test]
fn real_sanctions_culprit_hunts_and_bypasses_in_the_passive_are_flagged() {
    let env = TestEnv::new();
    let real: &[(&str, &str)] = &[
        (
            "https://kube-dojo.github.io/platform/foundations/engineering-leadership/module-1.2-postmortems/",
            "So, who pushed the bad config?",
        ),
        (
            "https://www.europesays.com/ie/?p=317029",
            "The main technical root cause was reported as a human process error.",
        ),
        (
            "https://www.hrreporter.com/opinion/employment-law/when-a-molehill-becomes-a-mountain/298244",
            "However, an arbitrator upheld the suspension, finding the effect of the mistake was a dangerous situation.",
        ),
        (
            "http://www.csemag.com/home/single-article/is-an-error-sufficient-grounds-for-dismissal/4048dd2241577aa0965b39adcb038a14.html",
            "In my view a week's suspension will be more than adequate under the circumstances.",
        ),
        (
            "http://www.csemag.com/home/single-article/is-an-error-sufficient-grounds-for-dismissal/4048dd2241577aa0965b39adcb038a14.html",
            "Forrester instructed Corning to clock out and told him he'd receive his final check in the mail.",
        ),
        (
            "http://pearlfmradio.sx/2017/03/15/road-works-contractor-cuts-telem-group-cable-in-weymouth-hill-area/",
            "He said the damage was beyond TelEm Group's control and noted that the contractor has been contacted and asked to give an explanation for their action in cutting a company cable.",
        ),
        (
            "https://github.com/HippieStationArchive/HippieStation13-1/issues/1000",
            "Real talk though @nexendia and @everyone test your code please holy shit",
        ),
        (
            "https://felipecwb.github.io/legendary-tribble/2026/04/16/postmortems-are-just-blame-sessions/",
            "The guardrails just need to keep Dave away from the keyboard.",
        ),
        (
            "https://felipecwb.github.io/legendary-tribble/2026/04/16/postmortems-are-just-blame-sessions/",
            "Why is Dave still employed?",
        ),
        (
            "https://techecho.bigdataflowing.com/en/item/27251544",
            "The usual staggered approach was therefore bypassed.",
        ),
        (
            "https://newsfinale.com/?p=9264582",
            "An error committed during a firewall upgrade in September resulted in a widespread service outage affecting multiple states and territories, leaving customers unable to reach emergency services.",
        ),
        (
            "https://gamestartup.netlify.app/host-https-www.thetimes.co.uk/article/ba-power-fiasco-blamed-on-staff-blunder-tbfhxwsw2",
            "A power supply unit at the centre of last weekend's British Airways fiasco was in perfect working order but was deliberately shut down in a catastrophic blunder, The Times has learnt.",
        ),
        (
            "http://ronaldbradford.com/blog/unbelievable-bureaucratic-incompetence-2006-05-19/",
            "Now practically anybody with any system admin experience knows that an email address cannot contain this characters.",
        ),
        (
            "https://n1accord.wordpress.com/2007/12/11/mad-monday/",
            "At least everything is working correctly at my end\u{2014}\u{2013}now if the other guys would just get on top of it.",
        ),
        (
            "http://blog.rentsysrecovery.com/2014/10/five-disasters-caused-by-human-error.html",
            "In 2008, a Metrolink commuter train engineer caused a wreck considered \"the nation's deadliest rail disaster in 15 years\" when he ran a stop signal in Los Angeles and collided with a freight train.",
        ),
    ];
    assert_all_caught(&env, "real.tsv", &real_rows("blame", real));

    // A capitalised "Daily" names a newspaper, not a routine: the error
    // about one engineer stays an error.
    let ci = eval_tsv(
        &env,
        "reported.tsv",
        &row(
            "blame",
            "rule-breaking",
            "attack",
            "The engineer allegedly failed to follow proper procedure when he switched off the power supply, the Daily Mail reported.",
        ),
    );
    assert_counts(&ci, &[("blaming", 1), ("caught_as_error", 1)]);

    // Real blameless sentences that warned: a truth about people, design
    // that removes error; and a train's engineer (not training engineers).
    let real_ok: &[(&str, &str)] = &[
        (
            "https://reddit.nalc.co/r/webdev/comments/5rd79m/deleted_by_user/dd6yf2s?context=9999",
            "Everyone makes mistakes.",
        ),
        (
            "https://github.com/tektoncd/community/pull/925",
            "We use postmortems to identify opportunities to remove human error from our systems.",
        ),
    ];
    let mut tsv = real_rows("ok", real_ok);
    tsv.push_str(&row(
        "ok",
        "neutral",
        "attack",
        "The train engineer reported the signal fault to dispatch.",
    ));
    assert_all_quiet(&env, "real-ok.tsv", &tsv);

    let quiet = attack_rows(
        "ok",
        "neutral",
        &[
            "The suspension of trading lasted two hours while the exchange restored its matching engine.",
            "Trading halts and a two-day suspension of the API keys were applied automatically by the fraud system.",
            "Legal will be involved in drafting the customer notice.",
            "The migration ran without a backup because the snapshot API was down; the runbook now blocks this.",
            "We want to keep the batch jobs away from the primary database.",
            "The CLI now refuses to run the migration without a backup.",
            "The cache layer was bypassed for admin requests.",
            "A majority of reports indicated that downtime procedures either were not followed or were not in place.",
            "The change was made without a rollback plan because the tool had no rollback for schema changes.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "quiet.tsv", &quiet),
        &[("blameless", 9), ("false_errors", 0)],
    );
}

/// Real sentences (dev split) the evidence model missed for want of a cue:
/// concealment, self-reproach idioms, sanctions named by their effect,
/// corners cut, an act called premature or misguided, a lax standard.
#[test]
fn real_concealment_self_reproach_and_sanctions_are_flagged() {
    let env = TestEnv::new();
    let real: &[(&str, &str)] = &[
        (
            "https://grip.globalrelay.com/?p=2584",
            "Sullivan hid the breach not only from the FTC, but also from Uber management.",
        ),
        (
            "https://forums.theregister.com/forum/all/2020/12/11/on_call/",
            "Another security failure covered up by the board of a company.",
        ),
        (
            "https://lists.archlinux.org/pipermail/arch-dev-public/2008-August/007042.html",
            "I paused for a moment, kicking myself for doing that.",
        ),
        (
            "https://github.com/semantic-release/github/pull/878",
            "I guess it serves me right for not pinning versions.",
        ),
        (
            "https://freerepublic.com/focus/news/3139204/replies?c=3",
            "\u{201c}The submarine\u{2019}s commanding officer was relieved of duty, and the costly mistake also led to changes in the way the submarine force trains, plans for, and executes complex maneuvers.\u{201d}",
        ),
        (
            "http://soylentnews.org/comments.pl?sid=23626&cid=623750",
            "A chief petty officer also faces one possible charge of dereliction of duty.",
        ),
        (
            "https://winenfood.com/a-cryptocurrency-firm-cyber-incident-case-study",
            "They were growing fast, onboarding new staff, and, as we discovered, cutting a few corners on internal security protocols to maintain that growth velocity.",
        ),
        (
            "https://www.rt.com/usa/311007-virgin-spaceship-crash-causes/",
            "The crash of Virgin Galactic's SpaceShipTwo last year was caused when the now-deceased co-pilot prematurely unlocked a vulnerable braking system, federal investigators have confirmed.",
        ),
        (
            "http://storageioblog.com/?p=1518",
            "What do you do when your service provider drops the ball",
        ),
        (
            "https://www.reversinglabs.com/blog/devops-lessons-from-toyota-fail-crash-test-",
            "Toyota stands accused of lax DevOps standards, as the company reveals it stored prod database credentials in a public GitHub repo.",
        ),
    ];
    assert_all_caught(&env, "real.tsv", &real_rows("blame", real));

    // A system that hides, an override that is a feature, a pass that is
    // deserved: no person is reproached.
    let quiet = attack_rows(
        "ok",
        "system",
        &[
            "The SDK surfaced a generic error to the user, which hid the real cause.",
            "The nurse had to use the override feature because the dispensing cabinet was not interfacing with the EMR.",
            "The gas release system can be manually overridden, but the manual override could not be reached.",
        ],
    );
    assert_all_quiet(&env, "quiet.tsv", &quiet);
}

/// Specialists are too many to list: a word ending like one
/// ("oncologist", "paediatrician", "psychiatrist", "radiographer") names a
/// person, so an act judged wrong with one as its actor is evidence of
/// blame, and a factual sentence about one stays quiet. The real sentence
/// ("chasing up the oncologist for writing an incorrect script") is weighed
/// with the oncologist as its actor, but since the word weights count pairs
/// of words (session 29) its score falls just short of a warning; the
/// oncologist who wrote the script is caught by the rule.
#[test]
fn real_specialists_are_people_by_the_ending_of_their_role() {
    let env = TestEnv::new();
    let real = row(
        "blame",
        "real",
        "http://askapharmacist.com.au/2010/01/19/what-is-a-dispensing-mistake-worth/",
        "The family are also chasing up the oncologist for writing an incorrect script.",
    );
    let file = env.dir.path().join("real.tsv");
    std::fs::write(&file, &real).unwrap();
    let file = file.display().to_string();
    let features = env.pm(&["lint", "--eval", &file, "--features"]).ok().stdout;
    assert!(
        features.contains("actor:person") && features.contains("person+wrong"),
        "{features}"
    );
    let tsv = attack_rows(
        "blame",
        "person-as-cause",
        &["The family are chasing up the oncologist who wrote an incorrect script."],
    );
    assert_all_caught(&env, "real.tsv", &tsv);

    let quiet = row(
        "ok",
        "real",
        "https://medicalboardcases.com/searchcases/?_sft_outcome=permanent-loss-of-functional-status-or-organ&sf_paged=3",
        "Gynecologist B telephoned Gynecologist A in the operating room to determine if the patient could be added to the surgical schedule on that day.",
    ) + &attack_rows(
        "ok",
        "factual-actor",
        &["The radiographer repeated the scan after the detector timed out."],
    );
    assert_all_quiet(&env, "quiet.tsv", &quiet);
}

/// Calls for a sanction and sanctions named as nouns are punishment, also
/// after a dash that ends a negated clause ("'Sorry' just won't do — heads
/// must roll"); a connection's termination is not.
#[test]
fn real_calls_for_sanctions_are_punishment() {
    let env = TestEnv::new();
    let real: &[(&str, &str)] = &[
        (
            "http://www.pressreader.com/uk/daily-mail/20180505/282389810108314",
            "\u{2018}Sorry\u{2019} just won\u{2019}t do \u{2014} heads must roll",
        ),
        (
            "http://www.lawsof.com/page/Boeing-Employee-Fired-over-Laptop-Theft.html",
            "Boeing\u{2019}s termination of the employee in question is a very strong response to this problem, which was likely intended to make a statement to other similarly situated employees.",
        ),
        (
            "http://marktrombley.blogspot.com/2011/03",
            "Government agencies that lose control should pay the same huge amount but also require firing of all involved up through and including the president of the country if necessary.",
        ),
        (
            "http://theorangepartyblog.blogspot.com/2008/08/balls-up-balls-must-quit-over-cock-up.html",
            "He should be taught a lesson and quit.",
        ),
    ];
    assert_all_caught(&env, "real.tsv", &real_rows("blame", real));

    let quiet = attack_rows(
        "ok",
        "system",
        &[
            "The termination of the TLS connection moved from the load balancer to the proxy.",
            "The deploy was not the cause -- and the rollback was not needed.",
        ],
    );
    assert_all_quiet(&env, "quiet.tsv", &quiet);
}

/// Batch 29 (dev split): fault laid on a name ("Phillipe's fault") was
/// missed because only role words were known before "'s fault"; a call
/// to jail someone was not punishment. Kept quiet: a blame word being
/// defined, and "fault" as the first word of a technical term.
#[test]
fn real_fault_on_a_name_is_caught_and_definitions_of_blame_words_are_not() {
    let env = TestEnv::new();
    let real: &[(&str, &str)] = &[
        (
            "https://reddit.targetnode.de/r/news/comments/bdimrh/fire_breaks_out_at_notre_dame_cathedral/ekyuw6c/?context=9999",
            "It\u{2019}s Phillipe\u{2019}s fault.",
        ),
        (
            "https://rekabu.ru/post/rekabu.ru/2256536?noVirtualize=true",
            "It's both Microsoft's AND Crowd Strike's fault.",
        ),
        (
            "https://www.pprune.org/rumours-news/print-355094-dc9-tug-crew-depart-aircraft-covered-up-fuselage-damage.html",
            "If this is true, the tug crew should be jailed for knowingly endangering an aircraft :mad:",
        ),
    ];
    assert_all_caught(&env, "real.tsv", &real_rows("blame", real));

    let defined: &[(&str, &str)] = &[
        (
            "https://fromthepenof.com/the-just-culture-investigations/reckless-behaviour-and-just-culture-accountability",
            "Reckless behavior is the conscious disregard of a substantial and unjustifiable risk.",
        ),
        (
            "https://www.chemistanddruggist.co.uk/CD001187/Can-pharmacists-or-pharmacies-be-convicted-of-manslaughter",
            "Manslaughter is the common law name given to unlawful homicides which are not murder.",
        ),
    ];
    assert_all_quiet(&env, "defined.tsv", &real_rows("ok", defined));
    let quiet = attack_rows(
        "ok",
        "system",
        &[
            "The disk's fault counter rose to 12 before the array degraded.",
            "The controller's fault light stayed off during the brownout.",
        ],
    );
    assert_all_quiet(&env, "quiet.tsv", &quiet);
}

/// Batch 30's development sentences (real, with their sources): a slip
/// told with "in error", sanctions in new words ("shown the door",
/// "canned", "removed ... from her flying duties"), "nodded off" at the
/// controls. A belief called mistaken is a warning, not an error; a
/// sanction the writer calls unfair, and "anything but unfit", are not
/// blame.
#[test]
fn real_slips_in_error_and_sanctions_in_new_words_are_caught() {
    let env = TestEnv::new();
    let rail =
        "http://www.railnews.co.uk/news/2011/03/01-fatal-crash-signaller-was-distracted.html";
    let real: &[(&str, &str)] = &[
        (
            rail,
            "The RAIB found that the signaller raised the barriers in error.",
        ),
        (
            "https://forums.theregister.co.uk/forum/all/2017/03/02/aws_s3_crash_result_of_fatfingered_command/",
            "Probably 4 or 5 people shown the door, none of them the one who actually flubbed the command.",
        ),
        (
            "https://www.pprune.org/safety-crm-qa-emergency-response-planning/415657-polish-presidential-flight-crash-thread-75.html",
            "Blasik was recommended to be canned in the aftermath of the CASA disaster.",
        ),
        (
            "http://westchester.news12.com/story/34812964/ntsb-engineers-sleepiness-caused-derailment",
            "The National Transportation Safety Board says a sleep-deprived engineer nodded off while at the controls, causing the fatal Metro-North train derailment last year in Spuyten Duyvil.",
        ),
    ];
    assert_all_caught(&env, "real.tsv", &real_rows("blame", real));

    let unfair: &[(&str, &str)] = &[(
        "https://myceylon.online/?p=66229",
        "Unfortunately, that was not the end of it, as this woman\u{2019}s manager called OP into a meeting, where they were unfairly reprimanded.",
    )];
    assert_all_quiet(&env, "unfair.tsv", &real_rows("ok", unfair));

    // Told of a belief, "mistakenly" is a warning at most; of an act, an
    // error as before; "in error state" is a status.
    let belief = real_rows(
        "ok",
        &[
            (
                rail,
                "As a result he mistakenly believed that the train had already passed, and that it was safe to lift the barriers again.",
            ),
            (
                "https://techecho.bigdataflowing.com/zh/item/41177161",
                "Jeremy has demonstrated that he is anything but unfit.",
            ),
        ],
    );
    assert_counts(
        &eval_tsv(&env, "belief.tsv", &belief),
        &[("blameless", 2), ("false_errors", 0)],
    );
    let status = attack_rows(
        "ok",
        "system",
        &[
            "The pod stayed in error state until the node was drained.",
            "We replied to every ticket with a canned response.",
        ],
    );
    assert_all_quiet(&env, "status.tsv", &status);
    let act = attack_rows(
        "blame",
        "person-as-cause",
        &["The engineer mistakenly deleted the volume."],
    );
    assert_counts(
        &eval_tsv(&env, "act.tsv", &act),
        &[("blaming", 1), ("caught_as_error", 1)],
    );
}

/// Batch 31 (sports officiating, regulators, game operators, mailing
/// lists): sanctions and failings told in words the rules lacked, and
/// blameless sentences that used to fail CI: a reply to the press, the
/// team's own resolve, a mistake "caused by us".
#[test]
fn real_failings_after_the_fact_and_press_replies_in_batch_31() {
    let env = TestEnv::new();
    let blame: &[(&str, &str)] = &[
        (
            "https://allmysportsnews.com/soccer/8-howlers-referees-had-to-apologise-for-after-anthony-taylors-european-error/",
            "English referee Andre Marriner very quickly was forced to apologise after failing to red card the right player in 2014.",
        ),
        (
            "http://meridian-59.blogspot.com/2004/09/official-information-about-moneydupe.html",
            "These people are banned and unwelcome in our game.",
        ),
        (
            "https://www.hemeltoday.co.uk/news/ombudsman-finds-failings-in-way-patients-who-later-died-were-treated-in-hospital-1-7031693",
            "The health ombudsman has ruled that West Herts Hospitals NHS Trust failed two of its patients who then later died.",
        ),
        (
            "https://lists.debian.org/debian-devel/2005/11/msg01278.html",
            "No-one had contacted me, or anyone else affected.",
        ),
        (
            "https://bd.dafanews.com/football/isl-2023-24-its-difficult-to-win-games-when-you-make-mistakes-kerala-blasters-fcs-frank-dauwen-74459.html/amp",
            "We had two individual mistakes, so we don\u{2019}t have points,\u{201d} he stated.",
        ),
    ];
    assert_all_caught(&env, "blame.tsv", &real_rows("blame", blame));

    // Blameless, and never an error: what a team told the press, the
    // team's own resolve, a mistake owned by "us".
    let owned = real_rows(
        "ok",
        &[
            (
                "https://www.thestar.com.my/sport/others/2021/09/17/motor-racing---red-bull-blame-verstappen039s-slow-monza-pitstop-on-fia-change",
                "He did not give a further explanation but the FIA directive, which came into effect in August, aimed to slow pitstops for safety reasons by preventing the use of any automated systems.",
            ),
            (
                "http://lists.osafoundation.org/pipermail/dev/2004-March/001334.html",
                "As we are growing bigger we need to pay more attention to the state of our CVS tree and the builds.",
            ),
            (
                "https://www.careerigniter.com/career-advice/how-to-avoid-getting-blamed-for-your-co-workers-mistake/",
                "Many of us know we should own up to mistakes that are caused by us, but not everyone does.",
            ),
        ],
    );
    assert_counts(
        &eval_tsv(&env, "owned.tsv", &owned),
        &[("blameless", 3), ("false_errors", 0)],
    );

    // Still errors: an omission that is not a reply to the press, a remedy
    // "we" aim at someone else, and a passive "no one was paged" stays
    // quiet (the paging did not do it).
    let still = attack_rows(
        "blame",
        "judging-omission",
        &[
            "The engineer did not disclose the outage to customers.",
            "We will retrain the engineer who ran the script.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "still.tsv", &still),
        &[("blaming", 2), ("caught_as_error", 2)],
    );
    let paging = attack_rows(
        "ok",
        "system",
        &["Notifications were delayed, so no one on the ops team was paged."],
    );
    assert_all_quiet(&env, "paging.tsv", &paging);
}

/// A legal case told in the news (a jury, a lawsuit) is the court's or the
/// press's account: a punishment in it is a warning at most, never a CI
/// failure; a punishment the review announces is still an error.
#[test]
fn punishment_in_a_legal_case_told_is_a_warning_at_most() {
    let env = TestEnv::new();
    let told = real_rows(
        "ok",
        &[
            (
                "https://www.theglobeandmail.com/news/national/three-former-rail-workers-found-not-guilty-in-lac-megantic-disaster-trial/article37668989/",
                "Four-and-a-half years after a runaway train exploded and killed 47 people in the Quebec town of Lac-M\u{e9}gantic, a jury has acquitted three men facing charges of criminal negligence causing death.",
            ),
            (
                "https://slashdot.mozz.us/stories/18/02/03/0233202/?score=4",
                "The fired worker now plans to sue the state of Hawaii for defamation, and possibly also for libel and slander, according to his lawyer, \"because they lied about what happened.\"",
            ),
        ],
    );
    assert_counts(
        &eval_tsv(&env, "told.tsv", &told),
        &[("blameless", 2), ("false_errors", 0)],
    );
    let announced = attack_rows(
        "blame",
        "punishment",
        &["The engineer who pushed the change was fired the next day."],
    );
    assert_counts(
        &eval_tsv(&env, "announced.tsv", &announced),
        &[("blaming", 1), ("caught_as_error", 1)],
    );
}

/// Attack 28 (post-mortems written in new styles): praise for someone's
/// discipline, and program parts named like jobs (a query planner, a job
/// dispatcher, a workflow conductor, a request handler) doing something
/// "mistakenly", failed CI. A person disciplined, or a person's mistake,
/// still does.
#[test]
fn discipline_as_praise_and_program_parts_named_like_jobs_do_not_fail_ci() {
    let env = TestEnv::new();
    let quiet = attack_rows(
        "ok",
        "system",
        &[
            "Ben Adeyemi ran the incident with real discipline: clear roles, one channel, written updates every 30 minutes.",
            "Peter was disciplined about changing one thing at a time.",
            "The Postgres planner mistakenly chose a sequential scan on the orders table.",
            "The job dispatcher mistakenly sent the rebuild jobs to the drained node pool.",
            "The workflow conductor mistakenly requeued each identity-check task.",
            "The request handler mistakenly returned a 200 for the failed write.",
            "Separately, the image inspector wrongly flagged the rebuilt worker image as vulnerable.",
            "The auth auditor wrongly flagged every retried login as suspicious.",
            "The rate guard wrongly blocked the healthy requests from the worker pool.",
            "The query planner mistakenly chose a sequential scan.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "quiet.tsv", &quiet),
        &[("blameless", 10), ("false_errors", 0)],
    );
    let blame = attack_rows(
        "blame",
        "punishment",
        &[
            "The engineer was disciplined for the outage.",
            "The shift supervisor mistakenly acknowledged the alarm and went back to sleep.",
            "The health inspector wrongly cleared the kitchen.",
            "The release manager mistakenly approved the change.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "blame.tsv", &blame),
        &[("blaming", 4), ("caught_as_error", 4)],
    );
}

/// Attack 28: remedies and sanctions in plain office wording (a person
/// moved off the rotation, several people's performance reviews, a
/// certification to retake, "we expect better from"), while programs
/// named like people ("the agents need to read the config") stay quiet.
#[test]
fn remedies_in_office_wording_are_caught() {
    let env = TestEnv::new();
    let blame = attack_rows(
        "blame",
        "remediation-at-people",
        &[
            "Megan to be moved off the primary on-call rotation until further notice.",
            "Add this incident to Tyler's and Megan's performance reviews.",
            "Have the agent retake the helpdesk certification before returning to the queue.",
            "Going forward, support agents need to slow down and read what they click.",
            "We expect better than this from a senior engineer.",
        ],
    );
    assert_all_caught(&env, "blame.tsv", &blame);
    let quiet = attack_rows(
        "ok",
        "system",
        &[
            "The node was moved off the rotation after the disk failed.",
            "The on-call was moved off the rotation to rest after a 20-hour shift.",
            "The agents need to read the config from the new path.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "quiet.tsv", &quiet),
        &[("blameless", 3), ("false_errors", 0)],
    );
}

/// patt27 D21: SARIF names a file by the bytes of its name, percent-encoded
/// (RFC 3986): a name that is not UTF-8, which the other formats show as
/// `caf\xe9.yaml`, is `caf%E9.yaml`, not the encoding of that text
/// (`caf%5Cxe9.yaml`, a file that does not exist).
#[test]
fn sarif_uris_are_the_percent_encoded_bytes_of_the_file_name() {
    use std::ffi::OsStr;
    use std::os::unix::ffi::OsStrExt;
    let env = TestEnv::new();
    let id = env.new_pm("Base", "2026-11-26T09:00:00Z");
    let text = env.read(&env.file_of(&id));
    std::fs::write(
        env.path("postmortems/2026")
            .join(OsStr::from_bytes(b"caf\xe9.yaml")),
        &text,
    )
    .unwrap();
    let human = env.pm(&["lint"]).code(1).stdout;
    assert!(human.contains("caf\\xe9.yaml"), "{human}");
    let sarif = env.pm(&["lint", "--format", "sarif"]).code(1);
    let doc = sarif.json();
    let uris: std::collections::BTreeSet<&str> = doc["runs"][0]["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            r["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
                .as_str()
                .unwrap()
        })
        .collect();
    assert!(uris.contains("postmortems/2026/caf%E9.yaml"), "{uris:?}");
    assert!(!uris.iter().any(|u| u.contains("%5C")), "{uris:?}");
    assert_sarif_valid(&doc, &sarif.stdout);
    // The file given by its path is named the same way.
    let mut cmd = env.pm_cmd(&["lint", "--format", "sarif"]);
    cmd.arg(std::path::Path::new("postmortems/2026").join(OsStr::from_bytes(b"caf\xe9.yaml")));
    let run = env
        .run_cmd(cmd, None, &["lint", "--format", "sarif", "caf\\xe9.yaml"])
        .code(1);
    assert!(
        run.stdout
            .contains("\"uri\": \"postmortems/2026/caf%E9.yaml\""),
        "{}",
        run.stdout
    );
    assert!(!run.stdout.contains("%5Cx"), "{}", run.stdout);
}

/// patt27 D9: a lowercase action id (`a3`) is one pm's commands read, as
/// A3: lint says so, and asks the schema's spelling. Ids without a number
/// are each offered a free id of their own, so following every suggestion
/// makes no two items share one.
#[test]
fn lint_tells_true_of_hand_written_action_ids_and_suggests_distinct_ones() {
    let env = TestEnv::new();
    let id = env.new_pm("Due test", "2026-11-20T09:00:00Z");
    let file = env.file_of(&id);
    let items: String = ["foo", "A 2", "a3", "bar"]
        .iter()
        .enumerate()
        .map(|(n, i)| {
            format!("  - id: \"{i}\"\n    title: t{n}\n    owner: ops\n    due: 2026-11-25\n    status: open\n")
        })
        .collect();
    let text = env
        .read(&file)
        .replace("action_items: []\n", &format!("action_items:\n{items}"));
    env.write(&file, &text);
    env.git(&["commit", "-qam", "by hand"]);
    let lint = env.pm(&["lint", &id]).code(1).stdout;
    let said: Vec<&str> = lint
        .lines()
        .filter(|l| l.contains("action item id"))
        .collect();
    assert_eq!(
        said,
        [
            "error[invalid-value]: action item id `foo` is not A and a number, so no pm command can address it; write `id: A4`",
            "error[invalid-value]: action item id `A 2` is not A and a number, so no pm command can address it; write `id: A5`",
            "error[invalid-value]: action item id `a3` is not written as the schema writes ids, a capital A and a number: pm reads it as A3, but tools that check the schema do not; write `id: A3`",
            "error[invalid-value]: action item id `bar` is not A and a number, so no pm command can address it; write `id: A6`",
        ],
        "{lint}"
    );
    // What lint says of `a3` is so: the commands take it.
    env.pm(&["action", "done", &format!("{id}#a3")])
        .ok()
        .stdout_has("#A3 done");
    // Following every suggestion leaves ids lint takes, all different.
    let fixed = env
        .read(&file)
        .replace("id: \"foo\"", "id: A4")
        .replace("id: \"A 2\"", "id: A5")
        .replace("id: \"a3\"", "id: A3")
        .replace("id: \"bar\"", "id: A6");
    env.write(&file, &fixed);
    let lint = env.pm(&["lint", &id]).stdout;
    assert!(!lint.contains("action item id"), "{lint}");
    assert!(!lint.contains("duplicate-action-id"), "{lint}");
}

/// Attack 29: what alerts "fire", what a screen or a ticket shows in
/// quotes, blame words discussed, and the team's own act after "and" do
/// not fail CI; the label with a bracket after it, sanctions written as
/// action items, "could easily have", a warning heard and overridden are
/// caught.
#[test]
fn alerts_that_fire_and_screens_quoted_do_not_fail_ci_attack_29() {
    let env = TestEnv::new();
    let quiet = attack_rows(
        "ok",
        "system",
        &[
            "A disk-usage page that fired during the Friday on-call handoff was acknowledged but not worked; the indexer stopped at 100% disk six hours later.",
            "The alarm fired before the nurse reached the ward.",
            "The alert fired just as the on-call engineer went offline.",
            "On-call sees \"You are not authorized to assume role prod-breakglass\"",
            "The console showed \"You are not authorized to perform this operation\".",
            "The linter printed \"warning: the author forgot to close the file handle\" for generated code.",
            "The ticket title was \"Careless deploy broke checkout\", and we renamed it.",
            "We avoid words like sloppy and careless in our reviews.",
            "We let a service opt out of the slow-query report and forgot it had.",
            "We moved the job to the new cluster and forgot to update the cron.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "quiet.tsv", &quiet),
        &[("blameless", 10), ("false_errors", 0)],
    );
    // Not even a warning: git blame, and "clearly" saying how something
    // was said.
    let plain = attack_rows(
        "ok",
        "technical",
        &[
            "git blame on the DAG shows the parameter rename landed in April with the README untouched",
            "The on-call owned the revert immediately and explained the change clearly.",
            "The runbook states clearly which flag to use.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "plain.tsv", &plain),
        &[("blameless", 3), ("false_errors", 0), ("false_warnings", 0)],
    );
    let errors = attack_rows(
        "blame",
        "punishment",
        &[
            "Root cause: human error (config typo).",
            "Cause: operator error (wrong flag).",
            "Per JIRA OPS-2291, root cause: engineer error (TTL change not reviewed by platform).",
            "Dock the operator's quarterly bonus",
            "Terminate the contractor's engagement",
            "Have a word with the SRE who ran the script",
            "Discuss the consequences with the night operator in a personal talk with the manager",
            "Make the developer re-take the secure coding course",
            "The engineer responsible was fired the next day.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "errors.tsv", &errors),
        &[("blaming", 9), ("caught_as_error", 9)],
    );
    let warned = attack_rows(
        "blame",
        "hindsight",
        &[
            "In hindsight, the on-call could easily have spotted the growing queue.",
            "Raj was told twice in review that the migration was unsafe and still went ahead.",
            "The whole thing reeks of complacency.",
        ],
    );
    assert_all_caught(&env, "warned.tsv", &warned);
}

/// Batches 33 and 34 (real sentences, dev split): a person's act given as
/// the reason ("due to the nurse misreading"), a dismissal told past a
/// relative clause, a licence to be revoked, a practice made cause for
/// firing; and harm suffered ("unwittingly became the victim"), recorders
/// of what a crew does and an abbreviation after "human element" are not
/// CI failures.
#[test]
fn real_reasons_and_dismissals_in_batches_33_and_34() {
    let env = TestEnv::new();
    let blame: &[(&str, &str)] = &[
        (
            "https://cert.bournemouth.ac.uk/florida-city-fires-it-employee-after-paying-ransom-demand-last-week/",
            "The employee, whose name was not released, was fired on Friday, according to local media reports [12], who cited the Lake City mayor.",
        ),
        (
            "https://www.assistocare.com/citation/1544750",
            "The error was due to the nurse misreading the insulin order, confusing the medication strength (100 units/ml) with the dose to be given.",
        ),
        (
            "http://mosheschwartzberg.com/blog/backend-code-horror/",
            "The previous developer should honestly have their programming license revoked.",
        ),
        (
            "http://www.mommyincolor.com/the-role-of-texting-in-bus-accidents/",
            "Many bus companies are now taking a hard line against drivers who text, making the practice cause for automatic firing, and alert passengers concerned for their own safety have begun reporting these incidents.",
        ),
    ];
    assert_all_caught(&env, "blame.tsv", &real_rows("blame", blame));
    let ok: &[(&str, &str)] = &[
        (
            "https://ramsac.com/case-studies/charity-utilises-mfa-following-a-cybersecurity-breach-case-study",
            "Our helpdesk received a call from a user who was working for one of our charity clients, when they unwittingly became the victim of a cybersecurity breach while at work.",
        ),
        (
            "http://dev.rtands.com/index.php/safety-training/ntsb-cites-fatigue-in-roswell-nm-accident.html",
            "The NTSB's report reiterates three recommendations to the FRA including one requiring the installation of technology to warn trains of incorrectly lined main track switches and two addressing the installation of recorders to capture the actions of the crew.",
        ),
        (
            "https://maritime-mutual.com/risk-bulletins/mobile-phones-the-human-element-and-fatal-distraction-casualties-awareness-and-loss-prevention-update",
            "The Human Element (HE) issue and its associated hazards are complex.",
        ),
    ];
    assert_counts(
        &eval_tsv(&env, "ok.tsv", &real_rows("ok", ok)),
        &[("blameless", 3), ("false_errors", 0)],
    );
}

/// Attack 29: blame in polite or office wording, kept against a team or a
/// vendor, caught at least as a warning; a decision not to fail over is
/// not advice aimed at people.
#[test]
fn polite_and_record_keeping_blame_is_caught_attack_29() {
    let env = TestEnv::new();
    let blame = attack_rows(
        "blame",
        "character",
        &[
            "The rotation was performed without the required care by the operator on duty.",
            "It was noticed that the plan had been approved without being read.",
            "While we appreciate the initiative, it would have been wiser for the administrator to wait until after the exam period.",
            "Analysts are too trigger-happy with production DAGs.",
            "Some engineers on the migration were too junior to be trusted with cluster config.",
            "The platform team has a habit of leaving temporary hacks in place forever.",
            "The Learning Technology Team seems not to understand what exam week means for students.",
            "Textwave let us down again.",
            "Installing updates the night before exams was always going to end badly.",
            "The outgoing on-call was clearly checked out for the weekend.",
            "This is the second time this year that Dmitri has leaked a credential.",
            "The DBA team refused to help.",
            "Who approved this?",
            "The author of the migration ought to have known that.",
        ],
    );
    assert_all_caught(&env, "blame.tsv", &blame);
    let quiet = attack_rows(
        "ok",
        "system",
        &[
            "Decision: do not fail over to the secondary provider because its sender ID is not registered in three countries.",
            "The server refused to start after the upgrade.",
            "The disk has a history of SMART warnings.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "quiet.tsv", &quiet),
        &[("blameless", 3), ("false_errors", 0), ("false_warnings", 0)],
    );
}

/// Real sentences (dev split): a slip only an agent makes, told of an
/// organisation, is the organisation-as-actor warning; so is a lesson not
/// learned. The same adverb told of a program stays quiet.
#[test]
fn an_organisation_slipping_or_not_learning_is_a_warning() {
    let env = TestEnv::new();
    let blame: &[(&str, &str)] = &[
        (
            "https://www.gizmodo.co.uk/2012/05/t-mobile-balls-up-leaks-customer-emails-to-1099-new-friends/",
            "T-Mobile inadvertently provided 1,099 customers with a whole bunch of new friends by emailing customers' email addresses to each other.",
        ),
        (
            "https://www.slashgear.com/1012230/staff-laughed-but-this-uber-hack-is-serious/",
            "Unfortunately, despite this much-publicized incident, Uber doesn't appear to have learned from its mistakes.",
        ),
    ];
    assert_all_caught(&env, "blame.tsv", &real_rows("blame", blame));
    // Never an error. Since the word weights count pairs of words (session
    // 29) the evidence model no longer warns on it either ("the vendor"
    // weighs against blame on the corpus); a rule for an organisation's
    // mishap ("accidentally", "mistakenly") read systems as organisations
    // ("a maintenance script at Atlassian mistakenly deleted") and was not
    // kept.
    let report = eval_tsv(
        &env,
        "vendor.tsv",
        &attack_rows(
            "blame",
            "organisation",
            &["The vendor accidentally wiped the backups."],
        ),
    );
    assert_counts(&report, &[("caught_as_error", 0)]);
    let quiet = attack_rows(
        "ok",
        "system",
        &[
            "The load balancer mistakenly routed traffic to the drained pool.",
            "The deploy script accidentally wiped the staging bucket.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "quiet.tsv", &quiet),
        &[("blameless", 2), ("false_errors", 0), ("false_warnings", 0)],
    );
}

/// Attack 30: in the timeline, where names belong and the name finding is
/// dropped, a responder named by name who ignored or skipped something is
/// still weighed as blame (it was silent: the name finding used to stop the
/// sentence from being weighed); what responders did is not.
#[test]
fn a_responder_named_in_the_timeline_is_still_weighed_attack_30() {
    let env = TestEnv::new();
    env.write(
        "postmortems/2026/2026-04-18-pos.yaml",
        "pm: 1\nid: 2026-04-18-pos\ntitle: Card terminals offline\nstatus: draft\nseverity: SEV2\ndate: 2026-04-18\nresponders: [Oliver Kent, Priya Raman]\ntimeline:\n  - at: 2026-04-18T10:00:00Z\n    text: Oliver ignored three expiry reminder emails in March.\n  - at: 2026-04-18T10:05:00Z\n    text: Priya skipped the pre-flight checks.\n  - at: 2026-04-18T10:10:00Z\n    text: Oliver restarted the payment gateway.\n  - at: 2026-04-18T10:15:00Z\n    text: Priya paged the database team.\n",
    );
    let run = env.pm(&["lint", "--format", "json"]);
    let lines: Vec<(u64, &str, &str)> = run
        .json()
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["line"].as_u64().is_some_and(|l| l >= 10))
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["rule"].as_str().unwrap().to_string().leak() as &str,
                f["severity"].as_str().unwrap().to_string().leak() as &str,
            )
        })
        .collect();
    assert_eq!(
        lines,
        [
            (10, "blame-evidence", "warning"),
            (12, "blame-evidence", "warning"),
        ],
        "{}",
        run.stdout
    );
}

/// Attack 30: program parts and practices named with people's words do not
/// fail CI (a Kafka producer, a Kubernetes operator's error, a disciplined
/// rollout, SRE as a discipline); a sanction keeps its own rule's name.
#[test]
fn producers_operators_and_disciplines_of_programs_do_not_fail_ci_attack_30() {
    let env = TestEnv::new();
    let quiet = attack_rows(
        "ok",
        "system",
        &[
            "The producer should have required acknowledgement from all in-sync replicas, but it was configured with acks=1, a setting chosen in 2019 for latency.",
            "The cert-manager operator error was a nil pointer dereference in the webhook.",
            "The Strimzi operator error caused the broker pods to restart in a loop.",
            "We use a disciplined rollout: 1%, 10%, 50%, 100%.",
            "SRE is a discipline that treats operations as a software problem.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "quiet.tsv", &quiet),
        &[("blameless", 5), ("false_errors", 0)],
    );
    let blame = attack_rows(
        "blame",
        "punishment",
        &[
            "The outage was caused by operator error.",
            "The show's producer should have checked the feed before going live.",
            "The engineer was disciplined for the outage.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "blame.tsv", &blame),
        &[("blaming", 3), ("caught_as_error", 3)],
    );
    let report = eval_tsv(
        &env,
        "rule.tsv",
        &attack_rows(
            "blame",
            "punishment",
            &["The engineer was disciplined for the outage."],
        ),
    );
    assert_eq!(report["rules"]["punishment"]["fired"], 1, "{report:#}");
}

/// Attack 30: "we" or "I" before what they think or found, or acted on by
/// someone, is not the team owning its part: the judgement of the other
/// person stays an error. Our own slips stay warnings.
#[test]
fn what_we_think_of_someone_is_not_our_own_slip_attack_30() {
    let env = TestEnv::new();
    let errors = attack_rows(
        "blame",
        "character",
        &[
            "We think the engineer was negligent.",
            "We were let down by a careless engineer.",
            "I think the engineer was negligent.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "errors.tsv", &errors),
        &[("blaming", 3), ("caught_as_error", 3)],
    );
    let owned = attack_rows(
        "blame",
        "self-blame",
        &[
            "We forgot to renew the certificate.",
            "We think we forgot to renew the certificate.",
            "I think I forgot to renew the certificate.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "owned.tsv", &owned),
        &[("blaming", 3), ("caught", 3), ("caught_as_error", 0)],
    );
}

/// Attack 30: ITIL and office wording, and action items aimed at someone:
/// non-compliance by the engineer, a conduct review, parting ways, a note
/// in someone's review, one-to-ones about attention to detail, pairing
/// someone with a senior engineer, an apology to write.
#[test]
fn itil_wording_and_action_items_aimed_at_someone_are_caught_attack_30() {
    let env = TestEnv::new();
    let errors = attack_rows(
        "blame",
        "punishment",
        &[
            "It has been noted that the Change Implementer did not follow the approved implementation plan.",
            "Supplier's engineer was uncooperative and refused to share the config until escalated",
            "The root cause has been identified as a procedural non-compliance by the implementing engineer.",
            "The Network Team chose to ignore the CAB advisory issued in November.",
            "The individual concerned has been referred to their line manager for a conduct review.",
            "Send the contractor a formal complaint and ban them from future tenders",
            "Remove certificate ownership from Oliver and note this in his review",
            "We have parted ways with the contractor responsible.",
            "The engineer was not exactly careful.",
            "We have reminded the engineer involved of the procedure.",
            "Ask the on-call engineer to write an apology to the affected customers",
            "Have the engineer involved present the incident at the all-hands",
            "Pair Dana with a senior engineer for all production changes",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "errors.tsv", &errors),
        &[("blaming", 13), ("caught_as_error", 13)],
    );
    let warned = attack_rows(
        "blame",
        "people-remedy",
        &[
            "Remind Revenues officers of their duty to check the shared mailbox daily",
            "The data team keeps running heavy queries in the billing window even though they've been told not to.",
            "Apparently reading the runbook's warning section is optional now.",
            "Hold one-to-ones with the on-call engineers about attention to detail",
            "Sales management turned a blind eye to people exporting data, which created this culture.",
            "Require operators to attest quarterly that they have re-read the submission procedure",
            "The change was pushed by an engineer who had been warned twice.",
            "A more experienced engineer would not have made this change.",
        ],
    );
    assert_all_caught(&env, "warned.tsv", &warned);
    let quiet = attack_rows(
        "ok",
        "neutral",
        &[
            "The Spanish coach went on to term the defeat the worst he has suffered.",
            "This tradition reminds the team of the importance of writing things down.",
            "Pair the canary with a synthetic check for all production changes.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "quiet.tsv", &quiet),
        &[("blameless", 3), ("false_errors", 0)],
    );
}

/// Batches 35 and 36, real sentences: an organisation named by its name
/// that "failed to install" or "failed to recommend" is an organisation
/// judged like a person (a warning), as "Acme did not retest" was; a
/// trust that "refused to confirm" what the press asked is no comment.
#[test]
fn organisations_named_by_name_failing_to_act_are_caught_in_batches_35_and_36() {
    let env = TestEnv::new();
    let blame: &[(&str, &str)] = &[
        (
            "https://webarchive.library.unt.edu/web/20121017092113/http://www.nrc.gov/about-nrc/regulatory/enforcement/current/reactor-actions/2012.html",
            "Specifically, although required by a work order, Wolf Creek failed to install insulating sleeves on two splices associated with a startup transformer protective relay circuit.",
        ),
        (
            "http://ufcwaction.org/tag/csb",
            "The CSB failed to recommend changes in fire codes that would restrict the practice of purging gas piping and set criteria for performing it safely.",
        ),
        (
            "https://www.smslegal.com/federal-report-blames-bp-transocean-halliburton-for-rig-explosion/",
            "BP and Halliburton failed to complete the cementing properly",
        ),
    ];
    assert_all_caught(&env, "blame.tsv", &real_rows("blame", blame));
    let ok: &[(&str, &str)] = &[(
        "https://www.thecomet.net/news/lister-hospital-trust-operates-on-wrong-part-of-patient-s-5284164",
        "But the Trust has refused to confirm where on the body the unnecessary surgery took place, stating that this information might identify the patient.",
    )];
    assert_counts(
        &eval_tsv(&env, "ok.tsv", &real_rows("ok", ok)),
        &[("blameless", 1), ("false_errors", 0), ("false_warnings", 0)],
    );
}

/// Real sentences of just-culture writing (dev split): the algorithm told
/// ("reckless behavior calls for ...") and the criminalisation of error
/// discussed are writing about blame, not blame, and fail no CI; the same
/// words said of someone still do.
#[test]
fn the_just_culture_algorithm_told_is_discussion_not_blame() {
    let env = TestEnv::new();
    let ok: &[(&str, &str)] = &[
        (
            "https://www.improvementflow.com/improvement-methods/just-culture",
            "Human error calls for consoling the individual and fixing the system that made the error possible.",
        ),
        (
            "https://www.improvementflow.com/improvement-methods/just-culture",
            "Reckless behavior calls for accountability through disciplinary action.",
        ),
        (
            "https://humanfactors101.com/2022/05/08/is-human-error-a-crime/",
            "On first hearing about this case involving a medication error, I envisaged writing a short article on the criminalisation of human error.",
        ),
    ];
    assert_counts(
        &eval_tsv(&env, "ok.tsv", &real_rows("ok", ok)),
        &[("blameless", 3), ("false_errors", 0), ("false_warnings", 0)],
    );
    let report = eval_tsv(
        &env,
        "blame.tsv",
        &attack_rows(
            "blame",
            "character",
            &["The nurse's reckless behavior calls for her dismissal."],
        ),
    );
    assert_counts(&report, &[("caught", 1), ("caught_as_error", 1)]);
}

/// Real sentences (dev split) that report someone else's blame: what
/// follows "blamed ... on" or "blamed driver error" is the speaker's
/// account, told by the writer, so it warns (it is still blame to look
/// at) and does not fail CI; the same blame said by the review still does.
#[test]
fn blame_reported_from_someone_else_warns_and_does_not_fail_ci() {
    let env = TestEnv::new();
    let reported: &[(&str, &str)] = &[
        (
            "https://stg.abafinder.fws.us/what-caused-toyota-acceleration-problem.html",
            "Toyota has blamed driver error, faulty floor mats and sticky accelerator pedals for the unintended acceleration.",
        ),
        (
            "https://pod.casts.io/podcasts/linux-security-podcast/episodes/what-the-equifax-hack-tells-us-about-cybersecurity-today-linux-security-podcast-ep-6",
            "Surprisingly, the Equifax CEO blamed the entire incident on a single engineer failing to patch a known vulnerability in Apache Struts.",
        ),
    ];
    assert_counts(
        &eval_tsv(&env, "reported.tsv", &real_rows("ok", reported)),
        &[("blameless", 2), ("false_errors", 0), ("false_warnings", 2)],
    );
    let own = attack_rows(
        "blame",
        "human-error",
        &["The outage was caused by a single engineer failing to patch the server."],
    );
    assert_counts(
        &eval_tsv(&env, "own.tsv", &own),
        &[("caught", 1), ("caught_as_error", 1)],
    );
}

/// Real sentences from batch 37's round (dev split) that no rule caught:
/// an organisation judged through a possessive ("ERCOT's failure to
/// prepare") or failing the people it serves, "no excuse", rule-breaking
/// named as a noun, character words said of people, a fault noun "by"
/// the crew, an error committed, the writer's elided "forgot" and "that's
/// on me". The same words about a situation or a thing stay quiet.
#[test]
fn judgements_found_in_batch_37s_round_are_caught_and_situations_stay_quiet() {
    let env = TestEnv::new();
    let blame: &[(&str, &str)] = &[
        (
            "https://ibtimes.com/board-members-texas-electric-grid-operator-resign-after-power-outages-3151822",
            "The resignations come as the outrage over ERCOT's failure to prepare for the severe cold grows and residents in Texas grapple with the aftermath of power outages.",
        ),
        (
            "https://news.yahoo.com/special-texas-house-investigative-committee-194240039.html",
            "Law enforcement failed the students.”",
        ),
        (
            "https://www.davis-davislaw.com/blog/lawsuit-claims-failure-to-diagnose-cancer-resulted-in-death/",
            "But there is little excuse in the 21st century for missing a cancer diagnosis.",
        ),
        (
            "https://www.ocala.com/story/news/2004/04/06/report-disregard-for-rules-caused-blackout/31302964007/",
            "Report: Disregard for rules caused blackout",
        ),
        (
            "https://www.technewsday.com/2024/07/23/45968/",
            "Additionally, the lack of adherence to internal procedures and inadequate testing before implementation were significant factors in the failure.",
        ),
        (
            "https://theblendynews.com/rue-refuses-to-resign-as-optus-unveils-triple-zero-overhaul",
            "The submission reveals Nokia contractors used an outdated procedure document and incorrectly rated the change as “zero risk”, bypassing crucial engineering reviews.",
        ),
        (
            "http://forums.thedailywtf.com/forums/p/27209/314948.aspx",
            "Since the DBAs had proven that they could not be trusted, management decided that the developers should make the change (since they had done it in assorted development environments).",
        ),
        (
            "https://www.govtech.com/security/dallas-terminates-worker-who-deleted-22-5-tb-of-police-data",
            "The worker had been employed for nine years and showed a history of errors.",
        ),
        (
            "https://allthingsnuclear.org/dlochbaum/fission-stories-9-nuclear-narcolepsy/",
            "Sleeping while on duty in the control room demonstrates a total disregard for performing licensed duties and a lack of appreciation for what those duties entail.",
        ),
        (
            "https://studmed.ru/view/kristiansen-svein-maritime-transportation-safety-management-and-risk-analysis_59f195cdaa0.html?page=39",
            "Secondly, the bow doors were still open at the departure due to a series of failures by the crew.",
        ),
        (
            "https://www.maxim.com/maxim-man/deutsche-bank-error-6-billion-2015-11/",
            "The bank isn’t commenting on the incident and has declined to name the staff member who committed the error, but there’s no evidence that actual finger size played a role.",
        ),
        (
            "https://fluoridealert.org/news/chapel-hill-human-error-caused-owasa-fluoride-overdose-owasa-very-sorry-about-that/",
            "A lead operator at the plant noticed the extra high levels “but did not take corrective action, leading to the issue not being resolved until after 2:40 p.m.”",
        ),
        (
            "https://github.com/iXyles/fortnite-basic-api/issues/8",
            "Build is currently broken, forgot to resolve some issues before publishing.",
        ),
        (
            "https://github.com/nunocoracao/blowfish/issues/3011",
            "That's on me.",
        ),
        (
            "https://libreddit.rafn.is/r/sysadmin/comments/1eetgcy/microsoft_explains_the_root_cause_behind/lfr05rp/?context=3",
            "And the devs completely suck for not validating the config file at all.",
        ),
    ];
    assert_all_caught(&env, "blame.tsv", &real_rows("blame", blame));
    let ok: &[(&str, &str)] = &[
        (
            "http://www.plumbersurplus.com/blog/post/2009/08/14/When-eCommerce-Payment-Processore28099s-Fail-A-Shift-in-Philosophy.aspx",
            "I could be writing a blog post about how much it sucks that Authorize.net even went down, given that it was only one data center scorched.",
        ),
        (
            "https://www.healthcareitnews.com/news/rns-want-investigation-emr-failure",
            "Nurses at a California hospital are asking state officials to investigate the failure of the hospital's electronic medical record system, an incident they said led to the closure of its emergency room and compromised patient safety.",
        ),
    ];
    assert_counts(
        &eval_tsv(&env, "ok.tsv", &real_rows("ok", ok)),
        &[("blameless", 2), ("false_errors", 0), ("false_warnings", 0)],
    );
}

/// Kinds found in the dev split's misses after batches 38 and 39 (real
/// sentences, with their sources): rule-breaking in the language of
/// reports, a clause whose doer is unnamed, duties left undone by roles the
/// lexicon did not know, fines, sleeping on duty, self-blame told as an
/// apology, a "preventable human error" (once read as design for people's
/// errors), an inverted condition inside a sentence; and an organisation's
/// own system that erred stays quiet.
#[test]
fn judgements_found_in_batch_38s_round_are_caught_and_situations_stay_quiet() {
    let env = TestEnv::new();
    let blame: &[(&str, &str)] = &[
        (
            "https://london24-7.uk/n/train-passed-red-signal-before-fatal-crash-safety-investigation-2wJ7",
            "The report indicates that the train passed red signal in violation of standard safety procedures, creating the conditions for the subsequent collision.",
        ),
        (
            "https://fishingnews.co.uk/news/fatigue-led-to-loss-of-sustain",
            "The MAIB investigation concluded that the sole cause of the grounding was the skipper falling asleep while on watch.",
        ),
        (
            "https://www.illinoisinjurylawyerblog.com/crane_company_to_be_fined_over_safety_violations_after_four_worker_deaths/",
            "The U.S. government wishes to fine a crane company over a construction accident that wrongfully killed four workers.",
        ),
        (
            "https://github.com/codecombat/codecombat/pull/2909",
            "I apologize for not running the tests after I committed my changes.",
        ),
        (
            "https://allnurses.com/med-error-nursing-school-t369471/",
            "How could I not think to look at the old MAR to see if she got her synthroid?",
        ),
        (
            "https://staylive.nz/Site/staylive/safety-alerts/Latest-alerts/2017-05-31-violation-of-access-permit-policy.aspx",
            "The events described herein were in violation of Access Permit policy which does not allow use of Work Authority on equipment within an AP boundary.",
        ),
        (
            "https://boards.straightdope.com/t/emt-medical-dopers-is-this-extended-questioning-by-a-911-dispatcher-normal-in-a-critical-emergency/753577",
            "The call taker did not ask the call back number.",
        ),
        (
            "http://privacyguidance.com/blog/domain-name-maintenance-and-customer-service-lessons/",
            "3) The registrar did not try to process the card to determine if it really was expired.",
        ),
        (
            "https://community.cartalk.com/t/toyota-vehicle-caused-unintended-acceleration-really-occurred/84254",
            "Toyota is still liable for the mechanical issue.",
        ),
        (
            "https://github.com/Knowledge-Graph-Hub/kg-microbe/pull/754",
            "Revert #751 — merged with --admin, bypassing required review",
        ),
        (
            "https://www.biopticcoder.com/the-worst-day-of-my-career/",
            "The cleanup script I ran nonchalantly the night before had wiped out the live database.",
        ),
        (
            "https://cryptopatel.com/auditor-flagged-issue-before-2-59m-nemo-hack",
            "Instead, the unaudited code was pushed live by a single developer signature, sidestepping both disclosure requirements and the recommended deployment procedure.",
        ),
        (
            "https://www.safetynewsalert.com/pressure-on-production-factored-into-fatal-explosion/",
            "A principle cause of the explosion was the intentional overriding of a safety interlock system.",
        ),
        (
            "https://www.pharmacyerrorinjurylawyer.com/page/9",
            "One pharmacy chain, in particular, received a $427,000 fine after an investigation found that basic protocols were not being followed.",
        ),
        (
            "https://dismissalsrus.com.au/bank-manager-sacked/",
            "He also described her failings as so significant that he lost trust and confidence in her ability.",
        ),
        (
            "https://www.foryourprotection.com/florida_doctor_fined_5000_for_wrong-site_surgery/",
            "A Florida doctor is facing a $5,000 fine for removing the wrong organ from a patient.",
        ),
        (
            "http://djysrv.blogspot.com/2008/04/nrc-fines-fpl-over-sleeping-guards.html",
            "Included in these multiple examples is an incident that occurred on April 6, 2006, in which a security officer was observed by an NRC inspector to be sleeping while on duty.",
        ),
        (
            "https://r.genit.al/r/sonos/comments/1j6djfk/and_so_it_begins/mgpgu6m/?context=3",
            "I’m not a fan of class action suits either, but they effed this up in a way that is hard to understand.",
        ),
        (
            "https://blog.instor.com/british-airways-data-center-outage-mistake",
            "It’s one thing to experience downtime, but quite another when the downtime is caused by a completely preventable human error.",
        ),
        (
            "https://www.networkcomputing.com/network-infrastructure/network-downtime-the-costly-fallout",
            "Survey of IT pros shows that human-induced network outages resulted in lost revenue and job losses.",
        ),
        (
            "https://recaptcha-demo-service-low.global.ssl.fastly.net/item?id=36077705",
            "Most unintended acceleration events are user error across all vehicles.",
        ),
        (
            "https://123helpme.com/essay/Three-Mile-Island-Research-Paper-5A700FC15A452378",
            "Reports of the disaster showed that had the operators kept the emergency cooling systems on, this accident would’ve just been an insignificant incident.",
        ),
        (
            "https://www.scubaboard.com/community/goto/post?id=9025076",
            "The critical take away for instructors and divers in this and the majority of incidents is that it probably would have been avoided if the diver had correctly employed a pre-dive checklist.",
        ),
        (
            "https://www.theatlantic.com/politics/archive/2015/03/verizon-hit-with-34-million-fine-for-not-reporting-911-outage/458556/",
            "Verizon was also fined for the oversight.",
        ),
        (
            "http://ec2-3-131-244-37.us-east-2.compute.amazonaws.com:9999/user/milkboxshow",
            "The entire news org should honestly be restructured and whomever was responsible for setting and overseeing editorial process and integrity should be dismissed.",
        ),
        (
            "https://mailman.jlab.org/pipermail/lessonslearned/attachments/20150513/84f4d79d/attachment.html",
            "It is imperative that each employee review the hazards associated with their work area before beginning their work.",
        ),
        (
            "https://performanceoutdoors.net/threads/be-a-look-out-and-a-voice.10815",
            "And I had uncharacteristically let my guard down.",
        ),
        (
            "https://www.inquirer.com/philly/news/20160518_NTSB__Amtrak_crash_went__from_distraction_to_disaster__in_seconds.html",
            "\"The government and industry have not acted for decades on a well-known safety hazard,\" said Bella Dinh-Zarr, the NTSB's vice chair.",
        ),
        (
            "https://pukstaging.politics.co.uk/?p=58556",
            "“Once again vulnerable people have been let down by the DWP and its computer chaos.",
        ),
        (
            "https://www.waaytv.com/content/video/558368412.html?ref=412",
            "we have now learned the driver of that charter bus was on her phone when the crash happened.",
        ),
    ];
    assert_all_caught(&env, "blame.tsv", &real_rows("blame", blame));
    let ok: &[(&str, &str)] = &[(
        "https://wealthyandpoor.com/?p=1522",
        "According to the EFCC statement, First Bank notified the commission that its internal systems had erroneously credited a customer’s account due to a glitch.",
    )];
    assert_counts(
        &eval_tsv(&env, "ok.tsv", &real_rows("ok", ok)),
        &[("blameless", 1), ("false_errors", 0), ("false_warnings", 0)],
    );
}

/// Batches 42 to 45's round: blame the dev split missed, found by kind
/// (a pronoun with its auxiliary contracted, "You've caused"; air traffic
/// controllers, whom software teams' "controller" had hidden; court
/// sentences, accusations and sanctions reported; character words), and
/// blameless sentences that failed CI (the label "human error" named but
/// not given as the cause, a slip in a passive, an opinion reported, a
/// mistake anyone's, negation of a reason or of joined words).
#[test]
fn judgements_found_in_batch_42s_round_are_caught_and_discussion_does_not_fail_ci() {
    let env = TestEnv::new();
    let blame: &[(&str, &str)] = &[
        (
            "https://redlib.hyperreal.coffee/1sie2e",
            "You've caused a massive nationwide outage - the customers were down for over six hours!!!",
        ),
        (
            "https://www.govexec.com/oversight/2011/03/faa-suspends-controller-who-failed-to-respond-to-aircraft/33605/?oref=oversight-all",
            "FAA Administrator Randy Babbitt said in a statement that he is \"personally outraged as a pilot\" that the controller didn't contact the airplanes.",
        ),
        (
            "http://www.midsussextimes.co.uk/news/passenger-jets-in-gatwick-near-miss-1-7558967",
            "The UKAB say the incident took place after an air traffic controller failed to check the path was clear before ordering one of the jets to take off.",
        ),
        (
            "https://github.com/citadel-station/citadel-main/pull/8590",
            "You're fired.",
        ),
        (
            "https://libreddit.yjin.dev/r/managers/comments/1q5m9ar/pip_need_advice",
            "As a result, upper management wants to put her on a PIP.",
        ),
        (
            "http://www.eng-tips.com/viewthread.cfm?qid=359162",
            "If this is proven to be true, then throw the book at him.",
        ),
        (
            "https://allnurses.com/almost-fired-med-error-t636348/",
            "This went up to the CNO and she wanted me fired!",
        ),
        (
            "https://humanresourcesonline.net/project-director-and-contractor-sentenced-to-jail-fined-under-wsh-act",
            "A project director and four others in Singapore have been sentenced to jail under the Workplace Safety and Health (WSH) Act for falsifying a permit-to-work (PTW), in connection with a fatal accident at a Tampines construction site in January 2016.",
        ),
        (
            "https://products.kitsapsun.com/archive/1991/10-01/237143_foggy_crash_charges_listed.html",
            "He is accused of not keeping a proper lookout through positive communications with the bow lookout; and of having heard a fog signal, not determining that a risk of collision existed, and not slowing down sufficiently.",
        ),
        (
            "https://www.nursingtimes.net/news/youre-the-panel/final-panel-decision-and-reasons-what-should-happen-to-a-nurse-whose-inaccurate-records-and-inaction-led-to-a-patients-death/7016314.article",
            "The panel determined that Nurse A’s actions fell substantially short of the standards expected of a registered nurse, and that he had breached several sections of the NMC Code",
        ),
        (
            "https://www.ishn.com/articles/109856-ntsb-3rd-party-drilling-caused-deadly-natural-gas-blast",
            "Making things worse: the failure of Sure Shot and Ameren to evacuate the area.",
        ),
        (
            "https://districtcourts.govt.nz/all-judgments/worksafe-new-zealand-v-hellers-ltd-2020-nzdc-18926",
            "The defendant had failed to ensure an effective risk assessment of the machine and to develop, implement and monitor an effective safe system for the machine.",
        ),
        (
            "https://www.it-radix.com/2017/08/22/tale-two-cities/",
            "Due to the nature of the firm’s practice, they were not in a position to replace the server; and sadly, at the same time, they opted not to implement a backup.",
        ),
        (
            "https://oaklandsocialist.com/2022/07/18/police-inaction-in-uvalde-vs-police-in-action/",
            "They all exhibited complete cowardice.",
        ),
        (
            "https://www.theregister.com/2023/01/21/faa_outage_reasons/",
            "Our lives are in your hands, and you have butterfingers?",
        ),
        (
            "https://captpackrat.livejournal.com/2004/10/22/",
            "After all, who would be stupid enough to press the factory reset button?",
        ),
        (
            "https://www.channel4.com/news/rbs-meltdown-blamed-on-human-error-and-back-office-cuts",
            "It seems that in this case it is more cock-up than conspiracy.”",
        ),
    ];
    assert_all_caught(&env, "blame.tsv", &real_rows("blame", blame));
    // Worth a look at most: none of these fails CI.
    let no_error: &[(&str, &str)] = &[
        (
            "https://theanesthesiaconsultant.com/2010/03/11/syringe-swap-what-was-in-that-syringe-i-just-injected-into-my-patient/?shared=email&msg=fail",
            "Human error is a topic of intense scrutiny in medicine.",
        ),
        (
            "https://medium.com/dataseries/shop-till-you-drop-worldpays-service-failure-of-2016-95c8196f3561",
            "The third anniversary of the Worldpay service outage is an opportunity to reflect upon computer system failures, human error, process flaws, organizational mistakes, and the best principles and practices for solution delivery in the IT industry.",
        ),
        (
            "https://github.com/vmware/power-validated-solutions-for-cloud-foundation/issues/808",
            "Please delete these branches as they were pushed in error and should not exist in the upstream repository.",
        ),
        (
            "https://slashdot.mozz.us/stories/17/06/10/0450234/?reason=Interesting",
            "In a poll on the tech site the Register, less than 1% of 5,400 respondents thought the new developer should be fired.",
        ),
        (
            "https://ayceblog.com/2013/05/09/when-your-coworker-makes-a-big-mistake/",
            "Escalating a coworker’s mistake is not pleasant, and it should only be done when there are no other options.",
        ),
        (
            "https://yourwebteam.io/website-incident-response-plan-template-2026/",
            "Not because your team is careless.",
        ),
        (
            "https://www.bmj.com/content/360/bmj.k1031?ijkey=f219ed3ef709f98f1d98b420323f8b6b60f86e50&keytype2=tf_ipsecsha",
            "We’ve received correspondence from readers around the world expressing their concerns about system failures, using e-portfolios in legal proceedings, and the threat to duty of candour",
        ),
    ];
    let report = eval_tsv(&env, "no-error.tsv", &real_rows("ok", no_error));
    assert_counts(&report, &[("blameless", 7), ("false_errors", 0)]);
    let quiet: &[(&str, &str)] = &[
        (
            "https://allnurses.com/major-disagreement-preceptor-t98390/?page=2",
            "I know I'm not dumb and stupid, and I also know that at this stage of the game there's a lot that I dont know.",
        ),
        (
            "https://libreddit.in.projectsegfau.lt/r/AskHSteacher/comments/1ilxg68/our_teacher_got_suspended_over_a_school_triphow",
            "The teacher went out of their way to organize an amazing experience for us, and now they’re being punished for something they didn’t do.",
        ),
    ];
    assert_counts(
        &eval_tsv(&env, "quiet.tsv", &real_rows("ok", quiet)),
        &[("blameless", 2), ("false_errors", 0), ("false_warnings", 0)],
    );
}

/// Attack 42 (twelve realistic post-mortems): a retrain of a model kicked
/// off by someone named is no remedy aimed at people, and an action item
/// that takes a named person's access away is punishment, while the same
/// words about a bot are a fix; vigilance asked of people as the fix is
/// worth a look.
#[test]
fn model_retrains_pass_ci_and_access_taken_from_a_person_is_punishment_attack_42() {
    let env = TestEnv::new();
    let blaming = attack_rows(
        "blame",
        "punishment",
        &[
            "Remove Kevin's direct production database access until the training is complete.",
            "Remove Alice's production access.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "access.tsv", &blaming),
        &[("blaming", 2), ("caught", 2), ("caught_as_error", 2)],
    );
    // Vigilance asked of people as the fix: worth a look.
    let vigilance = attack_rows(
        "blame",
        "remediation-at-people",
        &[
            "Remind all engineers in the next all-hands that the change window is mandatory.",
            "Reviewers must actually read the SQL before approving migration PRs.",
            "We need people to respect the process even on Fridays.",
            "The data on-call rotation needs to take the dashboard seriously.",
            "Data on-call engineers to check the pipeline dashboard at the start of every shift and sign off in the channel.",
        ],
    );
    assert_all_caught(&env, "vigilance.tsv", &vigilance);
    let blameless = attack_rows(
        "ok",
        "technical",
        &[
            "Raj kicked off the retrain manually on Friday afternoon, as the runbook says.",
            "The on-call kicked off the retrain manually on Friday afternoon.",
            "The ranking model was degraded until the operator was retrained on new data.",
            "Revoke the CI bot's write access to the main branch.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "retrain.tsv", &blameless),
        &[("blameless", 4), ("false_errors", 0)],
    );
}

/// Attack 43 wrote ten post-mortems in teams' voices and 393 probes. A
/// blameless disclaimer set against the blame by "but", "though" or a
/// conceding "while" hid errors; blame set against a disclaimer is an
/// error again, while writing about blame stays quiet.
#[test]
fn a_blameless_disclaimer_does_not_hide_the_blame_set_against_it_attack_43() {
    let env = TestEnv::new();
    let disclaimed = attack_rows(
        "blame",
        "character",
        &[
            "While we run blameless post-mortems, in this case the engineer was simply negligent.",
            "This is not about blame, but Felix really should have known better.",
            "The on-call was negligent, though we are a blameless team.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "disclaimed.tsv", &disclaimed),
        &[("blaming", 3), ("caught", 3), ("caught_as_error", 3)],
    );
    let hinted = attack_rows(
        "blame",
        "insinuation",
        &[
            "In a blameless spirit we will not name anyone, but the owner of the DAG clearly dropped the ball.",
            "I don't want to point fingers, but the frontend team broke it.",
        ],
    );
    assert_all_caught(&env, "hinted.tsv", &hinted);
    // Writing about blame, and the substitution test, stay quiet.
    let discussion = attack_rows(
        "ok",
        "discussion",
        &[
            "Blaming the engineer accomplishes nothing, but fixing the confirmation prompt does.",
            "It's not about who made the mistake, but about why the system allowed it.",
            "Any engineer could have made the same change, given what the dashboard showed.",
            "Any of us could have done this.",
            "Nobody on the team could have known the flag was shared.",
        ],
    );
    assert_all_quiet(&env, "discussion.tsv", &discussion);
    // The evidence model, refitted with batch 63, weighs "anyone" with
    // "could have" towards blame here: a warning at most, never an error
    // (a gate on writing about blame lost more real blame in the corpus
    // than it saved warnings).
    let substitution = attack_rows(
        "ok",
        "discussion",
        &["Anyone could have run that command; the tool did not ask for confirmation."],
    );
    assert_counts(
        &eval_tsv(&env, "substitution.tsv", &substitution),
        &[("blameless", 1), ("false_errors", 0)],
    );
    // "Any engineer would have caught this" is still hindsight.
    let hindsight = attack_rows(
        "blame",
        "hindsight",
        &["Any engineer would have caught this in review."],
    );
    assert_counts(
        &eval_tsv(&env, "hindsight.tsv", &hindsight),
        &[("caught", 1), ("caught_as_error", 1)],
    );
}

/// Attack 43's false errors (a judging word naming a software thing, a
/// queue worker, a log line quoted after "stderr contained") and the blame
/// it planted that no rule saw: sanctions, sarcasm, loaded questions,
/// idioms, people as the root cause, lessons aimed at people.
#[test]
fn things_named_by_judging_words_pass_ci_and_teams_sarcasm_and_sanctions_are_caught_attack_43() {
    let env = TestEnv::new();
    let blameless = attack_rows(
        "ok",
        "technical",
        &[
            "A customer sent a payload with a 14 MB attachment field, which the deserializer accepted and the worker then failed to process.",
            "Stderr contained \"fatal: the operator forgot to set PGPASSWORD\" which is our own script's wording.",
            "The disciplinary records module of the HR app returned stale data during the outage.",
            "The negligence claims database used by the legal team was read-only for two hours.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "things.tsv", &blameless),
        &[("blameless", 4), ("false_errors", 0)],
    );
    // The judging word still judges a person's change or conduct.
    let judged = attack_rows(
        "blame",
        "character",
        &[
            "The engineer made a careless database change.",
            "Insufficient care was taken by the person performing the upgrade.",
            "Perhaps the reviewer was a bit too quick to approve.",
            "It seems that the admin was not fully focused that evening.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "judged.tsv", &judged),
        &[("blaming", 4), ("caught", 4), ("caught_as_error", 4)],
    );
    let sanctions = attack_rows(
        "blame",
        "punishment",
        &[
            "We have let the contractor go as a result of this incident.",
            "Consequences for the individuals involved will be discussed with their managers.",
            "Users who fall for phishing again will lose their laptop privileges.",
            "The night analyst took 35 minutes to log in, which is too slow for a clinical system and has been raised with her line manager.",
            "The dev who merged it will buy donuts for the whole team as penance.",
            "Have a talk with the DBA about following procedures.",
        ],
    );
    assert_all_caught(&env, "sanctions.tsv", &sanctions);
    let sarcasm = attack_rows(
        "blame",
        "insinuation",
        &[
            "Great job to Luis for testing in production, as always.",
            "Kudos to the producer for scheduling the launch on a Friday evening again.",
            "Nice to see that the runbook was read by exactly zero people.",
            "I'm sure the person who disabled the alert had their reasons.",
            "Thanks to whoever decided that Friday 5pm was a great time to deploy.",
            "Once again, it falls to ops to clean up after the app developers.",
            "It's a shame that the on-call couldn't be reached for forty minutes.",
            "Some team members seem to believe the change freeze doesn't apply to them.",
            "Some folks on this team are allergic to testing.",
            "Why was Pieter allowed to deploy without a second pair of eyes?",
            "Why did nobody think to check the dead-letter config before this happened?",
            "The maintenance engineer has not used \"commit confirmed\", this is against our procedure and he was told about this many times.",
        ],
    );
    assert_all_caught(&env, "sarcasm.tsv", &sarcasm);
    let at_people = attack_rows(
        "blame",
        "remediation-at-people",
        &[
            "The failure lies squarely at the feet of the release team.",
            "The root cause is that people don't read.",
            "Root cause is the developer which did not test the code in the stage.",
            "Lesson learned: approvers must actually look at what they approve.",
            "Operators should simply follow the checklist next time.",
            "Lesson learned: never let Paulo near the load balancer config.",
            "Tell the support agents to stop promising refunds they cannot authorize.",
            "Coach the release manager on attention to detail.",
        ],
    );
    assert_all_caught(&env, "at-people.tsv", &at_people);
    // Regret about a system, and a sincere thank-you, stay quiet.
    let quiet = attack_rows(
        "ok",
        "neutral",
        &[
            "It's a shame the disk filled up over the weekend.",
            "The root cause was the config which did not validate the region.",
            "Thanks to Ana for jumping on the bridge at 3am.",
        ],
    );
    assert_all_quiet(&env, "quiet.tsv", &quiet);
}

/// `--eval --details` shows the words a finding points at as written,
/// with the whole of a short quotation it starts in.
#[test]
fn eval_details_show_the_words_as_written_attack_43() {
    let env = TestEnv::new();
    let rows = attack_rows(
        "ok",
        "neutral",
        &[
            "Lena rolled back the release at 09:41 after Derek was careless.",
            "The “forgot password” flow sent duplicate emails to 12,000 users.",
        ],
    );
    let file = env.dir.path().join("details.tsv");
    std::fs::write(&file, rows).unwrap();
    env.pm(&["lint", "--eval", file.to_str().unwrap(), "--details"])
        .stdout_has("warning[naming-individuals] \"Derek\"")
        .stdout_has("\"“forgot password” flow sent duplicate emails to 12,000 users\"");
}

/// Attack 44 broke attack 43's patterns from the blameless side: bots and
/// IP ranges banned, a contractor let go home, a component as the root
/// cause, data kept away from a builder, optics not focused, a bot too
/// quick to approve, a sanction said not to be part of the review.
#[test]
fn look_alikes_of_sanctions_and_character_words_pass_ci_attack_44() {
    let env = TestEnv::new();
    let blameless = attack_rows(
        "ok",
        "system",
        &[
            "The IP addresses of the credential-stuffing botnet were banned from all our sites.",
            "Crawlers were banned from our sites via robots.txt for the duration of the migration.",
            "We let the contractor go home at 02:00 and the on-call took over.",
            "We let the contractor go ahead with the migration once the backup had been verified.",
            "The root cause is the developer tooling, which silently ignored the lint failure.",
            "The root cause is the admin console, which let a bulk delete run without confirmation.",
            "Never let untrusted input near the SQL builder.",
            "Disciplinary action is not part of this process and none was taken.",
            "The student conduct and disciplinary records module also depends on the IdP.",
            "The laser was not fully focused after the recalibration, so the scanner misread barcodes.",
            "The approval bot was too quick to approve changes with pending checks.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "look-alikes.tsv", &blameless),
        &[("blameless", 11), ("false_errors", 0)],
    );
    // Sincere thanks and the substitution test with "would": no warning.
    let sincere = attack_rows(
        "ok",
        "discussion",
        &[
            "Thanks to whoever decided to add the circuit breaker last year; it limited the blast radius.",
            "Great job to the QA team for testing in production-like environments before every release.",
            "Kudos to the on-call for catching it again before customers noticed.",
            "Given the information available at 03:00, anyone would have made the same call.",
            "Any engineer on the rota would have run the same command, because the runbook said to.",
            // "I/O" is not the writer.
            "A firmware fault on the primary storage controller caused it to stop serving I/O without failing over to the secondary.",
        ],
    );
    assert_all_quiet(&env, "sincere.tsv", &sincere);
    let blaming = attack_rows(
        "blame",
        "punishment",
        &[
            "We let the contractor go after the incident.",
            "The SRE was too hasty in approving the change.",
            "The reviewer was a bit too quick to approve.",
            "Blameless or not, the DBA was careless with the delete statement.",
            "Any engineer worth their salt would have checked the backups.",
            "Hats off to the backend team for shipping untested code straight to production.",
        ],
    );
    assert_all_caught(&env, "still-blame.tsv", &blaming);
}

/// Attack 45 (eight post-mortems in teams' voices): everyday workflow and
/// things named after a role failed CI, the writer's own two-verb account
/// was an error, and the night shift, present-tense timelines and an
/// aggravation read as a reason let blame through.
#[test]
fn workflow_words_and_things_named_after_roles_pass_ci_attack_45() {
    let env = TestEnv::new();
    let blameless = attack_rows(
        "ok",
        "system",
        &[
            "The ticket was reassigned to the network team at 10:40.",
            "I reassigned the ticket to myself at 10:40.",
            "The on-call engineer was reassigned to the incident bridge as scribe.",
            "The retired engineer was removed from the on-call rotation in March, but the escalation policy still paged her.",
            "The failing node was removed from the on-call rotation's paging policy.",
            "The nurse call system failed to route calls from ward 7 to the mobile handsets.",
            "The pilot light failed to ignite on boiler 2.",
            "The auditor log failed to rotate.",
            "The doctor command failed to detect the broken symlink.",
            "I merged the PR and forgot to check 3.9.",
            "I approved the change and did not read the SQL closely.",
            "The vendor has been spoken to about the missing status page update.",
            "Why did the smoke test pass? It only checked the TCP port.",
            "A shift in traffic failed to trigger the autoscaler.",
            "The cleanup job deletes snapshots older than 30 days.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "workflow.tsv", &blameless),
        &[("blameless", 15), ("false_errors", 0)],
    );
    let caught = attack_rows(
        "blame",
        "person-as-cause",
        &[
            "The night shift forgot to check the alarms.",
            "The B shift did not follow the procedure.",
            "The intern drops the users table.",
            "The release manager skips the canary.",
            "Who thought it was acceptable to merge without review?",
            "Marketing, in their infinite wisdom, moved the launch forward by an hour.",
            "The failure can be laid at the door of the QA lead.",
            "The individuals involved will face appropriate consequences.",
            "We have ended our engagement with the contractor who ran the script.",
            "The on-call team must start paying attention to pages.",
            "We need to tell the engineers to stop pushing on Fridays.",
            "How did nobody on the team think to check the backups?",
        ],
    );
    assert_all_caught(&env, "attack-45.tsv", &caught);
    // Blame without the stock words: a person after "by", someone who
    // "decided", idioms and conduct, questions, remedies aimed at people.
    let unworded = attack_rows(
        "blame",
        "insinuation",
        &[
            "The runbook was treated as optional by the on-call team.",
            "The backup was never tested by the DBA, despite it being her job.",
            "The release was botched by the mobile team.",
            "The warning was shrugged off by the DBA.",
            "The escalation was fumbled by the support lead.",
            "Someone decided it was fine to skip the load test this time.",
            "Someone, and we know who, pushed the tag before the tests finished.",
            "Is it too much to ask that people read the runbook before running it?",
            "Was anyone actually watching the dashboard during the launch?",
            "Frankly, the contractor made a right pig's ear of the cutover.",
            "The on-call dropped a clanger by restarting both nodes together.",
            "The on-call took far too long to respond.",
            "Talk to the offshore team about their attitude to testing.",
            "Remind the night shift to actually look at the alarms.",
        ],
    );
    assert_all_caught(&env, "unworded.tsv", &unworded);
    // Made harsher, not explained: still errors.
    let harsher = attack_rows(
        "blame",
        "judging-omission",
        &[
            "The on-call engineer forgot to silence the alert - again.",
            "The on-call engineer forgot to silence the alert, as usual.",
            "The release manager skipped the canary, as he has done before.",
            "Speaking blamelessly, the DBA was careless with the delete statement.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "harsher.tsv", &harsher),
        &[("blaming", 4), ("caught_as_error", 4)],
    );
}

/// A service the post-mortem lists is a program wherever the prose names
/// it, written with spaces or a hyphen: "the fleet manager" is the
/// `fleet-manager` service (attack 45), while a night manager, not a
/// service, is still a person.
#[test]
fn services_the_post_mortem_lists_are_not_people() {
    let env = TestEnv::new();
    env.write(
        "postmortems/2026/2026-11-21-robots.yaml",
        "pm: 1\nid: 2026-11-21-robots\ntitle: Robots stopped in the charging queue\nstatus: draft\nseverity: SEV2\ndate: 2026-11-21\nservices: [fleet-manager, Charge_Scheduler]\ncontributing_factors:\n  - The fleet manager neglected robots that reported a low battery while in a charging queue.\n  - The Fleet-Manager neglected the robots again after the restart.\n  - The charge scheduler ignored the robots waiting in the queue.\n  - The night manager neglected the robots.\n",
    );
    let run = env.pm(&["lint", "robots", "--format", "json"]);
    let blame = line_rules(&run, |r| {
        matches!(
            r,
            "judged-omission" | "intent-speculation" | "blame-evidence"
        )
    });
    assert_eq!(
        blame,
        [(12, "judged-omission".to_string())],
        "{}",
        run.stdout
    );
}

/// `--eval` can score sentences where teams write them: `# field:
/// timeline` lints each as a timeline entry, where a name alone is no
/// finding, so a name does not count as a catch there (attack 45 found
/// `--eval` counted them). `# services:` names the services, as a
/// post-mortem's `services:` does; a prose field (`root_cause`,
/// `lessons.went_wrong`) lints each sentence as a paragraph or an item of
/// it. An unknown field is refused.
#[test]
fn eval_scores_sentences_in_the_field_they_are_written_in() {
    let env = TestEnv::new();
    let rows = attack_rows(
        "blame",
        "timeline",
        &[
            "22:10 Jake deploys on a Friday night.",
            "12:50 The intern drops the users table.",
        ],
    );
    let analysis = eval_tsv(&env, "analysis.tsv", &rows);
    assert_counts(&analysis, &[("blaming", 2), ("caught", 2)]);
    let timeline = eval_tsv(&env, "timeline.tsv", &format!("# field: timeline\n{rows}"));
    assert_counts(&timeline, &[("blaming", 2), ("caught", 1)]);
    // A `# field:` line holds for the rows after it, up to the next one
    // (attack 47: the last one used to hold for the whole file).
    let named = attack_rows("ok", "neutral", &["Hannah reviewed the change on Tuesday."]);
    let sections = eval_tsv(
        &env,
        "sections.tsv",
        &format!("{named}# field: timeline\n{named}# field: contributing_factors\n"),
    );
    assert_counts(&sections, &[("blameless", 2), ("false_warnings", 1)]);
    // Prose fields too: each sentence a paragraph of `root_cause`, or an
    // item of a list under `lessons`, each finding counted on its own
    // sentence (a system sentence between two blaming ones stays clean).
    let prose = format!(
        "# field: root_cause\n{}{}{}{named}# field: lessons.went_wrong\n{}",
        attack_rows(
            "blame",
            "human-error",
            &["  Human error by the operator caused the outage"]
        ),
        attack_rows("ok", "system", &["The cache expired every key at once."]),
        attack_rows(
            "blame",
            "character",
            &["The on-call was lazy and ignored the page."]
        ),
        attack_rows(
            "blame",
            "counterfactual",
            &["Bob should have checked the dashboard."]
        ),
    );
    assert_counts(
        &eval_tsv(&env, "prose.tsv", &prose),
        &[
            ("blaming", 3),
            ("caught", 3),
            ("blameless", 2),
            ("false_warnings", 1),
            ("false_errors", 0),
        ],
    );
    // A byte-order mark from a spreadsheet export is not a malformed line.
    let bom = eval_tsv(&env, "bom.tsv", &format!("\u{feff}{named}"));
    assert_counts(&bom, &[("blameless", 1)]);
    let services = "# services: fleet-manager\n".to_string()
        + &attack_rows(
            "ok",
            "system",
            &["The fleet manager neglected robots that reported a low battery."],
        );
    assert_counts(
        &eval_tsv(&env, "services.tsv", &services),
        &[("blameless", 1), ("false_errors", 0)],
    );
    let file = env.dir.path().join("bad.tsv");
    std::fs::write(
        &file,
        "# field: timelines\nok\tx\thttps://e/\tA sentence.\n",
    )
    .unwrap();
    let run = env.pm(&["lint", "--eval", file.to_str().unwrap()]).code(2);
    assert!(
        run.stderr.contains("bad.tsv:1: unknown field `timelines`"),
        "{}",
        run.stderr
    );
}

/// Attack 46, on attack 45's fixes: a thing named after a role keeps its
/// head past a phrase of place ("the nurse call system on ward 4"), a
/// relative clause names who made the thing, not who failed ("the alert
/// that the SRE team configured failed to fire"), a shift's report is a
/// report, and a contract that ended as planned is no sanction. The
/// people in the same shapes are still judged.
#[test]
fn relative_clauses_and_phrases_after_the_head_keep_the_subject_attack_46() {
    let env = TestEnv::new();
    let blameless = attack_rows(
        "ok",
        "system",
        &[
            "The doctor command in our CLI failed to detect the stale lockfile.",
            "The nurse call system on ward 4 failed to route calls after the PBX upgrade.",
            "The nurse call system again failed to route calls.",
            "The operator console that we deployed on Monday failed to show the alarm.",
            "The alert that the SRE team configured failed to fire.",
            "The runbook that the on-call engineer followed failed to mention the replica.",
            "The dashboard we deployed failed to show the alarm.",
            "The night shift report failed to generate.",
            "The B shift schedule failed to import.",
            "We ended our engagement with the contractor when the project finished in June, as planned.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "attack-46-ok.tsv", &blameless),
        &[("blameless", 10), ("false_errors", 0)],
    );
    let blaming = attack_rows(
        "blame",
        "judging-omission",
        &[
            "The engineer on call failed to page the DBA.",
            "The engineer who deployed it on Monday failed to check the flag.",
            "The engineer we hired forgot to check the backups.",
            "The on-call engineer in Dublin failed to escalate.",
            "The night shift failed to check the alarms.",
            "We ended our engagement with the contractor after the incident.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "attack-46-blame.tsv", &blaming),
        &[("blaming", 6), ("caught_as_error", 6)],
    );
}

/// Attack 46's leftovers: a shift or the person chairing a board, named
/// after "by" or told what to do, is people; a chair without a board is
/// furniture, and telling a shift about a new link is no rebuke.
#[test]
fn shifts_and_chairs_after_by_are_people_attack_46() {
    let env = TestEnv::new();
    let blaming = attack_rows(
        "blame",
        "judging-omission",
        &[
            "The change was waved through by the CAB chair without a rollback plan.",
            "The handover notes were never read by the incoming shift.",
            "The night shift needs to start reading the handover log.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "attack-46-by.tsv", &blaming),
        &[("blaming", 3), ("caught", 3)],
    );
    let blameless = attack_rows(
        "ok",
        "neutral",
        &[
            "The badge reader was knocked over by a chair in the server room.",
            "The rota was rebuilt by the night shift report generator.",
            "Remind the night shift to use the new bridge link.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "attack-46-by-ok.tsv", &blameless),
        // The reminder is still advice to people: a warning, not CI failing.
        &[("blameless", 3), ("false_errors", 0), ("false_warnings", 1)],
    );
}

/// Attack 47's false errors: program parts named "<thing> manager" or
/// "reviewer" in a root cause, a blaming explanation that is reported and
/// corrected, and a sanction raised and turned down.
#[test]
fn program_parts_reported_blame_and_declined_sanctions_pass_ci_attack_47() {
    let env = TestEnv::new();
    let blameless = attack_rows(
        "ok",
        "system",
        &[
            "The transaction manager failed to roll back the distributed transaction.",
            "The alert manager failed to send the page to the secondary.",
            "The certificate manager failed to renew the ingress certificate.",
            "The AI code reviewer failed to flag the missing WHERE clause.",
            "The automated reviewer failed to flag the secret.",
            "The incident was initially attributed to human error; the review found a firmware defect.",
            "The news coverage attributed the outage to human error.",
            "Staff were initially told the outage was caused by human error.",
            "A customer tweet said the outage was caused by a careless engineer.",
            "Disciplinary action was not considered.",
            "Firing the contractor was raised in the first meeting and rejected.",
            "Suspending the technician was suggested by one manager and rejected by the panel.",
            "The NOC doesn't escalate and instead watches the replication lag.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "attack-47-ok.tsv", &blameless),
        &[("blameless", 13), ("false_errors", 0)],
    );
    // Sanctions decided and blame given as the review's own finding stay
    // errors.
    let blaming = attack_rows(
        "blame",
        "human-error",
        &[
            "The review attributed the outage to operator error.",
            "The engineer was taken off the project after the outage.",
            "The responsible developer has been moved to another team.",
            "The release manager failed to check the flag.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "attack-47-blame.tsv", &blaming),
        &[("blaming", 4), ("caught_as_error", 4)],
    );
}

/// Attack 47's misses: people after their trade's word ("the support
/// agent", "the lab tech", "the load controller"), titled names, habits
/// said of someone, loaded questions, sarcasm and remedies aimed at people.
#[test]
fn trades_titles_habits_questions_and_sarcasm_are_caught_attack_47() {
    let env = TestEnv::new();
    let blaming = attack_rows(
        "blame",
        "person-as-cause",
        &[
            "The support agent failed to verify the customer's identity.",
            "The load controller forgot to update the manifest.",
            "The maintenance tech forgot to reconnect the sensor.",
            "Ms Patel should have checked the cert expiry.",
            "The DBA, once again, ran the purge against the live ledger.",
            "The on-call had his phone on silent, again.",
            "We waited. Was nobody watching the queue depth during the sale?",
            "Thanks a lot, Derek, for testing in production.",
            "Our IT department, in their wisdom, scheduled patching during exam week.",
            "The nurse gave the dose without the required double check.",
            "The engineer was warned twice and still deployed.",
            "Any half-decent reviewer would have seen the problem.",
            "The root cause lies with the engineer who applied the ACL.",
            "The new controller's inexperience was the main cause.",
            "Our offshore team keeps shipping regressions in billing.",
            "Night shift operator finally notices the alarm after 50 minutes.",
            "The helpdesk must verify callers properly from now on.",
            "The team involved needs to reflect on their behaviour.",
        ],
    );
    assert_all_caught(&env, "attack-47-caught.tsv", &blaming);
    // The same words about programs, sincere thanks and our own habits.
    let blameless = attack_rows(
        "ok",
        "neutral",
        &[
            "The device driver failed to load after the kernel update.",
            "As usual, the backup ran at 02:00.",
            "We once again restarted the service.",
            "Thanks to the on-call engineer for the quick rollback.",
            "Why didn't the alert fire?",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "attack-47-quiet.tsv", &blameless),
        &[("blameless", 5), ("false_errors", 0), ("false_warnings", 0)],
    );
}

/// Attack 48, on attack 47's fixes: products and program parts keep passing
/// CI ("MS SQL", "the patch manager", "the checkpoint coordinator", a
/// webhook that "needs to actually respond"), as do a label corrected in a
/// ticket, a warning raised and rejected, someone taken off a project to
/// lead the response, a hospital named after a saint and a thing named
/// after a shift; the people in the same shapes are still judged.
#[test]
fn products_corrections_and_purposes_pass_ci_attack_48() {
    let env = TestEnv::new();
    let blameless = attack_rows(
        "ok",
        "system",
        &[
            "MS SQL should have failed over to the secondary.",
            "MS Exchange failed to deliver the on-call notifications.",
            "The patch manager forgot to reboot the hosts after the kernel update.",
            "The checkpoint coordinator failed to abort the stalled checkpoint.",
            "The LLM-based reviewer should have caught the injection.",
            "The webhook needs to actually respond with a 200 before the sender gives up.",
            "It was logged as user error in the ticket and later corrected.",
            "A formal warning for the pharmacist was raised by one manager and rejected by the panel.",
            "The engineer was taken off the project to lead the incident response.",
            "St Mary's should have received the transfer overnight.",
            "Take the canary host off the rotation.",
            "As usual, we merged on a Friday afternoon.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "attack-48-ok.tsv", &blameless),
        &[("blameless", 12), ("false_errors", 0)],
    );
    let quiet = attack_rows(
        "ok",
        "system",
        &[
            "The night shift report failed to include the pressure trend.",
            "The ramp agent tablet failed to sync.",
        ],
    );
    assert_all_quiet(&env, "attack-48-quiet.tsv", &quiet);
    let blaming = attack_rows(
        "blame",
        "punishment",
        &[
            "Prof Lindqvist should have reviewed the grades.",
            // A title's dot ends no sentence.
            "Capt. Reyes should have refused the stand.",
            "The on-call needs to actually respond to pages.",
            "Take the ramp supervisor off the morning roster.",
            "Remove the contractor from the project.",
            "Suspend the contractor's access.",
            "Discuss Tom's performance with his manager.",
            "Thanks, Jordan, for merging on a Friday evening.",
            // Two loaded questions in a row: the first one's match used to
            // run on to the second one's question mark and swallow it.
            "How did the manager approve this?",
            "Was nobody watching the queue depth during the sale?",
        ],
    );
    assert_all_caught(&env, "attack-48-caught.tsv", &blaming);
}

/// Attack 49, a blind round: a breach its verb denies passes CI, and a
/// condition told after its consequence still names the person in it.
#[test]
fn a_denied_breach_passes_and_a_late_condition_is_read_attack_49() {
    let env = TestEnv::new();
    let blameless = attack_rows(
        "ok",
        "negation",
        &[
            "The engineer did not skip any step of the runbook.",
            "The on-call engineer never bypassed review; the pipeline merged the change.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "attack-49-ok.tsv", &blameless),
        &[("blameless", 2), ("false_errors", 0)],
    );
    let blaming = attack_rows(
        "blame",
        "counterfactual",
        &[
            "The engineer skipped a step of the runbook.",
            "The incident would never have happened if the IT officer had followed the change calendar.",
        ],
    );
    assert_all_caught(&env, "attack-49-caught.tsv", &blaming);
}

/// Attack 50: phrases that fired with no person in the sentence fail CI
/// no more (access revoked from a key, a program's performance reviewed,
/// how long a check takes, a ball dropped in a game, sanctions "neither
/// considered nor" taken, a supplier's report refuted), and the blame it
/// planted in action items and timelines is caught.
#[test]
fn things_named_like_sanctions_pass_ci_and_action_items_aimed_at_people_are_caught_attack_50() {
    let env = TestEnv::new();
    let blameless = attack_rows(
        "ok",
        "system",
        &[
            "Revoke production access for the legacy deploy key used by the old CI server.",
            "Performance review of the settlement service's SQL found three queries without indexes.",
            "The check takes thirty seconds to run, which is why we now run it in CI rather than by hand.",
            "In the goalkeeper animation, the AI dropped the ball through the pitch because of a collision-mesh bug.",
            "Disciplinary action was neither considered nor appropriate.",
            "The vendor's RFO attributes the outage to operator error at our site; our own timeline shows the firmware tool reported success.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "attack-50-ok.tsv", &blameless),
        &[("blameless", 6), ("false_errors", 0)],
    );
    let blaming = attack_rows(
        "blame",
        "remediation-at-people",
        &[
            "Send an email to everyone reminding them not to reset MFA over the phone.",
            "Name and shame repeat offenders in the weekly ops meeting.",
            "Add this incident to the contractor's performance file.",
            "Require the night-shift operator to sign the checklist in front of a supervisor.",
            "Supervisor to monitor the operator's work for the next month.",
            "Replace the vendor's field engineer with someone more experienced.",
            "Ban interns from touching production.",
            "Restrict Tomasz to read-only access until he has shown he can be trusted.",
            "Have each engineer confirm in writing that they have read the runbook.",
            "Dispatcher to double-check route assignments every morning.",
            "Reinforce to all pickers the importance of checking the screen.",
            "Engineers are reminded that change freezes apply to everyone.",
            "Sanction the agent according to the internal regulation.",
            "Publicly call out the team that caused the outage in the monthly all-hands.",
            "03:20 On-call silences the page and goes back to sleep.",
            "08:05 Gate agent walks away from the desk with 40 passengers in the queue.",
            "23:48 Incident commander wastes 20 minutes arguing about severity.",
            "Not pointing fingers, but this is the second release in a row from the same reviewer that broke something.",
            "Predictably, the person who wrote the cron job left no documentation.",
        ],
    );
    assert_all_caught(&env, "attack-50-caught.tsv", &blaming);
    // Frames that lowered these to warnings do not apply: the review's
    // own finding, "we note that", one engineer in the story.
    let errors = attack_rows(
        "blame",
        "character",
        &[
            "The investigation found that the technician was careless.",
            "In the spirit of blamelessness, we note that the on-call engineer failed to acknowledge three pages.",
            "One team member's overconfidence led to skipping the canary stage.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "attack-50-errors.tsv", &errors),
        &[("blaming", 3), ("caught_as_error", 3)],
    );
}

/// Batch 59's development rows: misconduct, exclamations, requests "next
/// time", and a quoted name ("so-called") that is not talk about blame.
#[test]
fn misconduct_exclamations_and_next_time_requests_are_caught_batch_59() {
    let env = TestEnv::new();
    let blaming = real_rows(
        "blame",
        &[
            (
                "https://www.healyscanlon.com/criminal-proceedings-advance-against-truck-driver-in-fatal-crash/",
                "In addition to working more hours than legally allowed, it is also believed that the trucker falsified entries in his log of driving hours.",
            ),
            (
                "https://www.rtoinsider.com/pge-camp-fire-troubles-108823/",
                "Dodd said he was reacting to a Dec. 14 CPUC report that alleged PG&E had falsified safety records for underground gas lines.",
            ),
            ("https://alic.dev/blog/renaming.html", "What a blunder."),
            (
                "https://github.com/hiero-ledger/hiero-sdk-js/issues/2930",
                "How come this PR was approved and merged?",
            ),
            (
                "https://github.com/spencerccf/app_settings/issues/178",
                "But please bump the major version next time there's a breaking change :)",
            ),
            (
                "https://github.com/PyGithub/PyGithub/issues/430",
                "Next time you should really open a pull request, so that the head of master is always able to be deployed.",
            ),
            (
                "http://www.njspotlight.com/stories/15/09/10/ntsb-pilot-error-caused-crash-that-killed-newpaper-publisher/",
                "Specifically, the pilots mistakenly kept the so-called \"gust-lock system\" engaged.",
            ),
        ],
    );
    assert_all_caught(&env, "batch-59-caught.tsv", &blaming);
    let blameless = attack_rows(
        "ok",
        "technical",
        &[
            "We fabricated test data for the staging environment.",
            "The seeding script fabricated nothing.",
            "Mrs A's tissue sample had been wrongly labelled with another patient's name.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "batch-59-ok.tsv", &blameless),
        &[("blameless", 3), ("false_errors", 0)],
    );
    // A relative clause's subject is the noun it follows: the systems
    // failed to activate, not "they".
    let systems = real_rows(
        "ok",
        &[(
            "https://www.milner.com/company/blog/technology/2016/08/22/will-your-backups-work-when-you-need-them-to",
            "According to Chief Operations Officer Mike Van De Ven, they had redundant systems that failed to activate.",
        )],
    );
    assert_counts(
        &eval_tsv(&env, "batch-59-systems.tsv", &systems),
        &[("blameless", 1), ("false_errors", 0)],
    );
}

/// Attack 51, a blind round: sanctions and remedies aimed at one person in
/// action items, sarcasm shaped like praise, hindsight in other word
/// orders and character told in a timeline's present are caught.
#[test]
fn sanctions_praise_sarcasm_and_timeline_conduct_are_caught_attack_51() {
    let env = TestEnv::new();
    let blaming = attack_rows(
        "blame",
        "remediation-at-people",
        &[
            "Issue a written warning to the CAD administrator for patching against instructions.",
            "Ravi to lose merge rights for one month.",
            "Replace the incident commander with someone who can make decisions.",
            "Director to be moved off live shows until further notice.",
            "Identify who changed the torque settings and take appropriate action.",
            "Revenue manager to apologise to the front desk team in writing.",
            "Make sure Amina understands that this cannot happen again.",
            "Kevin to be supervised on all git operations going forward.",
            "Counsel the DBA on panic-driven decisions.",
            "Track the number of mistakes per operator and review it monthly.",
            "Any operator with half a brain would have noticed the clearwell level dropping for three hours.",
            "A more experienced trader would have spotted that the notional was three orders of magnitude out.",
            "Had the helpdesk technician bothered to read the EDR alert, the encryption would have been stopped at one school.",
            "All it would have taken was a two-second glance at the confirmation dialog.",
            "How hard is it, really, to read a calendar and notice that Friday was a bank holiday?",
            "The developer was too impatient to wait for the canary and promoted straight to 100%.",
            "The incident commander froze and failed to make any decision for twenty minutes.",
            "03:40 DBA panics and restarts the primary.",
            "15:10 Release manager lazily skips the staged rollout.",
            "07:30 Superintendent brushes off the IT team's warning as 'overreaction'.",
            "Whoever set the pod memory limit to 128Mi needs to explain themselves.",
            "20:30 The so-called incident commander joins, 25 minutes late.",
            "Kudos to the reviewer who approved a 3,000-line PR in ninety seconds.",
            "Great job to whoever decided feature flags were for other people.",
        ],
    );
    assert_all_caught(&env, "attack-51-caught.tsv", &blaming);
    let blameless = attack_rows(
        "ok",
        "discussion",
        &[
            "Punishing the so-called engineers responsible only encourages a culture of fear.",
            "The service was lazily loaded on first request.",
        ],
    );
    assert_all_quiet(&env, "attack-51-quiet.tsv", &blameless);
    // Not the team's own gap, and not people in general: one of "our"
    // people named by a role, someone else's quality, "whoever" in the past.
    let errors = attack_rows(
        "blame",
        "character",
        &[
            "Our SCADA contractor was frankly sloppy.",
            "We paid the price for their incompetence.",
            "Whoever owned that simply dropped the ball.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "attack-51-errors.tsv", &errors),
        &[("blaming", 3), ("caught_as_error", 3)],
    );
}

/// Attack 52, a blind round in other Englishes and translated voices:
/// others' calls for a sanction do not fail CI; idioms of judgement,
/// insinuation by "the same engineer" and sarcasm by "nice of" are caught;
/// a habit said of one person is not a general statement.
#[test]
fn other_englishes_same_engineer_insinuation_and_reported_calls_attack_52() {
    let env = TestEnv::new();
    let blameless = attack_rows(
        "ok",
        "discussion",
        &[
            "There were calls to fire the maintainer on the issue tracker; the project's position is that the account recovery flow was the weakness.",
            // A program, not one of "our" people; a thing, not a person.
            "Our in-house operator should have drained the node before deleting it.",
            "Make sure the webhook actually responds before the timeout.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "attack-52-ok.tsv", &blameless),
        &[("blameless", 3), ("false_errors", 0)],
    );
    let blaming = attack_rows(
        "blame",
        "character",
        &[
            "Rather sloppy work from the network team, if I'm honest; the route map was never peer reviewed.",
            "Network lead makes a right mess of the rollback.",
            "Contractor stuffs up the cutover and shoots through.",
            "The supervisor was not serious with his work, that is why the portal collapsed on payment day.",
            "The maintainer was naive to hand his publish rights to a stranger on the forum.",
            "Interestingly, the same engineer was also on call during the last outage.",
            "Nice of the vendor's engineer to test in production for us.",
            "Make sure Greg actually answers his pager next time.",
            "Mistakes were made by the vendor liaison.",
        ],
    );
    assert_all_caught(&env, "attack-52-caught.tsv", &blaming);
    let errors = attack_rows(
        "blame",
        "character",
        &["Frankly the DBA was careless with the restore script, as he tends to be."],
    );
    assert_counts(
        &eval_tsv(&env, "attack-52-errors.tsv", &errors),
        &[("blaming", 1), ("caught_as_error", 1)],
    );
    // A claim reported and refuted: the warning says so, not that the
    // sentence gave a reason for the act.
    env.write(
        "postmortems/2026/2026-11-20-refuted.yaml",
        "pm: 1\nid: 2026-11-20-refuted\ntitle: Refuted\nstatus: draft\nseverity: SEV2\ndate: 2026-11-20\ncontributing_factors:\n  - It was initially claimed in chat that the custodian skipped a step; the custodian's session log shows every step was run as written.\n",
    );
    let run = env.pm(&["lint", "--format", "json"]);
    let notes = rule_messages(&run, |r| r == "rule-breaking");
    assert_eq!(notes.len(), 1, "{}", run.stdout);
    assert!(
        notes[0].contains("someone else's blame, reported"),
        "{notes:?}"
    );
}

/// Attack 53 (blind, teams' own voices): jibes of one word after an
/// account ("Again.", "Convenient."), praise that implies someone else did
/// not ("who actually read the alerts"), teams named by their tier or desk,
/// and action items that name, list or rate people; without false alarms
/// on programs, hosts and automated reminders (and attack 54's program
/// "held accountable" to a review gate).
#[test]
fn jibes_tier_teams_and_action_items_that_rate_people_are_caught_attack_53() {
    let env = TestEnv::new();
    let caught = attack_rows(
        "blame",
        "insinuation",
        &[
            "QA misses the regression. Again.",
            "Alerts silenced by Dmitri right before he logs off. Convenient.",
            "14:02 Priya pushes untested config to prod (again).",
            "Thanks to Hannah, who actually read the alerts, we eventually found the problem.",
            "Kudos to Sam for cleaning up after the mess Alex made in the billing tables.",
            "Night shift operator misses the alarm, presumably asleep.",
            "On-call still hasn't acked. 25 min now. Where is he??",
            "How does someone with prod access not know what DROP TABLE does?",
            "Let's just say the change request was not reviewed with the care it deserved by its author.",
            "We (well, one of us) decided the pager was too noisy and turned it off for the weekend.",
            "Service desk finally escalates after the third call, two hours too late.",
            "The on-call engineer, to be fair, was new, but that doesn't excuse the slow ack.",
            "Honestly, the whole platform team has been coasting since the reorg.",
            "The data scientist trained on the test set and then shipped the model anyway, which is why precision collapsed in prod.",
            "Name the engineer responsible in the weekly ops report.",
            // Attack 54, in a post-mortem's lessons.
            "Kwame eventually got his act together after the second page.",
            // Earlier attacks' probes that the evidence model caught
            // before its refit with batch 63, held by rules instead.
            "Put up a poster in the warehouse reminding supervisors to do the handover.",
            "Apparently nobody thought it would be a good idea to test the loyalty-points migration with real data.",
            "Team lead misses the obvious warning sign in the logs.",
            "Rollback attempted by Tom on wrong cluster, classic Tom.",
        ],
    );
    assert_all_caught(&env, "attack-53-caught.tsv", &caught);
    let errors = attack_rows(
        "blame",
        "punishment",
        &[
            "Level 1 support did not follow the escalation matrix and sat on the ticket.",
            "Ops lead blows off the change freeze and pushes the firewall rule.",
            "Vendor engineer, unhelpful as ever, insists the issue is on our side.",
            "Remove Lena from the release rota for a month.",
            "Remove the on-call engineer from the rota for a month.",
            "Add the Friday-deploy offender to the CAB watch list.",
            "Make on-call acknowledgement time part of quarterly performance goals.",
            "Tell the support team to escalate faster.",
            "Marketing to learn to tell engineering before launching sales.",
            "Send a reminder to marketing that engineering needs two weeks' notice of sales.",
            "Human error during the certificate rotation left the payment gateway without a valid cert.",
            "Put the night shift on a written warning.",
            "Concerned employee to be counselled and warned not to repeat such mistakes.",
            "The helpdesk agent fell for an obvious phishing call and handed over credentials.",
            // A sentence that ends on "the line" or "the label" is not
            // writing about a phrase (it was dropped as discussion).
            "Night crew to be reminded to pay attention to the line.",
            "The on-call engineer carelessly ignored the warning on the label.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "attack-53-errors.tsv", &errors),
        &[("blaming", 16), ("caught_as_error", 16)],
    );
    let quiet = attack_rows(
        "ok",
        "system",
        &[
            "The job failed at 02:00. Again.",
            "Remove the canary host from the rotation.",
            "Remove Kafka from the release rota.",
            "Tell the load balancer to fail over faster.",
            "Send a reminder to the on-call channel that the certificate expires in 14 days.",
            "How does the scheduler not know the node is gone? It never received the event.",
            "The service desk escalated the ticket to the network team at 10:02.",
            "Level 2 support restarted the pod to clear the stuck lock.",
            "The pipeline deployed the build anyway because the check was advisory.",
            "The alerting rule missed the obvious spike.",
            "Classic race condition.",
            "Put the canary on a written schedule.",
            // Attack 54: a program held to a standard.
            "The deploy script should be held accountable to the same review gate as application code.",
        ],
    );
    assert_all_quiet(&env, "attack-53-quiet.tsv", &quiet);
    // "We" in a relative clause owns the gap: a warning, not a failed build.
    let ours = attack_rows(
        "ok",
        "we-ownership",
        &[
            "Log rotation was disabled in the vendor's default image, which we deployed in January without reviewing its logging settings.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "attack-53-ours.tsv", &ours),
        &[("blameless", 1), ("false_errors", 0)],
    );
}

/// Attack 55 (blind: non-native English, pasted ticket notes, narratives
/// with pronouns, a bank's and a hospital's formal reports): roles with a
/// qualifier ("team leader") or a phrase of duty ("the nurse in charge")
/// are people; "he should have" points at someone in the story; "w/o
/// review"; "the reason of the incident is the human factor"; "made a
/// human error" and a note with no verb ("Human error in runbook
/// execution"). A pattern that ends at the end of a sentence ("... and
/// walked away") matches where a line ends, though more prose follows it
/// in the file: `^` and `$` are line anchors (they were the whole text's,
/// so an unpunctuated list item matched only if it came last). A cluster's
/// leader and a relative clause with a bare noun as its subject ("a shard
/// that queries never read") stay quiet.
#[test]
fn qualified_roles_pronouns_and_ticket_shorthand_attack_55() {
    let env = TestEnv::new();
    let errors = attack_rows(
        "blame",
        "judging-omission",
        &[
            "The night-shift team leader neglected to escalate the gateway timeout to the IT duty manager.",
            "The team leader forgot to escalate.",
            "The nurse in charge should have checked the results before release.",
            "He should have checked the dashboard before deploying.",
            "Main reason of the incident is the human factor.",
            "- dev pushed w/o review, turned debug on in prod",
            "dev turned on debug in prod and walked away",
            "The operator made a human error during the runbook.",
            "Human error in runbook execution.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "attack-55-errors.tsv", &errors),
        &[("blaming", 9), ("caught_as_error", 9)],
    );
    let quiet = attack_rows(
        "ok",
        "system",
        &[
            "The partition leader failed to send heartbeats.",
            "The new leader did not replicate the last write.",
            "Leader election failed to complete within the timeout.",
            "The team leader restarted the service at 14:05.",
            "Customers walked away from the checkout.",
            "The job did not fail; it wrote documents without a routing key, and they landed in a shard that queries never read.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "attack-55-quiet.tsv", &quiet),
        &[("blameless", 6), ("false_errors", 0)],
    );
    // Not someone in the story: "he/she", anyone, and a man's own account
    // of what he should have done.
    let generic = attack_rows(
        "ok",
        "discussion",
        &[
            "The allegation is that he/she should have diverted to another hospital.",
            "He had failed to copy the director in, as he recognised he should have done.",
            "Human error in aviation is studied widely.",
            "Human error during maintenance remains the largest category of findings.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "attack-55-generic.tsv", &generic),
        &[("blameless", 4), ("false_errors", 0)],
    );
}

/// Ticket notes pasted into a literal block end each line without a full
/// stop; a line that ends although the next line's first word would have
/// fitted on it was ended by its writer, so a name on one line is not the
/// subject of the next (attack 55: "tool failed to set lock_timeout" was a
/// person's failure). A paragraph wrapped at a width still reads as one
/// sentence over its lines, and so does a line ending on "the" or a comma,
/// or one followed by a line that starts with a verb ("The engineer" over
/// "failed to renew ...").
#[test]
fn ticket_notes_in_a_literal_block_are_lines_and_wrapped_prose_is_not() {
    let env = TestEnv::new();
    let lines = [
        "pm: 1",
        "id: 2026-11-23-orders",
        "title: Orders table locked",
        "status: draft",
        "severity: SEV2",
        "date: 2026-11-23",
        "responders: [Priya Shah]",
        "root_cause: |",
        "  Priya ran the migration",
        "  tool failed to set lock_timeout",
        "  orders table locked for 40 min",
        "contributing_factors:",
        "  - |",
        "    The deploy went out at 14:02 and the release engineer on call that",
        "    night forgot to set the lock timeout before running the migration",
        "    on the orders table, which held its lock for forty minutes.",
        "  - |",
        "    The migration ran at 14:02. The reviewer, in a hurry to close the",
        "    ticket,",
        "    forgot to check the lock timeout.",
        "  - |",
        "    The engineer",
        "    failed to renew the certificate before it expired on the balancer.",
    ];
    env.write(
        "postmortems/2026/2026-11-23-orders.yaml",
        &(lines.join("\n") + "\n"),
    );
    let run = env.pm(&["lint", "orders", "--format", "json"]);
    let found = line_rules(&run, |r| {
        matches!(r, "judged-omission" | "blame-evidence" | "counterfactual")
    });
    assert_eq!(
        found,
        [
            (15, "judged-omission".to_string()),
            (20, "judged-omission".to_string()),
            (23, "judged-omission".to_string())
        ],
        "{}",
        run.stdout
    );
}

/// Attack 56 (blind: six post-mortems in different voices): sanctions in
/// action items written without a keyword ("Fire Bob", "Take release
/// rights away from Jake", a note on a personnel record, a bonus removed,
/// a Datix report against the engineer), HR wording ("treated as a
/// conduct matter", "HR notified of the employee's policy breach"), a
/// person named as the root cause by role, a timeline told in the present
/// ("leaks the production key"). And everyday operations words stay
/// quiet: an alert fired, a DNS `REFUSED`, a thing found to be the
/// culprit, the guilty commit.
#[test]
fn sanctions_without_keywords_and_operations_words_attack_56() {
    let env = TestEnv::new();
    let actions = String::from("# field: action_items\n")
        + &attack_rows(
            "blame",
            "punishment",
            &[
                "Fire Bob",
                "Take release rights away from Jake",
                "Add a note to the employee's personnel record regarding the breach",
                "Record a Datix incident against the engineer involved",
                "Log a formal performance concern for the DBA",
                "Add this incident to the on-call engineer's annual review",
                "Remove the quarterly bonus of the night shift",
                "Re-educate 4 West nursing staff on downtime procedures",
                "Ensure engineers exercise greater vigilance during out-of-hours changes",
                "Andrei must pass again the change management exam",
                "Manager to control personally the work of Andrei for next 3 months",
                "Ensure staff comply with SEC-POL-14 going forward",
            ],
        );
    assert_counts(
        &eval_tsv(&env, "attack-56-actions.tsv", &actions),
        // Vigilance asked of people is a warning by design.
        &[("blaming", 12), ("caught", 12), ("caught_as_error", 10)],
    );
    let prose = String::from("# field: contributing_factors\n")
        + &attack_rows(
            "blame",
            "person-as-cause",
            &[
                "The root cause of the incident has been determined to be a failure on the part of the Platform Security team to renew the certificate in time.",
                "Human factors, specifically a lack of situational awareness on the part of the engineer, were the primary cause.",
                "Staff must understand that any repetition of this will be treated as a conduct matter.",
                "A conversation about expectations has been scheduled between the engineer and their manager.",
                "Root cause: the release engineer.",
            ],
        )
        + "# field: timeline\n"
        + &attack_rows(
            "blame",
            "person-as-cause",
            &[
                "Lena Brandt leaks the production key.",
                "Release engineer leaks the signing key.",
                "HR notified of the employee's policy breach.",
            ],
        );
    assert_counts(
        &eval_tsv(&env, "attack-56-prose.tsv", &prose),
        &[("blaming", 8), ("caught", 8)],
    );
    let quiet = String::from("# field: action_items\n")
        + &attack_rows(
            "ok",
            "system",
            &[
                "Fire the disk alert at 80% instead of 95%",
                "Take write access away from the legacy CI bot",
                "Remove the bonus multiplier from the pricing job",
            ],
        )
        + "# field: timeline\n"
        + &attack_rows(
            "ok",
            "system",
            &[
                "Resolvers begin to answer REFUSED to CGNAT ranges.",
                "The retry storm was the culprit behind the CPU spike.",
                "The guilty commit was reverted at 10:40 and latency recovered.",
                "The migration tool leaks file descriptors under load.",
                "HR was notified because payroll exports were delayed.",
                "Dana identifies the bad config with git blame.",
                "The nurse on the ward did nothing wrong.",
            ],
        );
    assert_counts(
        &eval_tsv(&env, "attack-56-quiet.tsv", &quiet),
        &[
            ("blameless", 10),
            ("false_errors", 0),
            ("false_warnings", 0),
        ],
    );
    // Our own probes against the new checks: the object of a sanction is
    // the phrase right after the verb, not a person further on.
    let probes = attack_rows(
        "ok",
        "system",
        &[
            "The utility advised residents to fire up generators if they lost power.",
            "The scheduler will fire alerts to whoever is on call.",
            "We fire the webhook to the on-call engineer's phone.",
            "Terminate the instances the intern launched for the load test.",
            "Suspend the replica before the on-call engineer starts the restore.",
            "A 1:1 between the new engineer and their manager covers the on-call rotation before the first shift.",
            "The pipeline fails to start when the lock is held.",
            "The exporter leaks memory when the scrape times out.",
            "Root cause: the expired certificate.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "attack-56-probes.tsv", &probes),
        &[("blameless", 9), ("false_errors", 0)],
    );
    let sanctions = attack_rows(
        "blame",
        "punishment",
        &[
            "Suspend Priya until the review is done",
            "Take merge rights away from the contractor",
            "File a complaint against the contractor who ran the script",
            "The city is suspending the engineer's certificate for facade inspections.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "attack-56-sanctions.tsv", &sanctions),
        &[("blaming", 4), ("caught_as_error", 4)],
    );
}

/// Attack 57 (blind: a game studio, a dairy plant, a university
/// committee, a government service, open-source maintainers, a
/// warehouse): counterfactuals with a contraction or an opening "Had";
/// committee and HR sanctions ("held to account", "the conduct of the
/// on-call engineer be reviewed", "passed to HR"); someone named by an
/// initial and a surname ("R. Adeyemi", "Mr T. Ellery"), who was not a
/// person unless the first name was on pm's list. And what clears people
/// or changes a rota stays quiet.
#[test]
fn counterfactual_forms_committee_sanctions_and_initials_attack_57() {
    let env = TestEnv::new();
    let blame = String::from("# field: root_cause\n")
        + &attack_rows(
            "blame",
            "counterfactual",
            &[
                "If the on-call had read the runbook, we'd have been back up by 18:30.",
                "If the on-call had read the runbook, it wouldn't have happened.",
                "Had the planner split the wave, we would not be writing this.",
                "Had the IAM team kept a handover, the certificate would not have expired.",
                "Hold the IAM lead accountable for certificate renewals going forward.",
                "The Committee expects individuals to have been held to account.",
                "Appropriate action will be taken in respect of those found to have fallen short.",
                "The Committee has asked that the conduct of the on-call engineer be reviewed by his line manager.",
                "The shift notes will be passed to HR for any follow-up with the individuals concerned.",
                "Maintenance planner (R. Adeyemi) approved CHG-3391 without checking the production schedule.",
                "It has been established that the supplier's lead engineer, Mr T. Ellery, approved the change without reviewing the route list.",
                "D. Kowalski approved the change without testing it.",
                "Ops manager note: I signed off the peak plan with that wave size, so this one is partly on me.",
                "The integrator approved the change without testing it.",
            ],
        );
    assert_counts(
        &eval_tsv(&env, "attack-57-blame.tsv", &blame),
        &[("blaming", 14), ("caught", 14)],
    );
    // Follow-up notes are linted, so `--eval` can put sentences there.
    let notes = String::from("# field: follow_up.notes\n")
        + &attack_rows(
            "blame",
            "counterfactual",
            &["The engineer should have checked the certificate."],
        );
    assert_counts(
        &eval_tsv(&env, "attack-57-notes.tsv", &notes),
        &[("blaming", 1), ("caught_as_error", 1)],
    );
    // Teams listed as responders are no one's name to point at.
    let teams =
        String::from("# people: Academic Registry, Controls, Planning\n# field: root_cause\n")
            + &attack_rows(
                "ok",
                "factual-actor",
                &[
                    "The Academic Registrar authorised a 48-hour extension for the affected exams.",
                    "Controls reviewed the interlock logic the next morning.",
                ],
            );
    assert_counts(
        &eval_tsv(&env, "attack-57-teams.tsv", &teams),
        &[("blameless", 2), ("false_errors", 0), ("false_warnings", 0)],
    );
    let quiet = String::from("# field: root_cause\n")
        + &attack_rows(
            "ok",
            "system",
            &[
                "No individual officer is considered to have acted improperly.",
                "If the threshold had been lower, it wouldn't have paged so late.",
                "Had the cache been warm, the latency would have stayed flat.",
                "We chose Plan B. The rollout went fine.",
                "The U.S. Army approved the change after testing it.",
            ],
        )
        + "# field: action_items\n"
        + &attack_rows(
            "ok",
            "system",
            &[
                "Pair new on-call engineers with an experienced secondary for their first four rotations.",
            ],
        );
    assert_counts(
        &eval_tsv(&env, "attack-57-quiet.tsv", &quiet),
        &[("blameless", 6), ("false_errors", 0), ("false_warnings", 0)],
    );
}

/// A surname used alone once the paragraph has introduced the person
/// ("Anna Kowalski ... Kowalski approved") names that person, and a
/// team's on-call ("the payments on-call") is the person holding its
/// pager, not a program of the payments system (attack 56 left both).
#[test]
fn surnames_once_introduced_and_a_teams_on_call_are_people() {
    let env = TestEnv::new();
    let text = "pm: 1\nid: 2026-11-21-surname\ntitle: Surname\nstatus: draft\nseverity: SEV2\ndate: 2026-11-21\nroot_cause: |\n  Anna Kowalski held the release pager that week.\n  Kowalski approved the change without reading it.\n";
    env.write("postmortems/2026/2026-11-21-surname.yaml", text);
    let run = env.pm(&["lint", "surname", "--format", "json"]);
    let lines: Vec<u64> = line_rules(&run, |r| r == "blame-evidence")
        .into_iter()
        .map(|(line, _)| line)
        .collect();
    assert_eq!(lines, [9], "the act on line 9 is Kowalski's");
    // Alone, the same sentence has no one in it: Kowalski could be a product.
    let alone = text.replace("  Anna Kowalski held the release pager that week.\n", "");
    env.write("postmortems/2026/2026-11-21-surname.yaml", &alone);
    let run = env.pm(&["lint", "surname", "--format", "json"]);
    assert!(line_rules(&run, |r| r == "blame-evidence").is_empty());
    let blame = String::from("# field: timeline\n")
        + &attack_rows(
            "blame",
            "judging-omission",
            &[
                "The payments on-call did not respond to the page for 40 minutes.",
                "Payments on-call ignored the page.",
            ],
        );
    assert_counts(
        &eval_tsv(&env, "on-call.tsv", &blame),
        &[("blaming", 2), ("caught", 2)],
    );
    let quiet = String::from("# field: timeline\n")
        + &attack_rows(
            "ok",
            "system",
            &["The alert on-call schedule failed to rotate at midnight."],
        );
    assert_counts(
        &eval_tsv(&env, "on-call-quiet.tsv", &quiet),
        &[("blameless", 1), ("false_errors", 0), ("false_warnings", 0)],
    );
}

/// Attack 58 (blind: an aircraft hangar, a startup's Slack, a hospital
/// pharmacy, a bank's payments desk, a telecom NOC, Indian English):
/// counterfactuals that weigh the act as an easy one are errors; sanctions
/// on "the individuals concerned" are not softened as people in general;
/// "finger trouble" and a "people failure" are human-error labels; a
/// listed responder written in lowercase is named; time told as a
/// judgement ("took his time") warns. Status codes, the culprit commit,
/// a pasted log line and someone's view named as theirs stay quiet or
/// below an error.
#[test]
fn easy_act_counterfactuals_specific_people_and_log_lines_attack_58() {
    let env = TestEnv::new();
    let errors = String::from("# field: root_cause\n")
        + &attack_rows(
            "blame",
            "counterfactual",
            &[
                "Had the certifying engineer taken two minutes to walk round the gear, none of this would have happened.",
                "If the pharmacist had actually read the label instead of glancing at it, the error would have been caught.",
                "If the DBA had just waited for the window, this would not have happened.",
                "Both members of staff have been issued with a formal written warning and their approval limits have been reduced.",
                "The Head of Payments Operations will hold the individuals to account at their next one-to-one.",
                "Essentially a case of finger trouble on the console.",
                "Root cause category: human error (operator), recorded in the taxonomy.",
            ],
        );
    assert_counts(
        &eval_tsv(&env, "attack-58-errors.tsv", &errors),
        &[("blaming", 7), ("caught_as_error", 7)],
    );
    let caught = String::from("# people: Sam Okafor, Dana Kim\n# field: root_cause\n")
        + &attack_rows(
            "blame",
            "insinuation",
            &[
                "honestly the bigger problem is that sam treats prod like his personal sandbox.",
                "The on-call field engineer took his time getting to site.",
                "Vendor's support ghosted us for six hours.",
                "if it happens again his admin rights go, no discussion.",
                "The engineer has been moved off the on-call rota until he demonstrates he can be trusted.",
                "All DBAs to be sensitised to take backup before every activity without fail",
                "Classified as a people failure under our RCA taxonomy.",
            ],
        );
    assert_counts(
        &eval_tsv(&env, "attack-58-caught.tsv", &caught),
        &[("blaming", 7), ("caught", 7)],
    );
    // Silent: no warning either.
    let silent = [
        "git blame points to the culprit commit, a refactor of the retry loop in March.",
        "The PLC raised 'OPERATOR FAULT 0x2F', which is its code for an interlock opened during a cycle.",
        "FATAL: terminating connection due to administrator command",
        "The batch job finally completed at 04:10.",
    ];
    let tsv = String::from("# field: timeline\n") + &attack_rows("ok", "technical", &silent);
    assert_counts(
        &eval_tsv(&env, "attack-58-silent.tsv", &tsv),
        &[("blameless", 4), ("false_errors", 0), ("false_warnings", 0)],
    );
    // Below an error: "just" as "recently", and a name that is a word.
    let lower = String::from("# people: Mark Chen\n# field: timeline\n")
        + &attack_rows(
            "ok",
            "technical",
            &[
                "If the engineer had just started that week, he would not have known the flag.",
                "We mark the job failed when the retry budget runs out.",
            ],
        );
    assert_counts(
        &eval_tsv(&env, "attack-58-lower.tsv", &lower),
        &[("blameless", 2), ("false_errors", 0)],
    );
    // Someone's view, named as theirs, is not the review's finding.
    let view = String::from("# field: root_cause\n")
        + &attack_rows(
            "ok",
            "discussion",
            &[
                "The ward manager's view that pharmacy staff were careless is understandable, but the review found the same error possible for anyone at that shelf.",
            ],
        );
    assert_counts(
        &eval_tsv(&env, "attack-58-view.tsv", &view),
        &[("blameless", 1), ("false_errors", 0)],
    );
}

/// Attack 59 (six post-mortems in voices pm had not met, 202 probes):
/// sarcasm with a marker, minimising past "simply", training and sanctions
/// in other verbs, partitive subjects, a relative clause's own subject;
/// and blame words used of things or about blame, which stay quiet.
#[test]
fn sarcasm_minimising_training_and_culprits_attack_59() {
    let env = TestEnv::new();
    let prose = String::from("# field: root_cause\n")
        + &attack_rows(
            "blame",
            "attack-59",
            &[
                "Reviewing a one-line change is just not that hard.",
                "Checking the config before deploying is simply common sense.",
                "It was only necessary to look the crash dashboard for two minutes before to promote.",
                "The tooling was confusing, but a professional would have read the warning.",
                "Unfortunately, some staff in finance are simply too naive about the threats we face.",
                "Some of the older engineers are stubborn and refuse to use the new tooling.",
                "Some people in the team do not respect the process and this must change.",
                "Restoring the hosts was just a matter of re-running the command with the right number, which the operator could have done immediately.",
                "The person who promotes the release must be watching the dashboard in this moment, this is obvious.",
                "Interestingly, the config was changed by the same person who complained about the on-call load last week.",
                "The partner's developers misused our API, as they always do.",
                "This is a blameless post-mortem, but let's be honest about who caused it.",
                "The outage started shortly after a change written by our contractor went live, and I will let readers draw their own conclusions from that.",
                "We are grateful that the release manager eventually found time in his busy schedule to join the call.",
                "The on-call was, for reasons best known to himself, offline for the first hour.",
                "Nice of the release manager to let us know about the schema change after it shipped.",
                "Who could possibly have guessed that removing the rate limit would cause a flood.",
                "Deploying to production at 4:55pm on a Friday was, as always, a brilliant idea.",
                "Friday at 6pm, naturally the perfect time to refactor the most important model we have.",
                "We were lucky the operator noticed the alarm at all.",
                "Lucky for everyone that a PM happened to look, since the person who made the change certainly didn't.",
            ],
        );
    assert_counts(
        &eval_tsv(&env, "attack-59-prose.tsv", &prose),
        &[("blaming", 21), ("caught", 21)],
    );
    let actions = String::from("# field: action_items\n")
        + &attack_rows(
            "blame",
            "attack-59",
            &[
                "Send the operator on the refresher course on dosing control",
                "Enrol the employee in remedial phishing training and test her monthly",
                "The release manager will not do releases during the next two months",
                "Review the vendor contract and withhold payment for the November invoice",
                "Add a note to the engineer's file about this incident.",
                "The engineer must do again the training of the release process and sign the checklist each time",
            ],
        );
    assert_counts(
        &eval_tsv(&env, "attack-59-actions.tsv", &actions),
        &[("blaming", 6), ("caught", 6)],
    );
    // Silent: no warning either.
    let silent = String::from("# field: root_cause\n")
        + &attack_rows(
            "ok",
            "attack-59",
            &[
                "The culprit was a stale DNS cache in the sidecar proxy.",
                "Our post-mortem policy asks us to look for conditions rather than culprits, and this section tries to do that.",
                "Blaming the engineer who ran the command would teach everyone to hide near-misses.",
                "A just culture distinguishes honest mistakes from reckless behaviour, and nothing here was reckless.",
                "We want to say clearly that this post-mortem is not for to find a guilty person.",
                "And to their credit, they eventually succeeded.",
                "He almost certainly did not get fired.",
                "Unfortunately the three of us were attending an event out of town and didn't notice until Monday morning.",
            ],
        );
    assert_counts(
        &eval_tsv(&env, "attack-59-silent.tsv", &silent),
        &[("blameless", 8), ("false_errors", 0), ("false_warnings", 0)],
    );
    // An organisation's omission told with the bare verb ("did not inform"
    // is "informed" in the lexicon), from the dev split; the press's "did
    // not respond to requests for comment" stays quiet.
    let org = String::from("# field: root_cause\n")
        + &row(
            "blame",
            "organisation",
            "https://example.org/dev-split",
            "AQA did not inform us of the scale of the problem until we uncovered it as part of routine monitoring earlier this week.",
        )
        + &row(
            "ok",
            "neutral",
            "https://example.org/dev-split",
            "Rite Aid, CVS and Walgreens did not respond to the outlet's request for comments.",
        );
    assert_counts(
        &eval_tsv(&env, "attack-59-org.tsv", &org),
        &[("caught", 1), ("false_errors", 0), ("false_warnings", 0)],
    );
    // A system word in a name is still a name: the hunt is for someone.
    let named = String::from("# field: root_cause\n")
        + &attack_rows(
            "blame",
            "attack-59",
            &["It began to emerge that the real culprit was Network Rail."],
        );
    assert_counts(
        &eval_tsv(&env, "attack-59-named.tsv", &named),
        &[("blaming", 1), ("caught", 1)],
    );
}

/// Batch 70's dev rows: sanctions in other words, passing the buck, and
/// the rhetorical "how hard can it be?"; a team taking the buck itself
/// stays quiet.
#[test]
fn sanctions_buck_passing_and_how_hard_batch_70() {
    let env = TestEnv::new();
    let rows = [
        (
            "punishment",
            "The panel decided to impose a caution order for three years.",
        ),
        (
            "punishment",
            "It all started when they let my associate go for being terminally tardy.",
        ),
        (
            "punishment",
            "The General Medical Council (GMC), the U.K. medical regulatory agency, voted to take away her license.",
        ),
        (
            "punishment",
            "Controller Muruganandam and two station masters, Beemsingh Meena (Kalligudi) and Jayakumar (Tirumangalam), were placed under suspension after two passenger trains were set off on a collision course on the Madurai-Virudhunagar section on Thursday.",
        ),
        (
            "organisation",
            "British Airways, the British Airports Authority and their IT suppliers have continued to pass the buck over the Terminal 5 baggage fiasco.",
        ),
        ("organisation", "There is a culture of covering up errors."),
        ("person-as-cause", "The buck stops with the consultant."),
        ("minimising", "How hard can that be?"),
    ];
    let tsv: String = rows
        .iter()
        .map(|(family, s)| row("blame", family, "https://example.org/batch-70-dev", s))
        .collect();
    assert_counts(
        &eval_tsv(&env, "batch-70.tsv", &tsv),
        &[("blaming", 8), ("caught", 8)],
    );
    let ours = row(
        "ok",
        "we-ownership",
        "https://status.sorryapp.com/notices/9i6xkblw5icv5xec-total-outage-of-sorry-status-pages-app-apis",
        "However, we chose them as suppliers, so the buck stops with us.",
    );
    assert_counts(
        &eval_tsv(&env, "batch-70-ours.tsv", &ours),
        &[("blameless", 1), ("false_errors", 0), ("false_warnings", 0)],
    );
}

/// More of batch 70's dev rows: a person as the author of the change
/// given as the cause, a wrong or bad act done by a person, sanctions
/// named in a regulator's words, character in idioms.
#[test]
fn authors_of_causes_referrals_and_idioms_batch_70() {
    let env = TestEnv::new();
    let rows = [
        "On 2021-08-03 2:35pm PST, one of our engineers made a bad database migration that caused discrepancies between the indexed data and the source of truth in the database.",
        "This affected the entire operation of our system as the system was returning a 500 for an hour and this was because of a change in the configuration file by one of our team members.",
        "The Dealership’s mechanic left the oil cap loose.",
        "The nurse was referred to the Director of Proceedings.",
        "We completed our investigation, and we separated the employee from the employment.",
        "Second, I'm having a hard conversation with whoever approved that Friday deployment.",
        "The local team couldn’t get their act together, so they called in our hero, hoping for a miracle (or, as it turns out, a patsy).",
        "No one actually stops to verify; they just go through the motions.",
        "Another blundering doctor even said Kenneth was ready to be discharged only hours before he passed away.",
    ];
    let tsv: String = rows
        .iter()
        .map(|s| row("blame", "batch-70", "https://example.org/batch-70-dev", s))
        .collect();
    assert_counts(
        &eval_tsv(&env, "batch-70-more.tsv", &tsv),
        &[("blaming", 9), ("caught", 9)],
    );
    // A team's or a writer's own release, and a hypothetical, stay quiet.
    let quiet = [
        "After we have made a broken release, what should we do?",
        "The team may have made incorrect decisions.",
    ];
    let tsv: String = quiet
        .iter()
        .map(|s| row("ok", "we-ownership", "https://example.org/batch-70-dev", s))
        .collect();
    assert_counts(
        &eval_tsv(&env, "batch-70-quiet.tsv", &tsv),
        &[("blameless", 2), ("false_errors", 0), ("false_warnings", 0)],
    );
}

/// Attack 60 (six post-mortems: a terse SRE, a support lead, a rail
/// possession, an Australian ISP, a Dutch speaker's logistics incident, a
/// hospital lab): an organisation given as the cause, hints about
/// competence and tenure, sarcasm with "typical" and "for once",
/// behaviour in plain words, idioms, sign-that-you-have-read.
#[test]
fn organisations_as_causes_hints_and_idioms_attack_60() {
    let env = TestEnv::new();
    let caught = String::from("# field: root_cause\n")
        + &attack_rows(
            "blame",
            "attack-60",
            &[
                "The outage was caused by the vendor.",
                "Change went out on a Friday afternoon, by someone two weeks into the team.",
                "Once someone competent looked at the deploy log it took 2 minutes.",
                "Lucky the vendor's support desk was awake for once.",
                "Customer posts screenshot on social media rather than replying to us, typical",
                "Dev kept insisting his change couldn't be the cause, which cost us ten minutes.",
                "The engineer was convinced it was the firewall and wouldn't listen.",
                "The night supervisor was in denial for the first hour.",
                "The engineer had a shocker on this one.",
                "The NOC crew were too busy having a yarn to notice the call queue climbing.",
                "Corners were cut.",
            ],
        )
        + "# field: action_items\n"
        + &attack_rows(
            "blame",
            "attack-60",
            &["Pieter must sign that he has read the work instruction again"],
        );
    assert_counts(
        &eval_tsv(&env, "attack-60.tsv", &caught),
        &[("blaming", 12), ("caught", 12)],
    );
    // What an organisation owns is not the organisation, and a contractor
    // denying a claim is told, not judged.
    let quiet = String::from("# field: root_cause\n")
        + &attack_rows(
            "ok",
            "attack-60",
            &[
                "The meltdown was caused by the bank’s migration to a new IT system.",
                "The contractor kept denying it.",
            ],
        );
    assert_counts(
        &eval_tsv(&env, "attack-60-quiet.tsv", &quiet),
        &[("blameless", 2), ("false_errors", 0), ("false_warnings", 0)],
    );
}

/// Attack 61 (a retailer's manager, a county's dispatch IT, a grid
/// control room, a newsroom, a German speaker at a parts plant, a
/// data-science lead): sanctions and remedies in other words, sarcasm and
/// hints, counterfactuals with an adverb or "when" for "if", rule-breaking
/// in asides, and a subject with a system word after its preposition.
#[test]
fn sanctions_sarcasm_calques_and_asides_attack_61() {
    let env = TestEnv::new();
    let prose = String::from(
        "# people: Priya Nair, Shawn Miller, Hannah Voss, Pieter de Vries\n# field: root_cause\n",
    ) + &attack_rows(
        "blame",
        "attack-61",
        &[
            "Priya acknowledged the page and then, apparently, went back to her coffee for eleven minutes.",
            "Shawn tried to restart the database three times before calling anyone, which made recovery harder.",
            "The on-call engineer kept restarting pods, which made things worse for everyone.",
            "Had the reviewer actually read the diff, the bug would have been caught.",
            "When Pieter had asked the planner, this would not have happened.",
            "None of this happens if the dispatcher reads back the address.",
            "Basic switching discipline was not observed by those involved.",
            "The work instruction was not respected, and the consequences we all know now.",
            "Data quality checks that are standard practice on this team were not carried out.",
            "I note that the technician was apparently not watching his own monitoring screen while he patched.",
            "I will simply say that a more experienced analyst would probably have noticed a 31 percent null rate.",
            "The colleague from process engineering has not considered that the torque station still runs with the old firmware.",
            "The colleagues from process engineering take the release process not serious enough.",
            "Some engineers on this team are simply too casual about production changes.",
            "The control engineer has a reputation for rushing schedules to get them finished before handover.",
            "Both people were on autopilot, and it showed.",
            "The colleague has worked not careful and so the parts became damaged.",
            "The fault lies by the colleague from the night shift, who has not made the check.",
            "The operator has tried three times to start the order by himself, although this is forbidden, and so the error became worse.",
            "Jess went offline at the end of her shift at 06:00 without handing over, in the middle of an incident.",
            "Hannah claimed she had run the tests, but the CI logs show no run.",
            "The technician chose to patch at 2 a.m. because it was convenient for him, not because it was safe.",
            "Shawn told the supervisor it was probably a network problem, which was not true and which he had no basis for saying.",
            "The web desk replied with a thumbs-up emoji, which is a novel way to respond to a legal risk.",
            "Apparently the colleague thinks that the line will test his recipes for him.",
            "Apparently reading the error message was optional for our on-call engineer.",
            "As head of production IT I must say that I have also failed, because I have not controlled the release.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "attack-61-prose.tsv", &prose),
        &[("blaming", 27), ("caught", 27)],
    );
    let actions = String::from(
        "# people: Fiona Walsh, Olu Adeyemi, Aisha Khan, Owen Price, Jess Park, Carlos Reyes, Yuki Tanaka\n# field: action_items\n",
    ) + &attack_rows(
        "blame",
        "attack-61",
        &[
            "Withdraw Fiona Walsh's switching authorisation for three months.",
            "Owen to attend the numbers-accuracy workshop run by the data desk.",
            "Jess is taken off the overnight desk until further notice.",
            "Mr. Roth receives a new instruction in the release process and signs it.",
            "Write an official warning (Abmahnung) for the operator because of the repeated restarts.",
            "Sensitise all colleagues again for more carefulness with recipe releases.",
            "Aisha to pair with a senior analyst on all datasets until the end of the quarter.",
            "Remove Aisha from the v8 model work and reassign it to a more senior analyst.",
            "Olu must read the incident handbook and confirm by email.",
            "Move Carlos off the payments team.",
            "Yuki will lose on-call eligibility until the review is complete.",
            "Tell the dispatchers to listen more carefully to addresses.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "attack-61-actions.tsv", &actions),
        &[("blaming", 12), ("caught", 12)],
    );
    // Quiet: a program called a guard, a warning to the public, things
    // removed or moved, a fact worth noting that the team lacked, the
    // team's own confusion, and a system that made recovery harder.
    let silent = String::from("# field: root_cause\n")
        + &attack_rows(
            "ok",
            "attack-61",
            &[
                "The margin guard logged \"WARN price_below_cost sku=HG-20931 ratio=0.41 action=log_only\" and took no action.",
                "The price guard did not block the change.",
                "Issue a formal warning to the public about the flood risk.",
                "Remove the old node from the cluster.",
                "The server is taken off the line until further notice.",
                "It is worth noting that the engineer did not have access to the dashboard.",
                "It is worth noting that we had some confusion about where the cache lived.",
                "The missing runbook made recovery harder.",
                "The deploy tool retried the migration, which made things worse.",
                "Some staff were unable to log on to the computer system, which caused three flights to leave without bags.",
                "And to their credit, they eventually succeeded.",
            ],
        );
    assert_counts(
        &eval_tsv(&env, "attack-61-silent.tsv", &silent),
        &[
            ("blameless", 11),
            ("false_errors", 0),
            ("false_warnings", 0),
        ],
    );
}

/// Attack 62 (a hotel's general manager, a school district's IT director,
/// a crypto exchange's CTO, a French speaker at a ferry operator, a web
/// agency's owner, a pharma QA auditor): its two false errors stay quiet;
/// sanctions, remedies, conduct and hints in other words, calques and the
/// people a service serves given as the cause are caught.
#[test]
fn calques_customers_and_sanctions_in_other_words_attack_62() {
    let env = TestEnv::new();
    let prose = String::from(
        "# people: Sophie Lemaire, Karim Benali, Mei Chen, Farah Aziz, Declan Byrne\n# field: root_cause\n",
    ) + &attack_rows(
        "blame",
        "attack-62",
        &[
            "The two incidents are caused by operators who have not respected the procedures.",
            "Sophie has not respected the procedure.",
            "Sophie has not made attention to the placard on the van and she has directed it to the upper deck.",
            "A more conscientious administrator would have double-checked a file that affects every family in two schools.",
            "The warning appeared in every nightly log from 4 to 12 March and was not acted upon by the data-management team.",
            "That change was merged at 01:50 UTC by an engineer who, we will note, had joined the company six weeks earlier.",
            "The config was edited at 2 a.m. by someone who had been at the office party until midnight.",
            "Interestingly, the alert was acknowledged by Mei and then nothing happened for forty minutes.",
            "Farah was told twice not to touch that server.",
            "Declan claims he followed the runbook, but the logs say otherwise.",
            "We must say that this officer has a problem of concentration.",
            "Detection was fine; the problem was that the on-call engineer hesitated before pulling the circuit breaker.",
            "The operator refused to roll back when asked.",
            "The team lead let this slide for months.",
            "The DBA shot himself in the foot with that index.",
            "The freelancer basically left the front door wide open and went on holiday.",
            "The support engineer was unhelpful and defensive on every call until we threatened the contract.",
            "Data managers at the CRO habitually skip log review when queries are high.",
            "The engineer responsible lost production access for a month.",
            "Thanks, Farah, for that brilliant idea to skip the canary.",
            "The harm was compounded by parents who chose to post screenshots of other children's grades on social media.",
            "Users who resubmitted the same withdrawal five or six times tripled the size of the queue.",
            "A good share of the failed orders came from customers hammering the refresh button, which made things worse for everyone.",
            "The engineer is the reason the queue collapsed.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "attack-62-prose.tsv", &prose),
        &[("blaming", 24), ("caught", 24)],
    );
    let actions = String::from(
        "# people: Sophie Lemaire, Karim Benali, Declan Byrne, Tomasz Nowak\n# field: action_items\n",
    ) + &attack_rows(
        "blame",
        "attack-62",
        &[
            "Organize a formation of recall for Sophie Lemaire on the visual control of vehicles.",
            "Send a written remark to Karim Benali for the refusal of the paper procedure.",
            "Give Karim Benali a written warning.",
            "Issue a reminder to all counselors that ignoring urgent email is a performance matter.",
            "Remind all phlebotomists that failure to label at the bedside will be treated as misconduct",
            "Make every new hire sign an acknowledgment of our change-management policy before getting commit rights.",
            "Require all CRO data managers to re-sign the log-review work instruction.",
            "Put freelancers on a short leash: no plugin goes in without my personal sign-off.",
            "Make Declan shadow a senior engineer for every deploy until further notice.",
            "Tell Tomasz to stop running scripts from his laptop.",
            "Failure to label at the bedside will be treated as misconduct.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "attack-62-actions.tsv", &actions),
        &[("blaming", 11), ("caught", 11)],
    );
    // Quiet: its two false errors, and what the new patterns must leave
    // alone (a skipped step in the engineer's sentence still fires).
    let silent = String::from("# field: root_cause\n")
        + &attack_rows(
            "ok",
            "attack-62",
            &[
                "The rebuild checklist was a Word document with no sign-off, so a skipped step left no trace.",
                "We have been asked who should be fired, and we think that is the wrong question: the repository let an unreviewed change reach the signer.",
                "Everybody did what they were supposed to do.",
                "The number of users doubled over the weekend.",
                "The sheer volume of players caused six different incidents.",
                "The retry storm is the reason the queue collapsed.",
                "IC asks responders to stop making changes.",
            ],
        );
    assert_counts(
        &eval_tsv(&env, "attack-62-silent.tsv", &silent),
        &[("blameless", 7), ("false_errors", 0), ("false_warnings", 0)],
    );
}

#[test]
fn where_clauses_night_agents_records_and_hardware_faults_attack_62_64() {
    let env = TestEnv::new();
    // Attack 62 and 64 sentences (the night-agent ones as the report's own
    // plain-English rewording of the ferry's calque).
    let blame = String::from("# people: Dave\n# field: root_cause\n")
        + &attack_rows(
            "blame",
            "attack-62",
            &[
                "Our DBA ran the delete without a WHERE clause.",
                "The night agent has not looked at the supervision screens.",
                "The duty agent had not looked at the screens.",
                "We must say that it is not the first time that this officer has a problem of concentration.",
                "Let's just say this is not the first time Dave has waved someone through.",
            ],
        );
    assert_counts(
        &eval_tsv(&env, "attack-62-blame.tsv", &blame),
        &[("blaming", 5), ("caught", 5)],
    );
    let silent = String::from("# people: Raj Patel\n# field: root_cause\n")
        + &attack_rows(
            "ok",
            "attack-64",
            &[
                "Raj Patel diagnosed the disk controller fault within five minutes of reaching the rack.",
                "The disk controller fault was diagnosed within five minutes.",
                "It is not the first time the on-call was paged for this alert.",
                "This is not the first time that this alert has fired.",
                "The ORM generated the delete without a WHERE clause after the refactor.",
            ],
        );
    let report = eval_tsv(&env, "attack-64-silent.tsv", &silent);
    // The named responder is a naming-individuals warning, nothing else.
    assert_counts(&report, &[("blameless", 5), ("false_errors", 0)]);
    let file = env.dir.path().join("attack-64-silent.tsv");
    let run = env.pm(&["lint", "--eval", file.to_str().unwrap(), "--details"]);
    for rule in ["fault-words", "culprit", "insinuation", "rule-breaking"] {
        assert!(!run.stdout.contains(rule), "{}", run.stdout);
    }
}

/// Attack 65 (and leftovers of 63-64): trades the lexicon did not know,
/// conduct and idioms said of people, sanctions and action items in other
/// words; and on the quiet side, quoted terms naming a thing, reasons not
/// to punish, a negated culprit and a gerund opening a timeline entry.
#[test]
fn trades_conduct_sanctions_and_quoted_terms_attack_65() {
    let env = TestEnv::new();
    let prose = String::from(
        "# people: Jess Moran, Liam Doyle, Kyle Martinez\n# field: root_cause\n",
    ) + &attack_rows(
        "blame",
        "attack-65",
        &[
            "The relief milker didn't bother washing the cluster and we lost the whole tank to contamination.",
            "The pit controller should have called the stop.",
            "Lashers standing around with their hands in their pockets while the crane is down.",
            "The locum stands there like a rabbit in the headlights while the nurses do all the work.",
            "Liam wanders off from the kennel ward and leaves the cat unwatched for six minutes.",
            "Attendant Jess leaves her post at the exit gate to take selfies with the stuck train in the background.",
            "Kyle takes his sweet time bringing the key, like always.",
            "I won't name names, but certain ride ops were more interested in their phones than the panel.",
            "The charge nurse was more interested in her break than in the deteriorating patient.",
            "The dozer operator was away with the pixies and backed straight into the light vehicle.",
            "Our pickers on nights are the laziest bunch in the network.",
            "Housekeeping couldn't be arsed to report the leak until the ceiling came down.",
            "The forklift driver was driving like a maniac in the cold store.",
            "The contractor was bludging in the crib room when the pump tripped.",
            "The ride op panicked and slammed the E-stop for no good reason, and that's what set this whole thing off.",
            "Honestly our on-call guy is too sleepy for this kind of job.",
            "Drivers pencil-whipped their pre-trip sheets and dispatch waved them straight out the gate.",
            "Jess is a liability on that platform and everybody on the team knows it.",
            "The security guard was sleeping and only woke up when the alarm had been going for ten minutes.",
            "Operator's awareness is low, so this kind of problem is happened.",
            "Management issues a query letter to the engineer who deployed 4.12.",
            "Die setter was removed from Line 3 work from next day.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "attack-65-prose.tsv", &prose),
        &[("blaming", 22), ("caught", 22)],
    );
    let actions = String::from(
        "# people: Jess Moran, Wei Zhang, Rafael Souza, Bianchi\n# field: action_items\n",
    ) + &attack_rows(
        "blame",
        "attack-65",
        &[
            "Sack the relief milker.",
            "Write up Jess for leaving her post, and it goes in her file.",
            "Blacklist the scaffolding contractor's foreman from all our sites.",
            "Dock a day's pay from the housekeeping staff on that floor.",
            "Read out the names of the drivers who skipped checks at the next depot meeting.",
            "Dr Bianchi will not be booked as a locum here again.",
            "The IT boy should be queried and made to write a report explaining himself.",
            "Remind drivers, again, that the pre-trip is not optional.",
            "We will make strict education to all die setters about confirmation of shut height.",
            "Signallers must concentrate harder during route setting.",
            "Keep a close eye on the lift engineer's work from now on.",
            "Monitor the junior admin's changes closely.",
            "Make sure Wei double-checks his work.",
            "Require that Rafael only does deploys with supervision.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "attack-65-actions.tsv", &actions),
        &[("blaming", 14), ("caught", 14)],
    );
    let silent = String::from("# field: root_cause\n")
        + &attack_rows(
            "ok",
            "attack-65",
            &[
                "The 'operator error' code E-OP-12 in the PLC log means the operator panel lost its network link.",
                "A 'human error' category exists in the old ticket system, and we no longer use it.",
                "The 'careless whisper' playlist on the ops screen has nothing to do with this incident.",
                "The on-call engineer was not the culprit; the alert only fired after 8 minutes of anomaly because of the window of aggregation.",
                "Blaming the signaller would hide the fact that the interlock was disabled.",
                "Punishing the person who reports a near miss teaches everyone else to stay quiet.",
                "Our safety culture depends on operatives reporting problems, and punishing people for honest mistakes would work against that.",
                "14:00 Lifting was suspended for the day by the site manager pending investigation.",
                "The lifeguard didn't know that the victim was out of the water when someone came to get his help.",
                "The job restarted for no apparent reason at 02:00.",
                "The health checker should have detected the failure.",
                "Security awareness is low across the industry, which phishing campaigns exploit.",
                "Monitor the database's replication lag.",
                "The worker thread was sleeping when the signal arrived.",
            ],
        );
    assert_counts(
        &eval_tsv(&env, "attack-65-silent.tsv", &silent),
        &[
            ("blameless", 14),
            ("false_errors", 0),
            // "Lifting was suspended ... by the site manager": since the
            // word weights count pairs of words (session 29), a sanction
            // word beside a manager warns, though it is the work that was
            // suspended.
            ("false_warnings", 1),
        ],
    );
}

/// Attack 66 (six voices: a ski resort's lift operations, a Polish speaker
/// at a furniture plant, a podcast startup, a Scottish council's repairs
/// service, clinical trials data management, Singaporean last-mile
/// delivery): sarcasm told as a habit, sanctions told as a consequence,
/// hindsight and minimising idioms, and quoted blame that the sentence sets
/// aside.
#[test]
fn habits_consequences_idioms_and_quotes_set_aside_attack_66() {
    let env = TestEnv::new();
    let prose = String::from("# people: Dr Okafor, Krzysztof Nowak\n# field: root_cause\n")
        + &attack_rows(
            "blame",
            "attack-66",
            &[
                "Dr Okafor finally graces the call with her presence, two hours after being paged.",
                "Person who did this will not get the quarterly bonus, management already decided.",
                "Tbh the cowboy should lose console access permanently, end of.",
                "It was simply a matter of checking the units column, which would have taken seconds.",
                "It would only have taken him two minutes to just check the service list before heading hame.",
                "In hindsight the error was glaringly obvious and should never have got past anyone competent.",
                "Any fool could have seen that the prison kitchen fryer was going to catch fire with that much grease on it.",
                "Looking back, it was blindingly obvious that the set lighting rig was overloaded, and the gaffer should have clocked it.",
                "Site 022 staff are notorious for entering data late, which delayed reconciliation further.",
                "The repairs contractor were, as ever, slow off the mark and didnae pick up the phone until after 10.",
                "The head office finance people sat on the purchase order for two weeks as they do.",
                "Funny how the net winch only ever breaks when a certain deckhand is on watch.",
                "Krzysztof says he \"did not touch nothing\", we will see about that.",
                "The individual concerned has shown a pattern of inattention to detail in previous configuration work.",
                "The library catalogue was down all day when all it needed was for somebody to just renew the domain.",
                "The lifty at the top should of slowed the lift the minute the wind picked up.",
            ],
        );
    assert_counts(
        &eval_tsv(&env, "attack-66-prose.tsv", &prose),
        &[("blaming", 16), ("caught", 16)],
    );
    let actions = String::from("# people: Marcus Webb, Joy Santos\n# field: action_items\n")
        + &attack_rows(
            "blame",
            "attack-66",
            &[
                "Marcus to step back from IC duty until he's done the IC training.",
                "Joy to be moved off the dispatch desk until she can prove she is reliable.",
            ],
        );
    assert_counts(
        &eval_tsv(&env, "attack-66-actions.tsv", &actions),
        &[("blaming", 2), ("caught", 2)],
    );
    let silent = String::from("# people: Leo Park, Rodel Cruz\n# field: root_cause\n")
        + &attack_rows(
            "ok",
            "attack-66",
            &[
                "Someone in the debrief said \"the lifties weren't paying attention\", but the panel had no alarm to pay attention to.",
                "Not a \"Leo messed up\" thing really; the console let a 24h 5xx TTL through with zero warnings and no review.",
                "Early reports said the crash was \"caused by careless staff\", but the investigation found the ladder's locking pin had sheared.",
                "Someone said in the chat that \"Rodel was slacking\", but he was on the phone with the fire service the whole time.",
            ],
        );
    assert_counts(
        &eval_tsv(&env, "attack-66-silent.tsv", &silent),
        &[("blameless", 4), ("false_errors", 0), ("false_warnings", 0)],
    );
}

/// Attack 67 (tests/lint/incoming/attack67): sanctions in money and work,
/// people told again, watched, or judged as unreliable; customers blamed
/// in other words; sarcasm and minimising said of someone; a time's colon
/// that broke a clause; trades pm did not know ("the brewer").
#[test]
fn sanctions_reminders_sarcasm_and_unknown_trades_attack_67() {
    let env = TestEnv::new();
    let prose = String::from("# people: Shona Reid, Kamau Njoroge\n# field: root_cause\n")
        + &attack_rows(
            "blame",
            "attack-67",
            &[
                "Night shift technologist noticed missing images at 07:50 but failed to report it to helpdesk until 09:15.",
                "The brewer ought to have checked the glycol valve before leaving the fermenters overnight.",
                "Basically the failure was due to manual mistake by the shift fellow at the cement kiln.",
                "Looking back, anyone paying attention would have noticed the freezer alarm.",
                "AquaGrow technicians are not competent, they installed the update and left without training anyone.",
                "The duty manager at the cinema was rude and unhelpful during the evacuation.",
                "The translation freelancer was unreliable and disappeared mid-project.",
                "Passengers caused the baggage belt jam by overpacking, it is their own doing.",
                "Attorneys who wait until 11:59 p.m. to file deserve some of this, frankly.",
                "The library's self-checkout broke because patrons keep jamming books in the return slot like animals.",
                "Shona answered her phone for once.",
                "At least this time the night guard Kamau was awake.",
                "Our genius of an archivist decided humidity control was optional.",
                "The fix was literally one line and somehow it took them all night.",
                "Confirming two bows against a list is simply not a complex task.",
                "Just to check one date field takes maybe five seconds.",
                "The supervisor should be made to pay part of the loss so that he can learn.",
                "It is perhaps telling that the upload was done late on a Friday, immediately before the person concerned went on leave.",
                "We are also asking ourselves why the same supervisor is always on duty when problems happen.",
                "The payroll export went wrong, again, on the day the new hire in finance was in charge.",
            ],
        );
    assert_counts(
        &eval_tsv(&env, "attack-67-prose.tsv", &prose),
        &[("blaming", 20), ("caught", 20)],
    );
    let actions = String::from(
        "# people: Aoife Byrne, Gary Pruitt, Davy Moore\n# field: action_items\n",
    ) + &attack_rows(
        "blame",
        "attack-67",
        &[
            "Dock Davy a day's pay.",
            "Deduct the cost of the spoiled blood units from the lab tech's salary.",
            "Withhold the contractor's final milestone payment until they own this.",
            "Remove Gary Pruitt's authority to approve production releases.",
            "Blacklist the diesel supplier and report them to the commission.",
            "The crew who rigged the marquee will not be hired for next season.",
            "Tell skippers again: check ice before landing.",
            "Remind pilots that pre-flight checks are mandatory, not optional.",
            "Make Aoife read the handover policy and sign that she understood it.",
            "Install a camera over the cashier station so we can see who presses what.",
            "Have a supervisor watch the dye technician until he proves he can be trusted.",
            "Track each archivist's compliance with humidity logs and publish the league table.",
        ],
    );
    assert_counts(
        &eval_tsv(&env, "attack-67-actions.tsv", &actions),
        &[("blaming", 12), ("caught", 12)],
    );
    // Its blameless sentences that drew a warning before, and the same
    // words about things.
    let silent = String::from("# field: root_cause\n")
        + &attack_rows(
            "ok",
            "attack-67",
            &[
                "Staff were told clearly that the review is to learn and not to punish, and they shared freely.",
                "The change advisory board approved the release on a summary that did not mention timestamps.",
                "For once the failover worked exactly as designed.",
                "Surprise surprise, the nightly export crashed on the same memory limit.",
                "Failover takes ten seconds once the lease expires.",
                "Remind the scheduler to retry the export twice before it pages.",
                "It is interesting that the cache hit rate fell on the same day the index was rebuilt.",
            ],
        );
    assert_counts(
        &eval_tsv(&env, "attack-67-silent.tsv", &silent),
        &[("blameless", 7), ("false_errors", 0), ("false_warnings", 0)],
    );
    let action = String::from("# field: action_items\n")
        + &attack_rows(
            "ok",
            "attack-67",
            &["Wire the archive dehumidifier's fault output to the building alarm panel."],
        );
    assert_counts(
        &eval_tsv(&env, "attack-67-silent-actions.tsv", &action),
        &[("blameless", 1), ("false_errors", 0), ("false_warnings", 0)],
    );
}

/// Attack 68 (tests/lint/incoming/attack68): blame quoted in single quotes
/// and answered in the same line, our own deletions told as steps, and a
/// denied "people problem" are quiet; single-quoted words not answered, a
/// person's deletion and a bonus docked still speak.
#[test]
fn single_quoted_blame_set_aside_and_our_own_steps_attack_68() {
    let env = TestEnv::new();
    let quiet = String::from("# field: lessons.went_wrong\n")
        + &attack_rows(
            "ok",
            "attack-68",
            &[
                "Some early comments called this 'a circulation staff problem', which it was not, and we have removed that wording.",
                "In first draft somebody wrote 'operator carelessness' as cause, we deleted it because the HMI showed green.",
                "Some colleagues called it 'carelessness of admissions staff' in the first meeting, but the review found the tool gave no count before sending.",
                "An early note said 'the technician forgot the certificate', but the root cause is that certificate expiry on the seismic stations is tracked nowhere.",
                "Several early messages blamed 'the guy who deployed'; the review found the deploy tooling had no check for this case.",
                "We deleted the old alert rule after the migration.",
                "not a people problem imo, the job had no idempotency key.",
            ],
        );
    assert_counts(
        &eval_tsv(&env, "attack-68-quiet.tsv", &quiet),
        &[("blameless", 7), ("false_errors", 0), ("false_warnings", 0)],
    );
    let blame = String::from("# field: lessons.went_wrong\n")
        + &attack_rows(
            "blame",
            "attack-68",
            &[
                "finance sat on the dupe report for 3 hours bc 'not their system'.",
                "The intern deleted the production table.",
                "Deduct the cost of the spoiled batch from the chocolate line supervisor's bonus.",
                "It is a people problem: the night shift does not read the handover.",
            ],
        );
    assert_counts(
        &eval_tsv(&env, "attack-68-blame.tsv", &blame),
        &[("blaming", 4), ("caught", 4)],
    );
}

/// Attack 70 (tests/lint/incoming/attack70, twelve post-mortems written
/// blind): a sanction as an action item's noun phrase ("Written warning
/// for the tech who ...", rights taken "off" someone), "nobody on that
/// crew can be bothered to", "fat-thumbed", a supplier "not for the first
/// time" shipping what it "had plainly never run", a review judged
/// "reasonably attentive", work "thrown together ... and it showed" are
/// found; a label or a remedy considered and set aside stays quiet.
#[test]
fn sanctions_as_noun_phrases_and_judged_work_attack_70() {
    let env = TestEnv::new();
    let actions = String::from("# field: action_items\n")
        + &attack_rows(
            "blame",
            "attack-70",
            &[
                "Written warning for the tech who installed the jumper",
                "Take publish rights off Rook until he's done the live-ops onboarding",
            ],
        );
    assert_counts(
        &eval_tsv(&env, "attack-70-actions.tsv", &actions),
        &[("blaming", 2), ("caught", 2), ("caught_as_error", 2)],
    );
    let blame = String::from("# field: root_cause\n")
        + &attack_rows(
            "blame",
            "attack-70",
            &[
                "Second shift maintenance let the freezer sit in defrost for three hours because nobody on that crew can be bothered to read the HMI alarms.",
                "root cause: neteng fat-thumbed the prefix-list on edge2, leaked full table to AS64500",
                "Our hardware supplier's firmware team, not for the first time, shipped a release they had plainly never run against a full rack.",
                "A reasonably attentive review of the change would have surfaced the extra zero before it ever reached production.",
                "The economy tweak was thrown together in about twenty minutes between playtests, and it showed.",
            ],
        );
    assert_counts(
        &eval_tsv(&env, "attack-70-blame.tsv", &blame),
        &[("blaming", 5), ("caught", 5)],
    );
    let quiet = String::from("# field: root_cause\n")
        + &attack_rows(
            "ok",
            "attack-70",
            &[
                "Operator error was considered and rejected as an explanation early in the review.",
                "Retraining people was discussed and the team agreed it would not address the missing validation.",
                "The linter emits written warnings for deprecated fields.",
                "We cobbled together a script to drain the queue during the incident.",
                "Take write access off the legacy CI bot.",
            ],
        );
    assert_counts(
        &eval_tsv(&env, "attack-70-quiet.tsv", &quiet),
        &[("blameless", 5), ("false_errors", 0), ("false_warnings", 0)],
    );
}

/// Blind attack 71 (files in tests/lint/incoming/attack71): an aside
/// between commas no longer hides the subject ("The supplier, TextDent,
/// couldn't be bothered"), habits said "once more" of staff, people "too
/// busy chatting", who "should know ... by now", a team that "went to
/// lunch" after its change, "whoever silenced it ... never turned it back
/// on", a question asking whether anyone was "actually" watching, pay
/// docked, a change "in direct breach of" the freeze. A denial that
/// reaches the act ("Nothing in this review suggests ... anything other
/// than follow their own procedure") fails nothing, and a role listed
/// among the responders ("Duty Harbour Master") names no one in the prose.
#[test]
fn asides_habits_and_denials_attack_71() {
    let env = TestEnv::new();
    let blame = String::from("# field: root_cause\n")
        + &attack_rows(
            "blame",
            "attack-71",
            &[
                "The supplier, TextDent, couldn\u{2019}t be bothered to warn us that their new template re-orders the columns.",
                "Front-desk staff were, once more, far too relaxed about patient data.",
                "It took a patient phoning in to spot it, because reception was apparently too busy chatting to read the send preview.",
                "He has been on this console for six years and should know the difference between the two groups by now.",
                "Search returned nothing for 52 minutes because the platform team pointed the products alias at an empty index and went to lunch.",
                "Our alerting on zero-result searches existed, but whoever silenced it in August never turned it back on.",
                "Was anyone on platform actually watching the job, or do we just trust cron now?",
                "Platform once again shipped first and thought later.",
                "The main sorter stopped because a contractor from Halvard Systems loaded an untested PLC program during the morning peak, in direct breach of the change freeze.",
                "Dock the maintenance crew's season bonus until Chair 4 passes its re-inspection",
            ],
        );
    assert_counts(
        &eval_tsv(&env, "attack-71-blame.tsv", &blame),
        &[("blaming", 10), ("caught", 10)],
    );
    let quiet = String::from("# field: response\n")
        + &attack_rows(
            "ok",
            "attack-71",
            &[
                "There is no suggestion that the night security officer ignored the alarm; the alarm was routed to a panel in a room that is unstaffed after 22:00.",
                "The harbour tug returned to the berth on the flood tide.",
                "The backup job failed once more at 02:00 because the volume was full.",
                "The crew took the ferry across and went home after the shift.",
                "Whoever is on call gets the page within a minute.",
                "We docked the barge at pier 4 before the storm.",
            ],
        );
    assert_counts(
        &eval_tsv(&env, "attack-71-quiet.tsv", &quiet),
        &[("blameless", 6), ("false_errors", 0), ("false_warnings", 0)],
    );
    // In a post-mortem: a denial that reaches the act is no error, and a
    // role among the responders is no one's name.
    env.write(
        "postmortems/2026/2026-09-29-wind-farm.yaml",
        "pm: 1\nid: 2026-09-29-wind-farm\ntitle: Wind farm curtailment stuck\nstatus: draft\nseverity: SEV3\ndate: 2026-09-29\nresponders: [Duty Harbour Master, Baggage control room]\nresponse: Nothing in this review suggests the grid operator's control engineer did anything other than follow their own procedure; the lift was logged on both sides.\nsummary: The harbour office and the control room saw the setpoint stay at 1.2 MW for two hours.\n",
    );
    assert_no_blame_findings(&env, "wind-farm");
}

/// Blind attack 72 (tests/lint/incoming/attack72): competence judged by
/// comparison ("a more experienced operator would simply have noticed",
/// "a much higher calibre"), sanctions worded as administration (a bonus
/// lost, a supplier's approved list, "will be dismissed"), mocking praise,
/// a damning detail ("without so much as a glance", "previously been
/// counselled for"), hindsight "staring ... in the face", e-learning as a
/// remedy, "mistakes were made by". Quiet: a relative clause about a
/// result ("a result that did not fit the patient") is no organisation's
/// omission, and departments among the responders ("Live-ops",
/// "Accessioning") are no one's names.
#[test]
fn comparisons_admin_sanctions_and_chosen_details_attack_72() {
    let env = TestEnv::new();
    let blame = String::from("# field: root_cause\n")
        + &attack_rows(
            "blame",
            "attack-72",
            &[
                "A more experienced operator would simply have noticed that the cue number on the screen was wrong.",
                "Relief operators need to be of a much higher calibre than what the agency sent us.",
                "honestly anyone who has used postgres for more than a week knows not to do that.",
                "We found out from staff, which is embarrassing for a department whose only job is to pay people correctly.",
                "It was later established that the saved query had been edited by a clerk who had no business touching shared queries.",
                "The root cause was the inattention of the night porter.",
                "The dispatcher lost her bonus over this and frankly she earned that.",
                "Remove the relief operator from the agency\u{2019}s approved list for our venues",
                "Anyone caught bypassing the two-key switch again will be dismissed.",
                "Dawn submits the BACS file without so much as a glance at the 212 exceptions flagged on the summary screen.",
                "The clerk had worked four double shifts that week and had previously been counselled for data-entry errors.",
                "Great job, platform team, another Friday ruined.",
                "The signs were staring the live-ops lead in the face for a week.",
                "Dawn and Marek to complete the \u{201c}Accuracy in Payroll\u{201d} e-learning before the next pay run",
                "Mistakes were made by the night shift, and they were not small ones.",
            ],
        );
    assert_counts(
        &eval_tsv(&env, "attack-72-blame.tsv", &blame),
        &[("blaming", 15), ("caught", 15)],
    );
    let quiet = String::from("# field: response\n")
        + &attack_rows(
            "ok",
            "attack-72",
            &[
                "The database was painfully slow to respond during the vacuum.",
                "The UI froze instead of showing the error dialog.",
                "Remove the retired host from the approved list of scan targets.",
                "The clinic vet questioned a result that did not fit the animal, which is exactly the feedback we rely on.",
            ],
        );
    assert_counts(
        &eval_tsv(&env, "attack-72-quiet.tsv", &quiet),
        &[("blameless", 4), ("false_errors", 0), ("false_warnings", 0)],
    );
    env.write(
        "postmortems/2026/2026-09-22-lab-swap.yaml",
        "pm: 1\nid: 2026-09-22-lab-swap\ntitle: Lab sample swap\nstatus: draft\nseverity: SEV3\ndate: 2026-09-22\nresponders: [Accessioning, Live-ops]\nresponse: I was at accessioning that morning; a live-ops config change went out at 09:00.\nsummary: Two panels were reported against each other's animals for five hours.\n",
    );
    assert_no_blame_findings(&env, "lab-swap");
}

/// Attack 74 read real sentences from public pages (tests/lint/incoming/
/// attack74/probes.tsv has each one's address): a company faulted in the
/// passive (abc7.com, Asiana), an accusation reported (africanews.com,
/// Ethiopian Airlines), work judged botched with a company as the subject
/// (theregister.com, Facebook), and the blameless writing that was warned
/// of: blame laid on a thing (a Reddit thread), advice in the generic
/// "you" about firing (seyasolutions.com, a forum), blame denied (Hacker
/// News), and "inadequately" said of a manual (wfaa.com), which failed CI.
#[test]
fn real_sentences_of_attack_74() {
    let env = TestEnv::new();
    let blame = real_rows(
        "blame",
        &[
            (
                "https://abc7.com/asiana-flight-214-sfo-plane-crash-ntsb-deborah-hersman/136202/",
                "South Korea-based Asiana Airlines was also faulted for its pilot training.",
            ),
            (
                "http://www.africanews.com/2019/05/18/ethiopian-airlines-urges-boeing-to-implement-safety-recommendations/",
                "Ethiopian Airlines on Friday accused American plane manufacturer Boeing of attempting to divert the public\u{2019}s attention away from flaws in the 737 MAX model crafts, rather than implementing recommendations of a preliminary investigation report.",
            ),
            (
                "https://www.theregister.com/2021/10/06/facebook_outage_explained_in_detail/",
                "Facebook stuffed that up.",
            ),
        ],
    );
    assert_counts(
        &eval_tsv(&env, "attack-74-blame.tsv", &blame),
        &[("blaming", 3), ("caught", 3)],
    );
    let quiet = real_rows(
        "ok",
        &[
            (
                "https://redlib.private.coffee/r/ProgrammerHumor/comments/7qh5xq/ill_just_put_this_here/dsp8qxd/?context=3",
                "Blame the workflow too.",
            ),
            (
                "https://seyasolutions.com/blog/the-human-error-cop-out-conducting-blameless-post-mortems-that-actually-fix-things",
                "If you fire the engineer who crashed the database, you have achieved two things:",
            ),
            (
                "https://femboys.bar/post/71146/434616",
                "Yeah, the competent business folks know that if you fire people for outages, you lose everyone who even stands a chance of preventing outages.",
            ),
            (
                "https://news.ycombinator.com./item?id=14476710",
                "They didn't blame the DevOp guy, and instead beefed up their tooling.",
            ),
        ],
    );
    assert_counts(
        &eval_tsv(&env, "attack-74-quiet.tsv", &quiet),
        &[("blameless", 4), ("false_errors", 0), ("false_warnings", 0)],
    );
    // Still a warning from the evidence model ("inadequate pilot training"
    // is a judgement of the airline), but no longer an error.
    let manual = real_rows(
        "ok",
        &[(
            "http://www.wfaa.com/news/Asiana-crash-Whos-to-blame-264393671.html",
            "Contributing factors included the complexities of the Boeing 777's autothrottle, which were inadequately described in the manufacturer's documents, along with inadequate pilot training and monitoring, the board said.",
        )],
    );
    assert_counts(
        &eval_tsv(&env, "attack-74-manual.tsv", &manual),
        &[("blameless", 1), ("false_errors", 0)],
    );
}

/// Attack 75 (tests/lint/incoming/attack75): real sentences from pages in
/// no split of the corpus, labelled before the first run. Caught now: a
/// slip named by a role that also names a program, given as the cause
/// (ishn.com), rule-breaking said as a noun or as cheating (skybrary,
/// kinja), character words pm did not know (Papers Past, AOPA) and a
/// trial in a court's words (Papers Past). Quiet
/// now: a clause after "that many ..." has its own subject (a bank
/// teller's blog, which failed CI on "incorrectly"), blame the writer
/// looks for and does not find, a pronoun that opens the next clause
/// taken for the object of "fired" (both Hacker News), defences against
/// pilot errors (PPRuNe).
#[test]
fn real_sentences_of_attack_75() {
    let env = TestEnv::new();
    let blame = real_rows(
        "blame",
        &[
            (
                "https://www.ishn.com/articles/92402-ntsb-midair-nearmiss-caused-by-controller-error",
                "Amid regulatory efforts to reduce errors by air traffic controllers, a controller mistake has been identified by the National Transportation Safety Board (NTSB) as the cause of a near mid-air collision last June.",
            ),
            (
                "https://skybrary.aero/articles/accident-and-serious-incident-reports-re",
                "The flap setting error was attributed non-adherence to a sterile flight deck.",
            ),
            (
                "https://oppositelock.kinja.com/cheating-the-system-1834362544",
                "ttyymmnn recently posted a piece about a fatal Gulfstream crash which was tied in part to a crew who repeatedly cheated on their checklists.",
            ),
            (
                "https://paperspast.natlib.govt.nz/newspapers/ESD19061222.2.114",
                "The driver saw the ladies several yards away, and it was the height of rashness for him to turn into the street when he saw tho ladies were just starting to cross.",
            ),
            (
                "https://www.aopa.org/asf/publications/inst_reports2.cfm?article=6154",
                "The pilot was described as a risk-taker and an aggressive pilot who \"put the airplane in situations where there really was no out.\"",
            ),
            (
                "https://paperspast.natlib.govt.nz/newspapers/ESD19061222.2.114",
                "Felton was committed for trial.",
            ),
        ],
    );
    assert_counts(
        &eval_tsv(&env, "attack-75-blame.tsv", &blame),
        &[("blaming", 6), ("caught", 6)],
    );
    let quiet = real_rows(
        "ok",
        &[
            (
                "http://imamre.blogspot.com/2010/04/legends-of-bank-teller-episode-lxxvi.html",
                "Today we arrived at work and were greeted by e-mails that warned us that many account balances were posting incorrectly on our system.",
            ),
            (
                "https://hn.masterscheme.cn/item?id=38516312",
                "I have seen a lot of incidents and I cannot think of one where a single person was to blame.",
            ),
            (
                "https://www.pprune.org/9717349-post480.html",
                "Checklists and monitoring are two essential defenses against equipment failures and pilot errors.",
            ),
            (
                "https://www.pprune.org/9717349-post480.html",
                "Operations procedures are meant to be boilerplate, to tolerate the \"human errors\" that can creep in.",
            ),
        ],
    );
    assert_counts(
        &eval_tsv(&env, "attack-75-quiet.tsv", &quiet),
        &[("blameless", 4), ("false_errors", 0), ("false_warnings", 0)],
    );
    // "in companies where bullets are fired I take them": "I" opens the
    // next clause and is nobody's object; the companies before "where"
    // keep a warning, but the build no longer fails.
    let bullets = real_rows(
        "ok",
        &[(
            "https://hn.masterscheme.cn/item?id=38516312",
            "As the tech lead or dev manager any team failings are my responsibility and in companies where bullets are fired I take them.",
        )],
    );
    assert_counts(
        &eval_tsv(&env, "attack-75-bullets.tsv", &bullets),
        &[("blameless", 1), ("false_errors", 0)],
    );
}

/// Attacks 77 and 79 (session 42): real sentences from pages in no split
/// of the corpus (tests/lint/incoming/attack77 and attack79, each with its
/// address). A word naming a record or a process, a body's own mishap after
/// "accidentally", a cause of action "in negligence" and a program's role
/// after a product's name fail no CI; a competence judged by what someone
/// knew, a step not done as a procedure required, a shared error label,
/// sarcasm about whose idea it was, a question doubting anyone cared, a
/// record kept against a named nurse, a reluctance to call for help, and
/// sanctions told in idioms are found.
#[test]
fn real_sentences_of_attacks_77_and_79() {
    let env = TestEnv::new();
    let blame = real_rows(
        "blame",
        &[
            (
                "http://www.ibtimes.com/nintendo-sony-steam-networks-go-down-video-1521678",
                "Poor planning, Nintendo.",
            ),
            (
                "https://safety4sea.com/lessons-learned-good-visibility-not-enough-to-prevent-collision/",
                "The motor cruiser’s owner/driver had a very limited knowledge of the collision regulations and local guidance.",
            ),
            (
                "https://www.theguardian.com/business/2019/jan/12/driver-of-runaway-train-files-unfair-dismissal-claim-against-bhp",
                "“Our initial findings show that the emergency air brake for the entire train was not engaged as required by the relevant operating procedure,” Basto told Australian Mining magazine.",
            ),
            (
                "https://sinteur.com/index.php/2017/05/29/",
                "Now take a wild guess who’s brilliant idea it was to outsource in the first place….",
            ),
            (
                "https://www.mmorpg.com/columns/day-one-a-launch-tale-2000094921",
                "“Do they even care about us players?” Another of the three asked.",
            ),
            (
                "https://dailytoptimes.com/nurse-arrested-after-care-home-patient-died/",
                "Sadly, this was not an isolated incident for Nurse Sharp.",
            ),
            (
                "https://www.denbighshirefreepress.co.uk/news/15767358.rhos-on-sea-care-home-criticised-by-coroner-after-pensioners-death/",
                "Members of staff at the home told the inquest that when they drew Mrs Parry’s attention to the sore, which sometimes bled, she was reluctant to call a nurse or doctor.",
            ),
            (
                "https://www.whaleoil.co.nz/2012/12/outage-outrage/",
                "The XT fiasco claimed the scalp of Frank Mount.",
            ),
            (
                "https://australian5.com/?p=43490",
                "However, the Optus chairman, John Arthur, has promised ‘accountability’ and said there will be consequences when the dust settles.",
            ),
            (
                "http://www.newsobserver.com/news/local/community/chapel-hill-news/article131965144.html",
                "Independent reports say human and system error caused last week’s fluoride overfeed at OWASA’s water treatment plant and that a pipe main may have broke because of internal and external pressure.",
            ),
        ],
    );
    assert_counts(
        &eval_tsv(&env, "attacks-77-79-blame.tsv", &blame),
        &[("blaming", 10), ("caught", 10)],
    );
    let quiet = real_rows(
        "ok",
        &[
            (
                "https://lawreporter.co.uk/employment/unfair-dismissal/dismissed-without-disciplinary-hearing-2",
                "Both claimants had clean disciplinary records before the incident.",
            ),
            (
                "https://forums.moneysavingexpert.com/discussion/6377882/unfair-dismissal",
                "The whole disciplinary procedure was then rushed and didn't follow the company policy nor Acas procedure.",
            ),
            (
                "https://www.shropshirestar.com/news/local-hubs/shrewsbury/2025/05/28/shrewsbury-firm-fined-8000-after-worker-broke-his-spine-in-fall-through-roof-on-building-site/",
                "He accidentally stepped in an area where there was an opening for a window that was yet to be installed, resulting in him falling through and to the ground below, suffering fractures to his spine and ribs.",
            ),
            (
                "https://cedrec.com/r/news/solar-firm-fined-after-worker-fell-seven-metres-1401894306",
                "54-year-old Peter Bettison from Leeds was installing the racks on a farm building roof in November 2011 when he unwittingly stepped on one of the rooflights.",
            ),
            (
                "https://www.orthovellum.com/topics/patient-safety-wrong-site-surgery-prevention?scope=all",
                "For the surgeon it is professionally, emotionally and legally devastating; it is almost impossible to defend in negligence or battery because consent to that operation on that part was never given.",
            ),
            (
                "https://status.arcxp.com/incidents/2nj4bypfn65b",
                "Secondary Orgs: Some configuration updates to route customer secondary orgs were missed and resulted in the PageBuilder Deployer incorrectly loading the bundles and deployments for the primary org.",
            ),
        ],
    );
    // Four of them still warn (a process judged, a victim named, the
    // word "negligence", a missed update): warnings, not CI failures.
    assert_counts(
        &eval_tsv(&env, "attacks-77-79-quiet.tsv", &quiet),
        &[("blameless", 6), ("false_errors", 0), ("false_warnings", 4)],
    );
}

/// Attack 81 (session 43): real sentences from nursing-home citations,
/// aviation forums, outage news and comment threads, labelled before the
/// run; each row names its page. The mechanisms fixed: rule-breaking in a
/// relative clause, with an adverb ("not fully followed") or as "a lapse in
/// following"; failures "by" staff; one thing confused with another; a
/// margin let run out; an organisation criticised, fined or judged for its
/// service; concealment imputed; a judgement asked about ("why do they
/// consider it ok"); "without further verification"; a disclaimer that
/// keeps a report out of discipline.
#[test]
fn real_sentences_of_attack_81() {
    let env = TestEnv::new();
    let blame = real_rows(
        "blame",
        &[
            (
                "https://news.ycombinator.com/item?id=29473630",
                "Why do they consider it ok to have anything hosted in a single region?",
            ),
            (
                "https://www.assistocare.com/citation/1538096",
                "Upon calling out the resident's last name, the resident responded, and the nurse proceeded to give the medications without further verification.",
            ),
            (
                "https://www.assistocare.com/citation/1538096",
                "However, these procedures were not fully followed during the medication pass, leading to the error.",
            ),
            (
                "https://www.assistocare.com/citation/1494211",
                "Three residents experienced significant medication errors due to failures in medication administration and preparation by licensed nursing staff.",
            ),
            (
                "https://www.assistocare.com/citation/1494211",
                "Facility policy required strict adherence to insulin administration protocols, including verification of the correct dose and type, which was not followed in this instance.",
            ),
            (
                "https://www.assistocare.com/citation/1502987",
                "The Assistant Director of Nursing suggested that the nurse may have confused the resident's dose with another resident's order for lorazepam.",
            ),
            (
                "https://www.assistocare.com/citation/1510668",
                "However, the incident still occurred, indicating a lapse in following established protocols such as verifying the six rights of medication administration.",
            ),
            (
                "https://itnerd.blog/tag/crtc/",
                "Though some details were redacted which makes it look like Rogers has something to hide.",
            ),
            (
                "https://vburke.wordpress.com/2010/08/27/friday-data-center-tidbits-virginia-bozos-the-data-center/",
                "The shipment of multicolored wigs and red squeaky noses is on its way to the Virginia Information Technology Agency, data center bozos of the week!",
            ),
            (
                "http://www.alistair.com/2002/08/disaster.shtml",
                "There was also no way to speak to a human, and their customer service was atrocious.",
            ),
            (
                "https://allsafeus.com/the-silent-alarm-bridging-the-gap-between-advanced-monitoring-and-human-response",
                "This isn’t a failure of technology; it’s a profound failure of process and people.",
            ),
            (
                "http://www.avcanada.ca/forums2/viewtopic.php?t=54435",
                "Continental Connections Flight 3407 may have crashed because its crew allowed the Bombardier’s airspeed to decline until it could no longer sustain flight.",
            ),
            (
                "https://www.ghanamma.com/wn/2022/12/20/tsb-fined-49m-over-it-banking-chaos",
                "The problems continued for many weeks and TSB came under fierce criticism for the IT failings.",
            ),
            (
                "http://www.standard.co.uk/business/tsb-fined-ps50-million-it-meltdown-customer-accounts-locked-b1048401.html",
                "TSB has been slapped with a fine of almost £50 million for the disastrous systems meltdown that left around two million customers locked out of their accounts for weeks in 2018.",
            ),
            (
                "http://goodnaflood.blogspot.com/2012/09/engineers-cleared-but-wivenhoe-dam-saga.html",
                "That case implies the dam was overburdened before operators went into a panic and drained it.",
            ),
        ],
    );
    assert_counts(
        &eval_tsv(&env, "attack-81-blame.tsv", &blame),
        &[("blaming", 15), ("caught", 15)],
    );
    let quiet = real_rows(
        "ok",
        &[(
            "https://bst.gc.ca/eng/rapports-reports/aviation/1999/a99q0005/a99q0005.html",
            "This report is not created for use in the context of legal, disciplinary or other proceedings.",
        )],
    );
    assert_counts(
        &eval_tsv(&env, "attack-81-quiet.tsv", &quiet),
        &[("blameless", 1), ("false_errors", 0), ("false_warnings", 0)],
    );
}
