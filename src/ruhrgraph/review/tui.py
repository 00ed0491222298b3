"""``ruhrgraph review`` in the terminal: one item at a time, one key per decision.

Plain ``input()`` with readline completion (no extra dependency): the statement is shown with
its sentence, the entities' names highlighted; then

``a`` accept · ``r`` reject · ``c`` correct a slot (organisation, city, role, host …; the new
name completes from the store with Tab) · ``m`` merge two entities · ``n`` not an organisation ·
``A``/``R`` accept/reject every pending statement of this rule in this article · ``s`` skip ·
``u`` undo the last decision · ``q`` quit.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterable
from typing import Any, TextIO

from ruhrgraph.errors import CurationError
from ruhrgraph.review.queue import Item, highlights
from ruhrgraph.review.session import Review

__all__ = ["marked", "run"]

HELP = ("[a]ccept [r]eject [c]orrect [m]erge [n]ot an organisation  "
        "[A]ccept/[R]eject all of this rule in this article  [s]kip [u]ndo [q]uit")


def marked(quote: str, names: Iterable[str], colour: bool) -> str:
    """``quote`` with the names marked: «…» and, on a colour terminal, reverse video.

    >>> marked("Anna Beispiel von der WFD", ["Anna Beispiel", "WFD"], colour=False)
    '«Anna Beispiel» von der «WFD»'
    """
    out, last = [], 0
    on, off = ("\x1b[7m", "\x1b[0m") if colour else ("", "")
    for start, end in highlights(quote, names):
        out.append(quote[last:start] + f"«{on}{quote[start:end]}{off}»")
        last = end
    return "".join(out) + quote[last:]


class _Completion:
    """Readline completion over a list of names (whole names, spaces included)."""

    def __init__(self) -> None:
        try:
            import readline
        except ImportError:  # pragma: no cover - no readline (Windows): no completion
            self.readline: Any = None
            return
        self.readline = readline
        readline.set_completer_delims("")
        readline.parse_and_bind("tab: complete")
        self.words: list[str] = []
        readline.set_completer(self._complete)

    def _complete(self, text: str, state: int) -> str | None:
        folded = text.casefold()
        hits = [w for w in self.words if w.casefold().startswith(folded)]
        return hits[state] if state < len(hits) else None

    def ask(self, prompt: str, words: Iterable[str], read: Callable[[str], str]) -> str:
        self.words = sorted(set(words))
        try:
            return read(prompt).strip()
        finally:
            self.words = []


def run(review: Review, *, out: TextIO | None = None, read: Callable[[str], str] = input,
        filters: dict[str, Any] | None = None) -> int:
    """Review until the queue is empty or the steward quits; returns the number of decisions."""
    out = out or sys.stdout
    colour = out.isatty() and not os.environ.get("NO_COLOR")
    completion = _Completion()
    skipped: set[str] = set()
    made = 0

    def say(text: str = "") -> None:
        print(text, file=out, flush=True)

    while True:
        queue = [i for i in review.queue(**(filters or {})) if str(i.iri) not in skipped]
        if not queue:
            say("The queue is empty: nothing left to review." if not skipped else
                f"Nothing left but {len(skipped)} skipped item(s).")
            return made
        item = queue[0]
        say()
        say(f"[{len(queue)} to review] {item.kind} · rule {item.rule} · confidence {item.confidence} · "
            f"score {item.score}")
        say(f"  {item.describe()}")
        say(f"  article {item.article_id}, sentence {item.sentence}:")
        say(f"  {marked(item.quote, item.names, colour)}")
        try:
            key = read(f"{HELP}\n> ").strip()
        except EOFError:
            return made
        try:
            made += _act(review, item, key[:1], completion, read, say, skipped)
        except CurationError as exc:
            say(f"not done: {exc}")
        except EOFError:
            return made
        if key[:1] == "q":
            say(f"{made} decision(s) written to {review.file.path}")
            return made


def _act(review: Review, item: Item, key: str, completion: _Completion, read: Callable[[str], str],
         say: Callable[[str], None], skipped: set[str]) -> int:
    if key == "a":
        say(f"accepted ({review.accept(item).id})")
        return 1
    if key == "r":
        say(f"rejected ({review.reject(item).id})")
        return 1
    if key == "s":
        skipped.add(str(item.iri))
        return 0
    if key == "u":
        gone = review.undo()
        say(f"undone: {gone.verdict} ({gone.id})" if gone else "nothing to undo")
        return -1 if gone else 0
    if key == "c":
        roles = sorted({s.role for s in item.slots if s.role != "person"})
        role = completion.ask(f"correct which ({', '.join(roles)})? ", roles, read)
        olds = sorted(s.label for s in item.slots if s.role == role)
        old = completion.ask(f"replace which ({', '.join(olds)})? ", olds, read) if len(olds) > 1 else None
        new = completion.ask(f"the right {role}: ", review.names, read)
        d = review.correct(item, role, review.resolve(new), "", old)
        say(f"corrected ({d.id})")
        return 1
    if key == "m":
        if item.kind == "entity":
            source = item.iri
        else:
            labels = {s.label: s.entity for s in item.slots}
            picked = completion.ask(f"merge which entity ({', '.join(sorted(labels))})? ", labels, read)
            source = labels.get(picked) or review.resolve(picked)
        into = review.resolve(completion.ask("into (the entity that stays): ", review.names, read))
        say(f"merged ({review.merge(source, into).id})")
        return 1
    if key == "n":
        if item.kind == "entity":
            target = item.iri
        else:
            orgs = {s.label: s.entity for s in item.slots if s.entity in item.organisations()}
            target = orgs.get(completion.ask(f"which ({', '.join(sorted(orgs))})? ", orgs, read)) or item.iri
            if target == item.iri:
                raise CurationError("name one of the statement's organisations")
        say(f"marked not an organisation ({review.not_organisation(target).id})")
        return 1
    if key in ("A", "R"):
        done = review.bulk(item.article, item.rule, "accept" if key == "A" else "reject")
        say(f"{'accepted' if key == 'A' else 'rejected'} {len(done)} statement(s) of rule {item.rule} "
            f"in {item.article_id}")
        return len(done)
    if key != "q":
        say("unknown key")
    return 0
