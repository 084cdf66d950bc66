"""Reading an uploaded letter or decision memo: a PDF within limits, or a plain-text file."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.utils.translation import gettext as _

from core.fields import LETTER_TEXT_MAX
from core.models import Debate, Dossier, Recess
from parsing.letters import analyse_letter
from parsing.pdf import PdfError, PdfLimits, extract_text_limited

TEXT_EXTENSIONS = (".txt", ".text")
PDF_EXTENSIONS = (".pdf",)


class IntakeError(ValueError):
    """Input the intake cannot use; the message is meant for the user (Dutch)."""


def max_upload_bytes() -> int:
    return settings.KT_LETTER_UPLOAD_MAX_BYTES


def check_size(size: int | None) -> None:
    limit = max_upload_bytes()
    if size is not None and size > limit:
        raise IntakeError(
            _("Het bestand is %(size).1f MB; het maximum is %(max).1f MB.")
            % {"size": size / 2**20, "max": limit / 2**20}
        )


def pdf_limits(max_chars: int = LETTER_TEXT_MAX) -> PdfLimits:
    """What reading one uploaded or fetched PDF may cost (settings ``KT_LETTER_PDF_*``)."""
    return PdfLimits(
        max_pages=getattr(settings, "KT_LETTER_PDF_MAX_PAGES", 100),
        max_chars=max_chars,
        seconds=getattr(settings, "KT_LETTER_PDF_SECONDS", 60),
        memory_bytes=getattr(settings, "KT_LETTER_PDF_MEMORY_MB", 768) * 2**20,
    )


def is_pdf(data: bytes, name: str = "") -> bool:
    return data.lstrip()[:5] == b"%PDF-" or Path(name).suffix.lower() in PDF_EXTENSIONS


def check_text_length(text: str, limit: int) -> str:
    """Refuse a text longer than the field that would store it (nothing is stored)."""
    if len(text) > limit:
        raise IntakeError(
            _("De tekst is %(size)s tekens lang; het maximum is %(max)s. Er is niets opgeslagen.")
            % {"size": f"{len(text):,}".replace(",", "."), "max": f"{limit:,}".replace(",", ".")}
        )
    return text


def document_text(data: bytes, *, name: str = "", max_chars: int = LETTER_TEXT_MAX) -> str:
    """The text of an uploaded letter or memo: a PDF (by content; read in a child process with limits)
    or a plain-text file (UTF-8, else Windows-1252), at most ``max_chars`` characters. Raises
    :class:`IntakeError` for anything else, a PDF without readable text, or a text that is too long."""
    check_size(len(data))
    suffix = Path(name).suffix.lower()
    if is_pdf(data, name):
        try:
            return check_text_length(extract_text_limited(data, pdf_limits(max_chars)), max_chars)
        except PdfError as error:
            raise IntakeError(str(error)) from error
    return plain_text(data, suffix=suffix, max_chars=max_chars)


def plain_text(data: bytes, *, suffix: str = "", max_chars: int = LETTER_TEXT_MAX) -> str:
    """The text of a plain-text upload (fast: decoding only, no analysis), length-checked."""
    if suffix and suffix not in TEXT_EXTENSIONS:
        raise IntakeError(
            _("Alleen PDF- en tekstbestanden (.pdf, .txt) kunnen worden ingelezen, niet '%(suffix)s'.")
            % {"suffix": suffix}
        )
    if b"\x00" in data:
        raise IntakeError(_("Dit is geen tekstbestand (het bevat binaire gegevens)."))
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if not text.strip():
        raise IntakeError(_("Het bestand is leeg."))
    return check_text_length(text, max_chars)


def path_text(path: str | Path) -> str:
    """:func:`document_text` for a file on disk; a missing or unreadable file is an :class:`IntakeError`."""
    path = Path(path)
    try:
        check_size(path.stat().st_size)
        data = path.read_bytes()
    except FileNotFoundError as error:
        raise IntakeError(_("Bestand niet gevonden: %(path)s") % {"path": path}) from error
    except IsADirectoryError as error:
        raise IntakeError(_("Dit is een map, geen bestand: %(path)s") % {"path": path}) from error
    except OSError as error:
        raise IntakeError(
            _("Bestand kan niet worden gelezen: %(path)s (%(error)s)")
            % {"path": path, "error": error.strerror or error}
        ) from error
    return document_text(data, name=path.name)


def analyse_text(text: str, *, with_reference_data: bool = True) -> dict:
    """``analyse_letter(text).to_dict()``, using the dossier titles, recess dates and debates kept in
    the admin."""
    if not with_reference_data:
        return analyse_letter(text).to_dict()
    titles = {d.number: d.title for d in Dossier.objects.filter(suffix="").exclude(title="")}
    debates = list(Debate.objects.order_by("-date").values_list("title", "date")[:5000])
    return analyse_letter(text, dossier_titles=titles, recesses=Recess.as_mapping(), debates=debates).to_dict()
