"""Readers: plain text, Markdown, HTML, JSON Lines; encodings; bad input."""

from __future__ import annotations

import socket
from datetime import date
from pathlib import Path

import pytest

from ruhrgraph.errors import ReadError
from ruhrgraph.extract.read import READERS, iter_article_files, parse_date, read_file
from ruhrgraph.model import Article

DATA = Path(__file__).parent / "data" / "read"
SEED = Path(__file__).resolve().parents[1] / "data" / "articles" / "000_cbab0d245a9d8950.txt"


def test_plain_text_title_sections_and_teasers() -> None:
    article = read_file(SEED)[0]
    assert article.title.startswith("Im internationalen Dialog")
    kinds = [s.kind for s in article.sections]
    assert kinds[0] == "title"
    assert kinds.count("teaser") == 4
    headings = [s.heading for s in article.sections if s.kind == "body"]
    assert headings == ["Austausch zum klimagerechten Stadtumbau", "Gesundheitswirtschaft stark im Ruhrgebiet",
                        "Voneinander lernen"]
    assert len(article.content_hash) == 64


@pytest.mark.parametrize(("name", "needle", "warns"), [
    ("latin1.txt", "Gelsenkirchener Wirtschaftsförderung an der Bahnhofstraße", True),
    ("bom.txt", "Titel mit BOM", False),
    ("utf16.txt", "Die Messe Essen", False),
    ("plain.txt", "Die Stadt Hagen", False),
])
def test_encodings(name: str, needle: str, warns: bool) -> None:
    article = read_file(DATA / name)[0]
    assert needle in article.text
    assert not article.text.startswith("\ufeff")
    assert any("not UTF-8" in w for w in article.warnings) is warns


def test_nfd_input_is_normalised_to_nfc() -> None:
    assert "Julia Jäger" in read_file(DATA / "nfd.txt")[0].text


@pytest.mark.parametrize(("name", "message"), [
    ("binary.txt", "binary file"),
    ("empty.txt", "empty"),
    ("missing.txt", "no such file"),
    ("page.pdf", "unsupported file type"),
])
def test_bad_input_names_the_file_and_the_problem(name: str, message: str) -> None:
    with pytest.raises(ReadError) as info:
        read_file(DATA / name)
    assert name in str(info.value)
    assert message in str(info.value)


def test_markdown_front_matter() -> None:
    article = read_file(DATA / "front.md")[0]
    assert article.title == "Neues Zentrum für Wasserstofftechnik in Herne"
    assert article.date == date(2024, 3, 5)
    assert article.url == "https://example.org/news/zwh"
    assert article.publisher == "Fiktive Pressestelle"
    assert "**" not in article.text and "](" not in article.text
    assert "Das Zentrum für Wasserstofftechnik Herne eröffnet am Standort Shamrock neue Labore." in article.text


def test_html_main_text_without_boilerplate_and_no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("the HTML reader tried to open a network connection")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    article = read_file(DATA / "page.html")[0]
    assert article.title == "Japanische Delegation besucht den Duisburger Hafen"
    assert article.date == date(2024, 5, 14)
    assert article.publisher == "Fiktive Wirtschaftsförderung"
    assert "Eine Delegation aus Japan hat am Dienstag" in article.text
    for boilerplate in ("Startseite", "Cookies", "Impressum", "Sportverein"):
        assert boilerplate not in article.text


def test_jsonl_skips_bad_lines_with_warnings() -> None:
    articles = read_file(DATA / "batch.jsonl")
    assert [a.id for a in articles] == ["a1", "a3"]
    assert articles[1].date == date(2024, 5, 3)
    assert any("line 2 is not valid JSON" in w for w in articles[0].warnings)
    assert any("line 3 has no text" in w for w in articles[-1].warnings)


@pytest.mark.parametrize(("value", "expected"), [
    ("2023-11-14", date(2023, 11, 14)), ("2023-11-14T09:00:00+01:00", date(2023, 11, 14)),
    ("14.11.2023", date(2023, 11, 14)), ("3. März 2024", date(2024, 3, 3)), ("gestern", None), (None, None),
    ("31.02.2024", None),
])
def test_parse_date(value: str | None, expected: date | None) -> None:
    assert parse_date(value) == expected


def test_iter_article_files_sorted_and_filtered(tmp_path: Path) -> None:
    (tmp_path / "b.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a.md").write_text("x", encoding="utf-8")
    (tmp_path / "notes.docx").write_text("x", encoding="utf-8")
    (tmp_path / "README.md").write_text("# About these articles", encoding="utf-8")
    (tmp_path / ".hidden").mkdir()
    (tmp_path / ".hidden" / "c.txt").write_text("x", encoding="utf-8")
    assert [p.name for p in iter_article_files([tmp_path])] == ["a.md", "b.txt"]


def test_utf8_with_a_few_broken_bytes_stays_utf8(tmp_path: Path) -> None:
    path = tmp_path / "fast-utf8.txt"
    path.write_bytes("Titel\nDie Wirtschaftsförderung Dortmund und die Gäste aus Übersee.\n".encode() + b"\xff\n")
    article = read_file(path)[0]
    assert "Wirtschaftsförderung Dortmund und die Gäste aus Übersee" in article.text
    assert any("not valid UTF-8" in w for w in article.warnings)


def test_readers_are_registered_by_suffix() -> None:
    assert READERS.names()[:6] == [".txt", ".md", ".markdown", ".html", ".htm", ".jsonl"]


def test_a_registered_reader_is_used_for_its_suffix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def read_shout(path: Path, data: bytes) -> list[Article]:
        return [Article(id=path.stem, text=data.decode().upper(), source=str(path))]

    monkeypatch.setitem(READERS._items, ".shout", read_shout)
    path = tmp_path / "loud.shout"
    path.write_text("die wirtschaftsförderung dortmund", encoding="utf-8")
    assert read_file(path)[0].text == "DIE WIRTSCHAFTSFÖRDERUNG DORTMUND"
    assert [p.name for p in iter_article_files([tmp_path])] == ["loud.shout"]


def test_a_first_line_that_is_a_paragraph_is_body_text(tmp_path: Path) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Herne. Die Delegation aus Vilnius blieb zwei Tage in Herne. Am ersten Abend ging es um "
                    "Wärmepumpen, am zweiten um Ausbildung, Fachkräfte und einen gemeinsamen Förderantrag.\n"
                    "Danach stand die Kanal-\nschifffahrt auf dem Programm.\n", encoding="utf-8")
    article = read_file(page)[0]
    assert article.title == "Die Delegation aus Vilnius blieb zwei Tage in Herne."
    assert [s.kind for s in article.sections] == ["body"]
    assert "Kanalschifffahrt" in article.text
