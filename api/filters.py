"""The API filters with the public pages' FilterSets, so a query string means the same on a list
page, in an alert and in the API."""
from public.filters import CommitmentFilter, LetterFilter, MotionFilter

__all__ = ["CommitmentFilter", "LetterFilter", "MotionFilter"]
