"""`planner.formats`: people lists read without the web, their words English or translated."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from planner.formats import people, texts
from planner.formats.sheets import SheetError, Table, read_table
from planner.formats.values import BadValue, number


@pytest.fixture
def translated() -> Iterator[None]:
    """A translator that marks what it translated, put back to none afterwards."""
    texts.translate_with(lambda message: f"[{message}]")
    try:
        yield
    finally:
        texts.translate_with(None)


def test_the_words_are_english_without_a_translator() -> None:
    with pytest.raises(SheetError, match=r"^The file is empty\.$"):
        read_table("list.csv", b"  ")
    with pytest.raises(BadValue, match='"x" is not a number.'):
        number("x")


def test_an_installed_translator_gets_the_text_before_its_values(translated: None) -> None:
    with pytest.raises(BadValue) as error:
        number("abc")
    assert str(error.value) == '["abc" is not a number.]'  # the values are put in afterwards


def test_a_lazy_text_is_translated_when_shown_not_when_made() -> None:
    text = texts.lazy_gettext("Full name.")
    texts.translate_with({"Full name.": "Koko nimi."}.get)
    try:
        assert str(text) == "Koko nimi."
    finally:
        texts.translate_with(None)
    assert str(text) == "Full name."


@pytest.mark.parametrize(
    ("headers", "kinds"),
    [
        (["nimi", "alue", "kielet"], ["participants"]),
        (["name", "base area", "languages", "roles", "viikkotunnit", "päivätunnit"], ["staff"]),
        (["kumppani", "nimi", "alueet", "vuoroja viikossa"], ["carers"]),
        (["nimi", "kielet"], ["participants", "staff"]),  # a tie: the caller must say
        (["tunniste", "nimi", "osoite", "kielet"], ["participants"]),  # the most columns
        (["foo", "bar"], []),
    ],
    ids=["participants", "staff", "carers", "tie", "closest", "none"],
)
def test_the_kind_of_a_list_is_told_by_its_headers(headers: list[str], kinds: list[str]) -> None:
    assert people.kinds_of(Table(headers)) == kinds



def test_a_missing_reference_names_its_noun_in_the_readers_language(translated: None) -> None:
    from planner.formats.findings import reference_message

    # The noun is one of the record kinds' own words, translated like the sentence round it.
    assert reference_message('no guidance need "n-9"') == '[There is no [guidance need] "n-9".]'
    assert reference_message('no spaceship "x"') == '[There is no spaceship "x".]'
