"""The source finder and the search-log form: lateral reading, practised offline.

:func:`source_finder` wraps :func:`coursekit.find_sources` in a labelled search box with
a date range and a publisher filter. Each result is a card (publisher, date, kind, a link
that opens in a new tab, and badges for wire copies, syndicated copies, state media,
official statements and invented pages). Its button opens a "who is behind it" card: the
kind of source and what it means for trust, whose story it carries, its language, and
which claims and events of the case it bears on.

Badges come from the data, never from a list of outlets in code: the sources table's
``kind`` column (``wire-copy``, ``syndicated-copy``, ``state-media``,
``official-statement``; see the case's ``datapackage.json``) and, for corpora that have
one (the capstone items), a true ``fictional`` column. The wording for each kind is
:data:`coursekit.lateral.SOURCE_KINDS`, the one table the lessons use.

:func:`search_log_form` records a search made on the open web (labelled fields for the
query, where, the URL found and what it showed), shows the log and exports it. Every
finder search is logged by :func:`coursekit.find_sources` itself.

Both fall back to a :class:`StaticView` in the static site build.
"""

from __future__ import annotations

import datetime as _dt
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any

import ipywidgets as widgets

if TYPE_CHECKING:  # pragma: no cover
    import pandas as pd

    from coursekit.cases import Case

from coursekit.widgets._a11y import Announcer, plain_text
from coursekit.widgets._base import (
    _LABEL_STYLE,
    StaticView,
    _full_width,
    _load_default_case,
    _safe_link,
    _static,
    _text,
)

__all__ = [
    "BADGES",
    "SearchLogForm",
    "SourceCard",
    "SourceFinder",
    "search_log_form",
    "source_finder",
]

#: Badges by ``kind``: (label, symbol, background, border style). Colours are from the
#: Okabe-Ito palette with black text; the symbol, the words and the border style carry
#: the same meaning, so no one needs to tell the colours apart.
BADGES: dict[str, tuple[str, str, str, str]] = {
    "wire-copy": ("wire copy", "⇄", "#56B4E9", "solid"),
    "syndicated-copy": ("syndicated copy", "⧉", "#E69F00", "dashed"),
    "state-media": ("state media", "▲", "#CC79A7", "double"),
    "official-statement": ("official statement", "§", "#F0E442", "dotted"),
}
_FICTIONAL_BADGE = ("fictional: invented for this exercise", "✎", "#FFFFFF", "solid")

_WRAP = "white-space:normal;max-width:100%;overflow-wrap:anywhere;word-break:break-word"
_RESULTS_SHOWN = 20


def _kind_note(kind: str) -> Any:
    """How to read a kind of source (:data:`coursekit.lateral.SOURCE_KINDS`).

    A kind the kit does not describe (a corpus may add its own) is shown in its own words.
    """
    from coursekit.lateral import SOURCE_KINDS, KindNote

    if kind in SOURCE_KINDS:
        return SOURCE_KINDS[kind]
    return KindNote(
        kind.replace("-", " ") or "kind not recorded",
        "not described in the kit's list of kinds",
        "find out who is behind it before you weigh it",
    )


def _language_name(code: str) -> str:
    """``"ru"`` -> ``"Russian (ru)"``, via Babel's CLDR data; the code alone if unknown."""
    if not code:
        return "not recorded"
    try:
        from babel import Locale

        name = Locale("en").languages.get(code.lower())
    except Exception:  # pragma: no cover - Babel missing or broken: show the code
        name = None
    return f"{name} ({code})" if name else code


def _truthy(value: Any) -> bool:
    text = _text(value).strip().lower()
    return text in {"true", "1", "yes", "y"}


def _badge(label: str, symbol: str, colour: str, border: str) -> str:
    return (
        f'<span class="ck-badge" style="display:inline-block;margin:0 .3em .2em 0;'
        f"padding:0 .45em;border:3px {border} #000;border-radius:.3em;background:{colour};"
        f'color:#000;font-size:90%">'
        f'<span aria-hidden="true">{escape(symbol)} </span>{escape(label)}</span>'
    )


def _badges(row: Any) -> str:
    kind = _text(row.get("kind"))
    parts = []
    if kind in BADGES:
        parts.append(_badge(*BADGES[kind]))
    if _truthy(row.get("fictional")):
        parts.append(_badge(*_FICTIONAL_BADGE))
    return "".join(parts)


def _title(row: Any) -> str:
    return _text(row.get("title")) or _text(row.get("url")) or "(no title recorded)"


def _card_html(row: Any) -> str:
    """One result: link, publisher, date, kind, badges. Every value is escaped."""
    kind = _text(row.get("kind"))
    publisher = _text(row.get("publisher"))
    original = _text(row.get("original_publisher"))
    date = _text(row.get("published")) or "no date recorded"
    carries = f" (story by {escape(original)})" if original and original != publisher else ""
    badges = _badges(row)
    badge_line = f'<p class="ck-badges">{badges}</p>' if badges else ""
    no_title = (
        "" if _text(row.get("title")) else " <em>(no headline recorded; web address shown)</em>"
    )
    return (
        f'<div class="ck-source-card-body" style="{_WRAP}">'
        f'<p class="ck-source-title" style="margin:0;font-weight:bold">'
        f"{_safe_link(row.get('url'), _title(row))}{no_title}</p>"
        f'<p class="ck-source-meta" style="margin:.2em 0">'
        f"<strong>{escape(publisher)}</strong>{carries} · {escape(date)} · "
        f"{escape(_kind_note(kind).label)} · source {escape(_text(row.get('source_id')))}</p>"
        f"{badge_line}</div>"
    )


def _fact(label: str, value_html: str) -> str:
    """One row of the "who is behind it" table; ``value_html`` is already escaped."""
    return (
        "<tr><th scope='row' style='text-align:left;vertical-align:top;"
        f"padding:.15em .8em .15em 0;width:13em'>{escape(label)}</th>"
        f"<td style='text-align:left;vertical-align:top;padding:.15em 0'>{value_html}</td></tr>"
    )


def _list(items: list[str]) -> str:
    return f"<ul style='margin:0;padding-left:1.2em'>{''.join(items)}</ul>"


def _claims_html(case: Case | None, source_id: str) -> str:
    if case is None:
        return ""
    evidence = case.evidence[case.evidence["source_id"].astype(str) == source_id]
    if evidence.empty:
        return _fact("Claims it bears on", "none recorded in the case")
    claims = case.claims.set_index("claim_id")
    items = []
    for _, link in evidence.iterrows():
        claim_id = _text(link["claim_id"])
        text = _text(claims["text"].get(claim_id, "")) if claim_id in claims.index else ""
        short = text if len(text) <= 90 else text[:89].rstrip() + "…"
        items.append(
            f"<li><strong>{escape(claim_id)}</strong> ({escape(_text(link['stance']))})"
            f"{': “' + escape(short) + '”' if short else ''}"
            f"{' — ' + escape(_text(link.get('note'))) if _text(link.get('note')) else ''}</li>"
        )
    return _fact("Claims it bears on", _list(items))


def _events_html(case: Case | None, source_id: str) -> str:
    if case is None:
        return ""
    links = case.event_sources[case.event_sources["source_id"].astype(str) == source_id]
    if links.empty:
        return _fact("Events it reports", "none recorded in the case")
    events = case.events.set_index("event_id")
    items = []
    for _, link in links.iterrows():
        event_id = _text(link["event_id"])
        title = _text(events["title"].get(event_id, "")) if event_id in events.index else ""
        date = _text(events["date"].get(event_id, "")) if event_id in events.index else ""
        note = _text(link.get("note"))
        items.append(
            f"<li><strong>{escape(event_id)}</strong>"
            f"{' (' + escape(date) + ')' if date else ''}"
            f"{': ' + escape(title) if title else ''}"
            f"{' — ' + escape(note) if note else ''}</li>"
        )
    return _fact("Events it reports", _list(items))


def _behind_html(row: Any, case: Case | None) -> str:
    """The "who is behind it" card for one source."""
    source_id = _text(row.get("source_id"))
    kind = _text(row.get("kind"))
    note = _kind_note(kind)
    publisher = _text(row.get("publisher"))
    original = _text(row.get("original_publisher")) or publisher
    if original != publisher:
        whose = f"{original}'s story, shown on {publisher}'s site"
    else:
        whose = f"{publisher}'s own"
    parts = [
        f'<section class="ck-behind" aria-label="Who is behind {escape(source_id)}" '
        f'style="{_WRAP};border-left:4px solid #0072B2;padding:.2em .8em;margin:.3em 0">',
        f"<p style='margin:.2em 0'><strong>Who is behind {escape(source_id)}?</strong></p>",
        "<table class='ck-behind-facts' style='border-collapse:collapse;width:100%'><tbody>",
        _fact("Kind of source", f"{escape(note.label)}: {escape(note.behind)}"),
        _fact("Weigh it as", escape(note.weigh)),
        _fact("Whose story it carries", escape(whose)),
        _fact("Language", escape(_language_name(_text(row.get("language"))))),
    ]
    extra_note = _text(row.get("note"))
    if extra_note:
        parts.append(_fact("What the page says", escape(extra_note)))
    if _truthy(row.get("fictional")):
        parts.append(_fact("Fictional", "This page was invented for the exercise."))
    parts.append(_claims_html(case, source_id))
    parts.append(_events_html(case, source_id))
    parts.append("</tbody></table></section>")
    return "".join(parts)


def _status_html(text: str) -> str:
    return (
        f'<p class="ck-status" role="status" aria-live="polite" style="{_WRAP}">{escape(text)}</p>'
    )


def _date_text(value: _dt.date | None) -> str:
    return value.isoformat() if value else ""


class SourceCard(widgets.VBox):
    """One search result, with a button that opens its "who is behind it" card.

    Attributes
    ----------
    source_id : str
    html : ipywidgets.HTML
        The card: linked title, publisher, date, kind, badges.
    button : ipywidgets.Button
        Opens and closes the "who is behind it" card.
    behind : ipywidgets.HTML
        The "who is behind it" card; empty until the button is clicked.
    """

    def __init__(self, row: Any, case: Case | None) -> None:
        self.source_id = _text(row.get("source_id"))
        self._row = row
        self._case = case
        self.html = widgets.HTML(_card_html(row), layout=_full_width())
        self.button = widgets.Button(
            description=f"Who is behind {self.source_id}?",
            tooltip=f"Open the 'who is behind it' card for source {self.source_id}",
            layout=widgets.Layout(width="auto", align_self="flex-start"),
        )
        self.button.add_class("ck-behind-button")
        self.behind = widgets.HTML("", layout=_full_width())
        self.button.on_click(lambda _button: self.toggle())
        super().__init__(
            [self.html, self.button, self.behind],
            layout=widgets.Layout(
                width="100%", border="1px solid #767676", padding="4px 8px", margin="0 0 6px 0"
            ),
        )
        self.add_class("ck-source-card")

    @property
    def is_open(self) -> bool:
        """Whether the "who is behind it" card is shown."""
        return bool(self.behind.value)

    def toggle(self) -> None:
        """Open the "who is behind it" card, or close it when it is open."""
        if self.is_open:
            self.behind.value = ""
            self.button.description = f"Who is behind {self.source_id}?"
        else:
            self.behind.value = _behind_html(self._row, self._case)
            self.button.description = f"Hide who is behind {self.source_id}"


class SourceFinder(widgets.VBox):
    """Search a case's sources; read who is behind each result.

    Attributes
    ----------
    case : Case or None
        The case (None when a bare sources table was given).
    query : ipywidgets.Text
        The search box (press Enter or click Search).
    after, before : ipywidgets.DatePicker
        The date range (both inclusive; either may be empty).
    publisher : ipywidgets.Text
        Optional publisher or original outlet.
    search_button : ipywidgets.Button
    status : ipywidgets.HTML
        How many results, or why the search could not run.
    results : ipywidgets.VBox
        The result cards (:class:`SourceCard`).
    cards : list of SourceCard
    last : pandas.DataFrame or None
        The last search's results, as :func:`coursekit.find_sources` returned them.
    announcer : Announcer
        A polite live region: says each search's result (the status line is replaced
        on every search, so a screen reader would miss it).
    """

    def __init__(self, source: Case | pd.DataFrame, query: str = "") -> None:
        import pandas as pd

        self._source = source
        self.case = None if isinstance(source, pd.DataFrame) else source
        table = source if isinstance(source, pd.DataFrame) else source.sources
        self._rows = {_text(r["source_id"]): r for r in table.to_dict("records")}
        self.query = widgets.Text(
            value=query,
            description="Search the sources:",
            placeholder='words, or "an exact headline" in double quotes',
            continuous_update=False,
            style=_LABEL_STYLE,
            layout=widgets.Layout(width="95%"),
        )
        self.after = widgets.DatePicker(
            description="Published on or after:",
            style=_LABEL_STYLE,
            layout=widgets.Layout(width="auto"),
        )
        self.before = widgets.DatePicker(
            description="Published on or before:",
            style=_LABEL_STYLE,
            layout=widgets.Layout(width="auto"),
        )
        self.publisher = widgets.Text(
            description="Publisher or outlet (optional):",
            placeholder="e.g. Reuters",
            continuous_update=False,
            style=_LABEL_STYLE,
            layout=widgets.Layout(width="auto"),
        )
        self.search_button = widgets.Button(
            description="Search", button_style="primary", tooltip="Search the case's sources"
        )
        self.status = widgets.HTML(
            _status_html(
                "Type words or a headline in double quotes, then press Enter or click Search. "
                "Pages without a recorded date are left out when you set a date."
            ),
            layout=_full_width(),
        )
        self.results = widgets.VBox([], layout=widgets.Layout(width="100%"))
        self.cards: list[SourceCard] = []
        self.last: pd.DataFrame | None = None
        self._last_logged: tuple[str, ...] | None = None
        self.search_button.on_click(lambda _button: self.search())
        self.query.observe(lambda _change: self.search(), names="value")
        dates = widgets.HBox(
            [self.after, self.before], layout=widgets.Layout(flex_flow="row wrap", width="100%")
        )
        self.announcer = Announcer()
        super().__init__(
            [
                self.query,
                dates,
                self.publisher,
                self.search_button,
                self.status,
                self.results,
                self.announcer,
            ],
            layout=widgets.Layout(width="100%"),
        )
        self.add_class("ck-source-finder")
        if query.strip():
            self.search(log=False)

    def _params(self) -> tuple[str, ...]:
        return (
            self.query.value,
            _date_text(self.after.value),
            _date_text(self.before.value),
            self.publisher.value.strip(),
        )

    def search(self, *, log: bool = True) -> pd.DataFrame | None:
        """Run the search in the boxes; show the cards. Returns the results or None.

        A search repeated with unchanged boxes is shown again but logged once.
        """
        from coursekit.finder import SearchQueryError, find_sources

        params = self._params()
        log = log and params != self._last_logged
        try:
            hits = find_sources(
                self._source,
                params[0],
                after=params[1] or None,
                before=params[2] or None,
                publisher=params[3] or None,
                limit=None,
                log=log,
            )
        except SearchQueryError as exc:
            self.last = None
            self.cards = []
            self.results.children = ()
            self.status.value = _status_html(str(exc))
            self.announcer.say(str(exc))
            return None
        if log:
            self._last_logged = params
        self.last = hits
        shown = hits.head(_RESULTS_SHOWN)
        self.cards = [
            SourceCard(self._rows.get(sid, row), self.case)
            for sid, row in zip(shown["source_id"], shown.to_dict("records"), strict=True)
        ]
        self.results.children = tuple(self.cards)
        self.status.value = _status_html(_summary(len(hits), len(shown), params))
        self.announcer.say(_summary(len(hits), len(shown), params))
        return hits

    def card(self, source_id: str) -> SourceCard:
        """The result card of one source (raises KeyError if it is not shown)."""
        for card in self.cards:
            if card.source_id == source_id:
                return card
        raise KeyError(f"{source_id!r} is not among the results shown.")


def _summary(total: int, shown: int, params: tuple[str, ...]) -> str:
    query, after, before, publisher = params
    filters = []
    if after or before:
        filters.append(f"published {after or 'any day'} to {before or 'any day'}")
    if publisher:
        filters.append(f"publisher {publisher}")
    where = f" ({'; '.join(filters)})" if filters else ""
    if total == 0:
        return (
            f"No page in this corpus matches {query.strip()}{where}. Absence here is not proof "
            "that no such page exists anywhere; try other words, or fewer."
        )
    more = f"; showing the best {shown}" if shown < total else ""
    return f"{total} page(s) match {query.strip()}{where}{more}. Best match first."


def _static_finder(source: Case | pd.DataFrame, query: str) -> StaticView:
    import pandas as pd

    from coursekit.finder import SearchQueryError, find_sources

    case = None if isinstance(source, pd.DataFrame) else source
    table = source if isinstance(source, pd.DataFrame) else source.sources
    rows = {_text(r["source_id"]): r for r in table.to_dict("records")}
    parts = [
        "<p>The source finder searches this case's pages by words or by an exact phrase in "
        "double quotes, with a date range and a publisher filter. Run the notebook to search; "
        "this page shows its default view.</p>"
    ]
    if query.strip():
        try:
            hits = find_sources(source, query, limit=_RESULTS_SHOWN, log=False)
        except SearchQueryError as exc:
            parts.append(_status_html(str(exc)))
        else:
            parts.append(_status_html(_summary(len(hits), len(hits), (query, "", "", ""))))
            for sid, record in zip(hits["source_id"], hits.to_dict("records"), strict=True):
                row = rows.get(sid, record)
                parts.append(
                    f'<div class="ck-source-card">{_card_html(row)}<details><summary>'
                    f"Who is behind {escape(sid)}?</summary>{_behind_html(row, case)}"
                    "</details></div>"
                )
    return StaticView("ck-source-finder", "".join(parts))


def source_finder(
    case_or_sources: Case | pd.DataFrame | None = None, *, query: str = ""
) -> SourceFinder | StaticView:
    """A search box over a case's sources, with "who is behind it" cards.

    Parameters
    ----------
    case_or_sources
        A loaded case (claims and events are shown in the cards), or a sources table
        such as a capstone item's ``sources``; the summit-2025 case when omitted.
    query
        A search to run when the widget opens (not added to the search log: the learner
        did not type it).

    Returns
    -------
    SourceFinder or StaticView
        The widget, or (static site build) the results of ``query`` as HTML with the
        "who is behind it" cards folded.
    """
    source = case_or_sources if case_or_sources is not None else _load_default_case()
    if _static():
        return _static_finder(source, query)
    return SourceFinder(source, query)


# --------------------------------------------------------------------------- search log


def _log_table_html(limit: int = 10) -> str:
    from coursekit.searchlog import search_log, search_log_path

    log = search_log()
    if log.empty:
        return f"<p>Your search log is empty (it is kept in {escape(str(search_log_path()))}).</p>"
    recent = log.tail(limit)
    rows = []
    for number, entry in zip(recent.index, recent.to_dict("records"), strict=True):
        url = entry["url"]
        link = _safe_link(url, url) if url else ""
        rows.append(
            f"<tr><td>{number + 1}</td><td>{escape(entry['time'])}</td>"
            f"<td>{escape(entry['where'])}</td><td>{escape(entry['query'])}</td>"
            f"<td>{link}</td><td>{escape(entry['showed'])}</td></tr>"
        )
    return (
        f'<div style="max-width:100%;overflow-x:auto"><table class="ck-search-log" '
        f'style="width:100%;border-collapse:collapse;{_WRAP}">'
        f"<caption>Your search log: the last {len(recent)} of {len(log)} search(es)</caption>"
        "<thead><tr><th scope='col'>#</th><th scope='col'>When (UTC)</th>"
        "<th scope='col'>Where</th><th scope='col'>Query</th><th scope='col'>URL</th>"
        "<th scope='col'>What it showed</th></tr></thead>"
        f"<tbody>{''.join(rows)}</tbody></table></div>"
    )


class SearchLogForm(widgets.VBox):
    """Record an open-web search; see and export the search log.

    Attributes
    ----------
    query, where, url : ipywidgets.Text
    showed : ipywidgets.Textarea
    save_button : ipywidgets.Button
    filename : ipywidgets.Text
        The export file's name (``.md`` for Markdown, ``.csv`` for CSV), written in the
        notebook's folder.
    export_button : ipywidgets.Button
    status : ipywidgets.HTML
    log_view : ipywidgets.HTML
        The most recent searches.
    announcer : Announcer
        A polite live region: reads out each new status line (saved, not saved, exported).
    """

    def __init__(self) -> None:
        def text(description: str, placeholder: str) -> widgets.Text:
            return widgets.Text(
                description=description,
                placeholder=placeholder,
                style=_LABEL_STYLE,
                layout=widgets.Layout(width="95%"),
            )

        self.query = text("What you searched for:", "e.g. Alaska summit date announced")
        self.where = text("Where you searched:", "e.g. DuckDuckGo, or reuters.com's search")
        self.url = text("URL you found (optional):", "https://...")
        self.showed = widgets.Textarea(
            description="What it showed (optional):",
            placeholder="e.g. Reuters, 8 August: Trump names Alaska as the venue",
            style=_LABEL_STYLE,
            layout=widgets.Layout(width="95%", height="4em"),
        )
        self.save_button = widgets.Button(
            description="Save to my search log",
            button_style="primary",
            layout=widgets.Layout(width="auto", align_self="flex-start"),
        )
        self.filename = text("Export to file:", "my-search-log.md")
        self.filename.value = "my-search-log.md"
        self.export_button = widgets.Button(
            description="Export my search log",
            layout=widgets.Layout(width="auto", align_self="flex-start"),
        )
        self.status = widgets.HTML(_status_html(""), layout=_full_width())
        self.log_view = widgets.HTML(_log_table_html(), layout=_full_width())
        self.save_button.on_click(lambda _button: self.save())
        self.export_button.on_click(lambda _button: self.export())
        # The status line is replaced on every save or export; the announcer reads it out.
        self.announcer = Announcer()
        self.status.observe(
            lambda change: self.announcer.say(plain_text(change["new"])), names="value"
        )
        super().__init__(
            [
                self.query,
                self.where,
                self.url,
                self.showed,
                self.save_button,
                self.filename,
                self.export_button,
                self.status,
                self.log_view,
                self.announcer,
            ],
            layout=widgets.Layout(width="100%"),
        )
        self.add_class("ck-search-log-form")

    def save(self) -> bool:
        """Save the fields as one search; clear them on success. Returns whether saved."""
        from coursekit.searchlog import SearchLogError, log_search

        try:
            problem = log_search(
                self.query.value,
                where=self.where.value,
                url=self.url.value,
                showed=self.showed.value,
            )
        except SearchLogError as exc:
            self.status.value = _status_html(f"Not saved: {exc}")
            return False
        if problem:
            self.status.value = _status_html(problem)
            return False
        self.status.value = _status_html(f"Saved: {self.query.value.strip()}")
        for field in (self.query, self.url, self.showed):
            field.value = ""
        self.log_view.value = _log_table_html()
        return True

    def export(self) -> Path | None:
        """Write the log to the file named in :attr:`filename`, in the notebook's folder."""
        from coursekit.searchlog import SearchLogError, export_search_log

        name = Path(self.filename.value.strip()).name
        if not name:
            self.status.value = _status_html(
                "Give a file name ending in .md (Markdown) or .csv (spreadsheet)."
            )
            return None
        if Path(name).suffix.lower() not in {".md", ".csv"}:
            name += ".md"
        try:
            path = export_search_log(Path.cwd() / name)
        except (SearchLogError, OSError) as exc:
            self.status.value = _status_html(f"Not exported: {exc}")
            return None
        self.status.value = _status_html(
            f"Exported your search log to {path.name} (in the notebook's folder, {path.parent})."
        )
        self.log_view.value = _log_table_html()
        return path


def search_log_form() -> SearchLogForm | StaticView:
    """A form to record a search made on the open web, with the log and an export button.

    Returns
    -------
    SearchLogForm or StaticView
        The form, or (static site build) a note on how to record a search in code.
    """
    if _static():
        body = (
            "<p>Record each search you make on the web: what you searched for, where, the "
            "URL you found and what it showed. Run the notebook to use the form, or call "
            "<code>coursekit.log_search(query, where=..., url=..., showed=...)</code>; "
            "<code>coursekit.export_search_log('my-search-log.md')</code> writes the log to "
            "hand in.</p>"
        )
        return StaticView("ck-search-log-form", body)
    return SearchLogForm()
