"""The project files agree with each other: README, Makefile, CI, Binder and pyproject."""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover - Python 3.10
    import tomli as tomllib

from coursekit.course import LESSONS, lesson

ROOT = Path(__file__).resolve().parents[2]


def _read(name: str) -> str:
    return (ROOT / name).read_text(encoding="utf-8")


def _normalise(requirement: str) -> str:
    name = re.split(r"[<>=!~ \[;]", requirement.strip(), maxsplit=1)[0]
    return name.lower().replace("_", "-")


def _environment_dependencies() -> set[str]:
    names = set()
    for line in _read("environment.yml").splitlines():
        match = re.match(r"\s*-\s+([A-Za-z0-9_.\-]+)", line)
        if match and not line.strip().endswith(":"):
            names.add(_normalise(match.group(1)))
    return names


def test_every_runtime_dependency_is_in_environment_yml() -> None:
    pyproject = tomllib.loads(_read("pyproject.toml"))
    runtime = {_normalise(req) for req in pyproject["project"]["dependencies"]}
    missing = runtime - _environment_dependencies()
    assert not missing, f"add these to environment.yml: {sorted(missing)}"


def test_environment_yml_pins_python_and_includes_pip() -> None:
    text = _read("environment.yml")
    assert "conda-forge" in text
    assert re.search(r"-\s+python=3\.1\d", text)
    assert re.search(r"^\s*-\s+pip\s*$", text, flags=re.MULTILINE)


def test_binder_installs_the_package_and_has_no_binder_folder() -> None:
    assert not (ROOT / "binder").exists(), "a binder/ folder hides the root environment.yml"
    post_build = _read("postBuild")
    assert re.search(r"pip install (--no-cache-dir )?\.$", post_build, flags=re.MULTILINE)
    assert "overrides.json" in post_build


def test_readme_shows_the_two_commands_and_ci_runs_the_test_one() -> None:
    readme = _read("README.md")
    assert "make lab" in readme and "make test" in readme
    ci = [line for line in _read(".ci/run").splitlines() if line and not line.startswith("#")]
    assert ci[-1] == "make test"
    makefile = _read("Makefile")
    assert re.search(
        r"jupyter lab (\$\(ROOT_FLAG\) )?(--ServerApp.root_dir=\$\(CURDIR\) )?"
        r"notebooks/00-start-here\.ipynb",
        makefile,
    )
    assert re.search(r"^test:.*\n\t.*pytest", makefile, flags=re.MULTILINE)


def test_binder_badge_opens_the_start_notebook() -> None:
    assert "urlpath=lab/tree/notebooks/00-start-here.ipynb" in _read("README.md")


def test_readme_course_map_matches_the_lesson_list() -> None:
    readme = _read("README.md")
    for item in LESSONS:
        row = (
            f"| [{item.number} {item.title}]({item.notebook}) | {item.skills} | "
            f"{item.teaching_minutes} + {item.exercise_minutes} | {item.core_minutes} |"
        )
        assert row in readme, f"README course map is out of date for lesson {item.number}"


def test_lab_settings_switch_off_the_news_pop_up() -> None:
    text = _read("lab/overrides.json")
    assert '"fetchNews": "false"' in text


def test_lesson_lookup_and_its_error() -> None:
    assert lesson("03").slug == "hedging"
    with pytest.raises(KeyError, match="numbered 00, 01, 02, 03, 04, 05"):
        lesson("9")


def test_lessons_fit_a_class_session() -> None:
    for item in LESSONS[1:]:
        assert 45 <= item.minutes <= 75, item
        assert (ROOT / item.notebook).name == f"{item.number}-{item.slug}.ipynb"


def test_test_files_have_unique_names() -> None:
    # pytest imports test files without packages by their base name: two test_x.py in
    # different folders stop collection with "import file mismatch".
    names: dict[str, list[str]] = {}
    for path in sorted((ROOT / "tests").rglob("test_*.py")):
        names.setdefault(path.name, []).append(str(path.relative_to(ROOT)))
    clashes = {name: paths for name, paths in names.items() if len(paths) > 1}
    assert not clashes, f"rename one of each: {clashes}"
