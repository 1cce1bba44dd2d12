"""Finds English UI strings in what people read (issue 14, part 6).

The English strings are the msgids of the catalogs the project runs with: every installed app's
(Django's, Wagtail's and the others', server and JavaScript) and our own. A msgid of two words or
more is looked for anywhere in a page's visible text; a one-word msgid only as a whole text node,
where it cannot be part of a Vietnamese sentence; a msgid with placeholders as a pattern.
"""

import html
import re
from functools import cache
from html.parser import HTMLParser
from pathlib import Path

import polib

import django
from django.apps import apps
from django.conf import settings

# Words that Vietnamese writes the same way (reviewed; each is used as is in Vietnamese text), and
# "English", the language's own name in the admin's language picker, where each language is
# named in itself so that anyone finds theirs.
SAME_IN_VIETNAMESE = {
    *("email", "pdf", "url", "id", "ok", "csv", "xlsx", "html", "json", "zip", "javascript", "markdown"),
    *("wagtail", "wagtail api v2", "wagtail api v3", "%(size)d byte", "%s kb", "%s mb", "%s gb", "%s tb", "%s pb"),
    "english",
}
# Attributes whose text people see (on hover, by a screen reader, in an empty field, on a button).
SHOWN_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "data-w-tooltip-content-value"}
BUTTON_INPUT_TYPES = {"submit", "button", "reset"}
UNSHOWN_ELEMENTS = {"script", "style"}
# Elements inside a line of text: "There are <b>2</b> matches" is one sentence.
INLINE_ELEMENTS = {"a", "abbr", "b", "code", "em", "i", "kbd", "mark", "q", "s", "small", "span", "strong"}
INLINE_ELEMENTS |= {"sub", "sup", "time", "u"}
PLACEHOLDER = re.compile(r"%\(\w+\)[sdifr]|%[sdifr]|\{\w*\}")
TAG = re.compile(r"<[^>]+>")
WORD = re.compile(r"[a-z]+(?:'[a-z]+)?")


def catalogs():
    """Every catalog the project translates with, in its English (source) form where there is one."""
    roots = [Path(django.__file__).parent / "conf"] + [Path(config.path) for config in apps.get_app_configs()]
    found = []
    for root in roots:
        for domain in ("django", "djangojs"):
            english = root / "locale" / "en" / "LC_MESSAGES" / f"{domain}.po"
            others = sorted((root / "locale").glob(f"*/LC_MESSAGES/{domain}.po"))
            if english.exists() or others:
                found.append(english if english.exists() else others[0])
    return found + sorted(po for path in settings.LOCALE_PATHS for po in Path(path).glob("vi/LC_MESSAGES/*.po"))


def visible(text):
    """A msgid as it shows on a page: without tags, entities read, spaces collapsed, lower case."""
    return " ".join(html.unescape(TAG.sub("", text)).split()).lower()


class Finder:
    """The English strings, ready to be looked for in a page's text."""

    def __init__(self, msgids):
        self.phrases = set()  # two words or more: anywhere
        self.words = set()  # one word: a whole text node
        self.patterns = []  # (the longest literal part, compiled pattern, msgid)
        for msgid in msgids:
            text = visible(msgid)
            literal = PLACEHOLDER.split(text)
            words = [word for part in literal for word in WORD.findall(part)]
            if not any(len(word) > 1 for word in words) or text in SAME_IN_VIETNAMESE:
                continue
            if len(literal) == 1:
                (self.phrases if len(words) > 1 else self.words).add(text)
                continue
            parts = [re.escape(part) for part in literal]
            if len(words) > 1:
                body = r"(?<![a-z])" + "[^\n]{0,120}?".join(parts) + r"(?![a-z])"
            else:
                # A placeholder stands for whole words: "{}nd" is "2nd", never the end of "scoresbysund".
                body = "^" + ".{1,120}(?<![a-z])".join(parts) + "$"
            self.patterns.append((max(literal, key=len).strip(), re.compile(body), msgid, len(words) > 1))

    def find(self, nodes, blocks):
        """The English strings in a page: {msgid: what was seen}. `nodes` are its text nodes and
        shown attributes; `blocks` the same with the nodes of inline elements joined."""
        nodes = [node for node in (" ".join(node.split()).lower() for node in nodes) if node]
        text = "\n".join(" ".join(block.split()).lower() for block in blocks)
        found = {}
        for phrase in self.phrases:
            if phrase in text and re.search(r"(?<![a-z])" + re.escape(phrase) + r"(?![a-z])", text):
                found[phrase] = phrase
        for node in nodes:
            word = node.strip(" :.()*…")
            if word in self.words:
                found[word] = node
        for literal, pattern, msgid, anywhere in self.patterns:
            if literal not in text:
                continue
            if anywhere:
                match = pattern.search(text)
                if match:
                    found[msgid] = match.group(0)
            else:
                match = next(filter(None, map(pattern.match, nodes)), None)
                if match:
                    found[msgid] = match.group(0)
        return found


@cache
def finder():
    msgids = set()
    for path in catalogs():
        for entry in polib.pofile(str(path)):
            if not entry.obsolete:
                msgids.update(filter(None, (entry.msgid, entry.msgid_plural)))
    return Finder(msgids)


class TextNodes(HTMLParser):
    """The text nodes of an HTML page and the attributes people see, in order, and its links."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.nodes = []
        self.blocks = [""]
        self.links = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in UNSHOWN_ELEMENTS:
            self.skipping += 1
        if tag not in INLINE_ELEMENTS:
            self.blocks.append("")
        attrs = dict(attrs)
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])
        shown = [value for name, value in attrs.items() if name in SHOWN_ATTRIBUTES and value]
        if tag == "input" and attrs.get("type") in BUTTON_INPUT_TYPES and attrs.get("value"):
            shown.append(attrs["value"])
        self.nodes.extend(shown)
        self.blocks.extend(shown)

    def handle_endtag(self, tag):
        if tag in UNSHOWN_ELEMENTS and self.skipping:
            self.skipping -= 1
        if tag not in INLINE_ELEMENTS:
            self.blocks.append("")

    def handle_data(self, data):
        if not self.skipping and data.strip():
            self.nodes.append(data)
            self.blocks[-1] += " " + data


def read_html(content):
    """(the English strings, the links) of an HTML page."""
    parser = TextNodes()
    parser.feed(content)
    parser.close()
    return finder().find(parser.nodes, parser.blocks), parser.links


def english_in_text(content):
    """For emails: each line a node."""
    lines = content.splitlines()
    return finder().find(lines, lines)


def english_in_html(content):
    return read_html(content)[0]


def report(found):
    """The English strings of `found` ({where: {msgid: what was seen}}), one a line."""
    return "\n".join(
        f"{where}: {msgid!r}" + (f" (seen as {seen!r})" if seen != msgid.lower() else "")
        for where, strings in sorted(found.items())
        for msgid, seen in sorted(strings.items())
    )
