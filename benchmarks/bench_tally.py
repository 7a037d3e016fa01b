"""Time the teacher's tally of a class: 300 hand-in files by default.

Generates a class of random hand-ins (fixed seed) against the real quiz file in
a temporary folder, then prints

* the whole command as a teacher runs it (``python -m kickback_edu.tally``, a
  fresh interpreter: imports, reading, report, CSVs and the figure), and
* ``tally()`` in a warm process (median of 5), with and without the figure.

The target is under 2 s for 300 files. Not a test: CI does not fail on a time.
Run with ``make bench`` or ``python benchmarks/bench_tally.py [--files N]``.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from kickback_edu.progress import EXERCISES, question_signature
from kickback_edu.quiz import load_quiz_bank
from kickback_edu.tally import compute_tally, tally


def write_class(folder: Path, n: int, seed: int = 1) -> None:
    """``n`` hand-in files, each answering a random subset of every question."""
    rng = random.Random(seed)
    bank = load_quiz_bank()
    items = [(q.quiz, q.question_id, question_signature(q.text, [c.text for c in q.choices]),
              [c.text for c in q.choices]) for q in bank.questions]
    items += [(e.quiz, e.question_id, e.signature, [c[0] for c in e.choices])
              for e in EXERCISES.values()]
    for i in range(n):
        answers = [{"quiz": quiz, "question_id": qid, "signature": sig,
                    "first": rng.choice(choices), "latest": rng.choice(choices),
                    "attempts": rng.randint(1, 4)}
                   for quiz, qid, sig, choices in items if rng.random() < 0.9]
        doc = {"format": "kickback-handin", "version": 1, "pseudonym": f"learner-{i:03d}",
               "answers": answers}
        (folder / f"kickback-handin-learner-{i:03d}.json").write_text(json.dumps(doc))


def median_s(fn: Callable[[], object], repeat: int = 5) -> float:
    """Median wall time of ``fn`` in seconds, after one warm-up call."""
    fn()  # warm-up
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    """Generate the class, time the tally, print the figures."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=300)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder, out = Path(tmp) / "handins", Path(tmp) / "report"
        folder.mkdir()
        write_class(folder, args.files)
        start = time.perf_counter()
        subprocess.run([sys.executable, "-m", "kickback_edu.tally", str(folder),
                        "--out", str(out)], check=True, capture_output=True)
        cold = time.perf_counter() - start
        warm = median_s(lambda: tally(folder, out))
        bare = median_s(lambda: tally(folder, out, figure=False))
        compute = median_s(lambda: compute_tally(folder))
    n = args.files
    print(f"tally of {n} hand-in files (target: under 2 s)")
    print(f"  python -m kickback_edu.tally, fresh interpreter, report + CSVs + figure: "
          f"{cold:.2f} s")
    print(f"  tally() in a warm process, report + CSVs + figure: {warm:.3f} s")
    print(f"  tally() in a warm process, report + CSVs, no figure: {bare:.3f} s")
    print(f"  compute_tally() only (read and count): {compute:.3f} s "
          f"({1e3 * compute / n:.2f} ms per file)")


if __name__ == "__main__":
    main()
