"""IBAL chat assistant XBlock."""

from .ibal import IbalXBlock

__all__ = ["IbalXBlock"]
