"""Sentence segmentation on spaCy's German tokenizer: the hard cases of news text."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from ruhrgraph.extract.read import read_file
from ruhrgraph.extract.segment import segment, split_sentences

SEED = Path(__file__).resolve().parents[1] / "data" / "articles" / "000_cbab0d245a9d8950.txt"
CASES = yaml.safe_load((Path(__file__).parent / "data" / "patterns" / "sentences.yaml").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_sentences(case: dict) -> None:
    assert [s.text for s in split_sentences(case["text"])] == case["sentences"]


def test_offsets_point_into_the_text() -> None:
    text = "Titel\nDr. Joanna Stachnik stellte vor. Die BMR lud ein.\n\nWeitere Meldungen"
    for s in split_sentences(text):
        assert text[s.start:s.end] == s.text


def test_seed_sentences_and_sections() -> None:
    article = read_file(SEED)[0]
    sentences = segment(article)
    texts = [s.text for s in sentences]
    assert "Dr. Joanna Stachnik, Leiterin des BioMedizinZentrumDortmund, stellte" in " ".join(texts)
    assert any(t.startswith("Die MEDICA, die in dieser Woche vom 14. - 17.11. stattfindet") for t in texts)
    assert any(t.startswith("Prokurist Jörg Kemna präsentiert und diskutiert u. a. am Chicago") for t in texts)
    assert "Business Metropole Ruhr bezieht neue Büros an der Kronprinzenstr. 30 in Essen" in texts
    korea = next(s for s in sentences if "Delegation aus Korea" in s.text)
    reception = next(s for s in sentences if s.text.startswith("Beim Empfang"))
    assert korea.section == reception.section
    singapore = next(s for s in sentences if "asiatischen Stadtstaat" in s.text)
    assert singapore.section != korea.section


def test_tokens_are_spacys_own_despite_the_cache_warming() -> None:
    """Chunks offered to the tokenizer's cache one by one split exactly as spaCy splits them in an
    article: the seed, the segmentation cases and the corpus articles, with special cases ("Dr.",
    "z. B.", "u. a.") early in each text, token for token (text, offset, trailing space)."""
    import spacy

    from ruhrgraph.extract import segment as seg

    fresh = spacy.blank("de")  # a tokenizer whose cache no warming has touched
    texts = [SEED.read_text(encoding="utf-8"), *(c["text"] for c in CASES)]
    texts += [a.text for p in sorted((Path(__file__).parent / "data" / "web").glob("*.txt")) for a in read_file(p)]
    assert len(texts) > 30
    for text in texts + texts:  # the second round reads every chunk from the cache
        seg.tokenize.cache_clear()
        ours = [(t.text, t.idx, t.whitespace_) for t in seg.tokenize(text)]
        assert ours == [(t.text, t.idx, t.whitespace_) for t in fresh.make_doc(text)]
    assert seg._OFFERED >= set(texts[0].split())
