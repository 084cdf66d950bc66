"""Text from a PDF letter, for :func:`parsing.letters.analyse_letter`.

Plain Python (pypdf), no Django. :func:`extract_text_from_pdf` raises :class:`PdfError` -- a
``ValueError`` with a message a user can act on -- for anything that yields no usable text:
empty input, bytes that are not a PDF, a damaged file, a password-protected file, or a PDF
without a text layer (a scan).

Choices:

* A PDF that is encrypted but opens with the empty user password (only an owner password that
  restricts printing or editing, common for government PDFs) is read: its text is available to
  any reader. Only a PDF that needs a password to open is refused.
* Pages are joined with a newline and each page after the first starts with one space, the
  page-start mark :func:`parsing.letters.analyse_letter` recognises (it lets a footnote carry on
  over a blank line at the foot of a page).
* Untrusted files are read by :func:`extract_text_limited`: in a child process (``python -m
  parsing.pdf``) with a page limit, a limit on the text's length, a wall-clock time limit and an
  address-space (memory) limit, so a crafted PDF (thousands of pages sharing one content stream, a
  stream that decompresses to gigabytes) costs at most those and never the caller's process.
"""

from __future__ import annotations

import io
import json
import logging
import os
import subprocess
import sys

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PyPdfError

__all__ = ["PdfError", "PdfLimits", "extract_text_from_pdf", "extract_text_limited"]

_HEADER_WINDOW = 1024  # the PDF header may follow some junk, as readers accept


class PdfError(ValueError):
    """The PDF yields no text: empty, not a PDF, damaged, password-protected or scanned."""


def extract_text_from_pdf(data: bytes, *, max_pages: int | None = None, max_chars: int | None = None) -> str:
    """The text of every page of the PDF in ``data``; raise :class:`PdfError` when there is none, or
    when it has more than ``max_pages`` pages or more than ``max_chars`` characters of text."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"extract_text_from_pdf expects bytes, not {type(data).__name__}")
    data = bytes(data)
    if not data.strip():
        raise PdfError("Het PDF-bestand is leeg.")
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        raise PdfError("Dit is geen PDF-bestand (de PDF-kop ontbreekt).")
    pages = _read_pages(data, max_pages=max_pages, max_chars=max_chars)
    if not pages:
        raise PdfError("Het PDF-bestand bevat geen pagina's.")
    if not any(page.strip() for page in pages):
        raise PdfError(
            "Het PDF-bestand bevat geen tekstlaag (waarschijnlijk een scan); "
            "laat het eerst door tekstherkenning (OCR) halen."
        )
    return "\n ".join(page.rstrip() for page in pages)


def _read_pages(data: bytes, *, max_pages: int | None = None, max_chars: int | None = None) -> list[str]:
    # pypdf logs warnings for every repairable defect; a damaged file is reported by raising.
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            _open_encrypted(reader)
        count = len(reader.pages)
        if max_pages is not None and count > max_pages:
            raise PdfError(f"Het PDF-bestand heeft {count} pagina's; het maximum is {max_pages}.")
        pages, length = [], 0
        for page in reader.pages:
            pages.append(page.extract_text() or "")
            length += len(pages[-1]) + 2
            if max_chars is not None and length > max_chars:
                raise PdfError(
                    f"De tekst van het PDF-bestand is langer dan {max_chars:,} tekens, het maximum; "
                    "er is niets opgeslagen.".replace(",", ".")
                )
        return pages
    except PdfError:
        raise
    except (FileNotDecryptedError, DependencyError) as error:
        raise _encrypted_error() from error
    except (
        PyPdfError,
        PdfReadError,
        ValueError,
        KeyError,
        TypeError,
        AttributeError,
        IndexError,
        ArithmeticError,
        AssertionError,
        RecursionError,
        OSError,
    ) as error:
        raise PdfError(f"Het PDF-bestand is beschadigd en kan niet worden gelezen ({error}).") from error
    finally:
        logger.setLevel(level)


def _open_encrypted(reader: PdfReader) -> None:
    try:
        opened = reader.decrypt("")
    except (FileNotDecryptedError, DependencyError, NotImplementedError) as error:
        raise _encrypted_error() from error
    if not opened:  # PasswordType.NOT_DECRYPTED == 0
        raise _encrypted_error()


def _encrypted_error() -> PdfError:
    return PdfError(
        "Het PDF-bestand is met een wachtwoord beveiligd; sla het zonder beveiliging op en probeer opnieuw."
    )


class PdfLimits:
    """What reading one untrusted PDF may cost (see :func:`extract_text_limited`)."""

    def __init__(
        self, *, max_pages: int = 100, max_chars: int = 500_000, seconds: float = 60, memory_bytes: int = 768 * 2**20
    ):
        self.max_pages, self.max_chars, self.seconds, self.memory_bytes = max_pages, max_chars, seconds, memory_bytes


def extract_text_limited(data: bytes, limits: PdfLimits | None = None) -> str:
    """:func:`extract_text_from_pdf` in a child process held to ``limits``: at most ``max_pages``
    pages and ``max_chars`` characters, ``seconds`` of wall-clock time and ``memory_bytes`` of
    address space. Raises :class:`PdfError` with a message a user can act on when a limit is hit."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"extract_text_limited expects bytes, not {type(data).__name__}")
    limits = limits or PdfLimits()
    arguments = json.dumps({"max_pages": limits.max_pages, "max_chars": limits.max_chars})

    def restrict() -> None:  # in the child, before it starts reading
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
        cpu = int(limits.seconds) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))

    try:
        done = subprocess.run(
            [sys.executable, "-m", "parsing.pdf", arguments],
            input=bytes(data),
            capture_output=True,
            timeout=limits.seconds,
            preexec_fn=restrict if os.name == "posix" else None,
            env={**os.environ, "PYTHONPATH": os.pathsep.join(p for p in sys.path if p)},
        )
    except subprocess.TimeoutExpired:
        raise PdfError(
            f"Het lezen van het PDF-bestand duurde langer dan {limits.seconds:g} seconden; het is afgebroken."
        ) from None
    try:
        answer = json.loads(done.stdout.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        answer = None
    if not isinstance(answer, dict):
        raise PdfError(
            "Het PDF-bestand is te groot of te zwaar om te lezen (het lezen is afgebroken"
            f"{', geheugengrens bereikt' if b'MemoryError' in done.stderr else ''})."
        )
    if "error" in answer:
        raise PdfError(str(answer["error"]))
    return str(answer["text"])


def _child() -> None:
    """``python -m parsing.pdf '{"max_pages": .., "max_chars": ..}'``: PDF on stdin, JSON on stdout."""
    options = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
    data = sys.stdin.buffer.read()
    try:
        answer = {
            "text": extract_text_from_pdf(data, max_pages=options.get("max_pages"), max_chars=options.get("max_chars"))
        }
    except PdfError as error:
        answer = {"error": str(error)}
    except MemoryError:
        answer = {"error": "Het PDF-bestand vraagt te veel geheugen om te lezen; het lezen is afgebroken."}
    sys.stdout.write(json.dumps(answer))


if __name__ == "__main__":
    _child()
