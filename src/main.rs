//! `pm`: blameless incident post-mortems in git. All the work is in the library;
//! this file only turns its result into an exit code.

fn main() -> std::process::ExitCode {
    pm::main_entry()
}
