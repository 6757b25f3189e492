"""Reading Markdown and plain-text documents into clauses."""

from app.importing.markdown import read_markdown
from app.importing.text import read_text

__all__ = ["read_markdown", "read_text"]
