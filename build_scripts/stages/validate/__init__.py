"""The validate stage: see stage.py."""
