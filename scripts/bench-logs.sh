#!/usr/bin/env bash
# Build pm in release mode, then benchmark `pm timeline import` on a
# generated 1 GB log (gzip and plain) against `gzip -dc | grep` and `grep`
# in the same run, and the write of 10,000 entries against a git commit.
#
#   bash scripts/bench-logs.sh                  # 1 GB log, 3 runs each (a few minutes)
#   BENCH_LOG_MB=100 bash scripts/bench-logs.sh # a smaller log
#
# See docs/performance.md for the latest figures.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cargo build --release --quiet --manifest-path "$root/Cargo.toml" --bin pm
exec python3 "$root/scripts/bench_logs.py"
