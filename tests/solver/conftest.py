"""Solver tests run without the web app: only the solver package and numpy are needed."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
