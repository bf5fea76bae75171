"""marshmallow schemas at the API edge."""
