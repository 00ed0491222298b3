"""``ruhrgraph review --web``: the review queue as a local web page.

Bound to 127.0.0.1 only and never part of the public ``serve``. The page is guarded by a
per-session token: the URL printed at start carries it once (``/?token=…``), the page trades it
for a ``SameSite=Strict``, ``HttpOnly`` cookie and redirects to ``/``; a request without the
token (in the cookie or that first URL) is refused with 403. Every decision is a POST that must
carry the session's CSRF token in the form and, when the browser sends one, this server's own
``Origin``; the ``Host`` must be this server (against DNS rebinding). The page is plain HTML
forms, no script (``Content-Security-Policy: default-src 'none'``).
"""

from __future__ import annotations

import hashlib
import hmac
import html
import secrets
from typing import Any
from urllib.parse import parse_qs, quote

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, PlainTextResponse, RedirectResponse, Response
from starlette.routing import Route

from ruhrgraph.errors import CurationError
from ruhrgraph.ingest.apply import published_source
from ruhrgraph.review.queue import Item, highlights
from ruhrgraph.review.session import Review

__all__ = ["make_app", "serve"]

COOKIE = "rg_review"
FORM = "application/x-www-form-urlencoded"
HEADERS = {"Content-Security-Policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; "
                                      "frame-ancestors 'none'; base-uri 'none'",
           "X-Frame-Options": "DENY", "Referrer-Policy": "same-origin", "Cache-Control": "no-store",
           "X-Content-Type-Options": "nosniff"}
STYLE = """body{font:15px/1.45 system-ui,sans-serif;max-width:60rem;margin:1.5rem auto;padding:0 1rem}
blockquote{font-size:1.15rem;border-left:4px solid #888;margin:1rem 0;padding:.4rem 1rem;background:#f6f6f6}
mark{background:#ffe27a;padding:0 .1em}form{display:inline-block;margin:.3rem .6rem .3rem 0}
fieldset{margin:.8rem 0}.meta{color:#555}.note{background:#e8f4e8;padding:.4rem .8rem}
button{font-size:1rem;padding:.25rem .8rem}"""


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _sentence(item: Item) -> str:
    out, last = [], 0
    for start, end in highlights(item.quote, item.names):
        out.append(_e(item.quote[last:start]) + f"<mark>{_e(item.quote[start:end])}</mark>")
        last = end
    return "".join(out) + _e(item.quote[last:])


class _State:
    def __init__(self, review: Review, token: str, filters: dict[str, Any]) -> None:
        self.review, self.token, self.filters = review, token, filters
        self.csrf = hmac.new(token.encode(), b"csrf", hashlib.sha256).hexdigest()
        self.skipped: set[str] = set()
        self.note = ""
        self.origins: set[str] = set()


def make_app(review: Review, token: str, filters: dict[str, Any] | None = None) -> Starlette:
    """The review app for ``review``, guarded by ``token``."""
    state = _State(review, token, {k: v for k, v in (filters or {}).items() if v})

    def allowed(request: Request) -> bool:
        host = request.headers.get("host", "")
        if host.rsplit(":", 1)[0] not in ("127.0.0.1", "localhost"):
            return False
        cookie = request.cookies.get(COOKIE, "")
        return bool(cookie) and hmac.compare_digest(cookie, state.token)

    def refuse(why: str) -> Response:
        return PlainTextResponse(f"refused: {why}\n", status_code=403, headers=HEADERS)

    async def index(request: Request) -> Response:
        given = request.query_params.get("token")
        if given is not None:
            if not hmac.compare_digest(given, state.token):
                return refuse("wrong token")
            response = RedirectResponse("/", status_code=303, headers=HEADERS)
            response.set_cookie(COOKIE, state.token, httponly=True, samesite="strict", path="/")
            return response
        if not allowed(request):
            return refuse("this page needs the session token (open the URL ruhrgraph review --web printed)")
        return HTMLResponse(_page(state), headers=HEADERS)

    async def decide(request: Request) -> Response:
        if not allowed(request):
            return refuse("no session token")
        origin = request.headers.get("origin")
        own = f"{request.url.scheme}://{request.headers.get('host', '')}"
        body = await request.body()
        if len(body) > 65536 or request.headers.get("content-type", "").split(";")[0] != FORM:
            return refuse("expected a small HTML form")
        form = {k: v[0] for k, v in parse_qs(body.decode("utf-8", "replace")).items()}
        if (origin is not None and origin != own) or not hmac.compare_digest(form.get("csrf", ""), state.csrf):
            return refuse("cross-site request (CSRF token or origin mismatch)")
        try:
            state.note = _apply(state, form)
        except CurationError as exc:
            state.note = f"not done: {exc}"
        return RedirectResponse("/", status_code=303, headers=HEADERS)

    return Starlette(routes=[Route("/", index), Route("/decide", decide, methods=["POST"])])


def _apply(state: _State, form: dict[str, str]) -> str:
    review = state.review
    verdict = form.get("verdict", "")
    if verdict == "undo":
        gone = review.undo()
        return f"undone: {gone.verdict} ({gone.id})" if gone else "nothing to undo"
    item = review.find(form.get("iri", ""))
    if verdict == "skip":
        state.skipped.add(str(item.iri))
        return "skipped"
    if verdict == "accept":
        return f"accepted ({review.accept(item).id})"
    if verdict == "reject":
        return f"rejected ({review.reject(item).id})"
    if verdict == "correct":
        role, _, old = form.get("role", "").partition(": ")
        d = review.correct(item, role, review.resolve(form.get("new", "")), "", old or None)
        return f"corrected ({d.id})"
    if verdict == "merge":
        source = review.resolve(form.get("source", ""))
        return f"merged ({review.merge(source, review.resolve(form.get('into', ''))).id})"
    if verdict == "not-organisation":
        target = review.resolve(form["entity"]) if form.get("entity") else item.iri
        return f"marked not an organisation ({review.not_organisation(target).id})"
    if verdict in ("accept-all", "reject-all"):
        done = review.bulk(item.article, item.rule, verdict.split("-")[0])
        return f"{verdict.split('-')[0]}ed {len(done)} statement(s) of rule {item.rule} in {item.article_id}"
    raise CurationError(f"unknown action {verdict!r}")


def _page(state: _State) -> str:
    review = state.review
    queue = [i for i in review.queue(**state.filters) if str(i.iri) not in state.skipped]
    hidden = f'<input type="hidden" name="csrf" value="{_e(state.csrf)}">'
    parts = [f"<!doctype html><html lang='en'><head><meta charset='utf-8'><title>ruhrgraph review</title>"
             f"<style>{STYLE}</style></head><body><h1>Review</h1>",
             f"<p class='meta'>reviewer <b>{_e(review.reviewer)}</b> · decisions go to "
             f"<code>{_e(published_source(str(review.file.path)))}</code> · "
             f"<span id='left'>{len(queue)}</span> to review</p>"]
    if state.note:
        parts.append(f"<p class='note' id='note'>{_e(state.note)}</p>")
    parts.append(f"<form method='post' action='/decide'>{hidden}<button name='verdict' value='undo'>"
                 "Undo last decision</button></form>")
    if not queue:
        parts.append("<p id='empty'>The queue is empty: nothing left to review.</p></body></html>")
        return "".join(parts)
    item = queue[0]
    iri = f'<input type="hidden" name="iri" value="{_e(item.iri)}">'
    parts.append(f"<section id='item'><h2>{_e(item.describe())}</h2><p class='meta'>{_e(item.kind)} · rule "
                 f"<code>{_e(item.rule)}</code> · confidence {item.confidence} · score {item.score} · "
                 f"article <code>{_e(item.article_id)}</code>, sentence {item.sentence}</p>"
                 f"<blockquote id='sentence'>{_sentence(item)}</blockquote>")
    buttons = [("accept", "Accept"), ("reject", "Reject"), ("skip", "Skip")]
    if item.kind != "entity":
        buttons += [("accept-all", f"Accept all of {item.rule} here"),
                    ("reject-all", f"Reject all of {item.rule} here")]
    else:
        buttons += [("not-organisation", "Not an organisation")]
    parts.append(f"<form method='post' action='/decide' id='decide'>{hidden}{iri}" + "".join(
        f"<button name='verdict' value='{v}'>{_e(label)}</button>" for v, label in buttons) + "</form>")
    roles = sorted(f"{s.role}: {s.label}" for s in item.slots if s.role != "person") if item.kind != "entity" else []
    if roles:
        parts.append(f"<fieldset><legend>Correct</legend><form method='post' action='/decide' id='correct'>{hidden}"
                     f"{iri}<select name='role'>" + "".join(f"<option>{_e(r)}</option>" for r in roles)
                     + "</select> <input name='new' list='names' size='40' placeholder='the right name' "
                     "aria-label='the right name'> <button name='verdict' value='correct'>Correct</button>"
                     "</form></fieldset>")
    labels = sorted({s.label for s in item.slots})
    parts.append(f"<fieldset><legend>Merge two entities</legend><form method='post' action='/decide' id='merge'>"
                 f"{hidden}{iri}<input name='source' list='here' size='30' aria-label='merge this entity' "
                 f"value='{_e(labels[0]) if item.kind == 'entity' else ''}'><datalist id='here'>"
                 + "".join(f"<option value='{_e(x)}'>" for x in labels)
                 + "</datalist> into <input name='into' list='names' size='40' aria-label='merge into'> "
                 "<button name='verdict' value='merge'>Merge</button></form></fieldset></section>")
    parts.append("<datalist id='names'>" + "".join(f"<option value='{_e(n)}'>" for n in sorted(review.names))
                 + "</datalist></body></html>")
    return "".join(parts)


def serve(review: Review, *, port: int = 0, filters: dict[str, Any] | None = None) -> None:
    """Run the review page on 127.0.0.1 until interrupted; prints the URL with the token."""
    import socket

    import uvicorn

    token = secrets.token_urlsafe(24)
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", port))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}/?token={quote(token)}"
    print(f"review page (this session only; keep the URL private): {url}", flush=True)
    config = uvicorn.Config(make_app(review, token, filters), log_level="warning", access_log=False)
    uvicorn.Server(config).run(sockets=[sock])
