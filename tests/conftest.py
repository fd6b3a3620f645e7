"""Test session setup: no network (pythainlp must use only its bundled data)."""

from __future__ import annotations

import os

os.environ["PYTHAINLP_OFFLINE"] = "1"
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
