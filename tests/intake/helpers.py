"""Helpers for the intake tests: where the corpus is, and a PDF maker (reportlab)."""

import io
import textwrap
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus" / "letters"
MEMO = CORPUS / "2026-04-07-beslisnota-motie-ceder-van-dijk-36871-nr67.txt"

# The keys the JSON shape of an analysed letter has at the top (``extract_refs --json`` and
# ``LetterAnalysis.to_dict()``); there may be more.
ANALYSIS_KEYS = {
    "own_ref",
    "date",
    "signed_by",
    "kamerstuk_refs",
    "handelingen_refs",
    "motions",
    "commitments",
    "new_deadlines",
}


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


def crafted_pdf(pages: int = 200, ops: int = 20_000) -> bytes:
    """The attack of issue 14, finding 7: ``pages`` pages that all share one small compressed content
    stream which expands to ``ops`` text operations, so every page costs the reader the same work."""
    import zlib

    stream = zlib.compress(b"BT /F1 1 Tf 0 0 Td " + b"(x) Tj " * ops + b"ET", 9)
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream",
    ]
    page = b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> /Contents 4 0 R >>"
    first = len(objects) + 1
    objects += [page] * pages
    kids = b" ".join(b"%d 0 R" % n for n in range(first, first + pages))
    objects[1] = b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % pages
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def run_jobs() -> list:
    """Do what the worker does with the queued analyses (the real worker: test_worker.py)."""
    from letters import intake
    from letters.models import IntakeJobState, LetterIntakeJob

    return [
        intake.run_job(pk)
        for pk in LetterIntakeJob.objects.filter(state=IntakeJobState.QUEUED)
        .order_by("id")
        .values_list("pk", flat=True)
    ]
