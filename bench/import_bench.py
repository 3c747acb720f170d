"""``python -m bench.import_bench [--rows 200000] [--json]``: reading and validating a large partner file.

A seeded partner file of ``--rows`` companies (cp1252, ';', a quoted multi-line note every 1,000 rows, a few
bad P.IVA, unknown comuni and formula cells) as CSV and as XLSX. Each case runs in its own subprocess, so its
wall time and peak resident memory (VmHWM) are its own: read the CSV; read and validate the CSV; read the XLSX.
"""

from __future__ import annotations

import argparse
import json
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CASES = ("csv_read", "csv_validate", "xlsx_read")
HEADER = ["Rag. Soc.", "P.IVA", "Indirizzo", "CAP", "Città", "Prov.", "Tel.", "E-mail", "N. dip.", "Note"]
COMUNI = ["Firenze", "Prato", "Empoli", "Sesto Fiorentino", "Scandicci", "Bagno a Ripoli", "Fiesole", "Firenzze"]


def peak_memory_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return 0.0  # pragma: no cover


def partner_rows(rows: int) -> list[list[object]]:
    from florwork.employers.identifiers import partita_iva_with_check_digit

    pivas = [partita_iva_with_check_digit(f"{n:07d}048") for n in range(1, 5001)]
    out: list[list[object]] = []
    for n in range(rows):
        piva = pivas[n % 5000] if n % 997 else pivas[n % 5000][:-1] + "x"
        note = "=HYPERLINK(\"x\")" if n % 10_007 == 0 else "nota su\ndue righe" if n % 1000 == 0 else ""
        out.append([f"Azienda {n} S.r.l.", piva, f"Via Roma {n % 300}", "50100", COMUNI[n % len(COMUNI)], "FI",
                    f"055 {n:07d}", f"info{n}@azienda{n}.it", n % 250, note])
    return out


def write_files(rows: int, folder: Path) -> dict[str, Path]:
    import csv

    from openpyxl import Workbook

    data = partner_rows(rows)
    csv_path, xlsx_path = folder / "partner.csv", folder / "partner.xlsx"
    with csv_path.open("w", encoding="cp1252", newline="") as handle:
        csv.writer(handle, delimiter=";").writerows([HEADER, *data])
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Aziende")
    for row in [HEADER, *data]:
        sheet.append(row)
    workbook.save(xlsx_path)
    return {"csv": csv_path, "xlsx": xlsx_path}


def run_case(case: str, path: Path) -> dict[str, object]:
    from florwork.employers.imports import read_file, suggest_mapping, validate
    from florwork.employers.imports.mapping import mapping_of

    known = {c.lower() for c in COMUNI[:-1]}
    data = path.read_bytes()
    started = time.perf_counter()
    table = read_file(data, path.name)
    read_seconds = time.perf_counter() - started
    result: dict[str, object] = {"case": case, "rows": len(table.rows), "bytes": len(data),
                                 "read_seconds": round(read_seconds, 2)}
    if case == "csv_validate":
        started = time.perf_counter()
        report = validate(table, mapping_of(suggest_mapping(table.header)),
                          comune_lookup=lambda name, _province: "048017" if name.lower() in known else None)
        result["validate_seconds"] = round(time.perf_counter() - started, 2)
        result["summary"] = report.summary()
    result["peak_mb"] = round(peak_memory_mb(), 1)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--json", action="store_true")
    parser.add_argument("--case", choices=CASES, help=argparse.SUPPRESS)  # the subprocess's own run
    parser.add_argument("--file", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.case:
        print(json.dumps(run_case(args.case, args.file)))
        return
    with tempfile.TemporaryDirectory() as folder:
        files = write_files(args.rows, Path(folder))
        results = []
        for case in CASES:
            path = files["xlsx" if case.startswith("xlsx") else "csv"]
            output = subprocess.run([sys.executable, "-m", "bench.import_bench", "--case", case, "--file", str(path)],
                                    check=True, capture_output=True, text=True).stdout
            results.append(json.loads(output))
    report = {"machine": platform.processor() or platform.machine(), "python": platform.python_version(),
              "results": results}
    if args.json:
        print(json.dumps(report, indent=2))
        return
    for result in results:
        extra = f", validate {result['validate_seconds']} s" if "validate_seconds" in result else ""
        print(f"{result['case']:>13}: {result['rows']:,} rows, {int(str(result['bytes'])) / 1e6:.1f} MB, "
              f"read {result['read_seconds']} s{extra}, peak {result['peak_mb']} MB")
        if "summary" in result:
            print(f"{'':>15}{result['summary']}")


if __name__ == "__main__":
    main()
