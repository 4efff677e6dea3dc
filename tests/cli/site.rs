//! pm site: every page, valid HTML, the same bytes for the same repository
//! and PM_NOW, the trends data recomputed from the files, and a folder it
//! did not make left alone.

use std::collections::BTreeMap;
use std::fs;
use std::path::Path;

use chrono::{Datelike, Months, NaiveDate};
use scraper::{Html, Selector};
use serde_json::json;

use crate::render::{
    FULL, FULL_ID, HOSTILE_TEXTS, HOSTILE_TITLE, assert_inert, hostile_postmortem, parse_html,
};
use crate::stats::{Pm, generated, read_all};
use crate::support::{TestEnv, dead_pid};

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// Every file under `dir`, relative path to bytes.
fn tree(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in fs::read_dir(&d).unwrap() {
            let p = e.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p.strip_prefix(dir).unwrap().to_string_lossy().into_owned();
                out.insert(rel, fs::read(&p).unwrap());
            }
        }
    }
    out
}

/// A generated repository plus the full and the hostile post-mortems.
pub fn site_repo(count: usize) -> TestEnv {
    let env = generated(count, 7);
    env.write(&env.file_of(FULL_ID), FULL);
    env.write(&env.file_of("2026-11-25-hostile"), &hostile_postmortem());
    env
}

#[test]
fn site_has_every_page_and_the_same_bytes_each_time() {
    let env = site_repo(120);
    env.pm(&["site", "public"])
        .ok()
        .stdout_has("Wrote public: index.html, trends.html and 122 post-mortem pages");
    let out = env.path("public");
    let files = tree(&out);
    for f in [
        "index.html",
        "trends.html",
        "trends.json",
        "style.css",
        "site.js",
        ".pm-site",
    ] {
        assert!(files.contains_key(f), "no {f}");
    }
    assert_eq!(files.keys().filter(|k| k.starts_with("pm/")).count(), 122);

    // The index: valid, one row per post-mortem, newest first, every link a page.
    let index = parse_html(&env.read("public/index.html"));
    assert_inert(&index, &["site.js"]);
    let rows: Vec<_> = index.select(&sel("#postmortems tbody tr")).collect();
    assert_eq!(rows.len(), 122);
    let dates: Vec<String> = rows
        .iter()
        .map(|r| r.select(&sel("td")).next().unwrap().text().collect())
        .collect();
    let mut sorted = dates.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(dates, sorted, "newest first");
    for a in index.select(&sel("#postmortems a")) {
        let href = a.value().attr("href").unwrap();
        assert!(out.join(href).is_file(), "{href} is not a page");
    }
    // Usable without script: the search box is hidden until site.js shows it.
    assert!(index.select(&sel("#search-box[hidden]")).next().is_some());

    // Every page is valid HTML and inert; the hostile one shows its text as text.
    for (name, bytes) in files.iter().filter(|(k, _)| k.starts_with("pm/")) {
        let text = String::from_utf8(bytes.clone()).unwrap();
        let doc = parse_html(&text);
        assert_inert(&doc, &[]);
        assert_eq!(
            doc.select(&sel("link[rel=stylesheet]"))
                .next()
                .unwrap()
                .value()
                .attr("href"),
            Some("../style.css"),
            "{name}"
        );
    }
    let hostile = env.read("public/pm/2026-11-25-hostile.html");
    let doc = Html::parse_document(&hostile);
    let text: String = doc.root_element().text().collect();
    for h in HOSTILE_TEXTS {
        assert!(text.contains(h), "{h:?}");
    }
    let row_titles: Vec<String> = rows
        .iter()
        .map(|r| r.select(&sel("a")).next().unwrap().text().collect())
        .collect();
    assert!(row_titles.contains(&HOSTILE_TITLE.to_string()));

    // The trends page: five charts, each an image with a title and a description.
    let trends = parse_html(&env.read("public/trends.html"));
    assert_inert(&trends, &[]);
    let charts: Vec<_> = trends.select(&sel("svg")).collect();
    assert_eq!(charts.len(), 5);
    for svg in &charts {
        assert_eq!(svg.value().attr("role"), Some("img"));
        let labelled = svg.value().attr("aria-labelledby").unwrap();
        for id in labelled.split(' ') {
            let el = trends
                .select(&sel(&format!("#{id}")))
                .next()
                .unwrap_or_else(|| panic!("no #{id}"));
            assert!(!el.text().collect::<String>().trim().is_empty());
        }
    }
    // A severity from a file (not pm.yaml) is a legend entry, as text.
    let legend: String = trends
        .select(&sel("#incidents svg"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(legend.contains("<b>SEV</b>"), "{legend}");
    // Each chart's data is in a table too, readable without SVG.
    assert_eq!(trends.select(&sel("section details table")).count(), 5);

    // Same repository, same PM_NOW: the same bytes, into a new folder or the same one.
    env.pm(&["site", "again"]).ok();
    assert!(tree(&env.path("again")) == files, "a second site differs");
    env.pm(&["site", "public"]).ok();
    assert!(tree(&out) == files, "rebuilding in place changed bytes");
}

fn month_end(d: NaiveDate) -> NaiveDate {
    NaiveDate::from_ymd_opt(d.year(), d.month(), 1).unwrap() + Months::new(1)
        - chrono::Duration::days(1)
}

#[test]
fn trends_json_matches_the_files() {
    let env = generated(150, 11);
    env.pm(&["site", "out"]).ok();
    let got: serde_json::Value = serde_json::from_str(&env.read("out/trends.json")).unwrap();
    let today = NaiveDate::from_ymd_opt(2026, 11, 27).unwrap();
    let pms: Vec<Pm> = read_all(&env.repo);

    // Months from the first post-mortem's to today's.
    let first = pms.iter().map(|p| p.date).min().unwrap();
    let mut months = Vec::new();
    let mut m = NaiveDate::from_ymd_opt(first.year(), first.month(), 1).unwrap();
    while m <= today {
        months.push(m);
        m = m + Months::new(1);
    }
    let keys: Vec<String> = months
        .iter()
        .map(|m| m.format("%Y-%m").to_string())
        .collect();
    assert_eq!(got["months"], json!(keys));

    for s in got["incidents_by_severity"].as_array().unwrap() {
        let sev = s["name"].as_str().unwrap();
        let want: Vec<usize> = keys
            .iter()
            .map(|k| {
                pms.iter()
                    .filter(|p| p.severity == sev && p.date.format("%Y-%m").to_string() == *k)
                    .count()
            })
            .collect();
        assert_eq!(s["values"], json!(want), "{sev}");
    }

    // Action items as of each month's last day (today for this month).
    let (mut open, mut done, mut overdue) = (Vec::new(), Vec::new(), Vec::new());
    let mut as_of = Vec::new();
    for m in &months {
        let day = month_end(*m).min(today);
        as_of.push(day.to_string());
        let items = pms
            .iter()
            .filter(|p| p.date <= day)
            .flat_map(|p| p.actions.iter())
            .filter(|a| a.0 == "open" || a.2.is_some());
        let (mut o, mut d, mut late) = (0, 0, 0);
        for (status, due, closed) in items {
            let still_open = status == "open" || closed.is_some_and(|c| c > day);
            if still_open {
                o += 1;
                if due.is_some_and(|due| due < day) {
                    late += 1;
                }
            } else if status == "done" {
                d += 1;
            }
        }
        open.push(o);
        done.push(d);
        overdue.push(late);
    }
    assert_eq!(got["as_of"], json!(as_of));
    assert_eq!(got["actions_open"], json!(open));
    assert_eq!(got["actions_done"], json!(done));
    assert_eq!(got["actions_overdue"], json!(overdue));

    // Quarter medians are pm stats' figures per quarter.
    let stats = env.pm(&["stats", "--json", "--by", "quarter"]).ok().json();
    for g in stats["groups"].as_array().unwrap() {
        let q = g["key"].as_str().unwrap();
        let i = got["quarters"]
            .as_array()
            .unwrap()
            .iter()
            .position(|x| x == q)
            .unwrap();
        assert_eq!(
            got["time_to_detect_median_seconds"][i],
            g["time_to_detect"]["median_seconds"]
        );
        assert_eq!(
            got["time_to_resolve_median_seconds"][i],
            g["time_to_resolve"]["median_seconds"]
        );
    }
}

#[test]
fn site_leaves_a_folder_it_did_not_make_alone() {
    let env = TestEnv::new();
    env.write(&env.file_of(FULL_ID), FULL);
    env.write("mine/notes.txt", "my notes\n");
    env.pm(&["site", "mine"]).error(&[
        "OUT_DIR mine has files that pm site did not write",
        "nothing was written",
    ]);
    assert_eq!(fs::read_dir(env.path("mine")).unwrap().count(), 1);
    assert_eq!(env.read("mine/notes.txt"), "my notes\n");
    env.write("afile", "x");
    env.pm(&["site", "afile"])
        .error(&["OUT_DIR afile is not a folder"]);
    // Never inside git's folder or the post-mortems folder, new or not.
    env.pm(&["site", ".git/site"])
        .error(&["OUT_DIR .git/site: is in git's folder"]);
    assert!(!env.path(".git/site").exists());
    env.pm(&["site", "postmortems/site"])
        .error(&["OUT_DIR postmortems/site: is in the post-mortems folder"]);
    assert!(!env.path("postmortems/site").exists());
    // An empty folder is fine.
    fs::create_dir(env.path("empty")).unwrap();
    env.pm(&["site", "empty"]).ok();
    assert!(env.path("empty/index.html").is_file());
}

#[test]
fn site_removes_pages_of_postmortems_that_are_gone() {
    let env = TestEnv::new();
    env.write(&env.file_of(FULL_ID), FULL);
    env.write(&env.file_of("2026-11-25-hostile"), &hostile_postmortem());
    env.pm(&["site", "out"]).ok();
    assert!(env.path("out/pm/2026-11-25-hostile.html").is_file());
    fs::remove_file(env.path(&env.file_of("2026-11-25-hostile"))).unwrap();
    env.pm(&["site", "out"])
        .ok()
        .stdout_has("removed 1 page of post-mortems that no longer exist");
    assert!(!env.path("out/pm/2026-11-25-hostile.html").exists());
    assert!(env.path(&format!("out/pm/{FULL_ID}.html")).is_file());
}

/// The pages' folder replaced by a symbolic link to another folder: pm
/// site refuses, so removing stale pages never deletes files there. (A
/// fifth attack found it deleting `important.html` through such a link.)
#[test]
fn site_refuses_a_pages_folder_that_is_a_symlink() {
    let env = TestEnv::new();
    env.write(&env.file_of(FULL_ID), FULL);
    env.pm(&["site", "out"]).ok();
    env.write("elsewhere/important.html", "keep\n");
    fs::remove_dir_all(env.path("out/pm")).unwrap();
    std::os::unix::fs::symlink(env.path("elsewhere"), env.path("out/pm")).unwrap();
    env.pm(&["site", "out"])
        .code(2)
        .error(&["out/pm is a symbolic link"]);
    assert_eq!(env.read("elsewhere/important.html"), "keep\n");
    assert_eq!(fs::read_dir(env.path("elsewhere")).unwrap().count(), 1);
}

/// `FULL` with another id and title.
fn with_id(id: &str, title: &str) -> String {
    let quoted = |s: &str| serde_json::to_string(s).unwrap();
    FULL.replacen(&format!("id: {FULL_ID}"), &format!("id: {}", quoted(id)), 1)
        .replacen(
            "title: Checkout latency spike",
            &format!("title: {}", quoted(title)),
            1,
        )
}

/// Each page of the site, by the index's links: `pm/NAME.html` to the id
/// of its row, checked against the id and title the page itself shows.
fn pages(env: &TestEnv, out: &str) -> BTreeMap<String, String> {
    let index = parse_html(&env.read(&format!("{out}/index.html")));
    let mut pages = BTreeMap::new();
    for row in index.select(&sel("#postmortems tbody tr")) {
        let id = row.value().attr("data-id").unwrap().to_string();
        let href = row
            .select(&sel("a"))
            .next()
            .unwrap()
            .value()
            .attr("href")
            .unwrap()
            .to_string();
        let page = Html::parse_document(&env.read(&format!("{out}/{href}")));
        let shown: Vec<String> = page
            .select(&sel("dd"))
            .map(|d| d.text().collect())
            .collect();
        assert!(shown.contains(&id), "{href} does not show {id:?}");
        assert!(pages.insert(href, id).is_none());
    }
    // No page without a row.
    assert_eq!(
        fs::read_dir(env.path(&format!("{out}/pm")))
            .unwrap()
            .count(),
        pages.len()
    );
    pages
}

/// The title a page shows.
fn page_title(env: &TestEnv, page: &str) -> String {
    let doc = Html::parse_document(&env.read(page));
    doc.select(&sel("h1")).next().unwrap().text().collect()
}

/// A page's name depends on its post-mortem's id (its file's name) alone:
/// names a person could give a file by hand (case, spaces, backslashes,
/// dots, accents, emoji, `index`, Windows device names, 200 characters)
/// never move the page of another
/// post-mortem, never share a name (not even on a file system that ignores
/// case), and the ids pm makes keep the page they always had. (The old
/// scheme gave `2026-03-14-DB-failover`, in a file listed first, the name
/// `2026-03-14-DB-failover`, and moved the existing
/// `2026-03-14-db-failover` to `2026-03-14-db-failover-2`.)
#[test]
fn page_names_depend_on_the_id_alone() {
    let env = TestEnv::new();
    let plain = "2026-03-14-db-failover";
    env.write(&env.file_of(plain), &with_id(plain, "The failover"));
    env.pm(&["site", "out"]).ok();
    let before = pages(&env, "out");
    assert_eq!(
        before,
        BTreeMap::from([(format!("pm/{plain}.html"), plain.to_string())])
    );
    let shared = env.read(&format!("out/pm/{plain}.html"));

    // Hand-named files (the first listed before the plain one).
    let long = format!("2026-03-14-{}", "very-long-".repeat(20));
    let hostile: Vec<&str> = vec![
        "2026-03-14-DB-failover",
        "2026-03-14-Db-Failover",
        "2026-03-14-db failover",
        "2026-03-14-db\\failover",
        "2026-03-14-db--failover",
        "2026-03-14-db-failover.",
        "2026-03-14-dö-failover",
        "2026-03-14-do\u{308}-failover",
        "index",
        "INDEX",
        "con",
        "style",
        "🔥",
        &long,
    ];
    for (n, id) in hostile.iter().enumerate() {
        env.write(
            &format!("postmortems/2026/{id}.yaml"),
            &with_id(id, &format!("Hand {n}")),
        );
    }
    env.pm(&["site", "out"])
        .ok()
        .stdout_has(&format!("and {} post-mortem pages", hostile.len() + 1));
    let after = pages(&env, "out");
    // The link shared before still shows the same post-mortem, byte for byte.
    assert_eq!(env.read(&format!("out/pm/{plain}.html")), shared);
    assert_eq!(after.len(), hostile.len() + 1);
    let mut lower = std::collections::BTreeSet::new();
    let name_re = regex::Regex::new(r"^pm/[a-z0-9][a-z0-9._-]*\.html$").unwrap();
    for (href, id) in &after {
        assert!(name_re.is_match(href), "{href} for {id:?}");
        assert!(href.len() <= "pm/".len() + 60 + ".html".len(), "{href}");
        assert!(lower.insert(href.to_lowercase()), "{href} twice");
        assert!(!href.contains("--") || href.rsplit_once("--").unwrap().1.len() == 15);
    }
    // What a reader sees: a readable slug, and a hash of the exact id
    // whenever the id is not a file name as it stands. These names are the
    // links people share: they must never change.
    let by_id: BTreeMap<&str, &str> = after
        .iter()
        .map(|(h, i)| (i.as_str(), h.as_str()))
        .collect();
    assert_eq!(
        by_id["2026-03-14-DB-failover"],
        "pm/2026-03-14-db-failover--864cf52382.html"
    );
    assert_eq!(by_id["index"], "pm/index--b4b38c1f19.html");
    assert_eq!(by_id["con"], "pm/con--94525f6820.html");
    assert_eq!(by_id["style"], "pm/style.html");
    assert!(!env.path("out/pm/index.html").exists());

    // Gone post-mortems take no other page along, whatever their order.
    fs::remove_file(env.path("postmortems/2026/2026-03-14-DB-failover.yaml")).unwrap();
    fs::remove_file(env.path(&env.file_of(plain))).unwrap();
    env.pm(&["site", "out"])
        .ok()
        .stdout_has("removed 2 pages of post-mortems that no longer exist");
    let fewer = pages(&env, "out");
    for (href, id) in &fewer {
        assert_eq!(after.get(href), Some(id), "{href} moved");
    }
    assert_eq!(fewer.len(), after.len() - 2);
}

/// A page is named after its file's id, never after an `id:` a copy kept
/// (patt22 F7): a copy named `0-copy.yaml` has the page `0-copy`. Files
/// that share an id (the same name in another year's folder): the id's own
/// file (in its year's folder) keeps the page, wherever the copy is
/// listed, and the copy gets a page of its own.
#[test]
fn a_copy_with_the_same_id_never_takes_the_page() {
    let env = TestEnv::new();
    let plain = "2026-03-14-db-failover";
    env.write(&env.file_of(plain), &with_id(plain, "The original"));
    env.pm(&["site", "out"]).ok();
    // Listed first: another year's folder, and a file name of its own.
    env.write(
        &format!("postmortems/2025/{plain}.yaml"),
        &with_id(plain, "Copy in 2025"),
    );
    env.write(
        "postmortems/2026/0-copy.yaml",
        &with_id(plain, "Copy named 0"),
    );
    env.pm(&["site", "out"]).ok();
    assert_eq!(
        page_title(&env, &format!("out/pm/{plain}.html")),
        "The original"
    );
    assert_eq!(page_title(&env, "out/pm/0-copy.html"), "Copy named 0");
    let all = pages(&env, "out");
    assert_eq!(all.len(), 3);
    assert_eq!(all["pm/0-copy.html"], "0-copy");
    let copy: Vec<&String> = all
        .keys()
        .filter(|href| href.starts_with(&format!("pm/{plain}--copy-")))
        .collect();
    assert_eq!(copy.len(), 1, "{all:?}");
    assert_eq!(
        page_title(&env, &format!("out/{}", copy[0])),
        "Copy in 2025"
    );
}

/// `pm site .`, or a folder above the repository, would write pages among
/// the repository's files (and, with a `.pm-site` file there, replace and
/// remove them): refused, naming OUT_DIR and a folder that works, with
/// nothing written. Through a symlink too.
#[test]
fn site_refuses_the_repository_and_the_folders_that_hold_it() {
    let env = TestEnv::new();
    env.write(&env.file_of(FULL_ID), FULL);
    env.write(".pm-site", "");
    env.git(&["add", "-A"]);
    env.git(&["commit", "-qm", "a marker where it does not belong"]);
    let link = env.home().join("repo-link");
    std::os::unix::fs::symlink(&env.repo, &link).unwrap();
    let root = env.repo.to_str().unwrap().to_string();
    let above = env.repo.parent().unwrap().to_path_buf();
    let above_before: Vec<_> = fs::read_dir(&above)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    let before = env.snapshot();
    for (dir, what) in [
        (".", "the repository's root folder"),
        ("./postmortems/..", "the repository's root folder"),
        (root.as_str(), "the repository's root folder"),
        (link.to_str().unwrap(), "the repository's root folder"),
        ("..", "a folder that holds the post-mortems folder"),
        ("/", "a folder that holds the post-mortems folder"),
    ] {
        env.pm(&["site", dir]).error(&[
            &format!("OUT_DIR {dir}: is {what}"),
            "pm site public",
            "nothing was changed",
        ]);
        assert_eq!(env.snapshot(), before, "{dir}");
    }
    let above_after: Vec<_> = fs::read_dir(&above)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(above_after, above_before);
    assert!(!env.path("pm").exists() && !env.path("index.html").exists());
    // A folder of its own inside the repository is what the hint says.
    env.pm(&["site", "public"]).ok();
    assert!(env.path("public/index.html").is_file());
}

/// A post-mortem dated in the year 1 or 9999 (a typo) is left out of the
/// trends' charts and named, so trends.html stays small: not a bar per
/// month since the year 1.
#[test]
fn a_date_in_the_year_1_or_9999_is_left_out_of_the_charts_and_named() {
    let env = TestEnv::new();
    env.write(&env.file_of(FULL_ID), FULL);
    for (id, date) in [
        ("0001-01-01-typo", "0001-01-01"),
        ("9999-12-31-typo", "9999-12-31"),
    ] {
        let text = with_id(id, "A typo in the date").replacen(
            "\ndate: 2026-11-26\n",
            &format!("\ndate: {date}\n"),
            1,
        );
        assert!(text.contains(&format!("\ndate: {date}\n")));
        env.write(&env.file_of(id), &text);
    }
    env.git(&["add", "-A"]);
    env.git(&["commit", "-qm", "dates typed wrong"]);
    env.pm(&["site", "out"])
        .ok()
        .stderr_has("warning: left out of the trends' charts")
        .stderr_has("0001-01-01-typo, 9999-12-31-typo");
    let trends = fs::metadata(env.path("out/trends.html")).unwrap().len();
    assert!(trends < 200_000, "trends.html is {trends} bytes");
    let json: serde_json::Value = serde_json::from_str(&env.read("out/trends.json")).unwrap();
    assert_eq!(
        json["outside_span"],
        json!(["0001-01-01-typo", "9999-12-31-typo"])
    );
    // The charts run from the real post-mortem's month to today's.
    assert_eq!(json["months"], json!(["2026-11"]));
    assert_eq!(
        json["incidents_by_severity"]
            .as_array()
            .unwrap()
            .iter()
            .map(|s| s["values"][0].as_u64().unwrap())
            .sum::<u64>(),
        1
    );
    let page = env.read("out/trends.html");
    assert!(
        page.contains(
            "2 post-mortems are dated more than 20 years before today or more than a year after it"
        ),
        "{page}"
    );
    // Both still have their pages.
    assert!(env.path("out/pm/0001-01-01-typo.html").is_file());
    assert!(env.path("out/pm/9999-12-31-typo.html").is_file());
}

/// "More than 20 years before today or more than a year after it", to the
/// day: with today 2026-11-27, 2006-11-27 and 2027-11-27 are charted,
/// 2006-11-26 and 2027-11-28 are not. (The span began at the first of the
/// month 239 months back, so 2006-11-27 was left out as "more than 20
/// years" before today.)
#[test]
fn the_trends_span_is_twenty_years_back_and_one_forward_to_the_day() {
    let env = TestEnv::new();
    assert!(crate::support::NOW.starts_with("2026-11-27T"));
    env.write(&env.file_of(FULL_ID), FULL);
    let dates = [
        ("2006-11-26-before", "2006-11-26"),
        ("2006-11-27-first", "2006-11-27"),
        ("2027-11-27-last", "2027-11-27"),
        ("2027-11-28-after", "2027-11-28"),
    ];
    for (id, date) in dates {
        let text = with_id(id, "On the edge of the span").replacen(
            "\ndate: 2026-11-26\n",
            &format!("\ndate: {date}\n"),
            1,
        );
        assert!(text.contains(&format!("\ndate: {date}\n")));
        env.write(&env.file_of(id), &text);
    }
    env.git(&["add", "-A"]);
    env.git(&["commit", "-qm", "dates on the edges"]);
    env.pm(&["site", "out"])
        .ok()
        .stderr_has("more than 20 years before today or more than a year after it: 2006-11-26-before, 2027-11-28-after (check");
    let json: serde_json::Value = serde_json::from_str(&env.read("out/trends.json")).unwrap();
    assert_eq!(
        json["outside_span"],
        json!(["2006-11-26-before", "2027-11-28-after"])
    );
    let months = json["months"].as_array().unwrap();
    assert_eq!(months.first(), Some(&json!("2006-11")));
    assert_eq!(months.last(), Some(&json!("2027-11")));
    assert_eq!(months.len(), 21 * 12 + 1);
    let charted: u64 = json["incidents_by_severity"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["values"].as_array().unwrap().iter())
        .map(|v| v.as_u64().unwrap())
        .sum();
    assert_eq!(charted, 3, "the two on the edges and the real one");
}

/// What stands where pm site writes is checked before the first write: a
/// file named `pm` (where the pages' folder goes) or a folder named
/// `index.html` is refused, naming the path and what to do, and nothing
/// is written.
#[test]
fn site_checks_every_target_before_writing() {
    let env = TestEnv::new();
    env.write(&env.file_of(FULL_ID), FULL);
    env.pm(&["site", "out"]).ok();
    let page = format!("out/pm/{FULL_ID}.html");
    let listing = |env: &TestEnv| {
        let mut all = Vec::new();
        for dir in ["out", "out/pm"] {
            if let Ok(entries) = fs::read_dir(env.path(dir)) {
                for e in entries {
                    let e = e.unwrap();
                    all.push((
                        e.path(),
                        fs::symlink_metadata(e.path()).unwrap().modified().unwrap(),
                    ));
                }
            }
        }
        all.sort();
        all
    };

    // A regular file where the pages' folder goes.
    fs::remove_dir_all(env.path("out/pm")).unwrap();
    env.write("out/pm", "not a folder\n");
    let before = listing(&env);
    env.pm(&["site", "out"])
        .error(&[
            "out/pm is a file, not a folder",
            "remove or rename that file",
        ])
        .stderr_has("nothing was written");
    assert_eq!(listing(&env), before);
    assert_eq!(env.read("out/pm"), "not a folder\n");

    // A folder where index.html goes: no page is written before the refusal.
    fs::remove_file(env.path("out/pm")).unwrap();
    fs::remove_file(env.path("out/index.html")).unwrap();
    fs::create_dir(env.path("out/index.html")).unwrap();
    let before = listing(&env);
    env.pm(&["site", "out"])
        .error(&["out/index.html is a folder", "remove or rename that folder"])
        .stderr_has("nothing was written");
    assert_eq!(listing(&env), before);
    assert!(!env.path(&page).exists());

    // Out of the way, the site is written again.
    fs::remove_dir(env.path("out/index.html")).unwrap();
    env.pm(&["site", "out"]).ok();
    assert!(env.path(&page).is_file());
    assert!(env.path("out/index.html").is_file());
}

/// patt21 D8, D11: the "Wrote" line is one line whatever OUT_DIR's name
/// holds, and refusals name the path and the cause in words: a file on
/// the way, a symbolic link to nothing, a `.pm-site` that is a folder.
#[test]
fn site_names_out_dir_on_one_line_and_refusals_in_words() {
    let env = TestEnv::new();
    env.new_pm("Site paths", "2026-11-26T09:00:00Z");
    let dir = env.dir.path();
    let odd = dir.join("a\r::error::y\nb");
    let run = env.pm(&["site", odd.to_str().unwrap()]).ok();
    assert_eq!(run.stdout.lines().count(), 1, "{:?}", run.stdout);
    assert!(run.stdout.starts_with("Wrote "), "{}", run.stdout);
    assert!(odd.join("index.html").is_file());

    fs::write(dir.join("afile"), "x").unwrap();
    let under_file = dir.join("afile/sub");
    env.pm(&["site", under_file.to_str().unwrap()])
        .error(&[&format!(
            "{} is a file, not a folder",
            dir.join("afile").display()
        )]);
    assert!(
        !env.pm(&["site", under_file.to_str().unwrap()])
            .stderr
            .contains("os error")
    );

    let dangling = dir.join("dangling");
    std::os::unix::fs::symlink(dir.join("nonexistent/x"), &dangling).unwrap();
    let run = env
        .pm(&["site", dangling.to_str().unwrap()])
        .error(&[&format!(
            "is a symbolic link to {}, which does not exist",
            dir.join("nonexistent/x").display()
        )]);
    assert!(!run.stderr.contains("File exists"), "{}", run.stderr);
    assert!(!dir.join("nonexistent").exists());

    let marked = dir.join("marked");
    fs::create_dir_all(marked.join(".pm-site")).unwrap();
    env.pm(&["site", marked.to_str().unwrap()])
        .error(&["is a folder, not pm site's marker file"]);
}

// --- Publishing attack (patt24). Each test fails on the binary before the
// fix.

/// D1: a run cut short after writing pages (here a template that fails
/// once the pages are written, as Ctrl-C or a cancelled CI job would stop
/// it) leaves a folder the next run takes as its own.
#[test]
fn a_site_run_cut_short_leaves_a_folder_the_next_run_takes() {
    let env = TestEnv::new();
    env.write(&env.file_of(FULL_ID), FULL);
    env.write(
        ".pm/templates/site-index.html.tera",
        "{{ site.no_such_thing.at_all }}\n",
    );
    env.pm(&["site", "public"]).code(2);
    // Cut short: the pages are there, the index is not.
    assert!(env.path(&format!("public/pm/{FULL_ID}.html")).is_file());
    assert!(!env.path("public/index.html").exists());
    assert!(env.path("public/.pm-site").is_file());
    fs::remove_file(env.path(".pm/templates/site-index.html.tera")).unwrap();
    // A run killed in the middle of a write leaves its temporary file,
    // named with its pid (a process that is gone).
    let dead = dead_pid();
    env.write(
        &format!("public/pm/.pm-{dead}-AbC123.tmp"),
        "<!DOCTYPE html><p>half a pa",
    );
    env.write(&format!("public/.pm-{dead}-XyZ789.tmp"), "half");
    env.pm(&["site", "public"])
        .ok()
        .stdout_has("Wrote public: index.html, trends.html and 1 post-mortem page");
    assert!(env.path("public/index.html").is_file());
    assert!(
        !env.path(&format!("public/pm/.pm-{dead}-AbC123.tmp"))
            .exists()
    );
    assert!(!env.path(&format!("public/.pm-{dead}-XyZ789.tmp")).exists());
}

/// D2: a post-mortem that stops parsing (a typo) keeps its published page:
/// the run names the file and the error, keeps the page, and exits 1, so
/// a CI job does not publish the site as if all were well. Fixed, the next
/// run is clean.
#[test]
fn a_typo_never_unpublishes_a_page() {
    let env = TestEnv::new();
    let file = env.file_of(FULL_ID);
    env.write(&file, FULL);
    env.write(&env.file_of("2026-11-25-hostile"), &hostile_postmortem());
    env.pm(&["site", "out"]).ok();
    let page = format!("out/pm/{FULL_ID}.html");
    let before = env.read(&page);
    env.write(
        &file,
        &FULL.replacen("title: Checkout latency spike", "title: [unclosed", 1),
    );
    let run = env.pm(&["site", "out"]).code(1);
    assert!(run.stderr.contains(&file), "{}", run.stderr);
    assert!(
        run.stderr
            .contains("its page from an earlier run, if any, is kept as it was"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("1 post-mortem file cannot be read, so no page was removed (1 page from an earlier run kept)"),
        "{}",
        run.stderr
    );
    assert!(!run.stdout.contains("no longer exist"), "{}", run.stdout);
    assert_eq!(env.read(&page), before);
    // The index names the broken file.
    let index = parse_html(&env.read("out/index.html"));
    assert!(
        index
            .root_element()
            .text()
            .collect::<String>()
            .contains(&file),
        "index does not name {file}"
    );
    // Fixed: a clean run, exit 0, the page is current.
    env.write(&file, FULL);
    env.pm(&["site", "out"]).ok();
    assert!(env.path(&page).is_file());
}

/// The labels of each chart's axes that are numbers or durations (not
/// months, quarters or words).
fn axis_labels(trends: &Html, chart: &str) -> Vec<String> {
    trends
        .select(&sel(&format!("section#{chart} svg text")))
        .map(|t| t.text().collect::<String>().trim().to_string())
        .filter(|t| {
            t.starts_with(|c: char| c.is_ascii_digit() || c == '-')
                && !(t.len() >= 7 && t.as_bytes()[4] == b'-')
        })
        .collect()
}

/// D3 and D9: the trends charts' y axes are labelled with distinct whole
/// numbers, with data and without; an empty repository says it has none.
#[test]
fn trends_axes_have_distinct_whole_labels() {
    let env = TestEnv::new();
    env.write(&env.file_of(FULL_ID), FULL);
    env.pm(&["site", "public"]).ok();
    let trends = parse_html(&env.read("public/trends.html"));
    for chart in ["incidents", "actions", "overdue"] {
        let labels = axis_labels(&trends, chart);
        assert!(labels.len() >= 2, "{chart}: {labels:?}");
        let unique: std::collections::BTreeSet<&String> = labels.iter().collect();
        assert_eq!(unique.len(), labels.len(), "{chart}: {labels:?}");
        assert!(
            labels.iter().all(|l| l.parse::<u64>().is_ok()),
            "{chart}: {labels:?}"
        );
    }
    // Time to detect (19m 30s) on an axis of its own, in whole minutes;
    // time to resolve (1h 28m) too.
    let ttd = axis_labels(&trends, "ttd");
    assert!(
        ttd.len() >= 2 && ttd.iter().all(|l| l.ends_with('m')),
        "{ttd:?}"
    );
    let unique: std::collections::BTreeSet<&String> = ttd.iter().collect();
    assert_eq!(unique.len(), ttd.len(), "{ttd:?}");
    assert!(ttd.contains(&"20m".to_string()), "{ttd:?}");
    let ttr = axis_labels(&trends, "ttr");
    let unique: std::collections::BTreeSet<&String> = ttr.iter().collect();
    assert_eq!(unique.len(), ttr.len(), "{ttr:?}");

    let empty = TestEnv::new();
    empty.pm(&["site", "public"]).ok();
    let trends = parse_html(&empty.read("public/trends.html"));
    let text = trends.root_element().text().collect::<String>();
    assert!(text.contains("No post-mortems yet"), "{text}");
    for chart in ["ttd", "ttr", "incidents", "actions", "overdue"] {
        let labels = axis_labels(&trends, chart);
        let unique: std::collections::BTreeSet<&String> = labels.iter().collect();
        assert_eq!(unique.len(), labels.len(), "{chart}: {labels:?}");
    }
}

/// D12: a figure not measured shows a dash and says why on the index, as
/// the post-mortem's page does, instead of an empty cell.
#[test]
fn the_index_says_when_a_figure_is_not_measured() {
    let env = TestEnv::new();
    env.write(
        &env.file_of(FULL_ID),
        &FULL.replacen("kind: detected", "kind: note", 1),
    );
    env.pm(&["site", "public"]).ok();
    let index = parse_html(&env.read("public/index.html"));
    let row = index.select(&sel("tbody tr")).next().unwrap();
    let cells: Vec<_> = row.select(&sel("td.num")).collect();
    let ttd = cells[0];
    assert_eq!(ttd.value().attr("data-sort"), Some(""));
    assert_eq!(
        ttd.text().collect::<String>(),
        "— not measured",
        "{}",
        ttd.html()
    );
    let dash = ttd.select(&sel("span[title]")).next().unwrap();
    assert_eq!(
        dash.value().attr("title"),
        Some("not measured: no detected entry")
    );
    // Time to resolve is measured.
    assert_eq!(cells[1].text().collect::<String>(), "1h 28m");
}

/// S1: the id's own file, with a typo, keeps its page as it was; a copy
/// in another year's folder, or a `.yml` twin beside it, keeps its own
/// `--copy-` page and never takes the id's page (an attack found the
/// broken file's page overwritten with the copy, while pm said it was
/// kept).
#[test]
fn a_broken_own_file_keeps_its_page_from_a_copy() {
    let env = TestEnv::new();
    let plain = "2026-03-14-db-failover";
    let own = format!("postmortems/2026/{plain}.yaml");
    env.write(&own, &with_id(plain, "The original"));
    env.write(
        &format!("postmortems/2025/{plain}.yaml"),
        &with_id(plain, "Copy in 2025"),
    );
    env.write(
        &format!("postmortems/2026/{plain}.yml"),
        &with_id(plain, "Twin as yml"),
    );
    env.pm(&["site", "out"]).ok();
    let page = format!("out/pm/{plain}.html");
    assert_eq!(page_title(&env, &page), "The original");
    let before = env.read(&page);
    let copies = |env: &TestEnv| -> Vec<String> {
        let mut v: Vec<String> = fs::read_dir(env.path("out/pm"))
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.starts_with(&format!("{plain}--copy-")))
            .collect();
        v.sort();
        v
    };
    let copy_pages = copies(&env);
    assert_eq!(copy_pages.len(), 2, "{copy_pages:?}");

    // $ echo ': : bad' >> postmortems/2026/2026-03-14-db-failover.yaml
    // $ pm site out      # exit 1, the page is kept as it was
    env.write(
        &own,
        &format!("{}: : bad\n", with_id(plain, "The original")),
    );
    let run = env.pm(&["site", "out"]).code(1);
    assert!(
        run.stderr
            .contains("its page from an earlier run, if any, is kept as it was"),
        "{}",
        run.stderr
    );
    assert_eq!(
        env.read(&page),
        before,
        "the broken file's page was replaced"
    );
    assert_eq!(page_title(&env, &page), "The original");
    // The copies keep their own pages, with their own titles.
    assert_eq!(copies(&env), copy_pages);
    let mut titles: Vec<String> = copy_pages
        .iter()
        .map(|p| page_title(&env, &format!("out/pm/{p}")))
        .collect();
    titles.sort();
    assert_eq!(titles, ["Copy in 2025", "Twin as yml"]);
    // The index links the copies, not the broken file's page.
    let index = env.read("out/index.html");
    assert!(
        !index.contains(&format!("href=\"pm/{plain}.html\"")),
        "{index}"
    );
}

/// S2: a `.yml` twin beside `<id>.yaml` (the extension pm writes) does
/// not take the id's page away from the `.yaml`: the `.yaml` keeps
/// `pm/<id>.html`, the twin gets a `--copy-` page, and nothing is said to
/// be removed. (An attack found both made copies, the plain page deleted
/// as "a post-mortem that no longer exists".)
#[test]
fn a_yml_twin_never_takes_the_page_of_the_yaml() {
    let env = TestEnv::new();
    let plain = "2026-03-14-db-failover";
    env.write(
        &format!("postmortems/2026/{plain}.yaml"),
        &with_id(plain, "The original"),
    );
    env.pm(&["site", "out"]).ok();
    // $ cp x.yaml x.yml && pm site out
    env.write(
        &format!("postmortems/2026/{plain}.yml"),
        &with_id(plain, "Stray twin"),
    );
    let run = env.pm(&["site", "out"]).ok();
    assert!(!run.stdout.contains("removed"), "{}", run.stdout);
    assert_eq!(
        page_title(&env, &format!("out/pm/{plain}.html")),
        "The original"
    );
    let all = pages(&env, "out");
    assert_eq!(all.len(), 2, "{all:?}");
    let twin: Vec<&String> = all
        .keys()
        .filter(|href| href.starts_with(&format!("pm/{plain}--copy-")))
        .collect();
    assert_eq!(twin.len(), 1, "{all:?}");
    assert_eq!(page_title(&env, &format!("out/{}", twin[0])), "Stray twin");
    // The twin gone, its page goes; the original's stays.
    fs::remove_file(env.path(&format!("postmortems/2026/{plain}.yml"))).unwrap();
    env.pm(&["site", "out"])
        .ok()
        .stdout_has("removed 1 page of post-mortems that no longer exist");
    assert!(!env.path(&format!("out/{}", twin[0])).exists());
    assert_eq!(
        page_title(&env, &format!("out/pm/{plain}.html")),
        "The original"
    );
}

/// S3: pm site removes only pages it wrote (listed in `.pm-site`): a page
/// someone put in `pm/` stays, and is not called a post-mortem's page. A
/// folder an older pm site made (a marker without the list) is still
/// taken, and its stale pages are removed once.
#[test]
fn site_removes_only_pages_it_wrote() {
    let env = TestEnv::new();
    env.write(&env.file_of(FULL_ID), FULL);
    env.write(&env.file_of("2026-11-25-hostile"), &hostile_postmortem());
    env.pm(&["site", "out"]).ok();
    let marker = env.read("out/.pm-site");
    assert!(marker.contains("pm/"), "{marker}");
    assert!(marker.contains(&format!("\n{FULL_ID}.html\n")), "{marker}");
    // $ echo '<p>mine</p>' > out/pm/custom.html && pm site out
    env.write("out/pm/custom.html", "<p>mine</p>\n");
    let run = env.pm(&["site", "out"]).ok();
    assert!(!run.stdout.contains("removed"), "{}", run.stdout);
    assert_eq!(env.read("out/pm/custom.html"), "<p>mine</p>\n");
    assert!(!env.read("out/.pm-site").contains("custom.html"));
    // A post-mortem removed: its page goes, custom.html stays.
    fs::remove_file(env.path(&env.file_of("2026-11-25-hostile"))).unwrap();
    env.pm(&["site", "out"])
        .ok()
        .stdout_has("removed 1 page of post-mortems that no longer exist");
    assert!(!env.path("out/pm/2026-11-25-hostile.html").exists());
    assert_eq!(env.read("out/pm/custom.html"), "<p>mine</p>\n");
    assert!(env.path(&format!("out/pm/{FULL_ID}.html")).is_file());

    // An older pm site's marker, without the list: every page in pm/ was
    // its own, so a stale one is removed, and the list is written.
    env.write(
        "old/.pm-site",
        "This folder is written by `pm site`. Its files are replaced on every run;\nput nothing else here.\n",
    );
    env.write("old/pm/2026-01-01-gone.html", "<p>old page</p>\n");
    env.write(&format!("old/pm/{FULL_ID}.html"), "<p>old</p>\n");
    env.pm(&["site", "old"])
        .ok()
        .stdout_has("removed 1 page of post-mortems that no longer exist");
    assert!(!env.path("old/pm/2026-01-01-gone.html").exists());
    assert!(
        env.read("old/.pm-site")
            .contains(&format!("\n{FULL_ID}.html\n"))
    );
    assert_eq!(
        page_title(&env, &format!("old/pm/{FULL_ID}.html")),
        "Checkout latency spike"
    );
}

/// A file you put in pm/ yourself that a post-mortem's page would take
/// the name of is named, and nothing is written: it was overwritten,
/// listed as pm's, and deleted once that post-mortem went (session 36's
/// publishing attack). A `.pm-site` pm did not write (an empty file) does
/// not make a folder pm site's: its pages were all removed as stale.
#[test]
fn site_never_takes_a_file_it_did_not_write() {
    let env = TestEnv::new();
    env.write(&env.file_of(FULL_ID), FULL);
    env.pm(&["site", "out"]).ok();
    env.write("out/pm/notes.html", "my own notes - keep me\n");
    env.write(&env.file_of("notes"), &with_id("notes", "Notes outage"));
    let before = tree(&env.path("out"));
    env.pm(&["site", "out"]).error(&[
        "out/pm/notes.html is a file pm site did not write (it is not listed in .pm-site), and the page of post-mortem notes has that name",
        "move or rename that file",
        "nothing was written",
    ]);
    assert_eq!(tree(&env.path("out")), before);
    // A link of yours there is refused alike (it was replaced).
    fs::rename(env.path("out/pm/notes.html"), env.path("out/pm/kept.html")).unwrap();
    std::os::unix::fs::symlink("kept.html", env.path("out/pm/notes.html")).unwrap();
    env.pm(&["site", "out"])
        .error(&["out/pm/notes.html is a file pm site did not write"]);
    assert!(
        fs::symlink_metadata(env.path("out/pm/notes.html"))
            .unwrap()
            .file_type()
            .is_symlink()
    );
    fs::remove_file(env.path("out/pm/notes.html")).unwrap();
    fs::rename(env.path("out/pm/kept.html"), env.path("out/pm/notes.html")).unwrap();
    // Renamed out of the way, the page is written, and a later run with
    // the post-mortem gone removes only the page.
    fs::rename(
        env.path("out/pm/notes.html"),
        env.path("out/pm/my-notes.html"),
    )
    .unwrap();
    env.pm(&["site", "out"]).ok();
    assert_eq!(page_title(&env, "out/pm/notes.html"), "Notes outage");
    fs::remove_file(env.path(&env.file_of("notes"))).unwrap();
    env.pm(&["site", "out"])
        .ok()
        .stdout_has("removed 1 page of post-mortems that no longer exist");
    assert_eq!(env.read("out/pm/my-notes.html"), "my own notes - keep me\n");

    env.write("other/.pm-site", "");
    env.write("other/pm/mine.html", "mine\n");
    let before = tree(&env.path("other"));
    env.pm(&["site", "other"]).error(&[
        "OUT_DIR other: other/.pm-site is not the marker pm site writes",
        "nothing was written",
    ]);
    assert_eq!(tree(&env.path("other")), before);
}

/// fix38: a site written inside the repository is neither committed nor
/// ignored by pm (no `.gitignore` is written); while `git status` would
/// list the folder, `pm site` says so with the line that leaves it out,
/// and once that line is there (or the site is committed), it says
/// nothing. Not in CI, whose checkout is thrown away.
#[test]
fn site_inside_the_repository_names_the_gitignore_line_until_it_is_there() {
    let env = TestEnv::new();
    env.new_pm("Checkout latency spike", "2026-11-26T09:12:00Z");
    let run = env.pm(&["site", "public"]).ok();
    assert_eq!(
        run.stderr,
        "note: public/ is in the git repository but neither ignored nor committed, so `git status` lists it: add the line /public/ to .gitignore to leave it out of git (or commit it, if the site is published from the branch)\n"
    );
    assert!(!env.path(".gitignore").exists());
    assert_eq!(env.git(&["status", "--porcelain"]), "?? public/\n");
    // In CI: not a word.
    let run = env.pm_with(&["site", "public"], &[("CI", "true")]).ok();
    assert_eq!(run.stderr, "");

    // The line as pm gave it leaves the folder out of git.
    env.write(".gitignore", "/public/\n");
    env.git(&["add", ".gitignore"]);
    env.git(&["commit", "-qm", "ignore the site"]);
    env.pm(&["site", "public"]).ok();
    let run = env.pm(&["site", "public"]).ok();
    assert_eq!(run.stderr, "");
    env.assert_clean();

    // A folder deeper down, with a character git reads as a pattern, and
    // pm's repository in a folder of a larger one: the line is anchored at
    // the top of the work tree, in the .gitignore there.
    let env = TestEnv::empty();
    env.git(&["init", "-q"]);
    env.write("README", "the project\n");
    env.git(&["add", "README"]);
    env.git(&["commit", "-qm", "project"]);
    env.pm(&["init", "incidents"]).ok();
    let mut cmd = env.pm_cmd(&["site", "site[1]/out"]);
    cmd.current_dir(env.path("incidents"));
    let run = env.run_cmd(cmd, None, &["site", "site[1]/out"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stderr.contains(
            "note: incidents/site[1]/out/ is in the git repository but neither ignored nor committed"
        ),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("add the line /incidents/site\\[1]/out/ to ../.gitignore"),
        "{}",
        run.stderr
    );
    env.write(".gitignore", "/incidents/site\\[1]/out/\n");
    env.git(&["add", ".gitignore"]);
    env.git(&["commit", "-qm", "ignore the site"]);
    env.assert_clean();

    // A site the team commits (published from the branch): no note.
    let env = TestEnv::new();
    env.new_pm("Checkout latency spike", "2026-11-26T09:12:00Z");
    env.pm_with(&["site", "docs/site"], &[("CI", "1")]).ok();
    env.git(&["add", "docs/site"]);
    env.git(&["commit", "-qm", "publish"]);
    let run = env.pm(&["site", "docs/site"]).ok();
    assert_eq!(run.stderr, "");
    env.assert_clean();
}
