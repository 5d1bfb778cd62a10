"""The name rules of entity resolution on small hand-made datasets: what each merges, and the
look-alikes each must leave apart (a wrong merge is worse than a missed one)."""

from __future__ import annotations

from graphkit.model.ids import actor_id
from graphkit.resolution.resolve import resolve
from graphkit.workspace import Dataset


def org(name: str, **extra) -> dict:
    return {"id": actor_id("organisation", name), "kind": "organisation", "name": name, **extra}


def actor_of(names: list[str], extra: list[dict] | None = None) -> dict[str, str]:
    """Each name's actor after resolution."""
    out = resolve(Dataset.from_records(actors=[org(n) for n in names] + (extra or [])))
    final = dict(zip(out.merges["from_id"], out.merges["into_id"], strict=True))
    return {n: final.get(actor_id("organisation", n), actor_id("organisation", n)) for n in names}


def rule_of(names: list[str], name: str) -> str:
    out = resolve(Dataset.from_records(actors=[org(n) for n in names]))
    rules = dict(zip(out.merges["from_name"], out.merges["rule"], strict=True))
    return rules.get(name, "")


def one(actors: dict[str, str], *names: str) -> bool:
    return len({actors[n] for n in names}) == 1


def apart(actors: dict[str, str], a: str, b: str) -> bool:
    return actors[a] != actors[b]


# --- a name in two parts ----------------------------------------------------------------------


def test_a_known_name_with_an_acronym_title_or_description_in_brackets_is_that_organisation():
    names = ["Iberdrola", "IBERDROLA (IBE)", "Hydrogen Europe", "Hydrogen Europe (Junior Policy Officer)",
             "EuroCommerce", "Association of Retailers (EuroCommerce)"]  # fmt: skip
    actors = actor_of(names)
    assert one(actors, "Iberdrola", "IBERDROLA (IBE)")
    assert one(actors, "Hydrogen Europe", "Hydrogen Europe (Junior Policy Officer)")
    assert one(actors, "EuroCommerce", "Association of Retailers (EuroCommerce)")
    assert rule_of(names, "IBERDROLA (IBE)").startswith("name in two parts")


def test_an_acronym_then_what_it_is_after_a_dash_is_that_organisation():
    actors = actor_of(["Austromed", "AUSTROMED - Interessensvertretung der Medizinprodukte-Unternehmen",
                       "CEMA", "CEMA - European Agricultural Machinery Industry Association",
                       "Deutscher Gewerkschaftsbund", "DBG - Deutscher Gewerkschaftsbund",
                       "Caisse des Dépôts", "Caisse des Dépôts : Laurent Zylberberg"])  # fmt: skip
    assert one(actors, "Austromed", "AUSTROMED - Interessensvertretung der Medizinprodukte-Unternehmen")
    # An acronym known alone does not take a body's name it does not abbreviate: that may be
    # another organisation with the same acronym.
    assert apart(actors, "CEMA", "CEMA - European Agricultural Machinery Industry Association")
    assert one(actors, "Deutscher Gewerkschaftsbund", "DBG - Deutscher Gewerkschaftsbund")
    assert one(actors, "Caisse des Dépôts", "Caisse des Dépôts : Laurent Zylberberg")


def test_two_organisations_in_one_entry_are_not_merged_into_either():
    actors = actor_of(["VNO-NCW", "VNO-NCW - MKB-Nederland", "FACE", "FACE - ELO", "Ystad hamn",
                       "Ystad Hamn - Ehrenberg Sörensen Kommunikation", "France Assureurs",
                       "German Insurance Association", "France Assureurs - German Insurance Association",
                       "Unie van Waterschappen", "Vewin", "Bureau Brussel Vewin - Unie van Waterschappen",
                       "WHO", "WHO - Europe and European Society for Clinical Nutrition and Metabolism"])  # fmt: skip
    assert apart(actors, "VNO-NCW", "VNO-NCW - MKB-Nederland")
    assert apart(actors, "FACE", "FACE - ELO")
    assert apart(actors, "Ystad hamn", "Ystad Hamn - Ehrenberg Sörensen Kommunikation")
    assert apart(actors, "France Assureurs", "France Assureurs - German Insurance Association")
    assert apart(actors, "German Insurance Association", "France Assureurs - German Insurance Association")
    assert apart(actors, "Unie van Waterschappen", "Bureau Brussel Vewin - Unie van Waterschappen")
    assert apart(actors, "WHO", "WHO - Europe and European Society for Clinical Nutrition and Metabolism")


def test_a_branch_a_job_title_or_a_place_is_not_the_organisation():
    meps = [{"id": f"mep:{n}", "kind": "mep", "name": f"Someone {n}", "country": country}
            for n, country in enumerate(["Bulgaria", "Finland"])]  # the countries the data names
    actors = actor_of(["Union of International Haulers", "Union of International Haulers – Bulgaria",
                       "Executive Director", "Waterborne Technology Platform (Executive Director)",
                       "Finland Chamber", "Ministry of Environment (Finland)", "Finland"],
                      extra=meps)  # fmt: skip
    assert apart(actors, "Union of International Haulers", "Union of International Haulers – Bulgaria")
    assert apart(actors, "Executive Director", "Waterborne Technology Platform (Executive Director)")
    assert apart(actors, "Finland", "Ministry of Environment (Finland)")


def test_an_acronym_known_as_another_organisation_does_not_take_a_new_full_name():
    actors = actor_of(["CEPS", "Centre for European Policy Studies (CEPS)",
                       "Centre for European Policy Studies", "Comité économique des produits de santé (CEPS)",
                       "EBU", "European Barge Union (EBU)", "European Barge Union",
                       "EBU (European Media Association)"])  # fmt: skip
    # Two full names claim CEPS: neither takes the acronym, and they stay apart.
    assert apart(actors, "Centre for European Policy Studies", "Comité économique des produits de santé (CEPS)")
    assert apart(actors, "CEPS", "Comité économique des produits de santé (CEPS)")
    assert one(actors, "European Barge Union (EBU)", "European Barge Union", "EBU")
    assert apart(actors, "EBU", "EBU (European Media Association)")


# --- spellings ---------------------------------------------------------------------------------


def test_a_rare_misspelling_joins_the_common_word_but_two_real_words_stay_apart():
    common = [f"{w} Environment Agency" for w in ("Danish", "Swedish", "German", "Dutch", "Irish")]
    common += [f"{w} Transport Association" for w in ("Danish", "Swedish", "German", "Dutch", "Irish")]
    actors = actor_of([*common, "Transport & Environment", "Transport & Enviroment", "Transform Europe",
                       "Transport Europe"])  # fmt: skip
    assert one(actors, "Transport & Environment", "Transport & Enviroment")
    assert apart(actors, "Transform Europe", "Transport Europe")


def test_a_misspelling_of_a_name_merged_away_still_matches_it():
    register = "58744833263-19"
    common = [f"{w} Environment Agency" for w in ("Danish", "Swedish", "German", "Dutch", "Irish")]
    names = [*common, "Transport and Environment (European Federation for Transport and Environment)",
             "Transport and Environment", "Transport & Envionment"]  # fmt: skip
    records = [org(n) for n in common]
    records += [org(names[-3], register_id=register), org(names[-2], register_id=register), org(names[-1])]
    out = resolve(Dataset.from_records(actors=records))
    final = dict(zip(out.merges["from_id"], out.merges["into_id"], strict=True))
    ids = [actor_id("organisation", n) for n in names[-3:]]
    assert len({final.get(i, i) for i in ids}) == 1
    assert "misspelling" in out.merges.set_index("from_name")["rule"]["Transport & Envionment"]


def test_british_and_american_spellings_agree_but_a_bank_is_not_the_banks_association():
    actors = actor_of(["Center for Reproductive Rights", "Centre for Reproductive Rights",
                       "Deutsche Bank AG", "Deutscher Bankenverband"])  # fmt: skip
    assert one(actors, "Center for Reproductive Rights", "Centre for Reproductive Rights")
    assert apart(actors, "Deutsche Bank AG", "Deutscher Bankenverband")


# --- acronyms ----------------------------------------------------------------------------------


def test_an_acronym_with_a_close_name_or_a_job_title_joins_its_organisation():
    names = ["Bureau Européen des Unions de Consommateurs (BEUC)", "BEUC", "The European Consumer Organisation - BEUC",
             "BEUC - The European Consumer Organisation", "BEUC The European Customer Organisation",
             "European Automobile Manufacturers' Association (ACEA)", "ACEA, European Automobile Manufacturers' Association",
             "ACEA", "Public Affairs Director ACEA",
             "Center for European Policy Analysis (CEPA)", "CEPA", "CEPA The Good Pest Manager"]  # fmt: skip
    actors = actor_of(names)
    assert one(actors, *names[:5])
    assert one(actors, *names[5:9])
    assert one(actors, "Center for European Policy Analysis (CEPA)", "CEPA")
    assert apart(actors, "CEPA", "CEPA The Good Pest Manager")


def test_mixed_case_acronyms_pair_with_their_names_but_not_with_other_capitals():
    names = ["European Recycling Industries' Confederation (EuRIC)", "EuRIC", "EuRic",
             "European Recycling Industries' Confederation", "ABL GmbH", "Annemarie Volling (AbL)"]  # fmt: skip
    actors = actor_of(names)
    assert one(actors, *names[:4])
    assert apart(actors, "ABL GmbH", "Annemarie Volling (AbL)")


# --- acronyms: names that say the same in other words, rivals, typos of the acronym ----------


def test_a_name_beside_an_acronym_that_retells_its_full_name_joins_it_and_so_does_that_name_alone():
    names = ["Bundesverband Deutscher Banken", "Bundesverband Deutscher Banken (BdB)", "BdB",
             "Association of German Banks (BdB)", "Association of German Banks"]  # fmt: skip
    actors = actor_of(names + ["Deutsche Bank AG", "Association of German Cities"])
    assert one(actors, *names)
    assert apart(actors, "BdB", "Deutsche Bank AG") and apart(actors, "BdB", "Association of German Cities")


def test_a_name_beside_an_acronym_sharing_only_a_nationality_or_a_kind_of_body_stays_apart():
    # DBG is Deutsche Börse Group; "Deutscher Gewerkschaftsbund" shares only "German".
    names = ["Deutsche Börse Group (DBG)", "DBG", "DBG - Deutscher Gewerkschaftsbund",
             "European Brands Association (AIM)", "AIM", "International Association of Mutual Benefit Societies (AIM)"]  # fmt: skip
    actors = actor_of(names)
    assert apart(actors, "DBG", "DBG - Deutscher Gewerkschaftsbund")
    assert apart(actors, "AIM", "International Association of Mutual Benefit Societies (AIM)")


def test_a_name_an_acronym_is_the_initials_of_joins_when_it_says_the_same_but_for_a_nationality():
    names = ["Verband der Automobilindustrie (VDA)", "VDA", "Verband der deutschen Automobilindustrie",
             "German Insurance Association - GDV", "GDV", "Gesamtverband der Deutschen Versicherungswirtschaft e.V."]  # fmt: skip
    actors = actor_of(names)
    assert one(actors, "VDA", "Verband der deutschen Automobilindustrie")
    assert one(actors, "GDV", "Gesamtverband der Deutschen Versicherungswirtschaft e.V.")


def test_a_name_with_the_acronyms_initials_but_another_word_in_place_of_one_stays_apart():
    names = ["European Movement International (EMI)", "EMI", "European Movement Ireland",
             "Electronic Frontier Foundation (EFF)", "EFF", "Electronic Frontier Finland",
             "Fridays for Future Germany (FFF)", "FFF", "Fridays for Future Flensburg"]  # fmt: skip
    actors = actor_of(names)
    assert apart(actors, "EMI", "European Movement Ireland")
    assert apart(actors, "EFF", "Electronic Frontier Finland")
    assert apart(actors, "FFF", "Fridays for Future Flensburg")


def test_full_names_of_one_acronym_that_are_rival_bodies_merge_nothing():
    names = ["European Barge Union (EBU)", "The European Blind Union (EBU)", "European Broadcasting Union (EBU)",
             "EBU", "European Federation of Journalists (EFJ)", "EUROPEAN FEDERATION OF JEWELLERY (EFJ)"]  # fmt: skip
    actors = actor_of(names)
    assert len({actors[n] for n in names[:3]}) == 3
    assert apart(actors, "European Federation of Journalists (EFJ)", "EUROPEAN FEDERATION OF JEWELLERY (EFJ)")


def test_full_names_of_one_acronym_that_differ_only_in_the_kind_of_body_still_agree():
    names = ["European Trade Union Confederation (ETUC)", "European Trade Union Congress (ETUC)", "ETUC"]
    assert one(actor_of(names), *names)


def test_a_typo_of_an_acronym_does_not_take_the_name_from_the_right_one():
    names = ["European Transport Workers' Federation (ETF)", "European Transport Workers Federation EFT",
             "European Transport Workers' Federation", "ETF"]  # fmt: skip
    actors = actor_of(names)
    assert one(actors, "European Transport Workers' Federation (ETF)", "European Transport Workers' Federation", "ETF")


def test_an_acronym_written_with_a_colon_pairs_with_its_name():
    names = ["CEPI", "Confederation of European Paper Industries (CEPI)", "CEPI: the European forest fibre and paper industry"]
    assert one(actor_of(names), *names)


# --- a name written short, a word's initial --------------------------------------------------


def test_a_name_written_short_in_brackets_joins_both_known_spellings():
    names = ["AmCham EU", "American Chamber of Commerce to the European Union",
             "American Chamber of Commerce to the European Union (AmCham EU)"]  # fmt: skip
    assert one(actor_of(names), *names)


def test_a_short_form_written_otherwise_than_the_data_writes_it_is_not_joined():
    names = ["New Era", "New European Reuse Alliance", "New European Reuse Alliance (New ERA)"]
    actors = actor_of(names)
    assert apart(actors, "New Era", "New European Reuse Alliance")


def test_a_word_written_as_its_initial_is_the_one_name_with_that_word_in_full():
    names = ["Heinrich Böll Stiftung", "H. Böll Stiftung"]
    actors = actor_of(names)
    assert one(actors, *names)
    assert rule_of(names, "H. Böll Stiftung") == "same name but for a word's initial"
    # Two names it could stand for: neither.
    two = actor_of(["Hans Böll Stiftung", "Heinrich Böll Stiftung", "H. Böll Stiftung"])
    assert apart(two, "H. Böll Stiftung", "Heinrich Böll Stiftung") and apart(two, "H. Böll Stiftung", "Hans Böll Stiftung")


def test_a_joint_entry_of_two_known_organisations_is_neither():
    names = ["France Assureurs", "Gesamtverband der Versicherungswirtschaft",
             "France Assureurs - German Insurance Association (Gesamtverband der Versicherungswirtschaft)"]  # fmt: skip
    actors = actor_of(names)
    assert apart(actors, names[2], names[1]) and apart(actors, names[2], names[0])


def test_a_name_is_the_one_organisation_that_adds_the_kind_of_body_after_it():
    names = ["European Telecommunications Network Operators", "European Telecommunications Network Operators' Association"]
    actors = actor_of(names)
    assert one(actors, *names)
    assert rule_of(names, names[0]) == "same name but for the kind of body after it"
    # Two kinds written after it: which one is not known.
    two = ["European Savings Banks", "European Savings Banks Association", "European Savings Banks Federation"]
    actors = actor_of(two)
    assert apart(actors, two[0], two[1]) and apart(actors, two[0], two[2])
    # Too short a name to be one body.
    assert apart(actor_of(["Robert Bosch", "Robert Bosch Foundation"]), "Robert Bosch", "Robert Bosch Foundation")


def test_europe_after_a_name_is_its_eu_office_but_the_council_of_europe_is_not_the_eus():
    names = ["Friends of the Earth EU", "Friends of the Earth Europe"]
    assert one(actor_of(names), *names)
    assert apart(actor_of(["Council of Europe", "Council of the EU"]), "Council of Europe", "Council of the EU")
    assert apart(actor_of(["EU-Patient", "Europe a Patient"]), "EU-Patient", "Europe a Patient")


def test_a_branch_written_with_the_acronym_of_the_whole_is_not_the_whole():
    names = ["Wirtschaftskammer Österreich (WKO)", "WKO", "Wirtschaftskammer Wien (WKO)"]
    actors = actor_of(names)
    assert one(actors, "WKO", "Wirtschaftskammer Österreich (WKO)")
    assert apart(actors, "WKO", "Wirtschaftskammer Wien (WKO)")


def test_the_acronym_itself_is_no_shared_word_between_two_names():
    names = ["MAN Truck & Bus SE (MAN)", "MAN", "MAN Energy Solutions SE"]
    actors = actor_of(names)
    assert apart(actors, "MAN", "MAN Energy Solutions SE")


# --- found on data no rule was written for (2026-12-07) ----------------------------------------


def test_an_acronym_with_a_company_legal_form_is_a_company_not_the_acronym_of_a_full_name():
    from graphkit.resolution.review import candidates

    names = ["EPPA SA", "EPPA", "European Paper Packaging Alliance", "European Paper Packaging Alliance (EPPA)"]
    # Not one id before resolution: the company's key keeps its legal form.
    assert actor_id("organisation", "EPPA SA") != actor_id("organisation", "EPPA")
    out = resolve(Dataset.from_records(actors=[org(n) for n in names]))
    final = dict(zip(out.merges["from_id"], out.merges["into_id"], strict=True))
    actors = {n: final.get(actor_id("organisation", n), actor_id("organisation", n)) for n in names}
    assert apart(actors, "EPPA SA", "European Paper Packaging Alliance")
    # The acronym alone has two plausible owners: it joins neither.
    assert apart(actors, "EPPA", "EPPA SA") and apart(actors, "EPPA", "European Paper Packaging Alliance")
    # The name written with its acronym is still the full name; the acronym alone is for review.
    assert one(actors, "European Paper Packaging Alliance", "European Paper Packaging Alliance (EPPA)")
    found = candidates(out)
    conflict = found[found["method"] == "acronym also a company's name"]
    assert len(conflict) == 1
    assert {actors["EPPA SA"], actors["EPPA"], actors["European Paper Packaging Alliance"]} <= set(conflict["ids"].iloc[0])
    # An association's legal form is not a company's: ZVEI e.V. is the association ZVEI.
    actors = actor_of(["ZVEI e.V.", "ZVEI (Zentralverband Elektrotechnik- und Elektronikindustrie)",
                       "Zentralverband Elektrotechnik- und Elektronikindustrie"])  # fmt: skip
    assert one(actors, "ZVEI e.V.", "Zentralverband Elektrotechnik- und Elektronikindustrie")


def test_places_on_opposite_sides_of_a_preposition_are_not_the_same_name_in_another_order():
    names = ["China Chamber of Commerce to the EU", "European Union Chamber of Commerce in China",
             "Embassy of Iran", "Iran Embassy", "Mission of Albania to the EU", "Albania Mission to EU"]  # fmt: skip
    actors = actor_of(names)
    assert apart(actors, "China Chamber of Commerce to the EU", "European Union Chamber of Commerce in China")
    # One place written before or after its preposition is the same body.
    assert one(actors, "Embassy of Iran", "Iran Embassy")
    assert one(actors, "Mission of Albania to the EU", "Albania Mission to EU")


def test_a_place_a_people_or_an_event_is_never_the_organisation_of_a_name_in_two_parts():
    names = ["ProDESC (Mexican NGO)", "Mexican NGO", "Ebee Smart Technologies GmbH (Berlin)", "Berlin",
             "Panel discussion: Rule of Law in Hungary and Poland", "Panel discussion"]  # fmt: skip
    actors = actor_of(names)
    assert apart(actors, "ProDESC (Mexican NGO)", "Mexican NGO")
    assert apart(actors, "Ebee Smart Technologies GmbH (Berlin)", "Berlin")
    assert apart(actors, "Panel discussion: Rule of Law in Hungary and Poland", "Panel discussion")


def test_a_register_name_in_french_joins_the_english_name_written_with_the_acronym():
    actors = actor_of(["Association des Constructeurs Européens d'Automobiles", "ACEA",
                       "European Automobile Manufacturers' Association (ACEA)"])  # fmt: skip
    assert one(actors, "Association des Constructeurs Européens d'Automobiles", "ACEA",
               "European Automobile Manufacturers' Association (ACEA)")  # fmt: skip


def _met(pairs: list[tuple[str, str]]) -> Dataset:
    """Organisations (by name) each meeting an official (by name), one meeting a pair."""
    names = sorted({o for o, _ in pairs})
    hosts = sorted({h for _, h in pairs})
    actors = [org(n) for n in names] + [{"id": f"official:{h}", "kind": "official", "name": h} for h in hosts]
    participants = []
    for n, (organisation, host) in enumerate(pairs):
        participants += [{"meeting_id": f"meeting:{n}", "actor_id": actor_id("organisation", organisation), "role": "attendee"},
                         {"meeting_id": f"meeting:{n}", "actor_id": f"official:{host}", "role": "host"}]  # fmt: skip
    meetings = [{"id": f"meeting:{n}", "institution": "EC"} for n in range(len(pairs))]
    return Dataset.from_records(actors=actors, meetings=meetings, participants=participants)


def _resolved(dataset: Dataset, *names: str) -> tuple[dict[str, str], dict[str, str]]:
    out = resolve(dataset)
    final = dict(zip(out.merges["from_id"], out.merges["into_id"], strict=True))
    rules = dict(zip(out.merges["from_name"], out.merges["rule"], strict=True))
    return {n: final.get(actor_id("organisation", n), actor_id("organisation", n)) for n in names}, rules


def test_a_registered_name_joins_its_common_name_when_they_met_the_same_people_and_nothing_else_claims_it():
    pairs = [("Shell Companies", "Ann"), ("Shell Companies", "Bo"), ("Shell", "Ann"), ("Shell", "Bo"),
             ("Amazon Europe Core SARL", "Ann"), ("Amazon Europe Core SARL", "Bo"), ("Amazon", "Ann"), ("Amazon", "Bo"),
             ("Vodafone Belgium SA", "Ann"), ("Vodafone Belgium SA", "Bo"), ("Vodafone", "Ann"), ("Vodafone", "Bo"),
             ("Acme Corporation", "Ann"), ("Acme", "Cy")]  # fmt: skip
    actors, rules = _resolved(_met(pairs), "Shell Companies", "Shell", "Amazon Europe Core SARL", "Amazon",
                              "Vodafone Belgium SA", "Vodafone", "Acme Corporation", "Acme")  # fmt: skip
    assert one(actors, "Shell Companies", "Shell") and one(actors, "Amazon Europe Core SARL", "Amazon")
    assert rules["Shell Companies"].startswith("registered name and common name") and "both met Ann, Bo" in rules["Shell Companies"]
    assert apart(actors, "Vodafone Belgium SA", "Vodafone")  # a place after the name: a branch
    assert apart(actors, "Acme Corporation", "Acme")  # no counterpart in common


def test_a_common_name_two_registered_names_claim_joins_neither():
    pairs = [(n, h) for n in ("Shell Group", "Shell Holding", "Shell") for h in ("Ann", "Bo")]
    actors, _ = _resolved(_met(pairs), "Shell Group", "Shell Holding", "Shell")
    assert len(set(actors.values())) == 3


def test_a_company_named_by_an_acronym_is_the_acronym_alone_where_nothing_spells_it_out_otherwise():
    names = ["BASF SE", "BASF", "TIM S.p.A.", "TIM", "TIM - Telecom Italia", "Eni S.p.A.", "ENI"]
    out = resolve(Dataset.from_records(actors=[org(n) for n in names]))
    final = dict(zip(out.merges["from_id"], out.merges["into_id"], strict=True))
    actors = {n: final.get(actor_id("organisation", n), actor_id("organisation", n)) for n in names}
    assert one(actors, "BASF SE", "BASF") and one(actors, "TIM S.p.A.", "TIM") and one(actors, "Eni S.p.A.", "ENI")
    rules = dict(zip(out.merges["from_name"], out.merges["rule"], strict=True))
    assert rules["BASF SE"].startswith("registered name and common name") and "legal form" in rules["BASF SE"]


def test_an_acronym_an_eu_body_goes_by_is_not_given_to_the_only_expansion_the_data_holds():
    """A bare EASO or EFSA has a second plausible owner the data never spells out (the EU's
    asylum agency, its food safety authority): no merge into the association that shares the
    letters; written out as that association, the name still merges."""
    names = ["European Association for the Study of Obesity (EASO)", "European Association for the Study of Obesity",
             "EASO", "Maria Kostaki (EASO)", "European Forum of Securities Associations (EFSA)",
             "European Forum of Securities Associations", "EFSA"]  # fmt: skip
    out = resolve(Dataset.from_records(actors=[org(n) for n in names]))
    into = dict(zip(out.merges["from_name"], out.merges["into_id"], strict=True))
    obesity = into.get("European Association for the Study of Obesity (EASO)")
    assert obesity is not None  # the written-out name still joins its association
    assert into.get("EASO") != obesity and into.get("Maria Kostaki (EASO)") != obesity
    assert into.get("EFSA") is None or "securities" not in into["EFSA"]
