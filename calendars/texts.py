"""Every word a feed shows, in Finnish (the default) and English."""

from __future__ import annotations

import datetime as dt

LANGUAGES = ("fi", "en")
DEFAULT_LANGUAGE = "fi"

TEXTS: dict[str, dict[str, str]] = {
    "fi": {
        "calendar": "Kotoplan",
        "coordinator": "koordinaattori",
        "group": "Ryhmä: {name}",
        "childcare": "Lastenhoito: {name}",
        "home_visit": "Kotikäynti: {area} ({code})",
        "guidance": "Ohjaus: {venue} ({code})",
        "travel": "Matka {origin} → {target}",
        "cancelled": "Peruttu: ",
        "category_group": "Ryhmä",
        "category_childcare": "Lastenhoito",
        "category_home_visit": "Kotikäynti",
        "category_guidance": "Ohjaus",
        "category_travel": "Matka",
        "place": "Paikka: {place}",
        "area": "Alue: {area}",
        "address": "Osoite: {address}",
        "participant": "Asiakas: {code}",
        "staff": "Työntekijä: {names}",
        "facilitators": "Ohjaajat: {names}",
        "interpreters": "Tulkit: {names}",
        "interpreter": "Tulkki: {names}",
        "remote": "{name} (etänä)",
        "remote_interpreting": "Tulkkaus etänä",
        "carers": "Lastenhoitajat: {names}",
        "carer": "Hoitaja: {names}",
        "language": "Kieli: {names}",
        "interpreting": "Tulkkaus: {names}",
        "meets": "Ryhmä kokoontuu klo {start}–{end}",
        "childcare_provided": "Lastenhoito järjestetty",
        "children": "Lapset: {bands}",
        "band_under_1": "alle 1 v: {n}",
        "band_1_2": "1–2 v: {n}",
        "band_3_up": "3–{top} v: {n}",
        "family_languages": "Perheiden kielet: {names}",
        "members": "Osallistujia: {n}",
        "details": "Tiedot: {url}",
        "person": "{summary} – {name}",
        "clock": "%H.%M",
    },
    "en": {
        "calendar": "Kotoplan",
        "coordinator": "coordinator",
        "group": "Group: {name}",
        "childcare": "Childcare: {name}",
        "home_visit": "Home visit: {area} ({code})",
        "guidance": "Guidance: {venue} ({code})",
        "travel": "Travel {origin} → {target}",
        "cancelled": "Cancelled: ",
        "category_group": "Group",
        "category_childcare": "Childcare",
        "category_home_visit": "Home visit",
        "category_guidance": "Guidance",
        "category_travel": "Travel",
        "place": "Place: {place}",
        "area": "Area: {area}",
        "address": "Address: {address}",
        "participant": "Participant: {code}",
        "staff": "Staff: {names}",
        "facilitators": "Facilitators: {names}",
        "interpreters": "Interpreters: {names}",
        "interpreter": "Interpreter: {names}",
        "remote": "{name} (remote)",
        "remote_interpreting": "Remote interpreting",
        "carers": "Carers: {names}",
        "carer": "Carer: {names}",
        "language": "Language: {names}",
        "interpreting": "Interpreting: {names}",
        "meets": "The group meets {start}–{end}",
        "childcare_provided": "Childcare provided",
        "children": "Children: {bands}",
        "band_under_1": "under 1: {n}",
        "band_1_2": "1–2: {n}",
        "band_3_up": "3–{top}: {n}",
        "family_languages": "Languages of the families: {names}",
        "members": "Participants: {n}",
        "details": "Details: {url}",
        "person": "{summary} – {name}",
        "clock": "%H:%M",
    },
}

# ISO 639-1 names of the languages the project's families usually speak; others show as codes.
LANGUAGE_NAMES: dict[str, dict[str, str]] = {
    "fi": {
        "am": "amhara", "ar": "arabia", "de": "saksa", "en": "englanti", "es": "espanja",
        "et": "viro", "fa": "persia", "fi": "suomi", "fr": "ranska", "ku": "kurdi",
        "ps": "pashto", "ru": "venäjä", "se": "saame", "so": "somali", "sq": "albania",
        "sv": "ruotsi", "th": "thai", "ti": "tigrinja", "tr": "turkki", "uk": "ukraina",
        "ur": "urdu", "vi": "vietnam", "zh": "kiina",
    },
    "en": {
        "am": "Amharic", "ar": "Arabic", "de": "German", "en": "English", "es": "Spanish",
        "et": "Estonian", "fa": "Persian", "fi": "Finnish", "fr": "French", "ku": "Kurdish",
        "ps": "Pashto", "ru": "Russian", "se": "Sami", "so": "Somali", "sq": "Albanian",
        "sv": "Swedish", "th": "Thai", "ti": "Tigrinya", "tr": "Turkish", "uk": "Ukrainian",
        "ur": "Urdu", "vi": "Vietnamese", "zh": "Chinese",
    },
}  # fmt: skip


class Wording:
    """The words of one language, with the few ways feeds put them together."""

    def __init__(self, lang: str = DEFAULT_LANGUAGE):
        if lang not in TEXTS:
            raise ValueError(f'no feed texts in "{lang}"; there are {", ".join(LANGUAGES)}')
        self.lang = lang
        self.texts = TEXTS[lang]

    def __call__(self, key: str, **values: object) -> str:
        """The text `key` with its placeholders filled in."""
        return self.texts[key].format(**values)

    def names(self, key: str, names: list[str]) -> str:
        """`Ohjaajat: Hanna, Amal`."""
        return self(key, names=", ".join(names))

    def languages(self, codes: list[str]) -> str:
        """Language names in this language, in alphabetical order (unknown codes as such)."""
        known = LANGUAGE_NAMES[self.lang]
        return ", ".join(sorted({known.get(code, code) for code in codes}))

    def clock(self, start: dt.datetime, end: dt.datetime) -> tuple[str, str]:
        """Start and end on the wall clock of their own time zone: `10.00`, `12.00`."""
        form = self.texts["clock"]
        return start.strftime(form), end.strftime(form)
