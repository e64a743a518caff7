"""Article normalization service: scraped news pages in, one clean structured article out."""

__version__ = "0.1.0"
