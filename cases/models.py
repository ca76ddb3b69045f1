"""The case file: CaseFile, suspects, offences, documents, timeline and deadlines.

Built by the case-files work; the app is registered now so that every later
migration has a home.
"""
