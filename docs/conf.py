"""Sphinx configuration of relusym's documentation site.

Build it from the repository's root with ``python -m sphinx -W -b html docs docs/_build/html``
(the ``docs`` extra installs what it needs); CI builds it with warnings as errors.
"""

import importlib.metadata
import os

os.environ.setdefault("MPLBACKEND", "Agg")  # the gallery draws figures without a screen

project = "relusym"
author = "relusym developers"
copyright = "2026, relusym developers"
release = importlib.metadata.version("relusym")
version = release

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.intersphinx",
    "sphinx.ext.mathjax",
    "numpydoc",
    "myst_nb",
    "sphinx_gallery.gen_gallery",
]

source_suffix = {".rst": "restructuredtext", ".md": "myst-nb"}
exclude_patterns = [
    "_build",
    "Thumbs.db",
    ".DS_Store",
    "gallery/README.rst",
    "auto_gallery/*.ipynb",
    "auto_gallery/*.py",
    "auto_gallery/*.zip",
    "auto_gallery/*.json",
    "auto_gallery/*.md5",
]
templates_path = []

# The API reference: one page per public name of the facade, from its numpydoc docstring.
autosummary_generate = True
autodoc_default_options = {"members": False}
numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
numpydoc_xref_param_type = False

# The tutorial is a MyST notebook, executed at every build: its outputs are relusym's own.
nb_execution_mode = "force"
nb_execution_timeout = 120
nb_execution_raise_on_error = True
nb_merge_streams = True
myst_enable_extensions = ["dollarmath"]


def relusym_figures(block, block_vars, gallery_conf):
    """sphinx-gallery's scraper for relusym's figures, which are matplotlib ``Figure`` objects
    made without pyplot (so the default scraper does not see them): each new one in the
    script's globals is saved and shown after the block that made it."""
    from matplotlib.figure import Figure
    from sphinx_gallery.scrapers import figure_rst

    shown = block_vars.setdefault("relusym_shown", set())
    paths = []
    for value in list(block_vars["example_globals"].values()):
        if isinstance(value, Figure) and id(value) not in shown:
            shown.add(id(value))
            path = next(block_vars["image_path_iterator"])
            value.savefig(path, dpi=110)
            paths.append(path)
    return figure_rst(paths, gallery_conf["src_dir"])


# The gallery: each script in gallery/ runs, and its figures are shown beside its code.
sphinx_gallery_conf = {
    "image_scrapers": (relusym_figures,),
    "examples_dirs": "gallery",
    "gallery_dirs": "auto_gallery",
    "filename_pattern": r"plot_",
    "download_all_examples": False,
    "remove_config_comments": True,
    "within_subsection_order": "FileNameSortKey",
}

intersphinx_mapping = {}  # the build runs without network: no links into other projects' sites

html_theme = "alabaster"
html_title = f"relusym {release}"
html_static_path = []
# The gallery's scraper is a function, which Sphinx cannot pickle into its cache: each build
# reads the configuration afresh (it is fast).
suppress_warnings = ["mystnb.unknown_mime_type", "config.cache"]
