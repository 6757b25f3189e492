"""The window: main window, item models, views, dialogs, highlighter, background runner."""
