"""`portfolio chart` on Slack: the words through the response URL, the picture uploaded
with files_upload_v2 (files.getUploadURLExternal, the upload, files.completeUploadExternal)
into the conversation where it was asked, under the files:write scope the manifest asks for."""

from __future__ import annotations

import yaml

from tests.governance.test_portfolio_chart import check_png
from tests.slack.test_manifest import MANIFEST


def _scopes() -> set[str]:
    manifest = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    return set(manifest["oauth_config"]["scopes"]["bot"])


async def test_the_chart_is_uploaded_where_it_was_asked(slack, mlgov):
    await slack.ask("new Churn Model", user="U0ALICE")
    answer = await slack.ask("portfolio chart", user="U0CAROL", channel="C0GENERAL")
    assert answer["response_type"] == "ephemeral"
    assert answer["text"].startswith("1 project by phase: idea 1"), answer["text"]
    (asked,) = await slack.fake.wait_for("files.getUploadURLExternal")
    (uploaded,) = await slack.fake.wait_for("upload")
    (shared,) = await slack.fake.wait_for("files.completeUploadExternal")
    png = slack.fake.uploads[uploaded.params["file_id"]]
    check_png(png)
    assert asked.params["filename"] == "portfolio-chart.png"
    assert int(asked.params["length"]) == len(png)
    assert asked.params["alt_txt"] == answer["text"]
    assert shared.params["channel_id"] == "C0GENERAL"
    assert shared.params["files"] == [{"id": uploaded.params["file_id"],
                                       "title": "Portfolio chart"}]  # fmt: skip
    assert "<@U0CAROL>" in shared.params["initial_comment"]
    # With the bot's token, and the scope both methods need is one the app asks for.
    assert asked.headers["Authorization"] == shared.headers["Authorization"] == "Bearer xoxb-test"
    assert "files:write" in _scopes()


async def test_in_a_direct_message_the_chart_comes_there(slack, mlgov):
    await slack.ask("portfolio chart", user="U0CAROL", channel="D0CAROL")
    (shared,) = await slack.fake.wait_for("files.completeUploadExternal")
    assert shared.params["channel_id"] == "D0CAROL"
    assert "initial_comment" not in shared.params


async def test_an_app_installed_without_files_write_says_so(slack, mlgov):
    slack.fake.errors["files.getUploadURLExternal"] = "missing_scope"
    answer = await slack.ask("portfolio chart", user="U0CAROL", channel="C0GENERAL")
    assert answer["text"].startswith("No projects yet")
    (note,) = await slack.fake.wait_for("chat.postMessage")
    assert "files:write" in note.params["text"] and "manifest" in note.params["text"]
    assert not slack.fake.of("files.completeUploadExternal")


async def test_a_channel_the_bot_is_not_in_gets_the_words_and_a_note(slack, mlgov):
    slack.fake.channel_errors["C0SECRET"] = "not_in_channel"
    answer = await slack.ask("portfolio chart", user="U0CAROL", channel="C0SECRET")
    assert answer["text"].startswith("No projects yet")
    (note,) = await slack.fake.wait_for("chat.postMessage")
    assert note.params["channel"] == "U0CAROL"
    assert "could not post the chart" in note.params["text"]
    assert "/invite @mlgov" in note.params["text"]
    await slack.ask("help", user="U0CAROL", channel="C0SECRET")  # answered once, not again
    assert len(slack.fake.of("response_url")) == 2
