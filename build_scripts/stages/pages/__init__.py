"""The pages stage: see stage.py."""
