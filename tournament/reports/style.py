"""What every figure shares: the non-interactive backend, colours, short names, and
labels drawn as glyph outlines (fast for hundreds of tick labels)."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from pathlib import Path as FilePath
from typing import Any

import matplotlib as mpl

mpl.use("Agg")  # files only, no display needed
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
from matplotlib import artist as martist  # noqa: E402
from matplotlib import cbook  # noqa: E402
from matplotlib import colors as mcolors  # noqa: E402
from matplotlib.artist import Artist  # noqa: E402
from matplotlib.figure import Figure  # noqa: E402
from matplotlib.font_manager import FontProperties, findfont, get_font  # noqa: E402
from matplotlib.ft2font import Kerning, LoadFlags  # noqa: E402
from matplotlib.path import Path  # noqa: E402
from matplotlib.textpath import text_to_path  # noqa: E402
from matplotlib.transforms import Bbox, IdentityTransform, Transform  # noqa: E402

__all__ = [
    "FAMILY_COLORS",
    "GlyphLabels",
    "close_all",
    "save_png",
    "short_name",
    "strategy_colors",
    "text_widths",
]


def strategy_colors(labels: list[str]) -> list[Any]:
    """One colour per strategy, in order."""
    cmap = plt.get_cmap("tab20" if len(labels) > 10 else "tab10")
    return [cmap(i % cmap.N) for i in range(len(labels))]


def close_all() -> None:
    """Close every open figure (a long run draws many)."""
    plt.close("all")


def save_png(figure: Figure, path: str | FilePath, dpi: float = 100) -> None:
    """Save ``figure`` as a PNG image of ``dpi`` dots per inch, at zlib's fastest level:
    a large figure (a heatmap of 200 strategies) is written several times faster than
    at the default level, for a file about a fifth larger."""
    figure.savefig(path, format="png", dpi=dpi, pil_kwargs={"compress_level": 1})


def short_name(label: str) -> str:
    """``"Win-Stay Lose-Shift"`` -> ``"WSLS"``; one-word names are kept (up to 8 letters)."""
    words = label.replace("-", " ").split("(")[0].split()
    if len(words) == 1:
        return words[0][:8]
    return "".join(w[0].upper() for w in words if w[0].isalnum())


#: A fixed colour per family, so maps of different experiments read alike.
FAMILY_COLORS = {
    "reciprocal": "#1a9641",
    "forgiving": "#a6d96a",
    "punishing": "#fdae61",
    "defecting": "#d7191c",
    "cooperative": "#2b83ba",
    "random": "#bababa",
    "periodic": "#9e6ebd",
    "pavlovian": "#66c2c2",
    "zero-determinant": "#8c510a",
    "probing": "#f4a6c6",
    "adaptive": "#bfbf3f",
    "evolved": "#253494",
    "learning": "#c51b7d",
    "meta": "#ffd92f",
    "end-game": "#3f007d",
    "generic": "#5e5e5e",
    "adapted": "#e0e0e0",
}


#: Glyph outlines are loaded at this size (points, at 72 dpi): ``_EM`` units per em.
_EM = 100.0


class GlyphLabels(Artist):
    """Many one-line labels (tick labels, cell values) drawn as glyph outlines, one filled
    path per colour. Agg draws a `Text` by laying out and rendering each of its glyphs in
    Python, and a tick label is laid out twice (to measure, to draw): a field of 200
    strategies spent most of its figure time there. Here each glyph's outline is loaded
    once per process and a whole column of labels is one path.

    ``positions`` (n x 2, in ``transform``'s coordinates) anchor the labels; ``ha`` and
    ``va`` ("center_baseline" as Matplotlib's y tick labels, or "center") align each label
    on its anchor in its own frame, which is then turned by ``rotation`` degrees about the
    anchor (as ``rotation_mode="anchor"``) and moved by ``offset`` points. ``colors`` is one
    colour or one per label. Labels with mathtext or with characters the font lacks are
    drawn through Matplotlib's `TextToPath` (font fallback included)."""

    def __init__(
        self,
        texts: Sequence[str],
        positions: Any,
        *,
        transform: Transform,
        size: float,
        ha: str = "right",
        va: str = "center_baseline",
        rotation: float = 0.0,
        offset: tuple[float, float] = (0.0, 0.0),
        colors: Any = "k",
    ) -> None:
        super().__init__()
        self.texts = [str(text) for text in texts]
        self.positions = np.asarray(positions, dtype=float).reshape(-1, 2)
        self.size, self.rotation, self.offset = float(size), float(rotation), offset
        self.set_transform(transform)
        self.set_clip_on(False)
        self.set_zorder(3)
        font = _font_file()
        shapes = [_glyph_layout(font, text) for text in self.texts]
        widths = np.array([width for _, _, width in shapes])
        self._vertices = np.concatenate([v for v, _, _ in shapes] + [np.empty((0, 2))])
        self._codes = np.concatenate([c for _, c, _ in shapes] + [np.empty(0, np.uint8)])
        self._owner = np.repeat(np.arange(len(shapes)), [len(c) for _, c, _ in shapes])
        ascent, descent = _line_metrics(font)
        shift_x = {"left": 0.0, "center": -0.5, "right": -1.0}[ha] * widths
        shift_y = {"center_baseline": -ascent / 2, "center": -(ascent - descent) / 2}[va]
        self._vertices += np.column_stack([shift_x, np.full(len(widths), shift_y)])[self._owner]
        rgba = mcolors.to_rgba_array(colors)
        rgba = np.broadcast_to(rgba, (len(self.texts), 4)) if len(rgba) == 1 else rgba
        self._groups = [
            (tuple(color), np.isin(self._owner, np.flatnonzero((rgba == color).all(axis=1))))
            for color in np.unique(rgba, axis=0)
        ]

    def _display_vertices(self, renderer: Any) -> np.ndarray:
        """The outlines' vertices in display pixels."""
        angle = np.deg2rad(self.rotation)
        turn = np.array([[np.cos(angle), np.sin(angle)], [-np.sin(angle), np.cos(angle)]])
        anchors = self.get_transform().transform(self.positions)
        anchors = anchors + renderer.points_to_pixels(np.asarray(self.offset, dtype=float))
        scale = renderer.points_to_pixels(self.size)
        return anchors[self._owner] + (self._vertices @ turn) * scale

    @martist.allow_rasterization
    def draw(self, renderer: Any) -> None:
        if not self.get_visible() or not len(self._codes):
            return
        vertices = self._display_vertices(renderer)
        gc = renderer.new_gc()
        self._set_gc_clip(gc)
        gc.set_linewidth(0)
        gc.set_alpha(self.get_alpha())
        gc.set_url(self.get_url())
        for color, where in self._groups:
            path = Path(vertices[where], self._codes[where])
            path.should_simplify = False
            renderer.draw_path(gc, path, IdentityTransform(), color)
        gc.restore()
        self.stale = False

    def get_window_extent(self, renderer: Any = None) -> Bbox:
        if not len(self._codes):
            return Bbox.null()
        renderer = renderer or self.get_figure(root=True)._get_renderer()
        vertices = self._display_vertices(renderer)
        return Bbox([vertices.min(axis=0), vertices.max(axis=0)])


def text_widths(texts: Sequence[str], size: float) -> np.ndarray:
    """Width in points of each one-line text at ``size`` points, as `GlyphLabels` draws it
    (the default font; kerning included)."""
    font = _font_file()
    return np.array([_glyph_layout(font, str(text))[2] * size for text in texts])


def _font_file() -> str:
    return findfont(FontProperties())


@functools.lru_cache(maxsize=2048)
def _glyph_layout(font_file: str, text: str) -> tuple[np.ndarray, np.ndarray, float]:
    """``text`` as one path (vertices in ems, baseline at 0, starting at 0; codes) and its
    advance width in ems."""
    glyphs = _glyphs(font_file)
    if (mpl.rcParams["text.parse_math"] and cbook.is_math_text(text)) or any(
        glyphs.font.get_char_index(ord(char)) == 0 for char in text if char != " "
    ):
        return _fallback_layout(text)
    pieces, codes, x, previous = [], [], 0.0, None
    for char in text:
        index, vertices, char_codes, advance = glyphs.get(char)
        if previous is not None:
            x += glyphs.kerning(previous, index)
        if len(char_codes):
            pieces.append(vertices + [x, 0.0])
            codes.append(char_codes)
        x += advance
        previous = index
    if not pieces:
        return np.empty((0, 2)), np.empty(0, np.uint8), x
    return np.concatenate(pieces), np.concatenate(codes).astype(np.uint8), x


def _fallback_layout(text: str) -> tuple[np.ndarray, np.ndarray, float]:
    """Mathtext, or characters outside the default font: Matplotlib's own text-to-path."""
    prop = FontProperties(size=_EM)
    ismath = bool(mpl.rcParams["text.parse_math"] and cbook.is_math_text(text))
    vertices, codes = text_to_path.get_text_path(prop, text, ismath=ismath)
    width = text_to_path.get_text_width_height_descent(text, prop, ismath)[0]
    return (
        np.asarray(vertices, dtype=float).reshape(-1, 2) / _EM,
        np.asarray(codes, dtype=np.uint8),
        width / _EM,
    )


@functools.lru_cache(maxsize=4)
def _line_metrics(font_file: str) -> tuple[float, float]:
    """Ascent of "l" and descent of "p" in ems (Matplotlib's line height comes from "lp")."""
    glyphs = _glyphs(font_file)
    ascent = glyphs.get("l")[1][:, 1].max(initial=0.75)
    descent = -glyphs.get("p")[1][:, 1].min(initial=-0.25)
    return float(ascent), float(descent)


class _GlyphCache:
    """Outlines (in ems), advances and kerning of one font's glyphs, loaded once."""

    def __init__(self, font_file: str) -> None:
        self.font = get_font(font_file)
        self._glyphs: dict[str, tuple[int, np.ndarray, np.ndarray, float]] = {}
        self._kerning: dict[tuple[int, int], float] = {}

    def get(self, char: str) -> tuple[int, np.ndarray, np.ndarray, float]:
        if char not in self._glyphs:
            self.font.set_size(_EM, 72)
            glyph = self.font.load_char(ord(char), flags=LoadFlags.NO_HINTING)
            vertices, codes = self.font.get_path()
            self._glyphs[char] = (
                self.font.get_char_index(ord(char)),
                np.asarray(vertices, dtype=float).reshape(-1, 2) / _EM,
                np.asarray(codes, dtype=np.uint8),
                glyph.linearHoriAdvance / 65536 / _EM,
            )
        return self._glyphs[char]

    def kerning(self, left: int, right: int) -> float:
        if (left, right) not in self._kerning:
            self.font.set_size(_EM, 72)
            kern = self.font.get_kerning(left, right, Kerning.UNFITTED)
            self._kerning[left, right] = kern / 64 / _EM
        return self._kerning[left, right]


@functools.lru_cache(maxsize=4)
def _glyphs(font_file: str) -> _GlyphCache:
    return _GlyphCache(font_file)
