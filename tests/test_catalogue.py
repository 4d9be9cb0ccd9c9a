"""The Axelrod library's catalogue as data, and the rosters built from it."""

from __future__ import annotations

import warnings

import axelrod as axl
import pytest

from strategies import REGISTRY
from strategies.catalogue import axelrod_catalogue_entries, field, native_equivalents
from strategies.rosters import get_roster


def test_the_data_file_is_the_installed_librarys_catalogue():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        expected = {str(cls()): cls.__name__ for cls in axl.all_strategies}
    assert {e.name: e.class_name for e in axelrod_catalogue_entries()} == expected


def test_the_classifier_facts_match_the_library():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        classes = {cls.__name__: cls for cls in axl.all_strategies}
        for entry in axelrod_catalogue_entries():
            player = classes[entry.class_name]()
            depth = axl.Classifiers["memory_depth"](player)
            assert entry.memory_depth == (None if depth == float("inf") else depth), entry
            assert entry.stochastic == axl.Classifiers["stochastic"](player), entry
            assert entry.long_run_time == axl.Classifiers["long_run_time"](player), entry
            assert entry.makes_use_of == axl.Classifiers["makes_use_of"](player), entry


def test_native_equivalents_name_registered_strategies_with_that_axelrod_name():
    equivalents = native_equivalents()
    assert equivalents["Tit For Tat"] == "Tit For Tat"
    for library_name, native in equivalents.items():
        assert REGISTRY.get_class(native)().axelrod_name() == library_name


@pytest.mark.parametrize(("roster", "short"), [("axelrod-all", False), ("axelrod-short", True)])
def test_catalogue_rosters_hold_every_playable_entry_once(roster, short):
    entries = [
        e for e in axelrod_catalogue_entries() if not e.cheats and not (short and e.long_run_time)
    ]
    members = get_roster(roster).names()
    assert len(members) == len(entries) == len(set(members))
    assert members == list(field(short=short))
    natives = native_equivalents()
    for entry, member in zip(entries, members, strict=True):
        assert member == natives.get(entry.name, f"axelrod:{entry.name}")


def test_the_short_roster_is_the_librarys_short_run_time_field():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        short = {str(cls()) for cls in axl.short_run_time_strategies}
    entries = [e.name for e in axelrod_catalogue_entries() if not e.cheats and not e.long_run_time]
    assert set(entries) == short


#: Known, explained differences (docs/axelrod_agreement.md): the contrite state can last
#: any number of turns under noise, so its memory is unbounded.
METADATA_EXCEPTIONS = {("Contrite Tit For Tat", "memory_depth")}


def test_native_metadata_is_the_library_classifier():
    """Every native equivalent of a catalogue entry: memory depth, stochastic, what it
    uses and run time as the library's classifier says (from the catalogue data)."""
    natives = native_equivalents()
    differences = []
    for entry in axelrod_catalogue_entries():
        if entry.name not in natives:
            continue
        cls = REGISTRY.get_class(natives[entry.name])
        ours = {
            "memory_depth": cls.memory_depth,
            "stochastic": cls().is_stochastic(),
            "makes_use_of": cls.makes_use_of,
            "long_run_time": cls.long_run_time,
        }
        for key, value in ours.items():
            if value != getattr(entry, key) and (cls.name, key) not in METADATA_EXCEPTIONS:
                differences.append((cls.name, key, value, getattr(entry, key)))
    assert differences == []


def test_the_meta_analysis_pool_is_the_papers_field_under_current_names():
    """Glynatsi, Knight and Harper (2020): 195 strategies of the library 3.0.0, of which
    the library 4.13 still has 193 (renamed ones found: Tester is Second by Tester)."""
    from strategies.rosters import get_roster

    names = get_roster("glynatsi-2020").names()
    assert len(names) == len(set(names)) == 193
    assert not [n for n in names if n.startswith("axelrod:")]  # all native
    assert {"Davis", "Second by Tester", "Omega TFT", "Evolved HMM 5"} <= set(names)
    assert "Fool Me Forever" not in names
