//! A git that talks to the remote (`git fetch`, `git push`) and its
//! helpers (ssh, git-remote-https), run so that none of them outlives pm.
//!
//! git runs in a process group of its own, which its helpers join, so that
//! pm can stop them all at once, even after git has gone and left a
//! helper behind. Four ways pm can end while git runs, and what stops the
//! group then:
//!
//! - pm's own time limit: pm asks the group to stop (SIGTERM), and kills
//!   it (SIGKILL) after a grace period, so that a helper that ignores
//!   SIGTERM does not stay (attack 80).
//! - SIGTERM, SIGINT or SIGHUP to pm (a cancelled CI job, `timeout`, a
//!   closed terminal): pm's handler passes the signal on to the group,
//!   then pm dies of it as it would have.
//! - SIGKILL to pm, or any death pm has no say in: a watcher, a process
//!   forked from pm that leads the group, waits on a pipe only pm writes
//!   to. When pm is gone the pipe is closed; the watcher asks the group
//!   to stop, waits the same grace period, and kills it, itself with it.
//!   git also gets SIGTERM from Linux as its parent dies
//!   (`PR_SET_PDEATHSIG`).
//! - A terminal's Ctrl-C: a group of its own no longer gets the
//!   terminal's signals, nor may it read the terminal (ssh's passphrase
//!   and host-key questions, git's password prompt). When pm runs in the
//!   terminal's foreground, the terminal is handed to git's group while it
//!   runs and taken back after: Ctrl-C then reaches git and its helpers,
//!   and pm, seeing git die of it, dies of it too.

use std::io;
use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
use std::os::unix::process::CommandExt;
use std::process::{Child, Command, ExitStatus};
use std::sync::Once;
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::{Duration, Instant};

/// How long a group asked to stop (SIGTERM) has before it is killed:
/// git removes its lock files and waits for its helpers in far less.
pub const GRACE: Duration = Duration::from_secs(2);

/// The process group of the git running now (0: none), for the signal
/// handler.
static GROUP: AtomicI32 = AtomicI32::new(0);
/// The terminal handed to that group (-1: none), for the signal handler
/// to take back.
static TTY: AtomicI32 = AtomicI32::new(-1);

/// A git started by [`spawn`]. [`Guarded::finish`] (or dropping it) ends
/// whatever is left of its group.
pub struct Guarded {
    pub child: Child,
    group: libc::pid_t,
    /// The watcher's pid and the pipe's write end: closing it (pm's exit
    /// does) tells the watcher to stop the group.
    watcher: Option<(libc::pid_t, OwnedFd)>,
    /// The terminal, handed to the group while git runs.
    tty: Option<OwnedFd>,
    /// git was waited for: without a watcher, its pid (the group's
    /// number) may then be another process's.
    reaped: bool,
    done: bool,
}

/// Start `cmd` in a process group of its own, with a watcher (see the
/// module's documentation).
pub fn spawn(cmd: &mut Command) -> io::Result<Guarded> {
    install_handlers();
    let watcher = start_watcher();
    cmd.process_group(watcher.as_ref().map_or(0, |(pid, _)| *pid));
    dies_with_parent(cmd);
    let child = match cmd.spawn() {
        Ok(child) => child,
        Err(err) => {
            if let Some((pid, fd)) = watcher {
                end_watcher(pid, fd, pid);
            }
            return Err(err);
        }
    };
    let group = watcher
        .as_ref()
        .map_or(child.id() as libc::pid_t, |(pid, _)| *pid);
    GROUP.store(group, Ordering::SeqCst);
    let tty = foreground_terminal();
    if let Some(fd) = &tty {
        // SAFETY: tcsetpgrp(3) on the terminal pm has open, to a group of
        // its own children in its session.
        unsafe { libc::tcsetpgrp(fd.as_raw_fd(), group) };
        TTY.store(fd.as_raw_fd(), Ordering::SeqCst);
        // A git that read the terminal before it was handed over was
        // stopped for it (SIGTTIN): on it goes.
        // SAFETY: as in `signal`.
        unsafe { libc::kill(-group, libc::SIGCONT) };
    }
    Ok(Guarded {
        child,
        group,
        watcher,
        tty,
        reaped: false,
        done: false,
    })
}

impl Guarded {
    /// Send `sig` to every process of the group (git, its helpers).
    pub fn signal(&self, sig: libc::c_int) {
        if self.reaped && self.watcher.is_none() {
            return;
        }
        // SAFETY: kill(2) on a process group pm made: the group's number
        // is not reused while its leader (the watcher, or git) is not
        // waited for, and neither is before `finish`.
        unsafe { libc::kill(-self.group, sig) };
    }

    /// git's status, if it has ended (see [`Child::try_wait`]).
    pub fn try_wait(&mut self) -> io::Result<Option<ExitStatus>> {
        let status = self.child.try_wait()?;
        self.reaped |= status.is_some();
        Ok(status)
    }

    /// Stop git and its helpers: ask (SIGTERM), wait up to [`GRACE`] for
    /// git to end, then kill whatever of the group is left.
    pub fn stop(&mut self) {
        self.signal(libc::SIGTERM);
        self.signal(libc::SIGCONT);
        let asked = Instant::now();
        while self.try_wait().ok().flatten().is_none() && asked.elapsed() < GRACE {
            std::thread::sleep(Duration::from_millis(20));
        }
        self.signal(libc::SIGKILL);
        let _ = self.child.kill();
        let _ = self.child.wait();
        self.reaped = true;
    }

    /// git has ended (or was stopped): kill what it left in its group
    /// (a helper stuck on the connection), let the watcher go, and take
    /// the terminal back. A git that a terminal's Ctrl-C ended (the
    /// terminal was the group's) ends pm too, as Ctrl-C would have.
    pub fn finish(mut self, status: Option<ExitStatus>) {
        self.end();
        if let Some(status) = status
            && std::os::unix::process::ExitStatusExt::signal(&status) == Some(libc::SIGINT)
            && self.tty.is_some()
        {
            self.tty = None;
            die_of(libc::SIGINT);
        }
    }

    fn end(&mut self) {
        if self.done {
            return;
        }
        self.done = true;
        self.signal(libc::SIGKILL);
        let _ = self.child.wait();
        self.reaped = true;
        GROUP.store(0, Ordering::SeqCst);
        if let Some((pid, fd)) = self.watcher.take() {
            end_watcher(pid, fd, self.group);
        }
        if let Some(fd) = &self.tty {
            TTY.store(-1, Ordering::SeqCst);
            take_terminal_back(fd.as_raw_fd());
        }
    }
}

impl Drop for Guarded {
    fn drop(&mut self) {
        self.end();
    }
}

/// Kill the watcher's group (it leads it) and wait for it.
fn end_watcher(pid: libc::pid_t, fd: OwnedFd, group: libc::pid_t) {
    // SAFETY: kill(2) on the group of our own child, not waited for yet,
    // then waitpid(2) on that child.
    unsafe {
        libc::kill(-group, libc::SIGKILL);
        libc::kill(pid, libc::SIGKILL);
    }
    drop(fd);
    let mut status = 0;
    // SAFETY: as above.
    while unsafe { libc::waitpid(pid, &mut status, 0) } == -1
        && io::Error::last_os_error().raw_os_error() == Some(libc::EINTR)
    {}
}

/// Fork the watcher: it leads a new process group, which git then joins,
/// and waits for pm to end (its pipe to close). None when it could not be
/// made: git then leads its own group, and only the other means hold.
fn start_watcher() -> Option<(libc::pid_t, OwnedFd)> {
    let mut fds = [0; 2];
    // SAFETY: pipe(2) into a two-element array; both ends are owned below.
    if unsafe { libc::pipe(fds.as_mut_ptr()) } != 0 {
        return None;
    }
    // SAFETY: each descriptor was just made by pipe(2) and is owned once.
    let (read, write) = unsafe { (OwnedFd::from_raw_fd(fds[0]), OwnedFd::from_raw_fd(fds[1])) };
    for fd in [&read, &write] {
        // SAFETY: fcntl(2) on a descriptor we own. Close-on-exec: git
        // must not hold the write end, or pm's death would not close it.
        unsafe { libc::fcntl(fd.as_raw_fd(), libc::F_SETFD, libc::FD_CLOEXEC) };
    }
    // The terminal pm holds in the foreground, and pm's group: if pm dies
    // while git's group holds the terminal, the watcher hands it back
    // (attack 82: a script that ran `pm sync` and saw it killed was then
    // stopped at its next read).
    let tty = foreground_terminal();
    let tty_fd = tty.as_ref().map_or(-1, |fd| fd.as_raw_fd());
    // SAFETY: getpgrp(2) reads only.
    let pm_group = unsafe { libc::getpgrp() };
    // SAFETY: the child only makes async-signal-safe system calls (see
    // `watch`) and never returns.
    match unsafe { libc::fork() } {
        -1 => None,
        0 => watch(read.as_raw_fd(), tty_fd, pm_group),
        pid => {
            // Also set here, so that git can join the group whichever of
            // the two runs first.
            // SAFETY: setpgid(2) on our own child.
            unsafe { libc::setpgid(pid, pid) };
            drop(read);
            Some((pid, write))
        }
    }
}

/// The watcher, in the forked child: only async-signal-safe system calls
/// (pm has threads; nothing that allocates or locks).
fn watch(read: libc::c_int, tty: libc::c_int, pm_group: libc::pid_t) -> ! {
    // SAFETY: system calls on our own process and descriptors.
    unsafe {
        libc::setpgid(0, 0);
        // The terminal, kept at the descriptor just above the pipe's (the
        // only ones left open).
        let tty = if tty >= 0 && libc::dup2(tty, read + 1) == read + 1 {
            read + 1
        } else {
            -1
        };
        // The signals pm passes on to the group are for git and its
        // helpers: the watcher stays to finish the job.
        for sig in [libc::SIGTERM, libc::SIGINT, libc::SIGHUP, libc::SIGQUIT] {
            libc::signal(sig, libc::SIG_IGN);
        }
        // Every descriptor but the pipe's read end: the write end (or the
        // pipe never closes), pm's locks, pm's output (a CI log waiting
        // for its end).
        close_all_but(read, if tty >= 0 { tty } else { read });
        let mut byte = 0u8;
        loop {
            let n = libc::read(read, (&raw mut byte).cast(), 1);
            if n >= 0 || io::Error::last_os_error().raw_os_error() != Some(libc::EINTR) {
                break;
            }
        }
        // pm ended without taking the terminal back (it was killed): its
        // group gets it again, before git's is stopped.
        if tty >= 0 && libc::tcgetpgrp(tty) == libc::getpgrp() {
            libc::signal(libc::SIGTTOU, libc::SIG_IGN);
            libc::tcsetpgrp(tty, pm_group);
        }
        // pm is gone (or said to end the group): ask, wait, kill.
        libc::kill(0, libc::SIGTERM);
        libc::kill(0, libc::SIGCONT);
        let mut wait = libc::timespec {
            tv_sec: GRACE.as_secs() as libc::time_t,
            tv_nsec: 0,
        };
        let mut left = wait;
        while libc::nanosleep(&wait, &mut left) == -1 {
            wait = left;
        }
        libc::kill(0, libc::SIGKILL);
        libc::_exit(0)
    }
}

/// Close every descriptor but those from `keep` to `last`.
///
/// # Safety
/// In a forked child only: it closes descriptors others may think open.
unsafe fn close_all_but(keep: libc::c_int, last: libc::c_int) {
    #[cfg(target_os = "linux")]
    // SAFETY: close_range(2); on a kernel without it, the loop below.
    unsafe {
        let low = libc::syscall(libc::SYS_close_range, 0u32, (keep - 1).max(0) as u32, 0u32);
        let high = libc::syscall(libc::SYS_close_range, last as u32 + 1, u32::MAX, 0u32);
        if (keep == 0 || low == 0) && high == 0 {
            return;
        }
    }
    let mut limit = libc::rlimit {
        rlim_cur: 0,
        rlim_max: 0,
    };
    // SAFETY: getrlimit(2) into a local; close(2) of descriptor numbers.
    unsafe {
        let max = if libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) == 0 {
            limit.rlim_cur.min(65536) as libc::c_int
        } else {
            1024
        };
        for fd in 0..max {
            if !(keep..=last).contains(&fd) {
                libc::close(fd);
            }
        }
    }
}

/// On Linux, git gets SIGTERM when pm dies (set between fork and exec).
fn dies_with_parent(cmd: &mut Command) {
    #[cfg(target_os = "linux")]
    {
        let parent = std::process::id();
        // SAFETY: the closure runs in the child between fork and exec and
        // only makes two system calls, which are async-signal-safe.
        unsafe {
            cmd.pre_exec(move || {
                if libc::prctl(libc::PR_SET_PDEATHSIG, libc::SIGTERM) != 0 {
                    return Err(io::Error::last_os_error());
                }
                // pm died before the request was made: do not run on.
                if libc::getppid() as u32 != parent {
                    return Err(io::Error::from_raw_os_error(libc::ESRCH));
                }
                Ok(())
            });
        }
    }
    #[cfg(not(target_os = "linux"))]
    let _ = cmd;
}

/// pm's terminal, when pm runs in its foreground (a person at it).
fn foreground_terminal() -> Option<OwnedFd> {
    // SAFETY: open(2) of a fixed path; the descriptor is owned below.
    let fd = unsafe {
        libc::open(
            c"/dev/tty".as_ptr(),
            libc::O_RDWR | libc::O_NOCTTY | libc::O_CLOEXEC,
        )
    };
    if fd < 0 {
        return None;
    }
    // SAFETY: just opened, owned once.
    let fd = unsafe { OwnedFd::from_raw_fd(fd) };
    // SAFETY: tcgetpgrp(3) and getpgrp(2) read only.
    let ours = unsafe { libc::tcgetpgrp(fd.as_raw_fd()) == libc::getpgrp() };
    ours.then_some(fd)
}

/// Make pm's group the terminal's foreground again. pm is in the
/// background while it asks, which the terminal answers with SIGTTOU
/// unless it is blocked. Async-signal-safe.
fn take_terminal_back(fd: libc::c_int) {
    // SAFETY: signal-mask and terminal calls on this thread and terminal.
    unsafe {
        let mut block: libc::sigset_t = std::mem::zeroed();
        let mut was: libc::sigset_t = std::mem::zeroed();
        libc::sigemptyset(&mut block);
        libc::sigaddset(&mut block, libc::SIGTTOU);
        libc::pthread_sigmask(libc::SIG_BLOCK, &block, &mut was);
        libc::tcsetpgrp(fd, libc::getpgrp());
        libc::pthread_sigmask(libc::SIG_SETMASK, &was, std::ptr::null_mut());
    }
}

/// End pm as `sig` would have, without the handler. Async-signal-safe.
fn die_of(sig: libc::c_int) {
    // SAFETY: back to the default action, then the signal to ourselves;
    // in the handler, it is delivered (and pm ends) once the handler
    // returns.
    unsafe {
        libc::signal(sig, libc::SIG_DFL);
        libc::raise(sig);
    }
}

/// Catch SIGTERM, SIGINT and SIGHUP once, each unless pm was started with
/// it ignored (`nohup`, a background job), which stays so.
fn install_handlers() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        for sig in [libc::SIGTERM, libc::SIGINT, libc::SIGHUP] {
            // SAFETY: sigaction(2) with a zeroed struct filled in here;
            // `on_signal` is async-signal-safe.
            unsafe {
                let mut old: libc::sigaction = std::mem::zeroed();
                if libc::sigaction(sig, std::ptr::null(), &mut old) != 0
                    || old.sa_sigaction == libc::SIG_IGN
                {
                    continue;
                }
                let mut new: libc::sigaction = std::mem::zeroed();
                new.sa_sigaction = on_signal as *const () as libc::sighandler_t;
                libc::sigemptyset(&mut new.sa_mask);
                libc::sigaction(sig, &new, std::ptr::null_mut());
            }
        }
    });
}

/// pm was told to end: pass it on to git's group, take the terminal back,
/// and end as the signal would have. Async-signal-safe: atomics and
/// system calls only.
extern "C" fn on_signal(sig: libc::c_int) {
    let group = GROUP.load(Ordering::SeqCst);
    if group > 0 {
        // SAFETY: kill(2) on the group of git running now (see `signal`).
        unsafe {
            libc::kill(-group, sig);
            libc::kill(-group, libc::SIGCONT);
        }
    }
    let tty = TTY.load(Ordering::SeqCst);
    if tty >= 0 {
        take_terminal_back(tty);
    }
    die_of(sig);
}
