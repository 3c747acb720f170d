"""Opportunities found at companies: direct (vacancy, tirocinio) and indirect (Art. 14, purchases from
social cooperatives, CSR)."""
