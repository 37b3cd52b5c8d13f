"""Join PDFs printed in parts into one document and number its pages «N / M».

Chromium prints a long table in parts, side by side (`pdf.write_pdf`); no part knows where
it starts in the whole or how many pages the whole has, so the parts are printed without
numbers and the numbers are written here, after merging: bottom right, in the margin, in
the shipped DejaVu Sans (embedded, cut down to the digits), the size and grey of the
single-document print's `@page` margin box (`pdf.PageStyle`).
"""
from __future__ import annotations

import io
from functools import lru_cache

from pypdf import PdfReader, PdfWriter

# pypdf has no public way to add an indirect object (every stream is one); the writer's own
# `_add_object` is what its page helpers use.
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    NumberObject,
)

MM = 72 / 25.4  # PDF points in a millimetre
FONT_KEY = "/SapatPageNumber"
CHARS = "0123456789 /"
FIRST, LAST = 32, 57  # the codes of " " … "9" (WinAnsi, ASCII here)


def merge_numbered(pdfs: list[bytes], style) -> bytes:
    """One PDF of all pages of `pdfs` in order, each page stamped «N / M»."""
    writer = PdfWriter()
    for i, content in enumerate(pdfs):
        reader = PdfReader(io.BytesIO(content))
        for page in reader.pages:
            writer.add_page(page)
        if i == 0 and reader.metadata:  # the title, the creator, the dates
            writer.add_metadata({k: str(v) for k, v in reader.metadata.items()})
    font = writer._add_object(_font_dictionary(writer))
    total = len(writer.pages)
    for number, page in enumerate(writer.pages, start=1):
        _stamp(writer, page, f"{number} / {total}", font, style)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _stamp(writer: PdfWriter, page, text: str, font, style) -> None:
    """Add `text` to `page` where the margin box «bottom right» would print it."""
    size = style.number_size
    _top, right, bottom, _left = style.margins_mm
    width = sum(_metrics()["widths"][ord(c) - FIRST] for c in text) * size / 1000
    box = page.mediabox
    x = float(box.right) - right * MM - width
    # Vertically centred in the bottom margin, as the margin box centres its line.
    metrics = _metrics()
    y = float(box.bottom) + bottom * MM / 2 - (metrics["ascent"] + metrics["descent"]) \
        * size / 2000
    red, green, blue = (int(style.number_colour[i:i + 2], 16) / 255 for i in (1, 3, 5))
    resources = page.get("/Resources")
    resources = resources.get_object() if resources is not None else DictionaryObject()
    page[NameObject("/Resources")] = resources
    fonts = resources.get("/Font")
    fonts = fonts.get_object() if fonts is not None else DictionaryObject()
    resources[NameObject("/Font")] = fonts
    fonts[NameObject(FONT_KEY)] = font
    # The page's own drawing is wrapped in q … Q, so whatever transformation it leaves
    # in force does not move the number.
    before = DecodedStreamObject()
    before.set_data(b"q\n")
    after = DecodedStreamObject()
    after.set_data(
        f"\nQ q {red:.3f} {green:.3f} {blue:.3f} rg BT {FONT_KEY} {size:g} Tf "
        f"{x:.2f} {y:.2f} Td ({text}) Tj ET Q\n".encode("ascii")
    )
    # raw_get: the references themselves (a stream can only be referred to, never copied
    # into an array).
    contents = page.raw_get("/Contents") if "/Contents" in page else None
    streams = []
    if contents is not None:
        resolved = contents.get_object()
        streams = list(resolved) if isinstance(resolved, ArrayObject) else [contents]
    page[NameObject("/Contents")] = ArrayObject(
        [writer._add_object(before), *streams, writer._add_object(after)]
    )


@lru_cache(maxsize=1)
def _metrics() -> dict:
    """The digits' cut of the shipped font and the numbers a PDF font dictionary needs."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    from .pdf import font_path

    font = TTFont(str(font_path()))
    scale = 1000 / font["head"].unitsPerEm
    cmap = font.getBestCmap()
    widths = [
        round(font["hmtx"][cmap[code]][0] * scale) if chr(code) in CHARS else 0
        for code in range(FIRST, LAST + 1)
    ]
    head, hhea = font["head"], font["hhea"]
    options = subset.Options()
    options.name_IDs = ["*"]
    options.drop_tables += ["FFTM"]  # FontForge's time stamp: not needed, not subsettable
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=CHARS)
    subsetter.subset(font)
    data = io.BytesIO()
    font.save(data)
    return {
        "data": data.getvalue(),
        "widths": widths,
        "bbox": [round(v * scale) for v in (head.xMin, head.yMin, head.xMax, head.yMax)],
        "ascent": round(hhea.ascent * scale),
        "descent": round(hhea.descent * scale),
        "cap_height": round(getattr(font["OS/2"], "sCapHeight", hhea.ascent) * scale),
    }


def _font_dictionary(writer: PdfWriter) -> DictionaryObject:
    metrics = _metrics()
    name = NameObject("/SAPATN+DejaVuSans")
    file = DecodedStreamObject()
    file.set_data(metrics["data"])
    file[NameObject("/Length1")] = NumberObject(len(metrics["data"]))
    descriptor = DictionaryObject({
        NameObject("/Type"): NameObject("/FontDescriptor"),
        NameObject("/FontName"): name,
        NameObject("/Flags"): NumberObject(32),  # non-symbolic
        NameObject("/FontBBox"): ArrayObject(NumberObject(v) for v in metrics["bbox"]),
        NameObject("/ItalicAngle"): NumberObject(0),
        NameObject("/Ascent"): NumberObject(metrics["ascent"]),
        NameObject("/Descent"): NumberObject(metrics["descent"]),
        NameObject("/CapHeight"): NumberObject(metrics["cap_height"]),
        NameObject("/StemV"): NumberObject(80),
        NameObject("/FontFile2"): writer._add_object(file),
    })
    return DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/TrueType"),
        NameObject("/BaseFont"): name,
        NameObject("/FirstChar"): NumberObject(FIRST),
        NameObject("/LastChar"): NumberObject(LAST),
        NameObject("/Widths"): ArrayObject(FloatObject(w) for w in metrics["widths"]),
        NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
        NameObject("/FontDescriptor"): writer._add_object(descriptor),
    })
