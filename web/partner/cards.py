"""A shift's card on the partner's pages, rendered once per what it shows.

A card is the same HTML for every user of the organisation until the shift, its words,
its answer or the language changes, or the shift begins; rendering it anew took half of
a portal page's time. Only the form's CSRF token differs from one login session to the
next: it is taken out of the kept card and put back in on the way out. A card showing
an error message is never kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable

from flask import current_app
from flask_wtf.csrf import generate_csrf
from markupsafe import Markup

from web import i18n
from web.memo import memo
from web.partner import bp
from web.shiftviews import ShiftView

MACRO = "kotoplan.shift_card"
TOKEN = "\x00csrf\x00"  # stands for the token in a kept card: it cannot occur in HTML text


def card_key(view: ShiftView, now: dt.datetime, back: str, compact: bool) -> Hashable:
    """Everything a card shows, as a key: the shift, its words, its answer, whether open."""
    answer = view.answer
    said = answer and (
        answer.id, answer.status, answer.reason, answer.responded_at, answer.responded_by,
        answer.link_id,
    )  # fmt: skip
    return (
        i18n.language(), back, compact, view.week, view.shift, view.event, view.carer,
        said, view.outdated, view.open_for_answers(now),
    )  # fmt: skip


def _macro():
    """The card's macro, found once an app (not once a card)."""
    kept = current_app.extensions.get(MACRO)
    if kept is None:
        kept = current_app.jinja_env.get_template("partner/_shift.html").module.shift_card
        if not current_app.jinja_env.auto_reload:  # templates being edited are read anew
            current_app.extensions[MACRO] = kept
    return kept


@bp.app_template_global("shift_card")
def shift_card(
    view: ShiftView, now: dt.datetime, errors: dict[str, str], back: str, compact: bool = False
) -> Markup:
    """The card of a shift (`partner/_shift.html`), from the kept ones when it is there."""
    macro = _macro()
    if errors.get(view.shift.id):
        return Markup(macro(view, now, errors, back, compact))
    token = generate_csrf()

    def render() -> str:
        return str(macro(view, now, errors, back, compact)).replace(token, TOKEN)

    kept = memo("cards").get_or_build(card_key(view, now, back, compact), render)
    return Markup(kept.replace(TOKEN, token))
