"""E-mail backends for the digest tests: the server is down (for everyone, or for some addresses)."""

from django.core.mail.backends.locmem import EmailBackend as LocmemBackend

FAIL_FOR: set[str] = set()


class FailingBackend(LocmemBackend):
    def send_messages(self, messages):
        raise ConnectionRefusedError("[Errno 111] Connection refused")


class SelectiveBackend(LocmemBackend):
    def send_messages(self, messages):
        if any(set(m.to) & FAIL_FOR for m in messages):
            raise ConnectionRefusedError("[Errno 111] Connection refused")
        return super().send_messages(messages)
