"""Locale formats where pubdb departs from Django's own (FORMAT_MODULE_PATH): the rest stay Django's."""
