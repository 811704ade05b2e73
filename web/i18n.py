"""Finnish and English, and dates the Finnish way in Europe/Helsinki.

Templates are written in English and translated with gettext (`translations/fi`); Finnish
is the default. Whatever the language, dates read `ti 1.12.2026 klo 10.00` / `Tue
1.12.2026 at 10.00`, weeks `vk 49` / `wk 49`, all on Helsinki's clock.
"""

from __future__ import annotations

import datetime as dt
import functools
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from babel.dates import format_datetime, get_day_names
from babel.support import NullTranslations
from flask import Blueprint, Flask, g, has_app_context, redirect, request, session, url_for
from flask_babel import Babel, get_locale, get_translations
from flask_login import current_user
from jinja2 import pass_eval_context
from jinja2.nodes import EvalContext
from markupsafe import Markup

from planner.domain.timeparts import WEEKDAYS, WeeklyWindows
from planner.formats import texts

LANGUAGES = ("fi", "en")
ZONE = ZoneInfo("Europe/Helsinki")
PATTERNS = {
    "fi": {"datetime": "EEE d.M.yyyy 'klo' H.mm", "date": "EEE d.M.yyyy", "day": "EEE d.M."},
    "en": {"datetime": "EEE d.M.yyyy 'at' H.mm", "date": "EEE d.M.yyyy", "day": "EEE d.M."},
}
WEEK = {"fi": "vk {n}", "en": "wk {n}"}

babel = Babel()
bp = Blueprint("i18n", __name__)


def select_locale() -> str:
    """The language the user chose, else the account's, else the browser's, else Finnish."""
    chosen = session.get("lang")
    if chosen in LANGUAGES:
        return chosen
    if current_user and current_user.is_authenticated and current_user.language in LANGUAGES:
        return current_user.language
    return request.accept_languages.best_match(LANGUAGES) or "fi"


def language() -> str:
    """The language of this request, `fi` or `en` (found once a request)."""
    try:
        return g.kotoplan_language
    except AttributeError:
        locale = get_locale()
        g.kotoplan_language = locale.language if locale and locale.language in LANGUAGES else "fi"
        return g.kotoplan_language


def translations() -> NullTranslations:
    """This request's translations, looked up once.

    Flask-Babel finds them anew on every call (the request context, the locale, its
    cache), and a page makes a hundred calls: a fifth of a portal page's time went there.
    The language never changes during a request here (nothing forces another locale).
    """
    try:
        return g.kotoplan_translations
    except AttributeError:
        g.kotoplan_translations = get_translations()
        return g.kotoplan_translations


def _local(value: dt.datetime | dt.date) -> dt.datetime | dt.date:
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            # The database keeps instants in UTC; SQLite hands them back without a zone.
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(ZONE)
    return value


def finnish(value: dt.datetime | dt.date | None, form: str = "datetime") -> str:
    """A date or time the Finnish way in Helsinki: `ti 1.12.2026 klo 10.00`."""
    if value is None:
        return ""
    local = _local(value)
    if form == "time" and isinstance(local, dt.datetime):
        return clock(local)
    return _formatted(local, form, language())


@functools.lru_cache(maxsize=4096)
def _formatted(local: dt.datetime | dt.date, form: str, lang: str) -> str:
    """Babel's formatting, kept: it took a quarter of a millisecond a date."""
    return format_datetime(local, PATTERNS[lang][form], locale=lang)


def clock(value: dt.datetime) -> str:
    """The Helsinki clock time of an instant: `9.30`, `14.00`."""
    local = _local(value)
    return f"{local.hour}.{local.minute:02d}"


def weekly(windows: WeeklyWindows) -> str:
    """Weekly windows the Finnish way: `ma 9.00–12.00, 13.00–16.00; ke 9.00–12.00`."""
    names = get_day_names("abbreviated", locale=language())
    days = []
    for number, day in enumerate(WEEKDAYS):
        ranges = windows.days.get(day, ())
        if ranges:
            shown = ", ".join(f"{_clock(r.start)}–{_clock(r.end)}" for r in ranges)
            days.append(f"{names[number]} {shown}")
    return "; ".join(days)


def _clock(minutes: int) -> str:
    return f"{minutes // 60}.{minutes % 60:02d}"


def local_date(value: dt.datetime) -> str:
    """The Helsinki date of an instant, as a form sends it: `2026-12-09`."""
    return value.astimezone(ZONE).date().isoformat()


def local_hhmm(value: dt.datetime) -> str:
    """The Helsinki clock time of an instant, as a form sends it: `09:30`."""
    return value.astimezone(ZONE).strftime("%H:%M")


def week_label(week: str) -> str:
    """`2026-W49` as `vk 49` / `wk 49`."""
    return WEEK[language()].format(n=int(week.rsplit("W", 1)[1]))


@pass_eval_context
def _template_gettext(eval_ctx: EvalContext, string: str, /, **variables: object) -> str:
    """Jinja's new-style `gettext`: translated, escaped in HTML, always a format string."""
    text = translations().ugettext(string)
    if eval_ctx.autoescape:
        text = Markup(text)
    return text % variables


def _formats_text(message: str) -> str:
    """A text of `planner.formats` in this request's language; English outside the app."""
    return translations().ugettext(message) if has_app_context() else message


def init_app(app: Flask) -> None:
    """Languages, date filters and the language switch."""
    texts.translate_with(_formats_text)
    babel.init_app(app, locale_selector=select_locale, timezone_selector=lambda: "Europe/Helsinki")
    app.jinja_env.install_gettext_callables(
        gettext=lambda s: translations().ugettext(s),
        ngettext=lambda s, p, n: translations().ungettext(s, p, n),
        newstyle=True,
        pgettext=lambda c, s: translations().upgettext(c, s),
        npgettext=lambda c, s, p, n: translations().unpgettext(c, s, p, n),
    )
    # `_()` and `{% trans %}` in one call each, instead of the extension's alias that looks
    # `gettext` up in the context and calls it through the context a second time.
    app.jinja_env.globals["_"] = app.jinja_env.globals["gettext"] = _template_gettext
    app.jinja_env.filters["finnish"] = finnish
    app.jinja_env.filters["clock"] = clock
    app.jinja_env.filters["week"] = week_label
    app.jinja_env.filters["weekly"] = weekly
    app.jinja_env.filters["local_date"] = local_date
    app.jinja_env.filters["local_hhmm"] = local_hhmm
    app.jinja_env.globals["language"] = language
    app.register_blueprint(bp)


@bp.post("/language")
def switch():
    """Switch the interface language and go back to the page the user was on."""
    lang = request.form.get("lang", "")
    if lang in LANGUAGES:
        session["lang"] = lang
    back = request.form.get("next", "")
    # Only a path of this site: never an open redirect.
    if not back.startswith("/") or back.startswith("//") or urlsplit(back).netloc:
        back = url_for("auth.home")
    return redirect(back)
