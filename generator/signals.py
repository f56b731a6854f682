"""SIGINT and SIGTERM unwind the stack like an exception, so every `finally` cleans up
(workers, the PDF child, staging) before the tool exits 130 or 143."""
from __future__ import annotations

import signal
from contextlib import contextmanager
from typing import Iterator


class Terminated(BaseException):
    """SIGTERM, unwound like Ctrl-C; a BaseException so no `except Exception` swallows it."""


EXIT_CODES = {signal.SIGINT: 130, signal.SIGTERM: 143}


def _raise(signum, frame):
    # A second signal must not interrupt the cleanup the first one started.
    for sig in EXIT_CODES:
        signal.signal(sig, signal.SIG_IGN)
    raise KeyboardInterrupt if signum == signal.SIGINT else Terminated


@contextmanager
def handled() -> Iterator[None]:
    previous = {sig: signal.signal(sig, _raise) for sig in EXIT_CODES}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


@contextmanager
def blocked() -> Iterator[None]:
    """Hold SIGINT and SIGTERM back while a process is forked: the child starts with them
    blocked and unblocks them once `for_worker` has set its own handlers."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    old = signal.pthread_sigmask(signal.SIG_BLOCK, EXIT_CODES)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, old)


def for_worker() -> None:
    """A worker leaves signals to the parent: Ctrl-C reaches the whole process group, and the
    parent ends its workers itself; a SIGTERM from elsewhere ends a worker at once."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, EXIT_CODES)
