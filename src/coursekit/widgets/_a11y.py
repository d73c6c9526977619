"""Keyboard and screen-reader support shared by the lesson widgets.

:class:`Announcer` is a tiny anywidget that a widget adds as its last child. It

- writes each new result to a polite live region (``role="status"``), which screen
  readers announce without moving the focus;
- keeps the keys that operate a control for that control: JupyterLab's command mode
  takes the arrow keys (move between cells), Enter (edit the cell) and Space (scroll)
  from a focused element in an output; inside the widget they now reach the drop-down,
  slider, button or link that has the focus;
- gives every control of the kit's widgets a visible focus ring (WCAG 2.4.7);
- names a slider's handle by the slider's label and makes it speak the readout
  (``aria-valuetext``), not the index of the chosen option.

The quiz keeps its own announcer (:mod:`coursekit.widgets.quizzes`).
"""

from __future__ import annotations

from html.parser import HTMLParser

import anywidget
import traitlets

__all__ = ["FOCUS_CSS", "Announcer", "heading_text", "plain_text"]

#: A focus ring on every control of the kit's widgets: 3 px dark blue (contrast above
#: 3:1 on white and on JupyterLab's light grey) with a white halo for dark backgrounds.
FOCUS_CSS = """
[class*="ck-"] :is(input, select, textarea, button, a, summary, [role="slider"],
  [tabindex]):focus-visible {
  outline: 3px solid #1a4f8b !important;
  outline-offset: 2px !important;
  box-shadow: 0 0 0 5px #ffffff !important;
}
.ck-announce {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
"""

_ESM = r"""
const KEEP = new Set(["ArrowUp", "ArrowDown", "ArrowLeft", "ArrowRight", "Home", "End",
                      "PageUp", "PageDown", "Enter", " "]);
function operates(target, key) {
  // Which keys a focused control needs for itself (the rest go to JupyterLab).
  const tag = (target.tagName || "").toLowerCase();
  const type = (target.type || "").toLowerCase();
  if (target.isContentEditable || tag === "textarea") return true;
  if (tag === "input" && !["radio", "checkbox", "range", "button", "submit"].includes(type)) {
    return true;
  }
  if (tag === "select" || type === "radio" || type === "range" ||
      target.getAttribute("role") === "slider") return KEEP.has(key);
  if (["button", "a", "summary"].includes(tag) || ["checkbox", "button", "submit"].includes(type)) {
    return key === "Enter" || key === " ";
  }
  return false;
}
function labelSliders(host) {
  // ipywidgets' slider handle (role="slider") has no name and, for a selection
  // slider, speaks the option's index: name it by the widget's label and let it speak
  // the readout ("Day", "Mon 11 Aug").
  const observers = [];
  for (const handle of host.querySelectorAll('[role="slider"]:not([data-ck-named])')) {
    handle.dataset.ckNamed = "1";
    const box = handle.closest(".widget-slider") || handle.closest(".jupyter-widgets");
    const label = box && box.querySelector(".widget-label");
    const readout = box && box.querySelector(".widget-readout");
    const name = label ? label.textContent.replace(/:\s*$/, "").trim() : "";
    if (name && !handle.getAttribute("aria-label")) handle.setAttribute("aria-label", name);
    if (readout) {
      const speak = () => handle.setAttribute("aria-valuetext", readout.textContent.trim());
      speak();
      const observer = new MutationObserver(speak);
      observer.observe(readout, { childList: true, characterData: true, subtree: true });
      observer.observe(handle, { attributes: true, attributeFilter: ["aria-valuenow"] });
      observers.push(observer);
    }
  }
  return observers;
}
function render({ model, el }) {
  const region = document.createElement("div");
  region.className = "ck-announce";
  region.setAttribute("role", "status");
  region.setAttribute("aria-live", "polite");
  region.setAttribute("aria-atomic", "true");
  const update = () => { region.textContent = model.get("message"); };
  model.on("change:message", update);
  update();
  el.appendChild(region);
  const onKey = (event) => {
    if (operates(event.target, event.key)) event.stopPropagation();
  };
  let host = null;
  let observers = [];
  const timers = [];
  let tries = 0;
  const timer = setInterval(() => {
    // The widget (a VBox with a ck- class) is attached a moment after this view.
    host = el.closest('[class*="ck-"]:not(.ck-announce)');
    if (host || ++tries > 100) {
      clearInterval(timer);
      if (host && !host.dataset.ckKeys) {
        host.dataset.ckKeys = "1";
        host.addEventListener("keydown", onKey);
        // The slider may draw a moment later than this view: look again shortly.
        for (const wait of [0, 500, 2000]) {
          timers.push(setTimeout(() => observers.push(...labelSliders(host)), wait));
        }
      }
    }
  }, 100);
  return () => {
    clearInterval(timer);
    model.off("change:message", update);
    timers.forEach(clearTimeout);
    observers.forEach((observer) => observer.disconnect());
    if (host) { host.removeEventListener("keydown", onKey); delete host.dataset.ckKeys; }
  };
}
export default { render };
"""


class Announcer(anywidget.AnyWidget):
    """A polite live region (plus keyboard pass-through and focus rings) for a widget.

    Add it as the widget's last child and call :meth:`say` with each new result.
    """

    _esm = traitlets.Unicode(_ESM).tag(sync=True)
    _css = traitlets.Unicode(FOCUS_CSS).tag(sync=True)
    message = traitlets.Unicode("").tag(sync=True)

    def say(self, text: str) -> None:
        """Announce ``text`` (announced again even when it equals the last message)."""
        text = " ".join(text.split())
        # A live region reads a change only; alternate a trailing no-break space.
        self.message = text + "\u00a0" if self.message == text else text


class _Headings(HTMLParser):
    def __init__(self, tags: tuple[str, ...]) -> None:
        super().__init__()
        self.tags = tags
        self.depth = 0
        self.parts: list[str] = []
        self.current: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.tags:
            self.depth += 1

    def handle_endtag(self, tag: str) -> None:
        if tag in self.tags and self.depth:
            self.depth -= 1
            if not self.depth:
                text = " ".join("".join(self.current).split())
                if text:
                    self.parts.append(text.rstrip(".:") + ".")
                self.current = []

    def handle_data(self, data: str) -> None:
        if self.depth:
            self.current.append(data)


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.parts: list[str] = []

    def handle_data(self, data: str) -> None:
        self.parts.append(data)


def plain_text(html: str) -> str:
    """The text of an HTML fragment, tags removed and spaces collapsed (for announcing)."""
    parser = _Text()
    parser.feed(html)
    parser.close()
    return " ".join("".join(parser.parts).split())


def heading_text(html: str, tags: tuple[str, ...] = ("h3", "h4", "strong")) -> str:
    """The text of a view's headings and bold lines, as one sentence per element.

    Parameters
    ----------
    html
        The widget's HTML (already escaped).
    tags
        Elements whose text summarises the view.

    Returns
    -------
    str
        E.g. ``"On Friday 8 August 2025. Public by this day: 12 of 40 events."``
    """
    parser = _Headings(tags)
    parser.feed(html)
    parser.close()
    return " ".join(parser.parts)
