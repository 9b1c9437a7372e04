"""Interface strings come from gettext catalogues, complete in every shipped language,
chosen by the page's locale with English as the fallback."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from omcreport.site.i18n import Formatter, catalogue_language, shipped_languages, translations

REPO = Path(__file__).resolve().parent.parent


def used_messages() -> set[str]:
    found: set[str] = set()
    templates = extract_from_dir(
        str(REPO / "templates" / "site"),
        method_map=[("**.html", "jinja2")],
        options_map={"**.html": {"extensions": "jinja2.ext.i18n", "trimmed": "true"}},
    )
    code = extract_from_dir(str(REPO / "omcreport" / "site"), method_map=[("**.py", "python")])
    for _, _, message, _, _ in (*templates, *code):
        found.add(message if isinstance(message, str) else message[0])
    return found


def catalogue(language: str) -> dict[str, str]:
    source = resources.files("omcreport") / "locale" / language / "LC_MESSAGES" / "omcreport.po"
    with source.open("rb") as handle:
        return {str(m.id): str(m.string) for m in read_po(handle) if m.id}


def test_english_german_and_french_ship() -> None:
    assert {"en", "de", "fr"} <= set(shipped_languages())


@pytest.mark.parametrize("language", shipped_languages())
def test_catalogue_translates_every_string_the_site_uses_and_nothing_else(language: str) -> None:
    messages = catalogue(language)
    used = used_messages()
    assert len(used) > 40
    assert sorted(used - set(messages)) == []
    assert sorted(set(messages) - used) == []
    assert [m for m, text in messages.items() if not text] == []


@pytest.mark.parametrize(("language", "on_track"), [("de", "Im Plan"), ("fr", "Dans les temps")])
def test_each_catalogue_is_actually_translated(language: str, on_track: str) -> None:
    translated = catalogue(language)
    same = [m for m, text in translated.items() if m == text]
    assert len(same) <= 3, same  # e.g. "Problem", "Normal", "Impact" are the same word
    assert translations(language).gettext("On track") == on_track


@pytest.mark.parametrize("language", shipped_languages())
def test_every_progress_step_has_a_wording_per_state_in_every_shipped_language(language: str) -> None:
    from omcreport.catalogue import DELIVERED_STEP, IN_TRANSIT, built_in_catalogue
    from omcreport.vocabulary import STEP_STATES

    differs = total = 0
    for stage in built_in_catalogue().stages:
        if stage.customer_label is None:
            continue
        wordings = dict(stage.state_labels)
        for state in STEP_STATES:
            text, tag = wordings[state].resolve(language)
            assert text and tag == language, (stage.key, state)  # its own wording, not the English fallback
            total += 1
            differs += text != wordings[state].get("en")
    for wording in (IN_TRANSIT, *DELIVERED_STEP.values()):
        assert wording.resolve(language)[1] == language
    if language != "en":
        assert differs >= total - 2  # "Confirmation" is French too


def test_german_catalogue_is_actually_german() -> None:
    german = catalogue("de")
    same = [m for m, text in german.items() if m == text]
    assert len(same) <= 3, same  # e.g. "Problem", "Normal" are the same word
    assert translations("de").gettext("On track") == "Im Plan"


@pytest.mark.parametrize(
    ("locale", "language"),
    [("de-DE", "de"), ("de-AT", "de"), ("de", "de"), ("en-GB", "en"), ("fr-FR", "fr"), ("it-IT", "en"), ("xx", "en")],
)
def test_catalogue_chosen_by_tag_then_language_then_english(locale: str, language: str) -> None:
    assert catalogue_language(locale) == language


def test_dates_and_times_follow_locale_and_timezone() -> None:
    from datetime import date, datetime

    moment = datetime.fromisoformat("2026-03-29T00:30:00+00:00")  # just before summer time starts in both
    assert Formatter("en-GB", "Europe/London").datetime(moment) == "29 Mar 2026, 00:30"
    assert Formatter("de-DE", "Europe/Berlin").datetime(moment) == "29.03.2026, 01:30"
    assert Formatter("en-US", "America/New_York").datetime(moment) == "Mar 28, 2026, 8:30\u202fPM"
    assert Formatter("de-DE", "UTC").date(date(2026, 4, 6)) == "6. April 2026"
    assert Formatter("xx-YY", "UTC").date(date(2026, 4, 6)) == "April 6, 2026"
