"""Writes a PDF in a forked process, to use a second core for a lone workbook.

Started before anything heavy is imported, the child loads the PDF writer and
parses its fonts while the parent reads the workbook; it then writes the PDF of
the document it is sent while the parent writes the .docx, and sends back the page
labels of the 目录 entries, which the parent then fills into the .docx 目录.
"""
from __future__ import annotations

import contextlib
import json
import os
import pickle
import re
import signal
import tempfile
from pathlib import Path

from .findings import LayoutFailure


class PdfProcess:
    def __init__(self):
        self.to_child, self.from_child = os.pipe(), os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            self._run()  # never returns
        os.close(self.to_child[0])
        os.close(self.from_child[1])

    def _run(self) -> None:
        code = 0
        try:
            os.close(self.to_child[1])
            os.close(self.from_child[0])
            from .writers import pdf_writer

            pdf_writer.load_fonts({})  # the default fonts, looked up and parsed ahead
            with os.fdopen(self.to_child[0], "rb") as pipe:
                job = pipe.read()
            if job:  # empty: the parent found nothing to write
                with open(job.decode(), "rb") as fh:
                    document, style, target = pickle.load(fh)
                pages = pdf_writer.write_pdf(document, style, target)
                os.write(self.from_child[1], json.dumps(pages).encode())
        except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
            os.write(self.from_child[1], f"{type(exc).__name__}: {exc}".encode("utf-8", "replace"))
            code = 1
        finally:
            os._exit(code)

    def send(self, document, style: dict, target: Path) -> None:
        # Through a file: a pipe would block this process until the child reads it.
        # Beside the target (the staging folder), since nothing is written outside -o.
        fd, job = tempfile.mkstemp(prefix=".~", suffix=".pickle", dir=Path(target).parent)
        with os.fdopen(fd, "wb") as fh:
            pickle.dump((document, style, target), fh)
        self._job = job
        os.write(self.to_child[1], job.encode())
        os.close(self.to_child[1])

    def join(self) -> dict[str, str]:
        """Wait for the child; return the 目录 page labels of the PDF it wrote ({} if it was
        sent nothing); raise if it failed. Closing first cancels an unsent job. Safe to call
        again: later calls return the first answer."""
        if hasattr(self, "_pages"):
            return self._pages
        with contextlib.suppress(OSError):  # already closed by send()
            os.close(self.to_child[1])
        with os.fdopen(self.from_child[0], "rb") as pipe:
            message = pipe.read().decode("utf-8", "replace")
        _, status = os.waitpid(self.pid, 0)
        if getattr(self, "_job", None):
            os.unlink(self._job)
        code = os.waitstatus_to_exitcode(status)
        self._pages = json.loads(message) if code == 0 and message else {}
        if code != 0:
            failed = re.match(r"\w+: \[Errno (\d+)\]", message)
            if failed:  # disk full, read-only...: the output folder is at fault, not the workbook
                raise OSError(int(failed.group(1)), message)
            if message.startswith(f"{LayoutFailure.__name__}: "):
                raise LayoutFailure(message.split(": ", 1)[1])
            raise RuntimeError(message or f"PDF 写入进程异常退出（{status}）")
        return self._pages

    def stop(self) -> None:
        """Kill the child unless join() reaped it: the build failed or was interrupted."""
        try:
            if os.waitpid(self.pid, os.WNOHANG) == (0, 0):  # still running
                os.kill(self.pid, signal.SIGKILL)
                os.waitpid(self.pid, 0)
        except ChildProcessError:  # already reaped
            return
        if getattr(self, "_job", None):
            Path(self._job).unlink(missing_ok=True)


def start_if_useful(sources: int, jobs: int, formats) -> PdfProcess | None:
    """A PdfProcess for a lone workbook with a .docx to write (whose 目录 needs the PDF's
    page numbers) and a core to spare."""
    if sources == 1 and jobs > 1 and "docx" in formats and hasattr(os, "fork"):
        return PdfProcess()
    return None
