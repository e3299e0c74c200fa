"""The one place jdtool's version is written (pyproject.toml reads it from here too)."""

__version__ = "0.1.0"
