"""One postal letter of the view as an editable OpenDocument text (.odt), A4.

Written with the standard library's `zipfile` (the browser gets nothing new: the engine
already runs in Pyodide). The usual French business layout: the sender block at the top
left; the recipient block in a frame anchored to the page where the window of a DL envelope
(110 × 220 mm, window 45 × 100 mm on the right, 20 mm from the right edge and 15 mm from
the bottom) shows it once the sheet is folded in three — 10.5 cm from the left edge and 5 cm
from the top, 8.5 cm wide; then the place and date on the right, the sending mode, the
subject and reference, the body, the closing, the signature on the right with room to sign,
the attachments, and for hand delivery a receipt box. Every entry is stored uncompressed
with a fixed date, so the same letter always gives the same bytes (in CPython and Pyodide).
"""

from __future__ import annotations

import base64
import re
import zipfile
from collections.abc import Mapping, Sequence
from io import BytesIO

MEDIA_TYPE = "application/vnd.oasis.opendocument.text"
_DATE = (1980, 1, 1, 0, 0, 0)
_NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'office:version="1.3"')
# Characters XML 1.0 cannot hold (the answers forbid them; a letter must never break).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")
# The paragraph style of each block role (letter_view.BLOCK_ROLES).
_STYLES = {"sender": "Sender", "place_date": "PlaceDate", "sending_mode": "Mode",
           "subject": "Subject", "greeting": "Body", "text": "Body", "closing": "Body",
           "signature": "Signature", "attachments": "Attachments", "receipt": "Receipt"}


def _escape(text: str) -> str:
    text = _NOT_XML.sub("", text)
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
            .replace('"', "&quot;"))


def _paragraph(style: str, text: str) -> str:
    """One paragraph; its line breaks kept, runs of spaces kept."""
    lines = []
    for line in text.split("\n"):
        escaped = _escape(line)
        escaped = re.sub(r"  +", lambda m: f' <text:s text:c="{len(m.group(0)) - 1}"/>',
                         escaped)
        lines.append(escaped)
    return f'<text:p text:style-name="{style}">{"<text:line-break/>".join(lines)}</text:p>'


def _content(blocks: Sequence[Mapping[str, str]]) -> str:
    body: list[str] = []
    frame = ""
    for block in blocks:
        role, text = block.get("role", "text"), block.get("text", "")
        if role == "recipient_address":
            lines = "".join(_paragraph("Recipient", line) for line in text.split("\n"))
            frame = ('<draw:frame draw:name="Recipient" draw:style-name="RecipientFrame" '
                     'text:anchor-type="page" text:anchor-page-number="1" svg:x="10.5cm" '
                     'svg:y="5cm" svg:width="8.5cm" draw:z-index="0">'
                     f'<draw:text-box fo:min-height="3.4cm">{lines}</draw:text-box>'
                     '</draw:frame>')
        elif role in ("sender", "subject"):
            # One paragraph per line: the subject line is set apart from "Réf. :".
            for number, line in enumerate(text.split("\n")):
                style = ("SubjectLine" if role == "subject" and number == 0 else
                         "Reference" if role == "subject" else _STYLES[role])
                body.append(_paragraph(style, line))
        else:
            body.append(_paragraph(_STYLES.get(role, "Body"), text))
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-content {_NS}>'
            '<office:body><office:text>' + frame + "".join(body)
            + "</office:text></office:body></office:document-content>\n")


def _styles(lang: str) -> str:
    country = {"fr": "FR", "en": "GB"}.get(lang, "")
    language = (f' fo:language="{_escape(lang)}" fo:country="{country}"'
                if lang and country else "")

    def paragraph(name: str, paragraph_props: str = "", text_props: str = "") -> str:
        return (f'<style:style style:name="{name}" style:family="paragraph" '
                f'style:parent-style-name="Standard"><style:paragraph-properties '
                f'{paragraph_props}/><style:text-properties {text_props}/></style:style>')

    return (
        f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-styles {_NS}>'
        '<office:styles>'
        '<style:default-style style:family="paragraph"><style:paragraph-properties '
        'fo:margin-top="0cm" fo:margin-bottom="0cm"/><style:text-properties '
        f'fo:font-size="11pt"{language}/></style:default-style>'
        '<style:style style:name="Standard" style:family="paragraph" style:class="text"/>'
        + paragraph("Sender")
        + paragraph("Recipient")
        + paragraph("PlaceDate", 'fo:text-align="end" fo:margin-top="0.6cm" '
                    'fo:margin-bottom="0.8cm"')
        + paragraph("Mode", 'fo:margin-bottom="0.5cm"', 'fo:font-weight="bold"')
        + paragraph("SubjectLine", "", 'fo:font-weight="bold"')
        + paragraph("Reference", "")
        + paragraph("Body", 'fo:margin-top="0.4cm" fo:text-align="justify"')
        + paragraph("Signature", 'fo:margin-top="0.6cm" fo:margin-left="9cm" '
                    'fo:margin-bottom="1.8cm"')
        + paragraph("Attachments", 'fo:margin-top="0.6cm"', 'fo:font-size="10pt"')
        + paragraph("Receipt", 'fo:margin-top="1cm" fo:padding="0.3cm" '
                    'fo:border="0.5pt solid #000000"')
        + '<style:style style:name="RecipientFrame" style:family="graphic">'
        '<style:graphic-properties style:wrap="none" style:vertical-pos="from-top" '
        'style:vertical-rel="page" style:horizontal-pos="from-left" '
        'style:horizontal-rel="page" fo:border="none" fo:padding="0cm"/></style:style>'
        '</office:styles><office:automatic-styles>'
        '<style:page-layout style:name="A4"><style:page-layout-properties '
        'fo:page-width="21cm" fo:page-height="29.7cm" style:print-orientation="portrait" '
        'fo:margin-top="1.5cm" fo:margin-bottom="2cm" fo:margin-left="2.5cm" '
        'fo:margin-right="2cm"/></style:page-layout></office:automatic-styles>'
        '<office:master-styles><style:master-page style:name="Standard" '
        'style:page-layout-name="A4"/></office:master-styles></office:document-styles>\n')


def _meta(title: str) -> str:
    return (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document-meta {_NS}>'
            f'<office:meta><dc:title>{_escape(title)}</dc:title>'
            '<meta:generator>Fin de mission</meta:generator></office:meta>'
            '</office:document-meta>\n')


_MANIFEST = (
    '<?xml version="1.0" encoding="UTF-8"?>\n<manifest:manifest '
    'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" '
    'manifest:version="1.3">'
    f'<manifest:file-entry manifest:full-path="/" manifest:version="1.3" '
    f'manifest:media-type="{MEDIA_TYPE}"/>'
    + "".join(f'<manifest:file-entry manifest:full-path="{name}" '
              'manifest:media-type="text/xml"/>'
              for name in (f"{part}.xml" for part in ("content", "styles", "meta")))
    + "</manifest:manifest>\n")


def to_odt(message: Mapping[str, object], *, lang: str = "") -> bytes:
    """The letter (a message of the view, with its `blocks`) as .odt bytes."""
    raw = message.get("blocks")
    blocks = [block for block in raw if isinstance(block, Mapping)] if isinstance(
        raw, list) else []
    xml = {"meta": _meta(str(message.get("title") or "")), "styles": _styles(lang),
           "content": _content(blocks)}
    parts = {"mimetype": MEDIA_TYPE,  # first, stored: how a reader recognises the format
             "META-INF/manifest.xml": _MANIFEST,
             **{f"{name}.xml": text for name, text in xml.items()}}
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as archive:
        for name, text in parts.items():
            archive.writestr(zipfile.ZipInfo(name, _DATE), text.encode("utf-8"))
    return buffer.getvalue()


def to_odt_base64(message: Mapping[str, object], *, lang: str = "") -> str:
    """The same, as base64 text (what the Web Worker hands the page to download)."""
    return base64.b64encode(to_odt(message, lang=lang)).decode("ascii")
