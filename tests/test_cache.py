"""The parsed-data cache (ruhrgraph._cache): the gazetteer read from it equals the gazetteer parsed
from its YAML, and a cache that is missing, corrupt, stale or unwritable costs a parse, nothing else."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import yaml

from ruhrgraph import _cache
from ruhrgraph._cache import load_cached
from ruhrgraph._resources import resource_dir
from ruhrgraph.extract import gazetteer


class Parser:
    """``yaml.safe_load`` that counts its calls."""

    def __init__(self) -> None:
        self.calls = 0

    def __call__(self, raw: bytes) -> object:
        self.calls += 1
        return yaml.safe_load(raw.decode("utf-8"))


@pytest.fixture
def source(tmp_path: Path) -> Path:
    path = tmp_path / "cities.yaml"
    path.write_text("- name: Essen\n  population: 579432\n  aliases: [Essen (Ruhr)]\n", encoding="utf-8")
    return path


def test_the_second_read_comes_from_the_cache(source: Path, tmp_path: Path) -> None:
    parse, cache = Parser(), tmp_path / "cache"
    first = load_cached(source, parse, cache=cache)
    assert load_cached(source, parse, cache=cache) == first == [
        {"name": "Essen", "population": 579432, "aliases": ["Essen (Ruhr)"]}]
    assert parse.calls == 1 and len(list(cache.glob("cities-*.json"))) == 1


def test_a_changed_file_is_parsed_again_and_its_old_entry_goes(source: Path, tmp_path: Path) -> None:
    parse, cache = Parser(), tmp_path / "cache"
    load_cached(source, parse, cache=cache)
    source.write_text("- name: Bochum\n", encoding="utf-8")
    assert load_cached(source, parse, cache=cache) == [{"name": "Bochum"}]
    assert parse.calls == 2 and len(list(cache.glob("cities-*.json"))) == 1


def test_a_corrupt_entry_is_parsed_again_and_replaced(source: Path, tmp_path: Path) -> None:
    parse, cache = Parser(), tmp_path / "cache"
    expected = load_cached(source, parse, cache=cache)
    entry = next(cache.glob("cities-*.json"))
    entry.write_text('[{"name": "Ess', encoding="utf-8")  # cut off
    assert load_cached(source, parse, cache=cache) == expected and parse.calls == 2
    assert load_cached(source, parse, cache=cache) == expected and parse.calls == 2  # whole again


def test_an_unwritable_cache_costs_only_the_parse(source: Path, tmp_path: Path) -> None:
    parse, blocked = Parser(), tmp_path / "a-file"
    blocked.write_text("not a folder", encoding="utf-8")
    assert load_cached(source, parse, cache=blocked / "cache") == load_cached(source, parse, cache=None)
    assert parse.calls == 2


def test_what_json_would_change_is_not_cached(source: Path, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    assert load_cached(source, lambda raw: {1: ("a", "b")}, cache=cache) == {1: ("a", "b")}
    assert not list(cache.glob("*.json"))


def test_the_folder_follows_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("RUHRGRAPH_CACHE_DIR", str(tmp_path / "mine"))
    assert _cache.cache_dir() == tmp_path / "mine"
    monkeypatch.setenv("RUHRGRAPH_CACHE_DIR", "")
    assert _cache.cache_dir() is None
    monkeypatch.delenv("RUHRGRAPH_CACHE_DIR")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert _cache.cache_dir() == tmp_path / "xdg" / "ruhrgraph"


def test_the_gazetteer_from_the_cache_equals_the_parsed_one(monkeypatch: pytest.MonkeyPatch,
                                                            tmp_path: Path) -> None:
    folder = tmp_path / "gazetteer"
    shutil.copytree(resource_dir("gazetteer"), folder)
    monkeypatch.setenv("RUHRGRAPH_CACHE_DIR", "")
    parsed = gazetteer.load(str(folder))
    monkeypatch.setenv("RUHRGRAPH_CACHE_DIR", str(tmp_path / "cache"))
    for _ in range(2):  # filling the cache, then reading it
        gazetteer._load.cache_clear()
        cached = gazetteer.load(str(folder))
        assert cached.entries == parsed.entries and cached.surface == parsed.surface
        assert cached.demonyms == parsed.demonyms and cached.roles == parsed.roles
        assert cached.descriptors == parsed.descriptors and cached.sector_keywords == parsed.sector_keywords
    assert len(list((tmp_path / "cache").glob("cities-*.json"))) == 1
    gazetteer._load.cache_clear()
