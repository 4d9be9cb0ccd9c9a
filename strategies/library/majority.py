"""The Go By Majority variants with a fixed memory that the Axelrod library ships as
classes of their own (Karol Langner's names): Soft and Hard Go By Majority looking at the
opponent's last 5, 10, 20 or 40 moves.

They are the general :class:`~strategies.library.adaptive.SoftGoByMajority` and
:class:`~strategies.library.adaptive.HardGoByMajority` with the memory fixed, registered
under the library's names so that they can be listed, played and compared by name.
"""

from __future__ import annotations

from strategies.library.adaptive import HardGoByMajority, SoftGoByMajority

__all__ = [
    "HardGoByMajority5",
    "HardGoByMajority10",
    "HardGoByMajority20",
    "HardGoByMajority40",
    "SoftGoByMajority5",
    "SoftGoByMajority10",
    "SoftGoByMajority20",
    "SoftGoByMajority40",
]


class _FixedMemory:
    """Mixin: the memory of a Go By Majority variant is part of its definition. The
    ``memory`` keyword is kept (so that cloning works) but must equal the class's."""

    memory_depth: int

    def __init__(self, memory: int | None = None) -> None:
        fixed = self.memory_depth
        if memory is None:
            memory = fixed
        if memory != fixed or isinstance(memory, bool):
            raise ValueError(
                f"{self.name} always remembers {fixed} turns, got memory={memory!r}; "  # type: ignore[attr-defined]
                "use 'Soft Go By Majority(memory=...)' or 'Hard Go By Majority(memory=...)' "
                "for another memory"
            )
        super().__init__(memory=fixed)  # type: ignore[call-arg]

    @classmethod
    def param_defaults(cls) -> dict[str, object]:
        return {"memory": cls.memory_depth}


class SoftGoByMajority5(_FixedMemory, SoftGoByMajority):
    """Soft Go By Majority with a memory of 5 (Go By Majority 5, the Axelrod library's
    name by Karol Langner): cooperates unless the opponent defected in more than half of
    its last 5 moves (all of them while fewer than 5 were played); a tie means
    cooperate."""

    name = "Soft Go By Majority: 5"
    aliases = ("Soft Go By Majority 5", "Go By Majority 5")
    memory_depth = 5


class SoftGoByMajority10(_FixedMemory, SoftGoByMajority):
    """Soft Go By Majority with a memory of 10 (Go By Majority 10, the Axelrod library's
    name by Karol Langner): cooperates unless the opponent defected in more than half of
    its last 10 moves; a tie means cooperate."""

    name = "Soft Go By Majority: 10"
    aliases = ("Soft Go By Majority 10", "Go By Majority 10")
    memory_depth = 10


class SoftGoByMajority20(_FixedMemory, SoftGoByMajority):
    """Soft Go By Majority with a memory of 20 (Go By Majority 20, the Axelrod library's
    name by Karol Langner): cooperates unless the opponent defected in more than half of
    its last 20 moves; a tie means cooperate."""

    name = "Soft Go By Majority: 20"
    aliases = ("Soft Go By Majority 20", "Go By Majority 20")
    memory_depth = 20


class SoftGoByMajority40(_FixedMemory, SoftGoByMajority):
    """Soft Go By Majority with a memory of 40 (Go By Majority 40, the Axelrod library's
    name by Karol Langner): cooperates unless the opponent defected in more than half of
    its last 40 moves; a tie means cooperate."""

    name = "Soft Go By Majority: 40"
    aliases = ("Soft Go By Majority 40", "Go By Majority 40")
    memory_depth = 40


class HardGoByMajority5(_FixedMemory, HardGoByMajority):
    """Hard Go By Majority with a memory of 5 (Hard Go By Majority 5, the Axelrod
    library's name by Karol Langner): defects unless the opponent cooperated in more than
    half of its last 5 moves; a tie (and the first move) means defect."""

    name = "Hard Go By Majority: 5"
    aliases = ("Hard Go By Majority 5",)
    memory_depth = 5


class HardGoByMajority10(_FixedMemory, HardGoByMajority):
    """Hard Go By Majority with a memory of 10 (Hard Go By Majority 10, the Axelrod
    library's name by Karol Langner): defects unless the opponent cooperated in more than
    half of its last 10 moves; a tie (and the first move) means defect."""

    name = "Hard Go By Majority: 10"
    aliases = ("Hard Go By Majority 10",)
    memory_depth = 10


class HardGoByMajority20(_FixedMemory, HardGoByMajority):
    """Hard Go By Majority with a memory of 20 (Hard Go By Majority 20, the Axelrod
    library's name by Karol Langner): defects unless the opponent cooperated in more than
    half of its last 20 moves; a tie (and the first move) means defect."""

    name = "Hard Go By Majority: 20"
    aliases = ("Hard Go By Majority 20",)
    memory_depth = 20


class HardGoByMajority40(_FixedMemory, HardGoByMajority):
    """Hard Go By Majority with a memory of 40 (Hard Go By Majority 40, the Axelrod
    library's name by Karol Langner): defects unless the opponent cooperated in more than
    half of its last 40 moves; a tie (and the first move) means defect."""

    name = "Hard Go By Majority: 40"
    aliases = ("Hard Go By Majority 40",)
    memory_depth = 40
