"""`make bench` / `python -m benchmarks.run [name ...]`: start the stack once, run the registered
benchmarks (all, or the named ones), merge their metrics into benchmarks/results/latest.json (a flat
object metric → number) and print a table against the targets.

Add a benchmark: a module exposing `BENCHMARK = Benchmark(...)` (see gateway_overhead.py), listed
in `REGISTERED` below.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

from benchmarks import (
    daily_report,
    gate,
    gateway_overhead,
    pwa,
    registry_people,
    supplies_orders,
)
from benchmarks.harness import (
    Benchmark,
    BenchmarkError,
    CpuMeter,
    Options,
    Outcome,
    Stack,
    Target,
)

REGISTERED: tuple[Benchmark, ...] = (
    gateway_overhead.BENCHMARK,
    gate.BENCHMARK,
    registry_people.BENCHMARK,
    supplies_orders.BENCHMARK,
    daily_report.BENCHMARK,
    pwa.BENCHMARK,
)
BENCHMARKS = {b.name: b for b in REGISTERED}

RESULTS_DIR = Path(__file__).resolve().parent / "results"
RESULTS = RESULTS_DIR / "latest.json"
META = RESULTS_DIR / "latest.meta.json"  # how each metric was measured (not numbers)


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.run", description=__doc__)
    parser.add_argument("names", nargs="*", metavar="name", help=f"any of: {', '.join(BENCHMARKS)}")
    parser.add_argument("--duration", type=float, default=8.0, help="measured seconds per phase")
    parser.add_argument("--warmup", type=float, default=2.0, help="warm-up seconds per phase")
    parser.add_argument("--connections", type=int, default=32)
    parser.add_argument("--generator", choices=["auto", "wrk", "python"], default="auto")
    parser.add_argument(
        "--no-access-log", action="store_true", help="run the services with *_ACCESS_LOG=false"
    )
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=60.0,
        help="seconds to wait per phase for other processes to leave the CPUs alone (0: no wait)",
    )
    parser.add_argument("--keep-data", action="store_true", help="keep the data folder and logs")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument("--list", action="store_true", help="list the benchmarks and exit")
    args = parser.parse_args(argv)
    unknown = [n for n in args.names if n not in BENCHMARKS]
    if unknown:
        parser.error(f"unknown benchmark(s) {', '.join(unknown)}; known: {', '.join(BENCHMARKS)}")
    if not 0 < args.duration <= 120 or not 0 <= args.warmup <= 60:
        parser.error("--duration must be in (0, 120] and --warmup in [0, 60] seconds")
    if not 0 <= args.quiet_wait <= 600:
        parser.error("--quiet-wait must be in [0, 600] seconds")
    if not 1 <= args.connections <= 1024:
        parser.error("--connections must be in [1, 1024]")
    return args


def _read_json(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def _git_commit() -> str:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], capture_output=True, timeout=5, check=True
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.decode().strip()


def save(outcomes: dict[str, Outcome]) -> None:
    """Merge into latest.json (other benchmarks' metrics stay) and note how they were measured."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    results = {k: v for k, v in _read_json(RESULTS).items() if isinstance(v, int | float)}
    meta = _read_json(META)
    runs = meta.get("benchmarks")
    runs = runs if isinstance(runs, dict) else {}
    now = datetime.now(UTC).isoformat(timespec="seconds")
    for name, outcome in outcomes.items():
        results.update(outcome.metrics)
        runs[name] = {
            "at": now,
            "git_commit": _git_commit(),
            "cpus": os.cpu_count(),
            "metrics": sorted(outcome.metrics),
            "notes": outcome.notes,
        }
    RESULTS.write_text(json.dumps(dict(sorted(results.items())), indent=2) + "\n")
    META.write_text(json.dumps({"benchmarks": runs}, indent=2, ensure_ascii=False) + "\n")


def _format(value: float) -> str:
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def table(outcomes: dict[str, Outcome]) -> tuple[str, bool]:
    """The printed report, and whether every target was met."""
    rows: list[tuple[str, str, str, str]] = []
    all_met = True
    for name, outcome in outcomes.items():
        targets: dict[str, Target] = dict(BENCHMARKS[name].targets)
        for metric, value in outcome.metrics.items():
            target = targets.get(metric)
            status = ""
            if target is not None:
                met = target.met(value)
                all_met &= met
                status = "ok" if met else "MISSED"
            rows.append((metric, _format(value), str(target or ""), status))
    widths = [max(len(r[i]) for r in [("metric", "value", "target", ""), *rows]) for i in range(4)]
    lines = [
        f"{'metric':<{widths[0]}}  {'value':>{widths[1]}}  {'target':<{widths[2]}}  status",
        "-" * (sum(widths) + 6 + len("status")),
    ]
    lines += [f"{m:<{widths[0]}}  {v:>{widths[1]}}  {t:<{widths[2]}}  {s}" for m, v, t, s in rows]
    for name, outcome in outcomes.items():
        lines.append("")
        lines.append(f"{name}:")
        lines += [f"  {key}: {text}" for key, text in outcome.notes.items()]
    return "\n".join(lines), all_met


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.list:
        for b in REGISTERED:
            print(f"{b.name:<24} {b.description}")
        return 0
    options = Options(
        duration_s=args.duration,
        warmup_s=args.warmup,
        connections=args.connections,
        generator=args.generator,
        access_log=not args.no_access_log,
        quiet_wait_s=args.quiet_wait,
    )
    selected = [BENCHMARKS[n] for n in args.names] or list(REGISTERED)
    outcomes: dict[str, Outcome] = {}
    failed: list[str] = []
    print(f"starting the stack ({os.cpu_count()} CPUs) …", flush=True)
    try:
        with Stack(access_log=options.access_log, keep_data=args.keep_data) as stack:
            print(f"ready: {', '.join(f'{n} pid {p}' for n, p in stack.pids().items())}")
            for benchmark in selected:
                print(f"\n== {benchmark.name}: {benchmark.description}", flush=True)
                try:
                    with CpuMeter(stack.pids()) as meter:
                        outcome = benchmark.run(stack, options)
                    outcome.notes.setdefault(
                        "machine CPU over the whole benchmark (incl. waits)",
                        f"{meter.busy_share:.0%} busy, {meter.foreign_share:.0%} used by other "
                        f"processes (of {os.cpu_count()} cores)",
                    )
                    outcomes[benchmark.name] = outcome
                except BenchmarkError as exc:
                    print(f"{benchmark.name} failed: {exc}", file=sys.stderr)
                    failed.append(benchmark.name)
    except KeyboardInterrupt:
        print("\ninterrupted; the services were stopped", file=sys.stderr)
        return 130
    except BenchmarkError as exc:
        print(f"the stack did not start: {exc}", file=sys.stderr)
        return 1
    if outcomes:
        save(outcomes)
        report, all_met = table(outcomes)
        print(f"\n{report}\n\nwritten to {os.path.relpath(RESULTS)}")
    else:
        all_met = False
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
        return 1
    return 1 if args.check and not all_met else 0


if __name__ == "__main__":
    sys.exit(main())
