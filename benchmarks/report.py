"""What a run leaves behind: results/latest.json (a flat object metric → number, merged as each
benchmark finishes), results/latest.meta.json (how each was measured, what failed), the printed
table beside the committed reference run (results/reference.json), and the reference itself.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import traceback
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path

from benchmarks.harness import Benchmark, Outcome

RESULTS_DIR = Path(__file__).resolve().parent / "results"
RESULTS = RESULTS_DIR / "latest.json"
META = RESULTS_DIR / "latest.meta.json"  # how each metric was measured (not numbers)
REFERENCE = RESULTS_DIR / "reference.json"
REPO = Path(__file__).resolve().parents[1]


def failure_summary(exc: BaseException) -> str:
    """`Type: message (file:line in function)`, at the deepest frame of our own code."""
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [f for f in frames if f.filename.startswith(str(REPO)) and "/.venv/" not in f.filename]
    where = ""
    if ours or frames:
        frame = (ours or frames)[-1]
        name = os.path.relpath(frame.filename, REPO) if ours else Path(frame.filename).name
        where = f" ({name}:{frame.lineno} in {frame.name})"
    # SQLAlchemy appends the statement and its parameters: the driver's message says enough
    message = " ".join(str(exc).split()).split(" [SQL: ")[0]
    if len(message) > 300:
        message = message[:300] + " …"
    return f"{type(exc).__name__}: {message}{where}"


def _read_json(path: Path) -> dict[str, object]:
    try:
        data = json.loads(path.read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def git_commit() -> str:
    try:
        done = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"],
            capture_output=True,
            timeout=5,
            check=True,
            cwd=REPO,
        )
    except (OSError, subprocess.SubprocessError):
        return ""
    return done.stdout.decode().strip()


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def save(name: str, outcome: Outcome, wall_s: float) -> None:
    """Merge one benchmark's figures into latest.json (the others' stay) and note how they were
    measured; called as soon as the benchmark ends, so a later failure loses nothing."""
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    results = {k: v for k, v in _read_json(RESULTS).items() if isinstance(v, int | float)}
    results.update(outcome.metrics)
    meta = _read_json(META)
    runs = meta.get("benchmarks")
    runs = runs if isinstance(runs, dict) else {}
    runs[name] = {
        "at": _now(),
        "git_commit": git_commit(),
        "cpus": os.cpu_count(),
        "wall_s": round(wall_s, 1),
        "metrics": sorted(outcome.metrics),
        "notes": outcome.notes,
        "failures": outcome.failures,
    }
    RESULTS.write_text(json.dumps(dict(sorted(results.items())), indent=2) + "\n")
    META.write_text(json.dumps({"benchmarks": runs}, indent=2, ensure_ascii=False) + "\n")


def reference_metrics() -> dict[str, float]:
    metrics = _read_json(REFERENCE).get("metrics")
    if not isinstance(metrics, dict):
        return {}
    return {k: float(v) for k, v in metrics.items() if isinstance(v, int | float)}


def write_reference(
    outcomes: Mapping[str, Outcome],
    options: Mapping[str, object],
    wall_s: float,
    note: str = "",
) -> None:
    """This run becomes the reference (its metrics merged over the old reference's, so a run
    of some benchmarks updates theirs), with the machine and commit it ran on and how busy the
    machine was meanwhile (figures taken beside other work are rough)."""
    metrics = reference_metrics()
    for outcome in outcomes.values():
        metrics.update(outcome.metrics)
    document = {
        "date": _now(),
        "git_commit": git_commit(),
        "machine": {
            "cpus": os.cpu_count(),
            "python": platform.python_version(),
            "system": f"{platform.system()} {platform.machine()}",
        },
        "options": dict(options),
        "benchmarks": sorted(outcomes),
        "wall_s": round(wall_s),
        "machine_load": {
            name: o.notes.get("machine CPU over the whole benchmark (incl. waits)", "")
            for name, o in sorted(outcomes.items())
        },
        "metrics": dict(sorted(metrics.items())),
    }
    if note:
        document["note"] = note
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    REFERENCE.write_text(json.dumps(document, indent=2, ensure_ascii=False) + "\n")


def _format(value: float | None) -> str:
    if value is None:
        return "—"
    if abs(value) >= 100:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:.2f}"
    return f"{value:.3f}"


def table(outcomes: Mapping[str, Outcome], benchmarks: Mapping[str, Benchmark]) -> tuple[str, bool]:
    """The printed report (each figure beside the reference run's), and whether every target
    was met."""
    reference = reference_metrics()
    rows: list[tuple[str, str, str, str, str]] = []
    all_met = True
    for name, outcome in outcomes.items():
        targets = benchmarks[name].targets
        for metric, value in outcome.metrics.items():
            target = targets.get(metric)
            status = ""
            if target is not None:
                met = target.met(value)
                all_met &= met
                status = "ok" if met else "MISSED"
            ref = _format(reference[metric]) if metric in reference else ""
            rows.append((metric, _format(value), ref, str(target or ""), status))
        for failure in outcome.failures:
            rows.append((name, "FAILED", "", "", failure))
    header = ("metric", "value", "reference", "target", "status")
    widths = [max(len(r[i]) for r in [header, *rows]) for i in range(4)]
    lines = [
        f"{header[0]:<{widths[0]}}  {header[1]:>{widths[1]}}  {header[2]:>{widths[2]}}  "
        f"{header[3]:<{widths[3]}}  {header[4]}",
        "-" * (sum(widths) + 8 + len("status")),
    ]
    lines += [
        f"{m:<{widths[0]}}  {v:>{widths[1]}}  {r:>{widths[2]}}  {t:<{widths[3]}}  {s}"
        for m, v, r, t, s in rows
    ]
    for name, outcome in outcomes.items():
        lines.append("")
        lines.append(f"{name}:")
        lines += [f"  {key}: {text}" for key, text in outcome.notes.items()]
    return "\n".join(lines), all_met
