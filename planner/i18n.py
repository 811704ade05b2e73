"""The one catalogue of the texts that `planner` and `calendars` write without Flask.

Feed events, change notices, the printed report and the ESF entry words are written in
English, which is also each text's msgid; Finnish is their translation, compiled from
`planner/translations/fi/LC_MESSAGES/messages.po` into the `.mo` beside it. English needs
no catalogue. The web front keeps its own catalogue (`web/translations`) for its pages and
asks these modules for their words in the request's language.

In code, `say("Group: {name}", name=...)` (a `Words`) translates and fills in the
placeholders, `N_` marks a text kept in a table to be translated later, and `C_` does the
same for a text with a context (one English word with two Finnish ones). `pybabel extract
-F planner/babel.cfg` finds all three (README, Development).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from babel.support import NullTranslations, Translations

LANGUAGES = ("fi", "en")
DEFAULT_LANGUAGE = "fi"
SOURCE_LANGUAGE = "en"
CATALOGUE = Path(__file__).resolve().with_name("translations")
DOMAIN = "messages"


@cache
def translations(lang: str) -> NullTranslations:
    """The compiled translations of `lang`, read once; English is the source, as written.

    A missing `.mo` is an error rather than Babel's silent fall back to English: a feed in
    the wrong language would reach every subscriber.
    """
    if lang not in LANGUAGES:
        raise ValueError(f'no texts in "{lang}"; there are {", ".join(LANGUAGES)}')
    if lang == SOURCE_LANGUAGE:
        return NullTranslations()
    with (CATALOGUE / lang / "LC_MESSAGES" / f"{DOMAIN}.mo").open("rb") as file:
        return Translations(file, domain=DOMAIN)


def known(lang: str | None) -> str:
    """`lang` where the catalogue has it, else the default language (Finnish)."""
    return lang if lang in LANGUAGES else DEFAULT_LANGUAGE


def N_(message: str) -> str:
    """Mark `message` for the catalogue, to be translated where it is shown."""
    return message


def C_(context: str, message: str) -> str:
    """Mark `message` for the catalogue in `context`; shown with `Words.within`."""
    return message


class Words:
    """The texts of one language: each English text translated, its placeholders filled."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.translations = translations(lang)

    def __call__(self, message: str, **values: object) -> str:
        """`message` in this language, `{placeholders}` filled in from `values`."""
        return self.translations.gettext(message).format(**values)

    def within(self, context: str, message: str, **values: object) -> str:
        """`message` of `context` in this language, placeholders filled in."""
        return self.translations.pgettext(context, message).format(**values)
