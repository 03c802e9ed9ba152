"""The charts stage: see stage.py."""
