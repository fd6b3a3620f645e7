"""Small helpers shared by the benchmark scripts (not part of the package)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "samruean-2569.txt"
ENV = {**os.environ, "PYTHAINLP_OFFLINE": "1"}


def best_of(fn: Callable[[], object], repeat: int = 5) -> float:
    """The fastest of ``repeat`` runs, in seconds (the least disturbed by the machine)."""
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return min(times)


def in_fresh_process(code: str, repeat: int = 3) -> dict[str, float]:
    """Run ``code`` (which prints a JSON dict of timings) in new interpreters; keep the best of each key."""
    best: dict[str, float] = {}
    for _ in range(repeat):
        argv = [sys.executable, "-c", code]
        out = subprocess.run(argv, capture_output=True, text=True, env=ENV, check=True)
        for k, v in json.loads(out.stdout.strip().splitlines()[-1]).items():
            best[k] = min(v, best.get(k, float("inf")))
    return best


def wall(argv: list[str], repeat: int = 3) -> float:
    """Best wall time of a whole command (start-up included), in seconds."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        subprocess.run(argv, capture_output=True, env=ENV, check=True)
        best = min(best, time.perf_counter() - t0)
    return best


def row(name: str, seconds: float, baseline: float | None = None, base_name: str = "") -> str:
    ratio = f"  {seconds / baseline:6.2f}× {base_name}" if baseline else ""
    return f"{name:<58} {seconds * 1000:10.1f} ms{ratio}"
