"""coursekit.site: the static, offline HTML build."""

from __future__ import annotations

import base64
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from coursekit import site
from coursekit.course import LESSONS

ROOT = Path(__file__).resolve().parents[2]


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(page)
    return parser.tags


def test_remote_scripts_are_detected() -> None:
    page = (
        '<script src="https://cdn.example/require.js"></script>'
        "<script src='//cdn.example/x.js'></script>"
        '<script>const m = await import("https://cdn.example/mermaid.mjs")</script>'
        '<script src="local.js"></script><a href="https://example.org">ok</a>'
    )
    found = site.remote_scripts(page)
    assert len(found) == 3
    assert site.remote_scripts('<script src="local.js"></script><p>https://x</p>') == []


def test_safe_svg_is_inlined_and_active_svg_is_not() -> None:
    safe = '<?xml version="1.0"?><svg role="img"><title>T</title><rect/></svg>'
    assert site._inline_svg(safe) == '<svg role="img"><title>T</title><rect/></svg>'
    for bad in (
        "<svg><script>alert(1)</script></svg>",
        '<svg onload="alert(1)"><rect/></svg>',
        '<svg><foreignObject><img src="x"></foreignObject></svg>',
        '<svg><a href="javascript:alert(1)"><rect/></a></svg>',
        '<svg><image href="https://example.org/x.png"/></svg>',
    ):
        out = site._inline_svg(bad)
        assert out.startswith('<img alt="Chart (SVG shown as an image)" src="data:image/svg+xml;')
        encoded = out.split("base64,", 1)[1].split('"', 1)[0]
        assert base64.b64decode(encoded).decode() == bad


def test_missing_notebook_is_reported(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match=r"do not exist: .*nowhere\.ipynb"):
        site.build_site(tmp_path, [tmp_path / "nowhere.ipynb"])


def test_cli_reports_failure_without_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert site.main(["--out", str(tmp_path), str(tmp_path / "nowhere.ipynb")]) == 1
    assert "Site build failed: Cannot build the site" in capsys.readouterr().err


@pytest.mark.slow
def test_build_start_page_offline(tmp_path: Path) -> None:
    notebook = ROOT / LESSONS[0].notebook
    pages = site.build_site(tmp_path, [notebook])
    assert [p.name for p in pages] == ["00-start-here.html", "index.html"]
    page = pages[0].read_text(encoding="utf-8")
    assert site.remote_scripts(page) == []
    tags = _tags(page)
    assert not [a for t, a in tags if t == "script" and a.get("src")]
    svgs = [a for t, a in tags if t == "svg" and a.get("role") == "img"]
    assert svgs, "no inline SVG chart in the page"
    assert any("reference" in (a.get("aria-label") or "") for a in svgs)
    assert "No description has been provided" not in page
    # the link to lesson 01 stays a notebook link: lesson 01 was not built
    assert re.search(r'href="01-anatomy-of-a-news-story\.ipynb"', page)
    index = pages[1].read_text(encoding="utf-8")
    assert 'href="notebooks/00-start-here.html"' in index
    assert all(lesson.title in index for lesson in LESSONS)
    assert site.remote_scripts(index) == []
