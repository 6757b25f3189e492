"""Detection rules, the scanner, and evaluation against labelled data."""
