"""E-mails from `*.eml` files and `*.mbox` archives, parsed with the standard library.

Each mail becomes a `MailTrace`: who sent it, to whom, when, and, for a forwarded
mail, the original sender found in its body or its attached message. A file that
is not a mail yields a reason instead (spec/interchange.md, "Bad input").
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from email import policy
from email.message import EmailMessage, Message
from email.parser import BytesParser
from email.utils import getaddresses, parsedate_to_datetime
from zoneinfo import ZoneInfo

from etl.addresses import normalise_address

BERLIN = ZoneInfo("Europe/Berlin")
_PARSER = BytesParser(policy=policy.default)
#: lines that open a forwarded or quoted original in a body (Thunderbird, Gmail, Outlook, Apple Mail, German)
_FORWARD_MARKER = re.compile(
    r"^\s*(-{2,}\s*(Forwarded message|Weitergeleitete Nachricht|Original Message|Ursprüngliche Nachricht)\s*-{2,}"
    r"|Begin forwarded message:|Anfang der weitergeleiteten Nachricht:)",
    re.IGNORECASE | re.MULTILINE,
)
_FROM_LINE = re.compile(r"^\s*[>*]*\s*(From|Von)\s*:\s*\**\s*(.+)$", re.IGNORECASE | re.MULTILINE)
_ANGLE_ADDRESS = re.compile(r"<([^<>@\s]+@[^<>@\s]+)>|([\w.+%'-]+@[\w-]+(?:\.[\w-]+)+)")
MAX_ID = 500


class NotAMail(ValueError):
    """The bytes are not a mail we can read; the message says why."""


@dataclass(frozen=True)
class MailTrace:
    """One mail as the matcher needs it (addresses lower-cased, time naive Europe/Berlin)."""

    source_id: str
    occurred_at: datetime
    from_address: str
    recipients: tuple[str, ...]
    reply_to: tuple[str, ...]
    subject: str | None
    #: the original sender of a forwarded mail (body or attached message/rfc822), if any
    original_sender: str | None


def _addresses(msg: Message, *names: str) -> tuple[str, ...]:
    """Bare, lower-cased addresses of the named headers, in order, without duplicates."""
    raw: list[str] = []
    for name in names:
        for value in msg.get_all(name, []) or []:
            raw.append(str(value))
    out: list[str] = []
    for _display, addr in getaddresses(raw):
        bare = normalise_address(addr)
        if bare and bare not in out:
            out.append(bare)
    return tuple(out)


def _to_berlin(value: datetime) -> datetime:
    """Naive Europe/Berlin wall time (a naive input is taken as UTC, as RFC 5322 `-0000` means)."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=ZoneInfo("UTC"))
    return value.astimezone(BERLIN).replace(tzinfo=None)


def _parse_date(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        return _to_berlin(parsedate_to_datetime(str(text).strip()))
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


def _date_of(msg: Message, envelope_date: str | None) -> datetime | None:
    """The Date header, else the newest Received stamp, else the mbox envelope date."""
    found = _parse_date(msg.get("Date"))
    if found:
        return found
    for received in msg.get_all("Received", []) or []:
        _, _, stamp = str(received).rpartition(";")
        found = _parse_date(stamp)
        if found:
            return found
    return _parse_date(envelope_date)


def _message_id(msg: Message, raw: bytes) -> str:
    """The Message-ID without angle brackets, else the SHA-256 of the mail's bytes."""
    value = str(msg.get("Message-ID") or "").strip()
    value = value.strip("<>").strip()
    if value and " " not in value and len(value) <= MAX_ID:
        return value
    return hashlib.sha256(raw).hexdigest()


def _body_text(msg: Message) -> str:
    """The plain-text body (or the HTML one stripped of tags) of the mail itself."""
    if not isinstance(msg, EmailMessage):
        return ""
    part = msg.get_body(preferencelist=("plain", "html"))
    if part is None:
        return ""
    try:
        text = part.get_content()
    except (LookupError, ValueError, AssertionError):
        return ""
    if not isinstance(text, str):
        return ""
    if part.get_content_subtype() == "html":
        text = re.sub(r"<br\s*/?>|</p>|</div>", "\n", text, flags=re.IGNORECASE)
        text = re.sub(r"<[^>]+>", "", text).replace("&lt;", "<").replace("&gt;", ">").replace("&nbsp;", " ")
    return text


def _attached_sender(msg: Message) -> str | None:
    """The From of the first attached message/rfc822 part."""
    for part in msg.walk():
        if part.get_content_type() != "message/rfc822":
            continue
        payload = part.get_payload()
        inner = payload[0] if isinstance(payload, list) and payload else None
        if isinstance(inner, Message):
            found = _addresses(inner, "From")
            if found:
                return found[0]
    return None


def _body_sender(text: str) -> str | None:
    """The address of the first `From:`/`Von:` line after a forward marker in a body."""
    marker = _FORWARD_MARKER.search(text)
    if not marker:
        return None
    line = _FROM_LINE.search(text, marker.end())
    if not line:
        return None
    hit = _ANGLE_ADDRESS.search(line.group(2))
    return normalise_address(hit.group(1) or hit.group(2)) if hit else None


def original_sender(msg: Message) -> str | None:
    """The original sender carried by a forwarded mail: attached message first, then the body."""
    return _attached_sender(msg) or _body_sender(_body_text(msg))


def parse_mail(raw: bytes, envelope_date: str | None = None) -> MailTrace:
    """One mail's bytes as a MailTrace; raises NotAMail with the reason when it is none."""
    if not raw.strip():
        raise NotAMail("empty: no content")
    if b"\x00" in raw[:4096]:
        raise NotAMail("not a mail: binary content")
    try:
        msg = _PARSER.parsebytes(raw)
        sender = _addresses(msg, "From") or _addresses(msg, "Sender")
        if not sender:
            raise NotAMail("not a mail: no From address")
        occurred = _date_of(msg, envelope_date)
        if occurred is None:
            raise NotAMail("no readable Date header")
        subject = msg.get("Subject")
        return MailTrace(
            source_id=_message_id(msg, raw),
            occurred_at=occurred,
            from_address=sender[0],
            recipients=_addresses(msg, "To", "Cc"),
            reply_to=_addresses(msg, "Reply-To"),
            subject=str(subject).strip() if subject is not None else None,
            original_sender=original_sender(msg),
        )
    except NotAMail:
        raise
    except Exception as exc:  # the email package raises many kinds on mangled headers
        raise NotAMail(f"not a readable mail: {type(exc).__name__}: {exc}") from exc


def split_mbox(data: bytes) -> Iterator[tuple[int, bytes, str | None]]:
    """The messages of an mbox: (1-based position, bytes without the `From ` line, envelope date)."""
    if not data.startswith(b"From "):
        raise NotAMail("not an mbox: does not start with a 'From ' line")
    position = 0
    current: list[bytes] = []
    envelope: str | None = None
    for line in data.splitlines(keepends=True):
        if line.startswith(b"From "):
            if position:
                yield position, b"".join(current), envelope
            position += 1
            current = []
            parts = line.decode("latin-1").split(None, 2)
            envelope = _asctime_to_rfc(parts[2]) if len(parts) > 2 else None
            continue
        current.append(line[1:] if line.startswith(b">From ") else line)
    if position:
        yield position, b"".join(current), envelope


def _asctime_to_rfc(text: str) -> str | None:
    """`Mon Jan  1 10:00:00 2026` (mbox envelope) as an RFC 5322 date string (UTC)."""
    try:
        stamp = datetime.strptime(" ".join(text.split()[:5]), "%a %b %d %H:%M:%S %Y")
    except ValueError:
        return None
    return stamp.strftime("%a, %d %b %Y %H:%M:%S +0000")
