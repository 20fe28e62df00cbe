"""Bad and hostile input: upload limits, no open redirects, hostile text shown inert (login limit: test_login_limit)."""

import io

import pytest
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms import modelform_factory
from PIL import Image

from curation.uploads import validate_bibtex_file
from researchers.models import Researcher
from researchers.validators import validate_photo
from tests.factories import ResearcherFactory

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture(autouse=True)
def _empty_cache_and_fast_hashing(settings):
    cache.clear()
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # many logins in these tests


def image_bytes(image_format):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, image_format)
    return buffer.getvalue()


def photo_form(name, content):
    form_class = modelform_factory(Researcher, fields=["name", "photo"])
    return form_class(data={"name": "Ada"}, files={"photo": SimpleUploadedFile(name, content)})


@pytest.mark.parametrize("name,image_format", [("me.jpg", "JPEG"), ("me.PNG", "PNG"), ("me.webp", "WEBP")])
def test_a_photo_within_the_limits_is_accepted(db, name, image_format, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    form = photo_form(name, image_bytes(image_format))
    assert form.is_valid(), form.errors
    assert form.save().photo.name.startswith("photos/")


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("big.png", None, "the limit is 1.0\xa0KB"),
        ("face.svg", b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "valid image"),
        ("fake.png", b"GIF89a not really an image", "valid image"),
        ("gif-named.jpg", None, "does not match its name"),
    ],
)
def test_a_bad_photo_is_refused_with_a_message_and_nothing_saved(db, settings, name, content, message):
    settings.PUBDB_MAX_PHOTO_BYTES = 1024
    if content is None:
        content = image_bytes("GIF") if name.endswith(".jpg") else image_bytes("PNG") + b"\0" * 2048
    form = photo_form(name, content)
    assert not form.is_valid()
    assert message in " ".join(form.errors["photo"])
    assert not Researcher.objects.exists()


def test_the_photo_validator_itself_refuses_svg_and_non_images(settings):
    with pytest.raises(ValidationError, match="must be a .jpg"):
        validate_photo(SimpleUploadedFile("face.svg", b"<svg></svg>"))
    with pytest.raises(ValidationError, match="not a readable image"):
        validate_photo(SimpleUploadedFile("fake.png", b"GIF89a not really an image"))


def test_a_bibtex_file_within_the_limits_is_accepted():
    validate_bibtex_file(SimpleUploadedFile("refs.bib", "@article{k, title={Über}}".encode()))


@pytest.mark.parametrize(
    "name,content,message",
    [
        ("refs.bib", b"@misc{k}" + b" " * 2000, "the limit is 1.0\xa0KB"),
        ("refs.pdf", b"%PDF-1.7 @", "must be a .bib, .bibtex, .txt file"),
        ("refs.bib", "@misc{k, title={Über}}".encode("latin-1"), "not UTF-8 text (byte 16)"),
        ("refs.bib", b"@misc{k}\x00\x01", "binary data"),
        ("refs.txt", b"just some notes", "no entries"),
    ],
)
def test_a_bad_bibtex_file_is_refused_with_a_message(settings, name, content, message):
    settings.PUBDB_MAX_BIBTEX_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        validate_bibtex_file(SimpleUploadedFile(name, content))
    assert message in error.value.messages[0]


@pytest.mark.parametrize(
    "target", ["https://evil.example/", "//evil.example/", "/\\evil.example/", "http:evil.example"]
)
def test_login_never_redirects_off_site(client, django_user_model, target):
    django_user_model.objects.create_superuser("curator", "c@example.org", "right-password-123")
    response = client.post(
        f"/admin/login/?next={target}", {"username": "curator", "password": "right-password-123", "next": target}
    )
    assert response.status_code == 302
    assert response["Location"] == "/admin/", "the default landing page, never the given one"


def test_hostile_names_and_titles_are_inert_in_the_admin(staff_client):
    researcher = ResearcherFactory(name=HOSTILE, bio=HOSTILE, headline=HOSTILE)
    for url in ["/admin/researchers/researcher/", f"/admin/researchers/researcher/{researcher.pk}/change/"]:
        page = staff_client.get(url).text
        assert "<script>alert" not in page and "<img src=x" not in page
        assert "&lt;script&gt;" in page
