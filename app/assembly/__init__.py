"""Rendering a terms document from clauses: variables, conditions, numbering, cross-references."""
