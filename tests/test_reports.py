"""The tournament figures: what they show (boxes, medians, labels, heatmap values, in the
ranking's order), that their labels fit in the figure, and that `GlyphLabels` draws text
where Matplotlib's own `Text` would."""

from __future__ import annotations

import io

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
import pytest
from matplotlib.collections import LineCollection, PolyCollection, QuadMesh
from matplotlib.colorbar import Colorbar
from matplotlib.textpath import text_to_path
from PIL import Image

from strategies.rosters import get_roster
from tournament import Tournament
from tournament.reports import style
from tournament.reports import tournament as plotting
from tournament.reports.style import GlyphLabels, text_widths

SUBTITLE = "Prisoner's Dilemma, 20 turns, noise 0, 7 repetitions"


def _tables(n: int, repetitions: int = 7, seed: int = 3):
    """Scores (with outliers and a missing value), a payoff matrix and a ranking for the
    first ``n`` real strategy names (long ones and mathtext ones among them)."""
    names = get_roster("axelrod-short").names()[:n]
    rng = np.random.default_rng(seed)
    values = rng.normal(rng.uniform(1, 4, (n, 1)), 0.2, (n, repetitions))
    values[0, 0] += 3  # an outlier beyond the whisker
    if repetitions == 7 and n > 1:  # a flier at 1.5 IQR that 2 IQR would not make
        values[1] = [1.0, 1.1, 1.2, 1.3, 1.4, 1.5, 1.95]
    values[-1, -1] = np.nan  # a repetition without a score
    scores = pd.DataFrame(values, index=names)
    payoff = pd.DataFrame(rng.uniform(0, 5, (n, n)), index=names, columns=names)
    order = list(scores.mean(axis=1).sort_values(ascending=False).index)
    return scores, payoff, order


@pytest.fixture(autouse=True)
def _close_figures():
    yield
    style.close_all()


def _glyph_labels(ax) -> list[GlyphLabels]:
    return [a for a in ax.artists if isinstance(a, GlyphLabels)]


def _samples(scores: pd.DataFrame, order: list[str]) -> list[np.ndarray]:
    """The rows as the box plot draws them: worst at the bottom (height 1)."""
    return [row[~np.isnan(row)] for row in scores.loc[order[::-1]].to_numpy()]


def _segments(ax, color) -> list[np.ndarray]:
    collections = [c for c in ax.collections if isinstance(c, LineCollection)]
    wanted = np.array(plt.matplotlib.colors.to_rgba(color))
    return [
        np.asarray(s)
        for c in collections
        if np.allclose(c.get_colors()[0], wanted)
        for s in c.get_segments()
    ]


@pytest.mark.parametrize("n", [2, 15, 40])
def test_box_plot_medians_and_labels_follow_the_ranking(n):
    scores, _, order = _tables(n)
    fig = plotting.score_distribution(scores, order, SUBTITLE)
    ax = fig.axes[0]
    medians = _segments(ax, "tab:red")
    assert len(medians) == n
    heights = [m[:, 1].mean() for m in medians]
    assert heights == pytest.approx(np.arange(1, n + 1))
    expected = [np.median(s) for s in _samples(scores, order)]
    assert [m[0, 0] for m in medians] == pytest.approx(expected)
    assert all(m[0, 0] == m[1, 0] for m in medians)
    (labels,) = _glyph_labels(ax)
    assert labels.texts == order[::-1]  # best at the top
    assert labels.positions[:, 1] == pytest.approx(np.arange(1, n + 1))
    assert ax.get_title() == f"Score distribution\n{SUBTITLE}"
    assert ax.get_xlabel() == "score per turn"


def test_box_plot_draws_what_axes_boxplot_draws():
    scores, _, order = _tables(12)
    samples = _samples(scores, order)
    ax = plotting.score_distribution(scores, order, SUBTITLE).axes[0]
    reference = plt.figure().add_subplot().boxplot(samples, orientation="horizontal")
    boxes = [c for c in ax.collections if isinstance(c, PolyCollection)][0].get_paths()
    for box, ref in zip(boxes, reference["boxes"], strict=True):
        xs, ys = box.vertices[:4, 0], box.vertices[:4, 1]
        assert sorted(set(xs)) == pytest.approx(sorted(set(ref.get_xdata())))
        assert sorted(set(ys)) == pytest.approx(sorted(set(ref.get_ydata())))
    whiskers = _segments(ax, plt.rcParams["boxplot.whiskerprops.color"])
    ours = sorted(tuple(np.round(s.ravel(), 12)) for s in whiskers)
    theirs = sorted(
        tuple(np.round(np.column_stack([line.get_xdata(), line.get_ydata()]).ravel(), 12))
        for line in reference["whiskers"] + reference["caps"]
    )
    assert ours == theirs
    fliers = np.column_stack([ax.lines[0].get_xdata(), ax.lines[0].get_ydata()])
    ref_fliers = np.vstack(
        [np.column_stack([f.get_xdata(), f.get_ydata()]) for f in reference["fliers"]]
    )
    assert len(fliers) >= 1
    assert np.allclose(sorted(map(tuple, fliers)), sorted(map(tuple, ref_fliers)))


@pytest.mark.parametrize("n", [3, 20, 21])
def test_heatmap_shows_the_matrix_in_order(n):
    _, payoff, order = _tables(n)
    fig = plotting.payoff_heatmap(payoff, order, SUBTITLE)
    ax = fig.axes[0]
    (mesh,) = [a for a in ax.get_children() if isinstance(a, QuadMesh)]
    assert np.array_equal(mesh.get_array(), payoff.loc[order, order].to_numpy())
    assert ax.get_ylim() == (n - 0.5, -0.5)  # the first strategy's row at the top
    rows, columns, *cells = _glyph_labels(ax)
    assert rows.texts == order and rows.positions[:, 1].tolist() == list(range(n))
    assert columns.texts == order and columns.positions[:, 0].tolist() == list(range(n))
    assert columns.rotation == 90
    if n <= 20:
        (values,) = cells
        matrix = payoff.loc[order, order].to_numpy()
        assert values.texts == [f"{v:.1f}" for v in matrix.ravel()]
        i, j = 2, 1
        assert values.positions[i * n + j].tolist() == [j, i]
    else:
        assert cells == []
    colorbars = [a for a in fig.axes if isinstance(getattr(a, "_colorbar", None), Colorbar)]
    assert len(colorbars) == 1
    assert colorbars[0].get_ylabel() == "payoff per turn (row vs column)"
    assert ax.get_title() == f"Pairwise payoffs\n{SUBTITLE}"


def test_heatmap_leaves_pairs_that_did_not_play_blank():
    """On a graph some pairs never meet: their cells are grey, without a "nan" label."""
    _, payoff, order = _tables(4)
    payoff.loc[order[0], order[3]] = payoff.loc[order[3], order[0]] = np.nan
    ax = plotting.payoff_heatmap(payoff, order, SUBTITLE).axes[0]
    *_, values = _glyph_labels(ax)
    assert len(values.texts) == 14 and "nan" not in values.texts
    assert [0, 3] not in values.positions.tolist() and [3, 0] not in values.positions.tolist()
    (mesh,) = [a for a in ax.get_children() if isinstance(a, QuadMesh)]
    assert mesh.get_array().mask.sum() == 2
    assert ax.get_facecolor()[:3] == pytest.approx((0.88,) * 3)  # grey behind them
    full = plotting.payoff_heatmap(_tables(4)[1], order, SUBTITLE).axes[0]
    assert full.get_facecolor()[:3] == (1.0, 1.0, 1.0)


@pytest.mark.parametrize("n", [2, 15, 222])
@pytest.mark.parametrize("figure", ["scores", "heatmap"])
def test_labels_and_title_fit_in_the_figure_beside_the_axes(n, figure):
    scores, payoff, order = _tables(n)
    if figure == "scores":
        fig = plotting.score_distribution(scores, order, SUBTITLE)
    else:
        fig = plotting.payoff_heatmap(payoff, order, SUBTITLE)
    width, height = fig.get_size_inches()
    assert height <= plotting._MAX_INCHES
    assert width <= plotting._MAX_INCHES + (1.5 if figure == "heatmap" else 0)
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    ax = fig.axes[0]
    inside = fig.bbox.padded(-1)
    axes_box = ax.get_window_extent(renderer)
    rows, *others = _glyph_labels(ax)
    box = rows.get_window_extent(renderer)
    assert inside.contains(box.x0, box.y0) and box.x1 < axes_box.x0
    if figure == "heatmap":
        box = others[0].get_window_extent(renderer)
        assert inside.contains(box.x0, box.y0) and box.y1 < axes_box.y0
    title = ax.title.get_window_extent(renderer)
    assert inside.contains(title.x0, title.y0) and inside.contains(title.x1, title.y1)
    assert title.y0 >= axes_box.y1
    for other in fig.axes[1:]:  # the colour bar with its ticks and label
        bar = other.get_tightbbox(renderer)
        assert bar.x0 > axes_box.x1 and bar.x1 <= fig.bbox.x1


def test_label_size_rule_is_kept():
    scores, payoff, order = _tables(222)
    ax = plotting.score_distribution(scores, order, SUBTITLE).axes[0]
    height = ax.get_figure().get_size_inches()[1]
    assert _glyph_labels(ax)[0].size == plotting._label_size(222, height)
    assert height == plotting._MAX_INCHES


def _ink(fig) -> tuple[int, int, int, int]:
    """Bounding box (x0, y0, x1, y1, pixels from the top left) of the non-white pixels."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=100)
    pixels = np.asarray(Image.open(buffer).convert("L")) < 200
    ys, xs = np.nonzero(pixels)
    return xs.min(), ys.min(), xs.max(), ys.max()


@pytest.mark.parametrize(
    ("text", "rotation", "ha", "va"),
    [
        ("Second by Tideman and Chieruzzi", 0, "right", "center_baseline"),
        ("AVA Tit For Tat (WAVy)", 0, "right", "center_baseline"),
        ("Evolved FSM 16 Noise 05", 90, "right", "center"),
        ("4.7", 0, "center", "center"),
        (r"$\phi$", 0, "right", "center_baseline"),
    ],
)
def test_glyph_labels_draw_where_text_draws(text, rotation, ha, va):
    """Same anchored edges as a `Text` with the same alignment (within 2 pixels); the
    far end may differ a little: Agg's hinted glyph advances make text ~3% longer."""

    def ink(draw) -> np.ndarray:
        fig = plt.figure(figsize=(4, 4))
        draw(fig)
        return np.array(_ink(fig), dtype=float)

    ours = ink(
        lambda fig: fig.add_artist(
            GlyphLabels(
                [text],
                [(0.5, 0.5)],
                transform=fig.transFigure,
                size=12,
                ha=ha,
                va=va,
                rotation=rotation,
            )
        )
    )
    theirs = ink(
        lambda fig: fig.text(
            0.5, 0.5, text, size=12, ha=ha, va=va, rotation=rotation, rotation_mode="anchor"
        )
    )
    x0, y0, x1, y1 = range(4)
    # image rows grow downwards: a label turned by 90 degrees ends at its top (y0)
    across, along = ([y0, y1], [x0, x1]) if rotation == 0 else ([x0, x1], [y1, y0])
    assert ours[across] == pytest.approx(theirs[across], abs=2)
    start, end = along
    shift = {
        "left": ours[start] - theirs[start],
        "right": ours[end] - theirs[end],
        "center": ours[along].mean() - theirs[along].mean(),
    }[ha]
    assert abs(shift) <= 2
    length = abs(ours[end] - ours[start])
    assert length == pytest.approx(abs(theirs[end] - theirs[start]), rel=0.06, abs=2)


def test_text_widths_agree_with_matplotlib_text_to_path():
    """Advances and kerning as Matplotlib lays text out unhinted (mathtext as it does)."""
    names = [*get_roster("axelrod-short").names()[:40], "AVAVA WAWA To", "Ünïcödé ß"]
    prop = plt.matplotlib.font_manager.FontProperties(size=10)
    theirs = [
        text_to_path.get_text_width_height_descent(name, prop, ismath=name.startswith("$"))[0]
        for name in names
    ]
    assert text_widths(names, 10) == pytest.approx(theirs, rel=1e-3, abs=0.01)


def test_glyph_labels_with_several_colours_and_no_labels():
    labels = GlyphLabels(
        ["1.0", "2.0", "3.0"],
        np.zeros((3, 2)),
        transform=plt.figure().transFigure,
        size=7,
        colors=["k", "w", "k"],
    )
    assert sorted(len(np.flatnonzero(where)) > 0 for _, where in labels._groups) == [True, True]
    empty = GlyphLabels([], np.empty((0, 2)), transform=plt.figure().transFigure, size=7)
    fig = plt.figure()
    fig.add_artist(empty)
    fig.canvas.draw()


def test_write_makes_valid_pngs_of_the_figures_size(tmp_path):
    results = Tournament(
        ["Tit For Tat", "Defector", "Random", "Second by Tideman and Chieruzzi"],
        turns=10,
        repetitions=3,
        seed=1,
    ).play()
    out = results.write(tmp_path / "run")
    n = 4
    expected = {
        "scores.png": (8.0, 0.28 * n + 1.5),
        "payoff_heatmap.png": (0.3 * n + 3 + 1.5, 0.3 * n + 3),
    }
    for name, (width, height) in expected.items():
        with Image.open(out / name) as image:
            assert image.format == "PNG"
            image.verify()
        with Image.open(out / name) as image:
            assert image.size == (round(width * 100), round(height * 100))
            pixels = np.asarray(image.convert("L"))
        assert (pixels < 128).mean() > 0.005  # something is drawn
    assert plt.get_fignums() == []
