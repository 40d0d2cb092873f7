"""Deliver a digest: by SMTP (plain, STARTTLS or implicit TLS) and to a chat webhook ({"text": ...})."""

from __future__ import annotations

import json
import smtplib
import ssl
import urllib.error
import urllib.request
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from urllib.parse import urlsplit

from tracker.config import Settings
from tracker.errors import UserError

SMTP_TIMEOUT_SECONDS = 30
WEBHOOK_TIMEOUT_SECONDS = 15
IMPLICIT_TLS_PORT = 465
# Chat apps cap a message's length (Slack ~40k, Mattermost 16k); cut long digests with a marker.
WEBHOOK_MAX_CHARS = 15_000


def build_message(*, sender: str, to: str, subject: str, text: str, html: str | None = None) -> EmailMessage:
    """A multipart/alternative e-mail: plain text, and HTML when given."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = to
    message["Subject"] = subject
    message["Date"] = formatdate(localtime=False, usegmt=True)
    message["Message-ID"] = make_msgid(domain=sender.rpartition("@")[2] or "localhost")
    message.set_content(text)
    if html is not None:
        message.add_alternative(html, subtype="html")
    return message


def send_email(*, settings: Settings, to: str, subject: str, text: str, html: str | None = None,
               ssl_context: ssl.SSLContext | None = None) -> None:
    """Send one e-mail through the configured SMTP server; raises UserError with the server's reason."""
    if "@" not in to or any(c in to for c in "\r\n"):
        raise UserError(f"--email: '{to}' is not an e-mail address")
    message = build_message(sender=settings.smtp_from, to=to, subject=subject, text=text, html=html)
    context = ssl_context or ssl.create_default_context()
    where = f"SMTP server {settings.smtp_host}:{settings.smtp_port}"
    try:
        if settings.smtp_port == IMPLICIT_TLS_PORT:
            client: smtplib.SMTP = smtplib.SMTP_SSL(settings.smtp_host, settings.smtp_port,
                                                    timeout=SMTP_TIMEOUT_SECONDS, context=context)
        else:
            client = smtplib.SMTP(settings.smtp_host, settings.smtp_port, timeout=SMTP_TIMEOUT_SECONDS)
        with client:
            client.ehlo()
            if settings.smtp_tls and settings.smtp_port != IMPLICIT_TLS_PORT:
                client.starttls(context=context)
                client.ehlo()
            if settings.smtp_user:
                client.login(settings.smtp_user, settings.smtp_password)
            client.send_message(message)
    except smtplib.SMTPAuthenticationError as exc:
        raise UserError(f"{where} refused the login for '{settings.smtp_user}' ({exc.smtp_code})") from exc
    except smtplib.SMTPNotSupportedError as exc:
        raise UserError(f"{where} does not support {exc} (check HJM_SMTP_TLS and HJM_SMTP_PORT)") from exc
    except smtplib.SMTPException as exc:
        raise UserError(f"{where} did not accept the digest: {exc}") from exc
    except (OSError, ssl.SSLError) as exc:
        raise UserError(f"{where} is not reachable: {exc}") from exc


def webhook_body(text: str) -> bytes:
    """The chat-app-compatible JSON body (Slack, Mattermost, Rocket.Chat, Teams workflows): {"text": ...}."""
    if len(text) > WEBHOOK_MAX_CHARS:
        text = text[: WEBHOOK_MAX_CHARS - 40].rstrip() + "\n\n… (cut; see the full digest by e-mail)"
    return json.dumps({"text": text}, ensure_ascii=False).encode("utf-8")


def post_webhook(*, url: str, text: str) -> int:
    """POST the digest to a webhook URL; returns the HTTP status, raises UserError when refused."""
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        raise UserError(f"--webhook: '{url}' is not an http(s) URL")
    request = urllib.request.Request(
        url, data=webhook_body(text), method="POST",
        headers={"Content-Type": "application/json; charset=utf-8", "User-Agent": "hidden-job-market"},
    )
    try:
        with urllib.request.urlopen(request, timeout=WEBHOOK_TIMEOUT_SECONDS) as response:  # noqa: S310
            return response.status
    except urllib.error.HTTPError as exc:
        raise UserError(f"webhook {parts.netloc} answered {exc.code} {exc.reason}") from exc
    except (urllib.error.URLError, OSError) as exc:
        raise UserError(f"webhook {parts.netloc} is not reachable: {exc}") from exc
