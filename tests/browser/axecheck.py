"""Accessibility audit with axe-core (bundled by ``axe-playwright-python``, runs offline).

:func:`audit` runs axe-core on a Playwright page and splits the violations into
*kit* (inside the kit's own outputs: a notebook's output areas, which hold the
widgets and charts; or a whole page the kit wrote, such as the static site or the
analyser's HTML report) and *host* (JupyterLab's own interface around them). Tests
fail on serious or critical kit violations; every violation, kit or host, is kept as a
row for the "accessibility audit" table printed at the end of the run, so JupyterLab's
own gaps are listed, never hidden.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

__all__ = ["AXE_TAGS", "BLOCKING", "Violation", "audit", "blocking", "describe", "save", "table"]

#: The axe rule sets run: WCAG 2.0/2.1/2.2 A and AA plus axe's best practices
#: (headings, landmarks, regions).
AXE_TAGS: tuple[str, ...] = (
    "wcag2a",
    "wcag2aa",
    "wcag21a",
    "wcag21aa",
    "wcag22aa",
    "best-practice",
)

#: Impacts that fail a test when found in the kit's own outputs.
BLOCKING = frozenset({"serious", "critical"})

#: Where a node is: inside ``kit`` (a CSS selector) or not; how to name it in the table.
_RUN_JS = r"""
async ([kit, tags]) => {
  const results = await axe.run(document, {
    runOnly: {type: 'tag', values: tags},
    resultTypes: ['violations'],
  });
  const find = (target) => {
    // A target is a list of selectors, one per shadow root / frame level.
    try {
      let root = document, el = null;
      for (const sel of target) {
        el = root.querySelector(Array.isArray(sel) ? sel[sel.length - 1] : sel);
        if (!el) return null;
        root = el.shadowRoot || el;
      }
      return el;
    } catch (e) { return null; }
  };
  const rows = [];
  for (const v of results.violations) {
    for (const node of v.nodes) {
      const el = find(node.target);
      const inKit = kit === null ? true : !!(el && el.closest(kit));
      let where = node.target.flat().join(' ');
      if (el) {
        const owner = el.closest('[class*="ck-"]');
        const ck = owner && [...owner.classList].find(c => c.startsWith('ck-'));
        if (ck) where = '.' + ck + ' ' + where;
        else if (el.closest('.vega-embed')) where = 'chart ' + where;
      }
      rows.push({rule: v.id, impact: v.impact || 'minor', kit: inKit,
                 where: where.slice(-140), help: v.help,
                 summary: (node.failureSummary || '').replace(/\s+/g, ' ').slice(0, 300)});
    }
  }
  return rows;
}
"""


@dataclass(frozen=True)
class Violation:
    """One node that fails one axe rule."""

    page: str
    rule: str
    impact: str
    kit: bool
    where: str
    help: str
    summary: str


def audit(page: Any, name: str, *, kit: str | None) -> list[Violation]:
    """Run axe-core on ``page``; return every violating node.

    Parameters
    ----------
    page
        A Playwright page, fully rendered.
    name
        How the page is named in the report (e.g. ``lesson 02``).
    kit
        CSS selector of the kit's own outputs; nodes outside it are the host's
        (JupyterLab's). ``None``: the whole page is the kit's.
    """
    from axe_playwright_python.sync_playwright import Axe

    # JupyterLab skips laying out off-screen cells (content-visibility: auto); axe would
    # take their contents for hidden and skip them. Lay every cell out for the audit.
    page.add_style_tag(content="* { content-visibility: visible !important; }")
    page.wait_for_timeout(300)
    page.evaluate(Axe().axe_script)
    rows = page.evaluate(_RUN_JS, [kit, list(AXE_TAGS)])
    return [Violation(page=name, **row) for row in rows]


def blocking(violations: list[Violation]) -> list[Violation]:
    """The serious and critical violations in the kit's own outputs."""
    return [v for v in violations if v.kit and v.impact in BLOCKING]


def describe(violations: list[Violation]) -> str:
    """Readable lines for a failure message."""
    return "\n".join(
        f"- [{v.impact}] {v.rule} at {v.where}: {v.help}. {v.summary}" for v in violations
    )


def save(violations: list[Violation], path: Path) -> None:
    """Write the violations as JSON (for the record in test-artifacts/)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps([asdict(v) for v in violations], indent=1), encoding="utf-8")


def table(rows: list[dict[str, Any]]) -> list[str]:
    """Group violation rows (dicts) by scope, rule and impact; one line per group."""
    groups: dict[tuple[str, str, str], list[dict[str, Any]]] = {}
    for row in rows:
        scope = "kit" if row["kit"] else "JupyterLab"
        groups.setdefault((scope, row["rule"], row["impact"]), []).append(row)
    order = {"critical": 0, "serious": 1, "moderate": 2, "minor": 3}
    lines = [f"{'scope':<11} {'rule':<28} {'impact':<9} {'count':>5}  where"]
    for (scope, rule, impact), found in sorted(
        groups.items(), key=lambda item: (item[0][0] != "kit", order.get(item[0][2], 4), item[0])
    ):
        pages = sorted({row["page"] for row in found})
        example = found[0]["where"]
        lines.append(
            f"{scope:<11} {rule:<28} {impact:<9} {len(found):>5}  "
            f"{', '.join(pages)[:70]} (e.g. {example[:60]})"
        )
    if len(lines) == 1:
        lines.append("(no violations)")
    return lines
