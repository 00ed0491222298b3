"""The ingest record (issue 15): a file whose stat is unchanged is not read again, a graph no
writer touched since the record is not looked up again — and neither shortcut ever takes a
changed file or a changed graph for an unchanged one."""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path

import pytest

from ruhrgraph.ingest import _state
from ruhrgraph.ingest.commit import ingest_paths
from ruhrgraph.store.local import Store

DATA = Path(__file__).parent / "data" / "ingest"
ARTICLES = [DATA / "identity" / "a_delegation_korea_dortmund.txt", DATA / "identity" / "b_messe_medica.txt"]
HOUR = 3600 * 10**9


@pytest.fixture(autouse=True)
def short_racy_window(monkeypatch: pytest.MonkeyPatch) -> None:
    """A file's change time cannot be set back: the tests' files are seconds old at most, so the
    window is 50 ms here (:func:`copies` waits that long)."""
    monkeypatch.setattr(_state, "RACY_NS", 50_000_000)


def copies(tmp_path: Path, *, age_ns: int = HOUR) -> list[Path]:
    """The two articles in a folder of their own, last modified ``age_ns`` ago (and, but for a
    fresh copy, changed more than the racy window ago)."""
    folder = tmp_path / "articles"
    folder.mkdir()
    out = []
    for source in ARTICLES:
        target = folder / source.name
        shutil.copy(source, target)
        then = target.stat().st_mtime_ns - age_ns
        os.utime(target, ns=(then, then))
        out.append(target)
    if age_ns:
        time.sleep(0.1)
    return out


def statuses(store: Store, paths: list[Path]) -> list[str]:
    """The outcome of each of ``paths``, in their order."""
    found = {o.source: o.status for o in ingest_paths(store, paths).outcomes}
    return [found[str(p)] for p in paths]


def record(store_dir: Path) -> dict:  # type: ignore[type-arg]
    return json.loads((store_dir / _state.STATE_FILE).read_text(encoding="utf-8"))


class Counting:
    """Counts the files hashed and the graphs looked up in the store."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.hashed: list[str] = []
        self.looked_up: list[str] = []
        real_hash, real_lookup = _state.hashlib.sha256, _state.stored_hashes

        def sha256(data: bytes):  # type: ignore[no-untyped-def]
            self.hashed.append(data[:20].decode("utf-8", "replace"))
            return real_hash(data)

        def stored_hashes(store: Store, graph: str) -> set[str]:
            self.looked_up.append(graph)
            return real_lookup(store, graph)

        monkeypatch.setattr(_state, "hashlib", type("H", (), {"sha256": staticmethod(sha256)}))
        monkeypatch.setattr(_state, "stored_hashes", stored_hashes)


def test_unchanged_files_are_neither_read_nor_looked_up(tmp_path: Path, store_dir: Path,
                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    paths = copies(tmp_path)
    with Store.open(store_dir) as store:
        assert statuses(store, paths) == ["committed", "committed"]
        entries = record(store_dir)["files"]
        assert all(len(entries[str(p.resolve())]["stat"]) == 4 for p in paths)
        counting = Counting(monkeypatch)
        assert statuses(store, paths) == ["unchanged", "unchanged"]
        assert counting.hashed == [] and counting.looked_up == []
        # touched (same bytes, new times): read again, still unchanged, its new stat recorded
        os.utime(paths[0], ns=(paths[0].stat().st_mtime_ns - HOUR,) * 2)
        time.sleep(0.1)
        assert statuses(store, paths) == ["unchanged", "unchanged"]
        assert len(counting.hashed) == 1
        assert statuses(store, paths) == ["unchanged", "unchanged"] and len(counting.hashed) == 1


def test_a_changed_file_with_the_old_size_and_times_is_read_again(tmp_path: Path, store_dir: Path) -> None:
    """Same size, modification time set back: the change time gives it away."""
    paths = copies(tmp_path)
    with Store.open(store_dir) as store:
        assert statuses(store, paths) == ["committed", "committed"]
        before = paths[0].stat()
        text = paths[0].read_text(encoding="utf-8")
        changed = text.replace("Dortmund", "Dortmunt", 1)
        assert changed != text and len(changed.encode()) == len(text.encode())
        paths[0].write_text(changed, encoding="utf-8")
        os.utime(paths[0], ns=(before.st_atime_ns, before.st_mtime_ns))
        assert paths[0].stat().st_size == before.st_size and paths[0].stat().st_mtime_ns == before.st_mtime_ns
        assert statuses(store, paths) == ["committed", "unchanged"]


def test_a_file_changed_within_the_racy_window_is_never_trusted(tmp_path: Path, store_dir: Path,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """A file written just now gets no stat in the record: were it changed again within the same
    tick of the clock, its size and times could be those recorded."""
    monkeypatch.setattr(_state, "RACY_NS", 3_600 * 10**9)  # everything is recent
    paths = copies(tmp_path, age_ns=0)
    with Store.open(store_dir) as store:
        assert statuses(store, paths) == ["committed", "committed"]
        assert all("stat" not in entry for entry in record(store_dir)["files"].values())
        counting = Counting(monkeypatch)
        assert statuses(store, paths) == ["unchanged", "unchanged"]
        assert len(counting.hashed) == 2  # read again, every time, until they are old enough


@pytest.mark.parametrize("declared", [True, False])
def test_a_graph_written_by_another_writer_is_looked_up_again(tmp_path: Path, store_dir: Path, declared: bool,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    """A SPARQL update (naming its graph, or not) changes an article's graph; an ingest of only the
    other file runs in between and must not forget it: the next ingest re-commits the article."""
    paths = copies(tmp_path)
    with Store.open(store_dir) as store:
        outcomes = ingest_paths(store, paths).outcomes
        graph = outcomes[0].graph
    with Store.open(store_dir) as store:  # another writer
        hashed = "?a <https://w3id.org/ruhrgraph/ontology#contentHash> ?h"
        store.update(f"DELETE WHERE {{ GRAPH <{graph}> {{ {hashed} }} }}", graphs=[graph] if declared else None)
    counting = Counting(monkeypatch)
    with Store.open(store_dir) as store:
        assert statuses(store, paths[1:]) == ["unchanged"]
        assert counting.looked_up == ([] if declared else [outcomes[1].graph])
    with Store.open(store_dir) as store:
        assert statuses(store, paths) == ["committed", "unchanged"]
        assert counting.looked_up.count(graph) == 1
        assert statuses(store, paths) == ["unchanged", "unchanged"]
    assert record(store_dir)["suspect"] == []


def test_a_record_without_a_journal_mark_looks_everything_up(tmp_path: Path, store_dir: Path,
                                                             monkeypatch: pytest.MonkeyPatch) -> None:
    """An older record (no mark) or another store's journal: every graph is looked up once."""
    paths = copies(tmp_path)
    with Store.open(store_dir) as store:
        outcomes = ingest_paths(store, paths).outcomes
    data = record(store_dir)
    del data["mark"], data["suspect"]
    (store_dir / _state.STATE_FILE).write_text(json.dumps(data), encoding="utf-8")
    counting = Counting(monkeypatch)
    with Store.open(store_dir) as store:
        assert statuses(store, paths) == ["unchanged", "unchanged"]
    assert sorted(counting.looked_up) == sorted(o.graph for o in outcomes)


def test_record_keys_are_the_resolved_paths(tmp_path: Path) -> None:
    """Folders are resolved once for all their files; links and odd paths are resolved whole."""
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "x.txt").write_text("x", encoding="utf-8")
    os.symlink(tmp_path / "a", tmp_path / "link")
    os.symlink(tmp_path / "a" / "x.txt", tmp_path / "a" / "y.txt")
    relative = Path(os.path.relpath(tmp_path / "a" / "x.txt"))
    with Store.open(None) as store:
        state = _state.State(store, "")
        for path in (tmp_path / "a" / "x.txt", tmp_path / "link" / "x.txt", tmp_path / "a" / "y.txt",
                     tmp_path / "a" / ".." / "a" / "x.txt", relative, tmp_path / "missing.txt"):
            assert state.key(path) == str(path.resolve()), path
