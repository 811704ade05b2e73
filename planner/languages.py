"""The English names of the languages that Kotoplan's regions use (ISO 639-1 codes).

The scenario writes languages as codes; reasons and pages name them. The web front has the
Finnish forms (`web/coordinator/reasons.py`); a code not listed here is shown as it is.
"""

from __future__ import annotations

ENGLISH = {
    "ar": "Arabic",
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "et": "Estonian",
    "fa": "Persian",
    "fi": "Finnish",
    "fr": "French",
    "ku": "Kurdish",
    "my": "Burmese",
    "ps": "Pashto",
    "ru": "Russian",
    "so": "Somali",
    "sv": "Swedish",
    "th": "Thai",
    "ti": "Tigrinya",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "vi": "Vietnamese",
}


def language_name(code: str) -> str:
    """The English name of a language code, or the code where it is not known."""
    return ENGLISH.get(code, code)
