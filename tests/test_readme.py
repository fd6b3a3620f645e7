"""The README's Python example runs, and every `expression  # value` in it is true."""

from __future__ import annotations

import datetime
import os

import regex

from .helpers import ROOT


def test_readme_python_example() -> None:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = regex.search(r"```python\n(.*?)```", text, regex.DOTALL)
    assert block is not None
    namespace: dict[str, object] = {}
    checked = 0
    cwd = os.getcwd()
    os.chdir(ROOT)
    try:
        for line in block.group(1).splitlines():
            if not line.strip():
                continue
            code, _, comment = line.partition("  # ")
            expected = comment.split(" — ")[0].strip()
            if comment and not regex.match(r"^\s*\w+\s*=", code) and expected:
                value = eval(code, namespace)
                assert value == eval(expected, {"datetime": datetime}), line
                checked += 1
            else:
                exec(code, namespace)
    finally:
        os.chdir(cwd)
    assert checked >= 6
