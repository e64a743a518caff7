"""The HTTP shell around :mod:`article_normalizer.normalize`: app factory, routes, errors,
operations.

Importing this package imports no web framework: the CLI reuses ``problems``, ``documents``,
``runner`` and ``settings`` without litestar. The app lives in ``article_normalizer.api.app``.
"""
