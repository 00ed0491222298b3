"""Cut a query worker off the network (the second wall behind the SPARQL guard).

A worker only reads the store from disk and talks to the server over an inherited Unix socket
pair; it never needs the network. On Linux it moves itself into a network namespace of its own,
whose only interface is a loopback that is down: a ``SERVICE`` call that got past the guard finds
no route anywhere, the server's own loopback included. As root this needs ``CLONE_NEWNET`` alone;
as an ordinary user a user namespace comes first (Debian allows unprivileged user namespaces by
default; a hardened kernel may not). Where neither works — other systems, containers that forbid
``unshare`` — the worker runs on and says so, and ``docs/security.md`` tells the operator to add
an egress firewall.

It must run before the worker starts any thread (the kernel refuses a new user namespace to a
multi-threaded process).
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import sys

_CLONE_NEWNET = 0x40000000
_CLONE_NEWUSER = 0x10000000


def isolate_network() -> str:
    """Move this process into a new, empty network namespace; return ``"isolated"`` or why not.

    >>> isolate_network.__name__
    'isolate_network'
    """
    if not sys.platform.startswith("linux"):
        return f"not isolated: network namespaces need Linux (this is {sys.platform})"
    try:
        libc = ctypes.CDLL(ctypes.util.find_library("c") or None, use_errno=True)
    except OSError as exc:
        return f"not isolated: cannot load the C library ({exc})"
    attempts = [_CLONE_NEWNET] if os.geteuid() == 0 else []
    attempts.append(_CLONE_NEWUSER | _CLONE_NEWNET)
    reasons = []
    for flags in attempts:
        if libc.unshare(flags) == 0:
            return "isolated"
        reasons.append(os.strerror(ctypes.get_errno()))
    return "not isolated: unshare failed (" + "; ".join(reasons) + ")"
