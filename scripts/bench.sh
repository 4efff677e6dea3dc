#!/usr/bin/env bash
# Build pm and the repository generator in release mode, then benchmark
# pm at 1,000, 10,000 and 50,000 post-mortems and print a Markdown table.
#
#   bash scripts/bench.sh                 # all sizes (about 10 minutes)
#   BENCH_SIZES=10000 bash scripts/bench.sh
#
# See docs/performance.md for what is measured and the latest figures
# (pm search is measured against `grep -ril WORD` over the same files).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cargo build --release --quiet --manifest-path "$root/Cargo.toml" --bin pm --example generate
exec python3 "$root/scripts/bench.py"
