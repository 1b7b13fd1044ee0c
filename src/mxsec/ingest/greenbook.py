"""U.S. obligations to Mexico by funding account, FY1990-FY2020, from the USAID Greenbook.

Source: USAID, "U.S. Overseas Loans and Grants" (the Greenbook) data set, file prepared
9 August 2022 (FY1946-FY2020); official download https://data.usaid.gov/d/7cnw-pw8v (taken
offline 31 January 2025; catalogued at
https://catalog.data.gov/dataset/u-s-overseas-loans-and-grants-greenbook-data). Public domain
(U.S. Government work). Read from the Mexico rows of the copy in GitHub
``andrewheiss/foreignassistance``, ``data/us_foreignaid_greenbook.xlsx``, commit 33132895, as
placed in the raw folder: ``usaid_greenbook_mexico_obligations_by_account_fy1946_2020.csv``.

Units: obligations, current ("historical") U.S. dollars. The file's constant-dollar column
uses the publisher's own deflator and is not read.

Every funding account keeps its own lowercase program code (``ACCOUNT_PROGRAM``); an account
name not listed there is an error, so a new name is mapped by hand, never guessed. A row
``all_foreign_aid`` carries the year's sum over all accounts; it matches ForeignAssistance.gov's
Mexico obligations (``foreign_aid_explorer``) exactly in FY1990-FY2000; later years differ
by a few dollars, except FY2013 (-$30,001), FY2015 (+$7,519) and FY2018 (+$40,743), all
under 0.02%. Negative values are de-obligations in the source and are kept as they are.
Obligations are not appropriations: timing differs a lot (Mexico INCLE obligations
$2,387,356 in FY2008, $531,724,609 in FY2010).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mxsec.data.schemas import TABLES
from mxsec.ingest.rawfile import read_raw_csv

FILE_NAME = "usaid_greenbook_mexico_obligations_by_account_fy1946_2020.csv"
SOURCE_ID = "usaid_greenbook_7cnw_pw8v_20220809"
FIRST_FISCAL_YEAR = 1990
LAST_FISCAL_YEAR = 2020
STAGE = "obligated"
ALL_FOREIGN_AID = "all_foreign_aid"

COL_YEAR = "Fiscal Year"
COL_COUNTRY = "Country"
COL_AGENCY = "Funding Agency"
COL_ACCOUNT = "Funding Account Name"
COL_CURRENT = "Obligations (Historical Dollars)"
RAW_COLUMNS = [
    COL_YEAR,
    "Region",
    COL_COUNTRY,
    "Assistance Category",
    "Publication Row",
    COL_AGENCY,
    COL_ACCOUNT,
    COL_CURRENT,
    "Obligations (Constant Dollars)",
]

OUTPUT_COLUMNS = TABLES["us_assistance"].ingest_columns

# Greenbook funding account name -> program code. Every account with Mexico obligations in
# FY1990-FY2020 is listed. Codes are the usual budget abbreviations where one exists
# (incle, fmf, esf, imet, nadr, da, mra, csh), otherwise <agency>_<account>.
# The two names of the FWS North American Wetlands Conservation Fund never share a year
# (2003-2011 and 2012-2020) and map to one code; the ingest checks that no code occurs
# twice in a year.
ACCOUNT_PROGRAM: dict[str, str] = {
    # Department of State
    "International Narcotics Control and Law Enforcement": "incle",
    "Foreign Military Financing Program": "fmf",
    "International Military Education and Training": "imet",
    "Nonproliferation, Anti-Terrorism, Demining and Related Programs": "nadr",
    "Global Health Programs": "ghp_state",
    "Democracy Fund, Department of State": "democracy_fund",
    "Diplomatic and Consular Programs, Department of State": "state_diplomatic_consular_programs",
    "Educational and Cultural Exchange Programs, Department of State": "state_educational_cultural_exchange",
    "Migration and Refugee Assistance, Department of State": "mra",
    "National Endowment for Democracy, Department of State": "ned",
    # U.S. Agency for International Development (the Greenbook files ESF under USAID)
    "Economic Support Fund": "esf",
    "Development Assistance": "da",
    "Child Survival and Health Programs Fund, United States": "csh",
    "International Disaster and Famine Assistance": "idfa",
    "Operating Expenses of USAID": "usaid_operating_expenses",
    "Development Credit Authority, United States": "usaid_development_credit_authority",
    "Foreign National Employees Separation Liability Fund": "usaid_fn_employees_separation_fund",
    "INACTIVE - ESF adjustment for USAID Loans and Grants": "usaid_inactive_esf_adjustment",
    "INACTIVE - USAID Grants": "usaid_inactive_grants",
    # Department of Defense
    "Drug Interdiction and Counter-Drug Activities, Defense": "dod_counterdrug",
    "Operation and Maintenance, Defense-Wide": "dod_om_defense_wide",
    "Operation and Maintenance, Navy": "dod_om_navy",
    "Excess Defense Articles": "dod_excess_defense_articles",
    "Military Assistance Programs (Old Code)": "dod_military_assistance_old_code",
    "Cooperative Threat Reduction Account, Defense": "dod_cooperative_threat_reduction",
    "Overseas Contingency Operations Transfer Fund, Defense": "dod_oco_transfer_fund",
    "Air Force Cadet Fund": "dod_air_force_cadet_fund",
    # Department of Justice
    "Salaries and Expenses, Drug Enforcement Administration": "doj_dea_salaries_expenses",
    "Interagency Drug Enforcement, Drug Enforcement Administration": "doj_dea_interagency_drug_enforcement",
    "Salaries and Expenses, Bureau of Alcohol, Tobacco, Firearms and Explosives": "doj_atf_salaries_expenses",
    "Salaries and Expenses, Federal Bureau of Investigation": "doj_fbi_salaries_expenses",
    "Department of Justice, General Legal Activities": "doj_general_legal_activities",
    # Department of Homeland Security
    "Customs and Border Protection, Border and Transportation Security, Department of Homeland Security": "dhs_cbp",
    "Salaries and Expenses, U.S. Immigration and Customs Enforcement, Homeland Security": "dhs_ice_salaries_expenses",
    "United States Citizenship and Immigration Services": "dhs_uscis",
    # Department of Energy
    "Defense Nuclear Nonproliferation, Energy": "doe_defense_nuclear_nonproliferation",
    # Department of Health and Human Services
    "CDC-Wide Activities and Program Support, Centers for Disease Control and Prevention": "hhs_cdc_wide_activities",
    "Emerging and Zoonotic Infectious Diseases, Centers for Disease Control and Prevention": "hhs_cdc_emerging_zoonotic_diseases",
    "Global Health, Centers for Disease Control and Prevention": "hhs_cdc_global_health",
    "Public Health and Social Services Emergency Fund": "hhs_phssef",
    "Salaries and Expenses, Food and Drug Administration": "hhs_fda_salaries_expenses",
    # Department of Agriculture
    "Public Law 480 Title II Grants": "usda_pl480_title_ii",
    "Commodity Credit Corporation Fund": "usda_commodity_credit_corporation",
    "Salaries and Expenses, Foreign Agricultural Service": "usda_fas_salaries_expenses",
    "Salaries and Expenses, Animal Plant Health Inspection Service": "usda_aphis_salaries_expenses",
    "National Forest System, Forest Service": "usda_fs_national_forest_system",
    "State and Private Forestry, Forest Service": "usda_fs_state_private_forestry",
    "Economic Research Service": "usda_economic_research_service",
    "Food Safety and Inspection Service": "usda_food_safety_inspection_service",
    "Miscellaneous Contributed Funds, Agricultural Research Service": "usda_ars_contributed_funds",
    # Department of the Interior
    "North American Wetlands Conservation Fund, United States Fish and Wildlife Service": "doi_fws_wetlands_conservation_fund",
    "U.S. Fish and Wildlife Service, North American Wetlands Conservation Fund": "doi_fws_wetlands_conservation_fund",
    "Neotropical Migratory Bird Conservation, U.S. Fish and Wildlife Service": "doi_fws_neotropical_migratory_birds",
    "Multinational Species Conservation Fund, United States Fish and Wildlife Service": "doi_fws_multinational_species_fund",
    "U.S. Fish and Wildlife Service, Federal Aid to Wildlife Restoration": "doi_fws_wildlife_restoration",
    "U.S. Fish and Wildlife Service, Resource Management": "doi_fws_resource_management",
    # Department of Commerce
    "National Oceanic & Atmospheric Administration, Operations, Research & Facilities": "doc_noaa_operations_research_facilities",
    "Patent and Trademark Office, Salaries and Expenses": "doc_uspto_salaries_expenses",
    # Department of Transportation
    "Federal Aviation Administration, Operations": "dot_faa_operations",
    "Department of Transportation, Transportation Planning, Research, and Development": "dot_planning_research_development",
    # Other agencies
    "Department of Labor, Departmental Management": "dol_departmental_management",
    "International Affairs Technical Assistance": "treasury_technical_assistance",
    "Environmental Programs and Management, Environmental Protection Agency": "epa_environmental_programs",
    "Federal Trade Commission, Salaries and Expenses": "ftc_salaries_expenses",
    "Inter-American Foundation": "inter_american_foundation",
    "Peace Corps": "peace_corps",
    "Trade and Development Agency": "ustda",
    "Program Account, United States International Development Finance Corporation": "dfc_program_account",
}

# Every program code this module can emit (for the curated table's allowed values).
PROGRAM_CODES: tuple[str, ...] = tuple(sorted(set(ACCOUNT_PROGRAM.values()) | {ALL_FOREIGN_AID}))

SOURCES = [
    {
        "source_id": SOURCE_ID,
        "publisher": "U.S. Agency for International Development (USAID)",
        "title": "U.S. Overseas Loans and Grants (Greenbook), FY1946-FY2020, obligations by "
        "country and funding account",
        "url": "https://data.usaid.gov/d/7cnw-pw8v",
        "archive_url": "",
        "published": "2022-08-09",
        "accessed": "2026-11-23",
        "licence": "public domain (U.S. Government work)",
        "note": "Read from the copy in GitHub andrewheiss/foreignassistance, "
        "data/us_foreignaid_greenbook.xlsx, commit 33132895 (Mexico rows, title rows dropped). "
        "The USAID page went offline on 2025-01-31; data.gov catalogue: "
        "https://catalog.data.gov/dataset/u-s-overseas-loans-and-grants-greenbook-data. "
        "Obligations, current dollars.",
    }
]


def read_greenbook_mexico(raw_dir: Path) -> pd.DataFrame:
    """The raw Greenbook Mexico file, checked; a ValueError names the file and the problem."""
    path = Path(raw_dir) / FILE_NAME
    raw = read_raw_csv(path, columns=RAW_COLUMNS, dtype={COL_YEAR: str, COL_CURRENT: str})
    countries = set(raw[COL_COUNTRY])
    if countries != {"Mexico"}:
        raise ValueError(f"{path}: expected only Mexico rows, found countries {sorted(countries)}")
    amounts = pd.to_numeric(raw[COL_CURRENT], errors="coerce")
    if amounts.isna().any():
        bad = raw.loc[amounts.isna(), COL_CURRENT].tolist()[:5]
        raise ValueError(f"{path}: non-numeric {COL_CURRENT!r} values, e.g. {bad}")
    years = pd.to_numeric(raw[COL_YEAR], errors="coerce")
    if years.isna().any():
        bad = raw.loc[years.isna(), COL_YEAR].tolist()[:5]
        raise ValueError(f"{path}: non-numeric {COL_YEAR!r} values, e.g. {bad}")
    return raw.assign(**{COL_YEAR: years, COL_CURRENT: amounts})


def ingest_us_assistance_greenbook(raw_dir: Path) -> pd.DataFrame:
    """Mexico obligations by program (one code per funding account) plus 'all_foreign_aid'.

    Fiscal years 1990-2020, stage 'obligated', current dollars.
    """
    path = Path(raw_dir) / FILE_NAME
    raw = read_greenbook_mexico(raw_dir)
    # The Greenbook writes the 1976 transition quarter as 1976.9; only whole fiscal years
    # in FIRST_FISCAL_YEAR..LAST_FISCAL_YEAR are kept (the transition quarter is outside).
    in_range = raw[(raw[COL_YEAR] >= FIRST_FISCAL_YEAR) & (raw[COL_YEAR] <= LAST_FISCAL_YEAR)]
    not_whole = in_range[in_range[COL_YEAR] % 1 != 0]
    if not not_whole.empty:
        raise ValueError(f"{path}: fractional fiscal years {sorted(set(not_whole[COL_YEAR]))}")
    if in_range.empty:
        raise ValueError(f"{path}: no rows in fiscal years {FIRST_FISCAL_YEAR}-{LAST_FISCAL_YEAR}")
    in_range = in_range.assign(fiscal_year=in_range[COL_YEAR].astype(int))

    unknown = sorted(set(in_range[COL_ACCOUNT]) - set(ACCOUNT_PROGRAM))
    if unknown:
        raise ValueError(f"{path}: funding accounts without a program code in ACCOUNT_PROGRAM: {unknown}")
    rows = in_range.assign(program=in_range[COL_ACCOUNT].map(ACCOUNT_PROGRAM))
    doubled = rows[rows.duplicated(["fiscal_year", "program"], keep=False)]
    if not doubled.empty:
        pairs = sorted(set(zip(doubled["fiscal_year"], doubled["program"])))
        raise ValueError(f"{path}: more than one row per fiscal year and program: {pairs[:5]}")

    accounts = pd.DataFrame(
        {
            "fiscal_year": rows["fiscal_year"],
            "program": rows["program"],
            "value_usd": rows[COL_CURRENT].astype(float),
            "note": "Greenbook account: " + rows[COL_ACCOUNT] + " (" + rows[COL_AGENCY] + ")",
        }
    )
    totals = (
        rows.groupby("fiscal_year")
        .agg(value_usd=(COL_CURRENT, "sum"), n_accounts=(COL_ACCOUNT, "size"))
        .reset_index()
    )
    totals = pd.DataFrame(
        {
            "fiscal_year": totals["fiscal_year"],
            "program": ALL_FOREIGN_AID,
            "value_usd": totals["value_usd"].astype(float),
            "note": "sum of the year's " + totals["n_accounts"].astype(str) + " Greenbook funding accounts",
        }
    )
    out = pd.concat([accounts, totals], ignore_index=True)
    out = out.assign(stage=STAGE, preferred=False, source_id=SOURCE_ID)
    out["fiscal_year"] = out["fiscal_year"].astype(int)
    return out[OUTPUT_COLUMNS].sort_values(["fiscal_year", "program"]).reset_index(drop=True)
