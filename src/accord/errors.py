"""The small set of exceptions the library raises; the CLI and API map them to messages."""

from __future__ import annotations


class AccordError(Exception):
    """Base class of every error accord raises on purpose."""


class InputRejected(AccordError):
    """An input cannot be ingested; ``source`` names it and the message says why."""

    def __init__(self, source: str, reason: str) -> None:
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class FetchError(AccordError):
    """A URL could not be downloaded (network, status, size, redirect or address policy)."""


class BlockedAddress(FetchError):
    """A URL resolves to an address that the fetch policy refuses (SSRF guard)."""


class StoreError(AccordError):
    """The knowledge base cannot be opened, migrated or written."""


class NotFound(AccordError):
    """A requested item does not exist in the knowledge base."""
