//! `pm`: blameless incident post-mortems in git. All the work is in the library;
//! this file only turns its result into an exit code.

/// mimalloc instead of the system allocator: linting and reading thousands
/// of files allocates many small strings, and glibc's malloc and free were a
/// fifth of a cold `pm lint` (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    pm::main_entry()
}
