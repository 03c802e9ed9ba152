"""The derive stage: see stage.py."""
