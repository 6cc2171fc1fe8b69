"""`kazfacts explain` runs every stage and says, per fact, who proposed it and what the merge did."""

from pipeline.cli import main

TEXT = "2019 жылы Қостанай облысында 64,5 пайыз дауыс берді."


def test_explain_names_rule_registry_and_merge(capsys):
    assert main(["explain", TEXT, "--no-model"]) == 0
    out = capsys.readouterr().out
    assert "stages: normalise -> structure -> segment" in out and "-> merge -> facts" in out
    assert "'64,5 пайыз' PERCENTAGE = '64.5' %" in out
    assert "(rule:percentage.digits)" in out and "percentage.yaml:" in out  # the rule and its line
    assert "registry [" in out and "GPE value='Қостанай облысы'" in out  # the registry entry
    assert "merge: kept" in out


def test_explain_shows_the_models_candidates_and_their_fate(capsys):
    assert main(["explain", TEXT]) == 0
    out = capsys.readouterr().out
    assert "-> model -> merge" in out
    model_lines = [line for line in out.splitlines() if line.lstrip().startswith("model ")]
    assert model_lines, out
    assert "merge: kept as a fact of rule:percentage.digits+model:" in out
