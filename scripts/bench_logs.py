#!/usr/bin/env python3
"""Benchmark `pm timeline import` on a generated log; prints a Markdown table.

Run through scripts/bench-logs.sh, which builds the release binary first.

Environment:
  BENCH_LOG_MB   size of the generated log in MB, default 1024
  BENCH_RUNS     timed runs per command, default 3
  BENCH_DIR      where the log and the repository are kept, default /tmp/pm-bench-logs

Each figure is the median of the timed runs after one warm-up run: wall
time, and CPU time (user + system, of the command and its children; on a
shared machine the steadier of the two). Each pm figure is compared with a
baseline measured in the same run:
`gzip -dc LOG.gz | grep -c ID` for reading, `git add FILE && git commit`
for the write.
"""
import os
import random
import resource
import shutil
import statistics
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PM = os.path.join(ROOT, "target", "release", "pm")
DIR = os.environ.get("BENCH_DIR", "/tmp/pm-bench-logs")
MB = int(os.environ.get("BENCH_LOG_MB", "1024"))
RUNS = int(os.environ.get("BENCH_RUNS", "3"))
ENV = dict(
    os.environ,
    PM_NOW="2026-11-27T10:00:00Z",
    NO_COLOR="1",
    GIT_AUTHOR_NAME="bench",
    GIT_AUTHOR_EMAIL="bench@example.com",
    GIT_COMMITTER_NAME="bench",
    GIT_COMMITTER_EMAIL="bench@example.com",
)
WANTED = "5b8efff798038103d269b633813fc60c"
START = 1795683600  # 2026-11-26T09:00:00Z


def run(cmd, cwd, shell=False):
    """Run once; return (wall seconds, CPU seconds of it and its children,
    peak RSS in MB of the process itself, exit code)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, cwd=cwd, env=ENV, shell=shell,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    _, status, usage = os.wait4(proc.pid, 0)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu, usage.ru_maxrss / 1024.0, os.waitstatus_to_exitcode(status)


def measure(cmd, cwd, shell=False, before=None):
    walls, cpus, peaks = [], [], []
    for i in range(-1, RUNS):
        if before:
            before()
        wall, cpu, rss, code = run(cmd, cwd, shell)
        if code not in (0, 1):
            sys.exit(f"{cmd} failed with exit {code}")
        if i >= 0:
            walls.append(wall)
            cpus.append(cpu)
            peaks.append(rss)
    return statistics.median(walls), statistics.median(cpus), max(peaks)


def generate(path, megabytes):
    """JSON lines from five services: 1 in 1,000 an error, one request's
    lines scattered through, the rest other requests."""
    rnd = random.Random(42)
    services = ["checkout", "cart", "payments", "inventory", "search"]
    messages = ["request handled", "cache miss", "db query", "upstream call", "retrying"]
    target = megabytes * 1024 * 1024
    written = 0
    n = 0
    with open(path, "w") as out:
        while written < target:
            lines = []
            for _ in range(10000):
                n += 1
                trace = WANTED if n % 400_000 == 7 else "%032x" % rnd.getrandbits(128)
                level = "error" if n % 1000 == 3 else "info"
                msg = "db timeout" if level == "error" else messages[n % 5]
                lines.append(
                    '{"timestamp":"%s","level":"%s","service":"%s","message":"%s","trace_id":"%s","span_id":"%016x","http":{"method":"GET","route":"/api/v1/items/%d","status":200},"duration_ms":%d}\n'
                    % (time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(START + n // 1000)) + ".%03dZ" % (n % 1000),
                       level, services[n % 5], msg, trace, rnd.getrandbits(64), n % 977, n % 300))
            chunk = "".join(lines)
            out.write(chunk)
            written += len(chunk)
    return n


def main():
    os.makedirs(DIR, exist_ok=True)
    log = os.path.join(DIR, f"app-{MB}mb.log")
    gz = log + ".gz"
    if not os.path.exists(gz):
        t = time.perf_counter()
        lines = generate(log, MB)
        subprocess.run(["gzip", "-k", "-f", log], check=True)
        print(f"generated {lines} lines ({MB} MB, gzip {os.path.getsize(gz) // (1024 * 1024)} MB) "
              f"in {time.perf_counter() - t:.0f} s", file=sys.stderr)

    repo = os.path.join(DIR, "repo")
    if not os.path.exists(repo):
        os.makedirs(repo)
        subprocess.run(["git", "init", "-q"], cwd=repo, check=True, env=ENV)
        subprocess.run([PM, "init"], cwd=repo, check=True, env=ENV, stdout=subprocess.DEVNULL)
        subprocess.run([PM, "new", "Bench", "--severity", "SEV2", "--started", "2026-11-26T09:00:00Z",
                        "--service", "checkout", "--no-edit"], cwd=repo, check=True, env=ENV,
                       stdout=subprocess.DEVNULL)
    pm_id = subprocess.run([PM, "list", "--json"], cwd=repo, env=ENV, capture_output=True,
                           text=True).stdout.split('"id": "')[1].split('"')[0]

    many = os.path.join(DIR, "10000-matching.log")
    with open(many, "w") as out:
        for i in range(10000):
            out.write('{"ts":%d,"level":"error","msg":"event %d","trace_id":"%s"}\n'
                      % (START + 600 + i, i, WANTED))
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=repo, env=ENV, capture_output=True,
                          text=True).stdout.strip()
    pm_file = subprocess.run(["git", "ls-files", "postmortems"], cwd=repo, env=ENV,
                             capture_output=True, text=True).stdout.split()[0]

    def reset():
        subprocess.run(["git", "reset", "-q", "--hard", head], cwd=repo, env=ENV, check=True)

    def touch():
        reset()
        with open(os.path.join(repo, pm_file), "a") as f:
            f.write("# bench\n")

    rows = []
    count = os.path.join(DIR, "count.txt")

    def row(what, cmd, baseline=None, shell=False, before=None):
        wall, cpu, rss = measure(cmd, repo, shell, before)
        ratio = f"{wall / baseline[0]:.2f}x / {cpu / baseline[1]:.2f}x" if baseline else "1.00x / 1.00x"
        rows.append((what, wall, cpu, ratio, "" if shell else f"{rss:.0f} MB"))
        return wall, cpu

    # grep's output goes to a file: GNU grep stops at the first match when
    # its output is /dev/null, which would make the baseline meaningless.
    base = row("gzip -dc LOG.gz | grep -c ID (baseline)",
               f"gzip -dc {gz} | grep -c {WANTED} > {count}", shell=True)
    row("pm timeline import --from LOG.gz --trace-id ID --dry-run",
        [PM, "timeline", "import", pm_id, "--from", gz, "--trace-id", WANTED, "--dry-run"], base)
    row("pm timeline import --from LOG.gz --level error --dry-run",
        [PM, "timeline", "import", pm_id, "--from", gz, "--level", "error", "--dry-run",
         "--max-entries", "1000000"], base)
    plain = row("grep -c ID LOG (baseline)", f"grep -c {WANTED} {log} > {count}", shell=True)
    row("pm timeline import --from LOG --trace-id ID --dry-run",
        [PM, "timeline", "import", pm_id, "--from", log, "--trace-id", WANTED, "--dry-run"], plain)
    commit = row("git add FILE && git commit (baseline)",
                 f"git add {pm_file} && git commit -q -m bench", shell=True, before=touch)
    row("pm timeline import: 10,000 matching lines written",
        [PM, "timeline", "import", pm_id, "--from", many, "--trace-id", WANTED,
         "--max-entries", "10000"], commit, before=reset)
    reset()

    print(f"| command ({MB} MB log, median of {RUNS}) | wall | CPU | ratio wall / CPU | peak memory |")
    print("|---|---:|---:|---:|---:|")
    for what, wall, cpu, ratio, rss in rows:
        print(f"| {what} | {wall * 1000:.0f} ms | {cpu * 1000:.0f} ms | {ratio} | {rss} |")


if __name__ == "__main__":
    main()
