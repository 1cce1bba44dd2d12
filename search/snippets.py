"""Where a result matched, and a short extract with the words sought highlighted, built on the server.

Everything taken from a page or a file is escaped; only the `<mark>` around the matching words is
markup. Matching compares accent-folded text, so `nghi quyet` highlights `Nghị quyết`.
"""

import re

from django.utils.html import escape, format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from search.folding import fold
from search.query import Rank

SNIPPET_CHARS = 240
FILES_SHOWN = 3


def _folded_with_origins(text):
    """`fold(text)` and, for each of its characters, the index of the character of `text` it comes from."""
    folded = fold(text)
    if len(folded) == len(text):  # Vietnamese and most scripts: one letter folds to one letter
        return folded, range(len(text))
    parts, origins = [], []
    for index, char in enumerate(text):
        piece = fold(char)
        parts.append(piece)
        origins.extend([index] * len(piece))
    return "".join(parts), origins


def _pattern(words):
    alternatives = "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})(?!\w)")


def has_every_word(text, words):
    folded = fold(text)
    return bool(words) and all(re.search(rf"(?<!\w){re.escape(word)}(?!\w)", folded) for word in words)


def highlight(text, words, width=SNIPPET_CHARS):
    """An escaped extract of `text` around the first of `words`, each of them in <mark>; None if absent."""
    if not text or not words:
        return None
    folded, origins = _folded_with_origins(text)
    found = [(origins[match.start()], origins[match.end() - 1] + 1) for match in _pattern(words).finditer(folded)]
    if not found:
        return None
    start = 0 if found[0][0] < width // 3 else text.rfind(" ", 0, found[0][0] - width // 3) + 1
    end = len(text) if start + width >= len(text) else max(text.rfind(" ", start, start + width), found[0][1])
    marked = []
    position = start
    for match_start, match_end in found:
        if match_start < position or match_end > end:
            continue
        marked.append((text[position:match_start], text[match_start:match_end]))
        position = match_end
    # format_html escapes every piece of text; only the <mark> around the words is markup.
    return format_html(
        "{}{}{}{}",
        "… " if start > 0 else "",
        format_html_join("", "{}<mark>{}</mark>", marked),
        text[position:end],
        " …" if end < len(text) else "",
    )


def describe_matches(page, words, files):
    """[(what matched, highlighted extract)] for one result: its number, title, text, then its files."""
    matches = []
    text = getattr(page, "search_text", None)
    if page.rank == Rank.NUMBER and text is not None:
        matches.append((_("Number"), highlight(text.printed_number, words) or escape(text.printed_number)))
    if page.rank >= Rank.TITLE:
        matches.append((_("Title"), highlight(page.title, words)))
    if text is not None and has_every_word(text.body, words):
        matches.append((_("Text"), highlight(text.body, words)))
    for title, file_text in files[:FILES_SHOWN]:
        matches.append((_("File “%(title)s”") % {"title": title}, highlight(file_text, words)))
    if not matches and text is not None:
        snippet = highlight(text.body, words)
        if snippet:
            matches.append((_("Text"), snippet))
    return matches
