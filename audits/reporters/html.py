"""report.html: a self-contained report (inline CSS, relative screenshots) that prints cleanly."""

from __future__ import annotations

from jinja2 import Environment, PackageLoader, select_autoescape

from audits.model import RunResult
from audits.personas import DEVICES
from audits.reporters import reporter
from audits.scoring import explanation

ENV = Environment(
    loader=PackageLoader("audits.reporters", "templates"),
    autoescape=select_autoescape(["html", "j2"], default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def _box_style(box: dict[str, float] | None, device: str) -> str:
    """CSS that outlines the acted-on element over its screenshot, in viewport percentages."""
    if not box:
        return ""
    spec = DEVICES.get(device, DEVICES["desktop"])
    return (
        f"left:{100 * box['x'] / spec.width:.2f}%;top:{100 * box['y'] / spec.height:.2f}%;"
        f"width:{100 * box['width'] / spec.width:.2f}%;height:{100 * box['height'] / spec.height:.2f}%"
    )


ENV.globals["box_style"] = _box_style


def score_class(score: int) -> str:
    return "good" if score >= 80 else "fair" if score >= 50 else "poor"


ENV.filters["score_class"] = score_class


@reporter("html", "report.html")
def render_html(result: RunResult) -> str:
    return ENV.get_template("report.html.j2").render(r=result, how_scored=explanation())
