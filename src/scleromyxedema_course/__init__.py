"""Helpers for the scleromyxedema course: lessons call these, tests cover them.

Submodules are imported on demand (``from scleromyxedema_course import plots``) so that
a lesson's first cell stays fast: nothing heavy is imported here.
"""

__version__ = "0.1.0"
