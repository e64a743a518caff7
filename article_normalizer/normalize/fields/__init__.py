"""Field stages: each reads the page's lines as the earlier stages left them and returns its
value and the lines it claims (``page.Found``); ``pipeline.FIELD_STAGES`` runs them in order.
"""
