#!/usr/bin/env python3
"""Fit the evidence model's weights (src/lint/rules/signals.yaml).

    scripts/fit-blame-weights.py [--write] [--pm PATH] [--report FILE.tsv ...]

Fits an L2-regularised logistic regression on the development split of the
blame corpus (tests/lint/corpus/dev.tsv) only: the features of each
sentence come from `pm lint --eval dev.tsv --features`. Features seen in
fewer than MIN_COUNT sentences get no weight. The words of a sentence
(`w:word`) and its pairs of words in a row (`w:failed~to`) are features
too; their weights go to signals-words.tsv, more strongly regularised
(WORD_L2) than the signals'. Deterministic: plain
batch gradient descent from zero, no randomness; needs numpy.

--write    rewrite the `weights:` block of signals.yaml (keeps the rest)
--report   print, for other labelled files (the validation split), what the
           thresholds in signals.yaml would give: recall and false errors
           (simulated from the features, without the words' tier and the
           gate on the rules that guess; `pm lint --eval` is the real check)

Never pass the test split to --report while choosing thresholds: it is
held out (see docs/lint-rules.md).
"""
import math
import os

import numpy as np
import re
import subprocess
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
SIGNALS = os.path.join(ROOT, "src", "lint", "rules", "signals.yaml")
WORDS = os.path.join(ROOT, "src", "lint", "rules", "signals-words.tsv")
TRAIN = os.path.join(ROOT, "tests", "lint", "corpus", "dev.tsv")
MIN_COUNT = 4
L2 = float(os.environ.get("PM_FIT_L2", "1.0"))
WORD_L2 = float(os.environ.get("PM_FIT_WORD_L2", "10.0"))
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
    ys = np.array([1.0 if b else 0.0 for b, _, _ in rows])
    lengths = np.array([len(x) for x in xs])
    cols = np.array([i for x in xs for i in x], dtype=np.int64)
    row_of = np.repeat(np.arange(len(xs)), lengths)
    l2 = np.array([WORD_L2 if f.startswith("w:") else L2 for f in names])
    w = np.zeros(len(names))
    bias = 0.0
    n = len(rows)
    for _ in range(STEPS):
        z = bias + np.bincount(row_of, weights=w[cols], minlength=n)
        p = 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))
        d = p - ys
        grad = np.bincount(cols, weights=d[row_of], minlength=len(names))
        bias -= RATE * d.sum() / n
        w -= RATE * (grad / n + l2 * w / n)
    return bias, {f: float(w[i]) for f, i in index.items()}


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
        if abs(weights[f]) >= 0.005 and not f.startswith("w:"):
            lines.append(f"  {f}: {weights[f]:.3f}")
    with open(SIGNALS, "w", encoding="utf-8") as out:
        out.write(head + "\n".join(lines) + "\n")
    words = open(WORDS, encoding="utf-8").read()
    words_head = "".join(l for l in words.splitlines(keepends=True) if l.startswith("#"))
    with open(WORDS, "w", encoding="utf-8") as out:
        out.write(words_head)
        for f in sorted(weights):
            if f.startswith("w:") and abs(weights[f]) >= 0.005:
                # "w:failed~to", a pair of words, is written "failed to".
                out.write(f"{f[2:].replace('~', ' ')}\t{weights[f]:.3f}\n")


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
        words = sum(f.startswith("w:") for f in weights)
        print(
            f"wrote {len(weights) - words} signal weights to {os.path.relpath(SIGNALS, ROOT)}"
            f" and {words} word weights to {os.path.relpath(WORDS, ROOT)}"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
