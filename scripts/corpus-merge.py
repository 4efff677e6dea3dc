#!/usr/bin/env python3
"""Merge a batch of labelled sentences into the blame corpus's three splits.

    scripts/corpus-merge.py BATCH.tsv "batch NN: what it holds, who collected it" [--dry | --out DIR]

BATCH.tsv has four tab-separated columns, no header:
label (blame, ok or unsure), family/kind, source URL, sentence (verbatim).

Each row goes to the split its URL already sits in (a document is never
split across dev, validation and test); a new URL goes by the first four
bytes of the SHA-256 of the URL, big-endian, modulo 100: below 50 dev,
below 70 validation, else test. Rows with a malformed line, an unknown
label, a sentence already in the corpus, or one sharing a run of eight
words with a sentence of another split (a mirror or a quotation of a
document there) are skipped and counted.
The batch's comment line is written above its rows in each split file.
--dry prints the counts and writes nothing; --out DIR writes the batch's
rows of each split to DIR/<split>.tsv instead, to score the batch unseen
(`pm lint --eval DIR/test.tsv`) before it is merged.
"""
import hashlib
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
CORPUS = os.path.join(ROOT, "tests", "lint", "corpus")
SPLITS = ["dev", "validation", "test"]
LABELS = {"blame", "ok", "unsure"}


def split_of_new(url):
    n = int.from_bytes(hashlib.sha256(url.encode("utf-8")).digest()[:4], "big") % 100
    return "dev" if n < 50 else "validation" if n < 70 else "test"


def shingles(sentence):
    """The runs of eight words of a sentence: a sentence sharing one with a
    document of another split is a mirror or a quotation of it (a leak)."""
    w = re.findall(r"\w+", sentence.lower())
    return {" ".join(w[i:i + 8]) for i in range(len(w) - 7)}


def main():
    argv = sys.argv[1:]
    out = None
    if "--out" in argv:
        i = argv.index("--out")
        out = argv[i + 1] if i + 1 < len(argv) else sys.exit("--out needs a folder")
        del argv[i:i + 2]
    args = [a for a in argv if a != "--dry"]
    dry = "--dry" in argv
    if len(args) != 2:
        sys.exit(__doc__)
    batch, comment = args
    if "\n" in comment:
        sys.exit("the comment must be one line")
    where, seen, split_of_shingle = {}, set(), {}
    for s in SPLITS:
        with open(os.path.join(CORPUS, s + ".tsv"), encoding="utf-8") as f:
            for line in f:
                if line.startswith("#"):
                    continue
                cols = line.rstrip("\n").split("\t")
                if len(cols) == 4:
                    where.setdefault(cols[2], s)
                    seen.add(cols[3].strip())
                    for g in shingles(cols[3]):
                        split_of_shingle.setdefault(g, set()).add(s)
    rows = {s: [] for s in SPLITS}
    skipped = {"malformed": 0, "label": 0, "duplicate": 0, "in another split": 0}
    new_urls = set()
    with open(batch, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n").rstrip("\r")
            if not line.strip() or line.startswith("#"):
                continue
            cols = line.split("\t")
            if len(cols) != 4 or not all(c.strip() for c in cols):
                skipped["malformed"] += 1
                continue
            label, kind, url, sentence = (c.strip() for c in cols)
            if label not in LABELS:
                skipped["label"] += 1
                continue
            if sentence in seen:
                skipped["duplicate"] += 1
                continue
            seen.add(sentence)
            if url not in where:
                new_urls.add(url)
            split = where.get(url) or split_of_new(url)
            others = set().union(*(split_of_shingle.get(g, ()) for g in shingles(sentence)))
            if others - {split}:
                skipped["in another split"] += 1
                continue
            rows[split].append("\t".join((label, kind, url, sentence)))
    for s in SPLITS:
        labels = [r.split("\t", 1)[0] for r in rows[s]]
        print(f"{s}: {len(rows[s])} rows ({labels.count('blame')} blame, "
              f"{labels.count('ok')} ok, {labels.count('unsure')} unsure)")
    print(f"new URLs: {len(new_urls)}; skipped: {skipped}")
    if dry:
        return
    if out:
        os.makedirs(out, exist_ok=True)
        for s in SPLITS:
            with open(os.path.join(out, s + ".tsv"), "w", encoding="utf-8") as f:
                f.write("# " + comment + "\n# " + s + " rows of the batch, not merged\n")
                f.write("".join(r + "\n" for r in rows[s]))
        return
    for s in SPLITS:
        if rows[s]:
            with open(os.path.join(CORPUS, s + ".tsv"), "a", encoding="utf-8") as f:
                f.write("# " + comment + "\n")
                f.write("\n".join(rows[s]) + "\n")


if __name__ == "__main__":
    main()
