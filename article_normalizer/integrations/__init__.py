"""Integrations with engines that run the library at scale (each needs its engine installed).

:mod:`article_normalizer.integrations.datatrove`: a datatrove pipeline step (``pip install
'article-normalizer[datatrove]'``) that reads what datatrove's readers give (WARC, WET, JSONL,
Parquet, Hugging Face datasets) and runs locally, on Slurm or on Ray.
"""
