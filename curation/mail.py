"""The mails of self-service: a claim's proof link and the answers to claims and proposals (Django's mail;
the console backend in development). Their text is translated like the pages."""

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string


def send(template, to, context):
    """Mail `templates/mail/<template>.txt`: its first line is the subject, the rest the body."""
    subject, _, body = render_to_string(f"mail/{template}.txt", context).strip().partition("\n")
    send_mail(subject.strip(), body.strip() + "\n", settings.DEFAULT_FROM_EMAIL, [to])
