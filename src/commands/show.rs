//! `pm show ID`: a post-mortem for reading on a terminal.

use anyhow::Result;
use chrono::NaiveDate;

use crate::cli::ShowArgs;
use crate::clock;
use crate::commands::{Ctx, timeline};
use crate::error::{Exit, UserError};
use crate::model::{ActionStatus, Figures, PostMortem};
use crate::output::{self, Style, block, line, paint};
use crate::yaml;

pub fn run(ctx: &Ctx, args: &ShowArgs) -> Result<Exit> {
    let path = ctx.store.resolve(&args.id)?;
    let loaded = ctx.store.load(&path)?;
    let zone = ctx.store.config.zone().map_err(UserError::new)?;
    let today = clock::today(&zone)?;
    let pm = &loaded.pm;
    let figures = Figures::from_timeline(&pm.timeline);
    if args.json {
        let doc = yaml::parse_value(&loaded.text).unwrap_or(yaml::Value::Null);
        let mut json = serde_json::to_value(&doc)?;
        if let Some(obj) = json.as_object_mut() {
            obj.insert("file".into(), ctx.store.relative(&path).into());
            obj.insert("figures".into(), serde_json::to_value(&figures)?);
        }
        output::emit_json(&json);
        return Ok(Exit::Ok);
    }
    let color = output::color_stdout();
    let mut out = String::new();
    let heading = |out: &mut String, title: &str| {
        out.push('\n');
        out.push_str(&paint(title, Style::Bold, color));
        out.push('\n');
    };

    out.push_str(&paint(&line(&pm.title), Style::Bold, color));
    out.push('\n');
    out.push_str(&format!(
        "{}  {}  {}  {}\n",
        line(&pm.id),
        line(&pm.severity),
        pm.status.as_str(),
        pm.date
    ));
    for (label, list) in [
        ("authors", &pm.authors),
        ("responders", &pm.responders),
        ("services", &pm.services),
        ("tags", &pm.tags),
    ] {
        if !list.is_empty() {
            out.push_str(&format!("{label}: {}\n", line(&list.join(", "))));
        }
    }

    for (title, text) in [
        ("Summary", &pm.summary),
        ("Impact", &pm.impact),
        ("Trigger", &pm.trigger),
    ] {
        heading(&mut out, title);
        out.push_str(&prose(text.as_deref()));
    }

    heading(&mut out, "Timeline");
    if pm.timeline.is_empty() {
        out.push_str("  (no entries yet: pm timeline add \"...\")\n");
    } else {
        out.push_str(&timeline::render_table(pm, &zone, false));
        out.push('\n');
    }
    let present = figures.present();
    if !present.is_empty() {
        heading(&mut out, "Figures");
        for (label, secs) in present {
            out.push_str(&format!("  {label}: {}\n", clock::human_duration(secs)));
        }
    }

    heading(&mut out, "Root cause");
    out.push_str(&prose(pm.root_cause.as_deref()));
    if !pm.contributing_factors.is_empty() {
        heading(&mut out, "Contributing factors");
        out.push_str(&bullets(&pm.contributing_factors));
    }
    heading(&mut out, "Detection gap");
    if let Some(ttd) = figures.time_to_detect {
        out.push_str(&format!(
            "  measured time to detect: {} (impact-start to detected)\n",
            clock::human_duration(ttd)
        ));
    }
    out.push_str(&prose(pm.detection_gap.as_deref()));
    if pm.response.as_deref().is_some_and(|r| !r.trim().is_empty()) {
        heading(&mut out, "Response");
        out.push_str(&prose(pm.response.as_deref()));
    }
    let lessons = &pm.lessons;
    if !(lessons.went_well.is_empty()
        && lessons.went_wrong.is_empty()
        && lessons.got_lucky.is_empty())
    {
        heading(&mut out, "Lessons");
        for (label, items) in [
            ("What went well", &lessons.went_well),
            ("What went wrong", &lessons.went_wrong),
            ("Where we got lucky", &lessons.got_lucky),
        ] {
            if !items.is_empty() {
                out.push_str(&format!("  {label}:\n"));
                out.push_str(&indent(&bullets(items), 2));
            }
        }
    }

    heading(&mut out, "Action items");
    out.push_str(&render_actions(pm, today, color));
    heading(&mut out, "Follow-up review");
    out.push_str(&render_follow_up(pm, today, color));
    if !pm.links.is_empty() {
        heading(&mut out, "Links");
        for link in &pm.links {
            match &link.title {
                Some(t) => out.push_str(&format!("  {}: {}\n", line(t), line(&link.url))),
                None => out.push_str(&format!("  {}\n", line(&link.url))),
            }
        }
    }
    output::emit(&out);
    Ok(Exit::Ok)
}

fn prose(text: Option<&str>) -> String {
    match text.map(str::trim) {
        Some(t) if !t.is_empty() => indent(&block(t), 2) + "\n",
        _ => "  (not written yet)\n".into(),
    }
}

fn indent(text: &str, n: usize) -> String {
    let pad = " ".repeat(n);
    text.trim_end_matches('\n')
        .lines()
        .map(|l| {
            if l.is_empty() {
                String::new()
            } else {
                format!("{pad}{l}")
            }
        })
        .collect::<Vec<_>>()
        .join("\n")
}

fn bullets(items: &[String]) -> String {
    items
        .iter()
        .map(|i| format!("  - {}\n", line(i.trim())))
        .collect()
}

pub fn render_actions(pm: &PostMortem, today: NaiveDate, color: bool) -> String {
    if pm.action_items.is_empty() {
        return "  (none yet: pm action add \"...\" --owner TEAM --due +2w)\n".into();
    }
    let mut out = String::new();
    for a in &pm.action_items {
        let due = match (a.status, a.due) {
            (ActionStatus::Open, Some(d)) if d < today => paint(
                &format!("due {d}, {} days overdue", (today - d).num_days()),
                Style::Red,
                color,
            ),
            (ActionStatus::Open, Some(d)) => format!("due {d}"),
            (ActionStatus::Open, None) => paint("no due date", Style::Yellow, color),
            (s, _) => match a.closed {
                Some(c) => format!("{} {c}", s.as_str()),
                None => s.as_str().to_string(),
            },
        };
        let owner = line(a.owner.as_deref().unwrap_or("no owner"));
        out.push_str(&format!(
            "  {} [{}] {} ({owner}; {due})\n",
            line(&a.id),
            a.status.as_str(),
            line(&a.title)
        ));
    }
    out
}

fn render_follow_up(pm: &PostMortem, today: NaiveDate, color: bool) -> String {
    let f = &pm.follow_up;
    let mut out = String::new();
    for past in &f.history {
        out.push_str(&format!("  held {}", past.held));
        if let Some(n) = &past.notes {
            out.push_str(&format!(": {}", line(n.trim())));
        }
        out.push('\n');
    }
    match (f.due, f.held) {
        (_, Some(held)) => {
            out.push_str(&format!("  held {held}"));
            if let Some(n) = &f.notes {
                out.push_str(&format!(": {}", line(n.trim())));
            }
            out.push('\n');
        }
        (Some(due), None) if due < today => out.push_str(&format!(
            "  {}\n",
            paint(
                &format!(
                    "due {due}, {} days overdue: pm review {}",
                    (today - due).num_days(),
                    line(&pm.id)
                ),
                Style::Red,
                color
            )
        )),
        (Some(due), None) => out.push_str(&format!("  due {due}\n")),
        (None, None) => out.push_str("  not scheduled\n"),
    }
    out
}
