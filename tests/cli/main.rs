//! End-to-end tests: the real `pm` binary against temporary git repositories.
//! One test binary (`autotests = false`) keeps link time short.

mod actions;
mod browser;
mod faults;
mod foundation;
mod lint;
mod prompts;
mod properties;
mod render;
mod site;
mod stats;
mod support;
mod timeline;
