"""Deterministic dumps of the whole store, for linked-open-data consumers.

``dump(store, out_dir)`` writes::

    ruhrgraph.ttl      Turtle: the union of all named graphs, distinct triples, prefixes, sorted
    ruhrgraph.trig     TriG: every named graph kept
    ruhrgraph.nq       N-Quads: every named graph kept, one sorted line per quad
    ruhrgraph.jsonld   JSON-LD: named graphs kept, the shipped context inline (never fetched)
    *.gz               each of the above gzipped (mtime 0, no file name: stable bytes)
    *.sha256           ``sha256sum`` lines for every file above
    void.ttl           the VoID/DCAT description (see :mod:`ruhrgraph.publish.void`)
    gazetteer.ttl      only with ``gazetteer=True`` (``ruhrgraph dump --gazetteer``): the whole
                       gazetteer as shipped (+ .gz, .sha256) — the store and the dumps above carry
                       only the entries its data uses (:mod:`ruhrgraph.ingest.reference`)

Every file carries the licence as data: ``<dataset> dcterms:license <licence>`` in its default
graph (:func:`licence_quads`), so a file that travels without ``void.ttl`` still says its terms.

Two dumps of the same store are byte-identical: blank nodes are canonically relabelled
(RDFC-1.0), everything is sorted, gzip headers carry no time stamp and ``void.ttl`` takes its
date from the data.

A dump streams: the quads are sorted on disk in sorted runs merged at the end
(:func:`~ruhrgraph.publish.rdfwrite.canonical_files`, in the staging folder) and every writer
reads the sorted files, so the memory used does not grow with the number of quads — only the
quads with blank nodes (canonicalised together) and the VoID statistics' distinct terms are held.

The four built-in formats are written in parts, one gzip member per part
(:mod:`ruhrgraph.publish.incremental`): a dump by the store's writer (``build``) rewrites only
the parts of the graphs written since the last dump into the same folder and copies the others
from the previous files; every other dump writes everything, with the same bytes.

A dump is published as one atomic switch: everything is written into a staging folder beside
``out_dir`` (``.<name>.dump-<pid>-…``), other files of ``out_dir`` (``actors.gexf`` of ``build``,
say) are carried over as hard links, and the staging folder is exchanged with ``out_dir`` in one
``renameat2(RENAME_EXCHANGE)`` call. A dump that fails or is interrupted at any point (disk full,
Ctrl-C, ``kill -9``, a bug) leaves the previous dump byte-identical, and a reader never sees old
and new files mixed; ``out_dir`` keeps its path, so ``serve`` and links keep working. Where the
exchange is not available (not Linux, a file system without it, a parent folder that cannot be
written) or ``out_dir`` holds sub-folders or the working directory (which are never moved), the
files are renamed one by one as before: each file whole, but not the dump as a whole.

The formats are a :class:`~ruhrgraph.registry.Registry` (:data:`FORMATS`), looked up by name;
another package adds a format under the entry-point group ``ruhrgraph.dump_formats`` and every
dump writes it too.

Example::

    >>> import tempfile
    >>> from ruhrgraph.store.local import Store
    >>> with Store.open(None) as store:
    ...     files = dump(store, Path(tempfile.mkdtemp()))
    >>> sorted(p.name for p in files)[:3]
    ['ruhrgraph.jsonld', 'ruhrgraph.jsonld.gz', 'ruhrgraph.jsonld.gz.sha256']
    >>> [FORMATS.get(name).filename for name in FORMATS]
    ['ruhrgraph.ttl', 'ruhrgraph.trig', 'ruhrgraph.nq', 'ruhrgraph.jsonld']
"""

from __future__ import annotations

import ctypes
import errno
import gzip
import hashlib
import itertools
import os
import shutil
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any, cast

import pyoxigraph as ox

from ruhrgraph.errors import RuhrgraphError
from ruhrgraph.publish import incremental as _incremental
from ruhrgraph.publish import rdfwrite as _rdfwrite
from ruhrgraph.publish.void import Distribution, PublishSettings, void_turtle
from ruhrgraph.registry import Registry
from ruhrgraph.store.local import process_alive

#: Name stem of the dump files.
STEM = "ruhrgraph"
_STAGING_PREFIX = ".dump-"
_DCTERMS = "http://purl.org/dc/terms/"
#: Where ``build``, ``dump`` and ``serve`` put and find the dumps, under the store folder (the one place).
OUT = "out"
#: The optional dump of the whole gazetteer.
GAZETTEER_FILE = "gazetteer.ttl"


def default_folder(store_dir: Path) -> Path:
    """The dump folder of a store: ``<store>/out``, which ``build`` writes (with its Gephi files),
    ``dump`` writes by default and ``serve`` serves under ``/dumps/``.

    >>> default_folder(Path("/srv/ruhrgraph"))
    PosixPath('/srv/ruhrgraph/out')
    """
    return Path(store_dir) / OUT


def is_dump_file(name: str) -> bool:
    """Whether a file name is one a dump writes (``ruhrgraph.ttl.gz``, ``void.ttl.sha256`` …), not
    another file of the folder (``actors.gexf`` of ``build``).

    >>> [is_dump_file(n) for n in ("ruhrgraph.ttl.gz.sha256", "void.ttl", "actors.gexf", "ruhrgraph.ttl.bak")]
    [True, True, False, False]
    """
    stems = [FORMATS.get(n).filename for n in FORMATS.names()] + ["void.ttl", GAZETTEER_FILE]
    return any(name in (stem, f"{stem}.gz", f"{stem}.sha256", f"{stem}.gz.sha256") for stem in stems)


@dataclass(frozen=True)
class DumpData:
    """What the writers need: canonical sorted quads and their union as sorted triples.

    ``quads`` and ``triples`` are read from sorted files each time they are iterated (see
    :func:`collect`), so a writer streams them and may iterate them more than once.
    """

    quads: Iterable[ox.Quad]
    triples: Iterable[ox.Triple]
    prefixes: dict[str, str]


class _FileQuads:
    """The quads or triples of a sorted file, read afresh on every iteration."""

    def __init__(self, read: Callable[[Path], Iterator[Any]], path: Path) -> None:
        self._read, self._path = read, path

    def __iter__(self) -> Iterator[Any]:
        return self._read(self._path)


@dataclass(frozen=True)
class DumpFormat:
    """One dump format: its file name, media type and writer."""

    name: str
    filename: str
    media_type: str
    write: Callable[[DumpData, IO[bytes]], Any]


FORMATS: Registry[DumpFormat] = Registry("dump format", "ruhrgraph.dump_formats")
"""The dump formats by name; a dump writes every one of them, in this order."""

for _fmt in (
    DumpFormat("turtle", f"{STEM}.ttl", "text/turtle",
               lambda d, out: _rdfwrite.turtle(d.triples, prefixes=d.prefixes, out=out)),
    DumpFormat("trig", f"{STEM}.trig", "application/trig",
               lambda d, out: _rdfwrite.trig(d.quads, prefixes=d.prefixes, out=out)),
    DumpFormat("nquads", f"{STEM}.nq", "application/n-quads",
               lambda d, out: _rdfwrite.nquads(d.quads, out=out)),
    DumpFormat("jsonld", f"{STEM}.jsonld", "application/ld+json",
               lambda d, out: _rdfwrite.jsonld(d.quads, out=out)),
):
    FORMATS.register(_fmt.name, _fmt)


def collect(store: Any, folder: Path, extra: Iterable[ox.Quad] = ()) -> DumpData:
    """Read every quad of the named graphs of an open :class:`~ruhrgraph.store.Store` (and ``extra``)
    into canonical order, sorted on disk in ``folder`` (:func:`~ruhrgraph.publish.rdfwrite.canonical_files`):
    the memory used does not grow with the number of quads (except those with blank nodes). The
    query graph is derived from the named graphs and not dumped."""
    quads, triples = _rdfwrite.canonical_files(itertools.chain(store.named_quads(), extra), folder)
    return DumpData(quads=_FileQuads(_rdfwrite.read_quads, quads),
                    triples=_FileQuads(_rdfwrite.read_triples, triples), prefixes=_rdfwrite.prefixes())


def licence_quads(settings: PublishSettings) -> list[ox.Quad]:
    """What every dump file says about its terms, in its default graph: ``<dataset>
    dcterms:license <licence>`` (the dataset IRI is the one ``void.ttl`` describes).

    >>> [str(q.predicate) for q in licence_quads(PublishSettings())]
    ['<http://purl.org/dc/terms/license>']
    """
    return [ox.Quad(ox.NamedNode(settings.dataset_iri), ox.NamedNode(f"{_DCTERMS}license"),
                    ox.NamedNode(settings.licence), ox.DefaultGraph())]


def dump(store: Any, out_dir: Path, *, settings: PublishSettings | None = None,
         gazetteer: bool = False) -> list[Path]:
    """Write every dump format, its gzip and SHA-256 files and ``void.ttl`` into ``out_dir``.

    Args:
        store: an open :class:`~ruhrgraph.store.Store` (read-only is enough).
        out_dir: the folder to write to (created if missing).
        settings: base IRI, licence, publisher for ``void.ttl``; from the environment if omitted.
        gazetteer: also write ``gazetteer.ttl`` (+ .gz, .sha256), the whole shipped gazetteer
            with the licence statement, sorted; a dump without it removes an earlier one.

    Returns:
        The paths written, sorted by name.

    Raises:
        RuhrgraphError: the files could not be written; the previous dump is unchanged.
    """
    settings = settings or PublishSettings.from_env()
    out_dir = Path(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        _remove_stale_staging(out_dir)
        _remove_stale_staging(out_dir.parent, f".{out_dir.resolve().name}{_STAGING_PREFIX}")
        staging, beside = _staging(out_dir)
    except OSError as exc:
        raise RuhrgraphError(f"cannot write the dump to {out_dir}: {exc}") from exc
    try:
        licence = licence_quads(settings)
        sorting = Path(tempfile.mkdtemp(prefix=".sort-", dir=staging))
        formats = [FORMATS.get(name) for name in FORMATS.names()]
        distributions: list[Distribution] = []
        state_path = _state_path(store)
        if _in_parts(formats):
            mark = store.change_mark() if state_path is not None else None
            key = _incremental.state_key(licence, settings.base)
            state, touched = _usable_state(store, state_path, key, out_dir)
            outcome = _incremental.write(
                store, staging, STEM, licence, settings.base, key, state, out_dir if state else None, touched,
                lambda: _rdfwrite.canonical_files(itertools.chain(store.named_quads(), licence), sorting))
            for fmt in formats:
                for done, compressed in zip(outcome.files[fmt.name], (False, True), strict=True):
                    (staging / f"{done.name}.sha256").write_text(f"{done.sha256}  {done.name}\n", encoding="ascii")
                    distributions.append(Distribution(done.name, fmt.media_type, done.size, done.sha256, compressed))
            void_bytes = void_turtle([], settings, distributions, stats=outcome.statistics)
        else:  # a format another package registered: every format written whole, from the sorted files
            outcome, mark = None, None
            void_bytes = _whole_formats(store, staging, sorting, licence, formats, settings, distributions)
        void = staging / "void.ttl"
        with open(void, "wb") as fh:
            fh.write(void_bytes)
            _sync(fh)
        _checksum(void, staging)
        if gazetteer:
            _write_gazetteer(staging, licence)
        shutil.rmtree(sorting)
        names = sorted(p.name for p in staging.iterdir())
        if not (beside and _switch(staging, out_dir, names)):
            for name in names:  # every file is complete: now replace the previous dump, file by file
                os.replace(staging / name, out_dir / name)
            for stale in out_dir.iterdir():  # an earlier dump's files this one does not write
                if is_dump_file(stale.name) and stale.name not in names and not stale.is_dir():
                    stale.unlink()
        _sync_dir(out_dir)
        if state_path is not None:
            _save_state(state_path, outcome, mark, out_dir, names)
        return [out_dir / name for name in names]
    except OSError as exc:
        raise RuhrgraphError(
            f"cannot write the dump to {out_dir}: {exc}; the previous dump is unchanged") from exc
    finally:
        shutil.rmtree(staging, ignore_errors=True)


_BUILT_IN = {f.name: f for f in (FORMATS.get(name) for name in FORMATS.names())}
"""The four formats :mod:`ruhrgraph.publish.incremental` writes in parts."""


def _in_parts(formats: list[DumpFormat]) -> bool:
    """Are these exactly the built-in formats, which :mod:`ruhrgraph.publish.incremental` writes?"""
    return [f.name for f in formats] == list(_BUILT_IN) and all(f is _BUILT_IN[f.name] for f in formats)


def _whole_formats(store: Any, staging: Path, sorting: Path, licence: list[ox.Quad], formats: list[DumpFormat],
                   settings: PublishSettings, distributions: list[Distribution]) -> bytes:
    """Every format written whole by its ``write`` (with its gzip and checksums); ``void.ttl``."""
    data = collect(store, sorting, licence)
    # each format is gzipped (zlib lets go of the GIL) in a thread while the next one is written
    with ThreadPoolExecutor(max_workers=max(1, min(len(formats), os.cpu_count() or 1))) as pool:
        packing = []
        for fmt in formats:
            raw = staging / fmt.filename
            with open(raw, "wb") as fh:
                fmt.write(data, fh)
                _sync(fh)
            packing.append(pool.submit(_pack, raw, staging))
        for fmt, job in zip(formats, packing, strict=True):
            for path, compressed, digest, size in job.result():
                distributions.append(Distribution(path.name, fmt.media_type, size, digest, compressed))
    metadata = {q.triple for q in licence}  # the statistics describe the data, not its licence
    described = (t for t in data.triples if t not in metadata)  # void reads them once, in order
    return void_turtle(cast(Sequence[ox.Triple], described), settings, distributions)


def _state_path(store: Any) -> Path | None:
    """Where the record of the incremental dumps lives: ``<store>/dump-state.json``, for a writer of
    a store on disk (a reader reads a snapshot, whose changes the journal cannot date)."""
    path = getattr(store, "path", None)
    if path is None or getattr(store, "read_only", True) or getattr(store, "change_mark", lambda: None)() is None:
        return None
    return Path(path) / _incremental.STATE_FILE


def _usable_state(store: Any, path: Path | None, key: str,
                  out_dir: Path) -> tuple[_incremental.State | None, set[str] | None]:
    """The record of the last dump and the graphs written since, when the files in ``out_dir`` are
    still the ones it describes; ``(None, None)`` otherwise (everything is written afresh)."""
    state = _incremental.State.load(path) if path is not None else None
    if state is None or state.key != key or state.out != str(out_dir.resolve()):
        return None, None
    try:
        if any(_incremental.file_stamp(out_dir / name) != stamp for name, stamp in state.files.items()):
            return None, None
    except OSError:
        return None, None
    touched = store.changed_since(state.mark)
    return (state, touched) if touched is not None else (None, None)


def _save_state(path: Path, outcome: _incremental.Outcome | None, mark: str | None, out_dir: Path,
                names: list[str]) -> None:
    """Record the dump just published (or remove the record: nothing to reuse); never raises."""
    try:
        if outcome is None or mark is None:
            path.unlink(missing_ok=True)
            return
        state = outcome.state
        state.mark, state.out = mark, str(out_dir.resolve())
        state.files = {name: _incremental.file_stamp(out_dir / name) for name in names
                       if any(name == f"{w.name}" for pair in outcome.files.values() for w in pair)}
        state.save(path)
    except OSError:
        try:
            path.unlink(missing_ok=True)
        except OSError:
            pass


def _write_gazetteer(staging: Path, licence: list[ox.Quad]) -> None:
    """``gazetteer.ttl`` (+ .gz, .sha256): every gazetteer entry's reference data, sorted."""
    from ruhrgraph.ingest.reference import full_gazetteer
    from ruhrgraph.terms import to_ox

    triples = [ox.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in full_gazetteer()]  # type: ignore[arg-type]
    triples += [q.triple for q in licence]
    raw = staging / GAZETTEER_FILE
    with open(raw, "wb") as fh:
        _rdfwrite.turtle(_rdfwrite.sorted_triples(triples), prefixes=_rdfwrite.prefixes(), out=fh)
        _sync(fh)
    packed = staging / f"{GAZETTEER_FILE}.gz"
    _gzip(raw, packed)
    _checksum(raw, staging)
    _checksum(packed, staging)


def _staging(out_dir: Path) -> tuple[Path, bool]:
    """A fresh staging folder beside ``out_dir`` (``True``), or inside it when the parent cannot be
    written (``False``: the files are then renamed one by one)."""
    resolved = out_dir.resolve()
    prefix = f".{resolved.name}{_STAGING_PREFIX}{os.getpid()}-"
    try:
        staging = Path(tempfile.mkdtemp(prefix=prefix, dir=resolved.parent))
    except OSError:
        return Path(tempfile.mkdtemp(prefix=f"{_STAGING_PREFIX}{os.getpid()}-", dir=out_dir)), False
    os.chmod(staging, resolved.stat().st_mode & 0o7777)  # readers (a web server) keep their access
    return staging, True


def _switch(staging: Path, out_dir: Path, names: list[str]) -> bool:
    """Carry the other files of ``out_dir`` into ``staging`` (hard links), then exchange the two
    folders in one step. ``False`` (``out_dir`` unchanged) where the exchange is not supported, or
    when ``out_dir`` holds folders or the working directory — those are never moved."""
    entries = [e for e in sorted(out_dir.iterdir())  # an earlier dump's files this one does not write
               if e.name not in names and not e.name.startswith(_STAGING_PREFIX)  # go with it
               and not is_dump_file(e.name)]
    here = Path.cwd().resolve()
    if any(e.is_dir() and not e.is_symlink() for e in entries) or here.is_relative_to(out_dir.resolve()):
        return False
    for entry in entries:
        target = staging / entry.name
        if entry.is_symlink():
            os.symlink(os.readlink(entry), target)
        else:
            try:
                os.link(entry, target)
            except OSError:
                shutil.copy2(entry, target)
    if not _exchange(staging, out_dir):
        return False
    _sync_dir(out_dir.resolve().parent)
    return True


def _exchange(one: Path, other: Path) -> bool:
    """Swap two folders atomically (Linux ``renameat2`` with ``RENAME_EXCHANGE``); ``False`` where
    that is not available."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        renameat2 = ctypes.CDLL(None, use_errno=True).renameat2
    except (OSError, AttributeError):
        return False
    renameat2.argtypes = [ctypes.c_int, ctypes.c_char_p, ctypes.c_int, ctypes.c_char_p, ctypes.c_uint]
    at_fdcwd, rename_exchange = -100, 2
    if renameat2(at_fdcwd, os.fsencode(one), at_fdcwd, os.fsencode(other), rename_exchange) == 0:
        return True
    code = ctypes.get_errno()
    if code in (errno.EINVAL, errno.ENOSYS, errno.EXDEV, errno.EOPNOTSUPP):
        return False
    raise OSError(code, os.strerror(code), str(other))


def _pack(raw: Path, staging: Path) -> list[tuple[Path, bool, str, int]]:
    """Gzip ``raw`` and write both checksums: ``(path, compressed, sha256, size)`` of each."""
    packed = staging / f"{raw.name}.gz"
    _gzip(raw, packed)
    return [(path, compressed, *_checksum(path, staging)) for path, compressed in ((raw, False), (packed, True))]


def _gzip(src: Path, dst: Path) -> None:
    """Gzip ``src`` into ``dst`` with a fixed header (no name, mtime 0) so the bytes are stable."""
    with open(src, "rb") as fin, open(dst, "wb") as raw_out:
        with gzip.GzipFile(filename="", mode="wb", fileobj=raw_out, compresslevel=6, mtime=0) as out:
            shutil.copyfileobj(fin, out, 1 << 20)
        _sync(raw_out)


def _checksum(path: Path, folder: Path) -> tuple[str, int]:
    """Write ``<path>.sha256`` (``sha256sum`` format) into ``folder``; return digest and size."""
    digest = hashlib.sha256()
    size = 0
    with open(path, "rb") as fh:
        while chunk := fh.read(1 << 20):
            digest.update(chunk)
            size += len(chunk)
    hexdigest = digest.hexdigest()
    (folder / f"{path.name}.sha256").write_text(f"{hexdigest}  {path.name}\n", encoding="ascii")
    return hexdigest, size


def _sync(fh: IO[bytes]) -> None:
    fh.flush()
    os.fsync(fh.fileno())


def _sync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _remove_stale_staging(folder: Path, prefix: str = _STAGING_PREFIX) -> None:
    """Remove staging folders left by dumps whose process died (``kill -9``, power loss)."""
    for entry in folder.glob(f"{prefix}*"):
        pid_text = entry.name[len(prefix):].split("-", 1)[0]
        if not entry.is_dir() or not pid_text.isdigit():
            continue
        pid = int(pid_text)
        if pid != os.getpid() and not process_alive(pid):
            shutil.rmtree(entry, ignore_errors=True)
