"""Outreach: company priorities with their reasons, outreach campaigns and their contacts."""
