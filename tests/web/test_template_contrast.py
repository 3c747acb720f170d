"""Colour pairs in templates that fail WCAG 2.1 AA contrast (1.4.3: 4.5:1 for text) are refused here.

Bootstrap Italia's ``bg-warning`` is a dark amber (hsl(36,100%,24%)): with ``text-dark`` (dark navy) the
contrast is about 1.7:1, with the badge's default white about 7.5:1."""

import re
from pathlib import Path

import florwork

TEMPLATES = Path(florwork.__file__).parent / "templates"
FORBIDDEN = [
    (re.compile(r"\bbg-warning\b[^\"']*\btext-dark\b|\btext-dark\b[^\"']*\bbg-warning\b"),
     "bg-warning with text-dark: about 1.7:1; drop text-dark (white text, about 7.5:1)"),
]


def _relative_luminance(rgb: tuple[float, float, float]) -> float:
    def channel(value: float) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(v) for v in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _contrast(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    light, dark = sorted((_relative_luminance(a), _relative_luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)


def test_the_forbidden_pair_is_really_below_aa_and_white_is_above():
    warning, navy, white = (122.4, 73.4, 0.0), (23.46, 51.0, 78.54), (255.0, 255.0, 255.0)  # from the CSS
    assert _contrast(warning, navy) < 4.5
    assert _contrast(warning, white) >= 4.5


def test_no_template_pairs_bg_warning_with_dark_text():
    offenders = []
    for path in sorted(TEMPLATES.rglob("*.html")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            for pattern, reason in FORBIDDEN:
                if pattern.search(line):
                    offenders.append(f"{path.relative_to(TEMPLATES)}:{number}: {reason}")
    assert not offenders, "\n".join(offenders)
