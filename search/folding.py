"""Vietnamese accent folding, applied alike to the indexed text and to the query.

Members often type without accents (`nghi quyet` for `Nghị quyết`). Decomposing to NFD
and dropping the combining marks removes the tones and vowel marks; `đ` is a letter of
its own, not `d` plus a mark, so it is mapped by hand.
"""

import re
import unicodedata

from django.utils.text import slugify

_LETTERS_WITHOUT_DECOMPOSITION = str.maketrans({"đ": "d", "Đ": "D"})


def fold(text):
    decomposed = unicodedata.normalize("NFD", text.translate(_LETTERS_WITHOUT_DECOMPOSITION))
    return "".join(char for char in decomposed if not unicodedata.combining(char)).lower()


def stream_text(stream_value):
    """The plain text of a StreamField value (rich text without its markup), as Wagtail indexes it."""
    return stream_value.stream_block.get_searchable_content(stream_value)


_WORD = re.compile(r"\w+")


def folded_words(text):
    """The accent-folded words of `text`, split at any punctuation: `35-NQ/TW` gives 35, nq, tw."""
    return _WORD.findall(fold(text))


def normalized(text):
    """`text` as folded words joined by single spaces; `35-NQ/TW`, `35 NQ TW` and `35-nq/tw` give one value."""
    return " ".join(folded_words(text))


def vietnamese_slug(text):
    """`text` as an address: folded (`đ` → `d`, tones and vowel marks dropped), then Django's slugify.
    "Nghị quyết về …, chỉnh đốn Đảng" gives `nghi-quyet-ve-…-chinh-don-dang`; Django's own slugify
    (and Wagtail's, with WAGTAIL_ALLOW_UNICODE_SLUGS off) would drop `đ` and give `chinh-on-ang`."""
    return slugify(fold(text))
