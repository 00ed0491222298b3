"""The interactive network view of the server (private helper of :mod:`.app`): ``/network`` and
``/network.json``.

A worker projects the view, computes its measures and lays it out
(:func:`ruhrgraph.publish.serve.tasks.network`, with :mod:`ruhrgraph.network.interactive`); the
result is kept for the server's lifetime (the store is read-only while it serves). The page
draws it with sigma.js from ``static/vendor/network.min.js`` — the same front end as
``ruhrgraph export --format html`` — coloured by type or community, sized by a chosen measure,
with a search box; a click on an actor opens its entity page on this server.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import anyio
from starlette.requests import Request
from starlette.responses import Response

from ruhrgraph.network.interactive import NODE_LIMIT, SIZE_MEASURES, controls
from ruhrgraph.network.views import VIEWS
from ruhrgraph.publish.serve.negotiate import HTTPError

if TYPE_CHECKING:
    from ruhrgraph.publish.serve.views import Views

#: Seconds the first request of a view may take (projection, measures and layout).
NETWORK_TIMEOUT = 300.0
_TITLES = {"actors": "Actor network", "organisations": "Organisation network", "bipartite": "Actors and events"}


class NetworkViews:
    """The two handlers, with the computed views cached by name."""

    def __init__(self, views: Views, csp: dict[str, str]) -> None:
        self.views = views
        self.csp = csp
        self._cache: dict[tuple[str | None, str], dict[str, Any]] = {}  # by snapshot and view
        self._lock = anyio.Lock()

    async def _data(self, request: Request) -> tuple[str, dict[str, Any]]:
        view = request.query_params.get("view", "actors")
        if view not in VIEWS:
            raise HTTPError(404, f"no network view {view!r}; the views are {', '.join(VIEWS)}")
        key = (self.views.generation(), view)  # a new build's network is computed afresh
        async with self._lock:  # one computation per view, however many ask at once
            if key not in self._cache:
                data = await self.views.run("network", view, NODE_LIMIT, heavy=True,
                                            timeout=max(self.views.settings.timeout, NETWORK_TIMEOUT))
                self._cache = {k: v for k, v in self._cache.items() if k[0] == key[0]}
                self._cache[key] = data
        data = self._cache[key]
        nodes = [{**node, "href": self.views.href(request, node["id"]) or ""} for node in data["nodes"]]
        return view, {**data, "nodes": nodes}

    async def data(self, request: Request) -> Response:
        _, data = await self._data(request)
        return Response(json.dumps(data, ensure_ascii=False), media_type="application/json")

    async def page(self, request: Request) -> Response:
        view, data = await self._data(request)
        size = request.query_params.get("size", "pagerank")
        colour = request.query_params.get("colour", "type")
        if size not in SIZE_MEASURES:
            raise HTTPError(400, f"cannot size nodes by {size!r}; choose one of {', '.join(SIZE_MEASURES)}")
        if colour not in ("type", "community"):
            raise HTTPError(400, "colour by 'type' or 'community'")
        payload = json.dumps(data, ensure_ascii=False).replace("</", "<\\/")
        return self.views.render(request, "network.html", 200, self.csp, view=view, views=VIEWS,
                                 controls=controls(_TITLES[view], data, size, colour), payload=payload)
