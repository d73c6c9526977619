"""coursekit: a Jupyter teaching kit for news media literacy."""

from __future__ import annotations

__version__ = "0.1.0"
