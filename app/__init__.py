"""Clausewright: clause library, terms drafting, redlines and contract review."""
