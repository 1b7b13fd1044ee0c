"""The curated tables: fields, types, units, allowed values, keys. Defined once, here.

``mxsec data refresh`` writes ``data/datapackage.json`` (Frictionless Data Package) from these
definitions, and ``mxsec.data.load`` builds its pandera schema from them, so the published
metadata and the checks cannot drift apart (a test compares the two).

Conventions: counts are whole persons or deaths; money is nominal U.S. dollars
(``value_usd``); years are calendar years unless the field says ``fiscal_year`` (U.S. federal
fiscal year, 1 October to 30 September); ``state_code`` is INEGI's two-digit code (``00`` =
national); ``months`` is how many months of the year a figure covers (12 = full year).
"""

from __future__ import annotations

from dataclasses import dataclass

YEAR_MIN, YEAR_MAX = 1946, 2070
STATE_CODES = [f"{i:02d}" for i in range(1, 33)]


@dataclass(frozen=True)
class Field:
    name: str
    type: str  # string | integer | number | boolean | date
    description: str
    unit: str = ""
    enum: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    required: bool = True
    pattern: str = ""


@dataclass(frozen=True)
class Table:
    name: str
    title: str
    description: str
    fields: tuple[Field, ...]
    primary_key: tuple[str, ...]
    period: tuple[str, ...] = ()  # the field(s) naming the period an observation covers
    series_key: tuple[str, ...] = ()  # fields that define a series: what is measured, where, how
    break_columns: tuple[str, ...] = ()  # may change along a series only where the row is flagged B
    rank: str = ""  # how candidates within a series and period are ranked (prose for the dictionary)
    cites_rows: bool = True  # every row has a source_id
    table_source: str = ""  # reference tables: one source for the whole table

    @property
    def preferred_key(self) -> tuple[str, ...]:
        """Period plus series key: ``preferred`` is chosen within a series, never across series."""
        return (*self.period, *self.series_key) if self.series_key else ()

    @property
    def columns(self) -> list[str]:
        return [f.name for f in self.fields]

    @property
    def ingest_columns(self) -> list[str]:
        """Columns of the rows an ingest module derives from a raw file: all but ``locator``, which
        only hand-kept rows carry (a raw row is located by its file and key), and the columns
        ``mxsec.ingest.flags`` derives for every row (status, method, coverage)."""
        return [c for c in self.columns if c != LOCATOR_NAME and c not in DERIVED_COLUMNS]


def _year(name: str = "year", description: str = "Calendar year", required: bool = True) -> Field:
    return Field(name, "integer", description, minimum=YEAR_MIN, maximum=YEAR_MAX, required=required)


SOURCE_ID = Field("source_id", "string", "Source of the row's figure; resolves in sources.csv", pattern=r"^[a-z0-9_]+$")
LOCATOR_NAME = "locator"
DERIVED_COLUMNS = ("obs_status", "method", "coverage")  # set by mxsec.ingest.flags where a row leaves them empty
LOCATOR = Field(LOCATOR_NAME, "string", "Where in the source the figure stands (page, table, paragraph)", required=False)
NOTE = Field("note", "string", "Why this row is or is not preferred; short quotation where useful", required=False)
PREFERRED = Field("preferred", "boolean", "True on exactly one row per period of each series (preferred key): the value "
                  "the reports use for that series")
OBS_STATUSES = {"A": "normal value", "B": "break in series: the definition changes from this period on",
                "E": "estimated value", "F": "forecast or projection", "P": "provisional value (a later release may revise it)"}
OBS_STATUS = Field("obs_status", "string", "Observation status (SDMX OBS_STATUS): " + "; ".join(
    f"{code} {meaning}" for code, meaning in OBS_STATUSES.items()), enum=tuple(OBS_STATUSES))
MONTHS = Field("months", "integer", "Months of the year the figure covers (12 = full year)", "months", minimum=1, maximum=12)
STATE = Field("state_code", "string", "INEGI state code, two digits ('01'..'32')", enum=tuple(STATE_CODES))
STATE_OR_NATIONAL = Field("state_code", "string", "INEGI state code; '00' = national", enum=("00", *STATE_CODES))
HOMICIDE_SOURCE = Field("source", "string", "Statistical system: INEGI death records or SESNSP prosecutors' reports",
                        enum=("inegi", "sesnsp"))
CRIME = Field("crime", "string", "Crime; INEGI counts all homicide deaths as intentional_homicide",
              enum=("intentional_homicide", "feminicide"))
MEASURE = Field("measure", "string", "Victims (deaths) or case files (carpetas / averiguaciones)",
                enum=("victims", "case_files"))
METHOD = Field("method", "string", "Statistical method: INEGI death records; SESNSP's 1997 crime classification "
                "(CIEISP, published 1997-2017) or its 2015 methodology (published from 2015)",
                enum=("death_records", "sesnsp_1997", "sesnsp_2015"))
BASIS = Field("basis", "string", "Year of registration (INEGI headline) or of occurrence", enum=("registration", "occurrence"))
REVISION = Field("revision", "string", "Preliminary or final release", enum=("preliminary", "final"))
MAIN_PROGRAMS = ("merida", "incle", "fmf", "esf", "section_1004", "section_333", "imet", "nadr", "dod_counterdrug",
                 "all_foreign_aid")
PROGRAM = Field("program", "string", "Programme or funding account: " + ", ".join(MAIN_PROGRAMS) + ", or another "
                "Greenbook account code (mxsec.ingest.greenbook.ACCOUNT_PROGRAM)", pattern=r"^[a-z0-9_]+$")
COVERAGE = Field("coverage", "string", "full: the whole fiscal year; regular_act or supplemental: only that "
                  "appropriations act of the year (the other was not found)", enum=("full", "regular_act", "supplemental"))
EXPLICIT_FIRST = "explicit preferred=true in data/manual (its note says why); then "
HOMICIDE_RANK = EXPLICIT_FIRST + "full year over part of one; final over preliminary; then raw datasets over hand-kept rows"
STAGES = ("request", "enacted", "allocated", "obligated", "disbursed", "delivered")
DIRECTION = Field("direction", "string", "mx_to_us: Mexico surrenders persons to the U.S.; us_to_mx: the reverse",
                  enum=("mx_to_us", "us_to_mx"))
SCOPE = Field("scope", "string", "All persons, or Mexican nationals only", enum=("all_persons", "nationals_only"))
MONTH_PATTERN = r"^\d{4}-(0[1-9]|1[0-2])$"  # a calendar month, YYYY-MM
TEST_PERIOD_PATTERN = r"^\d{4}(-\d{4}|-(0[1-9]|1[0-2]))?$"  # a claim's test period: year, span of years or month
EVENT_CATEGORIES = ("agreement", "dialogue", "aid", "extradition", "transfer", "joint_operation", "arrest", "dispute",
                    "sanction", "unilateral_action", "suspension")

TABLES: dict[str, Table] = {t.name: t for t in [
    Table("sources", "Sources", "Every publication or dataset a figure comes from.", (
        Field("source_id", "string", "Identifier used by the tables", pattern=r"^[a-z0-9_]+$"),
        Field("publisher", "string", "Publisher (for press reports: the outlet; the official source in note)"),
        Field("title", "string", "Title or document number"),
        Field("url", "string", "Where the document or dataset is published (empty only where the source gave none)",
              required=False),
        Field("archive_url", "string", "Archived copy where the page may move", required=False),
        Field("published", "string", "Publication date (YYYY, YYYY-MM or YYYY-MM-DD); empty when the source is undated",
              pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", required=False),
        Field("accessed", "string", "Date the figure was read", pattern=r"^\d{4}-\d{2}-\d{2}$"),
        Field("licence", "string", "Licence or terms of the source"),
        Field("note", "string", "Compilation read, caveats", required=False),
    ), ("source_id",), cites_rows=False, table_source="self"),
    Table("homicides_national", "Homicides in Mexico, national",
          "Annual homicides: INEGI death records (registration and occurrence basis, preliminary and final) and "
          "SESNSP victims and case files. One row per source and series; never sum across rows.", (
        _year(), HOMICIDE_SOURCE, CRIME, MEASURE, BASIS, METHOD, REVISION, MONTHS,
        Field("value", "integer", "Homicides (victims or case files)", "persons or case files", minimum=0),
        OBS_STATUS, PREFERRED, SOURCE_ID, LOCATOR, NOTE,
    ), ("year", "source", "crime", "measure", "basis", "method", "revision", "months", "source_id"),
        period=("year",), series_key=("source", "crime", "measure", "basis", "method"), rank=HOMICIDE_RANK),
    Table("homicides_state", "Homicides in Mexico, by state", "Annual homicides by state (INEGI and SESNSP).", (
        _year(), STATE, HOMICIDE_SOURCE, CRIME, MEASURE, BASIS, METHOD, REVISION, MONTHS,
        Field("value", "integer", "Homicides (victims or case files)", "persons or case files", minimum=0),
        OBS_STATUS, PREFERRED, SOURCE_ID, NOTE,
    ), ("year", "state_code", "source", "crime", "measure", "basis", "method", "revision", "months", "source_id"),
        period=("year",), series_key=("state_code", "source", "crime", "measure", "basis", "method"), rank=HOMICIDE_RANK),
    Table("homicides_monthly", "Homicides in Mexico by month of occurrence",
          "INEGI homicide deaths by state and month of occurrence, 2000-2022 (deaths with unknown state or month "
          "are not in the file).", (
        _year(), Field("month", "integer", "Month of occurrence", minimum=1, maximum=12), STATE_OR_NATIONAL,
        Field("value", "integer", "Homicide deaths", "persons", minimum=0),
        Field("days_in_month", "integer", "Days in the month (for deaths per day)", "days", minimum=28, maximum=31),
        OBS_STATUS, SOURCE_ID,
    ), ("year", "month", "state_code")),
    Table("population", "Population of Mexico", "CONAPO mid-year population, both sexes, national and by state.", (
        _year(), STATE_OR_NATIONAL, Field("population", "integer", "Mid-year population, both sexes", "persons", minimum=1),
        OBS_STATUS, SOURCE_ID,
    ), ("year", "state_code")),
    Table("us_assistance", "U.S. assistance to Mexico by fiscal year",
          "Requests, enacted amounts, allocations, obligations and disbursements by programme or account, nominal "
          "dollars. Programmes overlap (Merida is funded through INCLE, ESF and FMF; all_foreign_aid contains "
          "everything): never sum across programmes without mxsec.analysis.funding.security_assistance().", (
        _year("fiscal_year", "U.S. federal fiscal year (October-September)"),
        PROGRAM, Field("stage", "string", "Budget stage", enum=STAGES), COVERAGE,
        Field("value_usd", "number", "Amount in nominal U.S. dollars (negative: net de-obligation)", "USD (nominal)"),
        OBS_STATUS, PREFERRED, SOURCE_ID, LOCATOR, NOTE,
    ), ("fiscal_year", "program", "stage", "coverage", "source_id"), period=("fiscal_year",),
        series_key=("program", "stage"), rank=EXPLICIT_FIRST + "a full fiscal year over one "
        "appropriations act of it; then official datasets (Foreign Aid Explorer, Greenbook) over transcriptions"),
    Table("us_assistance_cbj", "State Department budget justification tables, Mexico, status not stated",
          "Mexico rows of the CBJ country-by-account tables FY2008-FY2015 whose status (actual, estimate, request) the "
          "source does not label; kept apart from us_assistance so no stage is guessed.", (
        _year("fiscal_year", "U.S. federal fiscal year"), Field("account", "string", "Account code", pattern=r"^[a-z0-9_]+$"),
        Field("value_usd", "number", "Amount in nominal U.S. dollars", "USD (nominal)"),
        Field("label_as_in_source", "string", "Sheet name in the source workbook"), OBS_STATUS, SOURCE_ID, NOTE,
    ), ("fiscal_year", "account", "source_id")),
    Table("us_assistance_periods", "U.S. assistance to Mexico: cumulative totals stated by sources", "", (
        _year("start_fiscal_year", "First fiscal year covered"), _year("end_fiscal_year", "Last fiscal year covered"),
        PROGRAM, Field("stage", "string", "Budget stage", enum=STAGES),
        Field("value_usd", "number", "Amount in nominal U.S. dollars", "USD (nominal)", minimum=0),
        OBS_STATUS, SOURCE_ID, LOCATOR, NOTE,
    ), ("start_fiscal_year", "end_fiscal_year", "program", "stage", "source_id")),
    Table("merida_composition", "Merida Initiative funds by pillar or type, as sources state them", "", (
        _year("start_fiscal_year", "First fiscal year covered"), _year("end_fiscal_year", "Last fiscal year covered"),
        Field("category", "string", "Pillar or type as named by the source"),
        Field("value_usd", "number", "Amount in nominal U.S. dollars", "USD (nominal)", minimum=0, required=False),
        Field("share", "number", "Share of the total, 0-1", "fraction", minimum=0, maximum=1, required=False),
        OBS_STATUS, SOURCE_ID, LOCATOR, NOTE,
    ), ("start_fiscal_year", "end_fiscal_year", "category", "source_id")),
    Table("us_cpi_u", "U.S. consumer prices (CPI-U)", "BLS CPI-U, U.S. city average, all items, annual average.", (
        _year(), Field("cpi_u_annual_average", "number", "Index, 1982-84 = 100", "index", minimum=0), OBS_STATUS, SOURCE_ID,
    ), ("year",)),
    Table("extraditions", "Extraditions between Mexico and the United States",
          "Persons extradited or transferred per year, one row per source.", (
        _year(), DIRECTION,
        Field("mechanism", "string", "Extradition under the treaty, or transfer outside it (2025)",
              enum=("extradition", "transfer")),
        SCOPE, Field("year_basis", "string", "Calendar or U.S. fiscal year", enum=("calendar", "us_fiscal")), MONTHS,
        Field("persons", "integer", "Persons", "persons", minimum=0), OBS_STATUS, PREFERRED, SOURCE_ID, LOCATOR, NOTE,
    ), ("year", "direction", "mechanism", "scope", "year_basis", "months", "source_id"), period=("year",),
        series_key=("direction", "mechanism", "scope", "year_basis"),
        rank=EXPLICIT_FIRST + "full year over part of one"),
    Table("extraditions_periods", "Extraditions: totals stated for a span or administration", "", (
        Field("period_start", "date", "First day covered"), Field("period_end", "date", "Last day covered"), DIRECTION,
        Field("mechanism", "string", "Extradition, transfer, or a total that mixes both as the source states it",
              enum=("extradition", "transfer", "extradition_and_transfer")), SCOPE,
        Field("persons", "integer", "Persons", "persons", minimum=0), OBS_STATUS, SOURCE_ID, LOCATOR, NOTE,
    ), ("period_start", "period_end", "direction", "mechanism", "scope", "source_id")),
    Table("border_apprehensions", "U.S. Border Patrol apprehensions and CBP encounters", "", (
        _year("fiscal_year", "U.S. federal fiscal year"),
        Field("region", "string", "Southwest border or nationwide", enum=("southwest", "nationwide")),
        Field("measure", "string", "apprehensions: Title 8 apprehensions only; encounters: every person stopped, "
              "including Title 42 expulsions while Title 42 applied (March 2020 to 11 May 2023)",
              enum=("apprehensions", "encounters")),
        Field("agency", "string", "usbp: U.S. Border Patrol between ports of entry; usbp_ofo: Border Patrol plus the "
              "Office of Field Operations at ports of entry (all CBP)", enum=("usbp", "usbp_ofo")),
        Field("authority", "string", "Legal authority of the events counted: title_8 (immigration law) or "
              "title_8_and_42 (Title 8 plus Title 42 public-health expulsions)", enum=("title_8", "title_8_and_42")),
        Field("months", "integer", "Months of the fiscal year the figure covers (12 = full year; FY2025 figures of "
              "files cut during the year cover fewer)", "months", minimum=1, maximum=12),
        Field("value", "integer", "Events (a person can be counted more than once)", "events", minimum=0),
        OBS_STATUS, PREFERRED, SOURCE_ID, LOCATOR, NOTE,
    ), ("fiscal_year", "region", "measure", "agency", "source_id"), period=("fiscal_year",),
        series_key=("region", "measure", "agency"), break_columns=("authority",),
        rank=EXPLICIT_FIRST + "more months of the fiscal year over fewer; then one dataset per series, best first: "
        "the DHS OHSS encounters workbook (one vintage, FY2000 on), the CBP Southwest Land Border Encounters file, "
        "then hand-kept figures"),
    Table("border_encounters_monthly", "U.S. Border Patrol encounters by month",
          "DHS OHSS U.S. Border Patrol encounters by calendar month, southwest border and nationwide, October 1999 "
          "(FY2000) to the workbook's latest month (November 2024), rounded to the nearest 10 by OHSS. Every row is a "
          "complete month. Encounters are Title 8 apprehensions, plus Title 42 expulsions from March 2020 to May 2023 "
          "(authority title_8_and_42; B where it changes). Never summed with border_apprehensions.", (
        _year("fiscal_year", "U.S. federal fiscal year the month belongs to (October-September)"),
        Field("month", "string", "Calendar year and month (YYYY-MM) the count covers", pattern=MONTH_PATTERN),
        Field("region", "string", "Southwest border or nationwide", enum=("southwest", "nationwide")),
        Field("measure", "string", "encounters: every person stopped, Title 8 apprehensions plus Title 42 "
              "expulsions while Title 42 applied (March 2020 to 11 May 2023)", enum=("encounters",)),
        Field("agency", "string", "usbp: U.S. Border Patrol between ports of entry", enum=("usbp",)),
        Field("authority", "string", "Legal authority of the events counted: title_8 (immigration law) or "
              "title_8_and_42 (Title 8 plus Title 42 public-health expulsions, March 2020 to May 2023)",
              enum=("title_8", "title_8_and_42")),
        Field("value", "integer", "Events in the month (a person can be counted more than once)", "events", minimum=0),
        OBS_STATUS, PREFERRED, SOURCE_ID, NOTE,
    ), ("month", "region", "measure", "agency", "source_id"), period=("month",),
        series_key=("region", "measure", "agency"), break_columns=("authority",),
        rank="one dataset per series, best first: the DHS OHSS encounters workbook (one vintage, October 1999 on)"),
    Table("us_overdose_deaths", "U.S. drug overdose deaths", "CDC/NCHS drug overdose deaths, all drugs and by drug.", (
        _year(), Field("drug", "string", "Drug involved (categories overlap)",
                       enum=("all", "opioids", "synthetic_opioids", "heroin", "cocaine", "psychostimulants")),
        Field("revision", "string", "Provisional or final", enum=("provisional", "final")),
        Field("value", "integer", "Deaths", "persons", minimum=0), OBS_STATUS, PREFERRED, SOURCE_ID, LOCATOR, NOTE,
    ), ("year", "drug", "revision", "source_id"), period=("year",), series_key=("drug",),
        rank=EXPLICIT_FIRST + "final over provisional; then the NCHS dataset over secondary reports"),
    Table("reference_figures", "Reference figures: one-off figures the literature cites",
          "One-off facts that no series of data/ holds (the length of the boundary, troops sent in one deployment, a "
          "budget request for another region, funds withheld once, an impunity rate), one row per source that states "
          "the figure; a figure a source gives only as a floor (\"more than 6,700\") is named in the preferred row's "
          "note, not stored as a value.", (
        Field("figure", "string", "What is measured (code)", pattern=r"^[a-z0-9_]+$"),
        Field("quantity", "string", "What is measured, in words"),
        Field("as_of", "string", "When the figure applies: the day or month of a deployment, or the publication "
              "year for a standing fact (the year read where the source is undated), the year of the data for a rate "
              "that names it, else its publication month (YYYY, YYYY-MM or YYYY-MM-DD)", pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$"),
        Field("scope", "string", "What the figure counts (code): land_boundary (the whole boundary on land and "
              "rivers, without the maritime lines); federal_forces (soldiers, marines and federal police); "
              "national_guard; central_america (the region's countries together); mexico; recorded_crimes (crimes "
              "the authorities recorded as committed); all_crimes (recorded crimes and those never reported); "
              "homicide (intentional homicide); state_department_top_posts (the deputy secretaries, under "
              "secretaries and counselor of the State Department)",
              enum=("land_boundary", "federal_forces", "national_guard", "central_america", "mexico",
                    "recorded_crimes", "all_crimes", "homicide", "state_department_top_posts")),
        Field("value", "number", "The figure as the source states it", minimum=0),
        Field("unit", "string", "Unit of value", enum=("miles", "km", "persons", "usd", "percent", "positions")),
        OBS_STATUS, PREFERRED, SOURCE_ID, LOCATOR, NOTE,
    ), ("figure", "scope", "unit", "source_id"), series_key=("figure", "scope", "unit"),
        rank=EXPLICIT_FIRST + "one row per source otherwise"),
    Table("administrations", "Presidential administrations of Mexico and the United States", "", (
        Field("country", "string", "Country", enum=("MX", "US")), Field("name", "string", "President"),
        Field("short_name", "string", "Name used in chart labels"),
        Field("party", "string", "Party"), Field("start", "date", "First day in office"),
        Field("end", "date", "Last day in office (empty: in office)", required=False),
    ), ("country", "start"), cites_rows=False, table_source="constitutions"),
    Table("events", "Bilateral security events", "Dated U.S.-Mexico security events; direction and score follow "
          "from category (mxsec.data.events.CATEGORY_SCORES), computed at load time.", (
        Field("date", "date", "Day the event happened"), Field("title", "string", "What happened"),
        Field("category", "string", "Kind of event", enum=EVENT_CATEGORIES), SOURCE_ID, NOTE,
    ), ("date", "title")),
    Table("claims", "Numerical claims of the literature and how to test them",
          "One row per numerical claim quoted from the five papers in the project's literature, with a declarative "
          "test against the curated tables (table, filter, aggregate, period, comparison, tolerance); "
          "mxsec.analysis.claims.evaluate() computes the verdicts. An empty test_table means data/ holds nothing "
          "to test the claim with (note says what is missing).", (
        Field("claim_id", "string", "Identifier of the claim", pattern=r"^[a-z0-9_]+$"),
        Field("paper", "string", "File name of the paper in the literature folder", pattern=r"^\d{3}_[0-9a-f]{16}\.txt$"),
        Field("locator", "string", "Where in the paper the claim stands (section, line of the text file)"),
        Field("quote", "string", "Verbatim passage stating the claim, at most 25 words"),
        Field("quantity", "string", "What the claim measures"),
        Field("period", "string", "Year, span of years (YYYY-YYYY) or month (YYYY-MM) the claim is about",
              pattern=r"^\d{4}(-\d{2}|-\d{4})?$"),
        Field("claimed_value", "number", "The figure the paper states (dollars in whole dollars)"),
        Field("unit", "string", "Unit of claimed_value (persons, deaths, usd, events, percent, ...)"),
        Field("claimed_value_2", "number", "Second figure of a change claim (from X to Y), or the upper bound of a "
              "range claim", required=False),
        Field("period_2", "string", "Period of claimed_value_2 in a change claim", pattern=r"^\d{4}(-\d{2}|-\d{4})?$",
              required=False),
        Field("test_table", "string", "Curated table the claim is tested against (empty: nothing in data/ to test it)",
              enum=("homicides_national", "homicides_state", "extraditions", "extraditions_periods",
                    "border_apprehensions", "border_encounters_monthly", "us_overdose_deaths", "us_assistance",
                    "us_assistance_periods", "merida_composition", "reference_figures"), required=False),
        Field("test_filter", "string", "Rows of test_table to use: col=value;col2=value2",
              pattern=r"^[a-z0-9_]+=[^;=]+(;[a-z0-9_]+=[^;=]+)*$", required=False),
        Field("test_aggregate", "string", "How the rows become one number: the single year's value, or the sum, "
              "mean, min or max over the years of test_period (span tables: the total, or total per year for mean)",
              enum=("value", "sum", "mean", "min", "max"), required=False),
        Field("test_period", "string", "Year or span (YYYY-YYYY) in the table's year field (year or fiscal_year); in a "
              "monthly table (period month), one calendar month (YYYY-MM)", pattern=TEST_PERIOD_PATTERN, required=False),
        Field("test_period_2", "string", "Year, span or month for claimed_value_2 of a change claim",
              pattern=TEST_PERIOD_PATTERN, required=False),
        Field("comparison", "string", "approx (within tolerance either side), below (\"nearly\": at most the figure "
              "and within tolerance below it), gte (at least), lte (at most), range (between claimed_value and "
              "claimed_value_2)", enum=("approx", "below", "gte", "lte", "range")),
        Field("tolerance_rel", "number", "Relative tolerance set from the claim's stated precision before looking at "
              "the data (rule in mxsec.analysis.claims)", "fraction", minimum=0, maximum=1),
        SOURCE_ID, NOTE,
        Field("kind", "string", "numerical (tested and counted) or qualitative (kept as a separate list with the "
              "evidence the reports offer, in note; not counted)", enum=("numerical", "qualitative")),
        Field("definition", "string", "Measure, scope and stage of the claim: stated by the claim, or inferred by the "
              "ledger (which says so)", required=False),
        Field("readings", "string", "Other plausible readings where stage, scope or measure is unstated, tested "
              "too: col=value;... overrides of test_filter, separated by |", required=False),
        Field("qualifier", "string", "The word that sets the comparison (exact, about, nearly, more than, ...)"),
        Field("qualifier_2", "string", "Qualifier of the second figure of a change claim, when it differs",
              required=False),
        Field("comparison_2", "string", "Comparison of the second figure, when it differs",
              enum=("approx", "below", "gte", "lte", "range"), required=False),
        Field("precision", "string", "Precision of the figure that sets the tolerance: exact (a count to the unit), "
              "3, 2 or 1 significant figures, year or range", enum=("exact", "3", "2", "1", "year", "range")),
        Field("precision_2", "string", "Precision of the second figure of a change claim, when it differs (each "
              "figure is judged at its own precision)", enum=("exact", "3", "2", "1", "year"), required=False),
        Field("tolerance_rel_2", "number", "Tolerance of the second figure, set from precision_2; empty when "
              "precision_2 is", "fraction", minimum=0, maximum=1, required=False),
        Field("rank", "string", "Rank or direction claimed: max (record, peak, new high), min, up, down (over "
              "rank_window)", enum=("max", "min", "up", "down"), required=False),
        Field("rank_window", "string", "Window of a rank or direction claim (YYYY-YYYY)", pattern=r"^\d{4}-\d{4}$",
              required=False),
        Field("missing", "string", "Where a claim is not checkable: which figure is missing and where it is "
              "published", required=False),
    ), ("claim_id",)),
    Table("revisions", "Why key figures changed since the previous edition",
          "One row per key figure of a report whose value, period or flag differs from the previous published "
          "edition (reports/previous/), with the reason, as statistics offices publish revision notes. Emptied when "
          "an edition closes (make new-edition).", (
        Field("topic", "string", "Report (notebook name)", pattern=r"^[a-z_]+$"),
        Field("figure", "string", "Key figure name, as in the report's figures.json", pattern=r"^[a-z0-9_]+$"),
        Field("reason", "string", "Why it changed, in one or two plain sentences"),
    ), ("topic", "figure"), cites_rows=False),
    Table("states", "States of Mexico", "INEGI codes, ISO 3166-2:MX abbreviations, border flag and tile-grid layout.", (
        STATE, Field("name", "string", "State name"),
        Field("abbreviation", "string", "ISO 3166-2:MX code without the MX- prefix", pattern=r"^[A-Z]{3}$"),
        Field("border_state", "boolean", "Borders the United States"),
        Field("tile_row", "integer", "Row in the tile-grid map", minimum=0, maximum=20),
        Field("tile_col", "integer", "Column in the tile-grid map", minimum=0, maximum=20),
    ), ("state_code",), cites_rows=False, table_source="inegi_marco_geoestadistico"),
]}
