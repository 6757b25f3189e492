"""Light and dark palettes follow the system scheme; status colours stay readable in both."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from app.resources import resource_path
from app.ui.icons import ICON_NAMES, IconSet
from app.ui.theme import DARK, ICON_COLOUR, LIGHT, Theme, ThemeController, contrast_ratio


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=lambda t: t.name)
def test_change_and_severity_colours_have_readable_contrast(theme: Theme) -> None:
    pairs = [
        (theme.insert_fg, theme.insert_bg),
        (theme.delete_fg, theme.delete_bg),
        (theme.text, theme.base),
        (theme.muted_text, theme.base),
        (theme.muted_text, theme.window),
        (theme.highlighted_text, theme.highlight),
    ]
    pairs += [
        (fg, bg)
        for fg in (theme.high_fg, theme.medium_fg, theme.low_fg, theme.info_fg)
        for bg in (theme.base, theme.alternate_base)
    ]
    too_low = [
        (fg, bg, round(contrast_ratio(fg, bg), 2))
        for fg, bg in pairs
        if contrast_ratio(fg, bg) < 4.5
    ]
    assert too_low == []


@pytest.mark.parametrize("theme", [LIGHT, DARK], ids=lambda t: t.name)
def test_icons_stand_out_from_both_backgrounds(theme: Theme) -> None:
    assert contrast_ratio(ICON_COLOUR, theme.base) >= 3.0
    assert contrast_ratio(ICON_COLOUR, theme.window) >= 3.0


def test_contrast_ratio_of_black_on_white_is_21() -> None:
    assert contrast_ratio("#000000", "#ffffff") == pytest.approx(21.0)


def test_palette_follows_the_colour_scheme(qapp: QApplication) -> None:
    controller = ThemeController(qapp)
    try:
        controller.set_scheme(Qt.ColorScheme.Dark)
        assert controller.theme is DARK
        assert qapp.palette().color(QPalette.ColorRole.Base).name() == DARK.base
        controller.set_scheme(Qt.ColorScheme.Light)
        assert controller.theme is LIGHT
        assert qapp.palette().color(QPalette.ColorRole.Base).name() == LIGHT.base
    finally:
        controller.set_scheme(Qt.ColorScheme.Unknown)
        controller.deleteLater()
    # offscreen reports no scheme; following the system then means the light theme
    assert QGuiApplication.styleHints().colorScheme() != Qt.ColorScheme.Dark
    assert controller.theme is LIGHT


def test_every_icon_named_in_code_is_shipped_and_renders(qapp: QApplication) -> None:
    icons = IconSet(resource_path("icons"))
    for name in ICON_NAMES:
        assert not icons.icon(name).pixmap(24, 24).isNull(), name
