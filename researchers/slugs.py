"""The one way pubdb makes a slug, for every model that has one, whichever door the row comes in by.

A name becomes ASCII words: Chinese characters by their pinyin (pypinyin reads words, so 重庆 is
chong-qing), any other script by python-slugify's transliteration (Łukasiewicz is lukasiewicz).
Homonyms are numbered as DBLP numbers "Chen Zhang 0002": chen-zhang, chen-zhang-2, chen-zhang-3,
taking the first free number. A model opts in with `slug_from`, the fields to try in order; a slug
once given never changes, so old URLs keep working.
"""

import re
from functools import lru_cache

from django.db import models
from django.db.models import Q
from pypinyin import lazy_pinyin
from slugify import slugify as _ascii_slug

HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff\U00020000-\U0003ffff]")
NUMBER_ROOM = 8  # "-9999999" still fits the field


@lru_cache(maxsize=65536)  # the corpus slugs a million names, most of them homonyms
def slugify(text):
    """`text` as lowercase ASCII words joined by hyphens; "" when it has no letter or digit in any script."""
    if HAN.search(text):
        text = " ".join(lazy_pinyin(text, v_to_u=True))  # 吕 is lü, then lu, not lv
    return _ascii_slug(text)


def base_slug(model, values):
    """The unnumbered slug from the first of `model.slug_from` in `values` that makes one, else the model's name."""
    limit = model._meta.get_field("slug").max_length - NUMBER_ROOM
    for field in model.slug_from:
        if slug := slugify(values.get(field) or "")[:limit].rstrip("-"):
            return slug
    return model._meta.model_name


def unique_slug(instance):
    """A slug for `instance` that no other row of its model has: the homonyms are read in one query."""
    model = type(instance)
    base = base_slug(model, {field: getattr(instance, field) for field in model.slug_from})
    homonyms = model._default_manager.filter(slug__regex=rf"^{base}(-[0-9]+)?$").exclude(pk=instance.pk)
    return Numbering(homonyms.values_list("slug", flat=True))(base)


def fill_slugs(instances):
    """Slugs for many new rows of one model at once, as unique_slug gives them one by one: one query for the
    rows that hold any of their bases (or a numbered one)."""
    model = type(instances[0])
    bases = [base_slug(model, {field: getattr(i, field) for field in model.slug_from}) for i in instances]
    homonyms = Q()
    for base in set(bases):
        homonyms |= Q(slug=base) | Q(slug__startswith=f"{base}-")
    numbering = Numbering(model._default_manager.filter(homonyms).values_list("slug", flat=True))
    for instance, base in zip(instances, bases, strict=True):
        instance.slug = numbering(base)


def fill_slug(instance):
    """Give a blank slug its value: from clean(), so that forms and the API check the slug save() would write."""
    if not instance.slug:
        instance.slug = unique_slug(instance)


class FillsSlug(models.Model):
    """A model whose blank slug is filled from `slug_from` by clean() (forms, the API) and by save()."""

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        fill_slug(self)
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        fill_slug(self)


class Numbering:
    """Numbers bases around the slugs `taken`: once for one row, or for many rows at a time (the corpus)."""

    def __init__(self, taken):
        self.taken = set(taken)
        self.last = {}

    def __call__(self, base):
        slug, number = base, self.last.get(base, 1)
        while slug in self.taken:
            number += 1
            slug = f"{base}-{number}"
        self.taken.add(slug)
        self.last[base] = number
        return slug
