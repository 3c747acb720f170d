"""Builders and a small taxonomy shared by the ranking tests (no tests here; named so it sits with them)."""

from florwork.matching.ranking import CandidateProfile, Experience, SkillClaim, TaxonomyView, Vacancy

COOK, HACCP, KNIFE, FOOD, CLEAN, FORKLIFT, STOCK = (
    "s:cook", "s:haccp", "s:knife", "s:food", "s:clean", "s:forklift", "s:stock")
O_COOK, O_CHEF, O_WAREHOUSE = "o:cook", "o:chef", "o:warehouse"
FIRENZE, PRATO, SIENA = (43.7696, 11.2558), (43.8777, 11.1022), (43.3188, 11.3308)


def view() -> TaxonomyView:
    return TaxonomyView.build(
        occupation_skills=[(O_COOK, COOK, "essential"), (O_COOK, HACCP, "essential"), (O_COOK, KNIFE, "optional"),
                           (O_WAREHOUSE, FORKLIFT, "essential"), (O_WAREHOUSE, STOCK, "essential")],
        skill_skills=[(COOK, KNIFE, "optional")],  # knife work is related to cooking
        skill_broader=[(COOK, FOOD)],  # food preparation is broader than cooking
        occupation_broader=[(O_COOK, O_CHEF)],
    )


def candidate(id: str = "c1", skills=(), **kw) -> CandidateProfile:
    base = dict(consent_to_present=True, case_state="active", pathway=1, readiness=0.8)
    base.update(kw)
    claims = tuple(s if isinstance(s, SkillClaim) else SkillClaim(s) for s in skills)
    return CandidateProfile(id=id, skills=claims, **base)


def vacancy(id: str = "v1", essential=(COOK, HACCP), optional=(KNIFE,), **kw) -> Vacancy:
    return Vacancy(id=id, occupation_uri=kw.pop("occupation_uri", O_COOK), essential_skills=tuple(essential),
                   optional_skills=tuple(optional), **kw)


def worked(occupation: str, months: float) -> tuple[Experience, ...]:
    return (Experience(occupation, months),)
