"""Names people really use: any script, shown as typed, with an ASCII slug that is unique;
renamed projects keep their slug and are still found by the names they had."""

from __future__ import annotations

import json

import pytest
from sqlmodel import select

from governance.replies import Tone
from governance.slugs import slugify
from governance.tables import EarlierName, Event
from tests.conftest import say, snapshot

NAMES = [
    ("Нейросеть для кредитов", "neiroset-dlia-kreditov"),
    ("需要予測モデル", "p-184e11"),
    ("Café Crème", "cafe-creme"),
    ("Straße der Daten", "strasse-der-daten"),
    ("Proyecto Ñandú", "proyecto-nandu"),
    ("Проект X", "proekt-x"),
    ("Data 项目", "data-f1a6df"),
    ("Ｆｕｌｌ Ｗｉｄｔｈ", "full-width"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "slug"), NAMES, ids=[n[1] for n in NAMES])
async def test_a_name_in_any_script_is_kept_as_typed_with_an_ascii_slug(mlgov, name, slug):
    reply = await say(mlgov, "alice", f"new {name}")
    assert reply.tone == Tone.OK, reply.text
    assert reply.text == f"Created {name} (`{slug}`) in idea."
    assert slug.isascii()
    for ref in (slug, name, name.lower(), name.upper()):
        status = await say(mlgov, "bob", f'status "{ref}"')
        assert status.tone == Tone.INFO, (ref, status.text)
        assert status.text.startswith(f"{name} is in idea"), status.text


def test_slugs_are_stable_and_case_blind():
    assert slugify("Нейросеть") == slugify("НЕЙРОСЕТЬ") == slugify("нейросеть")
    assert slugify("数据项目") == slugify("数据项目")
    assert slugify("🚀🚀") == ""


def test_cyrillic_and_greek_are_spelled_in_latin_letters():
    assert slugify("Нейросеть для Київа") == "neiroset-dlia-kiiva"
    assert slugify("Ελληνικά έργο") == "ellinika-ergo"


async def test_two_names_that_make_one_short_id_get_two_slugs(mlgov):
    # These two hash to the same six hex digits (found by search).
    assert slugify("数据一丁乡") == slugify("数据一下万") == "p-85e319"
    first = await say(mlgov, "alice", "new 数据一丁乡")
    second = await say(mlgov, "alice", "new 数据一下万")
    assert first.text == "Created 数据一丁乡 (`p-85e319`) in idea."
    assert second.text == "Created 数据一下万 (`p-85e319-2`) in idea."
    assert (await say(mlgov, "bob", 'status "数据一下万"')).text.startswith("数据一下万 is in")


@pytest.mark.parametrize("again", ["Café Crème", "cafe creme", "CAFE-CREME", "café  crème"])
async def test_the_same_name_again_is_refused(mlgov, engine, again):
    await say(mlgov, "alice", "new Café Crème")
    before = await snapshot(engine)
    reply = await say(mlgov, "alice", f"new {again}")
    assert reply.tone == Tone.ERROR
    assert reply.text == "There is already a project `cafe-creme` (Café Crème); pick another name."
    assert await snapshot(engine) == before


@pytest.fixture
async def churn(mlgov):
    await say(mlgov, "alice", "new Churn Model sponsor:@bob")


async def test_a_rename_keeps_the_slug_and_the_old_name_still_finds_it(mlgov, engine, churn):
    reply = await say(mlgov, "alice", 'edit churn-model name:"Retention Model"')
    assert reply.tone == Tone.OK, reply.text
    assert reply.text == (
        "Churn Model is now called Retention Model; its slug stays `churn-model` and the old "
        "name still finds it."
    )
    for ref in ("churn-model", "Retention Model", "retention model", "Churn Model", "churn model"):
        status = await say(mlgov, "bob", f'status "{ref}"')
        assert status.text.startswith("Retention Model is in idea"), (ref, status.text)
    history = await say(mlgov, "bob", "history churn-model")
    assert any("renamed Churn Model → Retention Model" in row.text for row in history.rows)
    async with mlgov.uow() as uow:
        (event,) = (
            await uow.session.exec(select(Event).where(Event.kind == "project.renamed"))
        ).all()
        assert json.loads(event.before) == {"name": "Churn Model"}
        assert json.loads(event.after) == {"name": "Retention Model"}
        (earlier,) = (await uow.session.exec(select(EarlierName))).all()
        assert (earlier.name, earlier.key) == ("Churn Model", "churn model")


async def test_renames_in_other_scripts_are_found_in_any_case(mlgov, churn):
    await say(mlgov, "alice", 'edit churn-model name:"Отток клиентов"')
    await say(mlgov, "alice", 'edit churn-model name:"Удержание"')
    for ref in ("удержание", "УДЕРЖАНИЕ", "отток клиентов", "ОТТОК КЛИЕНТОВ", "churn model"):
        status = await say(mlgov, "bob", f'status "{ref}"')
        assert status.text.startswith("Удержание is in idea"), (ref, status.text)


async def test_a_rename_with_other_edits_says_both(mlgov, churn):
    reply = await say(mlgov, "alice", 'edit churn-model name:"Retention" risk:low')
    assert reply.text == (
        "Churn Model is now called Retention; its slug stays `churn-model` and the old name "
        "still finds it. Retention: risk low."
    )


RENAMES_REFUSED = [
    ('edit churn-model name:"Fraud Scoring"', "There is already a project `fraud-scoring` (Fraud Scoring)"),
    ('edit churn-model name:"fraud-scoring"', "There is already a project `fraud-scoring` (Fraud Scoring)"),
    ('edit churn-model name:"🚀"', "needs at least one letter or digit"),
    ('edit churn-model name:"' + "n" * 121 + '"', "at most 120 characters"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("line", "expected"), RENAMES_REFUSED, ids=[r[1][:30] for r in RENAMES_REFUSED]
)
async def test_a_rename_that_would_clash_is_refused(mlgov, engine, churn, line, expected):
    await say(mlgov, "alice", "new Fraud Scoring")
    before = await snapshot(engine)
    reply = await say(mlgov, "alice", line)
    assert reply.tone == Tone.ERROR
    assert expected in reply.text
    assert await snapshot(engine) == before


async def test_only_the_owner_renames(mlgov, engine, churn):
    before = await snapshot(engine)
    reply = await say(mlgov, "bob", 'edit churn-model name:"Mine"')
    assert reply.tone == Tone.ERROR and "Only the owner" in reply.text
    assert await snapshot(engine) == before


async def test_an_old_name_is_not_given_to_a_new_project(mlgov, churn):
    await say(mlgov, "alice", 'edit churn-model name:"Retention"')
    reply = await say(mlgov, "alice", "new Churn Model")
    assert reply.text == "There is already a project `churn-model` (Retention); pick another name."


async def test_a_current_name_wins_over_an_earlier_one(mlgov, churn):
    await say(mlgov, "alice", 'edit churn-model name:"Retention"')
    await say(mlgov, "alice", 'edit churn-model name:"Loyalty"')
    # "Retention" was given up (and made no slug): a new project may take it.
    created = await say(mlgov, "alice", "new Retention")
    assert created.text == "Created Retention (`retention`) in idea."
    assert (await say(mlgov, "bob", "status retention")).text.startswith("Retention is in")
    assert (await say(mlgov, "bob", 'status "churn model"')).text.startswith("Loyalty is in")


async def test_a_name_whose_slug_another_project_holds_is_refused(mlgov, churn):
    await say(mlgov, "alice", "new Upsell")
    await say(mlgov, "alice", 'edit upsell name:"Next Best Offer"')
    reply = await say(mlgov, "alice", 'edit churn-model name:"Upsell"')
    assert reply.text == "There is already a project `upsell` (Next Best Offer); pick another name."
