//! `pm.yaml`: the repository's configuration.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Result;
use chrono::NaiveDate;
use serde::Deserialize;

pub use crate::clock::Zone;
use crate::error::UserError;
use crate::yaml;

pub const CONFIG_FILE: &str = "pm.yaml";

/// The default `pm.yaml`, with comments that explain every setting.
pub const DEFAULT_CONFIG: &str = include_str!("../templates/pm.yaml");

/// The most days a setting may count: a hundred years.
pub const MAX_DAYS: i64 = 36_500;

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Severity names, most severe first.
    #[serde(deserialize_with = "severity_names")]
    pub severities: Vec<String>,
    /// Days from a post-mortem's date to its follow-up review.
    pub follow_up_days: i64,
    /// IANA time zone name (Europe/Berlin), `UTC`, or a fixed offset (+02:00).
    pub timezone: String,
    /// Commit every change (false: write files, leave committing to the user).
    pub autocommit: bool,
    /// Days from a post-mortem's date to an action item's default due date, by severity.
    pub action_due_days: BTreeMap<String, i64>,
    /// Default for severities missing from `action_due_days`.
    pub action_due_days_default: i64,
    /// Timeline kinds beyond the built-in ones.
    #[serde(deserialize_with = "kind_names")]
    pub timeline_kinds: Vec<String>,
    /// How long before the incident's start a timeline entry may be, in minutes.
    pub timeline_margin_minutes: i64,
    /// Names and handles of people, so the linter knows who is a person.
    #[serde(deserialize_with = "people_names")]
    pub people: Vec<String>,
    /// Linter settings; see docs/lint-rules.md.
    pub lint: yaml::Value,
    /// Where each of the linter's settings is written in pm.yaml, for
    /// errors that point at it.
    #[serde(skip)]
    pub lint_places: Places,
    /// Whether every change pm commits is also synced with the remote.
    pub sync: SyncMode,
}

/// `sync:` in pm.yaml.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum SyncMode {
    /// Only `pm sync` and `--sync` sync.
    #[default]
    Manual,
    /// Every command that commits also runs `pm sync`.
    Auto,
}

/// Read by hand: serde's enum reader answers `sync: [auto]` with "expected
/// a YAML tag starting with '!'", which says nothing of the setting.
impl<'de> Deserialize<'de> for SyncMode {
    fn deserialize<D: serde::Deserializer<'de>>(de: D) -> Result<SyncMode, D::Error> {
        struct Visit;
        impl serde::de::Visitor<'_> for Visit {
            type Value = SyncMode;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("`manual` or `auto`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<SyncMode, E> {
                match v {
                    "manual" => Ok(SyncMode::Manual),
                    "auto" => Ok(SyncMode::Auto),
                    "" => Err(E::invalid_type(serde::de::Unexpected::Unit, &self)),
                    // Text only when quoted (`sync: "~"`; unquoted, YAML
                    // reads it as empty): say it is that text.
                    "~" | "null" | "Null" | "NULL" => Err(E::invalid_value(
                        serde::de::Unexpected::Other(&format!("the text \"{v}\" (in quotes)")),
                        &self,
                    )),
                    // The value as written, in backquotes (not Rust's
                    // debug quoting): src/yaml.rs puts the message in words
                    // and the output escaping shows what draws nothing.
                    _ => Err(E::invalid_value(
                        serde::de::Unexpected::Other(&format!("`{v}`")),
                        &self,
                    )),
                }
            }
            // `sync:` and `sync: ~` (unquoted) are empty.
            fn visit_unit<E: serde::de::Error>(self) -> Result<SyncMode, E> {
                Err(E::invalid_type(serde::de::Unexpected::Unit, &self))
            }
        }
        // By what YAML read, not only its text: `sync: ~` is empty, and
        // `sync: "~"` is the text `~`.
        de.deserialize_any(Visit)
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            severities: ["SEV1", "SEV2", "SEV3", "SEV4"].map(String::from).to_vec(),
            follow_up_days: 14,
            timezone: "UTC".into(),
            autocommit: true,
            action_due_days: [("SEV1", 15), ("SEV2", 30)]
                .into_iter()
                .map(|(k, v)| (k.to_string(), v))
                .collect(),
            action_due_days_default: 60,
            timeline_kinds: Vec::new(),
            timeline_margin_minutes: 24 * 60,
            people: Vec::new(),
            lint: yaml::Value::Null,
            lint_places: Places::default(),
            sync: SyncMode::Manual,
        }
    }
}

/// A list of names in pm.yaml: an item left empty (`~`, `null`, a `-`
/// alone) is refused at its place, as an empty name is, never taken for a
/// name `~` or `null` (quoted, `"~"` is text).
fn names<'de, D: serde::Deserializer<'de>>(de: D, setting: &str) -> Result<Vec<String>, D::Error> {
    let items = Vec::<Option<String>>::deserialize(de)?;
    if items.iter().any(Option::is_none) {
        return Err(serde::de::Error::custom(format!(
            "`{setting}` has an empty item (null); give each a name, or remove the item"
        )));
    }
    Ok(items.into_iter().flatten().collect())
}

/// The first null item of a list of names, refused at its line (the
/// loader's own error would point elsewhere).
fn null_names(text: &str, path: &Path) -> Result<()> {
    let (body, _) = yaml::strip_bom(text);
    let Ok(tree) = yaml::parse_tree(body) else {
        return Ok(()); // the loader reports what is wrong with the YAML
    };
    for setting in ["severities", "timeline_kinds", "people"] {
        let Some(list) = tree.get(setting) else {
            continue;
        };
        if let Some(item) = list.items().iter().find(|item| item.is_null()) {
            let (line, column) = yaml::line_col(text, text.len() - body.len() + item.start);
            crate::bail_user!(
                "{}:{line}:{column}: `{setting}` has an empty item (null); give each a name, or remove the item",
                path.display()
            );
        }
    }
    Ok(())
}

fn severity_names<'de, D: serde::Deserializer<'de>>(de: D) -> Result<Vec<String>, D::Error> {
    names(de, "severities")
}

fn kind_names<'de, D: serde::Deserializer<'de>>(de: D) -> Result<Vec<String>, D::Error> {
    names(de, "timeline_kinds")
}

fn people_names<'de, D: serde::Deserializer<'de>>(de: D) -> Result<Vec<String>, D::Error> {
    names(de, "people")
}

impl Config {
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join(CONFIG_FILE);
        let base = crate::store::paths::Base::root(root);
        let bytes = crate::store::paths::read(&base, &path, crate::store::MAX_FILE_BYTES)?;
        let text =
            yaml::decode(bytes).map_err(|err| UserError::new(format!("{}:{err}", CONFIG_FILE)))?;
        if yaml::strip_bom(&text).0.trim().is_empty() {
            return Ok(Config::default());
        }
        // Markers a merge left (pm.yaml is merged by git line by line):
        // say so and how to finish, not a YAML error at the first marker.
        // Named as post-mortems are, from the repository's root.
        if let Some(err) = crate::merge::markers::user_error(CONFIG_FILE, &text, root) {
            return Err(err.into());
        }
        null_names(&text, &path)?;
        let config: Config = yaml::from_str(&text).map_err(|err| {
            UserError::new(format!("{}:{err}", CONFIG_FILE))
                .hint("fix pm.yaml; the pm.yaml `pm init` writes explains each setting in a comment above it")
        })?;
        config.check(&text)?;
        Ok(Config {
            lint_places: Places(Some(text.into())),
            ..config
        })
    }

    /// Checks the settings; errors name pm.yaml as other errors name files,
    /// from the repository's root (not by its absolute path).
    fn check(&self, text: &str) -> Result<()> {
        // `pm.yaml:LINE:COL` of a setting (`follow_up_days`,
        // `action_due_days.SEV1`, `severities[2]`), looked up only for an
        // error; `pm.yaml` alone when it cannot be found.
        let at = |path: &str| -> String {
            let (body, skipped) = yaml::strip_bom(text);
            yaml::parse_tree(body)
                .ok()
                .and_then(|tree| {
                    let node = tree.at_path(path)?;
                    let (line, col) = yaml::line_col(text, skipped + node.start);
                    Some(format!("{CONFIG_FILE}:{line}:{col}"))
                })
                .unwrap_or_else(|| CONFIG_FILE.to_string())
        };
        if self.severities.is_empty() {
            crate::bail_user!("{}: `severities` is empty; list at least one", CONFIG_FILE);
        }
        // Names shown in tables, messages and CI annotations: no control
        // characters (a terminal escape, a line break, a bidi override).
        for (setting, names) in [
            ("severities", &self.severities),
            ("timeline_kinds", &self.timeline_kinds),
        ] {
            if let Some(i) = names.iter().position(|n| {
                n.chars()
                    .any(|c| c.is_control() || crate::output::is_bidi_control(c))
            }) {
                // The name as written: the error's output escaping shows
                // its control characters as their stand-ins (␛).
                crate::bail_user!(
                    "{}: `{setting}` has a name with a control character, `{}`; use letters, digits and punctuation",
                    at(&format!("{setting}[{i}]")),
                    names[i]
                );
            }
        }
        // Severity names: each once (without case, as they are matched),
        // none empty.
        for (i, name) in self.severities.iter().enumerate() {
            if name.trim().is_empty() {
                crate::bail_user!(
                    "{}: `severities` has an empty name; give each severity a name (SEV1)",
                    CONFIG_FILE
                );
            }
            if let Some(other) = self.severities[..i]
                .iter()
                .find(|o| o.trim().eq_ignore_ascii_case(name.trim()))
            {
                crate::bail_user!(
                    "{}: `severities` lists `{other}` and `{name}`, which pm takes for one severity; keep one",
                    CONFIG_FILE
                );
            }
        }
        // Timeline kinds beyond the built-in ones: named, each once, and
        // none a built-in in another case (`RESOLVED` would not count as
        // the resolution in the figures).
        for (i, kind) in self.timeline_kinds.iter().enumerate() {
            let clash = crate::model::TIMELINE_KINDS
                .iter()
                .copied()
                .chain(self.timeline_kinds[..i].iter().map(String::as_str))
                .find(|k| k.trim().eq_ignore_ascii_case(kind.trim()));
            if kind.trim().is_empty() {
                crate::bail_user!(
                    "{}: `timeline_kinds` has an empty name; give each kind a name",
                    CONFIG_FILE
                );
            }
            if let Some(other) = clash {
                crate::bail_user!(
                    "{}: `timeline_kinds` lists `{kind}`, which is already a kind (`{other}`); remove it",
                    CONFIG_FILE
                );
            }
        }
        // Day counts feed date sums: bounded, so that no sum can overflow.
        let days = |name: &str, value: i64| -> Result<()> {
            if !(0..=MAX_DAYS).contains(&value) {
                crate::bail_user!(
                    "{}: `{name}` is {value}; give a number of days from 0 to {MAX_DAYS}",
                    at(name)
                );
            }
            Ok(())
        };
        days("follow_up_days", self.follow_up_days)?;
        days("action_due_days_default", self.action_due_days_default)?;
        for (severity, value) in &self.action_due_days {
            days(&format!("action_due_days.{severity}"), *value)?;
        }
        if !(0..=MAX_DAYS * 24 * 60).contains(&self.timeline_margin_minutes) {
            crate::bail_user!(
                "{}: `timeline_margin_minutes` is {}; give a number of minutes from 0 to {}",
                at("timeline_margin_minutes"),
                self.timeline_margin_minutes,
                MAX_DAYS * 24 * 60
            );
        }
        self.zone()
            .map_err(|err| UserError::new(format!("{}: `timezone`: {err}", CONFIG_FILE)))?;
        Ok(())
    }

    pub fn zone(&self) -> Result<Zone, String> {
        Zone::parse(&self.timezone)
    }

    /// The severity name as configured, matched case-insensitively.
    pub fn severity(&self, text: &str) -> Option<&str> {
        self.severities
            .iter()
            .find(|s| s.eq_ignore_ascii_case(text.trim()))
            .map(String::as_str)
    }

    pub fn timeline_kinds(&self) -> Vec<&str> {
        crate::model::TIMELINE_KINDS
            .iter()
            .copied()
            .chain(self.timeline_kinds.iter().map(String::as_str))
            .collect()
    }

    pub fn action_due_days(&self, severity: &str) -> i64 {
        self.severity_due_days(severity)
            .unwrap_or(self.action_due_days_default)
    }

    /// The days `action_due_days` gives this severity, when it names it.
    pub fn severity_due_days(&self, severity: &str) -> Option<i64> {
        // Matched without case, as severities are (`sev1: 3` is SEV1's).
        self.action_due_days
            .iter()
            .find(|(name, _)| name.trim().eq_ignore_ascii_case(severity.trim()))
            .map(|(_, days)| *days)
    }

    /// The follow-up review's due date for an incident on `date`.
    pub fn follow_up_due(&self, date: NaiveDate) -> Result<NaiveDate> {
        crate::clock::days_after(date, self.follow_up_days, "follow_up_days")
    }
}

/// Where settings under `lint:` are written in pm.yaml, for errors that
/// point at them: pm.yaml's text, looked at only when there is an error.
#[derive(Debug, Clone, Default)]
pub struct Places(Option<std::sync::Arc<str>>);

impl Places {
    /// `pm.yaml:LINE:COLUMN` of the setting at `path` below `lint`
    /// ("evidence_threshold", "severity.blame-evidence", "rules.0"; "" for
    /// `lint` itself), or of the nearest setting above it that is there;
    /// `pm.yaml` without a position when pm.yaml was not read.
    pub fn at(&self, path: &str) -> String {
        let found = self.0.as_deref().and_then(|text| {
            let (body, _) = yaml::strip_bom(text);
            let tree = yaml::parse_tree(body).ok()?;
            let mut node = tree.get("lint")?;
            for part in path.split('.').filter(|p| !p.is_empty()) {
                let next = match part.parse::<usize>() {
                    Ok(i) if !node.items().is_empty() => node.items().get(i),
                    _ => node.get(part),
                };
                match next {
                    Some(n) => node = n,
                    None => break,
                }
            }
            Some(yaml::line_col(text, text.len() - body.len() + node.start))
        });
        match found {
            Some((line, column)) => format!("{CONFIG_FILE}:{line}:{column}"),
            None => CONFIG_FILE.to_string(),
        }
    }
}
