"""Business scenarios: games with roles, named moves and a story, and scenario files.

The presets tell the cases a course on collaborative negotiation makes: a supplier and a
buyer tempted to cheat each other; the same relationship when trust compounds
(relational rents) or when it is run by power (monitoring and penalties); a fixed pie,
where reciprocity cannot create value; and a price war. ``ipd games`` lists them with
their stories, and ``ipd games NAME --toml`` prints one as a scenario file to edit: a
TOML file (:func:`load_scenario`) works wherever a preset name does.

Scenario file (payoffs per role as ``{R, S, T, P}`` or ``[R, S, T, P]``; governance is
applied to them when the file is read)::

    name = "my-supplier"
    kind = "dilemma"            # or "fixed-pie", "other": checked on load
    description = "What the two sides are doing."
    roles = ["supplier", "buyer"]

    [supplier]
    moves = ["keep quality", "cut corners"]     # cooperate, defect
    payoffs = { R = 3, S = -1, T = 5, P = 0 }

    [buyer]
    moves = ["pay fairly", "squeeze the price"]
    payoffs = [4, 0, 6, 1]

    [relational_rent]           # optional
    step = 0.25
    cap = 8

    [governance]                # optional
    monitoring_cost = 0.5
    penalty = 2.5

A symmetric scenario has no ``roles`` and gives ``moves`` and ``payoffs`` at the top.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from strategies.errors import IPDError
from tournament.common.tables import ConfigError, Table, read_toml
from tournament.core.game import KINDS, Game
from tournament.core.relationships import Governance, RelationalRent

__all__ = ["SCENARIOS", "load_scenario", "scenario_to_toml"]

_SUPPLIER = ("keep quality", "cut corners")
_BUYER = ("pay fairly", "squeeze the price")
#: Profits per delivery ([[R, S], [T, P]]): each side alone faces a prisoner's dilemma.
_SUPPLIER_PAYOFFS = [[3.0, -1.0], [5.0, 0.0]]
_BUYER_PAYOFFS = [[4.0, 0.0], [6.0, 1.0]]


def supplier_buyer() -> Game:
    """A supplier and a buyer in a repeated contract, each tempted to cheat the other."""
    return Game(
        "supplier-buyer",
        np.array([_SUPPLIER_PAYOFFS, _BUYER_PAYOFFS]),
        roles=("supplier", "buyer"),
        description=(
            "Every turn is a delivery. The supplier keeps quality or cuts corners; the buyer "
            "pays a fair price on time or squeezes it (late payment, forced discounts). Each "
            "side earns most by cheating a partner who keeps faith and least by keeping faith "
            "with one who cheats, and both cheating leaves both worse off than both keeping "
            "faith: each side faces a prisoner's dilemma, with its own numbers."
        ),
        labels=(_SUPPLIER, _BUYER),
        kind="dilemma",
    )


def supplier_buyer_trust(step: float = 0.25, cap: float = 8) -> Game:
    """The supplier and buyer when trust compounds: relational rents.

    A turn of mutual cooperation earns ``step`` more for each turn the run of mutual
    cooperation before it has lasted, up to ``cap`` turns.
    """
    return Game(
        _named("supplier-buyer-trust", step=(step, 0.25), cap=(cap, 8)),
        np.array([_SUPPLIER_PAYOFFS, _BUYER_PAYOFFS]),
        roles=("supplier", "buyer"),
        description=(
            "The same deliveries, but a run of mutual good faith is worth more every turn it "
            "lasts: the partners share information, plan together and stop checking each "
            f"other. A turn on which both keep faith earns {step:g} more for each such turn "
            f"in a row before it, up to {step * cap:g} more after {cap:g} turns: Dyer and "
            "Singh's relational rents, profit that only a relationship of trust generates. "
            "One cheat, or one accident, ends the run, and the rent starts again from nothing."
        ),
        labels=(_SUPPLIER, _BUYER),
        rent=RelationalRent(step, cap),  # type: ignore[arg-type]  (a whole float is taken)
        kind="dilemma",
    )


def supplier_buyer_power(monitoring: float = 0.5, penalty: float = 2.5) -> Game:
    """The supplier and buyer when the relationship is run by power: governance costs.

    Monitoring costs each side ``monitoring`` every turn, and a side caught cheating
    pays ``penalty`` on that turn.
    """
    governance = Governance(monitoring_cost=monitoring, penalty=penalty)
    return Game(
        _named("supplier-buyer-power", monitoring=(monitoring, 0.5), penalty=(penalty, 2.5)),
        governance.apply(np.array([_SUPPLIER_PAYOFFS, _BUYER_PAYOFFS])),
        roles=("supplier", "buyer"),
        description=(
            "The same deliveries under a contract that is policed: inspections, audits and "
            f"lawyers cost each side {monitoring:g} every turn, and a side caught cheating "
            f"pays a penalty of {penalty:g}. The penalty lowers the temptation to cheat, but "
            "every turn of the relationship costs more. Field studies of buyer-supplier "
            "relationships (Dyer and Chu, 2003) found governance costs several times higher "
            "where trust was low."
        ),
        labels=(_SUPPLIER, _BUYER),
        governance=governance,
        kind="other",
    )


def fixed_pie(pie: float = 6.0, grab: float = 1.5) -> Game:
    """A supplier and buyer haggling over a fixed margin: what one gains, the other loses.

    The two split ``pie`` each turn; the tougher side takes ``grab`` more of it.
    """
    half = float(pie) / 2
    matrix = [[half, half - grab], [half + grab, half]]
    return Game(
        _named("fixed-pie", pie=(pie, 6.0), grab=(grab, 1.5)),
        np.array([matrix, matrix]),
        roles=("supplier", "buyer"),
        description=(
            f"Every turn the two split a margin of {pie:g} on a delivery. Asking a fair price "
            "and accepting it splits it evenly; overcharging a partner who accepts, or "
            f"haggling hard with one who asks fairly, moves {grab:g} of it to the tougher "
            "side; two tough sides end where they started. Whatever they do, the total is "
            "the same: there is no value for reciprocity to create. The contrast case for "
            "the other scenarios, and not a prisoner's dilemma (toughness costs nothing)."
        ),
        labels=(("ask a fair price", "overcharge"), ("accept the price", "haggle hard")),
        kind="fixed-pie",
    )


def price_war() -> Game:
    """Two competing firms setting prices: hold the price or undercut."""
    return Game(
        "price-war",
        np.array([[3.0, 0.0], [5.0, 1.0]]),
        description=(
            "Every turn is a pricing season. If both firms hold their prices, both earn good "
            "margins; a firm that undercuts a rival who holds takes the market; if both cut, "
            "both earn thin margins. The classic business prisoner's dilemma, with Axelrod's "
            "payoffs."
        ),
        labels=(("hold the price", "cut the price"), ("hold the price", "cut the price")),
        kind="dilemma",
    )


def _named(preset: str, **values: tuple[float, float]) -> str:
    """``preset``, with the parameters that differ from their defaults:
    ``"supplier-buyer-power(monitoring=1)"``."""
    changed = ", ".join(f"{k}={v:g}" for k, (v, default) in values.items() if v != default)
    return f"{preset}({changed})" if changed else preset


#: The business scenarios, by name (each also in :data:`~tournament.core.games.GAMES`).
SCENARIOS: dict[str, Callable[..., Game]] = {
    "supplier-buyer": supplier_buyer,
    "supplier-buyer-trust": supplier_buyer_trust,
    "supplier-buyer-power": supplier_buyer_power,
    "fixed-pie": fixed_pie,
    "price-war": price_war,
}


# -- scenario files ---------------------------------------------------------------------


def load_scenario(path: str | Path) -> Game:
    """A game from a TOML scenario file; every mistake is a :class:`ConfigError` that
    names the file, the key and what is expected."""
    path = Path(str(path).strip())
    data = read_toml(path, missing=f"{path}: no such scenario file")
    return parse_scenario(data, str(path), default_name=path.stem)


def parse_scenario(data: dict[str, Any], source: str, default_name: str = "scenario") -> Game:
    """A game from a scenario file's parsed TOML (see :func:`load_scenario`)."""
    top = Table(data, "", source)
    name = top.pop("name", default_name, _text)
    kind = top.pop("kind", "other", _kind)
    description = top.pop("description", "", _text)
    roles = top.pop("roles", None, _roles)
    if roles is None:
        labels = top.pop("moves", ("C", "D"), _moves)
        matrix = top.pop("payoffs", None, _payoffs)
        matrices, all_labels = [matrix, matrix], (labels, labels)
    else:
        matrices, pairs = [], []
        for role in roles:
            table = Table(top.pop(role, {}, lambda v, k, t: v), f"{role}.", source)
            pairs.append(table.pop("moves", ("C", "D"), _moves))
            matrix = table.pop("payoffs", None, _payoffs)
            table.finish()
            if matrix is None:
                raise ConfigError(f"{source}: [{role}] needs payoffs = {{R, S, T, P}}")
            matrices.append(matrix)
        all_labels = (pairs[0], pairs[1])
    rent = top.pop("relational_rent", None, _rent)
    governance = top.pop("governance", None, _governance)
    top.finish()
    if matrices[0] is None:
        raise ConfigError(
            f"{source}: no payoffs: give payoffs = {{R = 3, S = 0, T = 5, P = 1}} at the "
            'top (a symmetric game), or roles = ["supplier", "buyer"] and a table per role'
        )
    payoffs = np.array(matrices, dtype=float)
    if governance is not None:
        payoffs = governance.apply(payoffs)
    try:
        return Game(
            name,
            payoffs,
            roles=roles or ("row", "column"),
            description=description,
            labels=all_labels,
            rent=rent,
            governance=governance,
            kind=kind,
        )
    except IPDError as err:
        raise ConfigError(f"{source}: {err}") from None


def _text(value: Any, key: str, table: Table) -> str:
    if not isinstance(value, str) or not value.strip():
        raise table.error(key, value, "a non-empty string")
    return " ".join(value.split()) if key == "description" else value.strip()


def _kind(value: Any, key: str, table: Table) -> str:
    if value not in KINDS:
        raise table.error(key, value, "one of " + ", ".join(f'"{k}"' for k in KINDS))
    return str(value)


def _two_names(value: Any, key: str, table: Table, what: str) -> tuple[str, str]:
    if (
        not isinstance(value, list)
        or len(value) != 2
        or not all(isinstance(v, str) and v.strip() for v in value)
    ):
        raise table.error(key, value, f"a list of two names ({what})")
    return (value[0].strip(), value[1].strip())


def _roles(value: Any, key: str, table: Table) -> tuple[str, str]:
    roles = _two_names(value, key, table, 'the two roles, e.g. ["supplier", "buyer"]')
    if roles[0] == roles[1]:
        raise table.error(key, value, "two different role names")
    return roles


def _moves(value: Any, key: str, table: Table) -> tuple[str, str]:
    return _two_names(value, key, table, 'the cooperative move first, e.g. ["share", "hold back"]')


def _payoffs(value: Any, key: str, table: Table) -> list[list[float]]:
    expected = "the four payoffs {R = 3, S = 0, T = 5, P = 1} or [R, S, T, P]"
    if isinstance(value, dict):
        if sorted(value) != ["P", "R", "S", "T"]:
            raise table.error(key, value, expected)
        value = [value["R"], value["S"], value["T"], value["P"]]
    if not isinstance(value, list) or len(value) != 4:
        raise table.error(key, value, expected)
    if not all(isinstance(v, int | float) and not isinstance(v, bool) for v in value):
        raise table.error(key, value, expected + " (numbers)")
    r, s, t, p = (float(v) for v in value)
    if not all(np.isfinite([r, s, t, p])):
        raise table.error(key, value, "finite numbers")
    return [[r, s], [t, p]]


def _rent(value: Any, key: str, table: Table) -> RelationalRent:
    inner = Table(value, "relational_rent.", table.source)
    step = inner.pop("step", None, lambda v, k, t: v)
    cap = inner.pop("cap", None, lambda v, k, t: v)
    inner.finish()
    if step is None or cap is None:
        raise table.error(key, value, "a table with step (reward per turn) and cap (turns)")
    try:
        return RelationalRent(step, cap)
    except IPDError as err:
        raise ConfigError(f"{table.source}: [relational_rent]: {err}") from None


def _governance(value: Any, key: str, table: Table) -> Governance:
    inner = Table(value, "governance.", table.source)
    cost = inner.pop("monitoring_cost", 0.0, lambda v, k, t: v)
    penalty = inner.pop("penalty", 0.0, lambda v, k, t: v)
    inner.finish()
    try:
        return Governance(cost, penalty)
    except IPDError as err:
        raise ConfigError(f"{table.source}: [governance]: {err}") from None


def scenario_to_toml(game: Game) -> str:
    """``game`` as a scenario file that :func:`load_scenario` reads back as the same
    game (governance is taken back out of the payoffs)."""
    payoffs = np.array(game.payoffs)
    if game.governance is not None:
        payoffs = payoffs + game.governance.monitoring_cost
        payoffs[:, 1, :] += game.governance.penalty

    def numbers(role: int) -> str:
        (r, s), (t, p) = payoffs[role]
        return f"{{ R = {_number(r)}, S = {_number(s)}, T = {_number(t)}, P = {_number(p)} }}"

    lines = [f"name = {json.dumps(game.name)}", f"kind = {json.dumps(game.kind)}"]
    if game.description:
        lines.append(f"description = {json.dumps(game.description)}")
    if game.symmetric:
        lines += [f"moves = {json.dumps(list(game.labels[0]))}", f"payoffs = {numbers(0)}"]
    else:
        lines.append(f"roles = {json.dumps(list(game.roles))}")
        for role, name in enumerate(game.roles):
            lines += ["", f"[{_toml_key(name)}]", f"moves = {json.dumps(list(game.labels[role]))}"]
            lines.append(f"payoffs = {numbers(role)}")
    if game.rent is not None:
        lines += ["", "[relational_rent]", f"step = {game.rent.step!r}", f"cap = {game.rent.cap}"]
    if game.governance is not None:
        g = game.governance
        lines += ["", "[governance]", f"monitoring_cost = {g.monitoring_cost!r}"]
        lines.append(f"penalty = {g.penalty!r}")
    return "\n".join(lines) + "\n"


def _number(value: float) -> str:
    """A payoff as TOML, exactly (``3`` rather than ``3.0``; every digit a float needs)."""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def _toml_key(name: str) -> str:
    bare = name.replace("-", "").replace("_", "").isalnum() and name.isascii()
    return name if bare else json.dumps(name)
