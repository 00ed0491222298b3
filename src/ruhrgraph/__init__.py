"""ruhrgraph — a linked-data knowledge graph of the economic actors of the Metropole Ruhr.

Pipeline (each stage a plain function over small frozen dataclasses)::

    read ─▶ segment ─▶ mentions ─▶ link ─▶ relations ─▶ graph ─▶ validate ─▶ store
"""

from __future__ import annotations

__version__ = "0.1.0"
