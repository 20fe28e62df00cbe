"""Slugs: one ASCII form of a name in any script, numbered for homonyms, the same from every door."""

import io

import pytest
from django.core.management import call_command

from papers.models import Topic, Venue
from researchers.models import Researcher
from tests.factories import ResearcherFactory, VenueFactory

pytestmark = pytest.mark.django_db

ADD_VENUE = "/admin/papers/venue/add/"
ADD_TOPIC = "/admin/papers/topic/add/"


def venue_form(**fields):
    return {"acronym": "", "slug": "", "name": "", "kind": "conference", "publisher": "", "url": "", **fields}


def test_admin_adding_a_venue_with_a_taken_acronym_and_no_slug_numbers_it(staff_client):
    VenueFactory(acronym="ACL", slug="acl")

    response = staff_client.post(ADD_VENUE, venue_form(acronym="ACL", name="Another ACL"))

    assert response.status_code == 302
    assert Venue.objects.get(name="Another ACL").slug == "acl-2"


def test_admin_adding_a_venue_with_a_taken_slug_is_a_form_error(staff_client):
    VenueFactory(acronym="ACL", slug="acl")

    response = staff_client.post(ADD_VENUE, venue_form(acronym="ACL", slug="acl", name="Another ACL"))

    assert response.status_code == 200
    assert "slug" in response.context["adminform"].form.errors
    assert Venue.objects.count() == 1


def test_admin_saves_two_chinese_topics_with_pinyin_slugs(staff_client):
    for name in ("深度学习", "机器学习"):
        assert staff_client.post(ADD_TOPIC, {"name": name, "slug": "", "description": ""}).status_code == 302

    assert dict(Topic.objects.values_list("name", "slug")) == {"深度学习": "shen-du-xue-xi", "机器学习": "ji-qi-xue-xi"}


def test_a_topic_added_through_the_api_is_reachable_by_its_slug(curator_client):
    created = curator_client.post("/api/v1/topics/", {"name": "深度学习"}, content_type="application/json")

    assert (created.status_code, created.json()["slug"]) == (201, "shen-du-xue-xi")
    assert curator_client.get("/api/v1/topics/shen-du-xue-xi/").json()["name"] == "深度学习"


def test_a_second_chinese_topic_is_not_refused_by_the_api(curator_client):
    Topic.objects.create(name="深度学习")

    response = curator_client.post("/api/v1/topics/", {"name": "强化学习"}, content_type="application/json")

    assert (response.status_code, response.json()["slug"]) == (201, "qiang-hua-xue-xi")


def test_latin_names_are_transliterated_not_stripped():
    assert Researcher.objects.create(name="Jan Łukasiewicz").slug == "jan-lukasiewicz"
    assert Researcher.objects.create(name="Ærøskøbing Müller").slug == "aeroskobing-muller"


def test_a_chinese_name_gets_its_pinyin_and_a_latin_name_wins_over_the_native_one():
    assert Researcher.objects.create(name="汪泽堃").slug == "wang-ze-kun"
    assert Researcher.objects.create(name="张辰").slug == "zhang-chen"
    assert Researcher.objects.create(name="Chen Zhang", native_name="张辰").slug == "chen-zhang"
    # A name with nothing to spell falls back to the native name, then to the model's name.
    assert Researcher.objects.create(name="?", native_name="张辰").slug == "zhang-chen-2"
    assert Researcher.objects.create(name="?").slug == "researcher"


def test_homonyms_are_numbered_dblp_style_from_one_query(django_assert_num_queries):
    assert [Researcher.objects.create(name="Chen Zhang").slug for _ in range(3)] == [
        "chen-zhang",
        "chen-zhang-2",
        "chen-zhang-3",
    ]
    ResearcherFactory(name="Chen Zhang Jr", slug="chen-zhang-jr")  # another base, not a number
    Researcher.objects.filter(slug="chen-zhang-2").delete()

    # The slugs in use, the row, its history row.
    with django_assert_num_queries(3):
        again = Researcher.objects.create(name="Chen Zhang")
    assert again.slug == "chen-zhang-2"  # the first free number
    assert Researcher.objects.create(name="Chen Zhang").slug == "chen-zhang-4"


def test_an_existing_slug_is_kept_when_the_name_changes():
    person = Researcher.objects.create(name="Chen Zhang")
    person.name = "Zhang Chen"
    person.save()
    person.refresh_from_db()
    assert person.slug == "chen-zhang"


def test_the_importer_makes_the_slugs_the_models_make(tmp_path):
    path = tmp_path / "refs.bib"
    path.write_text(
        "@article{a, title = {T}, author = {Łukasiewicz, Jan and 王小明}, journal = {中文信息学报}, year = 2024}",
        encoding="utf-8",
    )
    call_command("import_bibtex", str(path), stdout=io.StringIO(), stderr=io.StringIO())

    assert set(Researcher.objects.values_list("slug", flat=True)) == {"jan-lukasiewicz", "wang-xiao-ming"}
    assert Venue.objects.get().slug == "zhong-wen-xin-xi-xue-bao"
    # The same names through the models: the same slugs, numbered as homonyms.
    assert Researcher.objects.create(name="Jan Łukasiewicz").slug == "jan-lukasiewicz-2"
    assert Venue.objects.create(acronym="中文信息学报").slug == "zhong-wen-xin-xi-xue-bao-2"


def test_a_long_name_leaves_room_for_the_number():
    first = Venue.objects.create(acronym="深" * 80)
    second = Venue.objects.create(acronym="深" * 80)
    assert second.slug == f"{first.slug}-2"
    second.full_clean()
