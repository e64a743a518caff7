"""What every way in shares: the API, the command line and the library.

Documents and their validation (``documents``), the problem types every error maps to
(``problems``), request bodies to text (``decoding``), the killable worker pool and its time
budget (``execution``, ``runner``), and the service's settings (``settings``). No web framework
here: ``article_normalizer.api`` is the litestar shell over these, and ``cli`` another.
"""
