"""Exports of a plan: JSON (json_export), Markdown (markdown), iCalendar (ics)."""
