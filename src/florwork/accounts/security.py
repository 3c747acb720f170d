"""Small security helpers that keep personal data out of the application log."""

import hashlib


def axes_client_str(username, ip_address, user_agent, path_info, request) -> str:
    """What django-axes writes into the log about a client: a pseudonym, never the username or address."""
    digest = hashlib.sha256(f"{username}|{ip_address}".encode()).hexdigest()[:12]
    return f"{{client: {digest}}}"
