//! pm render: Markdown and HTML with every section filled, with empty
//! sections, and with hostile text. HTML is parsed with an HTML5 parser
//! (scraper, on html5ever) and Markdown with a CommonMark parser
//! (pulldown-cmark): what a person wrote must come out as text, never markup.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use scraper::{Html, Selector};

use crate::support::TestEnv;

pub const FULL_ID: &str = "2026-11-26-checkout-latency-spike";

/// A post-mortem with every section filled, in the repository's format.
pub const FULL: &str = r#"pm: 1
id: 2026-11-26-checkout-latency-spike
title: Checkout latency spike
status: published
severity: SEV2
date: 2026-11-26
authors: [payments-team]
responders: [incident commander, on-call payments]
services: [checkout-api, payments]
tags: [customer-facing, latency]
summary: |
  Checkout p99 latency rose above 8 seconds for 88 minutes after a
  connection pool change. Rolling back restored service.

  About 4% of checkouts failed.
impact: |
  - 12,400 checkout requests failed
  - 310 customers contacted support
trigger: A configuration deploy lowered the pool size from 200 to 20.
timeline:
  - at: 2026-11-26T09:12:00Z
    kind: impact-start
    text: Error rate on checkout above 5%
  - at: 2026-11-26T09:31:30Z
    kind: detected
    text: p99 alert fired
    link: https://grafana.example.com/d/checkout?from=now-6h&to=now
  - at: 2026-11-26T09:35:00Z
    kind: acknowledged
    text: On-call acknowledged the page
    by: on-call payments
  - at: 2026-11-26T09:40:00Z
    kind: note
    text: |
      $ kubectl get pods
      checkout-7 CrashLoopBackOff
  - at: 2026-11-26T10:05:00Z
    kind: mitigated
    text: Rolled back 4.2.1
  - at: 2026-11-26T10:40:05Z
    kind: resolved
    text: Error rate back under 0.1%
root_cause: |
  The pool size came from a template meant for staging; nothing checked
  it against production traffic.
contributing_factors:
  - The alert evaluated every fifteen minutes.
  - The deploy pipeline had no canary stage for configuration.
detection_gap: |
  The p99 alert waited for three consecutive breaches.
response: |
  The rollback took 10 minutes because the runbook named an old host.
lessons:
  went_well: [Rollback was fast once started]
  went_wrong: [Paging took 19 minutes]
  got_lucky: [It happened during business hours]
action_items:
  - id: A1
    title: Alert on checkout p99 above 2s for 5 minutes
    owner: payments-team
    due: 2026-11-20
    status: open
    type: detect
    priority: P1
    link: https://tracker.example.com/PAY-101
  - id: A2
    title: Add a canary stage for configuration deploys
    owner: platform
    due: 2026-12-20
    status: open
    type: prevent
  - id: A3
    title: Update the failover runbook
    owner: sre
    due: 2026-11-25
    status: done
    closed: 2026-11-24
    note: Runbook v7 published
  - id: A4
    title: Rewrite the pool library
    owner: platform
    due: 2027-03-01
    status: dropped
    closed: 2026-11-26
    note: Out of scope; A2 covers the risk
follow_up:
  due: 2026-11-25
  held:
  notes:
  history:
    - due: 2026-11-20
      held: 2026-11-21
      notes: First review; a second one was scheduled.
links:
  - title: Incident channel
    url: https://chat.example.com/archives/C042
  - title: Runbook
    url: ../runbooks/checkout.md
"#;

/// Hostile strings, each of which must come out as text.
pub const HOSTILE_TITLE: &str = "<script>alert(1)</script> & \"quotes\" 'single'";

pub fn hostile_postmortem() -> String {
    r#"pm: 1
id: 2026-11-25-hostile
title: "<script>alert(1)</script> & \"quotes\" 'single'"
status: draft
severity: "<b>SEV</b>"
date: 2026-11-25
authors: ["<img src=x onerror=alert(2)>"]
responders: []
services: ["<!-- svc -->", "--><b>x</b>"]
tags: ["*bold* _em_"]
summary: |
  Line one <b>bold</b> &amp; an entity

  # not a heading
  - not a list

  <img src=x onerror=alert(3)>
impact: "`code` *em* _em_ [link](javascript:alert(4)) ![img](https://evil.example/x.png) | pipe"
trigger: "</style><script>alert(5)</script>"
timeline:
  - at: 2026-11-25T08:00:00Z
    kind: impact-start
    text: "</td></tr></table><script>alert(6)</script>"
  - at: 2026-11-25T08:10:00Z
    kind: "<i>odd kind</i>"
    text: "\e[31mred on a terminal\e[0m and a bell\a"
    link: "javascript:alert(7)"
  - at: 2026-11-25T08:20:00Z
    kind: detected
    text: "]]> --> <![CDATA[ x ]]>"
    link: "  JaVaScRiPt:alert(8)"
root_cause: "<a href=\"javascript:alert(9)\">click</a>"
contributing_factors:
  - "<iframe src=https://evil.example></iframe>"
detection_gap: "{{ pm.title }} {% raw %} ${x}"
lessons:
  went_well: ["<marquee>w</marquee>"]
  went_wrong: []
  got_lucky: []
action_items:
  - id: A1
    title: "<svg onload=alert(10)>"
    owner: "\" onmouseover=\"alert(11)"
    due: 2026-11-20
    status: open
    link: "data:text/html,<script>alert(12)</script>"
follow_up:
  due: 2026-12-09
  held:
  notes: "<script>alert(13)</script>"
links:
  - title: "Click <here>"
    url: "javascript:alert(14)"
  - title: Fine
    url: "https://ok.example.com/a?b=1&c=2"
  - url: "vbscript:msgbox(15)"
"#
    .to_string()
}

/// Strings from the hostile post-mortem that contain markup characters.
/// Control characters are dropped, so the ANSI entry is checked apart.
pub const HOSTILE_TEXTS: &[&str] = &[
    HOSTILE_TITLE,
    "<b>SEV</b>",
    "<img src=x onerror=alert(2)>",
    "<!-- svc -->",
    "--><b>x</b>",
    "Line one <b>bold</b> &amp; an entity",
    "<img src=x onerror=alert(3)>",
    "`code` *em* _em_ [link](javascript:alert(4)) ![img](https://evil.example/x.png) | pipe",
    "</style><script>alert(5)</script>",
    "</td></tr></table><script>alert(6)</script>",
    "<i>odd kind</i>",
    "]]> --> <![CDATA[ x ]]>",
    "<a href=\"javascript:alert(9)\">click</a>",
    "<iframe src=https://evil.example></iframe>",
    "{{ pm.title }} {% raw %} ${x}",
    "<marquee>w</marquee>",
    "<svg onload=alert(10)>",
    "\" onmouseover=\"alert(11)",
    "<script>alert(13)</script>",
    "Click <here>",
];

pub fn repo_with(files: &[(&str, &str)]) -> TestEnv {
    let env = TestEnv::new();
    for (id, text) in files {
        env.write(&env.file_of(id), text);
    }
    env
}

fn sel(s: &str) -> Selector {
    Selector::parse(s).unwrap()
}

/// Parse as HTML5 and insist on no parse errors.
#[track_caller]
pub fn parse_html(text: &str) -> Html {
    let doc = Html::parse_document(text);
    assert!(
        doc.errors.is_empty(),
        "HTML parse errors: {:?}\n{}",
        doc.errors,
        &text[..text.len().min(2000)]
    );
    doc
}

/// No script, no event handler, no frame, no image, no link or resource
/// with a scheme other than http(s).
#[track_caller]
pub fn assert_inert(doc: &Html, scripts_allowed: &[&str]) {
    for el in doc.select(&sel("*")) {
        let name = el.value().name();
        assert!(
            !matches!(
                name,
                "iframe" | "img" | "object" | "embed" | "marquee" | "b" | "i"
            ),
            "unexpected <{name}> element"
        );
        if name == "script" {
            let src = el.value().attr("src").unwrap_or("");
            assert!(scripts_allowed.contains(&src), "unexpected script {src:?}");
            assert_eq!(el.text().collect::<String>(), "", "inline script");
        }
        for (attr, value) in el.value().attrs() {
            assert!(!attr.starts_with("on"), "event handler {attr}={value:?}");
            if matches!(attr, "href" | "src" | "action" | "formaction") {
                let v = value.trim().to_ascii_lowercase();
                let scheme = v.split_once(':').map(|(s, _)| s);
                let relative = scheme.is_none_or(|s| s.contains(['/', '?', '#']));
                assert!(
                    relative || v.starts_with("http://") || v.starts_with("https://"),
                    "unsafe {attr}={value:?}"
                );
            }
        }
    }
}

fn text_of(doc: &Html) -> String {
    doc.root_element().text().collect::<String>()
}

#[test]
fn html_with_every_section_filled() {
    let env = repo_with(&[(FULL_ID, FULL)]);
    let html = env
        .pm(&["render", "checkout", "--format", "html"])
        .ok()
        .stdout;
    let doc = parse_html(&html);
    assert_inert(&doc, &[]);
    // Self-contained: inline CSS, nothing fetched.
    assert!(doc.select(&sel("link[rel=stylesheet]")).next().is_none());
    assert!(doc.select(&sel("style")).next().is_some());
    let csp = doc
        .select(&sel("meta[http-equiv=Content-Security-Policy]"))
        .next()
        .expect("a CSP");
    assert!(
        csp.value()
            .attr("content")
            .unwrap()
            .starts_with("default-src 'none'")
    );

    // Sections in the order a reader wants them.
    let ids: Vec<&str> = doc
        .select(&sel("main > section"))
        .map(|s| s.value().id().unwrap())
        .collect();
    assert_eq!(
        ids,
        [
            "summary",
            "impact",
            "timeline",
            "trigger",
            "root-cause",
            "detection",
            "response",
            "lessons",
            "actions",
            "follow-up",
            "links"
        ]
    );
    assert_eq!(
        doc.select(&sel("h1"))
            .next()
            .unwrap()
            .text()
            .collect::<String>(),
        "Checkout latency spike"
    );
    // Prose: paragraphs and lists.
    let summary: Vec<String> = doc
        .select(&sel("#summary p"))
        .map(|p| p.text().collect())
        .collect();
    assert_eq!(summary.len(), 2);
    assert!(summary[0].starts_with(
        "Checkout p99 latency rose above 8 seconds for 88 minutes after a connection"
    ));
    assert_eq!(doc.select(&sel("#impact li")).count(), 2);

    // The timeline: T+ offsets from impact start, and the derived times.
    let rows: Vec<Vec<String>> = doc
        .select(&sel("table.timeline tbody tr"))
        .map(|r| r.select(&sel("td")).map(|c| c.text().collect()).collect())
        .collect();
    assert_eq!(rows.len(), 6);
    assert_eq!(rows[0][..3], ["09:12:00", "T+0:00", "impact-start"]);
    assert_eq!(rows[1][1], "T+0:19");
    assert_eq!(rows[5][..2], ["10:40:05", "T+1:28"]);
    assert!(rows[3][3].contains("$ kubectl get pods\ncheckout-7 CrashLoopBackOff"));
    let figures: Vec<String> = doc
        .select(&sel(".figure"))
        .map(|f| f.text().collect())
        .collect();
    assert_eq!(
        figures,
        [
            "Time to detect19m 30s",
            "Time to acknowledge23m",
            "Time to mitigate53m",
            "Time to resolve1h 28m"
        ]
    );
    let detection: String = doc
        .select(&sel("#detection"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(detection.contains("Measured time to detect: 19m 30s"));

    // The chart: inline SVG with an accessible name and description.
    let svg = doc.select(&sel("#timeline svg")).next().expect("a chart");
    assert_eq!(svg.value().attr("role"), Some("img"));
    let title: String = svg.select(&sel("title")).next().unwrap().text().collect();
    assert_eq!(title, "Timeline of Checkout latency spike");
    let desc: String = svg.select(&sel("desc")).next().unwrap().text().collect();
    assert!(desc.contains("detected at T+0:19"), "{desc}");

    // Action items: overdue marked (PM_NOW is 2026-11-27), the rest stated.
    let actions: Vec<(Option<String>, Vec<String>)> = doc
        .select(&sel("table.actions tbody tr"))
        .map(|r| {
            (
                r.value().attr("class").map(str::to_string),
                r.select(&sel("td")).map(|c| c.text().collect()).collect(),
            )
        })
        .collect();
    assert_eq!(actions.len(), 4);
    assert_eq!(actions[0].0.as_deref(), Some("overdue-row"));
    assert_eq!(actions[0].1[4], "Overdue by 7 days");
    assert!(actions[0].1[1].contains("(detect, P1)"));
    assert_eq!(actions[1].0, None);
    assert_eq!(actions[1].1[4], "due 2026-12-20");
    assert_eq!(actions[2].1[4], "done 2026-11-24");
    assert_eq!(actions[3].1[4], "dropped 2026-11-26");
    let badge: String = doc
        .select(&sel(".meta .overdue"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(badge, "1 overdue action");

    // The follow-up review: the earlier one, and this one overdue.
    let review: String = doc
        .select(&sel("#follow-up"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(
        review.contains("Held 2026-11-21 (due 2026-11-20)"),
        "{review}"
    );
    assert!(
        review.contains("Review due 2026-11-25, overdue by 2 days."),
        "{review}"
    );
    // Links: http(s) and relative are links; external ones say so for print.
    let hrefs: Vec<&str> = doc
        .select(&sel("#links a"))
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(
        hrefs,
        [
            "https://chat.example.com/archives/C042",
            "../runbooks/checkout.md"
        ]
    );
    let lessons: String = doc
        .select(&sel("#lessons"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert!(lessons.contains("Where we got lucky") && lessons.contains("business hours"));
}

#[test]
fn markdown_with_every_section_filled() {
    let env = repo_with(&[(FULL_ID, FULL)]);
    let md = env.pm(&["render", "checkout"]).ok().stdout;
    let headings: Vec<&str> = md.lines().filter(|l| l.starts_with('#')).collect();
    assert_eq!(
        headings,
        [
            "# Checkout latency spike",
            "## Summary",
            "## Impact",
            "## Timeline",
            "## Trigger",
            "## Root cause and contributing factors",
            "### Contributing factors",
            "## Detection gap",
            "## Response and recovery",
            "## Lessons",
            "### What went well",
            "### What went wrong",
            "### Where we got lucky",
            "## Action items",
            "## Follow-up review",
            "## Links",
        ]
    );
    assert!(
        md.contains("| Time to detect | **19m 30s** | detected |"),
        "{md}"
    );
    assert!(md.contains("| 09:31:30 | T+0:19 | **detected** | p99 alert fired ([link](https://grafana.example.com/d/checkout?from=now-6h\\&to=now)) |"), "{md}");
    assert!(
        md.contains(
            "| 09:40:00 | T+0:28 | note | \\$ kubectl get pods<br>checkout-7 CrashLoopBackOff |"
        ),
        "{md}"
    );
    assert!(md.contains("| A1 | Alert on checkout p99 above 2s for 5 minutes (detect, P1) ([link](https://tracker.example.com/PAY-101)) | payments-team | 2026-11-20 | **OVERDUE by 7 days** |"), "{md}");
    assert!(
        md.contains("**Review due 2026-11-25, overdue by 2 days.**"),
        "{md}"
    );
    assert!(md.contains("- [Runbook](../runbooks/checkout.md)"), "{md}");

    // As CommonMark with GitHub's tables: the structure is what we meant.
    let events: Vec<Event> = Parser::new_ext(&md, Options::ENABLE_TABLES).collect();
    assert!(!events.iter().any(|e| matches!(e, Event::Html(_))));
    let tables = events
        .iter()
        .filter(|e| matches!(e, Event::Start(Tag::Table(_))))
        .count();
    assert_eq!(tables, 3, "figures, timeline, action items");
    let text = markdown_text(&md);
    assert!(text.contains(
        "Checkout p99 latency rose above 8 seconds for 88 minutes after a connection pool change."
    ));
    assert!(text.contains("12,400 checkout requests failed"));
}

/// Plain text of Markdown as a renderer shows it (inline HTML we emit, `<br>`, as a newline).
pub fn markdown_text(md: &str) -> String {
    let mut out = String::new();
    for e in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match e {
            Event::Text(t) | Event::Code(t) => out.push_str(&t),
            Event::SoftBreak | Event::HardBreak => out.push(' '),
            Event::InlineHtml(h) if h.as_ref() == "<br>" => out.push('\n'),
            Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::TableHead
                | TagEnd::TableRow,
            ) => out.push('\n'),
            _ => {}
        }
    }
    out
}

#[test]
fn empty_sections_say_so() {
    let env = TestEnv::new();
    // No --started: no impact-start entry, so nothing can be measured.
    env.pm(&["new", "Queue backlog", "--severity", "SEV3", "--no-edit"])
        .ok();
    let html = env.pm(&["render", "queue", "--format", "html"]).ok().stdout;
    let doc = parse_html(&html);
    assert_inert(&doc, &[]);
    for id in [
        "summary",
        "impact",
        "trigger",
        "root-cause",
        "detection",
        "lessons",
        "actions",
    ] {
        let section: String = doc
            .select(&sel(&format!("#{id}")))
            .next()
            .unwrap_or_else(|| panic!("no #{id}"))
            .text()
            .collect();
        assert!(
            section.contains("Not written yet.") || section.contains("None yet."),
            "#{id}: {section}"
        );
    }
    assert!(
        doc.select(&sel("svg")).next().is_none(),
        "no chart without impact-start"
    );
    let missing: Vec<String> = doc
        .select(&sel(".figure .missing"))
        .map(|m| m.text().collect())
        .collect();
    assert_eq!(missing, vec!["not measured: no impact-start entry"; 4]);
    assert!(doc.select(&sel("#response")).next().is_none());
    assert!(doc.select(&sel("#links")).next().is_none());

    let md = env.pm(&["render", "queue", "--format", "md"]).ok().stdout;
    assert!(md.contains("## Summary\n\n_Not written yet._\n"), "{md}");
    assert!(md.contains("_No timeline entries yet._"), "{md}");
    assert!(md.contains("## Action items\n\n_None yet._"), "{md}");
    assert!(md.contains("| Time to detect | not measured: no impact-start entry | detected |"));
    let events: Vec<Event> = Parser::new_ext(&md, Options::ENABLE_TABLES).collect();
    assert!(!events.iter().any(|e| matches!(e, Event::Html(_))));
}

#[test]
fn hostile_text_is_text_in_html() {
    let env = repo_with(&[("2026-11-25-hostile", &hostile_postmortem())]);
    let html = env
        .pm(&["render", "hostile", "--format", "html"])
        .ok()
        .stdout;
    let doc = parse_html(&html);
    assert_inert(&doc, &[]);
    // Every hostile string is in the page as text, and nowhere as markup.
    let text = text_of(&doc);
    for h in HOSTILE_TEXTS {
        assert!(text.contains(h), "not shown as text: {h:?}");
        if h.contains(['<', '>', '&', '"', '\'']) {
            assert!(!html.contains(h), "unescaped in the HTML: {h:?}");
        }
    }
    assert_eq!(
        doc.select(&sel("h1"))
            .next()
            .unwrap()
            .text()
            .collect::<String>(),
        HOSTILE_TITLE
    );
    let title: String = doc.select(&sel("title")).next().unwrap().text().collect();
    assert!(title.starts_with(HOSTILE_TITLE));
    // Control characters are dropped: nothing for a terminal or a parser to act on.
    assert!(!html.contains('\u{1b}') && !html.contains('\u{7}'));
    assert!(text.contains("[31mred on a terminal[0m and a bell"));
    // Links: only http(s) and relative ones are links; the others are shown as text.
    let hrefs: Vec<&str> = doc
        .select(&sel("a"))
        .map(|a| a.value().attr("href").unwrap())
        .collect();
    assert_eq!(hrefs, ["https://ok.example.com/a?b=1&c=2"]);
    let refused: Vec<String> = doc
        .select(&sel(".refused-link"))
        .map(|a| a.text().collect())
        .collect();
    for shown in [
        "Click <here> (javascript:alert(14))",
        "vbscript:msgbox(15)",
        "link (JaVaScRiPt:alert(8))",
        "link (javascript:alert(7))",
        "link (data:text/html,<script>alert(12)</script>)",
    ] {
        assert!(refused.contains(&shown.to_string()), "{shown}: {refused:?}");
    }
    // The chart's title is the hostile title, as text.
    let chart_title: String = doc
        .select(&sel("svg title"))
        .next()
        .unwrap()
        .text()
        .collect();
    assert_eq!(chart_title, format!("Timeline of {HOSTILE_TITLE}"));
}

#[test]
fn hostile_text_is_text_in_markdown() {
    let env = repo_with(&[("2026-11-25-hostile", &hostile_postmortem())]);
    let md = env.pm(&["render", "hostile"]).ok().stdout;
    assert!(!md.contains('\u{1b}') && !md.contains('\u{7}'));
    let mut headings = Vec::new();
    let mut in_heading = false;
    for e in Parser::new_ext(&md, Options::ENABLE_TABLES) {
        match &e {
            Event::Html(h) | Event::InlineHtml(h) => {
                assert_eq!(h.as_ref(), "<br>", "raw HTML from user text: {h:?}")
            }
            Event::Start(Tag::Image { .. }) => panic!("an image from user text"),
            Event::Start(Tag::Link { dest_url, .. }) => {
                let u = dest_url.to_ascii_lowercase();
                assert!(
                    u.starts_with("https://") || u.starts_with("http://"),
                    "unsafe link {dest_url}"
                );
            }
            Event::Start(Tag::BlockQuote(_)) => panic!("a quote from user text\n{md}"),
            Event::Start(Tag::Heading { .. }) => {
                in_heading = true;
                headings.push(String::new());
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(t) if in_heading => headings.last_mut().unwrap().push_str(t),
            _ => {}
        }
    }
    assert_eq!(headings[0], HOSTILE_TITLE);
    assert!(!headings.iter().any(|h| h.contains("not a heading")));
    let text = markdown_text(&md);
    for h in HOSTILE_TEXTS {
        assert!(text.contains(h), "not shown literally: {h:?}\n{md}");
    }
    assert!(text.contains("# not a heading - not a list"), "{text}");
}

#[test]
fn writes_a_file_and_infers_the_format() {
    let env = repo_with(&[(FULL_ID, FULL)]);
    let before = env.commits();
    env.pm(&["render", "checkout", "-o", "report.html"])
        .ok()
        .stderr_has("Wrote report.html");
    let html = env.read("report.html");
    assert!(html.starts_with("<!DOCTYPE html>"));
    parse_html(&html);
    env.pm(&["render", "checkout", "-o", "report.md"]).ok();
    assert!(
        env.read("report.md")
            .starts_with("# Checkout latency spike\n")
    );
    env.pm(&["render", "checkout", "--format", "md", "-o", "out.html"])
        .ok();
    assert!(env.read("out.html").starts_with("# Checkout"));
    // Rendering changes nothing in the repository and commits nothing.
    assert_eq!(env.commits(), before);
    env.pm(&["render", "checkout", "-o", "missing/dir/x.html"])
        .error(&["-o missing/dir/x.html", "does not exist"]);
    env.pm(&["render", "nothing-like-this"])
        .error(&["no post-mortem matches"]);
    env.pm(&["render", "checkout", "--format", "pdf"]).code(2);
}

#[test]
fn templates_can_be_overridden_per_repository() {
    let env = repo_with(&[(FULL_ID, FULL)]);
    env.write(
        ".pm/templates/postmortem.md.tera",
        "Incident {{ pm.id }}: {{ pm.title }} ({{ pm.figures[0].human }})\n",
    );
    env.write(
        ".pm/templates/postmortem.html.tera",
        "<!DOCTYPE html><html><head><title>{{ pm.title }}</title></head><body><p>{{ pm.summary[0].text }}</p></body></html>\n",
    );
    env.write(".pm/templates/style.css", "body { color: red; }\n");
    let md = env.pm(&["render", "checkout"]).ok().stdout;
    assert_eq!(
        md,
        format!("Incident {FULL_ID}: Checkout latency spike (19m 30s)\n")
    );
    let html = env
        .pm(&["render", "checkout", "--format", "html"])
        .ok()
        .stdout;
    assert!(html.contains("<p>Checkout p99 latency rose"));
    // A template error names the file.
    env.write(".pm/templates/postmortem.md.tera", "{% for x in %}\n");
    env.pm(&["render", "checkout"])
        .error(&[".pm/templates/postmortem.md.tera", "template has an error"]);
    env.write(
        ".pm/templates/postmortem.md.tera",
        "{{ pm.no_such_field.deeper }}\n",
    );
    let run = env.pm(&["render", "checkout"]).error(&[
        ".pm/templates/postmortem.md.tera",
        "rendering failed",
        "  a template sees `pm` (the post-mortem), `generator`",
    ]);
    // No path of pm's source tree, which `cargo install` does not ship.
    assert!(!run.stderr.contains("docs/"), "{}", run.stderr);
}

/// Markdown as a reader sees its structure: the top-level blocks in order
/// (`h1`, `p`, `ul`, `table`, ...), the rows of every table (cells as text,
/// a `<br>` as a newline) and the items of every list.
struct MdShape {
    blocks: Vec<String>,
    headings: Vec<String>,
    tables: Vec<Vec<Vec<String>>>,
    lists: Vec<Vec<String>>,
}

fn md_shape(md: &str) -> MdShape {
    let mut shape = MdShape {
        blocks: Vec::new(),
        headings: Vec::new(),
        tables: Vec::new(),
        lists: Vec::new(),
    };
    let mut depth = 0;
    let mut text: Option<String> = None;
    for e in Parser::new_ext(md, Options::ENABLE_TABLES) {
        match &e {
            Event::Start(tag) => {
                if depth == 0 {
                    shape.blocks.push(match tag {
                        Tag::Heading { level, .. } => format!("{level}"),
                        Tag::Paragraph => "p".into(),
                        Tag::List(_) => "ul".into(),
                        Tag::Table(_) => "table".into(),
                        other => format!("{other:?}"),
                    });
                }
                depth += 1;
                match tag {
                    Tag::Table(_) => shape.tables.push(Vec::new()),
                    Tag::TableHead | Tag::TableRow => {
                        shape.tables.last_mut().unwrap().push(Vec::new())
                    }
                    Tag::List(_) => shape.lists.push(Vec::new()),
                    Tag::TableCell | Tag::Item | Tag::Heading { .. } => text = Some(String::new()),
                    _ => {}
                }
            }
            Event::End(tag) => {
                depth -= 1;
                match tag {
                    TagEnd::TableCell => {
                        let cell = text.take().unwrap();
                        let table = shape.tables.last_mut().unwrap();
                        table.last_mut().unwrap().push(cell);
                    }
                    TagEnd::Item => {
                        let item = text.take().unwrap();
                        shape.lists.last_mut().unwrap().push(item);
                    }
                    TagEnd::Heading(_) => shape.headings.push(text.take().unwrap()),
                    _ => {}
                }
            }
            Event::Text(t) | Event::Code(t) => {
                if let Some(s) = text.as_mut() {
                    s.push_str(t)
                }
            }
            Event::SoftBreak | Event::HardBreak => {
                if let Some(s) = text.as_mut() {
                    s.push(' ')
                }
            }
            Event::InlineHtml(h) | Event::Html(h) => {
                assert_eq!(h.as_ref(), "<br>", "raw HTML from user text: {h:?}");
                if let Some(s) = text.as_mut() {
                    s.push('\n')
                }
            }
            _ => {}
        }
    }
    shape
}

#[test]
fn line_breaks_in_fields_keep_the_markdown_whole() {
    let env = repo_with(&[(
        "2026-11-23-nl",
        r#"pm: 1
id: 2026-11-23-nl
title: "Two\n\n# Injected H1\n| a | b |"
status: draft
severity: SEV3
date: 2026-11-23
timeline:
  - {at: 2026-11-23T10:00:00Z, kind: impact-start, text: "s\nt", by: "on\ncall", trace_id: "t\r\nr", link: "http://a.com/\nx"}
action_items:
  - {id: A1, title: "t\nitle", owner: "ow\u2028ner", due: 2026-12-20, note: "n\no", priority: "p\n1"}
links:
  - {title: "L\nM", url: "a\n\n<b>x</b>"}
"#,
    )]);
    let md = env.pm(&["render", "nl"]).ok().stdout;
    let shape = md_shape(&md);
    // The title is the heading, all of it, and nothing stands between the
    // heading and the list of facts under it.
    assert_eq!(shape.headings[0], "Two  # Injected H1 | a | b |", "{md}");
    assert_eq!(shape.blocks[..2], ["h1", "ul"], "{md}");
    assert_eq!(shape.lists[0].len(), 4, "{md}");
    // Each table row stays one row; a line break in a cell is a <br>.
    let [_figures, timeline, actions] = &shape.tables[..] else {
        panic!("three tables expected:\n{md}");
    };
    assert_eq!(
        timeline[1..],
        [vec![
            "10:00:00".to_string(),
            "T+0:00".into(),
            "impact-start".into(),
            "s\nt (on\ncall) (link (http://a.com/ x)) (trace t\nr)".into(),
        ]],
        "{md}"
    );
    assert_eq!(
        actions[1..],
        [vec![
            "A1".to_string(),
            "t\nitle (p\n1)\nn\no".into(),
            "ow\nner".into(),
            "2026-12-20".into(),
            "due 2026-12-20".into(),
        ]],
        "{md}"
    );
    // A link's text and its refused URL stay in their list item.
    assert_eq!(
        shape.lists.last().unwrap(),
        &["L M (a  <b>x</b>)".to_string()],
        "{md}"
    );
}

#[test]
fn bidi_controls_are_replaced_in_every_document() {
    // U+202E reverses what follows: "Invoice <RLO>fdp.exe" reads "Invoice exe.pdf".
    let env = repo_with(&[(
        "2026-11-23-b",
        "pm: 1\nid: 2026-11-23-b\ntitle: \"Invoice \\u202efdp.exe\"\nstatus: draft\n\
         severity: SEV3\ndate: 2026-11-23\nservices: [\"api\\u2067x\"]\n\
         action_items:\n  - {id: A1, title: \"fix \\u202aa\\u202cb\", owner: \"ops\\u2069\", due: 2026-12-01}\n",
    )]);
    let bidi = |text: &str| {
        text.chars()
            .filter(|c| matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}'))
            .count()
    };
    // Files are written as they are: no terminal escaping on the way.
    env.pm(&["render", "b", "-o", "b.html"]).ok();
    env.pm(&["render", "b", "-o", "b.md"]).ok();
    env.pm(&["site", "out"]).ok();
    let shown = "Invoice \u{fffd}fdp.exe";
    for file in ["b.html", "out/pm/2026-11-23-b.html", "out/index.html"] {
        let html = env.read(file);
        assert_eq!(bidi(&html), 0, "{file}: a bidi control is kept");
        let doc = parse_html(&html);
        assert!(text_of(&doc).contains(shown), "{file}");
    }
    for file in ["b.html", "out/pm/2026-11-23-b.html"] {
        let doc = parse_html(&env.read(file));
        assert!(text_of(&doc).contains("fix \u{fffd}a\u{fffd}b"), "{file}");
        let title: String = doc.select(&sel("title")).next().unwrap().text().collect();
        assert!(title.starts_with(shown), "{file}: {title:?}");
        let h1: String = doc.select(&sel("h1")).next().unwrap().text().collect();
        assert_eq!(h1, shown, "{file}");
    }
    let md = env.read("b.md");
    assert_eq!(bidi(&md), 0, "b.md: a bidi control is kept");
    assert_eq!(md_shape(&md).headings[0], shown);
}

#[test]
fn protocol_relative_urls_are_text_not_links() {
    // `//host/x` (and `\\host`, `/\host`) lead to another host in a browser,
    // so they are refused like `javascript:`; a path stays a link.
    let env = repo_with(&[(
        "2026-11-23-p",
        r#"pm: 1
id: 2026-11-23-p
title: Protocol relative
status: draft
severity: SEV3
date: 2026-11-23
timeline:
  - {at: 2026-11-23T10:00:00Z, kind: impact-start, text: s, link: "//evil.example.com/t"}
links:
  - {title: dash, url: "//evil.example.com/x"}
  - {title: back, url: "\\\\evil.example.com\\y"}
  - {title: mixed, url: "/\\evil.example.com/z"}
  - {title: wiki, url: "/wiki/Page"}
"#,
    )]);
    let refused = [
        "dash (//evil.example.com/x)",
        "back (\\\\evil.example.com\\y)",
        "mixed (/\\evil.example.com/z)",
        "link (//evil.example.com/t)",
    ];
    env.pm(&["render", "p", "-o", "p.html"]).ok();
    env.pm(&["site", "out"]).ok();
    for file in ["p.html", "out/pm/2026-11-23-p.html"] {
        let doc = parse_html(&env.read(file));
        assert_inert(&doc, &[]);
        let hrefs: Vec<&str> = doc
            .select(&sel("a"))
            .filter_map(|a| a.value().attr("href"))
            .filter(|h| !h.ends_with(".html") && !h.starts_with('#'))
            .collect();
        assert_eq!(hrefs, ["/wiki/Page"], "{file}");
        let shown: Vec<String> = doc
            .select(&sel(".refused-link"))
            .map(|a| a.text().collect())
            .collect();
        for r in refused {
            assert!(shown.contains(&r.to_string()), "{file}: {r} in {shown:?}");
        }
    }
    let md = env.pm(&["render", "p"]).ok().stdout;
    let links: Vec<String> = Parser::new_ext(&md, Options::ENABLE_TABLES)
        .filter_map(|e| match e {
            Event::Start(Tag::Link { dest_url, .. }) => Some(dest_url.to_string()),
            _ => None,
        })
        .collect();
    assert_eq!(links, ["/wiki/Page"], "{md}");
    let text = markdown_text(&md);
    for r in refused {
        assert!(text.contains(r), "{r} not shown as text:\n{md}");
    }
}

// --- Publishing attack (patt24): what a reader of a page must be able to
// trust. Each test fails on the binary before the fix.

/// FULL with its `response` replaced by `text` (indented under `response: |`).
fn with_response(text: &str) -> String {
    let old =
        "response: |\n  The rollback took 10 minutes because the runbook named an old host.\n";
    assert!(FULL.contains(old));
    let indented: String = text.lines().map(|l| format!("  {l}\n")).collect();
    FULL.replacen(old, &format!("response: |\n{indented}"), 1)
}

/// D6: a fenced code block and a numbered list in prose keep their lines,
/// in HTML and in Markdown; what is inside the block is still text.
#[test]
fn code_blocks_and_numbered_lists_in_prose_keep_their_lines() {
    let env = repo_with(&[(
        FULL_ID,
        &with_response(
            "We ran:\n```sh\n$ wafctl kill --global\n<script>alert(1)</script> **x**\n```\n1. first step\n2) second step\n\n~~~\n``` not a fence end\n~~~",
        ),
    )]);
    let html = env.pm(&["render", FULL_ID, "--format", "html"]).ok().stdout;
    let doc = parse_html(&html);
    assert_inert(&doc, &[]);
    let code: Vec<String> = doc
        .select(&sel("#response pre code"))
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(
        code,
        [
            "$ wafctl kill --global\n<script>alert(1)</script> **x**",
            "``` not a fence end"
        ]
    );
    let items: Vec<String> = doc
        .select(&sel("#response ol li"))
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(items, ["first step", "second step"]);
    let para: Vec<String> = doc
        .select(&sel("#response p"))
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(para, ["We ran:"]);

    // Markdown: a code block GitHub shows line by line, a numbered list.
    let md = env.pm(&["render", FULL_ID]).ok().stdout;
    let section = md.split("## Response and recovery\n").nth(1).unwrap();
    let section = &section[..section.find("\n## ").unwrap()];
    let mut blocks = Vec::new();
    let mut items = Vec::new();
    let mut in_code = false;
    for e in Parser::new_ext(section, Options::empty()) {
        match e {
            Event::Start(Tag::CodeBlock(_)) => {
                in_code = true;
                blocks.push(String::new());
            }
            Event::End(TagEnd::CodeBlock) => in_code = false,
            Event::Text(t) if in_code => blocks.last_mut().unwrap().push_str(&t),
            Event::Html(h) | Event::InlineHtml(h) => panic!("raw HTML in Markdown: {h}"),
            Event::Start(Tag::List(Some(n))) => items.push(format!("list from {n}")),
            Event::Text(t) => items.push(t.to_string()),
            _ => {}
        }
    }
    assert_eq!(
        blocks,
        [
            "$ wafctl kill --global\n<script>alert(1)</script> **x**\n",
            "``` not a fence end\n"
        ]
    );
    assert_eq!(
        items,
        ["We ran:", "list from 1", "first step", "second step"]
    );
}

/// D7: a closed post-mortem's review that was never held is not overdue on
/// its page, as `pm due` leaves it out (docs/format.md).
#[test]
fn a_closed_postmortems_unheld_review_is_not_overdue_on_its_page() {
    let closed = FULL.replacen("status: published", "status: closed", 1);
    let env = repo_with(&[(FULL_ID, &closed)]);
    let due = env.pm(&["due", "--json"]).ok().json();
    assert!(
        !due["items"]
            .as_array()
            .unwrap()
            .iter()
            .any(|i| i["kind"] == "review"),
        "{due}"
    );
    let md = env.pm(&["render", FULL_ID]).ok().stdout;
    assert!(
        md.contains("Review due 2026-11-25, not held: the post-mortem was closed without it."),
        "{md}"
    );
    assert!(!md.contains("overdue by"), "{md}");
    let html = env.pm(&["render", FULL_ID, "--format", "html"]).ok().stdout;
    let doc = parse_html(&html);
    let review: String = doc
        .select(&sel("#follow-up .review.not-held"))
        .map(|e| e.text().collect::<String>())
        .collect();
    assert!(
        review.contains("not held: the post-mortem was closed"),
        "{review}"
    );
    assert_eq!(doc.select(&sel("#follow-up .overdue")).count(), 0);
}

/// D11: a review held after its due date says how late.
#[test]
fn a_review_held_late_says_so() {
    let held = FULL.replacen(
        "follow_up:\n  due: 2026-11-25\n  held:\n",
        "follow_up:\n  due: 2026-11-20\n  held: 2026-11-26\n",
        1,
    );
    assert_ne!(held, FULL);
    let env = repo_with(&[(FULL_ID, &held)]);
    env.pm(&["render", FULL_ID])
        .ok()
        .stdout_has("Review held 2026-11-26, 6 days late (due 2026-11-20).");
}

/// D4: in the hour repeated when clocks go back, a time shows its offset;
/// other times stay as they were.
#[test]
fn times_in_the_repeated_hour_show_their_offset() {
    let text = FULL
        .replacen("date: 2026-11-26", "date: 2026-10-25", 1)
        .replacen("2026-11-26T09:12:00Z", "2026-10-25T01:30:00+02:00", 1)
        .replacen("2026-11-26T09:31:30Z", "2026-10-25T02:10:00+02:00", 1)
        .replacen("2026-11-26T09:35:00Z", "2026-10-25T02:10:00+01:00", 1)
        .replacen("2026-11-26T09:40:00Z", "2026-10-25T02:20:00+01:00", 1)
        .replacen("2026-11-26T10:05:00Z", "2026-10-25T03:05:00+01:00", 1)
        .replacen("2026-11-26T10:40:05Z", "2026-10-25T03:30:00+01:00", 1);
    let env = repo_with(&[(FULL_ID, &text)]);
    let config = env
        .read("pm.yaml")
        .replace("timezone: UTC", "timezone: Europe/Berlin");
    env.write("pm.yaml", &config);
    let md = env.pm(&["render", FULL_ID]).ok().stdout;
    let times: Vec<&str> = md
        .lines()
        .filter(|l| l.starts_with("| 0"))
        .map(|l| l.split(" | ").next().unwrap().trim_start_matches("| "))
        .collect();
    assert_eq!(
        times,
        [
            "01:30:00",
            "02:10:00 +02:00",
            "02:10:00 +01:00",
            "02:20:00 +01:00",
            "03:05:00",
            "03:30:00"
        ],
        "{md}"
    );
    let html = env.pm(&["render", FULL_ID, "--format", "html"]).ok().stdout;
    let doc = parse_html(&html);
    let shown: Vec<String> = doc
        .select(&sel("td.time time"))
        .map(|e| e.text().collect())
        .collect();
    assert_eq!(&shown[1..3], ["02:10:00 +02:00", "02:10:00 +01:00"]);
}

/// Milestones within minutes of each other, and a note hours later that
/// stretches the axis: the five labels each get a row where no other label
/// overlaps them. The fifth took the first's row and was drawn over it
/// (session 36's publishing attack).
#[test]
fn close_milestone_labels_never_overlap_in_the_chart() {
    let env = TestEnv::new();
    let id = env.new_pm("Queue backlog", "2026-11-06T09:00:00Z");
    for (kind, at) in [
        ("detected", "09:01"),
        ("acknowledged", "09:02"),
        ("mitigated", "09:03"),
        ("resolved", "09:04"),
        ("note", "15:00"),
    ] {
        let at = format!("2026-11-06T{at}:00Z");
        env.pm(&[
            "timeline", "add", kind, "--kind", kind, "--at", &at, "--pm", &id,
        ])
        .ok();
    }
    let html = env.pm(&["render", &id, "--format", "html"]).ok().stdout;
    let doc = parse_html(&html);
    // Each milestone label: its x, y, and text.
    let labels: Vec<(f64, f64, String)> = doc
        .select(&sel("#timeline svg text"))
        .filter_map(|t| {
            let text: String = t.text().collect::<String>().trim().to_string();
            let kind = text.split(' ').next()?;
            [
                "impact-start",
                "detected",
                "acknowledged",
                "mitigated",
                "resolved",
            ]
            .contains(&kind)
            .then_some(())?;
            let num = |a: &str| t.value().attr(a)?.parse::<f64>().ok();
            Some((num("x")?, num("y")?, text))
        })
        .collect();
    assert_eq!(labels.len(), 5, "{labels:?}");
    for (i, a) in labels.iter().enumerate() {
        for b in &labels[i + 1..] {
            // Each label is about 150 px wide; two on one row must be
            // further apart than that.
            assert!(
                a.1 != b.1 || (a.0 - b.0).abs() > 150.0,
                "{} and {} overlap: {labels:?}",
                a.2,
                b.2
            );
        }
    }
}
