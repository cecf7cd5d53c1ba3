"""Reading mails: headers, forwarded originals, identity, and what is no mail (spec/interchange.md)."""

from __future__ import annotations

import hashlib
from datetime import datetime

import pytest

from etl.sources.email import NotAMail, parse_mail, split_mbox
from tests.etl.inbound.world import DATA


def _mail(name: str):  # type: ignore[no-untyped-def]
    return parse_mail((DATA / name).read_bytes())


def test_encoded_headers_and_multipart_with_attachment() -> None:
    """Assignment of inbound traces: an encoded display name does not hide the sender; addresses compare lower-case."""
    mail = _mail("01_encoded_multipart.eml")
    assert mail.from_address == "j.mueller@mueller-ag.de"
    assert mail.recipients == ("s.koenig@ourco.de",)
    assert mail.subject == "Angebot für die Grünfläche"
    assert mail.original_sender is None


def test_message_id_without_angle_brackets_identifies_a_mail() -> None:
    """Assignment of inbound traces, E-mail: the Message-ID without angle brackets identifies a mail."""
    assert _mail("01_encoded_multipart.eml").source_id == "20260303091400.4711@mueller-ag.de"


def test_mail_without_message_id_is_identified_by_sha256_of_its_bytes() -> None:
    """Assignment of inbound traces, E-mail: a mail without Message-ID is identified by the SHA-256 of its bytes."""
    raw = (DATA / "07_no_message_id.eml").read_bytes()
    assert parse_mail(raw).source_id == hashlib.sha256(raw).hexdigest()


def test_date_is_naive_berlin_time() -> None:
    """Module data interchange format: naive timestamps are Europe/Berlin, so +0100 dates keep their wall time."""
    assert _mail("01_encoded_multipart.eml").occurred_at == datetime(2026, 3, 3, 9, 14)
    utc = b"From: a@b.de\nDate: Tue, 14 Jul 2026 08:00:00 +0000\n\nx\n"
    assert parse_mail(utc).occurred_at == datetime(2026, 7, 14, 10, 0)


def test_multiple_recipients_in_to_and_cc() -> None:
    """Assignment of inbound traces, E-mail: every To and Cc recipient is read, display names removed."""
    mail = _mail("06_outgoing_multi.eml")
    assert mail.recipients == ("p.heyer@heyer-plan.de", "t.becker@ourco.de", "boss@kunde-sechs.de",
                               "someone@unknown-firm.example")
    assert mail.reply_to == ("vertrieb@ourco.de",)


@pytest.mark.parametrize(("name", "original"), [
    ("02_forwarded_inline.eml", "p.heyer@mail.heyer-plan.de"),
    ("03_forwarded_attached.eml", "j.mueller@mueller-ag.de"),
])
def test_forwarded_mail_carries_its_original_sender(name: str, original: str) -> None:
    """Assignment of inbound traces, E-mail: the original sender is found in the body or the attached message."""
    assert _mail(name).original_sender == original


def test_outlook_style_quote_in_html_body() -> None:
    """Assignment of inbound traces, E-mail: an Outlook forward in an HTML body also names its original sender."""
    raw = (b"From: s.koenig@ourco.de\nTo: crm@ourco.de\nDate: Tue, 14 Jul 2026 08:00:00 +0200\n"
           b"Content-Type: text/html; charset=utf-8\n\n<p>FYI</p><p>-----Original Message-----<br>"
           b"<b>From:</b> Petra Heyer &lt;p.heyer@heyer-plan.de&gt;<br><b>Sent:</b> Monday</p>")
    assert parse_mail(raw).original_sender == "p.heyer@heyer-plan.de"


@pytest.mark.parametrize("raw", [
    b"",
    bytes(range(256)) * 4,
    b"just some words\nwithout any header at all\n",
    b"Subject: no sender\nDate: Tue, 14 Jul 2026 08:00:00 +0200\n\nbody\n",
    b"From: a@b.de\nDate: not a date\n\nbody\n",
])
def test_what_is_no_mail_raises_not_a_mail(raw: bytes) -> None:
    """Bad input: a file that is no mail (no sender, no date, binary) is refused with a reason, never a traceback."""
    with pytest.raises(NotAMail) as info:
        parse_mail(raw)
    assert str(info.value)


def test_random_bytes_file_is_no_mail() -> None:
    """Bad input: the shipped file of random bytes is refused with a reason."""
    with pytest.raises(NotAMail):
        _mail("90_random_bytes.eml")


def test_mbox_positions_and_garbage_message() -> None:
    """Bad input: an mbox is read mail by mail; the garbage one is refused at its position, the others read."""
    parts = list(split_mbox((DATA / "archive.mbox").read_bytes()))
    assert [p for p, _, _ in parts] == [1, 2, 3]
    assert parse_mail(parts[0][1], parts[0][2]).source_id == "mbox-1@mueller-ag.de"
    assert b"\nFrom here on it is quoted." in parts[0][1]
    with pytest.raises(NotAMail):
        parse_mail(parts[1][1], parts[1][2])
    assert parse_mail(parts[2][1], parts[2][2]).from_address == "s.koenig@ourco.de"


def test_truncated_mbox_keeps_what_is_complete() -> None:
    """Bad input: an mbox cut off mid-mail yields the complete mails; the cut one is read or refused, no crash."""
    data = (DATA / "archive.mbox").read_bytes()
    cut = data[: data.index(b"Subject: Dritte") + 5]
    parts = list(split_mbox(cut))
    assert len(parts) == 3
    assert parse_mail(parts[0][1], parts[0][2]).subject == "Erste Mail im Archiv"
    third = parse_mail(parts[2][1], parts[2][2])  # From and Date survived the cut
    assert third.from_address == "s.koenig@ourco.de"


def test_envelope_date_is_used_when_the_date_header_is_missing() -> None:
    """Bad input: a mail in an mbox without Date is dated by its envelope line instead of being refused."""
    data = b"From x@y.de Mon Mar 16 08:00:00 2026\nFrom: x@y.de\nMessage-ID: <e1@y.de>\n\nbody\n"
    (_, raw, envelope), = split_mbox(data)
    assert parse_mail(raw, envelope).occurred_at == datetime(2026, 3, 16, 9, 0)


def test_file_that_is_no_mbox() -> None:
    """Bad input: an .mbox file that does not start with a `From ` line is refused with a reason."""
    with pytest.raises(NotAMail):
        list(split_mbox(b"\x89PNG\r\n\x1a\n..."))
