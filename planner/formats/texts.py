"""The words of `planner.formats`: English in the source, translated by whoever shows them.

The planner knows no language catalogue: a front that has one installs its translator
with `translate_with` (the web installs Flask-Babel's, which falls back to English outside
a request). Without one, texts stay English, as the command line shows them. The call
sites use the names `_` and `_l`, so the catalogue's extractor finds them.
"""

from __future__ import annotations

from collections.abc import Callable

_translator: Callable[[str], str] = str


def translate_with(translator: Callable[[str], str] | None) -> None:
    """Translate every text of the formats with this (None: English again)."""
    global _translator
    _translator = translator or str


def gettext(message: str, **values: object) -> str:
    """A text in the reader's language, its `%(name)s` places filled from `values`."""
    text = _translator(message)
    return text % values if values else text


class LazyText:
    """A text translated only when it is shown, so it can be defined at import time."""

    def __init__(self, message: str) -> None:
        self.message = message

    def __str__(self) -> str:
        return gettext(self.message)

    def __html__(self) -> str:  # Jinja escapes it as the text it is
        from markupsafe import escape

        return str(escape(str(self)))

    def __repr__(self) -> str:
        return f"LazyText({self.message!r})"


def lazy_gettext(message: str) -> LazyText:
    """A text to translate when it is shown."""
    return LazyText(message)
