"""For students and instructors: the validator behind ``ipd validate``
(:mod:`~tournament.classroom.validator`), strategy templates
(:mod:`~tournament.classroom.templates`), the class tournament over a folder of
submissions (:mod:`~tournament.classroom.class_tournament`) and interactive play against
a strategy (:mod:`~tournament.classroom.interactive`).

An application: it may import :mod:`tournament.core`, :mod:`tournament.sandbox` (which
runs the students' files), :mod:`tournament.common`, :mod:`tournament.reports` and
:mod:`strategies`.
"""

from tournament.classroom.class_tournament import ClassResults, run_class_tournament
from tournament.classroom.interactive import HumanMatch
from tournament.classroom.templates import TEMPLATE_KINDS, write_template
from tournament.classroom.validator import Verdict, validate

__all__ = [
    "TEMPLATE_KINDS",
    "ClassResults",
    "HumanMatch",
    "Verdict",
    "run_class_tournament",
    "validate",
    "write_template",
]
