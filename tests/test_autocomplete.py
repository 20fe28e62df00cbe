import pytest
from django.db import connection

from researchers.models import Alias
from tests.factories import ResearcherFactory

pytestmark = pytest.mark.django_db
URL = "/autocomplete/researchers/"
# PostgreSQL: 1 the best matches by name, native name and alias (one UNION ALL), 2 those people.
# Other databases: 1 the matching people.
QUERIES = 2 if connection.vendor == "postgresql" else 1


def test_it_suggests_people_by_name_native_name_and_alias(client):
    wang = ResearcherFactory(name="Zekun Wang", native_name="欧阳泽堃")
    qin = ResearcherFactory(name="Bing Qin")
    Alias.objects.create(researcher=qin, name="Bin Qin")

    assert client.get(URL, {"q": "Zekun Wang"}).json()["results"][0] == {
        "name": "Zekun Wang",
        "native_name": "欧阳泽堃",
        "slug": wang.slug,
        "url": f"/researchers/{wang.slug}/",
    }
    assert [r["slug"] for r in client.get(URL, {"q": "阳泽堃"}).json()["results"]] == [wang.slug]
    assert [r["slug"] for r in client.get(URL, {"q": "Bin Qin"}).json()["results"]] == [qin.slug]


def test_a_renamed_person_is_suggested_under_the_new_name_at_once(client):
    person = ResearcherFactory(name="Old Name")
    person.name = "Fresh Name"
    person.save()

    assert [r["name"] for r in client.get(URL, {"q": "Fresh"}).json()["results"]] == ["Fresh Name"]


def test_an_empty_query_is_a_400_naming_the_parameter(client):
    for params in ({}, {"q": "   "}):
        response = client.get(URL, params)
        assert response.status_code == 400
        assert "q" in response.json()


def test_it_answers_in_fixed_queries_with_at_most_ten_suggestions(client, django_assert_num_queries):
    for n in range(5):
        ResearcherFactory(name=f"Chen Zhang {n}")
    with django_assert_num_queries(QUERIES):
        assert len(client.get(URL, {"q": "Chen Zhang"}).json()["results"]) == 5

    for n in range(5, 40):
        Alias.objects.create(researcher=ResearcherFactory(name=f"Chen Zhang {n}"), name=f"C. Zhang {n}")
    with django_assert_num_queries(QUERIES):
        assert len(client.get(URL, {"q": "Chen Zhang"}).json()["results"]) == 10
