"""The relation builder: the rule families combined, run in the order their evidence needs.

Memberships first (visits read them to find the presenters' organisations), then seats (visits
read them to tell the visitors' organisations from the hosts), events, and visits last.
"""

from __future__ import annotations

from ruhrgraph.extract.relations.events import EventRules
from ruhrgraph.extract.relations.memberships import MembershipRules
from ruhrgraph.extract.relations.seats import SeatRules
from ruhrgraph.extract.relations.visits import VisitRules
from ruhrgraph.extract.resources import Resources
from ruhrgraph.model import Article, Entity, Mention, Sentence, Statement


class Builder(MembershipRules, SeatRules, EventRules, VisitRules):
    """Every relation rule family over one article."""


def derive(article: Article, article_key: str, sentences: list[Sentence], entities: list[Entity],
           mentions: list[Mention], resources: Resources) -> tuple[list[Entity], list[Statement]]:
    """All statements of an article (entities may gain cities found inside names).

    Args:
        article: the article (its sections and date matter).
        article_key: the key the statement IRIs are minted under (the article id).
        sentences: its sentences; entities: its linked entities; mentions: its mentions.
        resources: the gazetteer, city adjectives and role nouns of the pipeline.

    Returns:
        The entities (the given ones, plus any city found only inside a name) and the statements.
    """
    b = Builder(article, article_key, sentences, list(entities), mentions, resources)
    b.memberships()
    b.locations()
    b.events()
    b.visits()
    return b.entities, b.statements
