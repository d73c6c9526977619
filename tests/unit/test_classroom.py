"""The class link generator: nbgitpuller's link format, and clear errors for bad input.

The format is nbgitpuller's documented one: ``HUB/hub/user-redirect/git-pull`` with the
query parameters ``repo``, ``branch`` and ``urlpath`` (URL-encoded), where ``urlpath``
opens ``lab/tree/<folder>/<notebook>`` and ``<folder>`` is the repository URL's last path
segment (the folder nbgitpuller clones into). ``tests/classroom`` follows such a link on a
real hub.
"""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

import pytest

from coursekit.classroom import LinkError, course_folder, nbgitpuller_link, repository_url
from coursekit.cli import main


def _parts(link: str) -> tuple[str, dict[str, str]]:
    parts = urlsplit(link)
    query = {key: values[0] for key, values in parse_qs(parts.query, strict_parsing=True).items()}
    return f"{parts.scheme}://{parts.netloc}{parts.path}", query


def test_link_has_nbgitpuller_format() -> None:
    link = nbgitpuller_link(
        "https://hub.example.edu/", repo="https://github.com/org/media-course", branch="spring"
    )
    base, query = _parts(link)
    assert base == "https://hub.example.edu/hub/user-redirect/git-pull"
    assert query == {
        "repo": "https://github.com/org/media-course",
        "branch": "spring",
        "urlpath": "lab/tree/media-course/notebooks/00-start-here.ipynb",
    }
    # Every value is encoded: no raw slash or colon after the '?'.
    assert "/" not in link.split("?", 1)[1] and ":" not in link.split("?", 1)[1]


def test_link_keeps_a_hub_path_prefix_and_a_chosen_notebook() -> None:
    link = nbgitpuller_link(
        "https://example.edu/jupyter", repo="https://github.com/org/c", notebook="exercises/x.ipynb"
    )
    base, query = _parts(link)
    assert base == "https://example.edu/jupyter/hub/user-redirect/git-pull"
    assert query["urlpath"] == "lab/tree/c/exercises/x.ipynb"


def test_default_repository_comes_from_the_package_metadata() -> None:
    assert repository_url() == "https://github.com/coursekit/coursekit"
    _, query = _parts(nbgitpuller_link("https://hub.example.edu"))
    assert query["repo"] == repository_url()
    assert query["urlpath"].startswith("lab/tree/coursekit/")


@pytest.mark.parametrize(
    ("repo", "folder"),
    [
        ("https://github.com/org/course/", "course"),
        ("https://github.com/org/course.git", "course.git"),  # as nbgitpuller names it
        ("file:///srv/courses/coursekit", "coursekit"),
    ],
)
def test_course_folder_is_what_nbgitpuller_clones_into(repo: str, folder: str) -> None:
    assert course_folder(repo) == folder


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"hub": "hub.example.edu"}, "is not a web address: give it with its scheme"),
        ({"hub": "ftp://hub.example.edu"}, "is not a web address"),
        ({"hub": "https://h", "notebook": "/etc/passwd"}, "must be a path inside the repository"),
        ({"hub": "https://h", "notebook": "../x.ipynb"}, "must be a path inside the repository"),
        ({"hub": "https://h", "branch": " "}, "the branch is empty"),
    ],
)
def test_bad_input_gets_a_clear_error(kwargs: dict[str, str], message: str) -> None:
    hub = kwargs.pop("hub")
    with pytest.raises(LinkError, match=message):
        nbgitpuller_link(hub, repo="https://github.com/org/c", **kwargs)


def test_command_prints_the_link(capsys: pytest.CaptureFixture[str]) -> None:
    code = main(["classroom", "link", "--hub", "https://hub.example.edu", "--branch", "b"])
    out = capsys.readouterr().out.strip()
    assert code == 0
    assert out == nbgitpuller_link("https://hub.example.edu", branch="b")


def test_command_explains_a_bad_hub(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["classroom", "link", "--hub", "hub.example.edu"]) == 2
    err = capsys.readouterr().err
    assert "coursekit classroom link:" in err and "https://hub.example.edu" in err
