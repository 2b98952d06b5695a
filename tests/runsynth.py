"""Synthetic runs with known form, for the runs tests: per-second samples built from a
runner whose form depends on speed by known lines, with drift, slowing down, pauses,
walking breaks, intervals or a treadmill injected; as an in-memory track (the same
cleaning and analysis path) or as a real FIT file written with Garmin's FIT SDK encoder."""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import UTC, datetime

from hipcoach.runs.track import NAN, Track

START = datetime(2026, 10, 4, 22, 0, tzinfo=UTC)  # a Sunday morning in Tokyo
FIT_EPOCH_S = 631065600


def form_at(speed: float) -> dict[str, float]:
    """The runner's fresh form at ``speed`` (m/s): contact time falls and cadence rises
    with speed, as measured in runners (about these slopes)."""
    cadence = 150 + 8 * speed  # steps/min
    step_length = speed / cadence * 60 * 1000  # mm
    oscillation = 70 + 4 * speed  # mm
    return {
        "cadence": cadence,
        "ground_contact_time": 420 - 50 * speed,
        "vertical_oscillation": oscillation,
        "vertical_ratio": oscillation / step_length * 100,
        "step_length": step_length,
        "ground_contact_balance": 49.6 + 0.1 * speed,
        "power": 75 * speed,
    }


NOISE = {  # per-second sensor noise, standard deviation
    "cadence": 2.0,
    "ground_contact_time": 6.0,
    "vertical_oscillation": 3.0,
    "vertical_ratio": 0.3,
    "step_length": 20.0,
    "ground_contact_balance": 0.4,
    "power": 6.0,
}


@dataclass
class Plan:
    """What the synthetic run holds; distances in km, drift in % (sign as injected)."""

    km: float = 42.2
    speed: float = 3.3
    drift: dict[str, float] = field(default_factory=dict)  # metric -> % from drift_from_km
    drift_from_km: float = 27.0
    slow_from_km: float | None = None  # then speed falls linearly to slow_to at the end
    slow_to: float = 2.8
    pauses: list[tuple[float, int]] = field(default_factory=list)  # (km, seconds stopped)
    walks: list[tuple[float, int]] = field(default_factory=list)  # (km, seconds walked)
    intervals: bool = False
    treadmill: bool = False
    seed: int = 7
    start: datetime = START


def _speed_at(plan: Plan, metres: float) -> float:
    km = metres / 1000
    if plan.intervals and km > 2:
        return 4.6 if int(km / 0.4) % 2 == 0 else 2.4  # 400 m fast, 400 m jog
    # pace wanders a little on any road: what lets the model learn the speed slope
    speed = plan.speed + 0.18 * math.sin(km / 1.3) + 0.08 * math.sin(km / 0.37)
    if plan.slow_from_km is not None and km > plan.slow_from_km:
        share = (km - plan.slow_from_km) / (plan.km - plan.slow_from_km)
        speed += (plan.slow_to - plan.speed) * share
    return speed


def samples(plan: Plan) -> list[dict[str, float]]:
    """One sample a second: seconds since start, distance, speed, heart rate and form."""
    rng = random.Random(plan.seed)  # noqa: S311 - noise for tests, not secrets
    out: list[dict[str, float]] = []
    second, metres = 0, 0.0
    pauses, walks = sorted(plan.pauses), sorted(plan.walks)
    while metres < plan.km * 1000:
        if pauses and metres >= pauses[0][0] * 1000:
            second += pauses.pop(0)[1]  # the timer stopped: no samples, time goes on
        walking = 0
        if walks and metres >= walks[0][0] * 1000:
            walking = walks.pop(0)[1]
        for _ in range(walking):
            out.append(_sample(plan, rng, second, metres, 1.4, walking=True))
            metres += 1.4
            second += 1
        speed = _speed_at(plan, metres)
        out.append(_sample(plan, rng, second, metres, speed))
        metres += speed
        second += 1
    return out


def _sample(
    plan: Plan,
    rng: random.Random,
    second: int,
    metres: float,
    speed: float,
    *,
    walking: bool = False,
) -> dict[str, float]:
    form = form_at(speed)
    if walking:
        form["cadence"] = 110.0
    for metric, percent in plan.drift.items():
        if metres >= plan.drift_from_km * 1000:
            form[metric] *= 1 + percent / 100
    sample = {m: v + rng.gauss(0, NOISE[m]) for m, v in form.items()}
    sample.update(
        seconds=second,
        distance=metres,
        speed=speed + rng.gauss(0, 0.05),
        heart_rate=120 + 12 * speed + second / 600 + rng.gauss(0, 2),
    )
    return sample


def track(plan: Plan) -> Track:
    """The synthetic run as the decoders would hand it over."""
    rows = samples(plan)
    result = Track(
        start=START, device="synthetic/1", sub_sport="treadmill" if plan.treadmill else ""
    )
    for row in rows:
        result.seconds.append(row["seconds"])
        result.distance.append(row["distance"])
        result.speed.append(row["speed"])
        result.heart_rate.append(row["heart_rate"])
        result.cadence.append(row["cadence"])
        result.lat.append(NAN if plan.treadmill else 35.6 + row["distance"] / 111_000)
        result.lon.append(NAN if plan.treadmill else 139.7)
    metrics = [m for m in NOISE if m != "cadence"]
    result.dynamics = {m: [row[m] for row in rows] for m in metrics}
    return result


def fit_bytes(plan: Plan, *, sport: str = "running") -> bytes:
    """The synthetic run as a FIT activity file, written by Garmin's FIT SDK encoder."""
    from garmin_fit_sdk import Encoder
    from garmin_fit_sdk.profile import Profile

    number = Profile["mesg_num"]
    start = int(plan.start.timestamp()) - FIT_EPOCH_S
    encoder = Encoder()
    encoder.write_mesg(
        {
            "mesg_num": number["FILE_ID"],
            "type": "activity",
            "manufacturer": "development",
            "product": 0,
            "time_created": start,
            "serial_number": 1234,
        }
    )
    rows = samples(plan)
    for row in rows:
        encoder.write_mesg(_record(number["RECORD"], start, row, plan.treadmill))
    end = start + int(rows[-1]["seconds"])
    encoder.write_mesg(
        {
            "mesg_num": number["SESSION"],
            "message_index": 0,
            "timestamp": end,
            "start_time": start,
            "total_elapsed_time": end - start,
            "total_timer_time": end - start,
            "sport": sport,
            "sub_sport": "treadmill" if plan.treadmill else "road",
            "first_lap_index": 0,
            "num_laps": 1,
        }
    )
    encoder.write_mesg(
        {
            "mesg_num": number["ACTIVITY"],
            "timestamp": end,
            "num_sessions": 1,
            "local_timestamp": end + 9 * 3600,
            "total_timer_time": end - start,
        }
    )
    return bytes(encoder.close())


def _record(number: int, start: int, row: dict[str, float], treadmill: bool) -> dict[str, object]:
    strides = row["cadence"] / 2  # FIT keeps strides per minute, and the fraction apart
    record: dict[str, object] = {
        "mesg_num": number,
        "timestamp": start + int(row["seconds"]),
        "distance": row["distance"],
        "enhanced_speed": max(0.0, row["speed"]),
        "heart_rate": round(row["heart_rate"]),
        "cadence": int(strides),
        "fractional_cadence": strides - int(strides),
        "stance_time": row["ground_contact_time"],
        "vertical_oscillation": row["vertical_oscillation"],
        "vertical_ratio": row["vertical_ratio"],
        "step_length": row["step_length"],
        "stance_time_balance": row["ground_contact_balance"],
        "power": round(row["power"]),
    }
    if not treadmill:
        record["position_lat"] = round((35.6 + row["distance"] / 111_000) * 2**31 / 180)
        record["position_long"] = round(139.7 * 2**31 / 180)
    return record
