"""Reference lists for the demo people: origins, names, jobs, places and the words operators write.

Pure data, no Django. The people are invented; the codes are real:

- a foreign state's code in the codice fiscale (Z + 3 digits) is the Agenzia delle Entrate / ANPR
  "codice AT" of the state. Each one below was checked against the ANPR-derived table shipped by
  python-codicefiscale 0.12.1 (``codicefiscale/data/countries.json``); a state whose code could not be
  checked is not listed.
- the origins are the most frequent among foreign residents of the Metropolitan City of Florence
  (Romania, Albania, China, Peru, Morocco, Philippines, Ukraine, Senegal, Bangladesh, Sri Lanka,
  Nigeria, ...); their weights are rounded, for a plausible mix, not statistics.
- postcodes are given only for the comuni whose CAP we are sure of; the others stay blank.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Origin:
    key: str
    state_code: str  # Z code for the codice fiscale; "" for Italy (the birth comune's code is used)
    citizenship: str  # ISO 3166-1 alpha-2
    languages: tuple[str, ...]  # mother tongue first (ISO 639-1, or 639-3 when there is no 639-1 code)
    weight: int
    male: tuple[str, ...]
    female: tuple[str, ...]
    surnames: tuple[str, ...]


ITALY = Origin(
    "italy", "", "IT", ("it",), 62,
    male=("Alessandro", "Andrea", "Daniele", "Fabio", "Filippo", "Francesco", "Giacomo", "Leonardo", "Lorenzo",
          "Luca", "Marco", "Matteo", "Niccolò", "Paolo", "Simone", "Tommaso", "Gabriele", "Riccardo", "Samuele",
          "Antonio", "Giuseppe", "Salvatore", "Vincenzo", "Massimo", "Roberto", "Stefano", "Claudio", "Mirko"),
    female=("Alessandra", "Chiara", "Elena", "Federica", "Francesca", "Giulia", "Ilaria", "Laura", "Lucia",
            "Marta", "Martina", "Paola", "Sara", "Serena", "Silvia", "Valentina", "Sofia", "Aurora", "Noemi",
            "Antonella", "Rosaria", "Concetta", "Daniela", "Monica", "Simona", "Cinzia", "Debora"),
    surnames=("Bagni", "Baldi", "Bartolini", "Becattini", "Bellini", "Benelli", "Biagini", "Cappelli", "Carrai",
              "Cecchi", "Ciampi", "D'Angelo", "Fabbri", "Fantoni", "Frosali", "Giovannelli", "Guidi",
              "Innocenti", "Landi", "Lotti", "Martelli", "Mazzoni", "Mugnai", "Nesi", "Niccolai", "Nocentini",
              "Parenti", "Pecchioli", "Pieri", "Pratesi", "Sarti", "Tognetti", "Vannini", "Esposito", "Russo",
              "Romano", "Greco", "Gallo", "Conti", "De Luca", "Costa", "Giordano", "Mancini", "Rizzo",
              "Lombardi", "Moretti", "Ferrara", "Caruso", "Marino", "La Rosa", "Santoro", "Di Stefano"),
)

FOREIGN = (
    Origin("romania", "Z129", "RO", ("ro",), 14,
           ("Andrei", "Alexandru", "Ionuț", "Mihai", "Florin", "Gabriel", "Cristian", "Bogdan"),
           ("Ioana", "Andreea", "Elena", "Maria", "Alina", "Mihaela", "Cristina", "Florentina"),
           ("Popescu", "Ionescu", "Popa", "Radu", "Dumitru", "Stan", "Stoica", "Munteanu", "Constantin",
            "Marin", "Tudor", "Dobre")),
    Origin("albania", "Z100", "AL", ("sq",), 13,
           ("Arben", "Besnik", "Dritan", "Ermal", "Gentian", "Klodian", "Ardit", "Erion"),
           ("Anila", "Elira", "Ermira", "Mirela", "Jonida", "Blerina", "Valbona", "Enkeleda"),
           ("Hoxha", "Shehu", "Dervishi", "Gjoka", "Kola", "Leka", "Marku", "Basha", "Çela", "Hysa", "Prifti",
            "Zeneli")),
    Origin("china", "Z210", "CN", ("zh",), 7,
           ("Wei", "Jian", "Hao", "Ming", "Lei", "Jun"),
           ("Li", "Xiu", "Mei", "Ying", "Fang", "Hui"),
           ("Hu", "Zhou", "Chen", "Wang", "Ye", "Jin", "Zheng", "Lin")),
    Origin("peru", "Z611", "PE", ("es",), 8,
           ("José", "Luis", "Carlos", "Jorge", "Juan Carlos", "Miguel", "Víctor", "César"),
           ("María", "Rosa", "Carmen", "Ana", "Luz", "Milagros", "Patricia", "Gladys"),
           ("Quispe Flores", "García Rojas", "Huamán Mamani", "Rodríguez Chávez", "Vargas Mendoza",
            "Torres Quispe", "Ramírez Huamán")),
    Origin("morocco", "Z330", "MA", ("ar", "fr"), 9,
           ("Mohamed", "Youssef", "Rachid", "Abdelaziz", "Hicham", "Said", "Karim", "Mustapha"),
           ("Fatima", "Khadija", "Samira", "Naima", "Latifa", "Siham", "Amina", "Nadia"),
           ("El Amrani", "Benali", "Bouzid", "El Idrissi", "Alaoui", "Chakir", "Ouali", "Tahiri", "Bennani")),
    Origin("philippines", "Z216", "PH", ("tl", "en"), 6,
           ("Jose", "Mark", "John Paul", "Rodel", "Jerome", "Romeo"),
           ("Maricel", "Rowena", "Jocelyn", "Maria Luisa", "Analyn", "Marilou"),
           ("Santos", "Reyes", "Cruz", "Bautista", "Garcia", "Dela Cruz", "Villanueva", "Ramos", "Aquino")),
    Origin("ukraine", "Z138", "UA", ("uk", "ru"), 6,
           ("Oleksandr", "Andrii", "Serhii", "Dmytro", "Mykola", "Volodymyr"),
           ("Olena", "Nataliia", "Oksana", "Iryna", "Tetiana", "Halyna", "Svitlana"),
           ("Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk", "Boiko", "Oliinyk")),
    Origin("senegal", "Z343", "SN", ("wo", "fr"), 6,
           ("Mamadou", "Moussa", "Ibrahima", "Cheikh", "Abdoulaye", "Ousmane", "Modou", "Babacar"),
           ("Fatou", "Aminata", "Awa", "Mariama", "Ndeye", "Khady"),
           ("Diop", "Ndiaye", "Fall", "Sow", "Diallo", "Gueye", "Mbaye", "Sarr", "Faye", "Seck")),
    Origin("bangladesh", "Z249", "BD", ("bn",), 5,
           ("Mohammad", "Rahim", "Abdul", "Kamal", "Sohel", "Rasel", "Jahid"),
           ("Nasrin", "Fatema", "Rupa", "Shirin", "Ayesha"),
           ("Hossain", "Rahman", "Islam", "Uddin", "Ahmed", "Miah")),
    Origin("nigeria", "Z335", "NG", ("en", "bin"), 5,
           ("Chinedu", "Emeka", "Oluwaseun", "Ikechukwu", "Samuel", "Godwin", "Osas"),
           ("Blessing", "Chioma", "Joy", "Precious", "Faith", "Ngozi", "Osasere"),
           ("Okafor", "Adeyemi", "Eze", "Okonkwo", "Osagie", "Igbinedion", "Nwosu", "Edosomwan")),
    Origin("sri_lanka", "Z209", "LK", ("si",), 4,
           ("Nuwan", "Chaminda", "Kasun", "Ruwan"),
           ("Dilani", "Chathurika", "Nadeeka", "Sanduni"),
           ("Perera", "Fernando", "Silva", "Jayasinghe", "Wickramasinghe")),
    Origin("moldova", "Z140", "MD", ("ro", "ru"), 3,
           ("Ion", "Vasile", "Sergiu", "Igor"),
           ("Natalia", "Tatiana", "Olga", "Ludmila"),
           ("Ciobanu", "Rusu", "Lungu", "Cebotari", "Rotaru")),
    Origin("georgia", "Z254", "GE", ("ka", "ru"), 2,
           ("Giorgi", "Levan", "David"),
           ("Nino", "Tamar", "Ketevan", "Maia"),
           ("Beridze", "Kapanadze", "Gelashvili", "Maisuradze")),
    Origin("tunisia", "Z352", "TN", ("ar", "fr"), 2,
           ("Mehdi", "Anis", "Walid", "Sami"),
           ("Amel", "Sonia", "Ines", "Rim"),
           ("Ben Salah", "Trabelsi", "Gharbi", "Jlassi", "Mejri")),
    Origin("pakistan", "Z236", "PK", ("ur", "en"), 2,
           ("Muhammad", "Ali", "Imran", "Bilal"),
           ("Sana", "Hina", "Ayesha", "Rabia"),
           ("Khan", "Butt", "Iqbal", "Malik", "Chaudhry")),
    Origin("egypt", "Z336", "EG", ("ar",), 2,
           ("Ahmed", "Mahmoud", "Mostafa", "Tarek"),
           ("Mona", "Heba", "Dina", "Yasmin"),
           ("Abdelrahman", "Hassan", "Mansour", "Farag", "Soliman")),
)

# Surnames that give the same three codice fiscale letters (omocodia happens when two people share
# the whole base code: same letters, birth date, sex and birth place).
SAME_LETTERS = (("Rossi", "Russo"), ("Conti", "Conte"), ("Bruni", "Bruno"), ("Galli", "Gallo"),
                ("Ferri", "Ferro"), ("Mancini", "Mancino"))

# Where the Italian-born were born: (comune, province, weight). Hospitals, so mostly larger towns;
# only comuni that existed under the same code for the whole century (no recent mergers).
BIRTH_COMUNI = (
    ("Firenze", "FI", 60), ("Prato", "PO", 6), ("Empoli", "FI", 6), ("Borgo San Lorenzo", "FI", 2),
    ("Bagno a Ripoli", "FI", 3), ("Pistoia", "PT", 3), ("Pisa", "PI", 2), ("Livorno", "LI", 2),
    ("Lucca", "LU", 1), ("Arezzo", "AR", 2), ("Siena", "SI", 2), ("Grosseto", "GR", 1), ("Massa", "MS", 1),
    ("Viareggio", "LU", 1), ("Pontedera", "PI", 1), ("Poggibonsi", "SI", 1), ("Montevarchi", "AR", 1),
    ("Napoli", "NA", 4), ("Palermo", "PA", 3), ("Roma", "RM", 3), ("Bari", "BA", 2), ("Catania", "CT", 2),
    ("Reggio di Calabria", "RC", 2), ("Cosenza", "CS", 1), ("Foggia", "FG", 1), ("Salerno", "SA", 1),
    ("Taranto", "TA", 1), ("Caserta", "CE", 1), ("Messina", "ME", 1), ("Milano", "MI", 1),
)

# Residence in the Metropolitan City of Florence: weight and postcode (CAP) by comune name; the other
# comuni of the province weigh 1 and have no postcode here.
RESIDENCE_WEIGHTS = {
    "Firenze": (100, ""), "Scandicci": (16, "50018"), "Sesto Fiorentino": (15, "50019"),
    "Campi Bisenzio": (14, "50013"), "Empoli": (13, "50053"), "Bagno a Ripoli": (5, "50012"),
    "Figline e Incisa Valdarno": (5, "50063"), "Pontassieve": (4, "50065"), "Signa": (4, "50058"),
    "Lastra a Signa": (4, "50055"), "Fucecchio": (4, "50054"), "Castelfiorentino": (3, "50051"),
    "Borgo San Lorenzo": (3, "50032"), "Calenzano": (3, "50041"),
}
FIRENZE_POSTCODES = tuple(f"501{n:02d}" for n in range(21, 46))  # 50121-50145
STREETS = (
    "Via Pistoiese", "Via Baracca", "Viale Guidoni", "Via di Novoli", "Via dell'Argingrosso", "Via Canova",
    "Via Torcicoda", "Via Datini", "Viale Europa", "Via Aretina", "Via del Pesciolino", "Via Bolognese",
    "Via Faentina", "Via Senese", "Via Gramsci", "Via Roma", "Via Matteotti", "Via Garibaldi",
    "Via della Repubblica", "Piazza della Vittoria", "Via Mazzini", "Via XX Settembre", "Via Machiavelli",
)


@dataclass(frozen=True)
class Occupation:
    name: str
    sector: str
    employers: tuple[str, ...]
    contracts: tuple[str, ...]  # ContractKind values, the first the most likely
    skills: tuple[str, ...]


OCCUPATIONS = (
    Occupation("Addetto/a alle pulizie", "cleaning",
               ("Multiservizi Arno Soc. Coop.", "Pulizie Piana Srl", "Servizi Integrati Firenze Srl"),
               ("fixed_term", "permanent", "agency", "undeclared"),
               ("pulizie professionali", "uso di macchinari lavapavimenti", "sanificazione ambienti")),
    Occupation("Magazziniere / addetto al picking", "warehouse",
               ("Logistica Osmannoro Srl", "Magazzini Bisenzio Srl", "Polo Logistico Calenzano Srl"),
               ("agency", "fixed_term", "permanent"),
               ("carrello elevatore (patentino)", "picking con terminale", "gestione bancali")),
    Occupation("Aiuto cuoco", "catering",
               ("Trattoria Il Fiasco", "Ristorazione Collettiva Toscana Srl", "Hotel Lungarno Est"),
               ("fixed_term", "occasional", "undeclared", "apprenticeship"),
               ("HACCP", "preparazione piatti freddi", "cucina di base")),
    Occupation("Cameriere/a di sala", "catering",
               ("Trattoria Il Fiasco", "Bar Pasticceria Santo Spirito", "Hotel Lungarno Est"),
               ("fixed_term", "occasional", "undeclared"),
               ("servizio ai tavoli", "caffetteria", "HACCP")),
    Occupation("Lavapiatti", "catering",
               ("Ristorante Ponte Vecchio Est", "Mensa Aziendale Novoli", "Pizzeria Le Cure"),
               ("undeclared", "occasional", "fixed_term"), ("HACCP", "lavaggio stoviglie industriale")),
    Occupation("Assistente familiare", "care",
               ("Famiglia privata (lavoro domestico)",), ("permanent", "fixed_term", "undeclared"),
               ("assistenza alla persona", "mobilizzazione", "cucina domestica")),
    Occupation("Operatore/trice socio-sanitario/a", "care",
               ("RSA Villa delle Rose", "Cooperativa Assistenza Oltrarno"), ("fixed_term", "permanent"),
               ("qualifica OSS", "assistenza alla persona", "igiene e cura")),
    Occupation("Addetto/a vendite", "retail",
               ("Supermercato di Quartiere Srl", "Discount Campi Srl", "Abbigliamento Centro Storico"),
               ("fixed_term", "apprenticeship", "agency"),
               ("cassa", "rifornimento scaffali", "relazione con il cliente")),
    Occupation("Manovale edile", "construction",
               ("Edil Valdarno Snc", "Costruzioni Mugello Srl", "Ristrutturazioni Rifredi"),
               ("fixed_term", "undeclared", "self_employed"),
               ("lavori di muratura", "imbiancatura", "sicurezza in cantiere (corso 16 ore)")),
    Occupation("Operaio/a agricolo/a", "agriculture",
               ("Azienda Agricola Colli del Chianti", "Fattoria di Montespertoli", "Vivai Pistoiesi Srl"),
               ("fixed_term", "occasional", "undeclared"),
               ("vendemmia", "potatura", "raccolta olive", "uso del decespugliatore")),
    Occupation("Operaio/a di pelletteria", "manufacturing",
               ("Pelletteria Scandicci Srl", "Laboratorio Conto Terzi Casellina"), ("fixed_term", "agency"),
               ("taglio pellame", "cucitura a macchina", "controllo qualità")),
    Occupation("Addetto/a confezioni tessili", "manufacturing",
               ("Confezioni Macrolotto Srl", "Tessile Bisenzio Srl"), ("undeclared", "fixed_term"),
               ("cucitura a macchina", "stiro")),
    Occupation("Rider / fattorino", "delivery",
               ("Piattaforma di consegne a domicilio",), ("self_employed", "occasional"),
               ("consegne in bicicletta", "uso di app di navigazione")),
    Occupation("Addetto/a lavanderia industriale", "cleaning",
               ("Lavanderia Industriale Sesto Srl",), ("fixed_term", "agency"),
               ("stiro industriale", "smistamento biancheria")),
    Occupation("Giardiniere", "agriculture",
               ("Verde Pubblico Coop. Sociale", "Giardini Fiesole Snc"), ("fixed_term", "tirocinio"),
               ("manutenzione del verde", "uso del decespugliatore")),
    Occupation("Portiere / addetto/a accoglienza", "hospitality",
               ("Hotel Lungarno Est", "Ostello Santa Croce"), ("fixed_term", "tirocinio"),
               ("accoglienza clienti", "lingua inglese", "uso del PC di base")),
)

COMMON_SKILLS = ("uso del PC di base", "lingua inglese", "patente B", "lavoro di squadra", "puntualità",
                 "uso dello smartphone e dello SPID")

EDUCATION_TITLES = {
    0: ("",),
    1: ("Licenza elementare", "Scuola primaria conseguita all'estero"),
    2: ("Licenza media", "Licenza media (CPIA)", "Scuola secondaria inferiore conseguita all'estero"),
    3: ("Qualifica IeFP operatore della ristorazione", "Diploma di istituto professionale – servizi commerciali",
        "Diploma di istituto tecnico – amministrazione, finanza e marketing", "Diploma di liceo scientifico",
        "Qualifica IeFP operatore del benessere", "Diploma di scuola secondaria conseguito all'estero"),
    4: ("IFTS – tecniche per la logistica integrata", "Qualifica OSS"),
    5: ("ITS Academy – turismo e ospitalità",),
    6: ("Laurea triennale in Scienze dell'educazione", "Laurea triennale in Economia aziendale",
        "Laurea conseguita all'estero (non riconosciuta)"),
    7: ("Laurea magistrale in Architettura", "Laurea magistrale in Lettere"),
}

# (text, needs) by situation; the social worker's words in the referral
REFERRAL_REASONS = {
    "neet": ("Giovane che ha interrotto gli studi, non lavora né frequenta corsi da oltre un anno: chiede "
             "orientamento e un primo inserimento.", ["work", "skills"]),
    "long_unemployed": ("Disoccupato/a da oltre dodici mesi dopo la chiusura dell'ultimo impiego; nucleo "
                        "seguito dal servizio sociale.", ["work"]),
    "adi": ("Nucleo beneficiario dell'Assegno di inclusione: patto per l'inclusione da attivare con il "
            "percorso lavorativo.", ["work", "skills"]),
    "language": ("Arrivo recente in Italia, italiano ancora elementare: servono corso L2 e ricerca di "
                 "lavoro.", ["language", "work", "documents"]),
    "disability": ("Persona con invalidità civile iscritta al collocamento mirato: chiede un inserimento "
                   "compatibile con le sue condizioni.", ["work", "health"]),
    "care": ("Genitore solo con figli piccoli: cerca un lavoro compatibile con gli orari di cura.",
             ["work", "care"]),
    "housing": ("Sfratto in corso e contributo affitto comunale: il lavoro è la condizione per una casa "
                "stabile.", ["work", "housing", "debt"]),
    "over50": ("Oltre i cinquant'anni, perso il lavoro dopo molti anni nella stessa azienda: serve "
               "riqualificazione.", ["work", "skills", "mobility"]),
}

DROP_REASONS = (
    "Non si è presentato/a a tre appuntamenti e non risponde al telefono.",
    "Trasferimento in un'altra regione.",
    "Ha rinunciato al percorso.",
    "Presa in carico da un altro servizio (SerD).",
)
SUSPEND_REASONS = (
    "Ricovero ospedaliero.",
    "Congedo di maternità.",
    "Rientro temporaneo nel paese d'origine per motivi familiari.",
    "Assistenza a un familiare malato.",
    "Percorso terapeutico in corso.",
)
DISABILITIES = (
    ("disabilità motoria agli arti inferiori", "non può stare in piedi a lungo né sollevare pesi"),
    ("ipoacusia bilaterale", "comunica meglio per iscritto; evitare ambienti molto rumorosi"),
    ("disabilità intellettiva lieve", "ha bisogno di istruzioni semplici e di un tutor all'inizio"),
    ("disturbo psichico in trattamento presso il CSM", "preferisce turni diurni e un ambiente stabile"),
    ("esiti di intervento cardiaco", "evitare lavori pesanti e turni notturni"),
    ("disturbo dello spettro autistico (livello 1)", "lavora bene con compiti ripetitivi e regolari"),
)
