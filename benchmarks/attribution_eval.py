"""Attribution cues: precision, recall and F1 of `attribution` + `vague-attribution` cue spans.

Gold data is either the small hand-labelled set below (written for coursekit; cue
words in square brackets, speakers in braces) or a JSON Lines file with one object
per text: ``{"text": "...", "cues": [[start, end], ...]}`` (PARC-style cue spans).

A predicted cue is correct when it overlaps a gold cue span (one-to-one); the
"exact" line requires identical offsets. Speaker agreement is reported on the hand
set: a predicted ``source`` is right when it overlaps the gold speaker span.

With ``--polnear`` (the default when ``../shared/eval/polnear-dev/`` exists next to the
repository) it scores the PolNeAR development split: ``cues.tsv`` holds one row per
annotated cue span (``article``, ``start``, ``end``, ``cue``; a discontinuous cue has one
row per piece) and ``text/<article>.txt`` the articles. Matching is by overlap, one
predicted span to one gold span; the script prints precision, recall, F1 and the 20 most
frequent missed cues and false alarms (``--examples N`` adds N of each in context). It
only measures: it asserts nothing, and it skips cleanly when the data is not there.

Usage::

    python benchmarks/attribution_eval.py              # hand sets + PolNeAR dev if present
    python benchmarks/attribution_eval.py PATH.jsonl   # a JSON Lines gold file
    python benchmarks/attribution_eval.py --polnear DIR  # a PolNeAR-style folder
"""

from __future__ import annotations

import argparse
import csv
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

__all__ = ["FRESH", "HAND_SET", "HELD_OUT", "load_polnear", "parse_marked", "score"]

POLNEAR_DEFAULT = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "polnear-dev"
ATTRIBUTION_KINDS = frozenset({"attribution", "vague-attribution"})

# Written for this benchmark (not taken from any corpus). [cue] and {speaker}.
HAND_SET = [
    "{The foreign minister} [said] on Tuesday that talks would resume next month.",
    '"We are ready to sign," [said] {Maria Lopez}, the union\'s negotiator.',
    "[According to] {the city council}, the bridge will reopen in March.",
    "{Police} [told] reporters that two people had been arrested.",
    "{The company} [announced] record profits but [warned] that costs were rising.",
    "{Analysts} [expect] the central bank to hold rates steady.",
    "{Some economists} [argued] that the tax cut came too late.",
    "The report, which was published in May, runs to 300 pages.",
    "{The spokesman} [declined to comment] on the claims.",
    "{She} [added] that the school would stay open during repairs.",
    "Turnout was higher than in the last election.",
    "{Officials familiar with the plan} [said] the deal could be signed this week.",
    "{The mayor} [insisted] the budget was balanced, [noting] that reserves had grown.",
    "{The ministry} [confirmed] the figures in a statement on Friday.",
    "The talks ended without agreement, [according to] {a person present}.",
    "{Residents} [complained] about the noise for months.",
    "The museum reopened after a two-year renovation.",
    "{The prime minister} [wrote] on social media that the vote was a victory.",
]

# Written after the rules above were tuned on HAND_SET, and not used for tuning: an
# honest check of how the rules generalise.
HELD_OUT = [
    "{Witnesses} [described] a loud bang shortly before midnight.",
    "The strike will go ahead, {union leaders} [said] late on Sunday.",
    "{The agency}'s director [acknowledged] that the software had failed twice.",
    "{Investors} [are worried] that the merger will be blocked.",
    "In a letter to staff, {the chief executive} [promised] no further job cuts.",
    '"It is too early to say," {a senior diplomat} [told] {the BBC}.',
    "The festival drew 40,000 visitors, up from 30,000 last year.",
    "{Critics} [claim] the new rules will raise prices.",
    "{The court} [ruled] that the dismissal was unlawful.",
    "{Dr. Amina Yusuf}, who led the study, [cautioned] against drawing firm conclusions.",
    "The minister's reported remarks caused a stir in parliament.",
    "{He} [asked] whether the money had been spent as promised.",
    "{The opposition} [accused] the government of hiding the figures.",
    "Rain is forecast for the weekend across the north.",
]

# Written last, after all tuning, and run once: the fairest of the three estimates.
FRESH = [
    "{The health minister} [announced] a new vaccination campaign on Thursday.",
    "Prices rose 2 per cent in October, [according to] {the statistics office}.",
    "{Two former employees} [alleged] that safety checks were skipped.",
    "The bridge, which opened in 1932, carries 40,000 vehicles a day.",
    '"This is a historic day," {the president} [declared] at the ceremony.',
    "{Local farmers} [fear] the drought will last into spring.",
    "{The report}'s authors [recommended] closing two of the five plants.",
    "{A government spokeswoman} [denied] that talks had broken down.",
    "Snow closed the mountain pass for three days last week.",
    "{Sources close to the negotiations} [say] a deal is near.",
    "{He} [said] he would not run again, [adding] that his family came first.",
    "{The central bank} kept interest rates unchanged, [citing] weak growth.",
]

_MARK = re.compile(r"\[([^\]]+)\]|\{([^}]+)\}")


def parse_marked(marked: str) -> tuple[str, list[tuple[int, int]], list[tuple[int, int]]]:
    """Strip [cue] and {speaker} marks; return the text, cue spans and speaker spans."""
    text_parts: list[str] = []
    cues: list[tuple[int, int]] = []
    speakers: list[tuple[int, int]] = []
    pos = 0
    length = 0
    for m in _MARK.finditer(marked):
        text_parts.append(marked[pos : m.start()])
        length += m.start() - pos
        inner = m.group(1) if m.group(1) is not None else m.group(2)
        (cues if m.group(1) is not None else speakers).append((length, length + len(inner)))
        text_parts.append(inner)
        length += len(inner)
        pos = m.end()
    text_parts.append(marked[pos:])
    return "".join(text_parts), cues, speakers


def _overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def load_polnear(folder: Path) -> list[tuple[str, list[tuple[int, int]]]]:
    """Read a PolNeAR-style folder: ``cues.tsv`` plus ``text/<article>.txt``."""
    gold: dict[str, list[tuple[int, int]]] = {}
    with (folder / "cues.tsv").open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE):
            gold.setdefault(row["article"], []).append((int(row["start"]), int(row["end"])))
    items = []
    for path in sorted((folder / "text").glob("*.txt")):
        items.append((path.read_text(encoding="utf-8"), sorted(gold.get(path.stem, []))))
    return items


def score(
    items: list[tuple[str, list[tuple[int, int]]]], *, collect: bool = False
) -> dict[str, Any]:
    """Score predicted cue spans against gold spans; return counts and P/R/F1.

    With ``collect`` the result also holds ``misses`` and ``false_alarms``: Counters of
    the (lower-cased) cue text of unmatched gold and predicted spans.
    """
    from coursekit.analysis import analyze

    tp = fp = fn = exact = 0
    misses: Counter[str] = Counter()
    false_alarms: Counter[str] = Counter()
    miss_examples: list[str] = []
    false_alarm_examples: list[str] = []
    for text, gold in items:
        found = [(f.start, f.end) for f in analyze(text).findings if f.kind in ATTRIBUTION_KINDS]
        unmatched = list(gold)
        for span in found:
            hit = next((g for g in unmatched if _overlaps(span, g)), None)
            if hit is None:
                fp += 1
                if collect:
                    false_alarms[" ".join(text[span[0] : span[1]].lower().split())] += 1
                    false_alarm_examples.append(_in_context(text, span))
            else:
                tp += 1
                exact += span == hit
                unmatched.remove(hit)
        fn += len(unmatched)
        if collect:
            for a, b in unmatched:
                misses[" ".join(text[a:b].lower().split())] += 1
                miss_examples.append(_in_context(text, (a, b)))
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    result: dict[str, Any] = {
        "tp": tp,
        "fp": fp,
        "fn": fn,
        "exact": exact,
        "precision": p,
        "recall": r,
        "f1": f,
    }
    if collect:
        result["misses"] = misses
        result["false_alarms"] = false_alarms
        result["miss_examples"] = miss_examples
        result["false_alarm_examples"] = false_alarm_examples
    return result


def _in_context(text: str, span: tuple[int, int], width: int = 90) -> str:
    """The cue in [[double brackets]] with up to ``width`` characters either side, one line."""
    a, b = span
    left = text[max(0, a - width) : a]
    right = text[b : b + width // 2]
    return " ".join(f"{left}[[{text[a:b]}]]{right}".split())


def _speaker_agreement(marked_set: list[str]) -> tuple[int, int]:
    from coursekit.analysis import analyze

    right = total = 0
    for marked in marked_set:
        text, cues, speakers = parse_marked(marked)
        for f in analyze(text).findings:
            if f.kind not in {"attribution", "vague-attribution"} or f.source_start is None:
                continue
            if not any(_overlaps((f.start, f.end), c) for c in cues):
                continue
            total += 1
            right += any(_overlaps((f.source_start, f.source_end), s) for s in speakers)
    return right, total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("path", nargs="?", type=Path, default=None)
    parser.add_argument(
        "--polnear",
        type=Path,
        default=None,
        help=f"PolNeAR-style folder (default: {POLNEAR_DEFAULT} when it exists)",
    )
    parser.add_argument("--top", type=int, default=20, help="how many misses/false alarms")
    parser.add_argument(
        "--examples",
        type=int,
        default=0,
        help="also print this many misses and false alarms in context (every k-th one, "
        "spread over the articles)",
    )
    args = parser.parse_args(argv)
    if args.polnear is not None or (args.path is None and POLNEAR_DEFAULT.exists()):
        folder = (args.polnear or POLNEAR_DEFAULT).resolve()
        if not (folder / "cues.tsv").exists():
            print(f"skipped: no PolNeAR data at {folder}.")
        else:
            items = load_polnear(folder)
            result = score(items, collect=True)
            _report(f"PolNeAR {folder.name} ({len(items)} articles)", result)
            print(f"{args.top} most frequent misses:")
            print("  " + ", ".join(f"{c!r} {n}" for c, n in result["misses"].most_common(args.top)))
            print(f"{args.top} most frequent false alarms:")
            print(
                "  "
                + ", ".join(f"{c!r} {n}" for c, n in result["false_alarms"].most_common(args.top))
            )
            if args.examples > 0:
                for label, key in (
                    ("misses", "miss_examples"),
                    ("false alarms", "false_alarm_examples"),
                ):
                    examples = result[key]
                    step = max(1, len(examples) // args.examples)
                    shown = min(args.examples, len(examples))
                    print(f"{label} in context ({shown} of {len(examples)}):")
                    for example in examples[::step][: args.examples]:
                        print(f"  {example}")
        if args.polnear is not None:
            return 0
    elif args.path is None:
        print(f"PolNeAR: skipped (no data at {POLNEAR_DEFAULT.resolve()}).")
    if args.path is not None:
        if not args.path.exists():
            print(f"skipped: no file at {args.path}.")
            return 0
        items = []
        with args.path.open(encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    obj = json.loads(line)
                    items.append((obj["text"], [tuple(c) for c in obj["cues"]]))
        label = str(args.path)
    else:
        for name, marked_set in (
            ("hand-labelled set", HAND_SET),
            ("held-out set", HELD_OUT),
            ("fresh set", FRESH),
        ):
            items = [parse_marked(m)[:2] for m in marked_set]
            _report(f"{name} ({len(marked_set)} sentences)", score(items))
            right, total = _speaker_agreement(marked_set)
            print(f"speakers: {right}/{total} matched cues have the right speaker span")
        return 0
    _report(label, score(items))
    return 0


def _report(label: str, result: dict[str, Any]) -> None:
    print(f"{label}: {result['tp'] + result['fn']} gold cues")
    print(
        f"cue spans (overlap): precision {result['precision']:.3f}  recall {result['recall']:.3f}  "
        f"F1 {result['f1']:.3f}  (tp {result['tp']}, fp {result['fp']}, fn {result['fn']}; "
        f"{result['exact']} of the matches exact)"
    )


if __name__ == "__main__":
    sys.exit(main())
