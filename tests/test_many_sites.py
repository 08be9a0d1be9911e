"""Many companies in one run: `friction audit URL...`, `--urls FILE`, and a 100-site list of the zoo."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from audits.cli import main
from audits.demo.server import Zoo
from audits.run.pipeline import run_suite
from audits.scenario import BudgetSpec, ScenarioError, suite_for_sites
from audits.urllist import read_url_list


def test_a_plain_list_skips_comments_and_blank_lines(tmp_path: Path) -> None:
    listed = tmp_path / "banks.txt"
    listed.write_text("# Banks\n\nhttps://www.harbor.example/\n  https://ostrander.example/help  \n")
    assert read_url_list(listed) == [("", "https://www.harbor.example/"), ("", "https://ostrander.example/help")]


def test_a_csv_names_each_company(tmp_path: Path) -> None:
    listed = tmp_path / "banks.csv"
    listed.write_text("country,Name,URL\n# closed in 2025: UK,Gone,https://gone.example/\n"
                      'UK,"Harbor Bank, plc",https://harbor.example/\n')
    assert read_url_list(listed) == [("Harbor Bank, plc", "https://harbor.example/")]


def test_every_bad_line_is_reported_with_file_and_line(tmp_path: Path) -> None:
    listed = tmp_path / "banks.txt"
    listed.write_text("https://ok.example/\nwww.no-scheme.example\n\nftp://files.example/\n")
    with pytest.raises(ScenarioError) as error:
        read_url_list(listed)
    assert error.value.problems[0].startswith(f"{listed}:2: expected an http(s) URL")
    assert error.value.problems[1].startswith(f"{listed}:4: ")
    short = tmp_path / "short.csv"
    short.write_text("name,url\nOnly a name\n")
    with pytest.raises(ScenarioError, match=r"short.csv:2: expected 2 comma-separated columns, got 1"):
        read_url_list(short)


def test_the_cli_reports_a_bad_list_and_a_missing_url(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    listed = tmp_path / "list.txt"
    listed.write_text("not a url\n")
    assert main(["audit", "--urls", str(listed), "--out", str(tmp_path / "out")]) == 1
    assert f"{listed}:1: expected an http(s) URL" in capsys.readouterr().err
    assert main(["audit", "--out", str(tmp_path / "out")]) == 1
    assert "expected at least one URL" in capsys.readouterr().err


def test_many_sites_get_their_own_ids_even_when_one_host_is_listed_twice() -> None:
    suite = suite_for_sites(["http://127.0.0.1:8101/", ("Harbor Bank", "http://127.0.0.1:8104/"),
                             "http://127.0.0.1:8101/"], ["find-phone"])
    assert [s.id for s in suite.sites] == ["127-0-0-1-8101", "harbor-bank", "127-0-0-1-8101-2"]
    assert suite.name == "3 sites"
    assert suite_for_sites(["https://www.example.com/"], ["find-phone"]).name == "www.example.com"


@pytest.mark.browser
def test_a_hundred_zoo_companies_all_land_in_result_json(zoo: Zoo, tmp_path: Path) -> None:
    """25 zoo companies, each listed four times under different names: 100 sites, two workers."""
    listed = tmp_path / "sector.csv"
    rows = [f"{slug} {copy},{zoo.url(slug)}" for copy in range(1, 5) for slug in sorted(zoo.sites)]
    assert len(rows) >= 100
    listed.write_text("name,url\n" + "\n".join(rows[:100]) + "\n")
    suite = suite_for_sites(list(read_url_list(listed)), ["find-phone"], ["new-desktop"])
    for journey in suite.journeys:
        journey.budget = BudgetSpec(clicks=1, pages=2, seconds=15)
    out = tmp_path / "run"
    run_suite(suite, out, executor="parallel", executor_options={"workers": 2})
    result = json.loads((out / "result.json").read_text())
    assert len(result["sites"]) == 100 and len({s["id"] for s in result["sites"]}) == 100
    assert len(result["journeys"]) == 100 and {j["site"] for j in result["journeys"]} == {s.id for s in suite.sites}


def test_the_cli_says_what_a_fleet_option_expected(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = ["--out", str(tmp_path / "out"), "--no-store"]
    assert main(["audit", "https://www.example.com/", "--executor", "celery", *out]) == 1
    assert "--executor celery: expected --broker redis://" in capsys.readouterr().err
    assert main(["audit", "https://www.example.com/", "--per-host", "0", *out]) == 1
    assert "--per-host: expected 1 or more concurrent journeys, got 0" in capsys.readouterr().err
