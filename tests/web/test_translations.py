"""The Italian catalogue is complete and the committed .mo files match their .po files.

Extraction is the real one: ``makemessages`` over a copy of the package (templates and Python,
``gettext_lazy`` included), merged into a copy of the committed catalogue, so a string added
anywhere without its Italian translation fails here, not in front of a user.
"""

import ast
import gettext
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.management import call_command
from django.test import override_settings

import florwork

PACKAGE_DIR = Path(florwork.__file__).resolve().parent
LOCALES = ("it", "en")


def _require_gettext():
    if shutil.which("xgettext") is None or shutil.which("msgfmt") is None:
        pytest.fail("GNU gettext is missing (Debian: apt-get install -y gettext); catalogues cannot be checked")


def _entries(po_text: str):
    """(msgid, [msgstr...], flags) for each live entry of a .po file; the header and obsolete entries are skipped."""
    for block in po_text.split("\n\n"):
        fields: dict[str, str] = {}
        flags: set[str] = set()
        current = None
        for line in block.splitlines():
            if line.startswith("#,"):
                flags.update(flag.strip() for flag in line[2:].split(","))
            elif line.startswith("#"):
                continue
            elif match := re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?) (".*")$', line):
                current = match.group(1)
                fields[current] = ast.literal_eval(match.group(2))
            elif line.startswith('"') and current:
                fields[current] += ast.literal_eval(line)
        if fields.get("msgid"):
            yield fields["msgid"], [v for k, v in fields.items() if k.startswith("msgstr")], flags


@pytest.fixture(scope="module")
def extracted_italian(tmp_path_factory) -> str:
    """The Italian catalogue as makemessages would leave it after extracting the current sources."""
    _require_gettext()
    copy = tmp_path_factory.mktemp("florwork") / "florwork"
    shutil.copytree(PACKAGE_DIR, copy, ignore=shutil.ignore_patterns("vendor", "__pycache__", "*.mo", "node_modules"))
    with override_settings(LOCALE_PATHS=[copy / "locale"]):
        cwd = Path.cwd()
        try:
            os.chdir(copy)  # makemessages extracts from the working directory
            call_command("makemessages", locale=["it"], no_obsolete=True, verbosity=0)
        finally:
            os.chdir(cwd)
    return (copy / "locale" / "it" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")


def test_every_string_of_the_project_has_an_italian_translation(extracted_italian):
    missing = [msgid for msgid, msgstrs, _ in _entries(extracted_italian) if not all(msgstrs)]
    assert not missing, f"{len(missing)} strings without Italian translation; run makemessages and translate: {missing}"


def test_no_italian_translation_is_fuzzy(extracted_italian):
    fuzzy = [msgid for msgid, _, flags in _entries(extracted_italian) if "fuzzy" in flags]
    assert not fuzzy, f"fuzzy translations to review in locale/it: {fuzzy}"


def test_the_committed_italian_catalogue_is_the_extracted_one(extracted_italian):
    committed = (PACKAGE_DIR / "locale" / "it" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    assert {m for m, _, _ in _entries(committed)} == {m for m, _, _ in _entries(extracted_italian)}, (
        "locale/it/LC_MESSAGES/django.po is out of date: run `florwork makemessages -l it -l en` in src/florwork"
    )


@pytest.mark.parametrize("language", LOCALES)
def test_the_committed_mo_matches_its_po(language, tmp_path):
    _require_gettext()
    folder = PACKAGE_DIR / "locale" / language / "LC_MESSAGES"
    fresh = tmp_path / "django.mo"
    subprocess.run(["msgfmt", "--check-format", "-o", str(fresh), str(folder / "django.po")], check=True)
    with open(folder / "django.mo", "rb") as committed, open(fresh, "rb") as compiled:
        assert gettext.GNUTranslations(committed)._catalog == gettext.GNUTranslations(compiled)._catalog, (
            f"locale/{language}/LC_MESSAGES/django.mo is stale: run `florwork compilemessages` in src/florwork"
        )
