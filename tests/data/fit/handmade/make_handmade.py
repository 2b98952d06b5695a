"""Writes the hand-made samples in this folder (run once; the output is committed).

    uv run python tests/data/fit/handmade/make_handmade.py

Nothing here is real watch data: the values are invented, in the shapes Garmin Connect
writes TCX and GPX, so the importer's XML paths are covered by files on disk too.
"""

from __future__ import annotations

import gzip
import math
from datetime import UTC, datetime, timedelta
from pathlib import Path

HERE = Path(__file__).parent
START = datetime(2024, 5, 12, 6, 30, tzinfo=UTC)


def tcx_run() -> str:
    """2.6 km at about 3.2 m/s, a point every 5 s, a 2-minute stop at a crossing
    (no points for 120 s) after 1.2 km, heart rate and per-foot cadence."""
    points, metres, clock = [], 0.0, 0
    while metres < 2600:
        if 1200 <= metres < 1216 and clock < 600:
            clock += 120  # the stop: the watch was paused, so no points
        lat = 35.68 + metres / 111_000
        hr = 138 + int(metres / 100)
        cad = 84 + (clock // 5) % 3
        time = (START + timedelta(seconds=clock)).strftime("%Y-%m-%dT%H:%M:%SZ")
        points.append(
            f"<Trackpoint><Time>{time}</Time><Position><LatitudeDegrees>{lat:.6f}"
            f"</LatitudeDegrees><LongitudeDegrees>139.700000</LongitudeDegrees></Position>"
            f"<DistanceMeters>{metres:.1f}</DistanceMeters><HeartRateBpm><Value>{hr}"
            f"</Value></HeartRateBpm><Extensions><ns3:TPX><ns3:RunCadence>{cad}"
            f"</ns3:RunCadence></ns3:TPX></Extensions></Trackpoint>"
        )
        metres += 16.0
        clock += 5
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<TrainingCenterDatabase xmlns="http://www.garmin.com/xmlschemas/'
        'TrainingCenterDatabase/v2" xmlns:ns3="http://www.garmin.com/xmlschemas/'
        'ActivityExtension/v2">\n<Activities><Activity Sport="Running">'
        f"<Id>{START.strftime('%Y-%m-%dT%H:%M:%SZ')}</Id><Lap><Track>\n"
        + "\n".join(points)
        + "\n</Track></Lap><Creator><Name>Forerunner 255</Name></Creator></Activity>"
        "</Activities>\n</TrainingCenterDatabase>\n"
    )


def gpx_ride() -> str:
    """A 10-minute ride, typed "cycling" as Strava's GPX export types it."""
    points = []
    for i in range(0, 600, 10):
        lat = 35.60 + 7.0 * i / 111_000
        lon = 139.60 + 0.001 * math.sin(i / 100)
        time = (START + timedelta(days=1, seconds=i)).strftime("%Y-%m-%dT%H:%M:%SZ")
        points.append(f'<trkpt lat="{lat:.6f}" lon="{lon:.6f}"><time>{time}</time></trkpt>')
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n<gpx version="1.1" creator="StravaGPX" '
        'xmlns="http://www.topografix.com/GPX/1/1">\n<trk><name>Commute</name>'
        "<type>cycling</type><trkseg>\n" + "\n".join(points) + "\n</trkseg></trk></gpx>\n"
    )


def main() -> None:
    (HERE / "easy-run-with-stop.tcx").write_text(tcx_run())
    ride = gpx_ride()
    (HERE / "commute-ride.gpx").write_text(ride)
    (HERE / "cut-off-run.gpx").write_text(ride.replace("cycling", "running")[:1500])
    (HERE / "empty.fit").write_bytes(b"")
    whole = gzip.compress(ride.encode(), mtime=0)
    (HERE / "broken-download.gpx.gz").write_bytes(whole[: len(whole) // 2])


if __name__ == "__main__":
    main()
