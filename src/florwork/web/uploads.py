"""Checking an uploaded document: a PDF, JPEG or PNG of at most 10 MB, judged by its first bytes too."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

MAX_UPLOAD_BYTES = 10 * 1024 * 1024
# what a file must start with, by the kinds accepted (the name and the browser's word are not trusted)
SIGNATURES = {"pdf": b"%PDF-", "jpeg": b"\xff\xd8\xff", "png": b"\x89PNG\r\n\x1a\n"}
EXTENSIONS = {".pdf": ("pdf", ".pdf"), ".jpg": ("jpeg", ".jpg"), ".jpeg": ("jpeg", ".jpg"), ".png": ("png", ".png")}
ACCEPT = ".pdf,.jpg,.jpeg,.png,application/pdf,image/jpeg,image/png"


def check_upload(upload) -> str:
    """The extension to store the file under; a ValidationError naming the file otherwise."""
    name = upload.name or ""
    kind, extension = EXTENSIONS.get(name[name.rfind("."):].lower() if "." in name else "", (None, ""))
    if upload.size > MAX_UPLOAD_BYTES:
        raise ValidationError(_("“%(name)s” is larger than 10 MB.") % {"name": name})
    if upload.size == 0:
        raise ValidationError(_("“%(name)s” is empty.") % {"name": name})
    head = upload.read(8)
    upload.seek(0)
    if kind is None or not head.startswith(SIGNATURES[kind]):
        raise ValidationError(_("“%(name)s” is not a PDF, JPEG or PNG file.") % {"name": name})
    return extension
