"""Each language searches its own pages (hooks/search_per_language.py), French without
caring for accents, and each language's home page is titled with the site name alone
(hooks/home_title.py)."""

from __future__ import annotations

import json
import re
from pathlib import Path

LANGUAGES = {"fr": "", "en": "en/"}
SITE_NAMES = {"fr": "Fin de mission", "en": "End of mission"}


def _index(site: Path, prefix: str) -> dict:
    return json.loads((site / prefix / "search" / "search_index.json").read_text("utf-8"))


def _page_title(site: Path, path: str) -> str:
    html = (site / path / "index.html").read_text(encoding="utf-8")
    match = re.search(r"<title>([^<]*)</title>", html)
    assert match, path
    return match.group(1)


def test_each_language_has_an_index_of_its_own_pages_only(built_site: Path) -> None:
    for lang, prefix in LANGUAGES.items():
        index = _index(built_site, prefix)
        assert index["config"]["lang"] == [lang]
        locations = [doc["location"] for doc in index["docs"]]
        assert "timing/" in locations and "getting-paid/" in locations, lang
        assert not any(location.startswith("en/") for location in locations), lang
        for doc in index["docs"]:
            if "#" not in doc["location"]:
                # The entry's page is this language's page of that address, same title.
                page = doc["location"] or "."
                assert _page_title(built_site, f"{prefix}{page}").startswith(doc["title"]), (
                    lang, doc["location"])
    fr, en = (_index(built_site, prefix) for prefix in LANGUAGES.values())
    assert {doc["location"] for doc in fr["docs"]} == {doc["location"] for doc in en["docs"]}


def test_pages_point_search_at_their_own_language_index(built_site: Path) -> None:
    def base(path: str) -> str:
        html = (built_site / path).read_text(encoding="utf-8")
        config = re.search(r'<script id="__config" type="application/json">(.*?)</script>', html)
        assert config, path
        return json.loads(config.group(1))["base"]

    assert base("index.html") == "."
    assert base("timing/index.html") == ".."
    assert base("en/index.html") == "../en/"
    assert base("en/timing/index.html") == "../../en/"
    assert base("en/planner/index.html") == "../../en/"


def test_french_search_ignores_accents(built_site: Path) -> None:
    index = _index(built_site, "")
    fields = index["config"]["fields"]
    assert fields["title_folded"] == fields["title"] and fields["text_folded"] == fields["text"]
    # The title and text stay as written; the folded fields add their accented words bare.
    penalties = [doc for doc in index["docs"] if "Pénalités" in doc["title"]]
    assert penalties and all(doc["location"].startswith("getting-paid/") for doc in penalties)
    assert "penalites" in penalties[0]["title_folded"].split()
    assert all("é" not in doc.get("text_folded", "") for doc in index["docs"])
    assert "'" in index["config"]["separator"] and "’" in index["config"]["separator"]


def test_the_french_index_no_longer_carries_english(built_site: Path) -> None:
    # A guide page downloads its language's index only: each, accent-folded words included,
    # stays smaller than the single index of both languages it replaces.
    def size(index: dict, folded: bool) -> int:
        docs = [{key: value for key, value in doc.items() if folded or "_folded" not in key}
                for doc in index["docs"]]
        return len(json.dumps({**index, "docs": docs}, ensure_ascii=False).encode())

    indexes = [_index(built_site, prefix) for prefix in LANGUAGES.values()]
    both = sum(size(index, folded=False) for index in indexes)
    for index in indexes:
        assert size(index, folded=True) < 0.75 * both
        assert size(index, folded=True) < 1.25 * size(index, folded=False)  # folding's cost


def test_home_pages_are_titled_with_the_site_name_alone(built_site: Path) -> None:
    for lang, prefix in LANGUAGES.items():
        assert _page_title(built_site, prefix or ".") == SITE_NAMES[lang]
        # Other pages keep "<page> - <site>".
        assert _page_title(built_site, f"{prefix}timing").endswith(f" - {SITE_NAMES[lang]}")
