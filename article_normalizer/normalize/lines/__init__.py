"""Line stages: the page cut into blocks, each block decided body or clutter, and named.

Segmentation (``blocks``), per-line features and the line model (``features``, ``classify``,
``model/``), then the kind of every removed line (``kinds``, ``kind_features``, ``kind_model``).
Their output, one decision per block, is what the field stages read.
"""
