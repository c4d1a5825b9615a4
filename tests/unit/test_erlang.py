"""Erlang C (orchestration/lib/erlang.py) against the published check value and hand-worked
recursions, and the SQL macros (dbt_project/macros/erlang_c.sql) against the Python."""

from __future__ import annotations

import math

import jinja2
import pytest

from orchestration.lib.config import DBT_PROJECT_DIR
from orchestration.lib.duck import connect
from orchestration.lib.erlang import (
    AgentSearchLimitError,
    ErlangInputError,
    asa_seconds,
    erlang_b,
    erlang_c,
    occupancy,
    required_agents,
    service_level,
    traffic_erlangs,
)

# Published example: 100 calls in 30 min, AHT 180 s, threshold 20 s.
OFFERED, AHT, INTERVAL, THRESHOLD = 100, 180.0, 1800.0, 20.0


def test_traffic_of_the_published_example() -> None:
    assert traffic_erlangs(OFFERED, AHT, INTERVAL) == 10.0  # 100 x 180 / 1800


def test_published_check_value_at_14_agents() -> None:
    a = traffic_erlangs(OFFERED, AHT, INTERVAL)
    assert round(erlang_c(14, a), 4) == 0.1741  # published P(wait)
    assert round(service_level(14, a, AHT, THRESHOLD), 4) == 0.8884  # published SL
    assert round(asa_seconds(14, a, AHT), 2) == 7.84  # published ASA
    assert round(occupancy(14, a), 3) == 0.714  # published occupancy, 10/14


def test_erlang_b_and_c_small_cases_by_hand() -> None:
    # A = 1: B(1) = 1*1/(1+1) = 1/2; B(2) = (1/2)/(2 + 1/2) = 1/5.
    assert erlang_b(0, 1.0) == 1.0
    assert erlang_b(1, 1.0) == pytest.approx(0.5, abs=1e-15)
    assert erlang_b(2, 1.0) == pytest.approx(0.2, abs=1e-15)
    # C(2, 1) = 2 x 0.2 / (2 - 1 x 0.8) = 1/3 (M/M/2 at one erlang).
    assert erlang_c(2, 1.0) == pytest.approx(1 / 3, abs=1e-15)
    # A = 2: B(4) = 2/21, C(4) = (8/21) / (4 - 2 x 19/21) = 4/23.
    assert erlang_c(4, 2.0) == pytest.approx(4 / 23, abs=1e-15)


def test_required_agents_for_80_20_at_ten_erlangs() -> None:
    # A = 10, B(n) = 10 B(n-1) / (n + 10 B(n-1)) from B(0) = 1:
    # B(10) = 0.21458, B(11) = 0.16323, B(12) = 0.11974, B(13) = 0.08434, B(14) = 0.05682.
    # C(N) = N B / (N - 10 (1 - B)); SL(N) = 1 - C exp(-(N - 10) 20 / 180):
    # N = 11: C = 0.6821, SL = 1 - 0.6821 x 0.8948 = 0.3896
    # N = 12: C = 0.4494, SL = 1 - 0.4494 x 0.8007 = 0.6402
    # N = 13: C = 0.2853, SL = 1 - 0.2853 x 0.7165 = 0.7956  (< 0.80)
    # N = 14: C = 0.1741, SL = 1 - 0.1741 x 0.6412 = 0.8884  (>= 0.80: the first)
    a = 10.0
    levels = {n: round(service_level(n, a, AHT, THRESHOLD), 4) for n in (11, 12, 13, 14)}
    assert levels == {11: 0.3896, 12: 0.6402, 13: 0.7956, 14: 0.8884}
    assert required_agents(a, AHT, THRESHOLD, 0.80) == 14


def test_required_agents_is_above_traffic_even_for_a_low_target() -> None:
    # A = 10 is an integer: N must exceed it, so the smallest candidate is 11 (SL 0.3896 >= 0.1).
    assert required_agents(10.0, AHT, THRESHOLD, 0.10) == 11


def test_large_group_is_finite() -> None:
    # 1000 agents at 950 erlangs: 1000! or 950^1000 would overflow a double; the recursion does not.
    b = erlang_b(1000, 950.0)
    c = erlang_c(1000, 950.0)
    level = service_level(1000, 950.0, AHT, THRESHOLD)
    for value in (b, c, level):
        assert math.isfinite(value)
        assert 0 < value < 1
    # C >= B always (a waiting system holds more than a losing one blocks).
    assert c > b
    needed = required_agents(950.0, AHT, THRESHOLD, 0.80)
    assert 950 < needed <= 1000  # SL(1000) = level >= 0.80 already
    assert service_level(needed, 950.0, AHT, THRESHOLD) >= 0.80
    assert service_level(needed - 1, 950.0, AHT, THRESHOLD) < 0.80


@pytest.mark.parametrize("a", [0.3, 2.0, 10.0, 57.5, 950.0])
def test_service_level_rises_with_agents(a: float) -> None:
    first = math.floor(a) + 1
    levels = [service_level(n, a, AHT, THRESHOLD) for n in range(first, first + 60)]
    pairs = list(zip(levels, levels[1:], strict=False))
    # strictly rising until the double rounds to 1, never falling
    assert all(lower < higher for lower, higher in pairs if higher < 1)
    assert all(lower <= higher for lower, higher in pairs)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (lambda: erlang_c(10, 10.0), "agents must exceed traffic_erlangs"),
        (lambda: erlang_c(9, 10.0), "agents must exceed traffic_erlangs"),
        (lambda: erlang_b(-1, 1.0), "agents must be >= 0"),
        (lambda: erlang_b(3, 0.0), "traffic_erlangs must be a finite number > 0"),
        (lambda: erlang_b(3, math.inf), "traffic_erlangs must be a finite number > 0"),
        (lambda: service_level(14, 10.0, 0.0, 20.0), "aht_seconds must be"),
        (lambda: service_level(14, 10.0, 180.0, -1.0), "threshold_seconds must be >= 0"),
        (lambda: occupancy(5, 10.0), "agents must exceed traffic_erlangs"),
        (lambda: required_agents(10.0, 180.0, 20.0, 80.0), "target must be a fraction in"),
        (lambda: required_agents(10.0, 180.0, 20.0, 1.0), "target must be a fraction in"),
        (lambda: required_agents(10.0, 180.0, 20.0, 0.0), "target must be a fraction in"),
        (lambda: traffic_erlangs(100, 180.0, 0.0), "interval_seconds must be"),
    ],
)
def test_bad_inputs_are_rejected(call, message: str) -> None:
    with pytest.raises(ErlangInputError, match=message):
        call()


def test_required_agents_search_limit() -> None:
    # 80/20 at A = 10 needs 14 (above); allowing at most 13 must fail, naming the limit.
    with pytest.raises(AgentSearchLimitError, match="max_agents=13"):
        required_agents(10.0, AHT, THRESHOLD, 0.80, max_agents=13)
    assert required_agents(10.0, AHT, THRESHOLD, 0.80, max_agents=14) == 14


# --- the SQL macros of the marts, rendered with plain Jinja and run in DuckDB --------------


@pytest.fixture(scope="module")
def erlang_macros() -> jinja2.runtime.TemplateModule:
    source = (DBT_PROJECT_DIR / "macros" / "erlang_c.sql").read_text()
    return jinja2.Environment().from_string(source).module


def erlang_sql_curve(macros, traffic: float, aht: float, threshold: float, max_agents: int) -> str:
    """The recursion of kpi_staffing_interval, built from the same macros: one row per N > A."""
    step = macros.erlang_b_step("(agents + 1)", "traffic", "erlang_b")
    wait = macros.erlang_c_wait_probability("agents", "traffic", "erlang_b")
    level = macros.erlang_c_service_level("agents", "traffic", "wait_probability", "aht", "t")
    asa = macros.erlang_c_asa_seconds("agents", "traffic", "wait_probability", "aht")
    return f"""
        with recursive steps as (
            select cast(0 as bigint) as agents, cast(1 as double) as erlang_b,
                   {traffic}::double as traffic, {aht}::double as aht, {threshold}::double as t
            union all
            select agents + 1, {step}, traffic, aht, t from steps where agents < {max_agents}
        ),
        waits as (select *, {wait} as wait_probability from steps where agents > traffic)
        select agents, wait_probability, {level} as service_level, {asa} as asa_seconds
        from waits order by agents
    """


@pytest.mark.parametrize(
    ("traffic", "max_agents"), [(10.0, 40), (2.0, 20), (0.3, 10), (57.5, 120), (950.0, 1100)]
)
def test_sql_macros_match_python(erlang_macros, traffic: float, max_agents: int) -> None:
    con = connect(":memory:")
    rows = con.execute(erlang_sql_curve(erlang_macros, traffic, AHT, THRESHOLD, max_agents))
    curve = rows.fetchall()
    con.close()
    assert curve[0][0] == math.floor(traffic) + 1
    for agents, wait_probability, level, asa in curve:
        assert wait_probability == pytest.approx(erlang_c(agents, traffic), rel=1e-9, abs=1e-300)
        assert level == pytest.approx(service_level(agents, traffic, AHT, THRESHOLD), rel=1e-12)
        assert asa == pytest.approx(asa_seconds(agents, traffic, AHT), rel=1e-9, abs=1e-300)
    sql_required = min(agents for agents, _, level, _ in curve if level >= 0.80)
    assert sql_required == required_agents(traffic, AHT, THRESHOLD, 0.80)


def test_sql_macros_give_the_published_check_value(erlang_macros) -> None:
    con = connect(":memory:")
    curve = con.execute(erlang_sql_curve(erlang_macros, 10.0, AHT, THRESHOLD, 14)).fetchall()
    con.close()
    agents, wait_probability, level, asa = curve[-1]
    assert agents == 14
    assert (round(wait_probability, 4), round(level, 4), round(asa, 2)) == (0.1741, 0.8884, 7.84)


def test_search_limit_macro_covers_the_large_case(erlang_macros) -> None:
    con = connect(":memory:")
    limit = con.execute(f"select {erlang_macros.erlang_search_limit('950.0::double')}").fetchone()
    con.close()
    # floor(950) + 200 + ceil(10 x sqrt(950) = 308.2) = 1459, above the 980-odd agents needed
    assert limit == (1459,)
    assert required_agents(950.0, AHT, THRESHOLD, 0.80) < 1459
