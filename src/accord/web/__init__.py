"""The web app and JSON API over a knowledge base (``accord serve``)."""
