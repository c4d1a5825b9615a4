"""Plots of the simulator's realism, from a landing dir: `python -m bench.plots LANDING OUT_DIR`.

- intraday_arrivals.png: arrivals per local half hour against the queue's planned curve, with
  the agents logged in (the schedule following the demand);
- day_of_week.png: arrivals per weekday, per channel;
- wait_vs_abandon.png: abandon rate of each queue-half-hour against its average wait, with the
  Erlang-A curve of exponential patience.
"""

from __future__ import annotations

import math
import sys
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from orchestration.lib.duck import connect  # noqa: E402
from orchestration.lib.sample.contacts import HANGUP_SHARE, PATIENCE_MEAN  # noqa: E402
from orchestration.lib.sample.queues import OPEN_MINUTES, intraday_curve  # noqa: E402

_CONTACTS = "read_csv('{landing}/acd_contacts/acd_contacts_*.csv', all_varchar = true)"
_QUEUES = "read_csv('{landing}/acd_queues/*.csv', all_varchar = true)"
_STATES = "read_csv('{landing}/acd_agent_states/*.csv.gz', all_varchar = true)"
_AGENTS = "read_csv('{landing}/hr_agents/*.csv', all_varchar = true)"


def _frame(landing: Path, sql: str) -> list[tuple]:
    con = connect(":memory:")
    sources = {"contacts": _CONTACTS, "queues": _QUEUES, "states": _STATES, "agents": _AGENTS}
    for name, source in sources.items():
        con.execute(f"create view {name} as select * from {source.format(landing=landing)}")
    con.execute(
        "create view queue as select distinct on (queue_id) queue_id, channel, purpose,"
        " timezone from queues order by queue_id, updated_at desc"
    )
    return con.execute(sql).fetchall()


def intraday(landing: Path, out: Path) -> Path:
    arrivals = _frame(
        landing,
        """
        select c.queue_id, q.channel, q.purpose,
            (hour(timezone(q.timezone, cast(c.queued_at as timestamptz))) * 60
             + minute(timezone(q.timezone, cast(c.queued_at as timestamptz)))) // 30 as slot,
            count(*) as n
        from contacts c join queue q using (queue_id)
        where c.contact_id = c.initial_contact_id and c.queued_at is not null
            and c.direction = 'inbound'
        group by all order by all
        """,
    )
    staffed = _frame(
        landing,
        """
        with productive as (
            select a.primary_queue_id as queue_id, q.timezone,
                cast(s.started_at as timestamptz) as started,
                cast(s.ended_at as timestamptz) as ended
            from states s
            join (select distinct on (agent_id) agent_id, primary_queue_id from agents
                  order by agent_id, updated_at desc) a using (agent_id)
            join queue q on q.queue_id = a.primary_queue_id
            where s.state in ('available', 'on_contact', 'acw')
        ),
        slots as (
            select queue_id, timezone, started, ended,
                unnest(generate_series(
                    time_bucket(interval 30 minute, started),
                    ended - interval 1 second,
                    interval 30 minute
                )) as slot_start
            from productive
        ),
        local_slots as (
            select queue_id, timezone(timezone, slot_start) as local_start,
                epoch(least(ended, slot_start + interval 30 minute)
                      - greatest(started, slot_start)) as seconds
            from slots
        ),
        days as (
            select queue_id, count(distinct cast(local_start as date)) as n from local_slots
            group by all
        )
        select queue_id, (hour(local_start) * 60 + minute(local_start)) // 30 as slot,
            sum(seconds) / 1800 / any_value(days.n) as agents
        from local_slots join days using (queue_id)
        group by all
        """,
    )
    queues = sorted({(q, ch, p) for q, ch, p, _, _ in arrivals})[:4]
    fig, axes = plt.subplots(2, 2, figsize=(12, 7.5), sharex=True)
    first_slot = OPEN_MINUTES[0] // 30
    for ax, (queue_id, channel, purpose) in zip(axes.flat, queues, strict=False):
        counts = {slot: n for q, _, _, slot, n in arrivals if q == queue_id}
        total = sum(counts.values())
        slots = list(range(first_slot, OPEN_MINUTES[1] // 30))
        hours = [s / 2 for s in slots]
        ax.bar(
            hours,
            [counts.get(s, 0) / total for s in slots],
            width=0.45,
            align="edge",
            color="#7aa6c2",
            label="arrivals (share of the day)",
        )
        curve = intraday_curve(channel, purpose)
        ax.step(
            [h for h in hours] + [hours[-1] + 0.5],
            [*curve, curve[-1]],
            where="post",
            color="#c0392b",
            label="planned intraday curve",
        )
        ax.set_title(f"{queue_id}: {channel}, {purpose}")
        ax.set_ylabel("share of the day's arrivals")
        twin = ax.twinx()
        agents = {slot: value for q, slot, value in staffed if q == queue_id}
        twin.plot(
            [s / 2 + 0.25 for s in range(48)],
            [agents.get(s, 0) for s in range(48)],
            color="#2c3e50",
            linewidth=1,
            label="agents logged in (mean)",
        )
        twin.set_ylabel("agents logged in")
        twin.set_ylim(bottom=0)
        if ax is axes.flat[0]:
            handles = ax.get_legend_handles_labels()
            other = twin.get_legend_handles_labels()
            ax.legend(handles[0] + other[0], handles[1] + other[1], fontsize=8, loc="upper right")
    for ax in axes[1]:
        ax.set_xlabel("local time (hour)")
        ax.set_xlim(6, 23)
    fig.suptitle("Intraday arrivals follow each queue's curve; shifts follow the demand")
    fig.tight_layout()
    path = out / "intraday_arrivals.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def day_of_week(landing: Path, out: Path) -> Path:
    rows = _frame(
        landing,
        """
        with local as (
            select q.channel, timezone(q.timezone, cast(c.queued_at as timestamptz)) as local_at
            from contacts c join queue q using (queue_id)
            where c.contact_id = c.initial_contact_id and c.queued_at is not null
                and c.direction = 'inbound'
        )
        select channel, isodow(local_at) as dow, count(*) / count(distinct cast(local_at as date))
        from local
        group by all order by all
        """,
    )
    fig, ax = plt.subplots(figsize=(8, 4.5))
    names = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"]
    channels = sorted({r[0] for r in rows})
    width = 0.8 / max(1, len(channels))
    for i, channel in enumerate(channels):
        per_day = {dow: n for ch, dow, n in rows if ch == channel}
        mean = sum(per_day.values()) / len(per_day)
        ax.bar(
            [d - 1 + i * width for d in range(1, 8)],
            [per_day.get(d, 0) / mean for d in range(1, 8)],
            width=width,
            label=channel,
        )
    ax.set_xticks([d + 0.4 - width / 2 for d in range(7)], names)
    ax.axhline(1, color="grey", linewidth=0.8)
    ax.set_ylabel("contacts per day ÷ weekly mean")
    ax.set_title("Day-of-week profile per channel")
    ax.legend()
    fig.tight_layout()
    path = out / "day_of_week.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def wait_vs_abandon(landing: Path, out: Path) -> Path:
    rows = _frame(
        landing,
        """
        select q.channel,
            avg(epoch(cast(coalesce(c.answered_at, c.ended_at) as timestamptz))
                - epoch(cast(c.queued_at as timestamptz))) as avg_wait,
            avg(case when c.end_reason = 'abandoned' then 1.0 else 0.0 end) as abandon_rate,
            count(*) as offered
        from contacts c join queue q using (queue_id)
        where c.queued_at is not null and c.direction = 'inbound'
            and q.channel in ('voice', 'chat')
        group by c.queue_id, q.channel,
            time_bucket(interval 30 minute, cast(c.queued_at as timestamptz))
        having count(*) >= 10
        """,
    )
    fig, ax = plt.subplots(figsize=(8, 5))
    colours = {"voice": "#2e86c1", "chat": "#e67e22"}
    for channel, colour in colours.items():
        points = [(w, a) for ch, w, a, _ in rows if ch == channel]
        if not points:
            continue
        ax.scatter(
            [p[0] for p in points],
            [p[1] for p in points],
            s=6,
            alpha=0.25,
            color=colour,
            label=f"{channel}: one queue half hour",
        )
        theta = PATIENCE_MEAN[channel]
        xs = [x * 4 for x in range(0, 101)]
        ax.plot(
            xs,
            [
                HANGUP_SHARE[channel] + (1 - HANGUP_SHARE[channel]) * (1 - math.exp(-x / theta))
                for x in xs
            ],
            color=colour,
            linestyle="--",
            label=f"{channel}: 1 - exp(-wait / {theta:.0f} s), the patience model",
        )
    ax.set_xlim(0, 300)
    ax.set_ylim(0, 1)
    ax.set_xlabel("average wait of the half hour's contacts (s)")
    ax.set_ylabel("abandon rate")
    ax.set_title("Abandonment grows with the wait (Erlang-A: exponential patience)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    path = out / "wait_vs_abandon.png"
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path


def make_plots(landing: Path, out: Path) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    return [intraday(landing, out), day_of_week(landing, out), wait_vs_abandon(landing, out)]


if __name__ == "__main__":
    for written in make_plots(Path(sys.argv[1]).resolve(), Path(sys.argv[2]).resolve()):
        print(f"wrote {written}")
