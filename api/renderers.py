"""Citation formats for papers, rendered by papers/exports.py from the model instances the view passes."""

from rest_framework.renderers import BaseRenderer

from papers.exports import EXPORT_FORMATS, export_options


class PaperExportRenderer(BaseRenderer):
    """A renderer for one of exports.EXPORT_FORMATS, named by its `format` (the ?format= value)."""

    charset = "utf-8"

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        cls.media_type = EXPORT_FORMATS[cls.format].media_type
        cls.media_type_aliases = EXPORT_FORMATS[cls.format].aliases  # api/negotiation.py

    def render(self, data, accepted_media_type=None, renderer_context=None):
        papers = data if isinstance(data, list) else [data]
        # The view has checked the options (PaperExportMixin.export_options).
        options = export_options(renderer_context["request"].query_params) if renderer_context else {}
        # An empty page still says what it is: DRF drops the Content-Type of an empty body.
        return (EXPORT_FORMATS[self.format].render(papers, **options) or "\n").encode(self.charset)


class BibTeXRenderer(PaperExportRenderer):
    format = "bibtex"


class RISRenderer(PaperExportRenderer):
    format = "ris"


class CSLJSONRenderer(PaperExportRenderer):
    format = "csl-json"


EXPORT_RENDERERS = (BibTeXRenderer, RISRenderer, CSLJSONRenderer)
