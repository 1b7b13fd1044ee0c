"""Display names: what a reader sees in place of a code, defined once for every report.

- ``VOCABULARIES``: every category code of ``data/`` (the values of a table's code columns:
  ``program``, ``stage``, ``scope``, ``direction``, ``measure``…), per vocabulary, with its English
  display name. A column's vocabulary is its name, except where two tables give one column name
  two meanings (``FIELD_VOCABULARY``: Mérida composition categories, event categories).
- ``COLUMNS``: the column names of ``data/`` and of the computed frames whose names reach a
  reader (a key figure's parts, a claim's filter), with the heading a reader sees.
- ``source_name``: a source as a reader sees it, by publisher and year (with its title where
  the publisher has several sources that year), from ``data/sources.csv``; never its id.

The English names are the messages a Spanish edition translates (ARCHITECTURE.md, "Where text
lives"): each is one whole name, never glued from the code. A code without a name raises
``KeyError`` naming the vocabulary and the code (``tests/test_names.py`` checks that every code in
``data/`` has one); nothing falls back to the code with its underscores replaced.
A topic's own concepts (the cooperation index's pillars and uncertainty choices, the violence
report's series) keep their labels beside their definition in the topic's ``compute``.
"""

from __future__ import annotations

from typing import Any, Iterable, Mapping

import pandas as pd

# Greenbook funding accounts named by their own account name (the program code of every other
# account is given by mxsec.ingest.greenbook.ACCOUNT_PROGRAM, which keeps the Greenbook's name).
PROGRAMS = {
    "merida": "Mérida Initiative",
    "incle": "INCLE (narcotics and law enforcement)",
    "fmf": "FMF (military financing)",
    "esf": "ESF (economic support)",
    "imet": "IMET (military education)",
    "nadr": "NADR (nonproliferation, demining)",
    "dod_counterdrug": "DoD counterdrug (Sec. 1004)",
    "section_1004": "DoD Section 1004",
    "section_333": "DoD Section 333",
    "dod_om_defense_wide": "DoD O&M, Defense-wide",
    "all_foreign_aid": "All U.S. foreign aid",
    "security_assistance": "security assistance (the funding report's definition)",
    "other_dod": "Other DoD accounts",
    "da": "DA (development assistance)",
    "mra": "MRA (migration and refugee assistance)",
    "csh": "CSH (child survival and health)",
    "idfa": "IDFA (international disaster and famine assistance)",
    "ned": "National Endowment for Democracy",
    "ghp_state": "GHP-State (global health, State)",
    # State Department budget justification (CBJ) columns
    "cbj_all_accounts": "All accounts (State budget justification)",
    "cbj_total_without_ghcs_state": "All accounts without GHCS-State (State budget justification)",
    "cbj_other": "Other accounts (State budget justification)",
    "ghcs_usaid": "GHCS-USAID (global health and child survival, USAID)",
    "ghcs_state": "GHCS-State (global health and child survival, State)",
    "ghp_usaid": "GHP-USAID (global health, USAID)",
    "pko": "PKO (peacekeeping operations)",
    "aeeca": "AEECA (assistance for Europe, Eurasia and Central Asia)",
    "io_p": "IO&P (international organizations and programs)",
    "ida": "IDA (international disaster assistance)",
    "ffp": "FFP (Food for Peace)",
    "pl480": "P.L. 480 (food aid)",
    "usaid_admin": "USAID administrative expenses",
}
PROGRAM_SHORT = {
    "merida": "Mérida", "incle": "INCLE", "fmf": "FMF", "esf": "ESF", "imet": "IMET", "nadr": "NADR",
    "dod_counterdrug": "DoD counterdrug", "all_foreign_aid": "All foreign aid", "other_dod": "Other DoD accounts",
}
"""Short programme names for chart legends and narrow table columns (the glossary explains them)."""


def _greenbook_programs() -> dict[str, str]:
    from mxsec.ingest.greenbook import ACCOUNT_PROGRAM

    out: dict[str, str] = {}
    for account, code in ACCOUNT_PROGRAM.items():
        out.setdefault(code, account)  # an account renamed over time keeps its first name
    return out


VOCABULARIES: dict[str, dict[str, str]] = {
    "source": {"inegi": "INEGI", "sesnsp": "SESNSP"},
    "crime": {"intentional_homicide": "intentional homicide", "feminicide": "feminicide"},
    "measure": {"victims": "victims", "case_files": "case files (carpetas)", "apprehensions": "apprehensions",
                "encounters": "encounters"},
    "basis": {"registration": "year of registration", "occurrence": "year of occurrence"},
    "method": {"death_records": "death records", "sesnsp_1997": "SESNSP 1997 classification",
               "sesnsp_2015": "SESNSP 2015 methodology"},
    "revision": {"preliminary": "preliminary", "final": "final", "provisional": "provisional"},
    "program": {**_greenbook_programs(), **PROGRAMS},
    "account": PROGRAMS,
    "stage": {"request": "request", "enacted": "enacted", "allocated": "allocated", "obligated": "obligated",
              "disbursed": "disbursed", "delivered": "delivered"},
    "coverage": {"full": "full fiscal year", "regular_act": "regular act only", "supplemental": "supplemental act only"},
    "merida_category": {  # in the sources' words (the rows' notes quote them)
        "equipment_aircraft_helicopters": "aircraft and helicopters",
        "equipment_aircraft_helicopters_forensic": "aircraft, helicopters and forensic equipment",
        "equipment_law_enforcement_command_centers": "equipment of law enforcement personnel and command centers",
        "information_systems_ssp_database": "SSP database and information exchange",
        "special_units_organized_crime": "special units that combat organized crime",
        "training_police_professionalization_human_rights_prisons":
            "police professionalization, human rights training, prison administration",
        "crime_prevention_communities": "crime prevention programs in communities",
    },
    "direction": {"mx_to_us": "Mexico to the United States", "us_to_mx": "the United States to Mexico"},
    "mechanism": {"extradition": "extradition", "transfer": "transfer outside the treaty",
                  "extradition_and_transfer": "extraditions and transfers"},
    "scope": {"all_persons": "all persons", "nationals_only": "Mexican nationals only"},
    "year_basis": {"calendar": "calendar year", "us_fiscal": "U.S. fiscal year"},
    "region": {"southwest": "southwest border", "nationwide": "nationwide"},
    "agency": {"usbp": "Border Patrol", "usbp_ofo": "Border Patrol and Office of Field Operations"},
    "authority": {"title_8": "Title 8", "title_8_and_42": "Title 8 and Title 42"},
    "drug": {"all": "all drugs", "opioids": "opioids",
             "synthetic_opioids": "synthetic opioids other than methadone (mainly fentanyl)",
             "psychostimulants": "psychostimulants (mainly methamphetamine)", "cocaine": "cocaine", "heroin": "heroin"},
    "reference_figure": {"us_mexico_boundary_length": "length of the U.S.-Mexico boundary",
                         "michoacan_deployment_2006": "forces sent to Michoacán, December 2006",
                         "national_guard_southern_border_2019": "National Guard sent to the southern border, June 2019",
                         "central_america_request_fy2016": "FY2016 budget request for Central America",
                         "central_america_request_fy2018": "FY2018 budget request for Central America",
                         "merida_withheld_fy2014": "Mérida funds withheld under the FY2014 human-rights criteria",
                         "impunity_rate": "impunity rate",
                         "state_department_top_posts_vacant": "vacant top posts of the State Department"},
    "reference_scope": {"land_boundary": "boundary on land and rivers", "federal_forces": "federal forces",
                        "national_guard": "National Guard", "central_america": "Central America", "mexico": "Mexico",
                        "recorded_crimes": "crimes recorded by the authorities",
                        "all_crimes": "all crimes, reported or not", "homicide": "intentional homicide",
                        "state_department_top_posts": "top posts of the State Department"},
    "reference_unit": {"miles": "miles", "km": "km", "persons": "persons", "usd": "U.S. dollars",
                       "percent": "percent", "positions": "positions"},
    "event_category": {"agreement": "agreement", "dialogue": "dialogue", "aid": "aid", "extradition": "extradition",
                       "transfer": "transfer", "joint_operation": "joint operation", "arrest": "arrest",
                       "dispute": "dispute", "sanction": "sanction", "unilateral_action": "unilateral action",
                       "suspension": "suspension"},
}
FIELD_VOCABULARY = {("merida_composition", "category"): "merida_category", ("events", "category"): "event_category",
                    ("us_assistance_cbj", "account"): "account", ("reference_figures", "figure"): "reference_figure",
                    ("reference_figures", "scope"): "reference_scope", ("reference_figures", "unit"): "reference_unit"}
"""(table, column) pairs whose vocabulary is not named like the column."""

COLUMNS = {
    "year": "year", "fiscal_year": "fiscal year", "start_fiscal_year": "first fiscal year",
    "end_fiscal_year": "last fiscal year", "period_start": "first day", "period_end": "last day",
    "state_code": "state", "months": "months", "value": "value", "value_usd": "US$", "persons": "persons",
    "obs_status": "flag", "preferred": "preferred", "source_id": "source", "locator": "where in the source",
    "note": "note", "year_basis": "year basis", "program": "programme", "account": "account", "stage": "stage",
    "coverage": "coverage", "category": "category", "direction": "direction", "mechanism": "mechanism",
    "scope": "scope", "source": "statistical system", "crime": "crime", "measure": "measure", "basis": "basis",
    "method": "method", "revision": "revision", "region": "region", "agency": "agency", "authority": "authority",
    "drug": "drug", "share": "share", "month": "month", "figure": "figure", "quantity": "quantity",
    "as_of": "as of", "unit": "unit",
    # computed columns whose names reach a reader (parts of key figures)
    "years": "years", "years_with_data": "years with data", "persons_with_data": "persons in the years with data",
    "years_in_span": "years in the span", "stated": "stated", "stated_window": "stated window",
    "complete": "complete", "first_year": "first year", "last_year": "last year", "missing_years": "missing years",
    "nationals_only_years": "years counting nationals only", "average_per_year": "average per year",
    "stated_first_24_months": "stated for the first 24 months", "stated_source_id": "source of the stated figure",
}


def vocabulary(column: str, table: str | None = None) -> str:
    """The vocabulary of ``table``'s ``column`` (its name unless ``FIELD_VOCABULARY`` says otherwise)."""
    return FIELD_VOCABULARY.get((table or "", column), column)


def code_name(column: str, code: Any, table: str | None = None, short: bool = False) -> str:
    """The display name of ``code`` in ``table``'s ``column``: ``code_name("scope", "all_persons")``
    is ``all persons``. ``short`` gives the short programme name where one exists. Raises KeyError
    (naming the vocabulary and code) for a code without a display name."""
    vocab = vocabulary(column, table)
    if short and vocab in ("program", "account") and code in PROGRAM_SHORT:
        return PROGRAM_SHORT[code]
    names = VOCABULARIES.get(vocab)
    if names is None:
        raise KeyError(f"no vocabulary {vocab!r} in mxsec.names.VOCABULARIES (column {column!r})")
    if code not in names:
        raise KeyError(f"no display name for {vocab} code {code!r}: add it to mxsec.names.VOCABULARIES[{vocab!r}]")
    return names[code]


def code_names(column: str, codes: Iterable[Any], table: str | None = None, short: bool = False) -> list[str]:
    """``code_name`` of each code, in order."""
    return [code_name(column, c, table, short) for c in codes]


def column_name(column: str) -> str:
    """The heading a reader sees for ``column``; KeyError for a column without one."""
    if column not in COLUMNS:
        raise KeyError(f"no display name for column {column!r}: add it to mxsec.names.COLUMNS")
    return COLUMNS[column]


def conditions_text(conditions: Mapping[str, Any], table: str | None = None) -> str:
    """A filter as a reader reads it: ``{"direction": "mx_to_us", "scope": "all_persons"}`` gives
    ``direction: Mexico to the United States; scope: all persons``. A column with no vocabulary
    (years, numbers) shows its value as it is."""
    parts = []
    for column, value in conditions.items():
        vocab = vocabulary(column, table)
        shown = code_name(column, value, table) if vocab in VOCABULARIES else str(value)
        parts.append(f"{column_name(column)}: {shown}")
    return "; ".join(parts)


# --- Sources --------------------------------------------------------------------------------------

def _publisher(text: Any) -> str:
    return str(text).split(" (")[0]


def _year(published: Any) -> str:
    return str(published)[:4] if isinstance(published, str) and published.strip() else "n.d."


def source_names(sources: pd.DataFrame | None = None, titles: bool = True) -> dict[str, str]:
    """Every source id of ``sources`` (default ``data/sources.csv``) -> its display name:
    ``Publisher (year)`` (the publisher without its parenthetical remark); where the publisher has
    several sources that year, ``Publisher, Title (year)``, with the full publication date where
    even that repeats. Two ids of one document (same publisher, title and date) share a name.
    ``titles=False`` gives ``Publisher (year)`` for every source: for a table that prints each
    source's date beside it, where the title would only lengthen the row."""
    if sources is None:
        from mxsec.data import load

        sources = load("sources")
    publisher = [_publisher(p) for p in sources["publisher"]]
    year = [_year(p) for p in sources["published"]]
    dated = [str(p) if isinstance(p, str) and p.strip() else "n.d." for p in sources["published"]]
    short = [f"{p} ({y})" for p, y in zip(publisher, year)]
    titled = [f"{p}, {t} ({y})" for p, t, y in zip(publisher, sources["title"], year)]
    if not titles:
        return dict(zip(sources["source_id"], short))
    short_n, titled_n = pd.Series(short).value_counts(), pd.Series(titled).value_counts()
    names = [s if short_n[s] == 1 else t if titled_n[t] == 1 else f"{p}, {title} ({d})"
             for s, t, p, title, d in zip(short, titled, publisher, sources["title"], dated)]
    return dict(zip(sources["source_id"], names))


def source_name(source_id: str, sources: pd.DataFrame | None = None) -> str:
    """The display name of one source (``source_names``); KeyError for an id not in sources.csv."""
    names = source_names(sources)
    if source_id not in names:
        raise KeyError(f"source_id not in sources.csv: {source_id}")
    return names[source_id]


def cite(source_ids: Iterable[str] | str, sources: pd.DataFrame | None = None, names: Mapping[str, str] | None = None,
         sep: str = "; ") -> str:
    """Source ids (an iterable of ids, or of strings of ids joined by ``;`` or ``,``) as their display names joined
    by ``sep``, in order, each once. ``names`` (from ``source_names``) saves reading the table again."""
    if isinstance(source_ids, str):
        source_ids = [source_ids]
    source_ids = [s.strip() for ids in source_ids for s in str(ids).replace(",", ";").split(";") if s.strip()]
    names = source_names(sources) if names is None else names
    missing = [s for s in source_ids if s not in names]
    if missing:
        raise KeyError(f"source_id not in sources.csv: {', '.join(missing)}")
    return sep.join(dict.fromkeys(names[s] for s in source_ids))
