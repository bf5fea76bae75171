"""Weather corpus: 16 weather sites' hourly readings; AccuWeather's readings are gold.

Units are unified before comparison (pressure in inches of mercury; a site reporting
hectopascals is converted), and values are rounded to the resolution sites publish.
Scoring tolerance (:data:`TOLERANCE`) reflects that sites read the hour's weather at
different minutes and stations: ±1 °F, ±1 % humidity, ±0.02 inHg, ±0.5 mile.
"""

from __future__ import annotations

from pathlib import Path

from bench.truth.normalise.base import Normalised, PlainClaim
from bench.truth.normalise.numbers import format_number, parse_number
from bench.truth.normalise.raw import read_raw

GOLD_SOURCE = "accuweather"
GOLD_FILE = "truth_weather-accuweather.txt"
HPA_PER_INHG = 33.8639

# attribute -> decimals kept in the canonical value
DECIMALS = {"Temperature": 0, "RealFeel": 0, "Humidity": 0, "Pressure": 2, "Visibility": 1}
TOLERANCE = {"Temperature": 1.0, "RealFeel": 1.0, "Humidity": 1.0, "Pressure": 0.02,
             "Visibility": 0.5}


def normalise_reading(attribute: str, raw: str) -> str | None:
    value = parse_number(raw)
    if value is None:
        return None
    if attribute == "Pressure" and value > 500:  # hPa/mbar, not inHg
        value /= HPA_PER_INHG
    if attribute == "Humidity" and not 0 <= value <= 100:
        return None
    return format_number(value, DECIMALS.get(attribute, 2))


def _load_file(path: Path, *, keep_gold_source: bool) -> list[PlainClaim]:
    out: list[PlainClaim] = []
    for rc in read_raw(path):
        if (rc.source.lower() == GOLD_SOURCE) != keep_gold_source:
            continue  # the gold standard must never vote
        value = normalise_reading(rc.attribute, rc.value)
        if value is not None:
            out.append((rc.source, (rc.obj.lower(), rc.attribute), value))
    return out


def load(directory: str | Path) -> Normalised:
    directory = Path(directory)
    claims: list[PlainClaim] = []
    for path in sorted((directory / "claims").glob("*.txt")):
        claims.extend(_load_file(path, keep_gold_source=False))
    gold: dict[tuple[str, str], str] = {}
    # AccuWeather sometimes read an hour twice; the last reading wins, as for sources.
    for _source, item, value in _load_file(directory / GOLD_FILE, keep_gold_source=True):
        gold[item] = value
    return Normalised("weather", claims, gold, dict(TOLERANCE))
