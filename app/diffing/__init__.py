"""Tokenising, word-level diff, clause alignment and change classification."""
