"""Unit tests of the ingest hardening (issues 11 and 17): YAML limits, decoding, symlinks, identity."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ruhrgraph import _yaml
from ruhrgraph.errors import InputError, ReadError
from ruhrgraph.extract.read import decode, iter_article_files, read_file


def _bomb(levels: int = 9) -> str:
    lines = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for i in range(1, levels):
        lines.append(f"{chr(97 + i)}: &{chr(97 + i)} [" + ",".join([f"*{chr(96 + i)}"] * 9) + "]")
    return "\n".join(lines) + "\n"


@pytest.mark.parametrize("text", [_bomb(), "x: " + "[" * 50_000, "\n".join(f"k{i}: &a{i} 1" for i in range(200))
                                  + "\n" + "\n".join(f"v{i}: *a{i}" for i in range(200))])
def test_yaml_limits(text: str) -> None:
    with pytest.raises(_yaml.YAMLLimitError):
        _yaml.safe_load(text)


def test_yaml_few_aliases_are_fine() -> None:
    assert _yaml.safe_load("base: &b {x: 1}\nrule: {<<: *b, y: 2}\n") == {"base": {"x": 1}, "rule": {"x": 1, "y": 2}}


def test_front_matter_bomb_names_the_file(tmp_path: Path) -> None:
    path = tmp_path / "bomb.md"
    path.write_text("---\n" + _bomb() + "title: *i\n---\nDie Stadt Essen.\n", encoding="utf-8")
    with pytest.raises(ReadError, match=r"bomb\.md.*(aliases|expands)"):
        read_file(path)


@pytest.mark.parametrize(("data", "expected", "warning"), [
    ("Die Wirtschaftsförderung Dortmund er".encode() + b"\xff\xfe\x81" + b"offnet.", "förderung", "not valid UTF-8"),
    (b"Neues Zentrum Dortmund er\xc3 offnet \xff ein Zentrum.", "Dortmund er\ufffd", "not valid UTF-8"),
    ("Grüße aus München und Düsseldorf".encode("cp1252"), "Grüße aus München", "decoded as cp1252"),
])
def test_decode_prefers_utf8(data: bytes, expected: str, warning: str) -> None:
    text, warnings = decode(data, "x.txt")
    assert expected in text
    assert any(warning in w for w in warnings)


def test_jsonl_lone_surrogate_skips_one_line(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text('{"text": "Die Stadt Essen baut ein neues Zentrum."}\n{"text": "kaputt \\ud800"}\n'
                    '{"text": "Die Stadt Bochum baut ein neues Zentrum."}\n', encoding="utf-8")
    articles = read_file(path)
    assert [a.id for a in articles] == ["feed-1", "feed-3"]
    assert any("line 2 has a lone surrogate" in w for w in articles[0].warnings)


def test_symlinks_out_of_the_folder_are_skipped(tmp_path: Path) -> None:
    arts = tmp_path / "arts"
    (arts / "sub").mkdir(parents=True)
    (arts / "sub" / "a.txt").write_text("Die Stadt Essen.", encoding="utf-8")
    outside = tmp_path / "secret.txt"
    outside.write_text("geheim", encoding="utf-8")
    os.symlink(outside, arts / "leak.txt")
    os.symlink(arts / "sub" / "a.txt", arts / "inner.txt")
    skipped: list[str] = []
    assert [p.name for p in iter_article_files([arts], skipped=skipped)] == ["inner.txt"]
    assert len(skipped) == 1 and "leak.txt" in skipped[0]
    assert {p.name for p in iter_article_files([arts], follow_links=True)} == {"inner.txt", "leak.txt"}


def test_gold_keys_must_stay_in_the_articles_folder(tmp_path: Path) -> None:
    from ruhrgraph.evaluate.score import evaluate

    gold = tmp_path / "gold.yaml"
    gold.write_text("../x.txt: {City: [[Essen]]}\n", encoding="utf-8")
    (tmp_path / "arts").mkdir()
    with pytest.raises(InputError, match="outside the articles folder"):
        evaluate(gold, tmp_path / "arts")


def test_article_id_collision_is_refused(tmp_path: Path) -> None:
    from ruhrgraph.ingest.commit import ingest_paths
    from ruhrgraph.store.local import Store

    for folder, text in (("a", "Neues Zentrum\n\nDie Wirtschaftsförderung Dortmund eröffnet ein Zentrum.\n"),
                         ("b", "Besuch\n\nDie Universität Duisburg-Essen empfängt eine Delegation.\n")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / ("bericht.txt" if folder == "a" else "Bericht.txt")).write_text(text, encoding="utf-8")
    with Store.open(tmp_path / "store") as store:
        first = ingest_paths(store, [tmp_path / "a"])
        second = ingest_paths(store, [tmp_path / "b"])
        again = ingest_paths(store, [tmp_path / "a"])
    assert [o.status for o in first.outcomes] == ["committed"]
    assert [o.status for o in second.outcomes] == ["failed"]
    assert "same article id" in second.outcomes[0].message
    assert [o.status for o in again.outcomes] == ["unchanged"]
