//! End-to-end tests: the real `pm` binary against temporary git repositories.
//! One test binary (`autotests = false`) keeps link time short.

mod actions;
mod escaping;
mod faults;
mod foundation;
mod ids;
mod lint;
mod prompts;
mod properties;
mod support;
mod tables;
mod time;
mod timeline;
