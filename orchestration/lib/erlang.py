"""Erlang C staffing arithmetic (kpis.md "Staffing (Erlang C)"), numerically stable.

Erlang B comes from the recursion B(0) = 1, B(n) = A*B(n-1) / (n + A*B(n-1)): every step stays
in [0, 1], so there is no factorial, no power of A and no overflow for thousands of agents.
Erlang C follows from B: C = N*B / (N - A*(1 - B)), defined for N > A (with N <= A the queue
grows without bound). The same formulas run in SQL (dbt macros erlang_*), so a mart value can
be checked against these functions.

Units: traffic A in erlangs (offered x AHT / interval seconds), AHT and the service level
threshold in seconds, the service level target as a fraction (0.8, not 80).
"""

from __future__ import annotations

import math


class ErlangInputError(ValueError):
    """An argument outside the domain of the Erlang C model (the message names it)."""


class AgentSearchLimitError(ErlangInputError):
    """required_agents did not reach the target within max_agents."""


def _check_traffic(traffic_erlangs: float) -> None:
    if not math.isfinite(traffic_erlangs) or traffic_erlangs <= 0:
        raise ErlangInputError(
            f"traffic_erlangs must be a finite number > 0, got {traffic_erlangs}"
        )


def _check_stable(agents: int, traffic_erlangs: float) -> None:
    _check_traffic(traffic_erlangs)
    if agents <= traffic_erlangs:
        raise ErlangInputError(
            f"agents must exceed traffic_erlangs (N > A), got N={agents}, A={traffic_erlangs}"
        )


def _check_positive(name: str, value: float) -> None:
    if not math.isfinite(value) or value <= 0:
        raise ErlangInputError(f"{name} must be a finite number > 0, got {value}")


def traffic_erlangs(offered: int, aht_seconds: float, interval_seconds: float) -> float:
    """A = offered x AHT / interval seconds: the workload in agent-equivalents."""
    _check_positive("interval_seconds", interval_seconds)
    return offered * aht_seconds / interval_seconds


def _erlang_b_step(agents: int, traffic: float, previous: float) -> float:
    return traffic * previous / (agents + traffic * previous)


def erlang_b(agents: int, traffic_erlangs: float) -> float:
    """Blocking probability of N agents offered A erlangs (Erlang B), by the stable recursion."""
    if agents < 0:
        raise ErlangInputError(f"agents must be >= 0, got {agents}")
    _check_traffic(traffic_erlangs)
    blocking = 1.0
    for n in range(1, agents + 1):
        blocking = _erlang_b_step(n, traffic_erlangs, blocking)
    return blocking


def _erlang_c_from_b(agents: int, traffic: float, blocking: float) -> float:
    return agents * blocking / (agents - traffic * (1 - blocking))


def erlang_c(agents: int, traffic_erlangs: float) -> float:
    """Probability that a contact waits (Erlang C), N > A."""
    _check_stable(agents, traffic_erlangs)
    return _erlang_c_from_b(agents, traffic_erlangs, erlang_b(agents, traffic_erlangs))


def _service_level(
    agents: int, traffic: float, wait_probability: float, aht: float, threshold: float
) -> float:
    return 1 - wait_probability * math.exp(-(agents - traffic) * threshold / aht)


def service_level(
    agents: int, traffic_erlangs: float, aht_seconds: float, threshold_seconds: float
) -> float:
    """Share of contacts answered within threshold_seconds: 1 - C * exp(-(N - A) * T / AHT)."""
    _check_positive("aht_seconds", aht_seconds)
    if threshold_seconds < 0:
        raise ErlangInputError(f"threshold_seconds must be >= 0, got {threshold_seconds}")
    wait_probability = erlang_c(agents, traffic_erlangs)
    return _service_level(agents, traffic_erlangs, wait_probability, aht_seconds, threshold_seconds)


def asa_seconds(agents: int, traffic_erlangs: float, aht_seconds: float) -> float:
    """Average speed of answer over all contacts: C * AHT / (N - A)."""
    _check_positive("aht_seconds", aht_seconds)
    return erlang_c(agents, traffic_erlangs) * aht_seconds / (agents - traffic_erlangs)


def occupancy(agents: int, traffic_erlangs: float) -> float:
    """Share of staffed time spent handling: A / N."""
    _check_stable(agents, traffic_erlangs)
    return traffic_erlangs / agents


def required_agents(
    traffic_erlangs: float,
    aht_seconds: float,
    threshold_seconds: float,
    target: float,
    max_agents: int | None = None,
) -> int:
    """The smallest N > A whose service level at threshold_seconds is >= target (a fraction in
    (0, 1)). Erlang B is carried along the recursion, so the search costs one step per agent.
    max_agents bounds the search (AgentSearchLimitError beyond it); without it the search ends
    because the service level rises to 1 as N grows."""
    _check_traffic(traffic_erlangs)
    _check_positive("aht_seconds", aht_seconds)
    if threshold_seconds < 0:
        raise ErlangInputError(f"threshold_seconds must be >= 0, got {threshold_seconds}")
    if not 0 < target < 1:
        raise ErlangInputError(f"target must be a fraction in (0, 1), got {target}")
    blocking = 1.0
    agents = 0
    while True:
        agents += 1
        if max_agents is not None and agents > max_agents:
            raise AgentSearchLimitError(
                f"no N <= max_agents={max_agents} reaches service level {target} "
                f"at A={traffic_erlangs}"
            )
        blocking = _erlang_b_step(agents, traffic_erlangs, blocking)
        if agents <= traffic_erlangs:
            continue
        wait_probability = _erlang_c_from_b(agents, traffic_erlangs, blocking)
        level = _service_level(
            agents, traffic_erlangs, wait_probability, aht_seconds, threshold_seconds
        )
        if level >= target:
            return agents
