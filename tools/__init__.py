"""Developer tools that are not part of the site build (see README.md)."""
