"""The Dinas Sosial's kabupaten dashboard (:mod:`.halaman`)."""

from .halaman import KabupatenPage

__all__ = ["KabupatenPage"]
