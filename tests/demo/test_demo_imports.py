"""The demo's three partner spreadsheets: deterministic bytes, the encodings and shapes promised, overlap with the
registry and between files, a few rows to refuse; imported one after another, nothing is lost."""

import pytest

from florwork.demo.companies import demo_companies_load
from florwork.demo.imports import (
    CNA,
    CONFARTIGIANATO,
    PARTNER_XLSX,
    SOURCES,
    demo_import_files,
    demo_import_files_write,
)
from florwork.employers import import_selectors, import_services
from florwork.employers.import_models import ImportRow, RowOutcome
from florwork.employers.imports import read_file
from florwork.employers.models import Company
from tests.employers import import_app_support as support

florence, linkage_defaults = support.florence, support.linkage_defaults

COUNT = 40


def test_the_files_are_the_same_bytes_for_a_seed_and_read_as_promised(florence, tmp_path):
    first = demo_import_files(seed=3, count=COUNT)
    paths = demo_import_files_write(directory=tmp_path, seed=3, count=COUNT)

    assert first == demo_import_files(seed=3, count=COUNT)
    assert {p.name for p in paths} == {CONFARTIGIANATO, CNA, PARTNER_XLSX}
    confartigianato = read_file(first[CONFARTIGIANATO], CONFARTIGIANATO)
    cna = read_file(first[CNA], CNA)
    xlsx = read_file(first[PARTNER_XLSX], PARTNER_XLSX)
    assert (confartigianato.encoding, confartigianato.delimiter) == ("cp1252", ";")
    assert confartigianato.header[0] == "Ragione sociale"
    assert (cna.encoding, cna.delimiter, cna.header[0]) == ("utf-8", ",", "Company name")
    assert xlsx.format == "xlsx" and xlsx.header_number == 3 and xlsx.preamble


def test_imported_one_after_another_they_merge_review_and_create(florence, linkage_defaults, actors):
    demo_companies_load(seed=1, count=COUNT)
    registry = Company.objects.count()
    by = actors["company_officer"]
    files = demo_import_files(seed=1, count=COUNT)
    for name in (CONFARTIGIANATO, CNA, PARTNER_XLSX):
        file, _created = import_services.import_upload(by=by, source_name=SOURCES[name], filename=name,
                                                       data=files[name])
        mapping = {f: c for c, f in import_selectors.mapping_suggestions(file=file).items()}
        file = import_services.import_map(by=by, file=file, mapping=mapping)
        file = import_services.import_run(by=by, file=file)
        print(name, file.counts, file.linkage.get("registry", {}).get("training"))

    rows = ImportRow.objects.all()
    outcomes = {o: rows.filter(outcome=o).count() for o in RowOutcome.values}
    assert rows.count() == sum(read_file(d, n).__len__() for n, d in files.items())  # every row kept
    assert outcomes["merged"] >= COUNT // 3 and outcomes["new"] >= 4 and outcomes["invalid"] >= 3
    assert outcomes["review"] >= 2  # uncertain matches wait for a person
    assert Company.objects.count() > registry
    print(outcomes)


@pytest.mark.parametrize("seed", [1])
def test_writing_twice_changes_nothing(florence, tmp_path, seed):
    paths = demo_import_files_write(directory=tmp_path, seed=seed, count=COUNT)
    stamps = [p.stat().st_mtime_ns for p in paths]
    demo_import_files_write(directory=tmp_path, seed=seed, count=COUNT)
    assert [p.stat().st_mtime_ns for p in paths] == stamps
