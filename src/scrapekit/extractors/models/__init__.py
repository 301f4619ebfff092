"""Trained models shipped with the package (JSON data files; see body_model.py)."""
