{#- Erlang C in SQL (kpis.md "Staffing (Erlang C)"), the same formulas as
    orchestration/lib/erlang.py. Arguments are SQL expressions: agents N, traffic A (erlangs),
    erlang_b B(N), wait probability C(N), aht and threshold in seconds. Plain arithmetic and
    exp(), so they run on any engine. Every formula is stable for N up to thousands: B comes
    from the recursion B(0) = 1, B(n) = A*B(n-1) / (n + A*B(n-1)), which stays in [0, 1]
    (no factorial, no power of A). C, service level and ASA are defined for N > A only. -#}

{#- B(n) from B(n-1): one step of the Erlang B recursion. -#}
{% macro erlang_b_step(agents, traffic, previous_erlang_b) -%}
    ({{ traffic }} * {{ previous_erlang_b }} / ({{ agents }} + {{ traffic }} * {{ previous_erlang_b }}))
{%- endmacro %}

{#- C(N) = N*B / (N - A*(1 - B)): probability that a contact waits. -#}
{% macro erlang_c_wait_probability(agents, traffic, erlang_b) -%}
    ({{ agents }} * {{ erlang_b }} / ({{ agents }} - {{ traffic }} * (1 - {{ erlang_b }})))
{%- endmacro %}

{#- SL(N) = 1 - C * exp(-(N - A) * T / AHT): share answered within threshold T. -#}
{% macro erlang_c_service_level(agents, traffic, wait_probability, aht_seconds, threshold_seconds) -%}
    (1 - {{ wait_probability }} * exp(-({{ agents }} - {{ traffic }}) * {{ threshold_seconds }} / {{ aht_seconds }}))
{%- endmacro %}

{#- ASA(N) = C * AHT / (N - A): mean wait over all contacts. -#}
{% macro erlang_c_asa_seconds(agents, traffic, wait_probability, aht_seconds) -%}
    ({{ wait_probability }} * {{ aht_seconds }} / ({{ agents }} - {{ traffic }}))
{%- endmacro %}

{#- The largest N the required-agents search tries: floor(A) + 200 + 10*sqrt(A) (square-root
    staffing needs about A + 3*sqrt(A) agents at usual targets, so this bound is never the
    answer for a target below 100 %: 1,459 agents at A = 950). -#}
{% macro erlang_search_limit(traffic) -%}
    (cast(floor({{ traffic }}) as bigint) + 200 + cast(ceil(10 * sqrt({{ traffic }})) as bigint))
{%- endmacro %}

{#- For a row over several queues: the offered-weighted mean of a per-queue prediction `column`
    over the queues with traffic (traffic_erlangs > 0), i.e. the predicted share (or mean) over
    all their offered contacts. Null when one of those queues has no prediction, so a partial
    total never passes for the whole. An aggregate: use it in a grouped select (the weighted sum is
    exact_sum, reproducible). -#}
{% macro erlang_offered_weighted_mean(column) -%}
    case
        when count(case when traffic_erlangs > 0 and {{ column }} is null then 1 end) = 0
            then {{ exact_sum('case when traffic_erlangs > 0 then offered * ' ~ column ~ ' end') }}
                / nullif(sum(case when traffic_erlangs > 0 then offered end), 0)
    end
{%- endmacro %}
