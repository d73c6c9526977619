"""The public face: __all__ is complete, every name resolves, and import stays light."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

import coursekit

INIT = Path(coursekit.__file__)


def test_all_matches_the_lazy_table() -> None:
    assert set(coursekit.__all__) == set(coursekit._PUBLIC) | {"__version__"}


@pytest.mark.parametrize("name", sorted(coursekit._PUBLIC))
def test_every_public_name_resolves_to_its_module(name: str) -> None:
    value = getattr(coursekit, name)
    module = coursekit._PUBLIC[name]
    assert getattr(value, "__module__", module).startswith(module) or name == "LESSONS"


def test_type_checking_imports_cover_the_public_names() -> None:
    tree = ast.parse(INIT.read_text(encoding="utf-8"))
    imported = {
        alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
        if node.module and node.module.startswith("coursekit.")
    }
    assert imported == set(coursekit._PUBLIC)


def test_unknown_attribute_is_a_clear_error() -> None:
    with pytest.raises(AttributeError, match="no attribute 'load_cases'"):
        coursekit.load_cases  # noqa: B018


@pytest.mark.parametrize("module", ["coursekit", "coursekit.cli", "coursekit.course"])
def test_import_does_not_load_heavy_libraries(module: str) -> None:
    code = (
        f"import {module}, sys; "
        "print(sorted(m for m in ('altair', 'ipywidgets', 'frictionless', 'pandas', 'anywidget') "
        "if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_version_is_in_the_cli() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "coursekit.cli", "--version"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert out.stdout.strip() == f"coursekit {coursekit.__version__}"


@pytest.mark.parametrize("name", ["corroboration", "progress"])
def test_functions_named_like_their_module_stay_functions(name: str) -> None:
    # Importing the submodule must not rebind coursekit.<name> to the module.
    code = (
        f"import coursekit, coursekit.{name}, importlib; "
        f"importlib.import_module('coursekit.{name}'); "
        f"print(callable(coursekit.{name}), type(coursekit.{name}).__name__)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["True", "function"]


@pytest.mark.parametrize("module", ["charts", "widgets", "timeline", "display", "analysis"])
def test_submodules_are_reachable_as_attributes(module: str) -> None:
    code = f"import coursekit; print(coursekit.{module}.__name__)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == f"coursekit.{module}"
