"""Sending one message over SMTP so that a crash can never make it go twice.

The whole message is given to the server but for its final ".": then the caller records
it as handed over, and only then is the "." sent. A client that dies before the "." leaves
nothing at the server (RFC 5321, 4.1.1.4: the message is only taken once its end comes),
so the message can safely be sent again; once recorded, it is never sent again.
"""

from __future__ import annotations

import re
import smtplib
import ssl
from collections.abc import Callable

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.mail.message import sanitize_address

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


class Uncertain(Exception):
    """The "." went out but no answer came: the server may have the message."""


class Refused(Exception):
    """The server refused the message for good (a 5xx answer): trying again won't help."""


class Abandoned(Exception):
    """Another worker took the message over before it was handed; nothing was sent."""


def _check(code: int, reply: bytes, what: str, ok: tuple[int, ...] = (250,)) -> None:
    if code in ok:
        return
    text = f"{what}: {code} {reply.decode(errors='replace')}"
    if 500 <= code < 600:
        raise Refused(text)
    raise smtplib.SMTPResponseException(code, text)


def _connect() -> smtplib.SMTP:
    timeout = settings.EMAIL_TIMEOUT
    if settings.EMAIL_USE_SSL:
        conn: smtplib.SMTP = smtplib.SMTP_SSL(
            settings.EMAIL_HOST,
            settings.EMAIL_PORT,
            timeout=timeout,
            context=ssl.create_default_context(),
        )
    else:
        conn = smtplib.SMTP(settings.EMAIL_HOST, settings.EMAIL_PORT, timeout=timeout)
    conn.ehlo()
    if settings.EMAIL_USE_TLS:
        conn.starttls(context=ssl.create_default_context())
        conn.ehlo()
    if settings.EMAIL_HOST_USER:
        conn.login(settings.EMAIL_HOST_USER, settings.EMAIL_HOST_PASSWORD)
    return conn


def send(message: EmailMessage, hand_over: Callable[[], bool]) -> None:
    """Send `message`; `hand_over()` records it as handed to the server just before its
    end goes out, and returns False if the message is no longer this worker's to send.

    Raises Refused (don't retry), Uncertain (don't retry: it may have arrived), or any
    other error before the hand-over (nothing arrived: retry)."""
    if settings.EMAIL_BACKEND != SMTP_BACKEND:
        # The file and memory back-ends write at once: nothing can half-happen.
        if not hand_over():
            raise Abandoned("taken over by another worker")
        message.send()
        return
    encoding = message.encoding or settings.DEFAULT_CHARSET
    sender = sanitize_address(message.from_email, encoding)
    recipients = [sanitize_address(a, encoding) for a in message.recipients()]
    data = message.message().as_bytes(linesep="\r\n")
    data = re.sub(rb"(?m)^\.", b"..", data)
    if not data.endswith(b"\r\n"):
        data += b"\r\n"
    conn = _connect()
    ended = False
    try:
        _check(*conn.mail(sender), "MAIL FROM")
        for rcpt in recipients:
            _check(*conn.rcpt(rcpt), f"RCPT TO {rcpt}", ok=(250, 251))
        conn.putcmd("data")
        _check(*conn.getreply(), "DATA", ok=(354,))
        conn.send(data)  # type: ignore[arg-type]
        if not hand_over():
            raise Abandoned("taken over by another worker")
        try:
            conn.send(b".\r\n")  # type: ignore[arg-type]
            code, reply = conn.getreply()
        except (OSError, smtplib.SMTPException) as exc:
            raise Uncertain(f"no answer after the end of the message: {exc}") from exc
        ended = True
        _check(code, reply, "end of message")
    finally:
        # Mid-message, QUIT would be read as more of the message: just hang up.
        try:
            if ended:
                conn.quit()
        except (OSError, smtplib.SMTPException):
            pass
        conn.close()
