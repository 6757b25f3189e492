"""Opening the default library seeds it once with the shipped clauses; --db is used as is."""

from __future__ import annotations

from pathlib import Path

from app.domain.clause import Status, Tier
from app.files.clause_files import read_clause_folder
from app.resources import shipped_library_dir
from app.services.opening import open_library
from app.services.paths import AppPaths


def test_first_open_loads_the_shipped_library_once(app_paths: AppPaths) -> None:
    library = open_library(app_paths)
    shipped = len(read_clause_folder(shipped_library_dir()))
    assert library.count() == shipped >= 40
    library.retire("non-compete")
    library.database.dispose()
    again = open_library(app_paths)
    assert again.count() == shipped
    assert again.get("non-compete").status is Status.RETIRED, "a second start does not re-import"
    again.database.dispose()
    assert app_paths.default_database.exists()


def test_a_named_database_is_used_as_it_is(app_paths: AppPaths, tmp_path: Path) -> None:
    library = open_library(app_paths, f"sqlite:///{tmp_path / 'team.db'}")
    assert library.count() == 0
    library.database.dispose()
    assert not app_paths.data_dir.exists()


def test_compete_finds_the_competitor_training_tiers_with_snippets(app_paths: AppPaths) -> None:
    library = open_library(app_paths)
    hits = library.search("compete")
    keys = [h.key for h in hits]
    for tier in ("preferred", "fallback", "walk-away"):
        assert f"competitor-training-{tier}" in keys[:6]
    hit = next(h for h in hits if h.key == "competitor-training-preferred")
    assert hit.highlights
    assert all(hit.snippet[a:b].lower().startswith("compet") for a, b in hit.highlights)
    positions = library.positions("competitor-training")
    assert [p.tier for p in positions] == [Tier.PREFERRED, Tier.FALLBACK, Tier.WALK_AWAY]
    library.database.dispose()


def test_shipped_library_export_reproduces_the_shipped_files(
    app_paths: AppPaths, tmp_path: Path
) -> None:
    library = open_library(app_paths)
    library.export_folder(tmp_path / "out")
    library.database.dispose()
    for path in sorted(shipped_library_dir().glob("*.md")):
        if path.name == "README.md":
            continue
        exported = tmp_path / "out" / path.name
        assert exported.read_bytes() == path.read_bytes(), path.name
