"""Write-then-rename, so a failed build never leaves a half-written file behind."""
from __future__ import annotations

import os
import shutil
import tempfile
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`; rename it onto `target` only on success."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, name = tempfile.mkstemp(prefix=".~", suffix=target.suffix, dir=target.parent)
    os.close(fd)
    # mkstemp creates 0600; a published document gets the usual permissions.
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(name, 0o666 & ~umask)
    tmp = Path(name)
    try:
        yield tmp
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def replace_path(source: Path, target: Path) -> None:
    """os.replace that also replaces a folder: the old one is moved aside first, then
    removed, so `target` is always either the old folder or the new one, whole."""
    target = Path(target)
    if not target.is_dir() or target.is_symlink():
        os.replace(source, target)
        return
    old = Path(tempfile.mkdtemp(prefix=".~old-", dir=target.parent))
    os.replace(target, old / "d")
    os.replace(source, target)
    shutil.rmtree(old, ignore_errors=True)


@contextmanager
def atomic_dir(target: Path) -> Iterator[Path]:
    """Yield an empty temporary folder beside `target`; it replaces `target` only on success."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".~", dir=target.parent))
    umask = os.umask(0)
    os.umask(umask)
    os.chmod(tmp, 0o777 & ~umask)
    try:
        yield tmp
        replace_path(tmp, target)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
