"""The domain's catalogue: English as written, Finnish from the compiled `.mo`, and no
silent fall back to English when the catalogue is missing."""

from __future__ import annotations

from pathlib import Path

import pytest

from calendars.texts import Wording
from planner import i18n
from planner.i18n import Words, known


def test_english_is_the_text_as_written_and_finnish_its_translation() -> None:
    assert Words("en")("Group: {name}", name="Naisten ryhmä") == "Group: Naisten ryhmä"
    assert Words("fi")("Group: {name}", name="Naisten ryhmä") == "Ryhmä: Naisten ryhmä"


def test_one_english_word_has_a_finnish_word_for_each_context() -> None:
    say = Words("fi")
    assert say.within("answer", "Inactive") == "Työvoiman ulkopuolella"
    assert say.within("indicator", "Inactive") == "Työvoiman ulkopuolella olevat"


@pytest.mark.parametrize(
    ("lang", "expected"), [("fi", "fi"), ("en", "en"), ("sv", "fi"), (None, "fi")]
)
def test_a_language_without_a_catalogue_reads_finnish_where_it_may(
    lang: str | None, expected: str
) -> None:
    assert known(lang) == expected


def test_a_feed_in_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match='no feed texts in "sv"'):
        Wording("sv")


def test_a_missing_catalogue_is_an_error_not_english(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(i18n, "CATALOGUE", tmp_path)
    i18n.translations.cache_clear()
    try:
        with pytest.raises(FileNotFoundError):
            i18n.translations("fi")
        assert i18n.translations("en").gettext("Group: {name}") == "Group: {name}"
    finally:
        i18n.translations.cache_clear()


def test_language_names_are_sorted_in_the_reader_s_language() -> None:
    assert Wording("fi").languages(["ar", "so", "xx", "ar"]) == "arabia, somali, xx"
    assert Wording("en").languages(["so", "ar"]) == "Arabic, Somali"
