"""Unused-material schedules, third-party material and digital device extraction."""
