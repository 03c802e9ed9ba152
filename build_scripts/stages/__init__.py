"""The build's stages, one folder each; their order is declared once, in build_scripts/cli.py."""
