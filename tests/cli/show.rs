//! `pm show` for reading (issue 14, friction 5), the usage line after a
//! typo, and who runs a follow-up review (`follow_up.owner`).

use std::collections::BTreeSet;

use crate::support::TestEnv;

const SUMMARY: &str = "Checkout returned errors for forty minutes after a configuration push lowered the connection pool size far below what peak traffic needs; rolling the push back restored service within a minute.";
const FACTOR: &str = "The pool size setting had no lower bound, and the configuration pipeline never compared it with the measured peak load before rolling it out";
const LINK: &str = "https://grafana.example.com/d/checkout-overview?orgId=1&from=now-6h&to=now&var-service=checkout-api";

/// A post-mortem with long prose, lists, and a timeline entry that names
/// who acted and links its evidence.
fn written(env: &TestEnv) -> String {
    let id = env.new_pm("Checkout errors", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let text = env
        .read(&file)
        .replace("\nsummary:\n", &format!("\nsummary: |\n  {SUMMARY}\n\n  A second paragraph.\n"))
        .replace(
            "\nroot_cause:\n",
            "\nroot_cause: |\n  Steps that each made sense at the time:\n  - the pipeline checked the syntax of the value but never compared it with anything\n  ::error::pwned\n",
        )
        .replace(
            "contributing_factors: []",
            &format!("contributing_factors:\n  - {FACTOR}\n  - Short one"),
        )
        .replace(
            "  went_well: []",
            "  went_well:\n    - Paging worked within 5 minutes\n    - Rollback was one command",
        )
        .replace(
            "  went_wrong: []",
            "  went_wrong:\n    - Nobody knew who owned the pool configuration",
        );
    env.write(&file, &text);
    env.git(&["commit", "-qam", "write it"]);
    env.pm(&[
        "timeline",
        "add",
        "Paged the on-call: the checkout error rate stayed above five percent for two minutes",
        "--kind",
        "detected",
        "--at",
        "2026-11-26T09:09:00Z",
        "--by",
        "incident commander",
        "--link",
        LINK,
        "--pm",
        &id,
    ])
    .ok();
    env.pm(&[
        "action",
        "add",
        "Lower bound on pool size",
        "--owner",
        "payments",
        "--due",
        "+2w",
        "--pm",
        &id,
    ])
    .ok();
    id
}

/// The words of `text`, in order.
fn words(text: &str) -> Vec<&str> {
    text.split_whitespace().collect()
}

/// The lines of a section: from its heading to the blank line after it.
fn section<'a>(out: &'a str, heading: &str) -> Vec<&'a str> {
    out.lines()
        .skip_while(|l| *l != heading)
        .skip(1)
        .take_while(|l| !l.is_empty())
        .collect()
}

#[test]
fn show_separates_sections_and_list_items() {
    let env = TestEnv::new();
    let id = written(&env);
    let out = env.pm(&["show", &id]).ok().stdout;
    // Each section after one blank line, Action items too.
    for heading in [
        "Summary",
        "Impact",
        "Trigger",
        "Timeline",
        "Figures",
        "Root cause",
        "Contributing factors",
        "Detection gap",
        "Lessons",
        "Action items",
        "Follow-up review",
    ] {
        assert!(
            out.contains(&format!("\n\n{heading}\n")),
            "no blank line before {heading}:\n{out}"
        );
    }
    // Each lesson on its own line, each label on its own line.
    assert!(
        out.contains(
            "  What went well:\n    - Paging worked within 5 minutes\n    - Rollback was one command\n  What went wrong:\n    - Nobody knew who owned the pool configuration\n"
        ),
        "{out}"
    );
    assert!(!out.contains("command  What"), "{out}");
}

#[test]
fn show_wraps_prose_at_word_boundaries_to_the_width() {
    let env = TestEnv::new();
    let id = written(&env);
    for (columns, width) in [(Some("80"), 80), (Some("60"), 60), (None, 80)] {
        // Piped, without COLUMNS: 80 columns.
        let mut cmd = env.pm_cmd(&["show", &id]);
        match columns {
            Some(c) => cmd.env("COLUMNS", c),
            None => cmd.env_remove("COLUMNS"),
        };
        let out = env.run_cmd(cmd, None, &["show", &id]).ok().stdout;
        for l in out.lines().filter(|l| !l.contains("https://")) {
            assert!(
                l.chars().count() <= width,
                "longer than {width}: {l:?}\n{out}"
            );
        }
        // The summary wraps at spaces: its words come out whole, in order,
        // each line indented by two.
        let summary = section(&out, "Summary");
        assert!(summary.len() >= 2, "{out}");
        assert!(summary.iter().all(|l| l.starts_with("  ")), "{out}");
        let shown: Vec<&str> = summary.iter().flat_map(|l| words(l)).collect();
        assert_eq!(shown, words(SUMMARY), "{out}");
        // The paragraph break the author wrote stays.
        assert!(
            out.contains("within a minute.\n\n  A second paragraph.\n"),
            "{out}"
        );
        // A long list item wraps under its text, not under its bullet.
        let factors = section(&out, "Contributing factors");
        assert!(factors[0].starts_with("  - The pool size"), "{out}");
        assert!(
            factors[1].starts_with("    ") && !factors[1].starts_with("     "),
            "{out}"
        );
        let shown: Vec<&str> = factors
            .iter()
            .take_while(|l| !l.contains("Short one"))
            .flat_map(|l| words(l))
            .filter(|w| *w != "-")
            .collect();
        assert_eq!(shown, words(FACTOR), "{out}");
        // A `- ` line in prose wraps under its text too.
        let cause = section(&out, "Root cause");
        let item = cause
            .iter()
            .position(|l| l.starts_with("  - the pipeline"))
            .unwrap();
        assert!(cause[item + 1].starts_with("    ") && !cause[item + 1].starts_with("     "));
    }
}

#[test]
fn show_gives_each_timeline_entry_its_role_and_link() {
    let env = TestEnv::new();
    let id = written(&env);
    let out = env.pm(&["show", &id]).ok().stdout;
    let timeline = section(&out, "Timeline");
    let entry: Vec<&str> = timeline
        .iter()
        .copied()
        .skip_while(|l| !l.contains("detected"))
        .collect();
    let text: Vec<&str> = entry
        .iter()
        .take_while(|l| !l.contains("https://"))
        .flat_map(|l| words(l))
        .skip_while(|w| *w != "Paged")
        .collect();
    assert_eq!(
        text.join(" "),
        "Paged the on-call: the checkout error rate stayed above five percent for two minutes — incident commander",
        "{out}"
    );
    // The link on a line of its own, indented under the text, whole.
    let link = entry.iter().find(|l| l.contains("https://")).unwrap();
    assert_eq!(link.trim(), LINK, "{out}");
    assert!(link.starts_with("    "), "{out}");
}

#[test]
fn show_json_is_the_document_with_file_and_figures() {
    let env = TestEnv::new();
    let id = written(&env);
    let json = env.pm(&["show", &id, "--json"]).ok().json();
    let keys: BTreeSet<&str> = json
        .as_object()
        .unwrap()
        .keys()
        .map(String::as_str)
        .collect();
    for key in [
        "file",
        "figures",
        "summary",
        "timeline",
        "lessons",
        "follow_up",
    ] {
        assert!(keys.contains(key), "{keys:?}");
    }
    assert_eq!(
        json["summary"],
        format!("{SUMMARY}\n\nA second paragraph.\n")
    );
    assert_eq!(json["timeline"][1]["by"], "incident commander");
    assert_eq!(json["timeline"][1]["link"], LINK);
    assert_eq!(json["figures"]["time_to_detect"], 540);
    assert_eq!(json["file"], env.file_of(&id));
}

#[test]
fn a_typo_s_usage_line_shows_optional_flags_as_optional() {
    let env = TestEnv::new();
    let run = env
        .pm(&["timeline", "add", "--kidn", "x", "text"])
        .code(2)
        .stderr_has("did you mean --kind? pm timeline add --kind x text")
        .stderr_has("Usage: pm timeline add [OPTIONS] <TEXT>");
    // Not `--kind <KIND> <TEXT>`, which reads as if --kind were required.
    assert!(!run.stderr.contains("--kind <KIND>"), "{}", run.stderr);
    let run = env
        .pm(&["--repo", ".", "due", "--ownr", "x"])
        .code(2)
        .stderr_has("Usage: pm due [OPTIONS]");
    assert!(!run.stderr.contains("--owner <OWNER>"), "{}", run.stderr);
    // A missing argument still names what is missing.
    env.pm(&["show"])
        .code(2)
        .stderr_has("<ID>")
        .stderr_has("Usage: pm show [OPTIONS] <ID>");
}

/// The reviews `pm due` lists, as (post-mortem, owner).
fn reviews(env: &TestEnv, args: &[&str]) -> Vec<(String, serde_json::Value)> {
    let mut all = vec!["due", "--within", "30d", "--json"];
    all.extend_from_slice(args);
    env.pm(&all).ok().json()["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "review")
        .map(|i| {
            (
                i["postmortem"].as_str().unwrap().to_string(),
                i["owner"].clone(),
            )
        })
        .collect()
}

#[test]
fn a_review_is_owned_by_follow_up_owner_else_the_first_author() {
    let env = TestEnv::new();
    let id = env.new_pm("Queue backlog", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    // The template offers the key and says what it is for.
    let text = env.read(&file);
    assert!(
        text.contains("\nfollow_up:\n  due: 2026-12-10\n  owner:\n"),
        "{text}"
    );
    assert!(text.contains("left empty, the first author does"), "{text}");
    // No authors, no owner: nobody.
    assert_eq!(
        reviews(&env, &[]),
        vec![(id.clone(), serde_json::Value::Null)]
    );
    env.pm(&["due", "--within", "30d"])
        .ok()
        .stdout_has("(no owner)");

    // The first author runs it when no owner is written.
    env.write(&file, &text.replace("authors: []", "authors: [alice, bob]"));
    env.git(&["commit", "-qam", "authors"]);
    assert_eq!(reviews(&env, &[]), vec![(id.clone(), "alice".into())]);

    // An explicit owner wins, in every grouping and filter.
    let owned = text
        .replace("authors: []", "authors: [alice, bob]")
        .replace("  owner:\n", "  owner: sre-team\n");
    env.write(&file, &owned);
    env.git(&["commit", "-qam", "owner"]);
    assert_eq!(reviews(&env, &[]), vec![(id.clone(), "sre-team".into())]);
    assert_eq!(reviews(&env, &["--owner", "sre-team"]).len(), 1);
    assert!(reviews(&env, &["--owner", "alice"]).is_empty());
    let due = env.pm(&["due", "--within", "30d"]).ok().stdout;
    assert!(due.contains("\nsre-team\n"), "{due}");
    assert!(!due.contains("(no owner)"), "{due}");
    // From the cache, the same.
    assert_eq!(reviews(&env, &[]), vec![(id.clone(), "sre-team".into())]);
    env.pm(&["show", &id])
        .ok()
        .stdout_has("due 2026-12-10 (owner sre-team)");
    env.pm(&["render", &id])
        .ok()
        .stdout_has("Review due 2026-12-10. Run by sre-team.");

    // Lint knows the key: no unknown-key finding, and not text is refused.
    let lint = env.pm(&["lint", &file, "--format", "json"]).stdout;
    assert!(!lint.contains("follow_up"), "{lint}");
    env.write(
        &file,
        &owned.replace("  owner: sre-team\n", "  owner: [a, b]\n"),
    );
    let lint = env.pm(&["lint", &file, "--format", "json"]).code(1).stdout;
    assert!(lint.contains("follow_up.owner"), "{lint}");
    // The schema has it.
    let schema = env.pm(&["schema"]).ok().json();
    assert!(
        schema["properties"]["follow_up"]["oneOf"][1]["properties"]["owner"].is_object(),
        "{schema}"
    );
}

#[test]
fn overdue_means_due_before_today_everywhere() {
    // Today is 2026-11-27: an item due today is due, not late.
    let env = TestEnv::new();
    let id = env.new_pm("Cache stampede", "2026-11-20T09:00:00Z");
    for (title, due) in [("Due yesterday", "2026-11-26"), ("Due today", "2026-11-27")] {
        env.pm(&[
            "action", "add", title, "--owner", "sre", "--due", due, "--pm", &id,
        ])
        .ok();
    }
    let show = env.pm(&["show", &id]).ok().stdout;
    assert!(
        show.contains("Due yesterday (sre; due 2026-11-26, 1 day overdue)"),
        "{show}"
    );
    assert!(show.contains("Due today (sre; due 2026-11-27)"), "{show}");
    let list = env.pm(&["list", "--json"]).ok().json();
    assert_eq!(list[0]["overdue_actions"], 1);
    let due = env.pm(&["due", "--json"]).ok().json();
    let states: Vec<(&str, &str)> = due["items"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|i| i["kind"] == "action")
        .map(|i| (i["title"].as_str().unwrap(), i["state"].as_str().unwrap()))
        .collect();
    assert_eq!(
        states,
        vec![("Due yesterday", "overdue"), ("Due today", "due-soon")]
    );
    let actions = env.pm(&["action", "list", "--json"]).ok().json();
    let overdue: Vec<bool> = actions
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["overdue"].as_bool().unwrap())
        .collect();
    assert_eq!(overdue, vec![true, false]);
    let stats = env.pm(&["stats", "--json"]).ok().json();
    assert_eq!(stats["actions"]["overdue"], 1);
}

#[test]
fn show_json_gives_keys_that_are_not_text_as_yaml_prints_them() {
    let env = TestEnv::new();
    let id = env.new_pm("Demo", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let text = env.read(&file);
    env.write(
        &file,
        &format!("{text}x-map:\n  null: nil\n  1: one\n  ? [a, b]\n  : both\n"),
    );
    env.git(&["commit", "-qam", "odd keys"]);
    let json = env.pm(&["show", &id, "--json"]).ok().json();
    assert_eq!(json["x-map"]["null"], "nil");
    assert_eq!(json["x-map"]["1"], "one");
    assert_eq!(json["x-map"]["[\"a\",\"b\"]"], "both");
    assert_eq!(json["id"], id.as_str());
}

/// `pm show --json` gives a field pm reads as text as that text, as every
/// other command and `--json` output does: `title: 2026`, `text: 4.5e3`,
/// `title: 0x1F`, `owner: 0o17` are the strings written, never JSON
/// numbers YAML's reading makes of them (`4500.0`, `31`). A null item of a
/// list of text is an empty item: `null` in JSON, left out by `pm show`,
/// `pm stats` and `--service`, never the text `null`.
#[test]
fn show_json_gives_text_written_as_numbers_as_text() {
    let env = TestEnv::new();
    let id = env.new_pm("Checkout latency spike", "2026-11-26T09:12:00Z");
    let file = env.file_of(&id);
    env.pm(&["timeline", "add", "placeholder", "--at", "2026-11-26 09:31"])
        .ok();
    env.add_action(&id, "placeholder", "team", "2026-12-20");
    let text = env
        .read(&file)
        .replace("    text: placeholder\n", "    text: 4.5e3\n")
        .replace("    title: placeholder\n", "    title: 0x1F\n")
        .replace("    owner: team\n", "    owner: 0o17\n")
        .replace("title: Checkout latency spike\n", "title: 2026\n")
        .replace(
            "services: [checkout-api]\n",
            "services: [null, 7, checkout-api]\n",
        );
    assert!(text.contains("services: [null, 7, checkout-api]"), "{text}");
    env.write(&file, &text);

    let json = env.pm(&["show", &id, "--json"]).ok().json();
    assert_eq!(json["title"], "2026");
    assert_eq!(json["timeline"][1]["text"], "4.5e3");
    assert_eq!(json["action_items"][0]["title"], "0x1F");
    assert_eq!(json["action_items"][0]["owner"], "0o17");
    assert_eq!(
        json["services"],
        serde_json::json!([null, "7", "checkout-api"])
    );
    // The same values as the other --json outputs.
    let timeline = env.pm(&["timeline", "list", &id, "--json"]).ok().json();
    assert_eq!(timeline["entries"][1]["text"], "4.5e3");
    let actions = env.pm(&["action", "list", "--json"]).ok().json();
    assert_eq!(actions[0]["title"], "0x1F");
    assert_eq!(actions[0]["owner"], "0o17");
    let list = env.pm(&["list", "--json"]).ok().json();
    assert_eq!(list[0]["title"], "2026");

    let shown = env.pm(&["show", &id]).ok();
    assert!(
        shown.stdout.contains("services: 7, checkout-api\n"),
        "{}",
        shown.stdout
    );
    let stats = env.pm(&["stats"]).ok();
    assert!(!stats.stdout.contains("null"), "{}", stats.stdout);
    let none = env.pm(&["list", "--service", "null", "--json"]).ok().json();
    assert_eq!(none, serde_json::json!([]));
}

/// A tag on a value pm reads as text (`title: !foo Checkout down`): pm
/// reads through it, and `pm show --json` gives the text as every other
/// `--json` output does, not `{"!foo": "Checkout down"}` (session 35's
/// read attack). Under a key pm does not read, the tag stays in the JSON.
#[test]
fn show_json_reads_through_tags_on_values_pm_reads() {
    let env = TestEnv::new();
    let id = env.new_pm("Checkout down", "2026-11-26T09:12:00Z");
    let file = env.file_of(&id);
    env.add_action(&id, "Add a canary", "team", "2026-12-20");
    let text = env
        .read(&file)
        .replace("title: Checkout down\n", "title: !foo Checkout down\n")
        .replace("    owner: team\n", "    owner: !x team\n")
        .replace(
            "services: [checkout-api]\n",
            "services: [!x checkout-api]\n",
        )
        .replace("pm: 1\n", "pm: 1\nx-extra: !mine value\n");
    assert!(
        text.contains("!x checkout-api") && text.contains("!mine"),
        "{text}"
    );
    env.write(&file, &text);
    let json = env.pm(&["show", &id, "--json"]).ok().json();
    assert_eq!(json["title"], "Checkout down");
    assert_eq!(json["action_items"][0]["owner"], "team");
    assert_eq!(json["services"], serde_json::json!(["checkout-api"]));
    assert_eq!(json["x-extra"], serde_json::json!({"!mine": "value"}));
    let list = env.pm(&["list", "--json"]).ok().json();
    assert_eq!(list[0]["title"], json["title"]);
}

/// A file whose `id:` differs from its name (a copy renamed by hand):
/// every `--json` output gives as `id` the id commands take, the file's
/// name, so what one prints can be typed back into another. `pm lint`
/// still warns about the difference.
#[test]
fn every_json_output_gives_the_file_name_as_the_id() {
    let env = TestEnv::new();
    let file = "postmortems/2026/2026-11-20-renamed-copy.yaml";
    let id = env.renamed_copy("The original", file);
    let list = env.pm(&["list", "--json"]).ok().json();
    assert!(
        list.as_array()
            .unwrap()
            .iter()
            .any(|p| p["id"] == id.as_str() && p["file"] == file),
        "{list}"
    );
    let show = env.pm(&["show", &id, "--json"]).ok().json();
    assert_eq!(show["id"], id.as_str(), "{show}");
    assert_eq!(show["file"], file, "{show}");
    let timeline = env.pm(&["timeline", "list", &id, "--json"]).ok().json();
    assert_eq!(timeline["id"], id.as_str(), "{timeline}");
    let search = env.pm(&["search", "original", "--json"]).ok().json();
    assert!(
        search["results"]
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["id"] == id.as_str()),
        "{search}"
    );
    // The id printed resolves.
    env.pm(&["show", show["id"].as_str().unwrap()]).ok();
    env.pm(&["lint", file]).stdout_has("id-file-name");
}

/// `--service` compares a service as written: `0x10` (which YAML reads
/// as the number 16) is the service `0x10`, never `16`, for `pm list`,
/// `pm due` and `pm stats`, whether the file is read by the fast scanner
/// or by the full parser (an alias sends it there).
#[test]
fn service_filters_compare_the_text_as_written() {
    for extra in ["", "x-anchor: &a foo\nx-ref: *a\n"] {
        let env = TestEnv::new();
        let id = env.new_pm("Hex service", "2026-11-26T09:12:00Z");
        env.add_action(&id, "Alert on it", "ops", "2026-11-30");
        let file = env.file_of(&id);
        let text = env
            .read(&file)
            .replace("services: [checkout-api]\n", "services: [0x10, 1e3]\n")
            + extra;
        env.write(&file, &text);
        env.git(&["commit", "-qam", "by hand"]);
        for (service, hits) in [("0x10", 1), ("16", 0), ("1e3", 1), ("1000", 0)] {
            let list = env
                .pm(&["list", "--service", service, "--json"])
                .ok()
                .json();
            assert_eq!(
                list.as_array().unwrap().len(),
                hits,
                "list {service} {extra:?}"
            );
            let due = env.pm(&["due", "--service", service, "--json"]).ok().json();
            assert_eq!(
                due["items"].as_array().unwrap().len(),
                hits,
                "due {service}"
            );
            let stats = env
                .pm(&["stats", "--service", service, "--json"])
                .ok()
                .json();
            assert_eq!(stats["incidents"], hits, "stats {service}: {stats}");
        }
    }
}

/// patt31 #1: `pm show --json` gives each item of a list of text as the
/// text written, in its own place, as `pm show` does: `.inf` and `.nan`
/// (numbers to YAML, which JSON cannot hold) are their text, never `null`,
/// and a null item beside them no longer shifts the items after it.
#[test]
fn json_gives_inf_and_nan_in_a_list_as_their_text_in_place() {
    let env = TestEnv::new();
    let id = env.new_pm("Json lists", "2026-11-26T09:00:00Z");
    let file = env.file_of(&id);
    let text = env
        .read(&file)
        .replacen("\ntitle: Json lists\n", "\ntitle: .nan\n", 1)
        .replacen("\ntags: []\n", "\ntags: [.inf, 5, ~]\n", 1)
        .replacen(
            "\ncontributing_factors: []\n",
            "\ncontributing_factors: [.inf, 5, ~, 6]\n",
            1,
        )
        .replacen(
            "\nservices: [checkout-api]\n",
            "\nservices: [.inf, -.nan, true, ~]\n",
            1,
        );
    env.write(&file, &text);
    env.git(&["commit", "-qam", "lists with .inf by hand"]);

    // The text view reads them so.
    env.pm(&["show", &id])
        .ok()
        .stdout_has("tags: .inf, 5\n")
        .stdout_has("services: .inf, -.nan, true\n");

    let json = env.pm(&["show", &id, "--json"]).ok().json();
    assert_eq!(json["tags"], serde_json::json!([".inf", "5", null]));
    assert_eq!(
        json["contributing_factors"],
        serde_json::json!([".inf", "5", null, "6"])
    );
    assert_eq!(
        json["services"],
        serde_json::json!([".inf", "-.nan", "true", null])
    );
    assert_eq!(json["title"], ".nan");
}

/// fix40: under keys pm does not read (a team's own), `pm show --json`
/// gives a value as YAML reads it, a number as a number, but a number JSON
/// cannot hold (`.inf`, `.NaN`, `1e400`) as its text as written, never
/// `null`: at the top, in a list, in a nested mapping, in a timeline
/// entry and an action item. An alias repeats the text of its anchor.
#[test]
fn json_gives_inf_and_nan_under_unknown_keys_as_written() {
    let env = TestEnv::new();
    let id = env.new_pm("Json unknown keys", "2026-11-26T09:00:00Z");
    env.pm(&[
        "timeline",
        "add",
        "Alert fired",
        "--at",
        "09:10",
        "--pm",
        &id,
    ])
    .ok();
    env.add_action(&id, "Add a gauge", "sre", "2026-12-01");
    let file = env.file_of(&id);
    let text = env.read(&file);
    let text = format!(
        "{text}budget: .Inf\nerror_rate: &rate -.inf\nsame_rate: *rate\nretries: 3\npaged: true\n\
         samples: [1.5, .NaN, 1e400, ~]\ncustom:\n  ratio: .nan\n  deeper: {{x: +.inf}}\n"
    )
    .replacen(
        "    text: Alert fired\n",
        "    text: Alert fired\n    ratio: .inf\n",
        1,
    )
    .replacen("    owner: sre\n", "    owner: sre\n    score: -.Inf\n", 1);
    assert!(
        text.contains("    ratio: .inf\n") && text.contains("    score: -.Inf\n"),
        "{text}"
    );
    env.write(&file, &text);
    env.git(&["commit", "-qam", "keys of our own"]);

    let json = env.pm(&["show", &id, "--json"]).ok().json();
    assert_eq!(json["budget"], ".Inf", "{json:#}");
    assert_eq!(json["error_rate"], "-.inf");
    assert_eq!(json["same_rate"], "-.inf");
    assert_eq!(json["retries"], 3);
    assert_eq!(json["paged"], true);
    assert_eq!(
        json["samples"],
        serde_json::json!([1.5, ".NaN", "1e400", null])
    );
    assert_eq!(json["custom"]["ratio"], ".nan");
    assert_eq!(json["custom"]["deeper"]["x"], "+.inf");
    let entry = json["timeline"]
        .as_array()
        .unwrap()
        .iter()
        .find(|e| e["text"] == "Alert fired")
        .unwrap();
    assert_eq!(entry["ratio"], ".inf", "{json:#}");
    assert_eq!(json["action_items"][0]["score"], "-.Inf", "{json:#}");
    assert!(!json.to_string().contains("null,\"custom\""));
}

/// Command output pasted into a timeline entry keeps its lines and its
/// column spacing in `pm show` and `pm timeline list` (it was joined into
/// one line with single spaces); prose with two spaces after a full stop
/// is still wrapped as prose.
#[test]
fn pasted_command_output_keeps_its_layout() {
    let env = TestEnv::new();
    let id = env.new_pm("Checkout crash loop", "2026-11-26T09:00:00Z");
    env.pm_stdin(
        &["timeline", "add", "-", "--at", "2026-11-26 09:20"],
        "NAME        READY   STATUS\ncheckout-1  0/1     CrashLoopBackOff\n",
    )
    .ok();
    env.pm(&[
        "timeline",
        "add",
        "Paged the on-call.  The pager rotated to the secondary after five minutes without an acknowledgement from anyone.",
        "--at",
        "2026-11-26 09:25",
    ])
    .ok();
    let show = env.pm(&["show", &id]).ok().stdout;
    let list = env.pm(&["timeline", "list", &id]).ok().stdout;
    for out in [&show, &list] {
        assert!(out.contains("NAME        READY   STATUS"), "{out}");
        assert!(out.contains("checkout-1  0/1     Cr"), "{out}");
        assert!(!out.contains("NAME READY STATUS"), "{out}");
        // Prose is wrapped at words, its double space made one.
        assert!(out.contains("Paged the on-call. The"), "{out}");
    }
}
