"""Helpers for the intake tests: where the corpus is, and a PDF maker (reportlab)."""
import io
import textwrap
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "letters"
MEMO = CORPUS / "2026-04-07-beslisnota-motie-ceder-van-dijk-36871-nr67.txt"


def make_pdf(text: str, *, password: str | None = None) -> bytes:
    """A real PDF with ``text`` as its text layer, one drawn line per (wrapped) line."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    pdf = canvas.Canvas(buffer, pagesize=A4, encrypt=password)
    y = 800
    for line in text.splitlines():
        for piece in textwrap.wrap(line, 95) or [" "]:
            if y < 50:
                pdf.showPage()
                y = 800
            pdf.setFont("Helvetica", 9)
            pdf.drawString(40, y, piece)
            y -= 12
    pdf.save()
    return buffer.getvalue()
