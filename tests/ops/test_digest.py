"""The digest: what it gathers, how it renders (untrusted text escaped), and how it is delivered."""

from __future__ import annotations

import email
import json
from datetime import timedelta
from email.message import Message
from pathlib import Path

import pytest
from sqlmodel import Session
from typer.testing import CliRunner

from tests.ops.digest_seed import HOSTILE, NOW, seed
from tracker.cli import app
from tracker.config import load_settings
from tracker.digest import build_digest
from tracker.digest_render import md_escape, render_html, render_markdown, safe_url
from tracker.errors import UserError
from tracker.notify import WEBHOOK_MAX_CHARS, post_webhook, send_email, webhook_body

runner = CliRunner()
WEEK = NOW - timedelta(days=7)


@pytest.mark.parametrize(("text", "expected"), [
    ("plain words", "plain words"),
    ("[x](http://a.test)", r"\[x\]\(http://a.test\)"),
    ("<b>hi</b>", r"\<b\>hi\</b\>"),
    ("**bold** _it_ `code`", r"\*\*bold\*\* \_it\_ \`code\`"),
    ("line\nbreak\ttab", "line break tab"),
    ("# heading | pipe", r"\# heading \| pipe"),
    (None, ""),
])
def test_md_escape(text: str | None, expected: str) -> None:
    assert md_escape(text) == expected


@pytest.mark.parametrize(("url", "expected"), [
    ("https://news.example/a", "https://news.example/a"),
    ("https://news.example/q?(funding) x", "https://news.example/q?%28funding%29%20x"),
    ('http://a.test/"><script>', "http://a.test/%22%3E%3Cscript%3E"),
    ("javascript:alert(1)", None),
    ("data:text/html,hi", None),
    ("ftp://files.example/x", None),
    ("", None),
    (None, None),
])
def test_safe_url(url: str | None, expected: str | None) -> None:
    assert safe_url(url) == expected


def test_digest_groups_the_periods_signals_with_people_followups_and_job_changes(db_url: str) -> None:
    with Session(_engine(db_url)) as session:
        world = seed(session)
        digest = build_digest(session=session, since=WEEK, now=NOW)
    by_name = {c.name: c for c in digest.companies}
    assert set(by_name) == {"Quillon Geospatial", "Marrowby Mapping", "Tessaly Survey Works"}
    assert [s.kind for s in by_name["Quillon Geospatial"].signals] == ["expansion", "funding"]  # newest first
    assert [s.kind for s in by_name["Marrowby Mapping"].signals] == ["layoffs"]  # the wrong one is gone
    assert [s.kind for s in by_name["Tessaly Survey Works"].signals] == ["contract_win"]  # the correction
    assert digest.signal_count == 4
    assert [c.heat for c in digest.companies] == sorted((c.heat for c in digest.companies), reverse=True)
    people = {p.name: p for p in by_name["Quillon Geospatial"].people}
    assert set(people) == {"Ada Vexley", "Bram Oakhurst"}
    assert all(p.suggested_ask and p.reasons for p in people.values())
    assert people["Ada Vexley"].relation == "current" and people["Bram Oakhurst"].relation == "former"
    assert [(c.contact, c.company, c.joined) for c in digest.job_changes] == [
        ("Cleo Parnassus", "Marrowby Mapping", True)]
    assert [(f["contact_id"], f["company"]) for f in digest.followups] == [(world.ada, "Quillon Geospatial")]
    assert "3 job change" not in digest.subject() and "1 job change" in digest.subject()
    assert digest.subject().startswith("Hidden job market digest since 2026-03-03: 4 new signals at 3 companies")


def test_a_period_without_news_says_so(db_url: str) -> None:
    with Session(_engine(db_url)) as session:
        seed(session)
        # before any seeded signal was detected and before the follow-up falls due
        digest = build_digest(session=session, since=NOW - timedelta(days=40), now=NOW - timedelta(days=30))
    assert digest.is_empty and digest.signal_count == 0
    assert "Nothing new in this period." in render_markdown(digest)
    assert "<p>Nothing new in this period.</p>" in render_html(digest)


def test_markdown_shows_everything_and_keeps_crawled_text_inert(db_url: str) -> None:
    with Session(_engine(db_url)) as session:
        seed(session)
        md = render_markdown(build_digest(session=session, since=WEEK, now=NOW))
    assert "## Quillon Geospatial (heat " in md
    assert "Who to ask:" in md and "**Ada Vexley** (Head of GIS, current)" in md
    assert "## Job changes in your network" in md and "Cleo Parnassus joined **Marrowby Mapping**" in md
    assert "## Follow-ups due" in md and "Thank Ada for the intro \\<b\\>" in md
    assert "**Ada Vexley** about Quillon Geospatial, due 2026-03-09 (1 day overdue)" in md
    assert "([source](https://news.example/q?%28funding%29%20x))" in md
    assert "javascript:" not in md.replace("javascript:alert\\(1\\)", "")  # only as escaped text
    assert "[click me](" not in md and "<script>" not in md and "![img](" not in md
    assert md_escape(HOSTILE)[:60] in md


def test_html_escapes_every_untrusted_value(db_url: str) -> None:
    with Session(_engine(db_url)) as session:
        seed(session)
        page = render_html(build_digest(session=session, since=WEEK, now=NOW))
    assert page.startswith("<!DOCTYPE html>")
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert 'href="javascript:' not in page and "javascript:alert(2)" not in page
    assert 'href="https://news.example/q?%28funding%29%20x"' in page
    assert "Thank Ada for the intro &lt;b&gt;" in page
    assert "<h2>Job changes in your network</h2>" in page and "<h2>Follow-ups due</h2>" in page


def _engine(url: str):  # noqa: ANN202
    from tracker.db import get_engine

    return get_engine(url)


# --- delivery ------------------------------------------------------------------------------------


def _parts(raw: bytes) -> dict[str, str]:
    message: Message = email.message_from_bytes(raw)
    return {part.get_content_type(): part.get_payload(decode=True).decode("utf-8").replace("\r\n", "\n")
            for part in message.walk() if not part.is_multipart()}


def test_email_reaches_a_real_smtp_server(smtp_server) -> None:  # noqa: ANN001
    host, port, inbox = smtp_server
    settings = load_settings(smtp_host=host, smtp_port=port, smtp_from="digest@hjm.example")
    send_email(settings=settings, to="jo@user.example", subject="Digest ünï", text="# Hi\n", html="<p>Hi</p>")
    assert len(inbox.messages) == 1
    sender, rcpts, raw = inbox.messages[0]
    assert (sender, rcpts) == ("digest@hjm.example", ["jo@user.example"])
    message = email.message_from_bytes(raw)
    assert str(email.header.make_header(email.header.decode_header(message["Subject"]))) == "Digest ünï"
    assert _parts(raw) == {"text/plain": "# Hi\n", "text/html": "<p>Hi</p>\n"}


def test_email_over_starttls_with_login(tmp_path: Path) -> None:
    import ssl

    from aiosmtpd.controller import Controller
    from aiosmtpd.smtp import AuthResult

    from tests.ops.conftest import Inbox, free_port
    from tests.ops.tls import self_signed

    cert, key = self_signed(tmp_path, "127.0.0.1")
    server_ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    server_ctx.load_cert_chain(cert, key)
    inbox = Inbox()

    def check(server, session, envelope, mechanism, auth_data):  # noqa: ANN001, ANN202
        ok = auth_data.login == b"jo" and auth_data.password == b"s3cret"
        return AuthResult(success=ok, handled=False)

    controller = Controller(inbox, hostname="127.0.0.1", port=free_port(), tls_context=server_ctx,
                            require_starttls=True, authenticator=check, auth_require_tls=True)
    controller.start()
    try:
        client_ctx = ssl.create_default_context(cafile=str(cert))
        settings = load_settings(smtp_host="127.0.0.1", smtp_port=controller.port, smtp_tls=True, smtp_user="jo",
                                 smtp_password="s3cret")
        send_email(settings=settings, to="jo@user.example", subject="s", text="t", ssl_context=client_ctx)
        assert len(inbox.messages) == 1
        bad = load_settings(smtp_host="127.0.0.1", smtp_port=controller.port, smtp_tls=True, smtp_user="jo",
                            smtp_password="wrong")
        with pytest.raises(UserError, match="refused the login for 'jo'"):
            send_email(settings=bad, to="jo@user.example", subject="s", text="t", ssl_context=client_ctx)
        plain = load_settings(smtp_host="127.0.0.1", smtp_port=controller.port, smtp_tls=False)
        with pytest.raises(UserError, match="did not accept the digest"):
            send_email(settings=plain, to="jo@user.example", subject="s", text="t")
    finally:
        controller.stop()
    assert len(inbox.messages) == 1


@pytest.mark.parametrize("to", ["not-an-address", "a@b.example\r\nBcc: x@evil.test"])
def test_bad_recipient_is_refused_before_connecting(to: str) -> None:
    with pytest.raises(UserError, match="is not an e-mail address"):
        send_email(settings=load_settings(smtp_port=1), to=to, subject="s", text="t")


def test_unreachable_smtp_server_is_a_clear_error() -> None:
    from tests.ops.conftest import free_port

    port = free_port()
    with pytest.raises(UserError, match=f"SMTP server 127.0.0.1:{port} is not reachable"):
        send_email(settings=load_settings(smtp_host="127.0.0.1", smtp_port=port), to="a@b.example", subject="s",
                   text="t")


def test_webhook_gets_a_chat_compatible_json_body(webhook_server) -> None:  # noqa: ANN001
    url, received, _ = webhook_server
    assert post_webhook(url=url, text="# Digest\n- one") == 200
    assert received == [{"path": "/hooks/digest", "content_type": "application/json; charset=utf-8",
                         "json": {"text": "# Digest\n- one"}}]


def test_webhook_error_status_is_reported(webhook_server) -> None:  # noqa: ANN001
    url, _, handler = webhook_server
    handler.status = 403
    with pytest.raises(UserError, match="webhook 127.0.0.1:.* answered 403"):
        post_webhook(url=url, text="x")


@pytest.mark.parametrize("url", ["file:///etc/passwd", "hooks.example/x", "ftp://hooks.example/x"])
def test_webhook_only_posts_to_http_urls(url: str) -> None:
    with pytest.raises(UserError, match="is not an http\\(s\\) URL"):
        post_webhook(url=url, text="x")


def test_long_digests_are_cut_for_chat_apps() -> None:
    body = json.loads(webhook_body("x" * (WEBHOOK_MAX_CHARS * 2)))
    assert len(body["text"]) <= WEBHOOK_MAX_CHARS and body["text"].endswith("(cut; see the full digest by e-mail)")


# --- CLI -----------------------------------------------------------------------------------------


def test_cli_digest_writes_html_and_sends_mail_and_webhook(cli_db: str, smtp_server, webhook_server,  # noqa: ANN001
                                                           monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    host, port, inbox = smtp_server
    url, received, _ = webhook_server
    with Session(_engine(cli_db)) as session:
        seed(session)
    monkeypatch.setenv("HJM_SMTP_HOST", host)
    monkeypatch.setenv("HJM_SMTP_PORT", str(port))
    out = tmp_path / "digest.html"
    # The seeded news is from March 2026: a --since date keeps the test independent of today's date.
    result = runner.invoke(app, ["digest", "--since", "2026-03-03", "--format", "html", "--out", str(out),
                                 "--email", "jo@user.example", "--webhook", url, "--db", cli_db])
    assert result.exit_code == 0, result.output
    assert "Quillon Geospatial" in out.read_text(encoding="utf-8")
    assert len(inbox.messages) == 1 and "Quillon Geospatial" in _parts(inbox.messages[0][2])["text/html"]
    assert len(received) == 1 and "## Quillon Geospatial" in received[0]["json"]["text"]


def test_cli_digest_prints_markdown(cli_db: str) -> None:
    with Session(_engine(cli_db)) as session:
        seed(session)
    result = runner.invoke(app, ["digest", "--since", "2026-03-03", "--db", cli_db])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("# Hidden job market digest, 2026-03-03 to ")


@pytest.mark.parametrize(("args", "message"), [
    (["--format", "pdf"], "--format: 'pdf' is not md or html"),
    (["--since", "last tuesday"], "--since: 'last tuesday' is not a period"),
])
def test_cli_digest_bad_options(cli_db: str, args: list[str], message: str) -> None:
    result = runner.invoke(app, ["digest", *args, "--db", cli_db])
    assert result.exit_code != 0
    assert message in str(result.exception)
