from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from rest_framework.authtoken.models import Token

from api.curators import curator_group


class Command(BaseCommand):
    help = "Create (or reuse) a user, put them in the curator group, and print their API token."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--email", default="")

    @transaction.atomic
    def handle(self, *args, username, email, **options):
        user, created = get_user_model().objects.get_or_create(username=username, defaults={"email": email})
        if created:
            user.set_unusable_password()  # a password for the admin: `manage.py changepassword USERNAME`
        user.is_staff = True
        user.save()
        user.groups.add(curator_group())
        token, _ = Token.objects.get_or_create(user=user)
        self.stderr.write(f"{'Created' if created else 'Updated'} curator {username}; API token:")
        self.stdout.write(token.key)
