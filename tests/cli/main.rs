//! End-to-end tests: the real `pm` binary against temporary git repositories.
//! One test binary (`autotests = false`) keeps link time short.

mod actions;
mod browser;
mod caches;
mod ci_dist;
mod collab;
mod completion;
mod escaping;
mod fast_paths;
mod faults;
mod foundation;
mod git_hooks;
mod hand_yaml;
pub mod hardening;
mod ids;
mod import_records;
mod lint;
mod lint_gate;
mod log_formats;
mod logs;
mod newcomer;
mod output_safety;
mod prompts;
mod properties;
mod render;
mod show;
mod site;
mod standup;
mod stats;
mod support;
mod tables;
mod time;
mod timeline;
