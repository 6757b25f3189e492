"""Clause files, document files and rule files on disk (YAML front matter + body)."""
