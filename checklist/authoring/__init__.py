"""Authoring tools (CPython only): read the guide, check translations, scaffold languages."""
