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
"""
from __future__ import annotations

import io
import logging

from pypdf import PdfReader
from pypdf.errors import DependencyError, FileNotDecryptedError, PdfReadError, PyPdfError

__all__ = ["PdfError", "extract_text_from_pdf"]

_HEADER_WINDOW = 1024  # the PDF header may follow some junk, as readers accept


class PdfError(ValueError):
    """The PDF yields no text: empty, not a PDF, damaged, password-protected or scanned."""


def extract_text_from_pdf(data: bytes) -> str:
    """The text of every page of the PDF in ``data``; raise :class:`PdfError` when there is none."""
    if not isinstance(data, (bytes, bytearray, memoryview)):
        raise TypeError(f"extract_text_from_pdf expects bytes, not {type(data).__name__}")
    data = bytes(data)
    if not data.strip():
        raise PdfError("Het PDF-bestand is leeg.")
    if b"%PDF-" not in data[:_HEADER_WINDOW]:
        raise PdfError("Dit is geen PDF-bestand (de PDF-kop ontbreekt).")
    pages = _read_pages(data)
    if not pages:
        raise PdfError("Het PDF-bestand bevat geen pagina's.")
    if not any(page.strip() for page in pages):
        raise PdfError(
            "Het PDF-bestand bevat geen tekstlaag (waarschijnlijk een scan); "
            "laat het eerst door tekstherkenning (OCR) halen."
        )
    return "\n ".join(page.rstrip() for page in pages)


def _read_pages(data: bytes) -> list[str]:
    # pypdf logs warnings for every repairable defect; a damaged file is reported by raising.
    logger = logging.getLogger("pypdf")
    level = logger.level
    logger.setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            _open_encrypted(reader)
        return [page.extract_text() or "" for page in reader.pages]
    except PdfError:
        raise
    except (FileNotDecryptedError, DependencyError) as error:
        raise _encrypted_error() from error
    except (PyPdfError, PdfReadError, ValueError, KeyError, TypeError, AttributeError, IndexError,
            ArithmeticError, AssertionError, RecursionError, OSError) as error:
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
