"""Content negotiation for the API, where DRF's default falls short of HTTP (RFC 9110, 12.5.1):

- the `q` values of Accept decide (DRF orders by specificity alone, so `application/json;q=0.5,
  application/x-bibtex` got JSON); a type takes the q of the most specific range naming it, so
  `application/json;q=0, */*;q=0.1` refuses JSON and takes anything else;
- a renderer also answers to the other names its format goes by (`media_type_aliases`: text/x-bibtex);
- an unknown `?format=` (the query parameter) is a 400 naming the formats the endpoint has (DRF: a bare
  404, as if the paper did not exist); an unknown path suffix (/papers/1.xml) stays a 404.
"""

from rest_framework.exceptions import NotAcceptable, ValidationError
from rest_framework.negotiation import BaseContentNegotiation, DefaultContentNegotiation
from rest_framework.utils.mediatypes import _MediaType, media_type_matches


def media_ranges(header):
    """[(media range, q)] of an Accept header, in its order; a q that is no number counts as 1."""
    ranges = []
    for token in filter(None, (t.strip() for t in header.split(","))):
        media_range = _MediaType(token)
        try:
            quality = min(max(float(media_range.params.get("q", 1)), 0.0), 1.0)
        except ValueError:
            quality = 1.0
        ranges.append((media_range, quality))
    return ranges


def preference(renderer, ranges):
    """How much the client wants `renderer`: (q, specificity of the range, -its place), None if not at all."""
    names = (renderer.media_type, *getattr(renderer, "media_type_aliases", ()))
    matches = [
        (media_range.precedence, -index, quality, media_range)
        for index, (media_range, quality) in enumerate(ranges)
        if any(media_type_matches(name, str(media_range)) for name in names)
    ]
    if not matches:
        return None
    precedence, place, quality, media_range = max(matches, key=lambda m: m[:2])  # the most specific range rules
    return (quality, precedence, place), media_range


class ApiContentNegotiation(DefaultContentNegotiation):
    def select_renderer(self, request, renderers, format_suffix=None):
        if format_suffix:  # a path like /papers/1.xml/: DRF's answer, a 404 for an unknown suffix
            return super().select_renderer(request, renderers, format_suffix)
        if fmt := request.query_params.get(self.settings.URL_FORMAT_OVERRIDE):
            for renderer in renderers:
                if renderer.format == fmt:
                    return renderer, renderer.media_type
            known = ", ".join(renderer.format for renderer in renderers)
            raise ValidationError({"format": [f"Unknown format {fmt!r}; this endpoint answers in: {known}."]})
        ranges = media_ranges(request.META.get("HTTP_ACCEPT") or "*/*")
        wanted = [
            (found, -order, renderer)
            for order, renderer in enumerate(renderers)
            if (found := preference(renderer, ranges))
        ]
        wanted = [
            (rank, order, renderer, media_range) for (rank, media_range), order, renderer in wanted if rank[0] > 0
        ]
        if not wanted:
            raise NotAcceptable(available_renderers=renderers)
        _, _, renderer, media_range = max(wanted, key=lambda w: (w[0], w[1]))
        # Parameters the client gave (application/json; indent=4) reach the renderer, as with DRF's default.
        params = "".join(f"; {key}={value}" for key, value in media_range.params.items() if key != "q")
        return renderer, renderer.media_type + params


class FirstRenderer(BaseContentNegotiation):
    """The view's first renderer, whatever was asked: for answers that are the same in any format (a 404)."""

    def select_parser(self, request, parsers):
        return parsers[0] if parsers else None

    def select_renderer(self, request, renderers, format_suffix=None):
        return renderers[0], renderers[0].media_type
