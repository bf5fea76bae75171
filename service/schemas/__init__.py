"""marshmallow schemas at the API's edge, one module per resource: what a request may
carry (422 otherwise) and what a response documents in the OpenAPI document.

May import: ``service.models`` (vocabularies) and ``service.util``.
"""
