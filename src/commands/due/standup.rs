//! `pm due --format markdown|slack`: the list to paste into a meeting
//! document or a chat, grouped like the table.
//!
//! Every piece of text from a post-mortem (titles, owners, ids) goes
//! through `render::escape` for its target; pm's own words need none.

use chrono::NaiveDate;

use super::{Done, Item, Kind, State};
use crate::cli::DueGroup;
use crate::render::escape;

/// What the list shows: the items (sorted by urgency), the items done
/// since a day (with `--done-since`), and the summary line.
pub struct List<'a> {
    pub items: &'a [Item<'a>],
    pub done: Option<(NaiveDate, &'a [Done<'a>])>,
    pub by: DueGroup,
    pub today: NaiveDate,
    pub summary: &'a str,
}

/// How each target writes the parts of the list.
struct Target {
    /// The list's title line.
    title: fn(&str) -> String,
    /// A group's heading line.
    heading: fn(&str) -> String,
    /// Before each item.
    bullet: &'static str,
    /// Strong text (the lateness).
    strong: fn(&str) -> String,
    /// User text on one line.
    text: fn(&str) -> String,
    /// A title, linked when it has a safe web link.
    link: fn(Option<&str>, &str) -> String,
    /// A blank line after each heading.
    gap_after_heading: bool,
}

const MARKDOWN: Target = Target {
    title: |t| format!("## {t}"),
    heading: |h| format!("### {h}"),
    bullet: "- ",
    strong: |t| format!("**{t}**"),
    text: escape::markdown_line,
    link: escape::markdown_link,
    gap_after_heading: true,
};

const SLACK: Target = Target {
    title: |t| format!("*{t}*"),
    heading: |h| format!("*{h}*"),
    bullet: "• ",
    strong: |t| format!("*{t}*"),
    text: escape::slack,
    link: escape::slack_link,
    gap_after_heading: false,
};

impl List<'_> {
    pub fn markdown(&self) -> String {
        self.write(&MARKDOWN)
    }

    pub fn slack(&self) -> String {
        self.write(&SLACK)
    }

    fn write(&self, t: &Target) -> String {
        let mut out = String::new();
        let mut line = |text: &str| {
            out.push_str(text);
            out.push('\n');
        };
        line(&(t.title)(&format!(
            "Post-mortem follow-ups, {}",
            self.today
        )));
        line("");
        if self.items.is_empty() {
            line("Nothing needs attention.");
            line("");
        }
        for (key, items) in groups(self.items, self.by) {
            if let Some(key) = key {
                line(&(t.heading)(&(t.text)(&key)));
                if t.gap_after_heading {
                    line("");
                }
            }
            for item in items {
                line(&format!("{}{}", t.bullet, self.item(t, item)));
            }
            line("");
        }
        if let Some((since, done)) = self.done {
            line(&(t.heading)(&format!("Recently done (since {since})")));
            if t.gap_after_heading {
                line("");
            }
            if done.is_empty() {
                line("Nothing.");
            }
            for d in done {
                line(&format!("{}{}", t.bullet, done_item(t, d)));
            }
            line("");
        }
        line(&(t.text)(self.summary));
        out
    }

    /// `**7d overdue**: Title (id#A1, owner x, due 2026-11-20)`.
    fn item(&self, t: &Target, item: &Item) -> String {
        let when = match (item.state, item.days) {
            (State::Overdue, d) => format!("{d}d overdue"),
            (State::DueSoon, 0) => "due today".to_string(),
            (State::DueSoon, d) => format!("due in {d}d"),
        };
        let reference = match item.action {
            Some(a) => super::action_ref(item.postmortem, a),
            None => crate::output::arg_word(item.postmortem).into_owned(),
        };
        let mut details = vec![(t.text)(&reference), owner(t, item.owner)];
        details.push(format!("due {}", item.due));
        if item.kind == Kind::Review
            && let Some(open) = item.open_actions.as_ref().filter(|o| !o.is_empty())
        {
            details.push(format!("check {}", (t.text)(&open.join(", "))));
        }
        format!(
            "{}: {} ({})",
            (t.strong)(&when),
            (t.link)(item.link, &item.title),
            details.join(", ")
        )
    }
}

/// `**done 2026-11-25**: Title (id#A3, owner x, due 2026-11-21)`.
fn done_item(t: &Target, d: &Done) -> String {
    let mut details = vec![
        (t.text)(&super::action_ref(d.postmortem, d.action)),
        owner(t, d.owner),
    ];
    if let Some(due) = d.due {
        details.push(format!("due {due}"));
    }
    format!(
        "{}: {} ({})",
        (t.strong)(&format!("done {}", d.closed)),
        (t.link)(d.link, d.title),
        details.join(", ")
    )
}

fn owner(t: &Target, owner: Option<&str>) -> String {
    match owner {
        Some(o) => format!("owner {}", (t.text)(o)),
        None => "no owner".to_string(),
    }
}

/// The items in groups as the table has them: by owner or post-mortem in
/// order of their most urgent item, or one group without a heading.
fn groups<'a, 'b>(items: &'b [Item<'a>], by: DueGroup) -> Vec<(Option<String>, Vec<&'b Item<'a>>)> {
    let mut groups: Vec<(Option<String>, Vec<&Item>)> = Vec::new();
    let mut group_of: std::collections::HashMap<Option<String>, usize> = Default::default();
    for item in items {
        let key = match by {
            DueGroup::Owner => Some(item.owner.unwrap_or("(no owner)").to_string()),
            DueGroup::Postmortem => Some(format!("{} ({})", item.postmortem, item.severity)),
            DueGroup::Due => None,
        };
        match group_of.get(&key) {
            Some(&i) => groups[i].1.push(item),
            None => {
                group_of.insert(key.clone(), groups.len());
                groups.push((key, vec![item]));
            }
        }
    }
    groups
}
