"""Attack scenarios that no single command expresses, called by ``tests/test_attacks.py``.

Each function takes the case (placeholders already substituted), the scratch folder, the store
folder and returns an ``Outcome``; the runner checks the case's ``expect`` against it.
"""

from __future__ import annotations
