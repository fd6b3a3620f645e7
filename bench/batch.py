"""Batch runs over many files: parallel speed-up, the cost of writing to a database, memory.

    python bench/batch.py [--files 200]

Builds N born-digital inputs in a temporary folder (copies of the fixture PDFs,
the .docx and the text sample, each made a distinct file; no scans) and, in one
run, measures (wall time of the whole command, start-up included; peak memory
is the largest sum of the resident memory of the command's process tree):

1. ``check DIR --jobs 1`` vs ``--jobs 2`` (target: ≥ 1.8× faster on 2 cores);
2. ``import DIR`` into SQLite and into PostgreSQL vs ``check DIR`` alone, both
   with ``--jobs 2`` (import parses and checks too; target: writing adds ≤ 20%);
3. peak memory of ``import`` over N files vs over N/10 (target ≤ 1.3×).
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

from _util import ENV, ROOT

sys.path.insert(0, str(ROOT))
from tests._pg import postgres, reset

SOURCES = [
    ROOT / "tests" / "data" / "pdf" / "laksaman.pdf",
    ROOT / "tests" / "data" / "pdf" / "garuda.pdf",
    ROOT / "tests" / "data" / "pdf" / "norasi.pdf",
    ROOT / "tests" / "data" / "pdf" / "arabic_digits.pdf",
    ROOT / "tests" / "data" / "docx" / "laksaman.docx",
    ROOT / "samples" / "samruean-2569.txt",
]


def build(folder: Path, n: int) -> None:
    folder.mkdir(parents=True)
    rnd = random.Random(n)
    for i in range(n):
        src = SOURCES[i % len(SOURCES)]
        data = src.read_bytes()
        if src.suffix == ".pdf":
            data += f"\n% copy {i}\n".encode()  # a distinct file; readers ignore trailing comments
        elif src.suffix == ".txt":
            data = data.replace("มีผลคะแนน ๙๖.๗๙".encode(), f"มีผลคะแนน ๙๖.{rnd.randint(10, 99)}".encode())
            data += f"\n{i}".encode()
        else:
            data = data  # the same Word file: imported once, its copies recorded as paths
        (folder / f"{i:04d}{src.suffix}").write_bytes(data)


def tree_rss(pid: int) -> int:
    """Resident memory (bytes) of pid and all its descendants."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as fh:
                    fields = fh.read().rsplit(")", 1)[1].split()
                parents[int(entry)] = int(fields[1])
            except (OSError, ValueError, IndexError):
                continue
    family, frontier = {pid}, [pid]
    while frontier:
        p = frontier.pop()
        for child, parent in parents.items():
            if parent == p and child not in family:
                family.add(child)
                frontier.append(child)
    total = 0
    for p in family:
        try:
            with open(f"/proc/{p}/statm") as fh:
                total += int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
        except (OSError, ValueError):
            continue
    return total


def measure(argv: list[str]) -> tuple[float, int]:
    """Wall seconds and peak tree memory of a command."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, cwd=ROOT)
    peak = 0
    done = threading.Event()

    def watch() -> None:
        nonlocal peak
        while not done.is_set():
            peak = max(peak, tree_rss(proc.pid))
            time.sleep(0.05)

    watcher = threading.Thread(target=watch, daemon=True)
    watcher.start()
    _, err = proc.communicate()
    done.set()
    watcher.join()
    seconds = time.perf_counter() - t0
    if proc.returncode not in (0, 1):
        raise SystemExit(f"{' '.join(argv)} failed ({proc.returncode}):\n{err.decode()[-2000:]}")
    return seconds, peak


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--files", type=int, default=200)
    n = ap.parse_args().files
    cli = [sys.executable, "-m", "ita_parse"]
    tmp = Path(tempfile.mkdtemp(prefix="ita-bench-"))
    try:
        big, small = tmp / f"n{n}", tmp / f"n{n // 10}"
        build(big, n)
        build(small, n // 10)
        print(
            f"python {sys.version.split()[0]}, {os.cpu_count()} cpus, {n} files "
            f"({', '.join(s.suffix for s in SOURCES)} copies)"
        )

        one, _ = measure([*cli, "check", str(big), "--jobs", "1", "--format", "jsonl"])
        two, _ = measure([*cli, "check", str(big), "--jobs", "2", "--format", "jsonl"])
        print(
            f"\n1. check --jobs 1: {one:7.1f} s   --jobs 2: {two:7.1f} s   speed-up {one / two:.2f}× "
            "(target >= 1.8)"
        )

        sqlite_db = tmp / "ita.db"
        imp_sqlite, _ = measure([*cli, "import", str(big), "--jobs", "2", "--db", f"sqlite:///{sqlite_db}"])
        print("\n2. writing to a database (both --jobs 2; check parses and checks as import does)")
        print(f"   check alone (baseline)   {two:7.1f} s")
        print(f"   import into SQLite       {imp_sqlite:7.1f} s   {imp_sqlite / two:.2f}× (target <= 1.20)")
        with postgres() as cluster:
            if cluster is None:
                print("   import into PostgreSQL   (no server available)")
            else:
                reset(cluster.url)
                imp_pg, _ = measure([*cli, "import", str(big), "--jobs", "2", "--db", cluster.url])
                print(f"   import into PostgreSQL   {imp_pg:7.1f} s   {imp_pg / two:.2f}× (target <= 1.20)")

        small_db, big_db = tmp / "small.db", tmp / "big.db"
        _, mem_small = measure([*cli, "import", str(small), "--jobs", "2", "--db", f"sqlite:///{small_db}"])
        _, mem_big = measure([*cli, "import", str(big), "--jobs", "2", "--db", f"sqlite:///{big_db}"])
        print(
            f"\n3. peak memory of import (process tree): {n // 10} files {mem_small / 2**20:7.1f} MB, "
            f"{n} files {mem_big / 2**20:7.1f} MB, ratio {mem_big / mem_small:.2f} (target <= 1.3)"
        )
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
