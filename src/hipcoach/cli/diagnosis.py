"""`hipcoach doctor`: what hipcoach finds on this machine, and how to fix each problem.

Every check is read-only: the log is opened read-only (``log.health``, never migrated or
repaired here), the settings and programs are only read. It lives in ``cli`` because it
also looks at the terminal.
"""

from __future__ import annotations

import os
import shutil
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from hipcoach import __version__, paths
from hipcoach.errors import HipcoachError
from hipcoach.i18n import LANG_ENV, Lang, parse_lang, system_lang, t

Level = Literal["ok", "info", "problem"]


@dataclass(frozen=True)
class Check:
    section: str
    label: str
    level: Level
    detail: str = ""
    fix: str | None = None  # a command (or action) that fixes the problem


@dataclass
class Report:
    checks: list[Check] = field(default_factory=list)

    @property
    def problems(self) -> list[Check]:
        return [c for c in self.checks if c.level == "problem"]

    def add(
        self, section: str, label: str, level: Level, detail: str = "", fix: str | None = None
    ) -> None:
        self.checks.append(Check(section, label, level, detail, fix))


def diagnose(
    speech: Callable[[Report, Lang], None] | None = None, option_lang: str | None = None
) -> Report:
    report = Report()
    report.add(
        "hipcoach",
        t("doctor.version"),
        "info",
        f"{__version__} · Python {sys.version.split()[0]} · {sys.platform}",
    )
    lang = _language(report, option_lang)
    _paths(report)
    _log(report)
    _settings(report)
    _programs(report)
    if speech is not None:
        speech(report, lang)
    _terminal(report)
    return report


def _language(report: Report, option: str | None) -> Lang:
    from hipcoach.settings import load_or_default

    configured = load_or_default()[0].language
    for source, value in (
        ("--lang", option),
        (LANG_ENV, os.environ.get(LANG_ENV)),
        ("settings", configured),
    ):
        lang = parse_lang(value) if value else None
        if lang is not None:
            report.add(
                "language",
                t("doctor.language"),
                "ok",
                t("doctor.language_from", language=lang, source=source),
            )
            return lang
    lang = system_lang()
    report.add(
        "language",
        t("doctor.language"),
        "ok",
        t("doctor.language_from", language=lang, source=t("doctor.locale")),
    )
    return lang


def _paths(report: Report) -> None:
    for label, folder in (
        (t("doctor.data_dir"), paths.data_dir()),
        (t("doctor.config_dir"), paths.config_dir()),
        (t("doctor.cache_dir"), paths.cache_dir()),
    ):
        if folder.exists() and not os.access(folder, os.W_OK):
            report.add(
                "paths", label, "problem", str(folder), t("doctor.fix_permissions", path=folder)
            )
        else:
            state = "" if folder.exists() else t("doctor.created_when_needed")
            report.add("paths", label, "info", f"{folder} {state}".strip())
    _free_space(report)


LOW_SPACE = 20 * 1024 * 1024  # a year of sessions takes about 1 MiB; exports more


def _free_space(report: Report) -> None:
    folder = paths.data_dir()
    while not folder.exists() and folder != folder.parent:
        folder = folder.parent
    try:
        free = shutil.disk_usage(folder).free
    except OSError:
        return
    mib = free // (1024 * 1024)
    if free < LOW_SPACE:
        report.add(
            "paths",
            t("doctor.free_space"),
            "problem",
            t("doctor.free_mib", mib=mib, path=folder),
            t("doctor.fix_free_space"),
        )
    else:
        report.add(
            "paths", t("doctor.free_space"), "ok", t("doctor.free_mib", mib=mib, path=folder)
        )


def _log(report: Report) -> None:
    from hipcoach.log.health import inspect_log

    path = paths.db_path()
    if not path.exists():
        report.add("log", t("doctor.log"), "info", t("doctor.log_none", path=path))
        return
    health = inspect_log(path)
    if health.error is not None or health.integrity != "ok":
        detail = health.error or f"integrity_check: {health.integrity}"
        report.add(
            "log",
            t("doctor.log"),
            "problem",
            f"{path}: {detail}",
            t("doctor.fix_broken_log", path=path),
        )
        return
    if health.newer_than_this_hipcoach:
        report.add(
            "log",
            t("doctor.log"),
            "problem",
            t("doctor.log_newer", found=health.version, known=health.known_versions),
            t("doctor.fix_update"),
        )
        return
    if not os.access(path, os.W_OK):
        report.add(
            "log",
            t("doctor.log"),
            "problem",
            t("doctor.log_read_only", path=path),
            t("doctor.fix_file_permissions", path=path),
        )
        return
    size = path.stat().st_size // 1024
    detail = t(
        "doctor.log_ok", path=path, sessions=health.sessions, kib=size, version=health.version
    )
    report.add("log", t("doctor.log"), "ok", detail)
    if health.running:
        report.add("log", t("doctor.running"), "info", t("doctor.running_detail", n=health.running))


def _settings(report: Report) -> None:
    from hipcoach.settings import load

    path = paths.settings_path()
    if not path.exists():
        report.add("settings", t("doctor.settings"), "info", t("doctor.settings_none", path=path))
        return
    try:
        load(path)
    except HipcoachError as exc:
        report.add(
            "settings",
            t("doctor.settings"),
            "problem",
            " / ".join(exc.lines()),
            t("doctor.fix_settings", path=path),
        )
        return
    report.add("settings", t("doctor.settings"), "ok", str(path))


def _programs(report: Report) -> None:
    from hipcoach.program.catalog import catalog

    for entry in catalog():
        label = entry.id or entry.path.name
        if entry.error is not None:
            report.add(
                "programs",
                label,
                "problem",
                f"{entry.path}: {entry.error.lines()[0]}",
                f"hipcoach validate {entry.path}",
            )
        elif entry.shadows_builtin:
            report.add(
                "programs",
                label,
                "problem",
                t("doctor.shadowed", path=entry.path),
                t("doctor.fix_shadowed", path=entry.path),
            )
        else:
            kind = t("source.builtin" if entry.builtin else "source.user")
            report.add("programs", label, "ok", f"{kind} · {entry.path}")


def _terminal(report: Report) -> None:
    import shutil

    interactive = sys.stdin.isatty() and sys.stdout.isatty()
    term = os.environ.get("TERM", "")
    size = shutil.get_terminal_size()
    details = [
        f"TERM={term or '-'}",
        f"{size.columns}x{size.lines}",
        f"encoding={sys.stdout.encoding}",
    ]
    if os.environ.get("NO_COLOR"):
        details.append("NO_COLOR")
    level: Level = "ok" if interactive and term != "dumb" else "info"
    report.add(
        "terminal",
        t("doctor.terminal"),
        level,
        " · ".join(details) + ("" if level == "ok" else " · " + t("doctor.plain_output")),
    )
    if (sys.stdout.encoding or "").lower().replace("-", "") != "utf8":
        report.add(
            "terminal",
            t("doctor.encoding"),
            "problem",
            str(sys.stdout.encoding),
            "export LANG=C.UTF-8",
        )
    if 0 < size.columns < 60:
        report.add(
            "terminal", t("doctor.narrow"), "info", t("doctor.narrow_detail", n=size.columns)
        )
