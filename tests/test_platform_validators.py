"""The platforms' own validators run here and catch what they should: a test that could
not fail would prove nothing about the payloads checked with them."""

from __future__ import annotations

from tests.platforms import problems


def test_the_validators_accept_a_good_payload_and_name_what_is_wrong_in_a_bad_one():
    section = {"type": "section", "text": {"type": "mrkdwn", "text": "x"}}
    found = problems(
        slack={
            "good": ("message", {"text": "hi", "blocks": [section]}),
            "misspelt": ("message", {"text": "hi", "blocks": [{"type": "section", "txt": "x"}]}),
        },
        cards={
            "good": {"type": "AdaptiveCard", "version": "1.5", "body": [{"type": "TextBlock",
                     "text": "hi"}]},
            "twice": {"type": "AdaptiveCard", "version": "1.5", "body": [
                {"type": "Input.Text", "id": "note"}, {"type": "Input.Text", "id": "note"}]},
        },
    )  # fmt: skip
    assert found["slack"]["good"] == [] and found["cards"]["good"] == []
    assert "'\"txt\"' does not exist in type 'SectionBlock'" in found["slack"]["misspelt"][0]
    assert found["cards"]["twice"] == ['Duplicate Id "note".']
