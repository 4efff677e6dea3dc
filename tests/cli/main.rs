//! End-to-end tests: the real `pm` binary against temporary git repositories.
//! One test binary (`autotests = false`) keeps link time short.

mod actions;
mod faults;
mod foundation;
pub mod hardening;
mod lint;
mod prompts;
mod properties;
mod support;
mod timeline;
