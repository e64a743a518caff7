"""Speed and memory benchmarks: the pipeline beside trafilatura and jusText, per-stage time, the
real gunicorn server under wrk beside a framework echo, and worker RSS over 10,000 documents.

Every comparison is measured in the same run, in rounds whose order rotates, and reported as the
median of the rounds (and the median of per-round ratios): the machine is shared and noisy, so
one timing proves nothing and a ratio measured minutes apart proves little more.

Run it with ``make bench`` (or ``python -m bench.perf --help``).
"""
