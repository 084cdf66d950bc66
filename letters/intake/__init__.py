"""Letter intake (a package: ``documents``, ``matching``, ``analysis``, ``jobs``, ``review``): read an uploaded letter or decision memo, analyse it, propose what it answers and
what it newly promises, and turn the proposals staff confirm into links and follow-up commitments.

The reading and the analysis are plain Python (``parsing.pdf``, ``parsing.letters``); this module
stores the result and matches it against the motions and commitments in the database. Every write
goes through the existing services (``letter_link``, ``commitment_create``); sending the letter,
which settles what it settles, stays with ``letter_send``.

Matching (each proposal carries its confidence and the ground it stands on):

* a motion whose Kamerstuk the letter cites with the motion: 1.00;
* else a motion, still owed by the government, whose submitters are exactly the members the letter
  names (by surname) and whose dossier the letter cites or belongs to: 0.80; the same with only
  the first submitter matching: 0.60; all submitters matching but no dossier to check against,
  and only one such motion: 0.50;
* a commitment answered: the open commitment made on the date the letter gives, in the debate
  whose report the letter cites: 0.90; made on that date by the letter's ministry: 0.60;
* every new promise with a deadline becomes a proposed follow-up commitment (0.70) of the motion
  the letter settles (else the best motion it answers).

Every proposal keeps its evidence: the sentence it came from and, for 'doet af', the words that say
so. Reading and analysing run in a worker (:func:`queue_analysis`, :func:`run_job`, the Celery task
``letters.run_intake_job``), never in the web request: a PDF is read in a child process held to a page,
text-length, time and memory limit (``parsing.pdf.extract_text_limited``), and a text longer than its
field allows is refused with a message, not stored. A letter already sent (the open-data import brings
them) can be analysed too; confirming a proposal for it applies the effect at once
(``letters.services.letter_link_confirm``).
"""

from .analysis import IntakeSummary, letter_analyse
from .documents import (
    PDF_EXTENSIONS,
    TEXT_EXTENSIONS,
    IntakeError,
    analyse_text,
    check_size,
    check_text_length,
    document_text,
    is_pdf,
    max_upload_bytes,
    path_text,
    pdf_limits,
    plain_text,
)
from .jobs import publish_job, queue_analysis, requeue_stale, run_job, summary_message
from .matching import (
    CONFIDENCE_COMMITMENT_DATE,
    CONFIDENCE_COMMITMENT_DEBATE,
    CONFIDENCE_FIRST_MEMBER_DOSSIER,
    CONFIDENCE_FOLLOW_UP,
    CONFIDENCE_MEMBERS_DOSSIER,
    CONFIDENCE_MEMBERS_ONLY,
    CONFIDENCE_REF,
    letter_dossiers,
    match_commitment,
    match_motion,
    match_senate_commitment,
)
from .review import FollowUpDecision, LinkDecision, letter_confirm_proposals

__all__ = [
    "CONFIDENCE_COMMITMENT_DATE",
    "CONFIDENCE_COMMITMENT_DEBATE",
    "CONFIDENCE_FIRST_MEMBER_DOSSIER",
    "CONFIDENCE_FOLLOW_UP",
    "CONFIDENCE_MEMBERS_DOSSIER",
    "CONFIDENCE_MEMBERS_ONLY",
    "CONFIDENCE_REF",
    "PDF_EXTENSIONS",
    "TEXT_EXTENSIONS",
    "FollowUpDecision",
    "IntakeError",
    "IntakeSummary",
    "LinkDecision",
    "analyse_text",
    "check_size",
    "check_text_length",
    "document_text",
    "is_pdf",
    "letter_analyse",
    "letter_confirm_proposals",
    "letter_dossiers",
    "match_commitment",
    "match_motion",
    "match_senate_commitment",
    "max_upload_bytes",
    "path_text",
    "pdf_limits",
    "plain_text",
    "publish_job",
    "queue_analysis",
    "requeue_stale",
    "run_job",
    "summary_message",
]
