"""Placeholder; replaced shortly."""
