"""`make curator`: a member of the curator group who can log into the admin and curate, not a superuser."""

import io
import os
import shlex
import subprocess
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

ROOT = Path(__file__).resolve().parent.parent
PASSWORD = "a-long-curator-passphrase"


def curator_command():
    """The manage.py command line `make curator` runs (make -n prints it without running anything).

    Run inside `make test`, the child make would inherit the parent's flags and print "Leaving directory".
    """
    env = {key: value for key, value in os.environ.items() if key not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}}
    command = ["make", "--no-print-directory", "-n", "curator"]
    lines = subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, check=True).stdout
    line = lines.strip().splitlines()[-1]
    words = shlex.split(line)
    assert words[1] == "manage.py", line
    return words[2:]


@pytest.fixture
def prompts(monkeypatch):
    """Answers to the command's prompts: the user name (input) and the password twice (getpass)."""
    answers = {"input": ["alice"], "getpass": [PASSWORD, PASSWORD]}
    monkeypatch.setattr("builtins.input", lambda prompt="": answers["input"].pop(0))
    monkeypatch.setattr("getpass.getpass", lambda prompt="": answers["getpass"].pop(0))
    return answers


def run_make_curator():
    name, *args = curator_command()
    call_command(name, *args, stdout=io.StringIO(), stderr=io.StringIO())


@pytest.mark.django_db
def test_make_curator_makes_a_group_member_who_curates_in_the_admin(client, django_user_model, prompts):
    run_make_curator()

    alice = django_user_model.objects.get(username="alice")
    assert alice.is_staff and not alice.is_superuser
    assert list(alice.groups.values_list("name", flat=True)) == ["curator"]
    assert client.login(username="alice", password=PASSWORD)
    assert client.get("/admin/papers/paper/add/").status_code == 200
    assert client.get("/admin/papers/importbatch/add/").status_code == 200
    assert client.get("/admin/auth/user/").status_code == 403  # people's accounts are an administrator's


@pytest.mark.django_db
def test_make_curator_again_changes_nothing_but_the_password(django_user_model, prompts):
    run_make_curator()
    permissions = set(Group.objects.get(name="curator").permissions.all())
    prompts.update(input=["alice"], getpass=[PASSWORD + "-2", PASSWORD + "-2"])
    run_make_curator()

    assert Group.objects.count() == 1 and set(Group.objects.get().permissions.all()) == permissions
    assert django_user_model.objects.get().check_password(PASSWORD + "-2")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("passwords", "message"),
    [(["123", "123"], "This password is too short"), ([PASSWORD, PASSWORD + "x"], "The passwords differ")],
)
def test_a_weak_or_mistyped_password_is_refused_and_creates_nobody(django_user_model, prompts, passwords, message):
    prompts["getpass"] = passwords
    with pytest.raises(CommandError, match=message):
        run_make_curator()
    assert not django_user_model.objects.exists()
