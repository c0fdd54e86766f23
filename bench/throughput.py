"""Throughput of the whole pipeline, next to an OpenCC-only pass over the same files.

Builds a synthetic archive (default 1,000 pages in issues of 20 pages) from the
sample pages in ``seeds/``: blocks are shuffled between pages, some pages get
ASCII punctuation, mastheads and jump markers.  Then it times, in one run:

* OpenCC only: read and decode each file, convert it with ``t2s``;
* the pipeline on one core: read, normalise and export (json, txt, md), with
  the CPU milliseconds per page of each of the three steps (and the export's
  wall-clock time, which includes waiting for the disk to sync the files);
* the pipeline with ``--jobs N`` worker processes (default 2).

    python bench/throughput.py [--pages 1000] [--issue-pages 20] [--jobs 2] [--seed 1]
"""

from __future__ import annotations

import argparse
import random
import shutil
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from normalizer.cli import settle_loaded_tables  # noqa: E402
from normalizer.config import Config  # noqa: E402
from normalizer.engine import normalise_issue  # noqa: E402
from normalizer.export import export_issue  # noqa: E402
from normalizer.reading import decode, discover, read_issue  # noqa: E402

MASTHEAD = "2025年11月18日 星期二\n\n乙巳年九月廿九 第{n}期 今日八版\n\n"


def seed_blocks() -> list[str]:
    blocks: list[str] = []
    for path in sorted((ROOT / "seeds").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        blocks.extend(b.strip() for b in text.split("\n\n") if b.strip())
    return blocks


def make_page(rng: random.Random, blocks: list[str], number: int, issue_no: int) -> str:
    start = rng.randrange(len(blocks))
    count = rng.randint(35, 60)
    chosen = [blocks[(start + i) % len(blocks)] for i in range(count)]
    if rng.random() < 0.4:  # ASCII punctuation, as some extractors write it
        chosen = [b.replace("，", ",").replace("：", ":").replace("（", "(").replace("）", ")") for b in chosen]
    if rng.random() < 0.3:
        k = rng.randrange(len(chosen))
        chosen.insert(k, f"(下转第{rng.randint(2, 8)}版)")
    if rng.random() < 0.3:
        chosen.insert(rng.randrange(len(chosen)), f"(上接第{rng.randint(1, 4)}版)")
    head = MASTHEAD.format(n=22000 + issue_no) if number == 1 else ""
    return head + "\n\n".join(chosen) + "\n"


def build_archive(root: Path, pages: int, issue_pages: int, seed: int) -> tuple[list[Path], int]:
    rng = random.Random(seed)
    blocks = seed_blocks()
    files: list[Path] = []
    size = 0
    issues = max(1, pages // issue_pages)
    for i in range(issues):
        folder = root / f"issue{i:04d}"
        folder.mkdir(parents=True)
        for p in range(1, issue_pages + 1):
            path = folder / f"page{p:02d}.txt"
            data = make_page(rng, blocks, p, i).encode("utf-8")
            path.write_bytes(data)
            size += len(data)
            files.append(path)
    return files, size


def opencc_only(files: list[Path]) -> float:
    import opencc

    converter = opencc.OpenCC("t2s")
    t0 = time.perf_counter()
    for path in files:
        text, _ = decode(path.read_bytes())
        converter.convert(text)
    return time.perf_counter() - t0


def run_one(source, config: Config, out: str, times: dict[str, float] | None = None) -> int:
    """Read, normalise and export one issue; return its page count.  With
    ``times``, add the CPU seconds of each step to ``read``, ``normalise`` and
    ``export``, and the wall-clock seconds of the export (which waits for the
    disk) to ``export_wall``."""
    cpu = time.process_time
    settle_loaded_tables()  # as the command line does before each issue
    t0 = cpu()
    issue, _ = read_issue(source, config.max_bytes)
    if issue is None:
        return 0
    t1 = cpu()
    normalise_issue(issue, config)
    t2, w2 = cpu(), time.perf_counter()
    export_issue(issue, Path(out), ("json", "txt", "md"))
    if times is not None:
        times["read"] += t1 - t0
        times["normalise"] += t2 - t1
        times["export"] += cpu() - t2
        times["export_wall"] += time.perf_counter() - w2
    return len(issue.pages)


STEPS = ("read", "normalise", "export")


def pipeline(root: Path, out: Path, jobs: int) -> tuple[float, int, dict[str, float]]:
    """Returns (seconds, pages, seconds per step); the steps are timed in one process only."""
    config = Config.load()
    sources, errors = discover([root / d for d in sorted(p.name for p in root.iterdir())])
    assert not errors, errors
    times = dict.fromkeys((*STEPS, "export_wall"), 0.0)
    t0 = time.perf_counter()
    if jobs == 1:
        pages = sum(run_one(s, config, str(out), times) for s in sources)
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            pages = sum(pool.map(run_one, sources, [config] * len(sources), [str(out)] * len(sources)))
    return time.perf_counter() - t0, pages, times


def step_line(times: dict[str, float], pages: int) -> str:
    """CPU milliseconds per page of each step and its share of their sum."""
    total = sum(times[k] for k in STEPS) or 1.0
    steps = "  ".join(f"{k} {times[k] * 1000 / pages:.2f} ({times[k] / total:.0%})" for k in STEPS)
    wall = times["export_wall"] * 1000 / pages
    return f"{'  CPU ms/page (share)':<28} {steps}; export wall {wall:.2f}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=1000)
    parser.add_argument("--issue-pages", type=int, default=20)
    parser.add_argument("--jobs", type=int, default=2)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="jiaodui-bench-"))
    try:
        archive = tmp / "archive"
        files, size = build_archive(archive, args.pages, args.issue_pages, args.seed)
        mb = size / 1e6
        print(f"archive: {len(files)} pages in {len(files) // args.issue_pages} issues, {mb:.1f} MB (seed {args.seed})")

        t_cc = opencc_only(files)
        print(f"{'OpenCC only (t2s)':<28} {len(files) / t_cc:9.0f} pages/s {mb / t_cc:8.2f} MB/s {t_cc:7.2f} s")

        t1, pages, times = pipeline(archive, tmp / "out1", 1)
        print(f"{'pipeline, 1 process':<28} {pages / t1:9.0f} pages/s {mb / t1:8.2f} MB/s {t1:7.2f} s")
        print(f"{'  pipeline / OpenCC time':<28} {t1 / t_cc:9.1f} x")
        print(step_line(times, pages))

        if args.jobs > 1:
            tj, pages, _ = pipeline(archive, tmp / "outj", args.jobs)
            print(
                f"{f'pipeline, --jobs {args.jobs}':<28} {pages / tj:9.0f} pages/s {mb / tj:8.2f} MB/s {tj:7.2f} s"
                f"   (speed-up {t1 / tj:.2f}x)"
            )
        structure_timing(archive, args.issue_pages)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return 0


def structure_timing(archive: Path, issue_pages: int) -> None:
    """Time the structure pass (roles and articles) of one issue."""
    from normalizer import structure

    config = Config.load()
    sources, _ = discover([sorted(archive.iterdir())[0]])
    issue, _ = read_issue(sources[0], config.max_bytes)
    normalise_issue(issue, config)
    runs = 20
    t0 = time.perf_counter()
    for _ in range(runs):
        for page in issue.pages:
            structure.classify_page(page)
        structure.build_articles(issue)
    dt = (time.perf_counter() - t0) / runs
    print(f"{f'structure of a {len(issue.pages)}-page issue':<28} {dt * 1000:9.1f} ms")


if __name__ == "__main__":
    sys.exit(main())
