"""Derive statements from the entities of an article: memberships, seats, visits and events.

Each sentence is rewritten as a compact symbol string in which every mention becomes a
placeholder — ``P`` person, ``O`` organisation, ``C`` city, ``K`` country, ``R`` region,
``E`` trade fair, ``L`` role — followed by its number, e.g.::

    Beim Empfang bei der O1 gab P2 von der O3 einen Überblick zum Gesundheitsmarkt …

Relation patterns are regular expressions over these strings, so they read like the German
phrasings they cover. Visits are assembled per section: a delegation's origin (``aus K``, a
country adjective, a periphrase), its hosts (``bei der O``, ``O empfing``, a reception and the
organisations whose people presented to the guests) and the trade fair it was tied to.

=================  ====================================================================
module             what
=================  ====================================================================
``symbols``        sentences as symbol strings
``patterns``       the regular expressions, over symbol strings and raw sentences
``dates``          dates in a sentence
``memberships``    who belongs to which organisation, in which role
``seats``          where an organisation sits
``events``         trade fairs and triggered events
``visits``         delegations, their hosts, presenters, receptions and fairs
``builder``        the families combined: :func:`derive`
=================  ====================================================================
"""

from __future__ import annotations

from ruhrgraph.extract.relations.builder import derive
from ruhrgraph.extract.relations.dates import parse_dates

__all__ = ["derive", "parse_dates"]
