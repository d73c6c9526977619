"""Running the course for a class on a JupyterHub: the nbgitpuller link students click.

An nbgitpuller link asks the student's hub to clone (first click) or merge (later clicks)
the course repository into the student's home, then opens a notebook in it. Its format is
nbgitpuller's own (``/hub/user-redirect/git-pull`` with the ``repo``, ``branch`` and
``urlpath`` query parameters, each URL-encoded); the folder the course lands in is the last
part of the repository URL, which is why ``urlpath`` starts with ``lab/tree/<folder>/``.

Examples
--------
>>> from coursekit.classroom import nbgitpuller_link
>>> nbgitpuller_link("https://hub.example.edu", repo="https://github.com/coursekit/coursekit")
'https://hub.example.edu/hub/user-redirect/git-pull?repo=https%3A%2F%2Fgithub.com%2Fcoursekit%2Fcoursekit&branch=main&urlpath=lab%2Ftree%2Fcoursekit%2Fnotebooks%2F00-start-here.ipynb'
"""

from __future__ import annotations

from importlib import metadata
from pathlib import PurePosixPath
from urllib.parse import quote, urlencode, urlsplit

__all__ = ["START_NOTEBOOK", "LinkError", "course_folder", "nbgitpuller_link", "repository_url"]

#: The notebook a class link opens: the course's start page.
START_NOTEBOOK = "notebooks/00-start-here.ipynb"


class LinkError(ValueError):
    """A hub address, repository or notebook path that cannot make a working link."""


def repository_url() -> str:
    """The course repository's address, as the package metadata gives it (``Homepage``)."""
    for entry in metadata.metadata("coursekit").get_all("Project-URL") or []:
        label, _, url = entry.partition(",")
        if label.strip().lower() == "homepage":
            return url.strip()
    raise LinkError("the coursekit package metadata names no Homepage: pass --repo URL")


def course_folder(repo: str) -> str:
    """The folder nbgitpuller clones ``repo`` into: the last part of its address.

    nbgitpuller names the folder after the repository URL's last path segment, exactly as
    written (``.../coursekit`` gives ``coursekit``; ``.../coursekit.git`` gives ``coursekit.git``).
    """
    folder = repo.rstrip("/").split("/")[-1]
    if not folder:
        raise LinkError(f"{repo!r} has no last path segment to name the course folder after")
    return folder


def _check_web_address(value: str, what: str) -> str:
    parts = urlsplit(value)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise LinkError(
            f"{what} {value!r} is not a web address: give it with its scheme, "
            "e.g. https://hub.example.edu"
        )
    return value.rstrip("/")


def nbgitpuller_link(
    hub: str,
    *,
    repo: str | None = None,
    branch: str = "main",
    notebook: str = START_NOTEBOOK,
) -> str:
    """The nbgitpuller link that pulls the course onto ``hub`` and opens ``notebook``.

    Parameters
    ----------
    hub
        The hub's address, e.g. ``https://hub.example.edu`` (a path prefix such as
        ``https://example.edu/jupyter`` is kept).
    repo
        The course repository to pull; by default this package's own repository. A
        ``file://`` URL works too, for a hub on the same machine as the repository.
    branch
        The branch students get.
    notebook
        The notebook to open, relative to the repository's top folder.

    Returns
    -------
    str
        ``HUB/hub/user-redirect/git-pull?repo=...&branch=...&urlpath=lab/tree/FOLDER/NOTEBOOK``
        with every value URL-encoded.

    Raises
    ------
    LinkError
        If the hub is not an http(s) address, or the notebook path is absolute or leaves
        the repository.
    """
    base = _check_web_address(hub, "the hub address")
    repo = repo or repository_url()
    path = PurePosixPath(notebook)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise LinkError(
            f"notebook {notebook!r} must be a path inside the repository, e.g. {START_NOTEBOOK}"
        )
    if not branch.strip():
        raise LinkError("the branch is empty: give the branch students should get, e.g. main")
    query = urlencode(
        {"repo": repo, "branch": branch, "urlpath": f"lab/tree/{course_folder(repo)}/{path}"},
        quote_via=quote,
        safe="",
    )
    return f"{base}/hub/user-redirect/git-pull?{query}"
