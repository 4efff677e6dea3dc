//! pm lint: the evaluation set, positions, formats, suppression, configuration.

use std::collections::BTreeMap;

use crate::support::TestEnv;

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
