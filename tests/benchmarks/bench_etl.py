"""Throughput of the ETL's per-report work against quantulum3 on the same generated corpus.

Run on demand: `python tests/benchmarks/bench_etl.py [--reports N] [--quantulum N]`.
It generates ~430-word reports from the sentence shapes of the bundled corpus (figures and dates
drawn from a seeded RNG), times ingest + mentions + observations (+ events) in one process, times
quantulum3's parser on a sample of the same texts, and prints reports/s/core for each and the
ratio. Results go to tests/benchmarks/results/etl.json. Medians of repeated runs are reported, as
these machines are shared and noisy.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

from etl.extract import extract_report
from etl.ingest import parse_report

RESULTS = Path(__file__).parent / "results" / "etl.json"

SENTENCES = [
    "Out of {total} districts and district centers in the country, the insurgents have taken control of {hedge} {fraction}.",
    "The Taliban have taken control of {small} border crossings in the last week, including those connecting Afghanistan to Tajikistan.",
    "The United States Central Command announced on {weekday} that {pct} percent of US troops and equipment have left Afghanistan.",
    "The Taliban seized control of numerous areas from fleeing Afghan forces on {weekday}, with {vague} of them escaping into Tajikistan.",
    "The crossing is located around {km} kilometers ({km2} kilometers) west of Herat, the provincial capital.",
    "According to UNHCR, about {displaced} people have been displaced since the start of the year.",
    "Officials said the Taliban now control more than {count} districts, up from {count2} a month ago.",
    "The war, which began in 2001, has lasted almost 20 years and cost more than ${money} billion.",
    "A Taliban spokesman claimed the group controls {pct2} percent of Afghan territory.",
    "Residents said the fighting began at 10 pm and lasted until the early hours of the morning.",
    "Aid agencies warned that between {low} and {high} families had fled their homes in the province.",
    "The second convoy reached the city on {date_words}, officials said.",
    "Border guards reported that {soldiers} Afghan soldiers crossed into Tajikistan overnight.",
    "Some countries have closed their consulates in the region as a result of the Taliban's victories.",
    "Kunduz fell to the Taliban on {weekday}, the first of several provincial capitals to be taken.",
]
FILLER = (
    "Analysts cautioned that the situation on the ground was changing quickly and that figures from "
    "both sides were hard to verify independently. Diplomats in the capital met to discuss the "
    "security of their missions, while traders waited for the roads to reopen."
)


def generate(n: int, seed: int = 7) -> list[bytes]:
    rng = random.Random(seed)
    reports = []
    for i in range(n):
        day = dt.date(2021, 5, 1) + dt.timedelta(days=rng.randrange(120))
        parts = []
        words = 0
        while words < 420:
            template = rng.choice(SENTENCES)
            sentence = template.format(
                total=rng.choice([398, 407, 419, 421]),
                hedge=rng.choice(["nearly", "about", "more than", "almost"]),
                fraction=rng.choice(["a third", "half", "two-thirds", "a quarter"]),
                small=rng.choice(["two", "three", "four", "5"]),
                weekday=rng.choice(["Monday", "Tuesday", "Wednesday", "Sunday"]),
                pct=rng.randrange(10, 100),
                pct2=rng.randrange(50, 90),
                vague=rng.choice(["several hundred", "dozens", "hundreds", "a few"]),
                km=rng.randrange(10, 200),
                km2=rng.randrange(10, 300),
                displaced=f"{rng.randrange(100, 500)},000",
                count=rng.randrange(50, 200),
                count2=rng.randrange(20, 50),
                money=rng.randrange(1, 3000),
                low=rng.randrange(100, 300),
                high=rng.randrange(300, 900),
                date_words=f"{rng.randrange(1, 28)} July",
                soldiers=f"{rng.randrange(100, 1500):,}",
            )
            parts.append(sentence)
            if rng.random() < 0.3:
                parts.append(FILLER)
            words = sum(len(p.split()) for p in parts)
        body = " ".join(parts)
        reports.append(
            f"date {day.isoformat()} Generated report {i}\nsource: generated\n\n{body}\n".encode()
        )
    return reports


def time_etl(reports: list[bytes]) -> float:
    start = time.perf_counter()
    for n, raw in enumerate(reports):
        extract_report(parse_report(raw, f"gen_{n}.txt"))
    return time.perf_counter() - start


def time_quantulum(texts: list[str]) -> float:
    from quantulum3 import parser

    parser.parse(texts[0])  # loads its models; not part of the per-report cost
    start = time.perf_counter()
    for text in texts:
        parser.parse(text)
    return time.perf_counter() - start


def main() -> int:
    args = argparse.ArgumentParser(description=__doc__)
    args.add_argument("--reports", type=int, default=2000)
    args.add_argument("--quantulum", type=int, default=100, help="reports to time quantulum3 on")
    args.add_argument("--repeat", type=int, default=5)
    options = args.parse_args()

    reports = generate(options.reports)
    words = statistics.mean(len(r.split()) for r in reports)
    time_etl(reports[:50])  # warm caches and compiled regexes
    etl_runs = [options.reports / time_etl(reports) for _ in range(options.repeat)]
    texts = [r.decode() for r in reports[: options.quantulum]]
    q_runs = [options.quantulum / time_quantulum(texts) for _ in range(max(1, options.repeat // 2))]
    etl_rate, q_rate = statistics.median(etl_runs), statistics.median(q_runs)
    result = {
        "reports": options.reports,
        "mean_words_per_report": round(words, 1),
        "cores_used": 1,
        "machine_cores": os.cpu_count(),
        "etl_reports_per_s_per_core": round(etl_rate, 1),
        "etl_runs": [round(r, 1) for r in etl_runs],
        "quantulum3_reports_per_s_per_core": round(q_rate, 2),
        "quantulum3_runs": [round(r, 2) for r in q_runs],
        "ratio": round(etl_rate / q_rate, 1),
        "python": sys.version.split()[0],
    }
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(result, indent=2) + "\n")
    print(f"generated reports: {options.reports} (mean {words:.0f} words)")
    print(
        f"ETL ingest+mentions+observations+events: {etl_rate:,.0f} reports/s/core (median of {len(etl_runs)})"
    )
    print(
        f"quantulum3 parse:                        {q_rate:,.1f} reports/s/core (median of {len(q_runs)})"
    )
    print(f"ratio: {etl_rate / q_rate:,.0f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
