"""The agreement ("patto") as a PDF: the plan revision rendered with WeasyPrint, A4, in the person's language.

The patto is the "patto di servizio personalizzato" of art. 20 D.Lgs. 150/2015 (and, for people receiving
ADI or SFL, the "patto per l'inclusione" of D.L. 48/2023, art. 4): the document the person and the operator
sign. Its wording is a text reviewed as a whole in each language, so it lives here in both languages
(``WORDING``) like an instrument's questions; labels of the data (statuses, consents, pathways) come from
the catalogues, dates are formatted by ``translation.override``.
"""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import translation

from florwork.accounts.models import Organization
from florwork.accounts.policy import Actor
from florwork.assessment.models import Pathway
from florwork.audit.models import Operation
from florwork.audit.services import audit_record
from florwork.plans import selectors
from florwork.plans.models import PlanRevision

LANGUAGES = ("it", "en")

WORDING = {
    "it": {
        "title": "Patto di servizio personalizzato",
        "subtitle": "Piano personalizzato di inclusione lavorativa",
        "legal": "Sottoscritto ai sensi dell'art. 20 del D.Lgs. 150/2015 e, per chi riceve l'Assegno di "
                 "inclusione o il Supporto per la formazione e il lavoro, quale patto per l'inclusione "
                 "(D.L. 48/2023).",
        "revision": "Revisione", "case": "Pratica", "draft": "BOZZA – non ancora firmata",
        "parties": "Le parti", "person": "La persona", "operator": "L'operatore del servizio",
        "codice_fiscale": "Codice fiscale", "born": "Nata/o il", "hub": "Servizio",
        "case_manager": "Operatore di riferimento", "pathway": "Percorso GOL",
        "period": "Durata del piano", "date_from": "dal", "date_to": "al",
        "goals": "Obiettivi", "goal": "Obiettivo", "indicator": "Indicatore misurabile",
        "target": "Entro il", "dimension": "Area della valutazione", "no_goals": "Nessun obiettivo.",
        "actions": "Azioni concordate", "action": "Azione", "who": "Chi se ne occupa", "when": "Quando",
        "cost": "Costo",
        "cost_note": "I costi delle azioni sono a carico del programma, non della persona.",
        "total": "Totale", "free_action": "azione libera",
        "no_actions": "Nessuna azione.", "where": "Dove",
        "responsibilities": "Impegni della persona", "no_responsibilities": "Nessun impegno specifico.",
        "reviews": "Verifiche del piano", "review_intro": "Il piano sarà verificato insieme nelle date seguenti:",
        "no_reviews": "Data di verifica da concordare.",
        "consents": "Consensi in vigore", "given_on": "dato il", "no_consents": "Nessun consenso.",
        "signatures": "Firme", "sign_intro": "Letto, compreso e sottoscritto.",
        "place_date": "Luogo e data", "signature": "Firma",
        "page": "Pagina", "of": "di",
    },
    "en": {
        "title": "Personal service agreement (patto)",
        "subtitle": "Personal plan for inclusion in work",
        "legal": "Signed under art. 20 of Italian Legislative Decree 150/2015 and, for people receiving the "
                 "Assegno di inclusione or the Supporto per la formazione e il lavoro, as the inclusion "
                 "agreement (Decree-Law 48/2023).",
        "revision": "Revision", "case": "Case", "draft": "DRAFT – not signed yet",
        "parties": "The parties", "person": "The person", "operator": "The service's operator",
        "codice_fiscale": "Tax code (codice fiscale)", "born": "Born on", "hub": "Service",
        "case_manager": "Case manager", "pathway": "GOL pathway",
        "period": "Plan period", "date_from": "from", "date_to": "to",
        "goals": "Goals", "goal": "Goal", "indicator": "Measurable indicator",
        "target": "By", "dimension": "Assessment area", "no_goals": "No goals.",
        "actions": "Agreed actions", "action": "Action", "who": "Who is responsible", "when": "When",
        "cost": "Cost",
        "cost_note": "The actions are paid for by the programme, not by the person.",
        "total": "Total", "free_action": "free action",
        "no_actions": "No actions.", "where": "Where",
        "responsibilities": "The person's commitments", "no_responsibilities": "No specific commitments.",
        "reviews": "Plan reviews", "review_intro": "We will review the plan together on these dates:",
        "no_reviews": "Review date to be agreed.",
        "consents": "Consents in force", "given_on": "given on", "no_consents": "No consents.",
        "signatures": "Signatures", "sign_intro": "Read, understood and signed.",
        "place_date": "Place and date", "signature": "Signature",
        "page": "Page", "of": "of",
    },
}


def patto_html(revision: PlanRevision, language: str) -> str:
    revision = selectors.revision_content(revision)
    plan = revision.plan
    case = plan.case
    with translation.override(language):
        return render_to_string("plans/patto.html", {
            "t": WORDING[language], "language": language, "revision": revision, "plan": plan, "case": case,
            "person": case.person, "hub": case.team_organization,
            "case_manager": (case.owner.get_full_name() or case.owner.username) if case.owner else "",
            "pathway": Pathway(revision.pathway).label if revision.pathway else "",
            "consents": _consents(plan.person_id),
        })


def _consents(person_id: int) -> list[dict]:
    consents = selectors.live_consents(person_id)
    names = Organization.objects.in_bulk({c.organization_id for c in consents if c.organization_id})
    return [{"purpose": c.get_purpose_display(), "given_at": c.given_at,
             "organization": names[c.organization_id].name if c.organization_id in names else ""}
            for c in consents]


def patto_pdf(revision: PlanRevision, language: str = "it") -> bytes:
    from weasyprint import HTML  # imported here: loading WeasyPrint costs ~0.5 s, only the PDF needs it

    if language not in LANGUAGES:
        language = "it"
    return HTML(string=patto_html(revision, language)).write_pdf()


def patto_export(*, actor: Actor, revision: PlanRevision, language: str, purpose: str) -> bytes:
    """The PDF for an actor the gate already let in; downloading it is a read of the person's data."""
    pdf = patto_pdf(revision, language)
    audit_record(actor=actor, operation=Operation.READ, purpose=purpose, object_type="plans.Plan",
                 object_id=revision.plan_id, object_label=f"plan {revision.plan_id}",
                 fields=["patto", "goals", "actions", "consents"],
                 detail={"case": revision.plan.case_id, "person": revision.plan.person_id,
                         "revision": revision.number, "language": language, "document": "patto.pdf"})
    return pdf
