"""Claims ledger: the claims of the project's literature, tested against ``data/``.

The rule below is the ledger's whole method; the overview's methodology section states it in
short, and every row of the ledger prints the part of it that its test applied
(``rule_text``). There is no code for any particular claim.

Claims are data. ``data/claims.csv`` (hand-kept in ``data/manual/claims.csv``) holds one row per
claim quoted from the five papers of the literature folder: the quote (at most 25 words,
verbatim), the claimed figure(s), and a declaration of the test:

- ``kind``: ``numerical`` (tested and counted) or ``qualitative`` (a judgement such as "the
  relationship is at its lowest point": kept as a separate list with the evidence the reports
  offer, ``qualitative_claims``, never counted in the numerical totals);
- ``definition``: the measure, scope and stage the claim is about, as the claim states them or
  as the ledger infers them (the text says "stated" or "inferred");
- ``test_table``, ``test_filter`` (``col=value;col2=value2``: the claim's natural reading),
  ``test_aggregate`` (``value``, ``sum``, ``mean``, ``min``, ``max``), ``test_period``
  (``YYYY`` or ``YYYY-YYYY`` of the table's year or fiscal year; in a monthly table such as
  ``border_encounters_monthly``, one calendar month ``YYYY-MM``; empty for span tables, whose
  filter selects the span);
- ``readings``: the other plausible readings of a claim whose stage, scope or basis is unstated
  (``stage=request|stage=obligated``), each replacing or extending the filter; a reading that starts
  ``table=`` tests the stated totals of a span table instead, its values the whole filter
  (``table=us_assistance_periods;start_fiscal_year=2008;end_fiscal_year=2020;program=merida;stage=enacted``);
- ``qualifier`` and ``precision`` (``qualifier_2``, ``precision_2`` for a second figure that differs),
  from which ``comparison`` and ``tolerance_rel`` (``comparison_2``, ``tolerance_rel_2``) follow;
- ``rank`` and ``rank_window`` for claims of rank or direction;
- ``missing``: for a claim data/ cannot test, the figure that is missing and where it is
  published.

1. Qualifier and tolerance. The comparison follows the wording (``QUALIFIER_COMPARISON``), the
   tolerance the figure's precision (``PRECISION_TOLERANCE``), both set before looking at the
   data, so two claims of the same wording and precision are judged alike (a test checks every
   row):

   - no qualifier, "about", "around", "some", "roughly", "perhaps": two-sided (``approx``);
   - "nearly", "almost": one-sided, just below the figure (``below``: the data lie between
     the figure less the tolerance and the figure);
   - "more than", "over", "exceeded", "a bit more than", "at least": at least the figure
     (``gte``, no tolerance); "as high as", "under", "fewer than": at most the figure
     (``lte``, no tolerance);
   - a range ("from A to B"): between the two figures (``range``);
   - precision: a count to the unit or three or more significant figures ("$76.3 million",
     "327,577") 0.5%; two significant figures ("$87 million") 5%; one significant figure
     ("$3 billion", "a half-million") 15%; a calendar year 0. Each figure of a claim of change is
     judged at its own precision (``precision_2``, ``tolerance_rel_2`` where the second differs).

2. Evidence. The rows of ``test_table`` matching the filter, less:

   - rows whose only source is a paper of the literature (``mxsec.data.sources
     .literature_source_ids``, matched by title too): a paper's figure is never the evidence for
     a claim, of that paper or another. The same rule holds in every report: such a figure may
     feed a report as secondary data, but it is marked literature-sourced wherever it appears
     (tables, charts, key figures, the index);
   - partial periods (``months`` below 12, or ``coverage`` other than the full year, such as one
     appropriations act of a fiscal year): a part of a year is never compared with a year.

   Yearly tables: the reference figure is the ``preferred`` row of each year of the period
   among the rows of the natural reading, aggregated over the years; a span with a missing year
   has no reference figure (never filled in). Span tables (``extraditions_periods``,
   ``us_assistance_periods``, ``merida_composition``): each row matching the filter is a stated
   total. Columns of ``ALTERNATIVE_COLUMNS`` (for example the homicide table's ``source`` and
   ``measure``, the border table's ``measure``) are relaxed to find the same quantity as another
   statistical system or definition reports it; programme, stage, direction, drug, region and
   crime are never relaxed, except through a declared reading.

3. Verdict on the levels: ``consistent`` when the reference figure of the natural reading
   satisfies every figure of the claim; ``consistent with a non-preferred source`` when only
   another source, series, stage or scope does (one series for all the claim's figures; the
   explanation names it and how it differs); ``differs`` when no figure in data/ does (the
   explanation gives the data's figure and the relative difference); ``not checkable`` when
   data/ has nothing to test with (no table, no matching row, an incomplete span, or only the
   literature's own figures), and the explanation names the missing figure. A claim of change
   ("from X in 2018 to Y in 2019") is checked on both figures in one series; the worse verdict
   wins, in the order differs, not checkable, non-preferred, consistent.

4. Rank and direction. "A record", "peaked", "a new high", "the lowest" are claims of rank
   (``max``, ``min``), "rose steadily", "fell every year" of direction (``up``, ``down``),
   tested on the yearly series over ``rank_window``, one figure a year, not as levels. A window
   the series does not cover without a gap cannot be ranked (not checkable). The rank verdict
   combines with the level verdict (worse wins).

Numbers in the explanations are formatted with ``mxsec.formatting.fmt``. Dollars are nominal;
U.S. fiscal years are labelled ``FY``.
"""

from mxsec.analysis.claims.core import *  # noqa: F401,F403
from mxsec.analysis.claims.ranks import *  # noqa: F401,F403
from mxsec.analysis.claims.evaluate import *  # noqa: F401,F403
from mxsec.analysis.claims.summary import *  # noqa: F401,F403
