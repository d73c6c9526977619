"""Test-session settings shared by unit tests, nbval notebook runs and browser tests."""

from __future__ import annotations

import os
import tempfile

# Learner progress written while notebooks and worksheets run under test goes to a
# throw-away folder, never to the tester's own ~/.coursekit. Set before any kernel starts,
# so nbval's kernels inherit it.
os.environ.setdefault("COURSEKIT_HOME", tempfile.mkdtemp(prefix="coursekit-test-home-"))
