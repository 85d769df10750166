"""Checking a notice's attachment before it is stored: its type by its content (not by its name),
its name's extension against that type, and its size (TTG_NOTICE_ATTACHMENT_MAX_BYTES).

Accepted: PDF, Word (DOCX, without macros), OpenDocument text (ODT) and plain text (UTF-8). A ZIP-based
document is recognised from its directory and, for ODT, its first `mimetype` entry; nothing is
extracted, so a "zip bomb" costs nothing. The file is stored in the database (never on a path a
request names) and served only as a download, with its checked type and `nosniff`.
"""

from __future__ import annotations

import io
import re
import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

PDF = "application/pdf"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
ODT = "application/vnd.oasis.opendocument.text"
TEXT = "text/plain; charset=utf-8"

EXTENSIONS = {PDF: (".pdf",), DOCX: (".docx",), ODT: (".odt",), TEXT: (".txt",)}
_SAFE_NAME = re.compile(r"[^A-Za-z0-9._ -]+")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


@dataclass(frozen=True)
class Checked:
    filename: str
    content_type: str
    size: int


def safe_filename(name: str) -> str:
    """The name without any folder, with only letters, digits, dots, spaces, hyphens and underscores."""
    base = name.replace("\\", "/").rsplit("/", 1)[-1]
    cleaned = _SAFE_NAME.sub("_", base).strip(" .")
    return cleaned[-100:] or "attachment"


def _zip_type(content: bytes) -> str | None:
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if "mimetype" in names and archive.getinfo("mimetype").file_size < 100:
                if archive.read("mimetype").strip() == ODT.encode():
                    return ODT
                return None
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                # Macros make a Word file a program: refused, whatever its name.
                return None if any(n.lower().endswith("vbaproject.bin") for n in names) else DOCX
    except (zipfile.BadZipFile, KeyError, ValueError):
        return None
    return None


def sniff(content: bytes) -> str | None:
    """The accepted type this content is, by its bytes; None for anything else."""
    if content.startswith(b"%PDF-"):
        return PDF
    if content.startswith(b"PK\x03\x04"):
        return _zip_type(content)
    try:
        text = content.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return None if _CONTROL.search(text) else TEXT


def check(name: str, content: bytes, *, max_bytes: int) -> Checked:
    """The attachment as it will be stored, or a ValidationError (key "file") saying why not."""
    if not content:
        raise ValidationError({"file": _("The selected file is empty")})
    if len(content) > max_bytes:
        raise ValidationError({"file": _("The selected file must be smaller than %(size)s") % {"size": size_words(max_bytes)}})
    content_type = sniff(content)
    if content_type is None:
        raise ValidationError({"file": _("The selected file must be a PDF, Word (DOCX), OpenDocument text (ODT) or plain text file")})
    filename = safe_filename(name)
    if not filename.lower().endswith(EXTENSIONS[content_type]):
        raise ValidationError(
            {
                "file": _("The file's name does not match what it contains: give it a name ending %(ext)s")
                % {"ext": EXTENSIONS[content_type][0]}
            }
        )
    return Checked(filename=filename, content_type=content_type, size=len(content))


def size_words(size: int) -> str:
    if size >= 1024 * 1024:
        return f"{size / (1024 * 1024):.0f} MB" if size % (1024 * 1024) == 0 else f"{size / (1024 * 1024):.1f} MB"
    if size >= 1024:
        return f"{size / 1024:.0f} KB"
    return f"{size} bytes"
