"""Sentences and tokens with character offsets, on spaCy's German tokenizer.

spaCy's blank German pipeline (no model, nothing downloaded) tokenizes; sentence boundaries are
rules over its tokens, because news text is full of periods that end nothing: titles
("Dr.", "Prof."), abbreviations ("u. a.", "z. B.", "e. V."), ordinals and dates
("vom 14. - 17.11.", "am 3. März"), street names ("Kronprinzenstr. 30"). Every line break is a
hard boundary (headings, paragraphs and teaser lines are never joined).

    >>> [s.text for s in split_sentences("Prokurist Jörg Kemna präsentiert u. a. am 14. November "
    ...  "in der Kronprinzenstr. 30. Dr. Stachnik stellte vor.")]
    ['Prokurist Jörg Kemna präsentiert u. a. am 14. November in der Kronprinzenstr. 30.', 'Dr. Stachnik stellte vor.']
"""

from __future__ import annotations

import functools
import re
from collections.abc import Sequence

from spacy.language import Language
from spacy.tokenizer import Tokenizer
from spacy.tokens import Doc, Token

from ruhrgraph.model import Article, Sentence

# Tokens (with their period) after which a sentence never ends.
ABBREVIATIONS = frozenset("""
dr. prof. dipl. ing. dr.-ing. dipl.-ing. dipl.-kfm. dipl.-kff. med. rer. nat. pol. oec. phil. jur. h.c. habil.
mag. bsc. msc. ma. ba. st. str. nr. tel. fax. ca. bzw. vgl. sog. inkl. ggf. evtl. max. min. mio. mrd. abs. bd.
hrsg. co. corp. inc. pvt. jh. geb. gem. etc. z. b. u. a. d. h. e. v. i. o. ä. s. o. ggü. zzgl. abt. bzgl. lt.
jan. feb. mär. apr. jun. jul. aug. sep. sept. okt. nov. dez. mo. di. mi. do. fr. sa. so. europ. int. intl.
stellv. stv. kfm. techn. ass. vors. v. u.a. z.b. d.h. i.a. o.ä. v.a. u.u. s.o.
""".split())
MONTHS = frozenset("""januar februar märz april mai juni juli august september oktober november dezember
jan. feb. mär. apr. jun. jul. aug. sep. sept. okt. nov. dez.""".split())
_CLOSING = frozenset({"“", "”", '"', "»", "«", "'", ")"})
_STREET = re.compile(r"(?:str|Str|pl|Pl|weg)\.$")
_INITIALS = re.compile(r"^(?:[A-ZÄÖÜ]\.){2,3}$")
_ORDINAL = re.compile(r"^\d{1,2}\.(\d{1,2}\.)?(\d{2,4})?$")


#: chunks the tokenizer's cache has had its chance at (see :func:`tokenize`)
_OFFERED: set[str] = set()
#: how many chunks spaCy's tokenizer caches (its default, 10,000, is full after a few hundred articles)
CACHE_SIZE = 200_000


@functools.lru_cache(maxsize=1)
def nlp() -> Language:
    """The shared blank German pipeline (tokenizer only)."""
    import spacy

    blank = spacy.blank("de")
    tokenizer: Tokenizer = blank.tokenizer  # type: ignore[assignment]  # a blank pipeline's is spaCy's own
    tokenizer.max_cache_size = CACHE_SIZE
    return blank


@functools.lru_cache(maxsize=4)
def tokenize(text: str) -> Doc:
    """The tokens of ``text`` (cached: segmentation and mention finding share one pass).

    spaCy's tokenizer caches how it split each whitespace-separated chunk, but stops caching for
    the rest of a text once one chunk was a special case (spaCy issue #1250) — in news text that is
    the first "Dr." or "z. B.", so nearly every chunk of an article was split afresh by the affix
    regexes (2 ms per 300 words, a tenth of the extraction time). Each new chunk is first offered
    to the tokenizer on its own, where spaCy caches it exactly as it would at the start of a text
    (special cases are never cached); the article is then tokenized as before, from the cache. The
    tokens are the same either way.

    >>> [t.text for t in tokenize("Dr. Kemna (BMR) präsentiert u. a. in Dortmund.")]
    ['Dr.', 'Kemna', '(', 'BMR', ')', 'präsentiert', 'u.', 'a.', 'in', 'Dortmund', '.']
    """
    pipeline = nlp()
    if len(_OFFERED) < CACHE_SIZE:
        tokenizer = pipeline.tokenizer
        for chunk in set(text.split()) - _OFFERED:
            tokenizer(chunk)
            _OFFERED.add(chunk)
    return pipeline.make_doc(text)


@functools.lru_cache(maxsize=4)
def token_list(text: str) -> list[Token]:
    """The tokens of :func:`tokenize` as a list (built once: segmentation and mention finding share it)."""
    return list(tokenize(text))


def _ends_sentence(tokens: Sequence, i: int) -> bool:
    """Does a sentence end after token ``i``?"""
    tok = tokens[i]
    text = tok.text
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    if nxt is not None and nxt.text in _CLOSING and (text in {"!", "?", "…", "."} or text.endswith(".")):
        return False  # the sentence ends after the closing quote, if at all
    if text in _CLOSING and i > 0 and tokens[i - 1].text in {"!", "?", "…", "."}:
        return nxt is None or not (nxt.text[:1].islower() or nxt.text in {",", ";", ")"})
    if text in {"!", "?", "…"} or (text.endswith(("!", "?")) and len(text) > 1 and not text[0].isalnum()):
        return nxt is None or not nxt.text[:1].islower()
    if not text.endswith("."):
        return False
    if nxt is None:
        return True
    nt = nxt.text
    if text == "." and i > 0:
        prev = tokens[i - 1].text
        if (prev.lower() + ".") in ABBREVIATIONS or _STREET.search(prev + "."):
            return False
        if prev.isdigit() and len(prev) <= 2 and (nt.lower() in MONTHS or nt[:1].isdigit() or nt in {"-", "–", "bis"}):
            return False
        if prev.isupper() and len(prev) == 1:  # an initial: "J. Kemna"
            return False
    elif text != ".":
        low = text.lower()
        if low in ABBREVIATIONS or _STREET.search(text):
            return False
        if _ORDINAL.match(text) and (nt.lower() in MONTHS or nt[:1].isdigit() or nt in {"-", "–", "bis"}
                                     or nt[:1].islower()):
            return False
        if len(text) == 2 and text[0].isupper():  # initial
            return False
        if _INITIALS.match(text):  # "G.A. Röders", "H.J. Muster"
            return False
        if "." in text[:-1] and not _ORDINAL.match(text):  # "e.V.", "u.a.", "z.B." …
            return nt[:1].isupper() and low not in {"e.v.", "u.a.", "z.b.", "d.h.", "i.a."}
    if nt[:1].islower() or nt in {",", ";", ")", "-", "–"}:
        return False
    return True


def split_sentences(text: str, offset: int = 0) -> list[Sentence]:
    """Sentences of ``text`` (offsets shifted by ``offset``), line breaks being hard boundaries."""
    out: list[Sentence] = []
    line: list = []

    def flush() -> None:
        begin = 0
        for i in range(len(line)):
            if i == len(line) - 1 or _ends_sentence(line, i):
                first, last = line[begin], line[i]
                s, e = first.idx, last.idx + len(last.text)
                out.append(Sentence(len(out), s + offset, e + offset, text[s:e]))
                begin = i + 1
        line.clear()

    for tok in token_list(text):
        if tok.is_space or not tok.text.strip():
            if "\n" in tok.text or "\n" in tok.whitespace_:
                flush()
            continue
        line.append(tok)
        if "\n" in tok.whitespace_:
            flush()
    flush()
    return out


def segment(article: Article) -> list[Sentence]:
    """The sentences of an article, numbered in order, each tagged with its section."""
    sentences = split_sentences(article.text)
    sections = article.sections
    result = []
    for s in sentences:
        sec = 0
        for n, section in enumerate(sections):
            if section.start <= s.start < section.end + 1:
                sec = n
                break
        result.append(Sentence(s.index, s.start, s.end, s.text, sec))
    return result
