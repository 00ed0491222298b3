"""Read article files into :class:`~ruhrgraph.model.Article` objects.

Supported inputs:

* ``.txt`` — plain text as on the regional agencies' pages: first line the title, short lines
  without a final period are headings that start sections, and after a line such as
  "Weitere Meldungen" every line is a teaser item of its own.
* ``.md`` — Markdown with optional YAML front matter (``title``, ``date``, ``url``,
  ``publisher``, ``lang``, ``id``).
* ``.html`` / ``.htm`` — the main text is taken out of navigation and boilerplate with
  trafilatura; embedded JSON-LD (``<script type="application/ld+json">``) is read as plain JSON,
  so no remote ``@context`` is ever fetched.
* ``.jsonl`` — one JSON object per line with ``text`` (or ``body``/``content``) and optional
  ``title``, ``date``, ``url``, ``publisher``, ``lang``, ``id``.

Readers are looked up by file suffix in :data:`READERS` (a :class:`~ruhrgraph.registry.Registry`);
a package adds one for another format through the ``ruhrgraph.readers`` entry point group.

Bytes are decoded as UTF-8 (with or without BOM, UTF-16 with BOM); anything else is detected
(cp1252/latin-1 …) and converted with a warning. Text is NFC-normalised, line endings become
``\\n`` and a word broken across lines by a hyphen is joined ("Besuchs-⏎programm"). A first line
that is a whole paragraph is body text, not a title. Binary or empty files raise
:class:`~ruhrgraph.errors.ReadError` naming the file.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from ruhrgraph import _yaml
from ruhrgraph.errors import ReadError
from ruhrgraph.model import Article, Section
from ruhrgraph.registry import Registry

Reader = Callable[[Path, bytes], list[Article]]
"""A reader turns the bytes of one file into its articles (raising :class:`ReadError` for bad input)."""
READERS: Registry[Reader] = Registry("reader", "ruhrgraph.readers")
"""Readers by file suffix (``.txt``, ``.md`` …); third parties add theirs through the
``ruhrgraph.readers`` entry point group."""

NOT_ARTICLES = ("README", "LICENSE", "LICENCE", "CHANGELOG", "CONTRIBUTING", "SOURCES")  # documentation beside articles
TEASER_HEADINGS = re.compile(
    r"^(weitere (meldungen|nachrichten|artikel|news|beiträge)|mehr zum thema|das könnte sie auch "
    r"interessieren|aktuelle meldungen|verwandte (artikel|themen)|lesen sie auch|news|pressemitteilungen)\s*:?$",
    re.IGNORECASE,
)
_GERMAN_WORDS = frozenset(
    "der die das und ist mit von für den dem des ein eine einer eines im in zu zum zur auf bei aus sich "
    "nicht auch wird werden wurde sind hat haben über als wie nach vom am an oder es sie er wir".split()
)
MONTH_NUMBERS = {
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
}


# -- bytes → text ------------------------------------------------------------------------------

def decode(data: bytes, path: str | Path) -> tuple[str, list[str]]:
    """Decode file bytes to NFC text with ``\\n`` line ends; return the text and warnings."""
    warnings: list[str] = []
    if not data.strip():
        raise ReadError(path, "the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = data.decode("utf-16")
    else:
        if data.startswith(b"\xef\xbb\xbf"):
            data = data[3:]
        if b"\x00" in data[:4096] or _looks_binary(data[:4096]):
            raise ReadError(path, "this is a binary file, not text; expected UTF-8 or latin-1 text")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            lenient = data.decode("utf-8", errors="replace")
            bad = lenient.count("\ufffd")
            if _legacy_likely(data, lenient):
                decoded, encoding = _decode_legacy(data, path)
                warnings.append(f"{path}: not UTF-8; decoded as {encoding} and converted to UTF-8")
                text = decoded
            else:  # UTF-8 with a few broken bytes: keep it UTF-8
                text = lenient
                warnings.append(f"{path}: not UTF-8 throughout: {bad} byte(s) are not valid UTF-8 and were "
                                "replaced by U+FFFD")
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    text = "".join(ch for ch in text if ch in "\n\t" or unicodedata.category(ch) != "Cc")
    text = join_broken_words(text)
    if not text.strip():
        raise ReadError(path, "the file contains no text")
    return text, warnings


# "Besuchs-⏎programm": a word a page broke at the line end (not "Industrie-⏎und Handelskammer")
_BROKEN_WORD = re.compile(r"(?<=[A-Za-zÄÖÜäöüß]{2})-\n(?=[a-zäöüß]{2,})(?!(?:und|oder|bis|sowie|wie)\b)")


# "Jan- Ole Brinkmann", "CDU -Fraktion": a compound split by a stray space in a caption
_SPLIT_COMPOUND = re.compile(r"\b([A-ZÄÖÜ][A-Za-zäöüß]{1,20})(?: -|- )(?=[A-ZÄÖÜ][a-zäöüß]{2,}\b)")


def join_broken_words(text: str) -> str:
    """Join words broken across lines by a hyphen, and compounds split by a stray space.

    >>> join_broken_words("ein Besuchs-\\nprogramm und Industrie-\\nund Handelskammer")
    'ein Besuchsprogramm und Industrie-\\nund Handelskammer'
    >>> join_broken_words("Jan- Ole Brinkmann (FDP- Fraktion), CDU -Fraktion, Ein- und Ausfuhr")
    'Jan-Ole Brinkmann (FDP-Fraktion), CDU-Fraktion, Ein- und Ausfuhr'
    """
    return _SPLIT_COMPOUND.sub(r"\1-", _BROKEN_WORD.sub("", text))


def _looks_binary(sample: bytes) -> bool:
    if not sample:
        return False
    control = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13))
    return control / len(sample) > 0.05


_WESTERN_TEXT = frozenset("äöüÄÖÜßéèêáàâóòôíìúùçñÉÈÁÀÓÇÑ€„“”‚‘’–—…«»§°\xa0")
"""What cp1252 bytes of German (or French, Spanish …) text read as; stray bytes read as other things."""


def _legacy_likely(data: bytes, lenient: str) -> bool:
    """Whether bytes that are not valid UTF-8 are clearly text in another encoding.

    UTF-8 is preferred: a file with valid multi-byte UTF-8 sequences at least a quarter as often
    as broken bytes stays UTF-8 (broken bytes become U+FFFD). So does a file whose high bytes read as
    cp1252 give few letters — stray bytes in ASCII text, not umlauts of a Western code page.
    """
    bad = lenient.count("\ufffd")
    valid = sum(1 for ch in lenient if ord(ch) > 127 and ch != "\ufffd")
    if valid >= bad or (valid and 4 * valid >= bad):
        return False
    try:
        western = data.decode("cp1252")
    except UnicodeDecodeError:
        return True  # bytes cp1252 leaves undefined: let detection decide
    high = [ch for ch in western if ord(ch) > 127]
    return sum(1 for ch in high if ch in _WESTERN_TEXT) >= 0.8 * len(high)


_WESTERN = {"latin_1", "iso8859_1", "iso8859_15", "cp1250", "cp1252", "windows_1252", "mac_roman", "cp850",
            "ascii"}
"""Encodings detection may name for German text that cp1252 reads as well or better."""


def _decode_legacy(data: bytes, path: str | Path) -> tuple[str, str]:
    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    encoding = (best.encoding if best is not None else "cp1252") or "cp1252"
    # German text in a single-byte code page: cp1252 is a superset of latin-1 for printable text;
    # for a short text detection guesses wildly (mac_greek, cp1253 …), so cp1252 wins whenever it
    # reads the bytes as letters.
    normal = encoding.lower().replace("-", "_")
    if normal in _WESTERN or (not normal.startswith(("utf", "big5", "gb", "euc", "shift_jis", "cp932",
                                                     "cp949", "koi8", "cp1251", "iso8859_5"))):
        encoding = "cp1252"
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError):
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError as exc:
            raise ReadError(path, f"cannot decode the text (not UTF-8, not cp1252): {exc}") from exc


# -- dates ----------------------------------------------------------------------------------

def parse_date(value: Any) -> date | None:
    """A date from ISO (``2023-11-14``, with time), German (``14.11.2023``, ``14. November 2023``)."""
    if value is None:
        return None
    if isinstance(value, date):
        return value
    text = str(value).strip()
    m = re.match(r"(\d{4})-(\d{2})-(\d{2})", text)
    if m:
        return _safe_date(int(m[1]), int(m[2]), int(m[3]))
    m = re.match(r"(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})", text)
    if m:
        return _safe_date(int(m[3]), int(m[2]), int(m[1]))
    m = re.match(r"(\d{1,2})\.\s*([A-Za-zäÄ]+)\s+(\d{4})", text)
    if m and m[2].lower() in MONTH_NUMBERS:
        return _safe_date(int(m[3]), MONTH_NUMBERS[m[2].lower()], int(m[1]))
    return None


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


# -- structure --------------------------------------------------------------------------------

def _is_heading(line: str) -> bool:
    s = line.strip()
    if not s or len(s) > 90 or len(s.split()) > 12:
        return False
    return not s.endswith((".", ":", ",", ";", "…", "!", "?", '"', "“", "”", ")"))


def _is_paragraph(line: str) -> bool:
    """A first line too long for a title that holds more than one sentence."""
    return (len(line) > 160 or len(line.split()) > 24) and re.search(r"[.!?]\s+\S", line) is not None


def structure(text: str, title: str | None = None) -> tuple[str, tuple[Section, ...]]:
    """Split plain text into title, sections and teaser items; return (title, sections)."""
    sections: list[Section] = []
    pos = 0
    lines: list[tuple[int, int, str]] = []
    for raw in text.split("\n"):
        start, end = pos, pos + len(raw)
        pos = end + 1
        if raw.strip():
            lead = len(raw) - len(raw.lstrip())
            lines.append((start + lead, start + len(raw.rstrip()), raw.strip()))
    if not lines:
        return title or "", ()
    idx = 0
    if title is None:
        s, e, line = lines[0]
        if _is_paragraph(line):
            # a page whose first line is a whole paragraph ("Herne. Die Delegation aus Vilnius war …"):
            # its first sentence names the article, the paragraph itself is body text
            sentences = re.split(r"(?<=[.!?])\s+(?=[A-ZÄÖÜ„\"])", line)
            # not a dateline ("Duisburg.") but the first real sentence
            first = next((x for x in sentences if len(x.split()) >= 4), sentences[0])
            title = first if len(first) <= 160 else first[:157].rstrip() + "…"
        else:
            title = line
            sections.append(Section(s, e, line, "title"))
            idx = 1
    teaser = False
    cur_start: int | None = None
    cur_end = 0
    heading = ""
    for s, e, line in lines[idx:]:
        if TEASER_HEADINGS.match(line):
            if cur_start is not None:
                sections.append(Section(cur_start, cur_end, heading, "body"))
            cur_start, heading, teaser = None, line, True
            continue
        if teaser:
            # teaser items: a short title line, optionally followed by a snippet line
            if _is_heading(line) or cur_start is None:
                if cur_start is not None:
                    sections.append(Section(cur_start, cur_end, heading, "teaser"))
                cur_start, cur_end = s, e
            else:
                cur_end = e
            continue
        if _is_heading(line):
            if cur_start is not None:
                sections.append(Section(cur_start, cur_end, heading, "body"))
            cur_start, cur_end, heading = s, e, line
            continue
        if cur_start is None:
            cur_start = s
        cur_end = e
    if cur_start is not None:
        sections.append(Section(cur_start, cur_end, heading, "teaser" if teaser else "body"))
    return title, tuple(sections)


def _german_score(text: str) -> float:
    words = re.findall(r"[a-zäöüß]+", text.lower())
    if not words:
        return 0.0
    return sum(1 for w in words if w in _GERMAN_WORDS) / len(words)


def _article(path: Path, text: str, meta: dict[str, Any], warnings: list[str], suffix: str = "") -> Article:
    title_meta = meta.get("title") or meta.get("headline")
    title, sections = structure(text, None)
    if title_meta:
        title = str(title_meta).strip()
    score = _german_score(text)
    if score < 0.04 and len(text.split()) > 30:
        warnings.append(f"{path}: the text does not look German; extraction rules are built for German")
    if len(text.split()) < 5:
        warnings.append(f"{path}{suffix}: very short text ({len(text.split())} words)")
    art_id = str(meta.get("id") or (path.stem + suffix)).strip()
    return Article(
        id=art_id,
        text=text,
        source=str(path),
        title=title,
        date=parse_date(meta.get("date") or meta.get("datePublished")),
        url=str(meta["url"]) if meta.get("url") else None,
        publisher=_publisher(meta.get("publisher")),
        language=str(meta.get("lang") or meta.get("language") or meta.get("inLanguage") or "de"),
        sections=sections,
        warnings=tuple(warnings),
    )


def _publisher(value: Any) -> str | None:
    if isinstance(value, dict):
        value = value.get("name")
    return str(value).strip() if value else None


# -- formats ----------------------------------------------------------------------------------

@READERS.register(".txt")
def read_text(path: Path, data: bytes) -> list[Article]:
    text, warnings = decode(data, path)
    return [_article(path, text, {}, warnings)]


_FRONT = re.compile(r"\A---\n(.*?)\n(?:---|\.\.\.)\n", re.DOTALL)
_MD_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MD_MARK = re.compile(r"(\*\*|__|\*|`)")


@READERS.register(".markdown")
@READERS.register(".md")
def read_markdown(path: Path, data: bytes) -> list[Article]:
    text, warnings = decode(data, path)
    meta: dict[str, Any] = {}
    m = _FRONT.match(text)
    if m:
        try:
            loaded = _yaml.safe_load(m.group(1))
        except yaml.YAMLError as exc:
            raise ReadError(path, f"the YAML front matter is malformed: {exc}") from exc
        if isinstance(loaded, dict):
            meta = loaded
        text = text[m.end():]
    lines = []
    for line in text.split("\n"):
        line = re.sub(r"^\s{0,3}#{1,6}\s*", "", line)
        line = re.sub(r"^\s*[-*+]\s+", "", line)
        line = re.sub(r"^\s*>\s?", "", line)
        line = _MD_LINK.sub(r"\1", line)
        line = _MD_MARK.sub("", line)
        lines.append(line)
    body = "\n".join(lines).strip("\n")
    if not body.strip():
        raise ReadError(path, "the Markdown file has no text after its front matter")
    if meta.get("title") and not body.lstrip().startswith(str(meta["title"]).strip()):
        body = str(meta["title"]).strip() + "\n" + body
    return [_article(path, body, meta, warnings)]


def _jsonld_meta(html: str) -> dict[str, Any]:
    meta: dict[str, Any] = {}
    for block in re.findall(r"<script[^>]+application/ld\+json[^>]*>(.*?)</script>", html, re.S | re.I):
        try:
            data = json.loads(block)
        except json.JSONDecodeError:
            continue
        items = data if isinstance(data, list) else data.get("@graph", [data]) if isinstance(data, dict) else []
        for item in items:
            if not isinstance(item, dict):
                continue
            kind = item.get("@type")
            kinds = kind if isinstance(kind, list) else [kind]
            if any(k in {"NewsArticle", "Article", "BlogPosting", "PressRelease", "Report"} for k in kinds):
                for src, dst in (("headline", "title"), ("datePublished", "date"), ("url", "url"),
                                 ("publisher", "publisher"), ("inLanguage", "lang")):
                    if item.get(src) and dst not in meta:
                        meta[dst] = item[src]
    return meta


@READERS.register(".htm")
@READERS.register(".html")
def read_html(path: Path, data: bytes) -> list[Article]:
    html, warnings = decode(data, path)
    import trafilatura

    meta = _jsonld_meta(html)
    doc = trafilatura.bare_extraction(html, with_metadata=True, include_comments=False,
                                      include_tables=False, favor_precision=True)
    found: dict[str, Any] = {}
    if isinstance(doc, dict):
        found = doc
    elif doc is not None:
        found = doc.as_dict() if hasattr(doc, "as_dict") else vars(doc)
    body = found.get("text") or ""
    if not body.strip():
        raise ReadError(path, "no article text found in the HTML page")
    for key, dst in (("title", "title"), ("date", "date"), ("url", "url"), ("sitename", "publisher"),
                     ("language", "lang")):
        if found.get(key) and dst not in meta:
            meta[dst] = found[key]
    body = "\n".join(line.strip() for line in body.split("\n"))
    title = str(meta.get("title") or "").strip()
    if title and not body.startswith(title):
        body = title + "\n" + body
    return [_article(path, body, meta, warnings)]


@READERS.register(".jsonl")
def read_jsonl(path: Path, data: bytes) -> list[Article]:
    text, warnings = decode(data, path)
    out: list[Article] = []
    for n, line in enumerate(text.split("\n"), start=1):
        if not line.strip():
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            warnings.append(f"{path}: line {n} is not valid JSON ({exc.msg}); skipped")
            continue
        except RecursionError:
            warnings.append(f"{path}: line {n} is nested too deeply; skipped")
            continue
        if not isinstance(obj, dict):
            warnings.append(f"{path}: line {n} is not a JSON object; skipped")
            continue
        try:
            json.dumps(obj, ensure_ascii=False).encode("utf-8")
        except UnicodeEncodeError:
            warnings.append(f"{path}: line {n} has a lone surrogate escape (\\ud800 …), not text; skipped")
            continue
        except (ValueError, RecursionError):
            warnings.append(f"{path}: line {n} is nested too deeply; skipped")
            continue
        body = obj.get("text") or obj.get("body") or obj.get("content") or ""
        if not str(body).strip():
            warnings.append(f"{path}: line {n} has no text; skipped")
            continue
        body = join_broken_words(unicodedata.normalize("NFC", str(body).replace("\r\n", "\n")))
        title = str(obj.get("title") or obj.get("headline") or "").strip()
        if title and not body.startswith(title):
            body = title + "\n" + body
        meta = dict(obj)
        meta.setdefault("id", f"{path.stem}-{obj.get('id', n)}" if obj.get("id") is None else obj["id"])
        out.append(_article(path, body, meta, list(warnings), suffix=f"#{n}"))
    if not out:
        raise ReadError(path, "no usable article in the JSON Lines file: " + "; ".join(warnings))
    return [replace(a, warnings=tuple(dict.fromkeys((*a.warnings, *warnings)))) for a in out]


def read_file(path: str | Path) -> list[Article]:
    """Read one article file (a ``.jsonl`` file may hold several articles) with the reader of its suffix.

    Raises:
        ReadError: the suffix has no reader, or the file is missing, unreadable or bad (names the file).
    """
    p = Path(path)
    suffix = p.suffix.lower()
    if suffix not in READERS:
        raise ReadError(p, f"unsupported file type {p.suffix or '(none)'}; expected one of "
                           + ", ".join(READERS.names()))
    reader = READERS.get(suffix)
    try:
        data = p.read_bytes()
    except FileNotFoundError:
        raise ReadError(p, "no such file") from None
    except IsADirectoryError:
        raise ReadError(p, "is a folder, not a file") from None
    except OSError as exc:
        raise ReadError(p, f"cannot read the file: {exc.strerror or exc}") from exc
    return reader(p, data)


def iter_article_files(paths: list[str | Path], *, follow_links: bool = False,
                       skipped: list[str] | None = None) -> Iterator[Path]:
    """Every article file under the given files and folders, sorted, deduplicated.

    In a folder, a symbolic link (to a file or a folder) is read only when its target lies inside
    that folder too — a link to ``/etc/passwd`` among the articles is skipped and noted in
    ``skipped`` — unless ``follow_links``. A file named explicitly is read wherever it points.
    """
    seen: set[Path] = set()
    suffixes = set(READERS.names())
    for raw in paths:
        p = Path(raw)
        root = p.resolve()
        candidates = sorted(q for q in p.rglob("*") if q.is_file() and q.suffix.lower() in suffixes
                            and not any(part.startswith(".") for part in q.relative_to(p).parts)
                            and not q.stem.upper().startswith(NOT_ARTICLES)) \
            if p.is_dir() else [p]
        for q in candidates:
            key = q.resolve()
            if p.is_dir() and not follow_links and not key.is_relative_to(root):
                if skipped is not None:
                    skipped.append(f"{q}: a symbolic link to {key}, outside {p}; skipped "
                                   "(--follow-links reads it)")
                continue
            if key not in seen:
                seen.add(key)
                yield q
