"""`make bench` / `python -m benchmarks.run [name ...]`: start the stack once, run the registered
benchmarks (all, or the named ones) and, as each one ends, merge its metrics into
benchmarks/results/latest.json (a flat object metric → number). A benchmark that fails is
reported with its traceback's summary and the others still run; the run then exits 1 (and with
`--check`, also when a target is missed). The printed table sets each figure beside the
reference run committed in benchmarks/results/reference.json (`--write-reference` replaces it).

Add a benchmark: a module exposing `BENCHMARK = Benchmark(...)` (see gateway_overhead.py), listed
in `REGISTERED` below.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import traceback
from collections.abc import Generator, Sequence

from benchmarks import (
    bundle_poll,
    daily_report,
    gate,
    gateway_overhead,
    positive_trace,
    pwa,
    registry_people,
    replicas,
    sampling,
    supplies_orders,
)
from benchmarks.harness import (
    Benchmark,
    BenchmarkError,
    CpuMeter,
    Options,
    Outcome,
    Stack,
)
from benchmarks.report import REFERENCE, RESULTS, failure_summary, save, table, write_reference

REGISTERED: tuple[Benchmark, ...] = (
    gateway_overhead.BENCHMARK,
    gate.BENCHMARK,
    bundle_poll.BENCHMARK,
    registry_people.BENCHMARK,
    supplies_orders.BENCHMARK,
    daily_report.BENCHMARK,
    positive_trace.BENCHMARK,
    pwa.BENCHMARK,
    replicas.BENCHMARK,
    sampling.BENCHMARK,
)
BENCHMARKS = {b.name: b for b in REGISTERED}


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
        default=Options.quiet_wait_s,
        help="seconds to wait per phase for other processes to leave the CPUs alone (0: no wait)",
    )
    parser.add_argument("--keep-data", action="store_true", help="keep the data folder and logs")
    parser.add_argument("--check", action="store_true", help="exit 1 when a target is missed")
    parser.add_argument(
        "--write-reference",
        action="store_true",
        help="make this run (if nothing failed) the reference in results/reference.json",
    )
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


def _run_one(stack: Stack, benchmark: Benchmark, options: Options) -> Outcome:
    """The benchmark's outcome; any exception becomes a failure of this benchmark alone."""
    try:
        with CpuMeter(stack.pids()) as meter:
            outcome = benchmark.run(stack, options)
    except KeyboardInterrupt:
        raise
    except Exception as exc:  # whatever broke, the other benchmarks still run
        if not isinstance(exc, BenchmarkError):
            traceback.print_exc(file=sys.stderr)
        summary = failure_summary(exc)
        print(f"{benchmark.name} failed: {summary}", file=sys.stderr, flush=True)
        return Outcome(metrics={}, failures=[summary])
    outcome.notes.setdefault(
        "machine CPU over the whole benchmark (incl. waits)",
        f"{meter.busy_share:.0%} busy, {meter.foreign_share:.0%} used by other "
        f"processes (of {os.cpu_count()} cores)",
    )
    for failure in outcome.failures:
        print(f"{benchmark.name}: {failure}", file=sys.stderr, flush=True)
    return outcome


def _dead_services(stack: Stack) -> list[str]:
    return [name for name, p in stack.processes.items() if p.poll() is not None]


def _stacks(options: Options, keep_data: bool) -> Generator[Stack, None, None]:
    """Stacks, one after another: a new one after a benchmark failed or left a service dead."""
    while True:
        print(f"starting the stack ({os.cpu_count()} CPUs) …", flush=True)
        with Stack(access_log=options.access_log, keep_data=keep_data) as stack:
            print(f"ready: {', '.join(f'{n} pid {p}' for n, p in stack.pids().items())}")
            yield stack


def run_all(selected: Sequence[Benchmark], options: Options, keep_data: bool) -> dict[str, Outcome]:
    outcomes: dict[str, Outcome] = {}
    pending = list(selected)
    stacks = _stacks(options, keep_data)
    try:
        while pending:
            try:
                stack = next(stacks)
            except BenchmarkError as exc:
                summary = f"the stack did not start: {failure_summary(exc)}"
                print(summary, file=sys.stderr)
                for benchmark in pending:
                    outcomes[benchmark.name] = Outcome(metrics={}, failures=[summary])
                break
            while pending:
                benchmark = pending.pop(0)
                print(f"\n== {benchmark.name}: {benchmark.description}", flush=True)
                started = time.monotonic()
                outcome = _run_one(stack, benchmark, options)
                wall = time.monotonic() - started
                outcome.notes["wall time"] = f"{wall:.0f} s"
                dead = _dead_services(stack)
                if dead:
                    outcome.failures.append(f"{', '.join(dead)} exited during the benchmark")
                    stack.print_logs()
                outcomes[benchmark.name] = outcome
                save(benchmark.name, outcome, wall)
                report, _ = table({benchmark.name: outcome}, BENCHMARKS)
                print(f"{report}\n(merged into {os.path.relpath(RESULTS)})", flush=True)
                if outcome.failures and pending:
                    # A failed benchmark can leave work running in the services (an import the
                    # gateway gave up on at its long timeout kept the registry's SQLite write
                    # lock, and the next two benchmarks failed on it): the rest get a new stack.
                    print("  a new stack for the benchmarks that follow a failure", flush=True)
                    break
    finally:
        stacks.close()
    return outcomes


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
    started = time.monotonic()
    try:
        outcomes = run_all(selected, options, args.keep_data)
    except KeyboardInterrupt:
        print("\ninterrupted; the services were stopped", file=sys.stderr)
        return 130
    wall = time.monotonic() - started
    report, all_met = table(outcomes, BENCHMARKS)
    print(f"\n== all benchmarks, {wall / 60:.1f} min\n{report}\n")
    print(f"written to {os.path.relpath(RESULTS)}")
    failed = {name: o.failures for name, o in outcomes.items() if o.failures}
    for name, failures in failed.items():
        print(f"FAILED {name}: {'; '.join(failures)}", file=sys.stderr)
    if args.write_reference:
        if failed:
            print("the reference was not written: a benchmark failed", file=sys.stderr)
        else:
            write_reference(
                outcomes,
                {
                    "duration_s": options.duration_s,
                    "warmup_s": options.warmup_s,
                    "connections": options.connections,
                    "quiet_wait_s": options.quiet_wait_s,
                    "access_log": options.access_log,
                },
                wall,
            )
            print(f"written to {os.path.relpath(REFERENCE)}")
    if failed:
        return 1
    return 1 if args.check and not all_met else 0


if __name__ == "__main__":
    sys.exit(main())
