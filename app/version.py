"""The version of Clausewright, written here only: --version, About, bundle, Word properties."""

__version__ = "0.1.0"
