"""Fonts that show Chinese well: the first installed of a list, with fallbacks."""

from __future__ import annotations

from PySide6.QtGui import QFont, QFontDatabase

SANS = (
    "Noto Sans CJK SC",
    "Source Han Sans SC",
    "Source Han Sans CN",
    "Microsoft YaHei",
    "Microsoft YaHei UI",
    "PingFang SC",
    "Hiragino Sans GB",
    "Noto Sans SC",
    "WenQuanYi Micro Hei",
    "WenQuanYi Zen Hei",
    "Droid Sans Fallback",
)
SERIF = (
    "Noto Serif CJK SC",
    "Source Han Serif SC",
    "Source Han Serif CN",
    "Songti SC",
    "STSong",
    "SimSun",
    "NSimSun",
    "Noto Serif SC",
    "AR PL UMing CN",
)

#: reading size of the page text, in pixels
DEFAULT_TEXT_PX = 16
MIN_TEXT_PX = 10
MAX_TEXT_PX = 40
UI_PX = 14


def available(candidates: tuple[str, ...]) -> list[str]:
    families = set(QFontDatabase.families())
    return [name for name in candidates if name in families]


def cjk_font(pixel_size: int, serif: bool = False) -> QFont:
    """A font whose first family reads Chinese, the others as fallbacks."""
    first = SERIF if serif else SANS
    second = SANS if serif else SERIF
    families = available(first) + available(second)
    font = QFont()
    if families:
        font.setFamilies(families)
    font.setStyleHint(QFont.StyleHint.Serif if serif else QFont.StyleHint.SansSerif)
    font.setPixelSize(pixel_size)
    return font


def text_font(pixel_size: int = DEFAULT_TEXT_PX) -> QFont:
    """The font of the two page views (a Song/Ming face reads like the paper)."""
    return cjk_font(max(MIN_TEXT_PX, min(MAX_TEXT_PX, pixel_size)), serif=True)


def ui_font(pixel_size: int = UI_PX) -> QFont:
    return cjk_font(pixel_size, serif=False)
