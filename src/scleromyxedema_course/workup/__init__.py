"""Work-up, follow-up and emergencies: the work-up checklist tool and the prognosis figure.

``model`` loads and validates the data (pure), ``views`` renders static HTML, ``tool`` the
live checklist, ``figures`` the plots. This face only re-exports what a lesson calls.
"""

from __future__ import annotations

from .figures import outcomes as outcomes_figure
from .model import (
    Checklist,
    WorkupDataError,
    citation_keys,
    load_checklist,
    load_outcomes,
    plan,
    problems,
)
from .tool import checklist_tool
from .views import checklist, checklist_html

__all__ = [
    "Checklist", "WorkupDataError", "checklist", "checklist_html", "checklist_tool",
    "citation_keys", "load_checklist", "load_outcomes", "outcomes_figure", "plan", "problems",
]
