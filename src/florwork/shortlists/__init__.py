"""Shortlists per vacancy, anonymized presentations to companies, identity reveal, the placement funnel."""
