"""The look: Fusion style, a light and a dark palette, and colours for risk, severity and change."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QColor, QFont, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory


@dataclass(frozen=True)
class Theme:
    """One colour scheme. ``*_fg`` colours are text colours, ``*_bg`` the fills behind them."""

    name: str
    window: str
    base: str
    alternate_base: str
    text: str
    muted_text: str
    button: str
    highlight: str
    highlighted_text: str
    inactive_highlight: str
    link: str
    border: str
    insert_fg: str
    insert_bg: str
    delete_fg: str
    delete_bg: str
    high_fg: str
    medium_fg: str
    low_fg: str
    info_fg: str

    @property
    def is_dark(self) -> bool:
        return self.name == "dark"

    def risk_colour(self, risk: str) -> str:
        return {"high": self.high_fg, "medium": self.medium_fg, "low": self.low_fg}.get(
            risk, self.info_fg
        )


LIGHT = Theme(
    name="light",
    window="#f4f5f7",
    base="#ffffff",
    alternate_base="#f7f8fa",
    text="#1f2328",
    muted_text="#59636e",
    button="#eceef1",
    highlight="#2f5fb3",
    highlighted_text="#ffffff",
    inactive_highlight="#dce5f4",
    link="#1f56a8",
    border="#d0d5dc",
    insert_fg="#0b5a2a",
    insert_bg="#dcf3e3",
    delete_fg="#9a1b1b",
    delete_bg="#fbe0e0",
    high_fg="#b0191e",
    medium_fg="#8a5300",
    low_fg="#2d6a3a",
    info_fg="#3d5a80",
)

DARK = Theme(
    name="dark",
    window="#1e2126",
    base="#16181c",
    alternate_base="#1c1f24",
    text="#e6e8eb",
    muted_text="#a2abb6",
    button="#2a2e35",
    highlight="#3d6fc4",
    highlighted_text="#ffffff",
    inactive_highlight="#2b3a55",
    link="#8ab4f8",
    border="#3a3f47",
    insert_fg="#9be3b0",
    insert_bg="#173d26",
    delete_fg="#ffb3ad",
    delete_bg="#4a1d1f",
    high_fg="#ff8a80",
    medium_fg="#f2c14e",
    low_fg="#8fd19e",
    info_fg="#9ec5ff",
)


def relative_luminance(colour: str) -> float:
    """WCAG 2.x relative luminance of a ``#rrggbb`` colour."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * channel(r) + 0.7152 * channel(g) + 0.0722 * channel(b)


def contrast_ratio(foreground: str, background: str) -> float:
    """WCAG contrast ratio between two colours (1 to 21; body text needs >= 4.5)."""
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def palette_for(theme: Theme) -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: theme.window,
        QPalette.ColorRole.WindowText: theme.text,
        QPalette.ColorRole.Base: theme.base,
        QPalette.ColorRole.AlternateBase: theme.alternate_base,
        QPalette.ColorRole.Text: theme.text,
        QPalette.ColorRole.Button: theme.button,
        QPalette.ColorRole.ButtonText: theme.text,
        QPalette.ColorRole.Highlight: theme.highlight,
        QPalette.ColorRole.HighlightedText: theme.highlighted_text,
        QPalette.ColorRole.Link: theme.link,
        QPalette.ColorRole.ToolTipBase: theme.base,
        QPalette.ColorRole.ToolTipText: theme.text,
        QPalette.ColorRole.PlaceholderText: theme.muted_text,
        QPalette.ColorRole.Mid: theme.border,
        QPalette.ColorRole.BrightText: theme.highlighted_text,
    }
    for role, colour in roles.items():
        palette.setColor(role, QColor(colour))
    # Selections in views without focus are calm, so the focused view's selection stands out.
    inactive = QPalette.ColorGroup.Inactive
    palette.setColor(inactive, QPalette.ColorRole.Highlight, QColor(theme.inactive_highlight))
    palette.setColor(inactive, QPalette.ColorRole.HighlightedText, QColor(theme.text))
    for role in (
        QPalette.ColorRole.WindowText,
        QPalette.ColorRole.Text,
        QPalette.ColorRole.ButtonText,
    ):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor(theme.muted_text))
    return palette


ICON_COLOUR = "#6b7785"  # one neutral tone: >= 3:1 against both themes' backgrounds


def theme_for_scheme(scheme: Qt.ColorScheme) -> Theme:
    """Dark only when the system says so; offscreen and old desktops report Unknown."""
    return DARK if scheme == Qt.ColorScheme.Dark else LIGHT


STYLESHEET = """
QMainWindow::separator { width: 1px; height: 1px; background: palette(mid); }
QDockWidget::title { padding: 6px 8px; }
QTabBar::tab { padding: 6px 14px; }
QLineEdit, QPlainTextEdit, QComboBox { padding: 3px 5px; }
QTableView { gridline-color: palette(mid); }
QHeaderView::section { padding: 4px 6px; border: none;
                       border-bottom: 1px solid palette(mid); }
QLabel[role="heading"] { font-weight: 600; }
QLabel[role="muted"] { color: %(muted)s; }
QLabel[role="empty-state"] { color: %(muted)s; padding: 24px; }
"""


class ThemeController(QObject):
    """Applies the theme that matches the system colour scheme and follows its changes.

    Signals:
        theme_changed(Theme): the palette was replaced (views re-colour their redlines).
    """

    theme_changed = Signal(object)

    def __init__(self, app: QApplication) -> None:
        super().__init__(app)
        self._app = app
        self.theme = LIGHT
        app.setStyle(QStyleFactory.create("Fusion"))
        _set_base_font(app)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._on_hints_scheme_changed)
        self._apply(theme_for_scheme(QGuiApplication.styleHints().colorScheme()))

    def set_scheme(self, scheme: Qt.ColorScheme) -> None:
        """Light or Dark on request; Unknown follows the system again.

        The request is passed to Qt (so native dialogs follow where the platform can), and the
        palette is applied here too: platforms that cannot switch (offscreen, many X11
        desktops) ignore the request and report Unknown.
        """
        hints = QGuiApplication.styleHints()
        if scheme == Qt.ColorScheme.Unknown:
            hints.unsetColorScheme()
            self._apply(theme_for_scheme(hints.colorScheme()))
            return
        hints.setColorScheme(scheme)
        self._apply(theme_for_scheme(scheme))

    def _on_hints_scheme_changed(self, scheme: Qt.ColorScheme) -> None:
        self._apply(theme_for_scheme(scheme))

    def _apply(self, theme: Theme) -> None:
        self.theme = theme
        self._app.setPalette(palette_for(theme))
        self._app.setStyleSheet(STYLESHEET % {"muted": theme.muted_text})
        self.theme_changed.emit(theme)


def _set_base_font(app: QApplication) -> None:
    font = app.font()
    if font.pointSizeF() < 10:
        font.setPointSizeF(10)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    app.setFont(font)
