"""``python -m benchmarks``: the combined benchmark table of ``benchmarks/bench_all.py``."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_all import main

raise SystemExit(main())
