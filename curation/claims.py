"""Claiming a researcher profile: start a claim, prove it, accept or reject it — for the public forms, the
admin's queue and the API alike. An accepted claim makes the account the profile's owner (researchers.Claim)."""

from allauth.socialaccount.models import SocialAccount
from django.core import signing
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import gettext as _

from pubdb.cache import data_changed
from researchers.models import Claim, Researcher

from . import mail

EMAIL_LINK_DAYS = 3
_SALT = "pubdb.claim-email"


def verified_orcid(user):
    """The ORCID iD the account signed in with through ORCID (verified by ORCID's token answer), or ''."""
    return (
        SocialAccount.objects.filter(user=user, provider="orcid").values_list("uid", flat=True).first() or ""
        if user.is_authenticated
        else ""
    )


def _check_claimable(user, researcher):
    if researcher.is_organization:
        raise ValidationError(_("An organisation's page cannot be claimed."))
    if Claim.objects.accepted().filter(researcher=researcher).exists():
        raise ValidationError(_("This profile already has an owner."))
    if Claim.objects.accepted().filter(user=user).exists():
        raise ValidationError(_("Your account already maintains a profile: one account, one researcher."))


def start_claim(user, researcher: Researcher, *, method, message="", build_url=str):
    """Start (and, with a matching verified ORCID iD, accept) `user`'s claim of `researcher`; ValidationError
    says why not. `build_url` makes the e-mail's link absolute (request.build_absolute_uri)."""
    _check_claimable(user, researcher)
    if method == Claim.Method.ORCID:
        if not researcher.orcid or verified_orcid(user) != researcher.orcid:
            raise ValidationError(_("Your account's verified ORCID iD is not this profile's."))
    elif method == Claim.Method.EMAIL:
        if not researcher.email:
            raise ValidationError(_("This profile has no e-mail address: ask a curator instead."))
    elif method == Claim.Method.CURATOR:
        if not message.strip():
            raise ValidationError(_("Tell the curators who you are, so that they can check it."))
    else:
        raise ValidationError(_("Choose how to prove that this is your profile."))
    claim = Claim.objects.create(user=user, researcher=researcher, method=method, message=message.strip())
    if method == Claim.Method.ORCID:
        return accept(claim, by=user, build_url=build_url)
    if method == Claim.Method.EMAIL:
        token = signing.dumps(claim.pk, salt=_SALT)
        link = build_url(reverse("owner:confirm_claim", args=[token]))
        mail.send("claim_proof", researcher.email, {"claim": claim, "link": link, "days": EMAIL_LINK_DAYS})
    return claim


def confirm_email_claim(user, token, *, build_url=str):
    """The claimant followed the link mailed to the profile's address: accept their claim."""
    try:
        pk = signing.loads(token, salt=_SALT, max_age=EMAIL_LINK_DAYS * 24 * 3600)
    except signing.BadSignature:
        raise ValidationError(_("This link is not valid or has expired.")) from None
    claim = Claim.objects.filter(pk=pk, user=user, status=Claim.Status.PENDING).select_related("researcher").first()
    if claim is None:
        raise ValidationError(_("This link is for a claim of another account, or one already decided."))
    return accept(claim, by=user, build_url=build_url)


def accept(claim: Claim, *, by, reason="", build_url=str):
    if claim.status != Claim.Status.PENDING:
        raise ValidationError(_("This claim is already decided."))
    _check_claimable(claim.user, claim.researcher)
    try:
        with transaction.atomic():
            claim.record_decision(Claim.Status.ACCEPTED, by, reason)
    except IntegrityError:  # another claim was accepted meanwhile: the constraints hold one owner, one profile
        raise ValidationError(_("This profile or this account is already taken.")) from None
    data_changed()  # the profile page now says it is maintained by its owner
    _tell(claim, build_url)
    return claim


def reject(claim: Claim, *, by, reason, build_url=str):
    if not reason.strip():
        raise ValidationError(_("Give the claimant a reason."))
    if claim.status != Claim.Status.PENDING:
        raise ValidationError(_("This claim is already decided."))
    claim.record_decision(Claim.Status.REJECTED, by, reason)
    _tell(claim, build_url)
    return claim


def _tell(claim, build_url):
    if claim.user.email:
        link = build_url(claim.researcher.get_absolute_url())
        mail.send("claim_decided", claim.user.email, {"claim": claim, "link": link})
