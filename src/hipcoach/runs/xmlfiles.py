"""TCX and GPX files to running tracks: pace, heart rate and cadence at most.

Parsed with defusedxml, so a hostile file (entity expansion, external entities) is
refused rather than obeyed. Namespaces differ between exporters; tags are matched by
their local name.
"""

from __future__ import annotations

import math
from datetime import datetime
from typing import Any
from xml.etree.ElementTree import Element

from hipcoach.runs.track import NAN, Track, value


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: Element, name: str) -> Element | None:
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _all(element: Element, name: str) -> list[Element]:
    return [e for e in element.iter() if _local(e.tag) == name]


def _number(element: Element | None) -> float:
    if element is None or element.text is None:
        return NAN
    try:
        return value(float(element.text.strip()))
    except ValueError:
        return NAN


def _time(text: str | None) -> datetime | None:
    if not text:
        return None
    try:
        moment = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def _parse(data: bytes) -> Element:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import ParseError, fromstring

    try:
        root: Element = fromstring(data)
    except (ParseError, DefusedXmlException, ValueError) as error:
        raise ValueError(" ".join(str(error).split())[:160] or "not XML") from None
    return root


def _first_descendant(element: Element, name: str) -> Element | None:
    for e in element.iter():
        if _local(e.tag) == name:
            return e
    return None


def _build(points: list[dict[str, Any]], device: str, sub_sport: str = "") -> Track | None:
    points = [p for p in points if p["time"] is not None]
    if not points:
        return None
    start = points[0]["time"]
    track = Track(start=start, device=device, sub_sport=sub_sport)
    for p in points:
        track.seconds.append((p["time"] - start).total_seconds())
        track.distance.append(p.get("distance", NAN))
        track.speed.append(p.get("speed", NAN))
        track.heart_rate.append(p.get("heart_rate", NAN))
        track.cadence.append(p.get("cadence", NAN))
        track.lat.append(p.get("lat", NAN))
        track.lon.append(p.get("lon", NAN))
    _cadence_in_steps(track)
    return track


def _cadence_in_steps(track: Track) -> None:
    """Garmin writes running cadence per foot in TCX and GPX too; other exporters write
    steps. Nobody runs below 120 steps a minute, so a typical value under it is per foot."""
    known = sorted(c for c in track.cadence if not math.isnan(c) and c > 0)
    if known and known[len(known) // 2] < 120:
        track.cadence = [c * 2 for c in track.cadence]


def read_tcx(data: bytes) -> tuple[list[Track], list[str]]:
    """The running activities of a TCX file, and the sports of the others.

    Raises:
        ValueError: not a readable TCX file (one line).
    """
    root = _parse(data)
    tracks, others = [], []
    for activity in _all(root, "Activity"):
        sport = (activity.get("Sport") or "").lower()
        if sport != "running":
            others.append(sport or "unknown")
            continue
        creator = _first_descendant(activity, "Creator")
        name = _first_descendant(creator, "Name") if creator is not None else None
        device = (name.text or "unknown").strip() if name is not None else "unknown"
        points = [_tcx_point(p) for p in _all(activity, "Trackpoint")]
        track = _build(points, device)
        if track is not None:
            tracks.append(track)
    if not tracks and not others:
        raise ValueError("no activity in this TCX file")
    return tracks, others


def _tcx_point(point: Element) -> dict[str, Any]:
    time = _child(point, "Time")
    position = _child(point, "Position")
    heart = _child(point, "HeartRateBpm")
    return {
        "time": _time(time.text if time is not None else None),
        "distance": _number(_child(point, "DistanceMeters")),
        "heart_rate": _number(_child(heart, "Value")) if heart is not None else NAN,
        "cadence": _number(_first_descendant(point, "RunCadence")),
        "speed": _number(_first_descendant(point, "Speed")),
        "lat": _number(_child(position, "LatitudeDegrees")) if position is not None else NAN,
        "lon": _number(_child(position, "LongitudeDegrees")) if position is not None else NAN,
    }


def read_gpx(data: bytes) -> tuple[list[Track], list[str]]:
    """The running tracks of a GPX file (a track without a type is taken as a run: it was
    given to the runs importer), and the types of the others.

    Raises:
        ValueError: not a readable GPX file (one line).
    """
    root = _parse(data)
    if _local(root.tag) != "gpx":
        raise ValueError("not a GPX file")
    creator = root.get("creator") or "unknown"
    tracks, others = [], []
    for trk in _all(root, "trk"):
        kind = _child(trk, "type")
        sport = (kind.text or "").strip().lower() if kind is not None else ""
        if sport and "run" not in sport:
            others.append(sport)
            continue
        track = _build([_gpx_point(p) for p in _all(trk, "trkpt")], creator)
        if track is not None:
            tracks.append(track)
    return tracks, others


def _gpx_point(point: Element) -> dict[str, Any]:
    time = _child(point, "time")
    return {
        "time": _time(time.text if time is not None else None),
        "lat": value(_float(point.get("lat"))),
        "lon": value(_float(point.get("lon"))),
        "heart_rate": _number(_first_descendant(point, "hr")),
        "cadence": _number(_first_descendant(point, "cad")),
    }


def _float(text: str | None) -> float:
    try:
        return float(text) if text is not None else NAN
    except ValueError:
        return NAN
