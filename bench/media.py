"""Measure the picture stage: N camera-sized photos checked and encoded cold, then warm.

Each photo is 4000×3000 (12 MP, a phone's), noisy like a real one, one lead picture per article.
Every run is a fresh child process (times include its start-up), in a temp site:

  cold       nothing kept: every photo decoded once and its copies encoded (4 widths × 2 formats)
  warm       a later build: outcomes kept by stat, no photo read
  touched    every photo's stat changed (copied, restored from a backup): read and hashed, the
             copies found by content, nothing decoded or encoded
  write      the copies' jobs made from the kept copies (what the writer does on a clean output)

Run: .venv/bin/python bench/media.py [--pictures 20] [--workers 1,2]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STAGE = """
import sys, time, datetime as dt
from pathlib import Path
from site_builder.config import Config
from site_builder.models import Article, Picture
from site_builder.render.media import media_files
from site_builder.render.pictures import resolve_pictures
root, n, workers, write = Path(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
config = Config(root=root, title={"zh": "T", "en": "T"}, description={"zh": "", "en": ""},
                base_url="http://127.0.0.1/", media_dir=root / "media", seeds_dir=root / "seeds")
zh = [Article(slug=f"a{i}", lang="zh", title="t", date=dt.date(2026, 2, 3),
              image=Picture(f"p{i}.jpg", "说明")) for i in range(n)]
t = time.perf_counter()
problems = []
shown, _ = resolve_pictures(config, zh, [], problems, workers=workers)
assert not problems, problems
if write == "write":
    jobs = media_files(config, shown)
    size = sum(len(job.make()) for job in jobs)
print(f"{time.perf_counter() - t:.3f}")
"""


def make_photos(folder: Path, count: int) -> None:
    """Write `count` distinct 12 MP JPEGs with sensor-like noise."""
    from PIL import Image, ImageDraw

    folder.mkdir(parents=True, exist_ok=True)
    noise = Image.effect_noise((4000, 3000), 24)
    for i in range(count):
        image = Image.linear_gradient("L").resize((4000, 3000)).convert("RGB")
        draw = ImageDraw.Draw(image)
        for j in range(20):
            x, y = (i * 379 + j * 587) % 3600, (i * 211 + j * 401) % 2700
            draw.ellipse((x, y, x + 500, y + 400), fill=(40 + j * 10, 120, 200 - j * 8))
        image = Image.blend(image, Image.merge("RGB", (noise, noise, noise)), 0.15)
        image.save(folder / f"p{i}.jpg", quality=92)


def run(root: Path, count: int, workers: int, write: str = "") -> float:
    result = subprocess.run([sys.executable, "-c", STAGE, str(root), str(count), str(workers),
                             write or "-"], capture_output=True, text=True, check=True, cwd=ROOT)
    return float(result.stdout.split()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pictures", type=int, default=20)
    parser.add_argument("--workers", default="1,2")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        photos = Path(tmp) / "photos"
        make_photos(photos, args.pictures)
        for workers in (int(w) for w in args.workers.split(",")):
            root = Path(tmp) / f"site-{workers}"
            (root / "media").mkdir(parents=True)
            for photo in photos.iterdir():
                os.link(photo, root / "media" / photo.name)
            cold = run(root, args.pictures, workers)
            time.sleep(2.1)  # older than the stat cache's racy window, as real pictures are
            run(root, args.pictures, workers)  # the cold run's outcomes were too new to keep
            warm = run(root, args.pictures, workers)
            for photo in (root / "media").iterdir():
                photo.write_bytes(photo.read_bytes())  # a new inode and mtime, same bytes
            touched = run(root, args.pictures, workers)
            write = run(root, args.pictures, workers, "write")
            print(f"{args.pictures} pictures, {workers} worker(s): cold {cold:.2f} s, "
                  f"warm {warm:.3f} s, touched {touched:.3f} s, "
                  f"write copies {write:.3f} s (stage included)")


if __name__ == "__main__":
    main()
