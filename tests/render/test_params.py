"""Parameter declarations and validation (no kernel involved)."""

import pytest

from mxsec.render.params import ParameterError, parse_parameters_source, validate
from _fixtures import PARAMS


@pytest.fixture()
def declared(project):
    return parse_parameters_source(PARAMS, "light")


def test_declarations_are_read_with_types_defaults_and_limits(declared):
    p = declared.parameters
    assert list(p) == ["start_year", "label", "scale", "show_total", "items"]
    assert (p["start_year"].type, p["start_year"].default, p["start_year"].low, p["start_year"].high) == ("int", 2000, 1990, 2030)
    assert p["label"].choices == ("alpha", "beta", "@colours.name")
    assert p["label"].help == "which label"
    assert p["label"].allowed() == ["alpha", "beta", "gamma", "delta"]  # data domain resolved from data/colours.csv
    assert p["items"].default == ["a"]


def test_valid_overrides_are_typed(declared):
    typed = validate(declared, {"start_year": "2010", "scale": "2.5", "show_total": "yes", "items": "a,c", "label": "delta"})
    assert typed == {"start_year": 2010, "scale": 2.5, "show_total": True, "items": ["a", "c"], "label": "delta"}


@pytest.mark.parametrize("overrides, message", [
    ({"start_yaer": "2001"}, "light: unknown parameter 'start_yaer' (did you mean 'start_year'?); "
                              "parameters: start_year, label, scale, show_total, items"),
    ({"start_year": "twenty"}, "light: parameter 'start_year' got 'twenty'; expected a whole number (int)"),
    ({"start_year": "1850"}, "light: parameter 'start_year' value 1850 is out of range; allowed: 1990 to 2030"),
    ({"label": "gama"}, "light: parameter 'label' value 'gama' is not allowed (did you mean 'gamma'?); allowed: alpha, beta, gamma, delta"),
    ({"items": "a,z"}, "light: parameter 'items' item 'z' is not allowed; allowed: a, b, c"),
    ({"show_total": "maybe"}, "light: parameter 'show_total' got 'maybe'; expected a boolean (true or false)"),
])
def test_bad_values_name_topic_parameter_value_and_what_is_allowed(declared, overrides, message):
    with pytest.raises(ParameterError) as err:
        validate(declared, overrides)
    assert str(err.value) == message


def test_start_after_end_is_rejected():
    declared = parse_parameters_source("start_year: int = 2000  # [1990, 2030]\nend_year: int = 2010  # [1990, 2030]\n", "t")
    with pytest.raises(ParameterError, match="start_year 2015 is after end_year 2010"):
        validate(declared, {"start_year": "2015"})


def test_statement_without_annotation_is_refused():
    with pytest.raises(ParameterError, match="name: type = literal"):
        parse_parameters_source("x = 1\n", "t")
