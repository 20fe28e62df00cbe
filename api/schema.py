"""OpenAPI details DRF cannot infer: anonymous reads, error responses, the citation formats' bodies, and the
bounds the server enforces (years up to next year, lists that may not be empty)."""

from django_filters import CharFilter
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import extend_schema
from rest_framework.permissions import SAFE_METHODS

from papers.filters import SlugFilter, YearFilter
from papers.validators import MIN_YEAR, max_year

from .renderers import BibTeXRenderer, CSLJSONRenderer, RISRenderer
from .serializers import PaperSerializer

SLUG_PATTERN = "^[-a-zA-Z0-9_]+$"  # Django's validate_slug
TEXT_PATTERN = r"^[^\x00]*$"  # Django's form fields refuse a NUL (ProhibitNullCharactersValidator)
DETAIL = {
    "type": "object",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
CONFLICT = {
    "type": "object",
    "properties": {
        "detail": {"type": "string"},
        "existing": {
            "type": "object",
            "properties": {"id": {}, "name": {"type": "string"}, "url": {"type": "string", "format": "uri"}},
            "required": ["id", "name"],
        },
    },
    "required": ["detail"],
}
FIELD_ERRORS = {
    "type": "object",
    "description": "Messages by field name (`non_field_errors` for the whole object); nested lists for entries.",
    "additionalProperties": True,
}
ERRORS = {
    400: ("Bad input: the fields at fault, with what is wrong.", FIELD_ERRORS),
    401: ("Credentials missing or invalid.", DETAIL),
    403: ("The user lacks the model permission (a curator's).", DETAIL),
    404: ("No such object, page or cursor.", DETAIL),
    406: ("No renderer for the Accept header.", DETAIL),
    409: (
        "A write: a unique value (a DOI, a slug) another object has, named in `existing`. "
        "A delete: still referred to by other objects (e.g. an awarded paper).",
        CONFLICT,
    ),
    429: ("Too many requests: anonymous clients are throttled.", DETAIL),
}
ERRORS_BY_METHOD = {
    "GET": (400, 404, 406, 429),
    "POST": (400, 401, 403, 409),
    "PUT": (400, 401, 403, 404, 409),
    "PATCH": (400, 401, 403, 404, 409),
    "DELETE": (401, 403, 404, 409),
}


EXPORT_BODIES = {
    BibTeXRenderer.media_type: {"type": "string", "description": "BibTeX entries."},
    RISRenderer.media_type: {"type": "string", "description": "RIS records."},
    CSLJSONRenderer.media_type: {
        "type": "array",
        "description": "CSL-JSON items (an array also for one paper).",
        "items": {"type": "object", "additionalProperties": True},
    },
}


class ApiAutoSchema(AutoSchema):
    def _private(self):
        """A view whose reads need credentials too (the review queues, a job: `private_reads`)."""
        return getattr(self.view, "private_reads", False)

    def get_auth(self):
        auths = super().get_auth()
        if self.method in SAFE_METHODS and {} not in auths and not self._private():
            auths.append({})  # anyone may read
        return auths

    def _get_parameters(self):
        parameters = super()._get_parameters()
        for parameter in parameters:
            if parameter["in"] == "query" and not parameter.get("required"):
                parameter["allowEmptyValue"] = True  # `year=` is no filter, as an HTML form sends "any year"
        return parameters

    def _get_filter_parameters(self):
        parameters = super()._get_filter_parameters()
        filters = getattr(getattr(self.view, "filterset_class", None), "base_filters", {})
        for parameter in parameters:
            filter_ = filters.get(parameter["name"])
            if isinstance(filter_, YearFilter):
                parameter["schema"].update(minimum=MIN_YEAR, maximum=max_year())  # as YearField validates
            elif isinstance(filter_, SlugFilter):
                parameter["schema"]["pattern"] = SLUG_PATTERN
            elif isinstance(filter_, CharFilter):
                parameter["schema"]["pattern"] = TEXT_PATTERN
        return parameters

    def _map_serializer_field(self, field, direction, bypass_extensions=False):
        schema = super()._map_serializer_field(field, direction, bypass_extensions)
        # A write whose list field says allow_empty=False (a paper's authors) is refused with none.
        refuses_empty = not getattr(field, "allow_empty", True)
        if direction == "request" and schema and schema.get("type") == "array" and refuses_empty:
            schema.setdefault("minItems", 1)
        return schema

    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        private = (401, 403) if self._private() else ()
        on_one = (404,) if self.method == "POST" and "{" in self.path else ()  # an action on one object
        for code in (*ERRORS_BY_METHOD.get(self.method, ()), *private, *on_one):
            description, schema = ERRORS[code]
            responses.setdefault(
                str(code), {"content": {"application/json": {"schema": schema}}, "description": description}
            )
        for media_type, schema in EXPORT_BODIES.items():  # rendered from the papers, not the serializer
            if media_type in responses.get("200", {}).get("content", {}):
                responses["200"]["content"][media_type]["schema"] = schema
        return responses


FORMATS_NOTE = (
    " Also as BibTeX, RIS or CSL-JSON: `Accept: application/x-bibtex` (`application/x-research-info-systems`, "
    "`application/vnd.citationstyles.csl+json`) or `?format=bibtex` (`ris`, `csl-json`); a list export carries "
    "its next/previous pages in the `Link` header. BibTeX leaves abstracts out unless `?abstract=1`; RIS and "
    "CSL-JSON carry them unless `?abstract=0`."
)
PAPER_LIST = extend_schema(description="Papers, newest first." + FORMATS_NOTE)
PAPER_DETAIL = extend_schema(description="One paper, with its citations per year." + FORMATS_NOTE)
PAPER_REFERENCES = extend_schema(
    description="The papers in pubdb this paper cites (from OpenAlex's referenced_works), newest first; "
    "works it cites that pubdb does not hold are left out. JSON only.",
    responses=PaperSerializer(many=True),
)
PAPER_CITED_BY = extend_schema(
    description="The papers in pubdb that cite this paper, newest first. JSON only.",
    responses=PaperSerializer(many=True),
)
