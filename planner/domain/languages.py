"""The names of languages, which scenarios write as ISO 639 codes.

Names come from the Unicode CLDR through Babel: English for the plan's own texts (reasons,
the CLI); the web front asks for its own language and has the Finnish cases
(`web/coordinator/reasons.py`). A code CLDR does not know is shown as it is.
"""

from __future__ import annotations

from functools import cache

from babel import Locale


@cache
def _names(locale: str) -> dict[str, str]:
    return dict(Locale.parse(locale).languages)


def language_name(code: str, locale: str = "en") -> str:
    """A language's name in `locale` (English by default), or the code where it is unknown."""
    return _names(locale).get(code, code)
