"""Locate the files that ship with the package: ontology, gazetteer, saved queries.

In a wheel they live under ``ruhrgraph/_resources/`` (hatch ``force-include``); in a source
checkout or an editable install they are the top-level folders of the repository.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

_REPO_DIRS = {
    "ontology": ("ontology",),
    "gazetteer": ("data", "gazetteer"),
    "queries": ("queries",),
}


def resource_dir(name: str) -> Path:
    """Return the folder holding the shipped resource ``name``.

    >>> resource_dir("ontology").joinpath("ruhrgraph.ttl").is_file()
    True
    """
    if name not in _REPO_DIRS:
        raise KeyError(f"unknown resource folder {name!r}; known: {sorted(_REPO_DIRS)}")
    packaged = Path(str(files("ruhrgraph"))) / "_resources" / name
    if packaged.is_dir():
        return packaged
    repo = Path(__file__).resolve().parents[2].joinpath(*_REPO_DIRS[name])
    if repo.is_dir():
        return repo
    raise FileNotFoundError(f"resource folder {name!r} not found (looked in {packaged} and {repo})")
