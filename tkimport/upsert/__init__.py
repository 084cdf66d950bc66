"""Writing what the source says (a package: ``common``, ``refs``, ``motions``, ``letters``, ``commitments``) into the tracker, through the apps' services.

Keyed on the source's Id (``tk_id``); an item staff made by hand is adopted when its Kamerstuk
(or TZ-number, or document number) matches. What the import never writes: ``responsible``,
``internal_notes``, a ministry already set, links staff confirmed, anything of the letter intake.
Field changes are recorded on the item's timeline as an 'updated' event naming old and new value;
status changes go through the workflow services; a deadline change through core.deadlines.
"""

from .commitments import CommitmentWriter
from .common import BULK_MIN, SOURCE, apply_fields, record_change
from .letters import LetterValues, LetterWriter
from .motions import MotionValues, MotionWriter, load_motions, report_untied_besluiten
from .refs import RefCache

__all__ = [
    "BULK_MIN",
    "SOURCE",
    "CommitmentWriter",
    "LetterValues",
    "LetterWriter",
    "MotionValues",
    "MotionWriter",
    "RefCache",
    "apply_fields",
    "load_motions",
    "record_change",
    "report_untied_besluiten",
]
