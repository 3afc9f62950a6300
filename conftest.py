"""Shared pytest setup for the unit tests and the nbval run over lessons/.

Lesson kernels inherit this process's environment, so setting it here gives nbval the same
deterministic settings ``smx-course execute`` used when the outputs were stored.
"""

import os
import tempfile
from pathlib import Path

from scleromyxedema_course.execute import deterministic_env

_scratch = Path(tempfile.mkdtemp(prefix="smx-test-"))
os.environ.update(deterministic_env(_scratch))
