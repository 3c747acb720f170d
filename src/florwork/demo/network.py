"""The demo partner network: the partners' catalogue of services, and partner referrals for the demo people
who consented to sharing with a partner, walked through the closed loop to every state.

Everything goes through the network services (the catalogue by the SYSTEM actor, referrals by each case's
own case manager, answers by the partner's operator where the demo has one), with past timestamps, so the
audit log, the inbox and the timeliness figures read like real work. Deterministic for a seed; re-running
creates nothing twice (a service is known by partner and title, a case with partner referrals is skipped).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from florwork.accounts.models import Membership, Organization
from florwork.accounts.policy import SYSTEM, Actor
from florwork.accounts.roles import Role
from florwork.accounts.selectors import actor_for_membership
from florwork.cases.lifecycle import FINAL
from florwork.cases.models import Case
from florwork.cases.workdays import FLORENCE
from florwork.demo.plan import ORGANIZATIONS
from florwork.network import rules
from florwork.network.models import PartnerReferral, Service
from florwork.network.selectors import applicant_for, eligibility_of
from florwork.network.services import partner_referral_expire_due, partner_referral_send, partner_referral_transition
from florwork.network.services import service_create as _service_create
from florwork.people.models import Consent
from florwork.territory.selectors import comune_by_name

ORG_NAMES = {spec.key: spec.name for spec in ORGANIZATIONS}


@dataclass(frozen=True)
class ServiceSpec:
    partner: str  # organization key of the demo plan
    kind: str
    title: str
    description: str
    dimension: str
    comune: str
    address: str
    schedule: str
    seats: int | None
    period: str
    cost: str
    contact: tuple[str, str]  # name, phone
    pathways: tuple[int, ...] = ()
    min_age: int | None = None
    max_age: int | None = None
    residents_of: tuple[str, ...] = ()
    waiting_list: bool = True


S = ServiceSpec
CATALOGUE = (
    S("coop_b", "soft_skills_lab", "Laboratorio di competenze trasversali «Ripartire»",
      "Dieci incontri di gruppo su comunicazione, lavoro di squadra, puntualità e gestione dello stress, con "
      "simulazioni di colloquio e una giornata in azienda.", "motivation", "Campi Bisenzio", "Via Buozzi 42",
      "martedì e giovedì 9:30-12:30, edizioni mensili", 12, "month", "380.00", ("Elena Bartolini", "055 8951201")),
    S("coop_b", "tirocinio", "Tirocinio in lavanderia industriale",
      "Tirocinio extracurricolare di sei mesi nel reparto stiro e piegatura, con tutor aziendale e indennità "
      "regionale.", "work_experience", "Campi Bisenzio", "Via del Pratignone 7", "lunedì-venerdì 8-14",
      4, "quarter", "2100.00", ("Marco Innocenti", "055 8951202"), pathways=(2, 3, 4), min_age=18),
    S("coop_b", "job_coaching", "Job coaching nei primi mesi di lavoro",
      "Un operatore accompagna la persona nelle prime settimane di lavoro o di tirocinio: incontri in azienda, "
      "mediazione con il datore, sostegno per orari e trasporti.", "job_search", "Firenze", "Via Pistoiese 155",
      "su appuntamento", 15, "month", "640.00", ("Sara Gori", "055 8951203")),
    S("coop_b2", "on_the_job_training", "Manutenzione del verde al Parco delle Cascine",
      "Formazione sul lavoro in squadra con i giardinieri della cooperativa: sfalcio, potature leggere, "
      "pulizia dei viali, uso sicuro di decespugliatore e soffiatore. Attestato sicurezza (D.Lgs. 81/2008).",
      "work_experience", "Firenze", "Piazzale delle Cascine", "lunedì-venerdì 7:30-13:30, 12 settimane",
      6, "quarter", "1650.00", ("Luca Ciampi", "0571 930411"), pathways=(3, 4), min_age=18),
    S("coop_b2", "tirocinio", "Tirocinio agricolo negli orti sociali",
      "Tirocinio di inclusione (Linee guida tirocini per persone in carico ai servizi sociali, 2015) negli "
      "orti della cooperativa: coltivazione, raccolta, vendita al mercato contadino.", "work_experience",
      "Empoli", "Via di Pagnana 12", "lunedì-venerdì 8-13", 5, "quarter", "1900.00",
      ("Luca Ciampi", "0571 930411"), pathways=(4,),
      residents_of=("Empoli", "Vinci", "Cerreto Guidi", "Montelupo Fiorentino", "Capraia e Limite",
                    "Castelfiorentino", "Fucecchio")),
    S("coop_b2", "job_coaching", "Accompagnamento al lavoro nell'Empolese",
      "Ricerca attiva guidata, curriculum, candidature e contatti con le aziende del territorio.", "job_search",
      "Empoli", "Via Roma 30", "mercoledì 14-18 e su appuntamento", None, "month", "220.00",
      ("Irene Vanni", "0571 930412")),
    S("coop_a", "psychological_support", "Sostegno psicologico individuale",
      "Fino a dieci colloqui con una psicologa per affrontare ansia, perdita del lavoro, lutti o conflitti "
      "familiari che ostacolano il percorso.", "health", "Scandicci", "Via Turri 19", "su appuntamento",
      8, "month", "500.00", ("Dott.ssa Chiara Meucci", "055 7591120")),
    S("coop_a", "care_support", "Servizio di custodia bambini «Tempo per me»",
      "Accoglienza dei bambini da 0 a 6 anni nelle ore dei corsi, dei colloqui e dei tirocini dei genitori.",
      "caring", "Scandicci", "Piazza Piave 3", "lunedì-venerdì 8:30-17", 10, "month", "300.00",
      ("Giulia Fantoni", "055 7591121")),
    S("coop_a", "orientation", "Orientamento e bilancio di competenze",
      "Tre colloqui individuali per ricostruire esperienze e competenze, anche non formali, e scegliere un "
      "obiettivo professionale realistico.", "work_experience", "Scandicci", "Via Turri 19",
      "su appuntamento", 20, "month", "180.00", ("Paolo Ricci", "055 7591122")),
    S("training", "vocational_course", "Corso di aiuto cuoco con HACCP",
      "Corso di 200 ore con 80 di stage in ristoranti del Valdarno; attestato HACCP e qualifica regionale di "
      "addetto.", "basic_digital", "Figline e Incisa Valdarno", "Piazza Marsilio Ficino 5",
      "lunedì-venerdì 9-13, da febbraio", 16, "quarter", "1450.00", ("Roberta Landi", "055 9152230"),
      pathways=(2, 3), min_age=18),
    S("training", "vocational_course", "Magazziniere con patentino per il carrello elevatore",
      "Logistica di magazzino, gestionale, sicurezza e patentino per carrello elevatore (Accordo Stato-Regioni "
      "22/02/2012).", "basic_digital", "Figline e Incisa Valdarno", "Via Fiorentina 80", "serale, 18-22",
      14, "quarter", "980.00", ("Roberta Landi", "055 9152230"), pathways=(2, 3), min_age=18),
    S("training", "italian_course", "Italiano per il lavoro (L2, livello A2-B1)",
      "Lingua italiana per il lavoro: colloqui, sicurezza, turni e buste paga; certificazione finale.",
      "italian", "Figline e Incisa Valdarno", "Piazza Marsilio Ficino 5", "martedì e giovedì 18-20",
      20, "quarter", "260.00", ("Anna Tesi", "055 9152231")),
    S("association", "italian_course", "Scuola di italiano L2 «Porte Aperte»",
      "Corsi di italiano dal livello pre-A1 al B1, con volontari e mediatori; baby-sitting durante le lezioni.",
      "italian", "Firenze", "Via dell'Agnolo 5", "lunedì, mercoledì e venerdì 9:30-11:30", 30, "quarter",
      "90.00", ("Fatima Ouali", "055 2342211")),
    S("association", "debt_advice", "Sportello debiti e sovraindebitamento",
      "Consulenza su debiti, rateizzazioni, utenze e procedure di composizione della crisi (L. 3/2012, ora "
      "Codice della crisi d'impresa).", "practical", "Firenze", "Via dell'Agnolo 5", "giovedì 15-18",
      None, "month", "0.00", ("Avv. Stefano Neri", "055 2342212")),
    S("association", "housing_advice", "Sportello casa",
      "Informazioni e accompagnamento su bandi ERP, contributi affitto, sfratti e agenzia sociale per la casa.",
      "housing", "Firenze", "Via dell'Agnolo 5", "martedì 15-18", None, "month", "0.00",
      ("Lorenzo Bini", "055 2342213")),
)

REASONS = {
    "soft_skills_lab": "Rafforzare fiducia, puntualità e lavoro di squadra prima di un tirocinio.",
    "tirocinio": "Serve un'esperienza di lavoro recente e guidata per ricostruire il curriculum.",
    "job_coaching": "Chiede un accompagnamento nella ricerca e nelle prime settimane di lavoro.",
    "on_the_job_training": "Interessato/a al lavoro all'aperto; utile un percorso pratico con attestato.",
    "psychological_support": "Forte ansia dopo la perdita del lavoro: concordato un sostegno prima di "
                             "riprendere il percorso.",
    "care_support": "Figli piccoli senza rete familiare: serve la custodia per frequentare il corso.",
    "orientation": "Obiettivo professionale ancora poco chiaro: serve un bilancio delle competenze.",
    "vocational_course": "Vuole una qualifica spendibile nel settore indicato.",
    "italian_course": "L'italiano è la prima barriera per colloqui e sicurezza sul lavoro.",
    "debt_advice": "Debiti per utenze e un finanziamento: serve una consulenza prima di ogni altro passo.",
    "housing_advice": "Sfratto per morosità in corso: serve orientamento sui contributi affitto.",
}
DECLINE = ("Il percorso è rivolto a chi ha già un livello A2 di italiano.", "Nessuna edizione utile nei "
           "prossimi mesi.", "La persona non ha risposto a tre chiamate.")
INTERRUPT = ("Trasferita in un altro comune.", "Ha trovato un lavoro a tempo pieno.",
             "Motivi di salute: sospende il percorso.")
# the days of history each ending needs (sending, answering, starting, closing)
NEEDS_DAYS = {"sent": 0, "accepted": 10, "declined": 10, "waiting_list": 10, "started": 20, "expired": 25,
              "interrupted": 45, "completed": 70}
ENDINGS = tuple(NEEDS_DAYS)
WEIGHTS = (3, 3, 2, 2, 4, 1, 2, 4)


def _at(day, rng: random.Random) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(rng.randint(9, 16), rng.choice((0, 15, 30, 45)))))


def catalogue_load() -> int:
    """The partners' services missing from the database; returns how many were created."""
    orgs = {o.name: o for o in Organization.objects.filter(name__in=ORG_NAMES.values())}
    created = 0
    for spec in CATALOGUE:
        org = orgs.get(ORG_NAMES[spec.partner])
        if org is None or Service.objects.filter(organization=org, title=spec.title).exists():
            continue
        comune = comune_by_name(name=spec.comune, province_code="FI")
        residents = [c for c in (comune_by_name(name=n, province_code="FI") for n in spec.residents_of) if c]
        data = {"kind": spec.kind, "title": spec.title, "description": spec.description,
                "dimension": spec.dimension, "comune": comune, "address": spec.address, "schedule": spec.schedule,
                "seats_per_period": spec.seats, "capacity_period": spec.period, "waiting_list": spec.waiting_list,
                "cost_per_participant": Decimal(spec.cost), "contact_name": spec.contact[0],
                "contact_phone": spec.contact[1], "pathways": list(spec.pathways), "min_age": spec.min_age,
                "max_age": spec.max_age}
        _service_create(by=SYSTEM, organization=org, data=data, residence_comuni=residents)
        created += 1
    return created


def _seat_actors() -> tuple[dict[int, Actor], dict[int, Actor]]:
    """The case managers by user id, the partner operators by organization id (one each)."""
    managers, partners = {}, {}
    for seat in Membership.objects.filter(is_active=True, role__in=[Role.CASE_MANAGER, Role.PARTNER_OPERATOR]) \
            .select_related("user", "organization").order_by("pk"):
        if seat.role == Role.CASE_MANAGER:
            managers.setdefault(seat.user_id, actor_for_membership(seat))
        else:
            partners.setdefault(seat.organization_id, actor_for_membership(seat))
    return managers, partners


@dataclass
class _Candidate:
    case: Case
    consent: Consent
    service: Service
    days: int  # days of history available since the consent


def _candidates(rng: random.Random, managers: dict[int, Actor], now: datetime) -> list[_Candidate]:
    consents = (Consent.objects.filter(purpose="partner_sharing", withdrawn_at__isnull=True)
                .order_by("person__codice_fiscale", "pk"))
    services: dict[int, list[Service]] = {}
    for service in Service.objects.filter(is_archived=False).prefetch_related("residence_comuni").order_by("pk"):
        services.setdefault(service.organization_id, []).append(service)
    found = []
    for consent in consents.select_related("person"):
        case = (Case.objects.filter(person_id=consent.person_id, owner_id__in=managers)
                .exclude(state__in=[s.value for s in FINAL]).select_related("person").first())
        if case is None or PartnerReferral.objects.filter(case=case).exists():
            continue
        actor = managers[case.owner_id]
        applicant = applicant_for(actor, case)
        offer = [s for s in services.get(consent.organization_id, [])
                 if not rules.ineligibility(eligibility_of(s), applicant)]
        if offer:
            found.append(_Candidate(case, consent, rng.choice(offer), (now - consent.given_at).days))
    return found


def _endings(candidates: list[_Candidate], rng: random.Random) -> list[str]:
    """Every ending at least once (on the candidates with enough history), the rest drawn by weight."""
    endings: list[str | None] = [None] * len(candidates)
    by_history = sorted(range(len(candidates)), key=lambda i: -candidates[i].days)
    for ending in sorted(ENDINGS, key=lambda e: -NEEDS_DAYS[e]):
        pick = next((i for i in by_history if endings[i] is None and candidates[i].days > NEEDS_DAYS[ending]), None)
        if pick is not None:
            endings[pick] = ending
    for i, candidate in enumerate(candidates):
        if endings[i] is None:
            fits = [(e, w) for e, w in zip(ENDINGS, WEIGHTS, strict=True) if candidate.days > NEEDS_DAYS[e]]
            endings[i] = rng.choices([e for e, _ in fits], [w for _, w in fits])[0] if fits else "sent"
    return [e or "sent" for e in endings]


def _walk(candidate: _Candidate, ending: str, rng: random.Random, by: Actor, partner: Actor,
          now: datetime) -> PartnerReferral:
    """Send the referral at a believable past moment and walk it to its ending."""
    start = timezone.localdate(candidate.consent.given_at)
    if ending == "sent":
        day = max(start, timezone.localdate(now) - timedelta(days=rng.randint(1, 3)))
    else:
        day = start + timedelta(days=rng.randint(1, max(1, candidate.days - NEEDS_DAYS[ending])))
    sent_at = min(_at(day, rng), now - timedelta(hours=1))
    referral = partner_referral_send(by=by, case=candidate.case, service=candidate.service,
                                     reason=REASONS[candidate.service.kind], at=sent_at)
    if ending in ("sent", "expired"):
        return referral
    path = {"accepted": ["accepted"], "declined": ["declined"], "waiting_list": ["waiting_list"],
            "started": ["accepted", "started"], "completed": ["accepted", "started", "completed"],
            "interrupted": ["accepted", "started", "interrupted"]}[ending]
    gaps = {"accepted": (1, 6), "declined": (1, 8), "waiting_list": (1, 5), "started": (3, 10),
            "completed": (30, 50), "interrupted": (10, 30)}
    at = sent_at
    for state in path:
        at = min(at + timedelta(days=rng.randint(*gaps[state]), hours=rng.randint(0, 5)), now - timedelta(minutes=5))
        reason = rng.choice(DECLINE) if state == "declined" else rng.choice(INTERRUPT) if state == "interrupted" \
            else ""
        try:
            partner_referral_transition(by=partner, referral=referral, to_state=state, reason=reason,
                                        version=referral.version, at=at)
        except ValidationError:  # the period's seats are taken: the partner puts the person on the waiting list
            partner_referral_transition(by=partner, referral=referral, to_state="waiting_list",
                                        version=referral.version, at=at)
            break
    return referral


def demo_network_load(*, seed: int) -> tuple[int, int]:
    """The catalogue, then partner referrals for the consenting demo people with an open case; returns
    (services, referrals) created."""
    rng = random.Random(f"network-{seed}")
    now = timezone.now()
    with transaction.atomic():
        services = catalogue_load()
    managers, partners = _seat_actors()
    candidates = _candidates(rng, managers, now)
    endings = _endings(candidates, rng)
    expiring = []
    with transaction.atomic():
        for candidate, ending in zip(candidates, endings, strict=True):
            partner = partners.get(candidate.service.organization_id, SYSTEM)
            referral = _walk(candidate, ending, rng, managers[candidate.case.owner_id], partner, now)
            if ending == "expired":
                expiring.append(referral)
        for referral in sorted(expiring, key=lambda r: r.answer_due):
            # the scheduled job ran the morning after the due day
            moment = timezone.make_aware(datetime.combine(FLORENCE.next_working_day(referral.answer_due), time(6)))
            partner_referral_expire_due(now=min(moment, now))
    return services, len(candidates)
