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


def _apt_packages(command: str) -> list[str]:
    match = regex.search(r"apt-get install -y ((?:[\w.+-]+ ?)+)", command)
    assert match is not None, command
    return match.group(1).split()


def test_readme_install_command_is_what_ci_installs() -> None:
    """The README's first command and .ci/run install the same Debian packages."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    first = regex.search(r"```sh\n(.*?)```", readme, regex.DOTALL)
    assert first is not None
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8").replace("\\\n", " ")
    ci = regex.sub(r" +", " ", ci)
    packages = _apt_packages(first.group(1))
    assert packages == _apt_packages(ci)
    assert {"chromium", "chromium-driver", "fonts-thai-tlwg"} <= set(packages)
