"""How well the reader reads real published reports: precision, recall and F1 on the development set.

Runs `offensive-metrics extract` on the cached texts of tests/data/realnews/ (see its README for
the cache) and compares the observations with labels.jsonl, made by ../shared/LABELING.md.

- Scored: the ten default metrics. A label of metric `other` is a distractor: an observation
  that lands on one is a false positive, listed as such.
- A figure matches a label when report and metric agree and the value is within 2% of the label's,
  or, for vague, hedged or ranged wording (qualifier other than exact) with both bounds stated,
  inside the label's bounds. Each label is matched at most once; a second observation of a figure
  already matched (a headline restating the body) is a repeat, neither right nor wrong.
- Observations derived by the reader (share x total, derived_from set) are not stated figures, so
  labels never hold them; they are left out of the score and counted, and the precision they would
  give as false positives is printed beside it.
- as_of (and period_start) accuracy is measured on the matches.

    python tests/benchmarks/bench_accuracy.py [--misses] [--json OUT] [--only REPORT...] [--reader DIR]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
DEVSET = ROOT / "tests" / "data" / "realnews"
TEXTS = DEVSET / "texts"
LABELS = DEVSET / "labels.jsonl"
METRICS = (
    "districts_total",
    "districts_controlled_count",
    "districts_controlled_share",
    "provincial_capitals_controlled",
    "border_crossings_seized",
    "withdrawal_percent",
    "foreign_troops_remaining",
    "soldiers_fled_abroad",
    "people_displaced",
    "civilians_killed",
)
TOLERANCE = 0.02


def load_labels(path: Path = LABELS) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]


def extract(files: list[Path], reader: Path = ROOT) -> list[dict]:
    """Every observation `offensive-metrics extract` prints for these files, run from the checkout
    `reader` (another checkout, e.g. a git worktree of an older commit, scores that version)."""
    command = [sys.executable, "-m", "etl", "extract", *map(str, files), "--format", "jsonl"]
    done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=reader)
    if done.returncode:
        sys.exit(f"offensive-metrics extract failed in {reader}:\n{done.stderr[-2000:]}")
    return [json.loads(line) for line in done.stdout.splitlines() if line.strip()]


def matches(observation: dict, label: dict) -> bool:
    value, target = observation["value"], label["value"]
    if value is None:
        return False
    if abs(value - target) <= TOLERANCE * max(abs(target), 1e-9):
        return True
    low, high = label["low"], label["high"]
    bounded = label["qualifier"] != "exact" and low is not None and high is not None
    return bounded and low <= value <= high


def score(labels: list[dict], observations: list[dict]) -> dict:
    """Match observations to labels report by report; the counts and the cases behind them."""
    gold = defaultdict(list)
    distractors = defaultdict(list)
    for label in labels:
        (gold if label["metric"] in METRICS else distractors)[label["report"]].append(label)
    scored = [o for o in observations if o["metric"] in METRICS and not o.get("derived_from")]
    derived = [o for o in observations if o["metric"] in METRICS and o.get("derived_from")]
    used: set[int] = set()
    true_positive: list[tuple[dict, dict]] = []
    false_positive: list[tuple[dict, dict | None]] = []
    repeats = 0
    for obs in sorted(scored, key=lambda o: (o["report"], o["start"])):
        candidates = [
            lab
            for lab in gold[obs["report"]]
            if lab["metric"] == obs["metric"] and matches(obs, lab)
        ]
        fresh = [lab for lab in candidates if id(lab) not in used]
        if fresh:
            best = min(fresh, key=lambda lab: abs(lab["value"] - obs["value"]))
            used.add(id(best))
            true_positive.append((obs, best))
        elif candidates:
            repeats += 1
        else:
            hit = next(
                (d for d in distractors[obs["report"]] if matches(obs, d)),
                None,
            )
            false_positive.append((obs, hit))
    misses = [lab for labs in gold.values() for lab in labs if id(lab) not in used]
    return {
        "tp": true_positive,
        "fp": false_positive,
        "fn": misses,
        "repeats": repeats,
        "derived": derived,
    }


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def summary(result: dict) -> dict:
    per_metric = {}
    tp = Counter(o["metric"] for o, _ in result["tp"])
    fp = Counter(o["metric"] for o, _ in result["fp"])
    fn = Counter(lab["metric"] for lab in result["fn"])
    for metric in METRICS:
        p, r, f = _prf(tp[metric], fp[metric], fn[metric])
        per_metric[metric] = {
            "tp": tp[metric],
            "fp": fp[metric],
            "fn": fn[metric],
            "precision": round(p, 3),
            "recall": round(r, 3),
            "f1": round(f, 3),
        }
    total_tp, total_fp, total_fn = len(result["tp"]), len(result["fp"]), len(result["fn"])
    p, r, f = _prf(total_tp, total_fp, total_fn)
    as_of_right = sum(o["as_of"] == lab["as_of"] for o, lab in result["tp"])
    period_right = sum(o.get("period_start") == lab["period_start"] for o, lab in result["tp"])
    p_derived, _, f_derived = _prf(total_tp, total_fp + len(result["derived"]), total_fn)
    return {
        "overall": {
            "tp": total_tp,
            "fp": total_fp,
            "fn": total_fn,
            "precision": round(p, 3),
            "recall": round(r, 3),
            "f1": round(f, 3),
            "as_of_right": round(as_of_right / total_tp, 3) if total_tp else 0.0,
            "period_start_right": round(period_right / total_tp, 3) if total_tp else 0.0,
            "repeats": result["repeats"],
            "derived_left_out": len(result["derived"]),
            "precision_if_derived_were_false": round(p_derived, 3),
            "f1_if_derived_were_false": round(f_derived, 3),
        },
        "per_metric": per_metric,
    }


def _line(obs_or_label: dict) -> str:
    return json.dumps(
        {k: obs_or_label.get(k) for k in ("metric", "value", "as_of", "period_start", "surface")},
        ensure_ascii=False,
    )


def print_report(result: dict, stats: dict, show_cases: bool) -> None:
    overall = stats["overall"]
    print(f"{'metric':32} {'tp':>4} {'fp':>4} {'fn':>4} {'prec':>6} {'rec':>6} {'f1':>6}")
    for metric, row in stats["per_metric"].items():
        print(
            f"{metric:32} {row['tp']:4} {row['fp']:4} {row['fn']:4}"
            f" {row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f}"
        )
    print(
        f"{'overall':32} {overall['tp']:4} {overall['fp']:4} {overall['fn']:4}"
        f" {overall['precision']:6.3f} {overall['recall']:6.3f} {overall['f1']:6.3f}"
    )
    print(
        f"as_of right on {overall['as_of_right']:.1%} of matches, period_start on"
        f" {overall['period_start_right']:.1%}; {overall['repeats']} repeats;"
        f" {overall['derived_left_out']} derived observations left out (counted as false"
        f" positives: precision {overall['precision_if_derived_were_false']:.3f},"
        f" F1 {overall['f1_if_derived_were_false']:.3f})"
    )
    if not show_cases:
        return
    print("\n## misses (labels not found)")
    for label in sorted(result["fn"], key=lambda lab: (lab["metric"], lab["report"])):
        print(f"  {label['report']}: {_line(label)}  # {label['note']}")
    print("\n## false positives")
    for obs, distractor in sorted(result["fp"], key=lambda p: (p[0]["metric"], p[0]["report"])):
        why = f"  [distractor: {distractor['note']}]" if distractor else ""
        print(f"  {obs['report']}: {_line(obs)} rule={obs['rule']}{why}")
        print(f"      > {obs['sentence'][:220]}")
    print("\n## wrong dates on matches")
    for obs, label in result["tp"]:
        if obs["as_of"] != label["as_of"] or obs.get("period_start") != label["period_start"]:
            print(
                f"  {obs['report']}: {obs['metric']} {obs['value']} as_of {obs['as_of']}"
                f" (label {label['as_of']}), period_start {obs.get('period_start')}"
                f" (label {label['period_start']})  surface={label['surface']!r}"
            )


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--misses", action="store_true", help="list misses, false positives, dates")
    parser.add_argument("--json", type=Path, help="write the numbers to this file")
    parser.add_argument("--only", nargs="*", help="score only these report files")
    parser.add_argument(
        "--reader",
        type=Path,
        default=ROOT,
        help="checkout whose reader to score (default: this one); e.g. `git worktree add "
        "/tmp/before <commit>` then --reader /tmp/before",
    )
    args = parser.parse_args(argv)
    labels = load_labels()
    reports = sorted({label["report"] for label in labels})
    if args.only:
        reports = [r for r in reports if r in set(args.only)]
    missing = [r for r in reports if not (TEXTS / r).is_file()]
    if missing:
        print(
            f"{len(missing)} cached texts are missing (see {DEVSET / 'README.md'}): {missing[:5]}"
        )
    present = [r for r in reports if r not in missing]
    if not present:
        return 1
    labels = [lab for lab in labels if lab["report"] in set(present)]
    observations = extract([TEXTS / r for r in present], args.reader.resolve())
    result = score(labels, observations)
    stats = summary(result)
    print(f"{len(present)} reports, {len(labels)} labels")
    print_report(result, stats, args.misses)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(stats, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
