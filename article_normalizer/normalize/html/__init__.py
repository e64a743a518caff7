"""HTML input: the page decoded and parsed once, trafilatura's extraction of the article, the
publisher's metadata and headline, and the page's visible lines, so the text pipeline can
account for every line the extraction left out.
"""
