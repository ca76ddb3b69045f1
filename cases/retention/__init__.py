"""Retention and legal hold (DESIGN.md section 10): when a case is reviewed,
what a review decides (retain with a new date, or delete every row and file
of the case), and the legal hold that suspends deletion."""
