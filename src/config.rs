//! `pm.yaml`: the repository's configuration.

use std::collections::BTreeMap;
use std::path::Path;

use anyhow::Result;
use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, Offset, TimeZone, Utc};
use serde::Deserialize;

use crate::error::UserError;
use crate::yaml;

pub const CONFIG_FILE: &str = "pm.yaml";

/// The default `pm.yaml`, with comments that explain every setting.
pub const DEFAULT_CONFIG: &str = include_str!("../templates/pm.yaml");

#[derive(Debug, Clone, Deserialize)]
#[serde(default, deny_unknown_fields)]
pub struct Config {
    /// Severity names, most severe first.
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
    pub timeline_kinds: Vec<String>,
    /// How long before the incident's start a timeline entry may be, in minutes.
    pub timeline_margin_minutes: i64,
    /// Names and handles of people, so the linter knows who is a person.
    pub people: Vec<String>,
    /// Linter settings; see docs/lint-rules.md.
    pub lint: yaml::Value,
    /// Whether every change pm commits is also synced with the remote.
    pub sync: SyncMode,
}

/// `sync:` in pm.yaml.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SyncMode {
    /// Only `pm sync` and `--sync` sync.
    #[default]
    Manual,
    /// Every command that commits also runs `pm sync`.
    Auto,
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
            sync: SyncMode::Manual,
        }
    }
}

impl Config {
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join(CONFIG_FILE);
        let bytes = std::fs::read(&path)
            .map_err(|err| UserError::new(format!("cannot read {}: {err}", path.display())))?;
        let text = yaml::decode(bytes)
            .map_err(|err| UserError::new(format!("{}:{err}", path.display())))?;
        if yaml::strip_bom(&text).0.trim().is_empty() {
            return Ok(Config::default());
        }
        let config: Config = yaml::from_str(&text).map_err(|err| {
            UserError::new(format!("{}:{err}", path.display()))
                .hint("fix pm.yaml; docs/format.md lists every setting")
        })?;
        config.check(&path)?;
        Ok(config)
    }

    fn check(&self, path: &Path) -> Result<()> {
        if self.severities.is_empty() {
            crate::bail_user!(
                "{}: `severities` is empty; list at least one",
                path.display()
            );
        }
        if self.follow_up_days < 0 {
            crate::bail_user!("{}: `follow_up_days` must be 0 or more", path.display());
        }
        self.zone()
            .map_err(|err| UserError::new(format!("{}: `timezone`: {err}", path.display())))?;
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
        self.action_due_days
            .get(severity)
            .copied()
            .unwrap_or(self.action_due_days_default)
    }

    pub fn follow_up_due(&self, date: NaiveDate) -> NaiveDate {
        date + chrono::Duration::days(self.follow_up_days)
    }
}

/// The repository's time zone: an IANA zone or a fixed offset.
#[derive(Debug, Clone, Copy)]
pub enum Zone {
    Named(chrono_tz::Tz),
    Fixed(FixedOffset),
}

impl Zone {
    pub fn parse(text: &str) -> Result<Zone, String> {
        let text = text.trim();
        if text.eq_ignore_ascii_case("utc") || text == "Z" {
            return Ok(Zone::Fixed(Utc.fix()));
        }
        if let Ok(tz) = text.parse::<chrono_tz::Tz>() {
            return Ok(Zone::Named(tz));
        }
        if let Ok(dt) = DateTime::parse_from_rfc3339(&format!("2000-01-01T00:00:00{text}")) {
            return Ok(Zone::Fixed(*dt.offset()));
        }
        Err(format!(
            "unknown time zone `{text}`; use an IANA name (Europe/Berlin), UTC, or an offset (+02:00)"
        ))
    }

    /// The same instant, shown with this zone's offset.
    pub fn to_local(&self, at: DateTime<FixedOffset>) -> DateTime<FixedOffset> {
        match self {
            Zone::Named(tz) => {
                let local = at.with_timezone(tz);
                local.with_timezone(&local.offset().fix())
            }
            Zone::Fixed(off) => at.with_timezone(off),
        }
    }

    /// The instant of a wall-clock time in this zone; in a DST gap or fold the
    /// earlier valid reading is taken.
    pub fn from_local(&self, naive: NaiveDateTime) -> Option<DateTime<FixedOffset>> {
        match self {
            Zone::Named(tz) => tz
                .from_local_datetime(&naive)
                .earliest()
                .map(|dt| dt.with_timezone(&dt.offset().fix())),
            Zone::Fixed(off) => off.from_local_datetime(&naive).earliest(),
        }
    }
}
