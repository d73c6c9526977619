"""The developer docs agree with the code: the module layout and the answer kinds."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "coursekit"
# Sub-packages listed module by module; the others are listed as one folder.
LISTED_IN_FULL = {"analysis"}


def _layout_entries() -> set[str]:
    text = (ROOT / "CONTRIBUTING.md").read_text(encoding="utf-8")
    block = text.split("## Layout", 1)[1].split("```", 2)[1]
    entries: set[str] = set()
    folder = ""
    for line in block.splitlines():
        match = re.match(r"^( *)(\S+)", line)
        if not match or "src/coursekit/" in line:
            continue
        indent, name = len(match.group(1)), match.group(2)
        if indent == 2:
            folder = name if name.endswith("/") else ""
            entries.add(name)
        elif indent == 4 and folder:
            entries.add(folder + name)
    return entries


def _package_entries() -> set[str]:
    entries: set[str] = set()
    for path in PACKAGE.iterdir():
        if path.name.startswith((".", "_")) and path.name != "__init__.py":
            continue
        if path.suffix == ".py":
            entries.add(path.name)
        elif path.is_dir() and path.name != "__pycache__":
            entries.add(path.name + "/")
            if path.name in LISTED_IN_FULL:
                entries.update(
                    f"{path.name}/{module.name}"
                    for module in path.glob("*.py")
                    if module.name != "__init__.py"
                )
    return entries


def test_every_module_is_in_the_contributing_layout() -> None:
    missing = _package_entries() - _layout_entries()
    assert not missing, f"add these to the layout in CONTRIBUTING.md: {sorted(missing)}"


def test_the_contributing_layout_names_only_modules_that_exist() -> None:
    stale = _layout_entries() - _package_entries()
    assert not stale, f"CONTRIBUTING.md lists modules that do not exist: {sorted(stale)}"


def test_the_guide_names_every_answer_kind_and_no_other() -> None:
    from coursekit.answer_kinds import KINDS

    guide = (ROOT / "docs" / "instructor-guide.md").read_text(encoding="utf-8")
    section = guide.split("## Changing or adding exercises", 1)[1].split("\n## ", 1)[0]
    listed = re.search(r"The kinds \(([^)]*)\)", section)
    assert listed, "the guide's 'Changing or adding exercises' no longer lists the kinds"
    assert set(re.findall(r"`([a-z-]+)`", listed.group(1))) == set(KINDS)
