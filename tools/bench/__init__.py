"""The planner's speed benchmark (`make bench`, or `python -m tools.bench`); see __main__.py."""
