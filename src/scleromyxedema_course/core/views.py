"""One display object, two faces: a live ipywidgets view and a static HTML view.

Interactive things in the lessons (quizzes, the criteria checker, the histology viewer, the
differential builder, the forest-plot filter) are shown through :class:`Dual`. Its mime bundle
carries:

* ``application/vnd.jupyter.widget-view+json``: the live widget, in a running kernel;
* ``text/html``: a self-contained static view, used wherever no kernel runs (nbconvert
  handouts and slides, a notebook opened before it is run);
* ``text/plain``: a one-line summary.

``smx-course execute`` drops the widget view and the widget state from the stored notebook
(their model ids are random and point at a kernel that is gone), so stored outputs are the
deterministic static view and nbval compares them. Running the cell brings the live widget back.
"""

from __future__ import annotations

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"


class HtmlOutput:
    """Static HTML output: ``body`` is the whole display, ``text`` a one-line summary."""

    def __init__(self, body: str, text: str):
        self.body, self.text = body, text

    def _repr_html_(self) -> str:
        return self.body

    def __repr__(self) -> str:
        return self.text


class Dual:
    def __init__(self, widget, html: str, text: str):
        self.widget, self.html, self.text = widget, html, text

    def _repr_mimebundle_(self, include=None, exclude=None):
        bundle = {"text/plain": self.text, "text/html": self.html}
        view = self.widget._repr_mimebundle_() if self.widget is not None else None
        if view and WIDGET_VIEW in view:
            bundle[WIDGET_VIEW] = view[WIDGET_VIEW]
        return bundle

    def __repr__(self) -> str:
        return self.text


class Tool:
    """The one shape of an interactive tool (criteria checker, histology viewer, differential
    builder, forest-plot filter).

    A subclass builds its controls in ``__init__`` and keeps them as attributes (tests drive
    them without a browser), sets ``self.widget`` to the live face (an ipywidgets box) and
    ``self.text`` to a one-line summary, and returns the face shown where no kernel runs from
    :meth:`static_html`. :meth:`dual` joins the two faces in one :class:`Dual`; displaying
    the tool itself shows the same bundle.
    """

    widget = None
    text = "Interactive tool"

    def static_html(self) -> str:
        raise NotImplementedError

    def dual(self) -> Dual:
        return Dual(self.widget, self.static_html(), self.text)

    def _repr_mimebundle_(self, include=None, exclude=None):
        return self.dual()._repr_mimebundle_(include, exclude)

    def __repr__(self) -> str:
        return self.text


def strip_widget_views(nb) -> None:
    """Remove live-widget views and state from a notebook, keeping their static faces."""
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data")
            if data and WIDGET_VIEW in data:
                del data[WIDGET_VIEW]
