"""ORCID sign-in: allauth's ORCID provider with its endpoints read from the settings at each request.

allauth's own adapter fixes https://orcid.org and https://pub.orcid.org when it is imported; pubdb reads every
source's base URL from the environment (PUBDB_ORCID_OAUTH_URL for the authorize and token endpoints,
PUBDB_ORCID_URL for the record), so that staging, a proxy or the tests' local fake can answer instead.
"""
