"""The downloads stage: see stage.py."""
