"""Sentence-level uncertainty: how well do `hedge` findings mark uncertain sentences?

Reads a TSV with the columns ``sentence``, ``uncertain`` (0/1) and ``cues`` (cue words
separated by `` | ``), as in the CoNLL-2010 / Szeged uncertainty corpus. A sentence
counts as uncertain when ``coursekit.analyze`` finds at least one ``hedge`` in it.

Only ``hedge`` findings count. ``vague-attribution`` findings (*reportedly*, *seen by
some*) say who is speaking rather than how sure the statement is; the line
"with vague-attribution" shows what counting them would change. Agentless epistemic
passives (*is believed*, *is thought*) are hedges in the lexicon: they mark the
proposition as uncertain, which is how the corpus annotates them.

Prints precision, recall and F1 of the uncertain class, and cue-level agreement
(of the corpus cue words, how many lie inside a hedge finding; of the hedge findings
in labelled-uncertain sentences, how many contain a corpus cue).

Usage::

    python benchmarks/hedge_eval.py [PATH.tsv] [--errors N]

Without a path it reads ``../shared/eval/uncertainty-wiki-dev.tsv`` relative to the
repository, and exits cleanly with a message when that file is absent.
"""

from __future__ import annotations

import argparse
import csv
import sys
from collections import Counter
from pathlib import Path

__all__ = ["evaluate", "main"]

DEFAULT = (
    Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "uncertainty-wiki-dev.tsv"
)


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def evaluate(path: Path, errors: int = 0) -> dict[str, float]:
    """Score the hedge analyser on one TSV file and print the results."""
    from coursekit.analysis import analyze

    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    tp = fp = fn = tn = 0
    tp_v = fp_v = fn_v = 0
    cue_total = cue_hit = 0
    found_total = found_hit = 0
    fp_cues: Counter[str] = Counter()
    fn_cues: Counter[str] = Counter()
    examples: list[str] = []
    for row in rows:
        sentence = row["sentence"]
        gold = row["uncertain"].strip() == "1"
        report = analyze(sentence)
        hedges = report.by_kind("hedge")
        vague = report.by_kind("vague-attribution")
        pred = bool(hedges)
        pred_v = pred or bool(vague)
        tp += pred and gold
        fp += pred and not gold
        fn += gold and not pred
        tn += not gold and not pred
        tp_v += pred_v and gold
        fp_v += pred_v and not gold
        fn_v += gold and not pred_v
        cues = [c.strip() for c in row.get("cues", "").split(" | ") if c.strip()]
        low = sentence.lower()
        spans = [(h.start, h.end) for h in hedges]
        for cue in cues:
            cue_total += 1
            pos = low.find(cue.lower())
            inside = pos >= 0 and any(s <= pos < e or pos <= s < pos + len(cue) for s, e in spans)
            cue_hit += inside
            if not inside:
                fn_cues[cue.lower()] += 1
        if gold:
            for h in hedges:
                found_total += 1
                found_hit += any(
                    h.text.lower() in c.lower() or c.lower() in h.text.lower() for c in cues
                )
        if pred and not gold:
            for h in hedges:
                fp_cues[h.text.lower()] += 1
            if len(examples) < errors:
                examples.append(f"FP [{', '.join(h.text for h in hedges)}] {sentence}")
        if gold and not pred and len(examples) < errors:
            examples.append(f"FN [{row.get('cues', '')}] {sentence}")
    p, r, f = _prf(tp, fp, fn)
    pv, rv, fv = _prf(tp_v, fp_v, fn_v)
    print(f"file: {path}")
    print(f"sentences: {len(rows)}  labelled uncertain: {tp + fn}")
    print(
        f"hedge only:              precision {p:.3f}  recall {r:.3f}  F1 {f:.3f}"
        f"  (tp {tp}, fp {fp}, fn {fn}, tn {tn})"
    )
    print(f"with vague-attribution:  precision {pv:.3f}  recall {rv:.3f}  F1 {fv:.3f}")
    cue_recall = cue_hit / cue_total if cue_total else 0.0
    cue_precision = found_hit / found_total if found_total else 0.0
    print(
        f"cue level: {cue_hit}/{cue_total} corpus cues inside a hedge finding ({cue_recall:.3f}); "
        f"{found_hit}/{found_total} hedge findings in uncertain sentences match a corpus cue "
        f"({cue_precision:.3f})"
    )
    print(
        "most frequent hedge cues in false positives:",
        ", ".join(f"{c} {n}" for c, n in fp_cues.most_common(15)),
    )
    print(
        "most frequent corpus cues missed:",
        ", ".join(f"{c} {n}" for c, n in fn_cues.most_common(15)),
    )
    for line in examples:
        print(line)
    return {
        "precision": p,
        "recall": r,
        "f1": f,
        "cue_recall": cue_recall,
        "cue_precision": cue_precision,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=DEFAULT)
    parser.add_argument("--errors", type=int, default=0, help="print this many error examples")
    args = parser.parse_args(argv)
    path = args.path.resolve()
    if not path.exists():
        print(f"skipped: no evaluation file at {path} (pass a TSV path to score another file).")
        return 0
    evaluate(path, errors=args.errors)
    return 0


if __name__ == "__main__":
    sys.exit(main())
