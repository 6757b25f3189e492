"""Where the application keeps its files; computed by the entry point and passed in."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class AppPaths:
    """The user's data folder and the shipped files. Nothing here creates a folder."""

    data_dir: Path
    shipped_library: Path
    resources: Path

    @property
    def default_database(self) -> Path:
        return self.data_dir / "library.db"

    @property
    def default_db_url(self) -> str:
        return f"sqlite:///{self.default_database}"

    @property
    def log_file(self) -> Path:
        return self.data_dir / "clausewright.log"

    @property
    def autosave_dir(self) -> Path:
        return self.data_dir / "autosave"

    @property
    def user_rules_dir(self) -> Path:
        return self.data_dir / "rules"
