"""axe-core in the browser suite: inject the engine npm installed (package-lock.json pins it) into a
Playwright page and report its violations. Rules: WCAG 2.0, 2.1 and 2.2 levels A and AA plus axe's
best practices, every impact."""

from __future__ import annotations

from pathlib import Path

AXE_JS = Path(__file__).resolve().parents[1] / "node_modules" / "axe-core" / "axe.min.js"
TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa", "best-practice"]
WIDTHS = {"desktop": (1280, 800), "phone": (390, 844)}


def axe_available() -> bool:
    return AXE_JS.exists()


def violations(page) -> list[dict]:
    """axe-core's violations on the page as it is now (the engine is evaluated in the page, which a
    Content Security Policy does not block)."""
    if not page.evaluate("() => typeof window.axe === 'object'"):
        page.evaluate(AXE_JS.read_text(encoding="utf-8"))
    result = page.evaluate(
        """async (tags) => {
        const r = await axe.run(document, {runOnly: {type: "tag", values: tags}, resultTypes: ["violations"]});
        return r.violations.map(v => ({id: v.id, impact: v.impact, help: v.help,
            nodes: v.nodes.map(n => ({target: n.target.join(" "), html: n.html.slice(0, 200),
                                      summary: n.failureSummary}))}));
    }""",
        TAGS,
    )
    return result


def dangling_references(page) -> list[str]:
    """References to ids that are not on the page: aria-describedby / aria-labelledby / aria-controls,
    label ``for`` and in-page links. axe-core lets them pass when one of several ids exists."""
    return page.evaluate("""() => {
        const missing = [];
        const check = (el, attr, ids) => ids.filter(id => id && !document.getElementById(id))
            .forEach(id => missing.push(`${el.tagName.toLowerCase()}[${attr}] -> #${id}`));
        for (const attr of ["aria-describedby", "aria-labelledby", "aria-controls"]) {
            document.querySelectorAll(`[${attr}]`).forEach(el => check(el, attr, el.getAttribute(attr).split(/\\s+/)));
        }
        document.querySelectorAll("label[for]").forEach(el => check(el, "for", [el.htmlFor]));
        document.querySelectorAll('a[href^="#"]').forEach(el => check(el, "href", [decodeURIComponent(el.getAttribute("href").slice(1))]));
        return missing;
    }""")


def scan(page, where: str, found: dict) -> None:
    """Record the page's violations and dangling id references, if any, under ``where`` (tests collect
    every page, then assert)."""
    parts = [report(violations(page))]
    if dangling := dangling_references(page):
        parts += ["dangling id references:", *dangling]
    if text := "\n".join(part for part in parts if part):
        found[where] = text


def summary(found: dict) -> str:
    return "\n\n".join(f"{where}\n{text}" for where, text in found.items())


def report(found: list[dict]) -> str:
    lines = []
    for v in found:
        lines.append(f"{v['id']} ({v['impact']}): {v['help']}")
        for node in v["nodes"][:5]:
            lines.append(f"    {node['target']}: {node['html']}")
    return "\n".join(lines)


def horizontal_overflow(page) -> int:
    """How many CSS pixels the page is wider than the viewport (0: nothing scrolls sideways)."""
    return page.evaluate("() => document.documentElement.scrollWidth - document.documentElement.clientWidth")
