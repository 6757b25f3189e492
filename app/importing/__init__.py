"""Reading Markdown and plain-text documents into clauses."""
