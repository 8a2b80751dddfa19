"""Forged, mis-signed and stale requests get 401 and change nothing, whatever their body
holds (the signature is checked before the body is read, and a refused body is never
logged); retries run once."""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import logging
import time
from urllib.parse import urlencode

import pytest

from tests.conftest import say, snapshot
from tests.slack.conftest import SECRET, payload


def answered(slack) -> list[str]:  # noqa: ANN001
    """Every Web API call but the start-up auth.test."""
    return [c.method for c in slack.fake.calls if c.method != "auth.test"]


@pytest.fixture
async def quiet(slack, mlgov, engine):
    await say(mlgov, "alice", "new Churn Model")
    return await snapshot(engine)


def _command_form(slack, text: str) -> str:
    form = payload("slash_command")
    form.update(text=text, response_url=slack.response_url())
    return urlencode(form)


@pytest.mark.parametrize(
    "tamper",
    [
        {"secret": "not-the-secret"},  # a wrong secret
        {"age": 6 * 60},  # a timestamp older than five minutes
    ],
)
async def test_bad_signatures_are_refused(slack, engine, quiet, tamper):
    body = _command_form(slack, "abandon churn-model reason:forged")
    response = await slack.post(body, "application/x-www-form-urlencoded", **tamper)
    assert response.status == 401
    await asyncio.sleep(0)  # let any (wrongly) started work run before looking
    assert answered(slack) == []
    assert await snapshot(engine) == quiet


async def test_a_forged_signature_is_refused(slack, engine, quiet):
    body = _command_form(slack, "abandon churn-model reason:forged")
    headers = slack.signed_headers(body, "application/x-www-form-urlencoded")
    headers["X-Slack-Signature"] = "v0=" + "0" * 64
    response = await slack.post(body, "application/x-www-form-urlencoded", headers=headers)
    assert response.status == 401
    # The body altered after signing is a forgery too.
    headers = slack.signed_headers(body, "application/x-www-form-urlencoded")
    altered = body.replace("forged", "altered")
    response = await slack.post(altered, "application/x-www-form-urlencoded", headers=headers)
    assert response.status == 401
    assert answered(slack) == []
    assert await snapshot(engine) == quiet


async def test_a_retried_event_is_processed_once(slack, mlgov):
    await say(mlgov, "alice", "new Churn Model")
    event = payload("app_mention")
    event["event"]["text"] = "<@U0BOT> checkin churn-model on-track"
    first = await slack.event(event)
    retry = await slack.event(
        event, extra={"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
    )
    assert first.status == retry.status == 200
    posts = await slack.fake.wait_for("chat.postEphemeral", 1)
    await asyncio.sleep(0.2)  # a second (wrong) answer would arrive by now
    assert len(slack.fake.of("chat.postMessage")) + len(slack.fake.of("chat.postEphemeral")) == 1
    # Alice on Slack is not a member yet: the refusal goes to her alone.
    assert posts[0].params["user"] == "U0ALICE"
    assert posts[0].params["text"] == "Only members of churn-model can check in."


async def test_url_verification_challenge(slack):
    body = {"token": "x", "challenge": "3eZbrw1aBm2rZgRNFdxV2595E9CY3gmdALWMmHkvFXO7tYXAYM8P",
            "type": "url_verification"}  # fmt: skip
    async with slack.session.post(
        f"{slack.url}/slack/events",
        data=json.dumps(body).encode(),
        headers=slack.signed_headers(json.dumps(body), "application/json"),
    ) as response:
        assert response.status == 200
        assert (await response.json()) == {"challenge": body["challenge"]}


MARKER = "BODY-OF-A-REFUSED-REQUEST"
FORM = "application/x-www-form-urlencoded"
MALFORMED = [
    ("{" + MARKER, "application/json"),
    (f'["{MARKER}", 2]', "application/json"),
    (f'{{"type": "event_callback", "event": "{MARKER}"}}', "application/json"),
    (f"payload=notjson-{MARKER}", FORM),
    (f"payload=%5B%22{MARKER}%22%5D", FORM),
    (f'payload={{"type": "block_actions", "actions": "{MARKER}"}}', FORM),
]


@pytest.mark.parametrize(("body", "content_type"), MALFORMED)
async def test_a_malformed_body_is_refused_by_its_signature_before_it_is_read(
    slack, engine, quiet, caplog, body, content_type
):
    caplog.set_level(logging.DEBUG)
    unsigned = await slack.post(body, content_type, headers={"Content-Type": content_type})
    forged = await slack.post(body, content_type, secret="not-the-secret")
    stale = await slack.post(body, content_type, age=6 * 60)
    nonsense = slack.signed_headers(body, content_type)
    nonsense["X-Slack-Request-Timestamp"] = "soon"
    garbled = await slack.post(body, content_type, headers=nonsense)
    assert [unsigned.status, forged.status, stale.status, garbled.status] == [401] * 4
    signed = await slack.post(body, content_type)
    assert signed.status == 400  # Slack's own request, but nothing in it to run
    await asyncio.sleep(0.1)  # let any (wrongly) started work run before looking
    assert answered(slack) == []
    assert await snapshot(engine) == quiet
    assert not [r for r in caplog.records if MARKER in r.getMessage()]


async def test_invalid_utf8_is_refused(slack, engine, quiet):
    raw = b'{"text": "\xff\xfe"}'
    async with slack.session.post(f"{slack.url}/slack/events", data=raw,
                                  headers={"Content-Type": "application/json"}) as response:  # fmt: skip
        assert response.status == 401
    timestamp = str(int(time.time()))
    digest = hmac.new(SECRET.encode(), b"v0:" + timestamp.encode() + b":" + raw, hashlib.sha256)
    headers = {"Content-Type": "application/json", "X-Slack-Request-Timestamp": timestamp,
               "X-Slack-Signature": f"v0={digest.hexdigest()}"}  # fmt: skip
    async with slack.session.post(f"{slack.url}/slack/events", data=raw,
                                  headers=headers) as response:  # fmt: skip
        assert response.status == 400
    assert answered(slack) == []
    assert await snapshot(engine) == quiet


async def test_slacks_certificate_check_is_answered(slack):
    form = "ssl_check=1&token=x"
    response = await slack.post(form, "application/x-www-form-urlencoded",
                                headers={"Content-Type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert response.status == 200
    assert answered(slack) == []


async def test_the_body_of_a_refused_request_is_never_logged(slack, caplog):
    caplog.set_level(logging.DEBUG)
    body = _command_form(slack, f"abandon churn-model reason:{MARKER}\\nforged log line")
    response = await slack.post(body, FORM, secret="not-the-secret")
    assert response.status == 401
    assert not [r for r in caplog.records if MARKER in r.getMessage()]
