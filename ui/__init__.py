"""Shared widget kit and shell screens (QtWidgets lives here and in stations/ only)."""
