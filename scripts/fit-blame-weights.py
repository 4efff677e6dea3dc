#!/usr/bin/env python3
"""Fit the evidence model's weights (src/lint/rules/signals.yaml).

    scripts/fit-blame-weights.py [--write] [--pm PATH] [--report FILE.tsv ...]

Fits an L2-regularised logistic regression on the development split of the
blame corpus (tests/lint/corpus/dev.tsv) only: the features of each
sentence come from `pm lint --eval dev.tsv --features`. Features seen in
fewer than MIN_COUNT sentences get no weight. Deterministic: plain batch
gradient descent from zero, no randomness, no dependencies.

--write    rewrite the `weights:` block of signals.yaml (keeps the rest)
--report   print, for other labelled files (the validation split), what the
           thresholds in signals.yaml would give: recall and false errors
           (simulated from the features; `pm lint --eval` is the real check)

Never pass the test split to --report while choosing thresholds: it is
held out (see docs/lint-rules.md).
"""
import math
import os
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIGNALS = os.path.join(ROOT, "src", "lint", "rules", "signals.yaml")
TRAIN = os.path.join(ROOT, "tests", "lint", "corpus", "dev.tsv")
MIN_COUNT = 4
L2 = 1.0
STEPS = 4000
RATE = 0.5


def features(pm, path):
    out = subprocess.run(
        [pm, "lint", "--eval", path, "--features"],
        check=True, capture_output=True, text=True,
    ).stdout
    rows = []
    for line in out.splitlines():
        label, family, feats = (line.split("\t") + ["", ""])[:3]
        rows.append((label == "blame", family, set(feats.split())))
    return rows


def fit(rows):
    counts = {}
    for _, _, fs in rows:
        for f in fs:
            counts[f] = counts.get(f, 0) + 1
    names = sorted(f for f, c in counts.items() if c >= MIN_COUNT)
    index = {f: i for i, f in enumerate(names)}
    xs = [[index[f] for f in fs if f in index] for _, _, fs in rows]
    ys = [1.0 if b else 0.0 for b, _, _ in rows]
    w = [0.0] * len(names)
    bias = 0.0
    n = len(rows)
    for _ in range(STEPS):
        grad = [0.0] * len(names)
        gbias = 0.0
        for x, y in zip(xs, ys):
            z = bias + sum(w[i] for i in x)
            p = 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))
            d = p - y
            gbias += d
            for i in x:
                grad[i] += d
        bias -= RATE * gbias / n
        for i in range(len(w)):
            w[i] -= RATE * (grad[i] / n + L2 * w[i] / n)
    return bias, {f: w[i] for f, i in index.items()}


def thresholds():
    text = open(SIGNALS, encoding="utf-8").read()
    warn = float(re.search(r"^  warning: (-?[\d.]+)", text, re.M).group(1))
    return warn, None


def simulate(rows, bias, weights, warn, keep):
    caught = blaming = false_errors = false_warnings = blameless = 0
    for blame, _, fs in rows:
        z = bias + sum(weights.get(f, 0.0) for f in fs)
        rule = "rule:error" in fs or "rule:warning" in fs
        flagged = rule or z >= warn
        error = "rule:error" in fs
        if blame:
            blaming += 1
            caught += flagged
        else:
            blameless += 1
            false_errors += error
            false_warnings += flagged and not error
    return caught / max(blaming, 1), false_errors / max(blameless, 1), false_warnings / max(blameless, 1)


def write(bias, weights):
    text = open(SIGNALS, encoding="utf-8").read()
    head = text[: text.index("\nweights:\n")]
    lines = ["", "weights:", f"  bias: {bias:.3f}"]
    for f in sorted(weights):
        if abs(weights[f]) >= 0.005:
            lines.append(f"  {f}: {weights[f]:.3f}")
    with open(SIGNALS, "w", encoding="utf-8") as out:
        out.write(head + "\n".join(lines) + "\n")


def main(argv):
    pm = os.path.join(ROOT, "target", "release", "pm")
    if "--pm" in argv:
        pm = argv[argv.index("--pm") + 1]
    rows = features(pm, TRAIN)
    bias, weights = fit(rows)
    warn, keep = thresholds()
    print(f"trained on {len(rows)} sentences of {os.path.relpath(TRAIN, ROOT)}, {len(weights)} features")
    r, fe, fw = simulate(rows, bias, weights, warn, keep)
    print(f"dev (fitted on): recall {r:.3f} false errors {fe:.3f} false warnings {fw:.3f}")
    if "--report" in argv:
        for path in argv[argv.index("--report") + 1:]:
            if path.startswith("--"):
                break
            r, fe, fw = simulate(features(pm, path), bias, weights, warn, keep)
            print(f"{path}: recall {r:.3f} false errors {fe:.3f} false warnings {fw:.3f}")
    if "--write" in argv:
        write(bias, weights)
        print(f"wrote {len(weights)} weights to {os.path.relpath(SIGNALS, ROOT)}")


if __name__ == "__main__":
    main(sys.argv[1:])
