"""The contents list of every committed report numbers its sections without gaps: sub-sections
nest under their section instead of taking a number of their own."""

from __future__ import annotations

import re

import pytest

from mxsec.paths import reports_dir
from mxsec.topics import discover


@pytest.mark.parametrize("topic", sorted(discover()))
def test_subsections_nest_under_their_section(topic):
    html = (reports_dir() / f"{topic}.html").read_text(encoding="utf-8")
    nav = re.search(r'<nav class="toc".*?</nav>', html, re.S).group(0)
    top = re.search(r"<ol>(.*)</ol>", nav, re.S).group(1)
    without_nested = re.sub(r"<ul>.*?</ul>", "", top, flags=re.S)
    assert "toc-level-3" not in without_nested  # every sub-section sits in a nested list
    assert without_nested.count("<li") == without_nested.count("</li>") > 0
