"""Complainants, their anonymity, contact preferences and Victims' Code obligations."""
