"""HTML form bodies (urlencoded and multipart) parsed with the standard library.

The body has already been capped by the size limit, so parsing it in memory
is bounded. File names are reduced to a safe base name here: nothing the
client sends ever becomes a path.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from email import message_from_bytes
from email.policy import HTTP
from urllib.parse import parse_qsl

_SAFE_NAME = re.compile(r"[^A-Za-z0-9._-]+")


@dataclass(frozen=True, slots=True)
class Upload:
    """A file sent through a form: a safe base name and its bytes."""

    filename: str
    content: bytes


@dataclass(slots=True)
class Form:
    """Text fields and uploaded files of one form submission."""

    fields: dict[str, str] = field(default_factory=dict)
    files: list[Upload] = field(default_factory=list)

    def get(self, name: str) -> str:
        return self.fields.get(name, "").strip()


class FormError(ValueError):
    """The body is not a form this server can read."""


def parse_form(content_type: str, body: bytes) -> Form:
    """Fields and files of an ``application/x-www-form-urlencoded`` or multipart body."""
    kind = content_type.split(";", 1)[0].strip().lower()
    if kind == "application/x-www-form-urlencoded":
        try:
            pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True)
        except UnicodeDecodeError as exc:
            raise FormError("form is not UTF-8") from exc
        return Form(fields=dict(pairs))
    if kind == "multipart/form-data":
        return _multipart(content_type, body)
    raise FormError(f"expected a form, got {kind or 'no content type'}")


def _multipart(content_type: str, body: bytes) -> Form:
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode("latin-1")
    message = message_from_bytes(head + body, policy=HTTP)
    if not message.is_multipart():
        raise FormError("malformed multipart body")
    form = Form()
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        if not isinstance(name, str):
            continue
        payload = part.get_payload(decode=True) or b""
        filename = part.get_filename()
        if filename is not None:
            if payload:
                form.files.append(Upload(safe_filename(filename), payload))
            continue
        charset = part.get_content_charset() or "utf-8"
        try:
            form.fields[name] = payload.decode(charset)
        except (LookupError, UnicodeDecodeError) as exc:
            raise FormError(f"field {name!r} is not text") from exc
    return form


def safe_filename(filename: str) -> str:
    """A base name without directories, dots at the start or unusual characters."""
    base = re.split(r"[\\/]", filename)[-1]
    cleaned = _SAFE_NAME.sub("_", base).lstrip("._")
    return cleaned[:120] or "upload"
