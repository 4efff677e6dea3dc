//! `pm`: blameless incident post-mortems in git. All the work is in the library;
//! this file only picks the allocator and turns the result into an exit code.

/// mimalloc instead of the system allocator: linting and reading thousands
/// of files allocates many small strings, and glibc's malloc and free were a
/// fifth of a cold `pm lint` (docs/performance.md).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc 2's mimalloc.h (options keep their
/// numbers across releases; libmimalloc-sys names no constant for it).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> std::process::ExitCode {
    // Give freed memory back to the system at once rather than after 10 ms:
    // a cold `pm lint` at 10,000 post-mortems peaks at about 78 MB instead
    // of about 100 MB, for about 5% more CPU.
    // SAFETY: sets one of mimalloc's global options, read when memory is
    // next purged; no memory is touched.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 0) };
    pm::main_entry()
}
