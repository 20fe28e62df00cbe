import getpass

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from rest_framework.authtoken.models import Token

from api.curators import curator_group


class Command(BaseCommand):
    help = (
        "Create (or reuse) a staff user in the curator group (not a superuser) and print their API token. "
        "`make curator` runs it with --password, asking for the name and the password."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="?", help="Asked for when left out.")
        parser.add_argument("--email", default="")
        parser.add_argument("--password", action="store_true", help="Ask for an admin password (twice).")

    @transaction.atomic
    def handle(self, *args, username, email, password, **options):
        username = (username or input("Username: ")).strip()
        if not username:
            raise CommandError("Give a user name.")
        User = get_user_model()
        user = User.objects.filter(username=username).first() or User(username=username, email=email)
        created = user.pk is None
        if password:
            user.set_password(self.ask_password(user))
        elif created:
            user.set_unusable_password()  # a password for the admin later: `manage.py changepassword USERNAME`
        user.is_staff = True
        user.save()
        user.groups.add(curator_group())
        token, _ = Token.objects.get_or_create(user=user)
        self.stderr.write(f"{'Created' if created else 'Updated'} curator {username}; API token:")
        self.stdout.write(token.key)

    def ask_password(self, user):
        first = getpass.getpass("Password: ")
        if getpass.getpass("Password (again): ") != first:
            raise CommandError("The passwords differ; nothing was changed.")
        try:
            validate_password(first, user)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages) + " Nothing was changed.") from None
        return first
