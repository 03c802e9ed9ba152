"""The site stage: see stage.py."""
