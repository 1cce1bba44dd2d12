"""Small PDF and DOCX files written in code, for the demo data and the tests.

The PDF is written by hand: one page per paragraph group, Helvetica (not embedded) with a one-byte
encoding made for the text's own letters and a ToUnicode map, so that readers and text extraction
get the Vietnamese letters back. The DOCX is written with python-docx.
"""

import io

import docx

from django.core.files.base import ContentFile

from wagtail.documents import get_document_model


def _pdf_string(codes):
    return "(" + "".join(f"\\{code:03o}" for code in codes) + ")"


def make_pdf(title, paragraphs):
    """The bytes of a PDF whose /Title is `title` and whose one page shows `paragraphs`, one a line."""
    letters = sorted({char for text in [title, *paragraphs] for char in text})
    if len(letters) > 224:
        raise ValueError("Too many different letters for a one-byte font.")
    code_of = {char: 32 + index for index, char in enumerate(letters)}
    differences = " ".join(f"/uni{ord(char):04X}" for char in letters)
    to_unicode = "\n".join(f"<{code_of[char]:02X}> <{ord(char):04X}>" for char in letters)
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n"
        "/CMapName /Adobe-Identity-UCS def /CMapType 2 def\n"
        "1 begincodespacerange <00> <FF> endcodespacerange\n"
        f"{len(letters)} beginbfchar\n{to_unicode}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    lines = ["BT /F1 12 Tf 50 790 Td 16 TL"]
    for text in paragraphs:
        lines.append(f"{_pdf_string(code_of[char] for char in text)} Tj T*")
    lines.append("ET")
    content = "\n".join(lines)
    title_utf16 = "<FEFF" + title.encode("utf-16-be").hex().upper() + ">"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R"
        " /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(content.encode('latin-1'))} >>\nstream\n{content}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding 6 0 R /ToUnicode 7 0 R >>",
        f"<< /Type /Encoding /Differences [32 {differences}] >>",
        f"<< /Length {len(cmap)} >>\nstream\n{cmap}\nendstream",
        f"<< /Title {title_utf16} >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1"))
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R /Info {len(objects)} 0 R >>\n".encode())
    out.write(f"startxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def make_docx(title, paragraphs):
    """The bytes of a DOCX whose core title is `title`, with a heading and `paragraphs`."""
    document = docx.Document()
    document.core_properties.title = title
    document.add_heading(title, level=1)
    for text in paragraphs:
        document.add_paragraph(text)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def demo_document(unit, title, filename, content):
    """The document `title` in `unit`'s collection, stored from `content` on first use (idempotent)."""
    Document = get_document_model()
    document = Document.objects.filter(title=title, collection_id=unit.collection_id).first()
    if document is None:
        document = Document(title=title, collection_id=unit.collection_id)
        document.file.save(filename, ContentFile(content), save=False)
        document.save()
    return document
