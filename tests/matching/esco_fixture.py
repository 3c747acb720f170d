"""A tiny ESCO download in the official CSV format (English and Italian), built in a temporary folder."""

import csv
import io
import zipfile
from pathlib import Path

OCC = "http://data.europa.eu/esco/occupation/"
SKILL = "http://data.europa.eu/esco/skill/"
COOK, KITCHEN = OCC + "test-cook", OCC + "test-kitchen-assistant"
KNIFE, HYGIENE, COOKING = SKILL + "test-knife", SKILL + "test-hygiene", SKILL + "test-cooking"

OCC_HEADER = ["conceptType", "conceptUri", "iscoGroup", "preferredLabel", "altLabels", "hiddenLabels", "status",
              "modifiedDate", "regulatedProfessionNote", "scopeNote", "definition", "inScheme", "description", "code"]
SKILL_HEADER = ["conceptType", "conceptUri", "skillType", "reuseLevel", "preferredLabel", "altLabels",
                "hiddenLabels", "status", "modifiedDate", "scopeNote", "definition", "inScheme", "description"]


def _csv(header, rows) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([row.get(column, "") for column in header])
    return out.getvalue()


def occupations(language: str, labels: dict[str, tuple[str, str]]) -> str:
    return _csv(OCC_HEADER, [{"conceptType": "Occupation", "conceptUri": uri, "iscoGroup": "5120",
                              "preferredLabel": pref, "altLabels": alt, "status": "released",
                              "description": f"{pref} ({language})", "code": "5120.1"}
                             for uri, (pref, alt) in labels.items()])


def skills(language: str, labels: dict[str, str]) -> str:
    return _csv(SKILL_HEADER, [{"conceptType": "KnowledgeSkillCompetence", "conceptUri": uri,
                                "skillType": "skill/competence", "reuseLevel": "sector-specific",
                                "preferredLabel": pref, "status": "released"} for uri, pref in labels.items()])


def relations(rows: list[tuple[str, str, str]]) -> str:
    return _csv(["occupationUri", "relationType", "skillType", "skillUri"],
                [{"occupationUri": o, "relationType": r, "skillType": "skill/competence", "skillUri": s}
                 for o, r, s in rows])


def write_zip(path: Path, files: dict[str, str]) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)
    return path


def english_zip(folder: Path) -> Path:
    return write_zip(folder / "esco-test-classification-en-csv.zip", {
        "occupations_en.csv": occupations("en", {COOK: ("cook", "chef de partie\nline cook"),
                                                  KITCHEN: ("kitchen assistant", "kitchen helper")}),
        "skills_en.csv": skills("en", {KNIFE: "use knives", HYGIENE: "comply with food hygiene",
                                       COOKING: "use cooking techniques"}),
        "conceptSchemes_en.csv": "conceptType,conceptUri\n",
    })


def relations_zip(folder: Path, extra: list[tuple[str, str, str]] = ()) -> Path:
    rows = [(COOK, "essential", COOKING), (COOK, "optional", KNIFE), (KITCHEN, "essential", HYGIENE),
            (KITCHEN, "essential", KNIFE), *extra]
    broader = "conceptType,conceptUri,broaderType,broaderUri\n" \
              f"Occupation,{KITCHEN},Occupation,{COOK}\nOccupation,{COOK},ISCOGroup,http://data.europa.eu/esco/isco/C5120\n"
    return write_zip(folder / "esco-test-relations-csv.zip", {
        "occupationSkillRelations.csv": relations(rows), "broaderRelationsOccPillar.csv": broader})


def italian_folder(folder: Path) -> Path:
    target = folder / "esco-it"
    target.mkdir()
    (target / "occupations_it.csv").write_text(occupations("it", {COOK: ("cuoco", "cuoca"),
                                                                   KITCHEN: ("aiuto cuoco", "aiuto cuoca")}),
                                              encoding="utf-8")
    (target / "skills_it.csv").write_text(skills("it", {KNIFE: "usare i coltelli"}), encoding="utf-8")
    return target
