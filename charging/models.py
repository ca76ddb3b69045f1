"""Early advice, file-quality queries, action plans, charging decisions and clinics."""
