"""Material's search index, adjusted after Material writes it.

Material shows a result's matching paragraphs (at most two), so a query answered only by a claim's "Also asked as"
words showed those words and not the answer. In the index (not on the page) the words join the claim's "In short"
paragraph: the result then shows the answer, with the reader's own words marked in it.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

IN_SHORT = re.compile(r"<p>In short: (?P<answer>.*?)</p>", re.S)
ALSO_ASKED = re.compile(r"\s*<p>Also asked as: (?P<words>.*?)</p>", re.S)


def fold_search_words(text: str) -> str:
    """`<p>In short: A.</p> … <p>Also asked as: b; c</p>` → `<p>In short: A. (Also asked as: b; c)</p> …`."""
    answer, asked = IN_SHORT.search(text), ALSO_ASKED.search(text)
    if not answer or not asked or asked.start() < answer.end():
        return text
    text = text[: asked.start()] + text[asked.end() :]
    end = answer.end() - len("</p>")
    return f"{text[:end]} (Also asked as: {asked['words']}){text[end:]}"


def rewrite(site_dir: Path) -> None:
    index = site_dir / "search" / "search_index.json"
    if not index.is_file():  # the search plugin is off
        return
    raw = index.read_text(encoding="utf-8")
    if "Also asked as: " not in raw:  # nothing to fold: leave Material's file as it wrote it
        return
    data = json.loads(raw)
    for doc in data.get("docs", []):
        doc["text"] = fold_search_words(doc.get("text", ""))
    index.write_text(json.dumps(data, ensure_ascii=False, separators=(",", ":")), encoding="utf-8")
