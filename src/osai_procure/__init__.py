"""osai-procure: evaluate AI systems against OSAID 1.0 and agency procurement policies."""

__version__ = "0.1.0"
