"""Citation formats for papers, rendered by papers/exports.py from the model instances the view passes."""

from rest_framework.renderers import BaseRenderer

from papers.exports import to_bibtex, to_csl_json, to_ris


class PaperExportRenderer(BaseRenderer):
    charset = "utf-8"
    export = None

    def render(self, data, accepted_media_type=None, renderer_context=None):
        papers = data if isinstance(data, list) else [data]
        # An empty page still says what it is: DRF drops the Content-Type of an empty body.
        return (self.export(papers) or "\n").encode(self.charset)


class BibTeXRenderer(PaperExportRenderer):
    media_type = "application/x-bibtex"
    format = "bibtex"
    export = staticmethod(to_bibtex)


class RISRenderer(PaperExportRenderer):
    media_type = "application/x-research-info-systems"
    format = "ris"
    export = staticmethod(to_ris)


class CSLJSONRenderer(PaperExportRenderer):
    media_type = "application/vnd.citationstyles.csl+json"
    format = "csl-json"
    export = staticmethod(to_csl_json)


EXPORT_RENDERERS = (BibTeXRenderer, RISRenderer, CSLJSONRenderer)
