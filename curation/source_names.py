"""The bibliographic sources pubdb fetches from, by key, as messages and pages name them.

Apart from curation/sources (whose package imports the writer), so that the writer's provenance rules can
tell a source from a file format without importing the sources' client.
"""

NAMES = {
    "crossref": "Crossref",
    "datacite": "DataCite",
    "arxiv": "arXiv",
    "openalex": "OpenAlex",
    "s2": "Semantic Scholar",
    "orcid": "ORCID",
    "dblp": "DBLP",
}
