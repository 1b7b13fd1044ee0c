from mxsec.render.editions import make_edition


def test_default_edition_keeps_topic_name_and_writes_to_reports(tmp_path):
    edition = make_edition("violence", {})
    assert edition.is_default and edition.name == "violence"
    assert edition.paths(tmp_path)["html"] == tmp_path / "violence.html"


def test_non_default_editions_encode_parameters_and_go_to_editions(tmp_path):
    edition = make_edition("violence", {"state": "CHH"})
    assert edition.name == "violence--state=CHH"
    assert edition.paths(tmp_path)["pdf"] == tmp_path / "editions" / "violence--state=CHH.pdf"
    assert make_edition("funding", {"end_year": 2015, "dollars": "nominal"}).name == "funding--dollars=nominal--end_year=2015"
    assert make_edition("violence", {}, ("html",), show_code=True).name == "violence--code--fmt=html"


def test_lists_get_a_short_hash_and_a_params_file(tmp_path):
    edition = make_edition("funding", {"programs": ["incle", "fmf"]})
    assert edition.name.startswith("funding--programs=") and len(edition.name.split("=")[1]) == 8
    assert "params" in edition.paths(tmp_path)
    assert make_edition("funding", {"programs": ["incle", "fmf"]}).name == edition.name  # stable
