"""The compiled parts of the package; everything else is in pyproject.toml.

setuptools reads the project's metadata from pyproject.toml and only this file's extension
modules from here: Cython (a build requirement, never a runtime one) turns each ``.pyx`` into
C and the machine's C compiler builds it, so an install needs gcc and the Python headers.
"""

from Cython.Build import cythonize
from setuptools import Extension, setup

EXTENSIONS = [
    Extension(
        "article_normalizer.normalize.lines._forest_walk",
        ["article_normalizer/normalize/lines/_forest_walk.pyx"],
    ),
    Extension(
        "article_normalizer.normalize._language_walk",
        ["article_normalizer/normalize/_language_walk.pyx"],
    ),
]

setup(ext_modules=cythonize(EXTENSIONS, compiler_directives={"language_level": "3"}))
