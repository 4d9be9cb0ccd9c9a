"""The classroom in the browser (``ipd serve``): a classroom session stored in SQLite
(:mod:`.room` with its data in :mod:`.model`, draws and bots in :mod:`.turns`, tables
and export in :mod:`tournament.web.records`, the schema and queries in
:mod:`tournament.web.store`), the no-code strategy builder (:mod:`.builder`) and the web
application over them (:mod:`.app`).

A layer between :mod:`tournament.cli` (the only package that imports it) and the
applications: it may import :mod:`tournament.classroom`, :mod:`tournament.experiments`,
:mod:`tournament.agreement`, :mod:`tournament.evolution`, :mod:`tournament.core`,
:mod:`tournament.sandbox`, :mod:`tournament.common` and :mod:`strategies`.
"""

from tournament.web.builder import build_toml
from tournament.web.model import ClassroomSettings, MatchView, Student, Submission, TurnView
from tournament.web.room import Classroom

__all__ = [
    "Classroom",
    "ClassroomSettings",
    "MatchView",
    "Student",
    "Submission",
    "TurnView",
    "build_toml",
]
