"""What ``ruhrgraph serve`` can be told: :class:`ServeSettings` (used by the app and its views)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from ruhrgraph.publish.dump import default_folder
from ruhrgraph.publish.void import PublishSettings


@dataclass(frozen=True)
class ServeSettings:
    """Everything ``ruhrgraph serve`` can be told.

    Attributes:
        store: the store folder (opened read-only by the workers).
        dumps: folder of the dump files (default ``<store>/out``, where ``build`` writes them).
        publish: base IRI, licence, publisher (see :class:`~ruhrgraph.publish.void.PublishSettings`).
        timeout: seconds a query may run before its worker is killed.
        saved_query_timeout: the same for the saved queries of ``/queries/`` (they resolve names
            to IRIs first, which takes longer, and their text is curated, not typed by strangers).
        result_limit: most rows (or triples) a query returns.
        max_query_bytes: longest SPARQL text accepted.
        max_depth: deepest bracket nesting accepted.
        workers: number of query worker processes.
        memory_mb: address-space cap per worker in MiB (0: none); a query that needs more ends
            its worker, which is replaced, and gets ``503``.
        redirect: answer ``/id/…`` with 303 (True) or serve the document directly (False).
        sparql_per_client: most SPARQL jobs (free-form and saved queries) one client address may
            have running or waiting at once; one more gets ``429`` (see
            :mod:`~ruhrgraph.publish.serve.admission`).
        queue_limit: most jobs waiting for a query worker; one more gets ``429``.
        trusted_proxies: addresses of reverse proxies whose ``X-Forwarded-For`` names the client
            (its last entry); without them every client behind a proxy counts as the proxy.

    >>> ServeSettings(store=Path("/srv/ruhrgraph")).dumps_dir
    PosixPath('/srv/ruhrgraph/out')
    """

    store: Path
    dumps: Path | None = None
    publish: PublishSettings = field(default_factory=PublishSettings.from_env)
    timeout: float = 15.0
    saved_query_timeout: float = 60.0
    result_limit: int = 10_000
    max_query_bytes: int = 100_000
    max_depth: int = 64
    workers: int = 2
    memory_mb: int = 2048
    redirect: bool = True
    sparql_per_client: int = 2
    queue_limit: int = 32
    trusted_proxies: tuple[str, ...] = ()

    @property
    def base(self) -> str:
        return self.publish.base

    @property
    def dumps_dir(self) -> Path:
        return self.dumps if self.dumps is not None else default_folder(self.store)
