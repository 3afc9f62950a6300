"""A broken content file is reported with its name, line and column, in the caller's error."""

import pytest

from scleromyxedema_course.core import content
from scleromyxedema_course.refs import glossary


def test_yaml_syntax_error_names_file_line_and_column(tmp_path):
    bad = tmp_path / "glossary.yaml"
    bad.write_text("- term: Mucin\n  definition: [unclosed\n")
    with pytest.raises(glossary.GlossaryError, match=r"glossary\.yaml, line \d+, column \d+"):
        glossary.load(bad)
    with pytest.raises(ValueError, match="YAML syntax error"):
        content.load_yaml(bad)
