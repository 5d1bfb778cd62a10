"""When two spellings can name one body: acronyms and the names they abbreviate, and names
that agree (the same key, the same words in another order or EU language, close spellings).

What entity resolution (:mod:`graphkit.resolution.resolve`) and its review list compare names by.
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable

from rapidfuzz import fuzz
from rigour.territories import lookup_territory

from graphkit.model.names import TITLE_WORDS, fold, normalise_name

# How close two spellings must be, by rapidfuzz's token-set ratio, to agree.
REGISTER_AGREEMENT = 80
STOPWORDS = frozenset({"of", "the", "for", "and", "de", "des", "du", "la", "le", "les", "der", "die", "das",
                        "und", "für", "van", "voor", "en", "et", "di", "del", "della", "to", "in", "on", "a",
                        "d", "l", "y", "e", "i", "o", "och", "og", "af", "z", "w", "na"})  # fmt: skip


_ACRONYM = re.compile(r"^[A-Z0-9ÄÖÜÉÈ&.\-/]{2,14}$")
_MIXED_ACRONYM = re.compile(r"^[A-Za-z0-9ÄÖÜÉÈäöüéè&.\-/]{3,10}$")


@functools.lru_cache(maxsize=1 << 16)
def is_acronym(text: str) -> bool:
    """Whether ``text`` is written as an acronym: one short token, capitals and digits.

    Mixed case counts when most letters are capitals (``EuRIC``, ``FoEE``, ``BdB``), not a
    word with capitals inside (``AmCham``, ``DigitalEurope``).

    >>> is_acronym("BEUC"), is_acronym("T&E"), is_acronym("Cefic"), is_acronym("EuRIC"), is_acronym("AmCham")
    (True, True, False, True, False)
    """
    letters = [ch for ch in text if ch.isalpha()]
    if len(letters) < 2 or text == text.lower():
        return False
    if _ACRONYM.match(text):
        return True
    capitals = sum(ch.isupper() for ch in letters)
    return bool(_MIXED_ACRONYM.match(text)) and capitals >= 2 and 3 * capitals >= 2 * len(letters)


# An elided article or preposition ("d'Automobiles", "dell'Industria"): not a word of its own.
_ELIDED = re.compile(r"\b(?:dell|dall|nell|sull|all|d|l)['’](?=\w)", re.IGNORECASE)


def significant_words(name: str) -> list[str]:
    """The words of ``name`` that count for an acronym, accents folded, small words left out.

    >>> significant_words("Bureau Européen des Unions de Consommateurs")
    ['Bureau', 'Europeen', 'Unions', 'Consommateurs']
    >>> initials("Association des Constructeurs Européens d'Automobiles")
    'ACEA'
    """
    words = re.split(r"[\s\-/]+", _ELIDED.sub(" ", fold(name)))
    return [w for w in words if w and w.casefold().strip("'’.,()") not in STOPWORDS and w[0].isalnum()]


def initials(name: str) -> str:
    """The capital initials of the words of ``name`` that count (stop words skipped).

    >>> initials("Bureau Européen des Unions de Consommateurs")
    'BEUC'
    """
    return "".join(w[0].upper() for w in significant_words(name))


def abbreviates(acronym: str, name: str) -> bool:
    """Whether ``acronym`` abbreviates ``name``: its letters appear in order in the name's
    words, the first at the start of the first word that counts, each later one at the start of
    a word or inside the word of the letter before (``DGB`` for *Deutscher Gewerkschaftsbund*),
    after Schwartz and Hearst (2003).

    >>> abbreviates("BEUC", "Bureau Européen des Unions de Consommateurs")
    True
    >>> abbreviates("DGB", "Deutscher Gewerkschaftsbund")
    True
    >>> abbreviates("SOS", "Racisme - Touche Pas à Mon Pote")
    False
    """
    letters = "".join(ch for ch in fold(acronym).lower() if ch.isalnum())
    significant = tuple(w.lower() for w in significant_words(name))
    # Some acronyms take a small word's letter too (EDF: Électricité *de* France).
    every = tuple(w.lower() for w in re.split(r"[\s\-/]+", fold(name)) if w and w[0].isalnum())
    return any(
        # The name is not much longer than what the acronym abbreviates (one word a letter, at most).
        letters and words and words[0][0] == letters[0] and len(words) <= len(letters) + 2
        and _letters_fit(letters, words, 1, 0, 1)
        for words in (significant, every)
    )  # fmt: skip


@functools.lru_cache(maxsize=1 << 16)
def _letters_fit(letters: str, words: tuple[str, ...], i: int, word: int, pos: int) -> bool:
    """``letters[i:]`` placed in order from ``words[word]`` at ``pos``: each at the start of a
    later word, or further inside the current one."""
    if i == len(letters):
        return True
    found = words[word].find(letters[i], pos)
    while found != -1:
        if _letters_fit(letters, words, i + 1, word, found + 1):
            return True
        found = words[word].find(letters[i], found + 1)
    return any(
        words[later][0] == letters[i] and _letters_fit(letters, words, i + 1, later, 1)
        for later in range(word + 1, len(words))
    )


def translation_fits(acronym: str, name: str) -> bool:
    """The initials of ``name`` are the acronym's letters in another order (a translated name:
    *European Bureau of Consumers' Unions* for BEUC).

    >>> translation_fits("BEUC", "European Bureau of Consumers' Unions")
    True
    """
    letters = sorted(ch for ch in acronym.upper() if ch.isalpha())
    return len(letters) >= 3 and sorted(initials(name)) == letters


# Words that name the same kind of thing in the EU's languages: two names that say the same in
# two languages ("French Banking Federation", "Fédération bancaire française") agree. Only the
# words organisations' names are made of; never places' or people's names.
SAME_WORD = {
    word: concept
    for concept, words in {
        "federation": "federation federations federazione federacion federacao federatie federatio",
        "association": "association associations associazione asociacion associacao vereniging vereinigung verband "
        "gesamtverband bundesverband dachverband",
        "confederation": "confederation confederazione confederacion confederacao konfoderation",
        "bank": "bank banks banking bancaire bancaires bancaria bancario banken banque banques banca",
        "french": "french francaise francais franzosischer franzosische francese frances francesa",
        "german": "german deutscher deutsche deutschen deutsches allemand allemande tedesca aleman",
        "european": "european europeen europeenne europaische europaischer europaischen europea europeo europees europese",
        "chamber": "chamber chambers chambre chambres kammer camera camara",
        "industry": "industry industries industrie industria industrias",
        "council": "council conseil consiglio consejo conselho raad",
        "foundation": "foundation fondation stiftung fondazione fundacion fundacao stichting",
        "consumer": "consumer consumers consommateurs consommateur verbraucher consumatori consumidores",
        "borders": "borders frontieres frontiere grenzen fronteras",
        "without": "without sans ohne senza sin",
        "union": "union unions unione",
        "machine": "machine machines machinery mechanical maschinen maschinenbau macchine maquinas",
        "crafts": "crafts craft handwerk handwerks handwerkes artisanat artisans artigianato",
        "automobile": "automobile automobiles automotive automobil automobili automoviles automoveis",
        "insurance": "insurance insurances insurers assurance assurances assureurs versicherung versicherungen "
        "versicherer versicherungswirtschaft assicurazioni assicurazione seguros verzekeraars",
        "eu": "eu ue",
        "institute": "institute institut instituto istituto",
        "manufacturer": "manufacturer manufacturers constructeurs constructeur hersteller costruttori fabricantes",
        # British and American spellings of one word
        "centre": "centre center",
        "programme": "programme program",
        "defence": "defence defense",
        "labour": "labour labor",
    }.items()
    for word in words.split()
}


@functools.lru_cache(maxsize=1 << 17)
def concepts(key: str) -> frozenset[str]:
    """The words of a name key that count, each as its :data:`SAME_WORD` concept, plurals as
    singulars (``Organisations``, ``Organisation``).

    >>> sorted(concepts("federation bancaire francaise")) == sorted(concepts("french banking federation"))
    True
    """
    # "Friends of the Earth Europe" and "… EU" are one office, but the Council of Europe is
    # not the Council of the EU.
    words = key.replace("european union", "eu").replace("council of europe", "councilofeurope").split()
    # After the name, Europe is the European office ("Friends of the Earth Europe", "… EU");
    # first, it is what the name is about ("EU-Patient" is not "Europe a Patient").
    words = [words[0], *("eu" if w in ("europe", "europa") else w for w in words[1:])] if words else words
    return frozenset(SAME_WORD.get(word) or _elided(word) for word in words if word not in STOPWORDS)


# French and Italian articles and prepositions a key joins to the next word ("d'Automobiles":
# ``dautomobiles``; "dell'Industria": ``dellindustria``).
_ELISIONS = ("dell", "dall", "nell", "sull", "all", "d", "l")


def unelided(word: str) -> str:
    """A key's word without the elided article a key joins to it, where the rest is a word of
    :data:`SAME_WORD` (``dautomobiles``: ``automobiles``).

    >>> unelided("dautomobiles"), unelided("data")
    ('automobiles', 'data')
    """
    for elision in _ELISIONS:
        rest = word[len(elision) :]
        if word.startswith(elision) and (rest in SAME_WORD or _singular(rest) in SAME_WORD):
            return rest
    return word


def _elided(word: str) -> str:
    """``word``'s concept where it is a word of :data:`SAME_WORD` behind an elided article,
    else ``word`` as a singular.

    >>> _elided("dautomobiles"), _elided("dellindustria"), _elided("europeens"), _elided("members")
    ('automobile', 'industry', 'european', 'member')
    """
    for elision in _ELISIONS:
        if word.startswith(elision) and word[len(elision) :] in SAME_WORD:
            return SAME_WORD[word[len(elision) :]]
    singular = _singular(word)
    return SAME_WORD.get(singular, singular)  # "europeens": european


def _singular(word: str) -> str:
    return word[:-1] if len(word) > 6 and word.endswith("s") and not word.endswith("ss") else word


def names_agree(a: str, b: str) -> bool:
    """Whether two spellings can name one body: the same key, one the other's acronym, the
    words of one within the other's, or close by ``rapidfuzz``'s token-set ratio.

    >>> names_agree("BEUC", "Bureau Européen des Unions de Consommateurs")
    True
    >>> names_agree("WWF European Policy Office", "WWF EPO")
    True
    >>> names_agree("French Banking Federation", "Fédération bancaire française")
    True
    >>> names_agree("BEUC", "CAN Europe")
    False
    >>> names_agree("China Chamber of Commerce to the EU", "European Union Chamber of Commerce in China")
    False
    """
    ka, kb = normalise_name(a), normalise_name(b)
    if ka == kb or ka.replace(" ", "") == kb.replace(" ", ""):
        return True
    if places_swap_roles(ka, kb):
        return False  # "China Chamber of Commerce to the EU" is not "EU Chamber of Commerce in China"
    ca, cb = concepts(ka), concepts(kb)
    if len(ca) >= 2 and ca == cb:  # the same words in another order or language
        return True
    for short, long in ((a, b), (b, a)):
        first = short.split()[0] if short.split() else ""
        if is_acronym(first) and abbreviates(first, long):
            return True
    wa, wb = set(ka.split()) - STOPWORDS, set(kb.split()) - STOPWORDS
    small, large = sorted((wa, wb), key=len)
    # One's words within the other's, when they are most of them (not "WindEurope" at the end
    # of a long name).
    if len(small) >= 2 and small <= large and 2 * len(small) >= len(large):
        return True
    return fuzz.token_set_ratio(ka, kb) >= REGISTER_AGREEMENT


# Words that say what kind of body a name is, not which one.
BODY_WORDS = frozenset({
    "association", "federation", "union", "organisation", "council", "institute", "agency", "company", "group",
    "network", "alliance", "foundation", "committee", "comite", "confederation", "chamber", "centre", "center",
    "society", "industry", "industries", "bank", "board", "forum", "platform", "office", "coalition", "trust",
    "institut", "verband", "stiftung", "federazione", "associazione", "asociacion", "fondation", "conseil",
    "congress", "congres", "kongress",
})  # fmt: skip

# Words that say where an organisation is, not which one it is: two names sharing one say
# nothing of being one body (``Deutscher Gewerkschaftsbund`` is not ``Deutsche Börse Group``).
# Folded, as :func:`concepts` gives them.
PLACE_WORDS = frozenset({
    "german", "french", "deutschland", "osterreich", "osterreichische", "osterreichischer",
    "osterreichischen", "austria", "austrian", "belgian", "belge", "belgique", "belgie", "dutch",
    "nederland", "nederlandse", "danish", "dansk", "danmark", "swedish", "svensk", "svenska", "svenskt",
    "sverige", "sveriges", "finnish", "suomen", "suomi", "spanish", "espanola", "espanol", "espana",
    "portuguese", "portuguesa", "portugal", "italian", "italiana", "italiano", "italia", "italy", "polish",
    "polska", "polski", "polskie", "polskich", "irish", "ireland", "greek", "hellenic", "czech", "hungarian", "magyar",
    "romanian", "bulgarian", "croatian", "slovak", "slovenian", "estonian", "latvian", "lithuanian",
    "luxembourg", "maltese", "cypriot", "nordic", "baltic", "british", "american", "europe", "european",
    "eu", "international", "internationale", "national", "nationale", "federal", "world", "global",
    "brussels", "bruxelles",
})  # fmt: skip
BODY_CONCEPTS = frozenset(SAME_WORD.get(word, word) for word in BODY_WORDS)
RARE_CONCEPT = 200  # a word in at most this many organisations' names tells which body it is
_MIN_RETOLD = 3  # words a name must keep, at least, to be the full name without "European"


def concept_counts(keys: Iterable[str]) -> Counter[str]:
    """How many of the name keys each concept is in (see :func:`concepts`).

    >>> concept_counts(["european environmental bureau", "european banking federation"])["european"]
    2
    """
    counts: Counter[str] = Counter()
    for key in keys:
        counts.update(concepts(key))
    return counts


_HEADS = tuple(sorted((word for word in SAME_WORD if len(word) >= 5), key=len, reverse=True))
_MIN_COMPOUND = 9  # letters of a word, at least, to be read as a compound


@functools.lru_cache(maxsize=1 << 16)
def _heads(key: str) -> frozenset[str]:
    """The concepts compound words of ``key`` are made of (``raiffeisenbanken``: *bank*;
    ``bankenverband``: *bank*, *association*), as German compounds are."""
    return frozenset(
        SAME_WORD[part] for word in key.split() if len(word) >= _MIN_COMPOUND
        for part in _HEADS
        if word != part and (word.endswith(part) or (word.startswith(part) and len(word) - len(part) >= 4))
    )  # fmt: skip


def shares_concepts(a: str, b: str) -> bool:
    """Whether two names share two concepts or more, compounds' last parts counted, one of
    them not a place (``Französischer Bankenverband``, ``Fédération bancaire française``:
    *French* and *bank*).

    >>> shares_concepts("Französischer Bankenverband", "Fédération bancaire française")
    True
    """
    ka, kb = normalise_name(a), normalise_name(b)
    shared = (concepts(ka) | _heads(ka)) & (concepts(kb) | _heads(kb))
    return len(shared) >= 2 and bool(shared - PLACE_WORDS - NATIONALITIES)


def names_a_body(key: str) -> bool:
    """Whether a name key says it is a body: a word of :data:`BODY_WORDS`, or a compound ending
    in one (``wirtschaftskammer``: a chamber).

    >>> names_a_body("wirtschaftskammer wien"), names_a_body("junior policy officer")
    (True, False)
    """
    return bool(set(key.split()) & BODY_WORDS) or bool(_heads(key) & BODY_CONCEPTS)


def tells_the_same(key: str, names: Iterable[str], counts: Counter[str], acronym: str = "") -> bool:
    """Whether ``key`` (a name written beside an acronym it does not abbreviate) says the same
    as one of ``names`` (what the acronym stands for) in other words or another language: they
    share a word few names have (``counts``, from :func:`concept_counts`), not a place or a
    word every body has. Not a part of one of them (``United Nations`` beside UNDRR), nor a
    name and one word more (``Wirtschaftskammer Wien``: a branch).

    >>> counts = Counter({"steel": 25, "german": 500, "european": 2000})
    >>> tells_the_same("european steel industry", ["the european steel association"], counts)
    True
    >>> tells_the_same("deutscher gewerkschaftsbund", ["deutsche borse group"], counts)
    False
    """
    words = set(key.split()) - STOPWORDS
    if any(places_swap_roles(key, name) for name in names):
        return False
    own = (concepts(key) | _heads(key)) - {normalise_name(acronym)}  # "MAN Energy Solutions" is not MAN Truck & Bus
    for name in names:
        name_words = set(name.split()) - STOPWORDS
        if words <= name_words and len(words) >= _MIN_RETOLD and name_words - words <= _WHERE:
            return True  # "ECRE - Council on Refugees and Exiles": all but "European"
        if words <= name_words or (len(words) <= 2 and len(words - name_words) == 1):
            return False
        shared = own & (concepts(name) | _heads(name))
        if any(counts[c] <= RARE_CONCEPT and c not in PLACE_WORDS and c not in BODY_CONCEPTS for c in shared):
            return True
    return False


# Adjectives of nationality: "Verband der deutschen Automobilindustrie" is the one VDA, where a
# country or "International" after a name is a branch (*European Movement Ireland*).
NATIONALITIES = frozenset({
    "german", "french", "austrian", "osterreichische", "osterreichischer", "osterreichischen", "belgian",
    "belge", "dutch", "nederlandse", "danish", "dansk", "swedish", "svensk", "svenska", "svenskt", "finnish",
    "spanish", "espanola", "espanol", "portuguese", "portuguesa", "italian", "italiana", "italiano", "italiane",
    "italiani", "polish",
    "polska", "polski", "polskie", "polskich", "irish", "greek", "hellenic", "czech", "hungarian", "romanian", "bulgarian",
    "croatian", "slovak", "slovenian", "estonian", "latvian", "lithuanian", "maltese", "cypriot",
})  # fmt: skip
_TYPO = 80  # rapidfuzz ratio of two words, at least, for one to be a misspelling of the other


def says_the_same(candidate: str, name: str) -> bool:
    """Whether the name key ``candidate`` says what ``name`` says, word for word but for
    misspelt words and an adjective of nationality more: *Verband der deutschen
    Automobilindustrie* and *Verband der Automobilindustrie*, *Environmental Investegation
    Agency* and *Environmental Investigation Agency*; not *European Movement Ireland* and
    *European Movement International*, nor *Electronic Frontier Finland* and *Electronic Frontier
    Foundation*.

    >>> says_the_same("verband der deutschen automobilindustrie", "verband der automobilindustrie")
    True
    >>> says_the_same("european movement ireland", "european movement international")
    False
    """
    if places_swap_roles(candidate, name):
        return False
    own, other = concepts(candidate), concepts(name)
    extra, missing = set(own - other), set(other - own)
    for word in sorted(extra):
        misspelt = next((m for m in sorted(missing) if fuzz.ratio(word, m) >= _TYPO), None)
        if misspelt is not None:
            extra.discard(word)
            missing.discard(misspelt)
    return len(own & other) >= 2 and not missing and extra <= NATIONALITIES


_WHERE = frozenset({"international", "internationale", "european", "europe", "eu", "global", "world", "national",
                    "nationale"})  # fmt: skip
_SHARED_STEM = 5  # letters two words share at the start, at least, to be one word (broadcasters, broadcasting)


def rival_names(a: str, b: str, acronym: str = "") -> bool:
    """Whether two full names written with one acronym name two bodies: each has a word that
    tells which body it is and the other lacks (*European Barge Union* and *European Blind
    Union*, *Fridays for Future Austria* and *Fridays for Future Germany*), not a word that
    says what kind of body (*Confederation*, *Congress*), a misspelling, another form of one
    word (*Broadcasters*, *Broadcasting*) or an abbreviation (*TV*, *Television*). A name that
    holds ``acronym`` itself is not a rival (*EDSO for Smart Grids*).

    >>> rival_names("European Barge Union", "European Blind Union")
    True
    >>> rival_names("European Trade Union Confederation", "European Trade Union Congress")
    False
    """
    ka, kb = normalise_name(a), normalise_name(b)
    if acronym and normalise_name(acronym) in (ka.split() + kb.split()):
        return False
    wa, wb = set(ka.split()) - STOPWORDS, set(kb.split()) - STOPWORDS
    extra, missing = wa - wb, wb - wa
    for word in sorted(extra):
        same = next((m for m in sorted(missing) if _one_word(word, m)), None)
        if same is not None:
            extra.discard(word)
            missing.discard(same)
    ca, cb = concepts(" ".join(sorted(extra))), concepts(" ".join(sorted(missing)))
    generic = BODY_CONCEPTS | NATIONALITIES | _WHERE
    return bool(ca - cb - generic) and bool(cb - ca - generic)


def _one_word(a: str, b: str) -> bool:
    """Two spellings of one word: a misspelling, another form, an abbreviation."""
    if fuzz.ratio(a, b) >= 75 or (min(len(a), len(b)) >= _SHARED_STEM and a[:_SHARED_STEM] == b[:_SHARED_STEM]):
        return True
    short, long = sorted((a, b), key=len)
    return len(short) <= 4 and abbreviates(short, long)


# The words job titles are made of beside the title word: "Public Affairs and Stakeholder
# Relations Director", "Communication and Public Affairs officer".
TITLE_CONTEXT = frozenset({
    "public", "affairs", "policy", "policies", "communication", "communications", "stakeholder", "relations",
    "emissions", "fuels", "project", "projects", "advocacy", "eu", "european", "government", "regulatory",
    "legal", "technical", "media", "press", "external", "international", "corporate", "general", "executive",
})  # fmt: skip


def job_title(key: str) -> bool:
    """Whether a name key is a job title and nothing more (``public affairs director``).

    >>> job_title("public affairs director"), job_title("acea")
    (True, False)
    """
    words = set(key.split()) - STOPWORDS
    return bool(words & TITLE_WORDS) and words <= TITLE_WORDS | TITLE_CONTEXT


# Prepositions of place or destination: a place written after one is where the body is or
# whom it faces ("… Chamber of Commerce in China", "… to the EU"), not who the body is.
# English, French, German, Dutch, Italian, Spanish, Portuguese; keys are folded ("à" -> "a").
PLACE_PREPOSITIONS = frozenset({
    "in", "to", "of", "for", "at", "from", "with", "on",
    "en", "a", "au", "aux", "dans", "pour", "de", "des", "du",
    "bei", "im", "zu", "zur", "zum", "nach", "fur", "der", "te", "voor", "van", "bij", "op",
    "di", "del", "della", "nel", "nella", "per", "presso",
    "para", "em", "no", "na", "do", "da",
})  # fmt: skip
# Regions rigour's territories do not name (it knows countries, their subdivisions, capitals
# and nationality adjectives: rigour.territories.lookup_territory).
_MORE_REGIONS = frozenset({"europe", "europa", "africa", "asia", "america", "latin america", "middle east",
                           "balkans", "mediterranean", "nordics", "scandinavia", "emea", "wien", "bruxelles",
                           "brussel", "lombardia", "roma"})  # fmt: skip
# Adjectives ending so name a people ("German", "Mexican", "französischer"), not a place:
# "Association of German Banks" is "Bundesverband deutscher Banken".
_ADJECTIVE = re.compile(r"(?:an|ian|ish|ese|ic|ais|aise|aises|isch|ische|ischer|ischen|isches|er|e|en|es|o|a|i|ois|oise)$")


_SHORT_PLACES = frozenset({"eu", "ue", "uk", "us", "usa", "uae"})  # codes that are written as places


@functools.lru_cache(maxsize=1 << 16)
def _territory(word: str) -> str | None:
    """The place ``word`` (a folded, lower-case word or phrase) names, as one code for every
    spelling of it (``eu``, ``europe``, ``europa``: ``eu``), by ``rigour``'s territories; not
    for a short word that is only a code elsewhere (``BDI`` is an acronym, not Burundi)."""
    if word in ("eu", "ue", "europe", "europa", "european union"):
        return "eu"
    if word in _MORE_REGIONS:
        return word
    if len(word) < 4 and word not in _SHORT_PLACES:
        return None
    names = _place_names()
    if names is not None:
        return names.get(word)
    territory = lookup_territory(word)
    return territory.code if territory is not None else None


@functools.cache
def _place_names() -> dict[str, str] | None:
    """Every name ``rigour``'s territories know (countries, their subdivisions and places,
    peoples' adjectives), folded and lower-case, to its territory's code: the data behind
    :func:`rigour.territories.lookup_territory`, read in a fifth of the time its own index
    takes to build (which normalises every name with a transliterator; these are folded
    as graphkit's keys are). ``None`` where this rigour keeps its data otherwise."""
    try:
        from rigour._core import territories_jsonl
        from rigour.data import iter_jsonl_text
        from rigour.territories import get_territories
    except ImportError:  # pragma: no cover - another rigour: lookup_territory, slower
        return None
    names: dict[str, str] = {}
    for territory in get_territories():
        for name in (territory.name, territory.full_name):
            if name:
                names.setdefault(fold(name).casefold(), territory.code)
    for data in iter_jsonl_text(territories_jsonl()):
        for kind in ("names_strong", "names_weak", "places"):
            for name in data.get(kind, ()):
                names.setdefault(fold(name).casefold(), data["code"])
    return names


@functools.lru_cache(maxsize=1 << 16)
def is_place(text: str) -> bool:
    """Whether ``text`` names a place or a people: a country, region or city, or an adjective
    of nationality (``Berlin``, ``Mexican``, ``European Union``), by ``rigour``'s territories
    and a few regions it does not hold.

    >>> is_place("Berlin"), is_place("Mexican"), is_place("Europe"), is_place("Shell"), is_place("BDI")
    (True, True, True, False, False)
    """
    key = normalise_name(text)
    if not key:
        return False
    return key in PLACE_WORDS or key in NATIONALITIES or _territory(key) is not None


@functools.lru_cache(maxsize=1 << 17)
def place_roles(key: str) -> frozenset[tuple[str, bool]]:
    """The places a name key names as nouns (``china``, ``eu``; not the adjective ``german``),
    each as a code with whether it stands after a preposition of place or destination (where
    the body is, whom it faces) or before one (who the body is).

    >>> sorted(place_roles("china chamber of commerce to the eu"))
    [('cn', False), ('eu', True)]
    >>> sorted(place_roles("association of german banks"))
    []
    """
    words = key.replace("european union", "eu").split()
    roles = set()
    after = False
    for n, word in enumerate(words):
        if word in PLACE_PREPOSITIONS and n:
            after = True
            continue
        if word not in STOPWORDS and _is_place_noun(word):
            roles.add((_territory(word), after))
    return frozenset(roles)


@functools.lru_cache(maxsize=1 << 16)
def _is_place_noun(word: str) -> bool:
    territory = _territory(word)
    if territory is None or word in NATIONALITIES or word in _NOT_NOUNS:
        return False
    if territory == "eu" or word in _MORE_REGIONS:
        return True
    # An adjective of nationality ("mexican", "francaise") unless it is the country's own name
    # ("china", "france", which end as adjectives do).
    return not _ADJECTIVE.search(word) or word in _country_names()


@functools.cache
def _country_names() -> frozenset[str]:
    """Territories' own names, folded and lower-case (``china``, ``france``)."""
    from rigour.territories import get_territories

    return frozenset(fold(t.name).casefold() for t in get_territories() if t.name)


_NOT_NOUNS = frozenset({"european", "international", "national", "federal", "world", "global", "nordic", "baltic",
                        "british", "american", "hellenic"})  # fmt: skip


def places_swap_roles(a: str, b: str) -> bool:
    """Whether two name keys swap two places' roles: one is who the body is in the first and
    where it is (or whom it faces) in the second, the other the reverse (``X Chamber in Y``,
    ``Y Chamber in X``). One place written before or after a preposition is not a swap
    (``Embassy of Iran``, ``Iran Embassy``).

    >>> places_swap_roles("china chamber of commerce to the eu", "european union chamber of commerce in china")
    True
    >>> places_swap_roles("mission of albania to the eu", "albania mission to eu")
    False
    """
    ra, rb = place_roles(a), place_roles(b)
    if len(ra) < 2 or len(rb) < 2:
        return False
    moved_out = {p for p, after in ra if not after and (p, True) in rb and (p, False) not in rb and (p, True) not in ra}
    moved_in = {p for p, after in ra if after and (p, False) in rb and (p, True) not in rb and (p, False) not in ra}
    return bool(moved_out) and bool(moved_in - moved_out)


# Words that name an event, not a body: entries the EP export writes as attendees ("Panel
# discussion", "Roundtable", "Workshop"; ep-export-per-attendee-2019-2024.csv).
EVENT_WORDS = frozenset({
    "panel", "discussion", "discussions", "debate", "conference", "workshop", "roundtable",
    "meeting", "meetings", "webinar", "hearing", "summit", "event", "events", "seminar", "session", "breakfast",
    "lunch", "dinner", "launch", "presentation", "visit", "exchange", "dialogue", "briefing", "reception",
    "online", "call", "videoconference", "video", "conference call",
})  # fmt: skip
# Kinds of body beyond BODY_WORDS, as the data writes them after a name ("ProDESC (Mexican NGO)").
_KIND_WORDS = frozenset({"ngo", "ngos", "company", "companies", "firm", "consultancy", "think", "tank",
                         "university", "government", "ministry", "startup", "sme", "smes", "representation",
                         "delegation", "members", "organisation", "organization", "organisations", "organizations",
                         "association", "associations", "cso", "csos", "civil", "society", "business",
                         "businesses", "corporation", "enterprise", "network", "platform", "group"})  # fmt: skip
_MAX_GENERIC = 3  # words: "European Trade Union Confederation" is a name, not a kind of body


@functools.lru_cache(maxsize=1 << 16)
def generic_name(text: str) -> bool:
    """Whether ``text`` names no body in particular: only places, peoples, events and kinds of
    body (``Mexican NGO``, ``Berlin``, ``Panel discussion``, ``European association``). Such
    words are never an organisation's canonical name.

    >>> generic_name("Mexican NGO"), generic_name("Berlin"), generic_name("Panel discussion")
    (True, True, True)
    >>> generic_name("ProDESC"), generic_name("Berlin Partner"), generic_name("European Round Table for Industry")
    (False, False, False)
    >>> generic_name("European Trade Union Confederation"), generic_name("European association")
    (False, True)
    """
    words = [w for w in re.split(r"[\s\-/]+", fold(text).casefold()) if w.strip("()'’.,:") and w not in STOPWORDS]
    words = [w.strip("()'’.,:") for w in words]
    if not words or len(words) > _MAX_GENERIC:
        return False
    return all(w in EVENT_WORDS or w in _KIND_WORDS or is_place(w) for w in words)
