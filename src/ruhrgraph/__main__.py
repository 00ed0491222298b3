"""``python -m ruhrgraph`` runs the command line."""

from __future__ import annotations

from ruhrgraph.cli import main

if __name__ == "__main__":  # pragma: no cover
    main()
