"""The explorer: ``widgets`` for JupyterLab (notebook 04), ``page`` for ``site/explore.html``, which needs no kernel."""
from .page import explorer_files, write_explorer
from .widgets import Explorer

__all__ = ["Explorer", "explorer_files", "write_explorer"]
