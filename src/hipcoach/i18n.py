"""User-facing strings in English and Japanese, from one table.

Why one Python table rather than gettext catalogs: there are exactly two languages,
both maintained by us; a table needs no compile step or package data, keeps each
English string next to its Japanese twin for review, and a test checks that every
entry has both languages with the same placeholders. Program texts (exercise names,
instructions) live in the program files, also in both languages.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from datetime import date
from typing import Literal, get_args

Lang = Literal["en", "ja"]
LANGS: tuple[Lang, ...] = get_args(Lang)
LANG_ENV = "HIPCOACH_LANG"


def system_lang() -> Lang:
    """Japanese when the locale says so (ja_JP.UTF-8, ja, …), else English."""
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    return "en"


def parse_lang(value: str) -> Lang | None:
    """``"ja"``, ``"JA"``, ``"ja_JP.UTF-8"`` → ``"ja"``; unknown → None."""
    head = value.strip().lower().replace("-", "_").split("_")[0].split(".")[0]
    for lang in LANGS:
        if head == lang:
            return lang
    return None


def resolve_lang(option: str | None = None, configured: str | None = None) -> Lang:
    """``--lang``, else ``HIPCOACH_LANG``, else the settings file, else the system locale."""
    for candidate in (option, os.environ.get(LANG_ENV), configured):
        if candidate:
            lang = parse_lang(candidate)
            if lang is not None:
                return lang
    return system_lang()


_current: Lang | None = None


def set_language(lang: Lang) -> None:
    """Set the language of messages for this process (the CLI does, once per command)."""
    global _current  # noqa: PLW0603 - one language per process, chosen at the edge
    _current = lang


def current_language() -> Lang:
    return _current if _current is not None else resolve_lang()


def t(key: str, /, *, lang: Lang | None = None, **values: object) -> str:
    """The text for ``key`` in ``lang`` (default: the current language), placeholders filled."""
    en, ja = MESSAGES[key]
    text = ja if (lang or current_language()) == "ja" else en
    return text.format(**values) if values else text


def counted(n: int, noun: str, *, lang: Lang | None = None) -> str:
    """``1 set`` / ``3 sets`` (Japanese has no plural: ``3セット``)."""
    return t(COUNT[noun, n == 1], lang=lang, n=n)


def join(items: Sequence[str], *, lang: Lang | None = None) -> str:
    return t("list.sep", lang=lang).join(items)


def about_duration(seconds: float, lang: Lang | None = None) -> str:
    """``about 6 min``: a time that depends on the runner, to the minute (at least one)."""
    return t("duration.about_min", lang=lang, m=max(1, round(seconds / 60)))


def format_duration(seconds: float, *, lang: Lang | None = None) -> str:
    """``754`` → ``12 min 34 s`` / ``12分34秒``; under a minute seconds only, ``12.5 s``
    when the half matters. Halves round up, the same everywhere."""
    if seconds < 59.95 and abs(seconds - round(seconds)) >= 0.05:
        return t("duration.sec", lang=lang, s=f"{seconds:.1f}")
    whole = whole_seconds(seconds)
    if whole < 60:
        return t("duration.sec", lang=lang, s=whole)
    return t("duration.min_sec", lang=lang, m=whole // 60, s=whole % 60)


def format_date(day: date, *, lang: Lang | None = None) -> str:
    """A calendar date for people: ISO in English (``2026-12-05``, unambiguous in every
    locale), ``2026年12月5日`` in Japanese. The year stays: a log spans years."""
    if (lang or current_language()) == "ja":
        return f"{day.year}年{day.month}月{day.day}日"
    return day.isoformat()


_KANJI_DIGITS = "〇一二三四五六七八九"


def spoken_count(n: int, *, lang: Lang | None = None) -> str:
    """A number said before a counter word, written so that speech reads it right: Open
    JTalk reads 「2セット」 as フタセット, 「二セット」 as ニセット. English: the digits."""
    if (lang or current_language()) != "ja" or not 0 < n < 100:
        return str(n)
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else _KANJI_DIGITS[tens] + "十")
    return head + (_KANJI_DIGITS[ones] if ones else "")


def whole_seconds(seconds: float) -> int:
    """Rounded half up (Python's round() rounds 142.5 down to 142)."""
    return int(seconds + 0.5) if seconds >= 0 else -int(-seconds + 0.5)


# --- keys chosen at run time ----------------------------------------------------------------
# Spelled out, so every key the code can ask for is written in the source: a test finds the
# missing and the unused ones (tests/test_i18n.py), and a None or a new value fails where
# it is looked up instead of printing a key.


SIDE = {"left": "side.left", "right": "side.right"}
SIDES = {
    "none": "sides.none",
    "each": "sides.each",
    "alternate": "sides.alternate",
    "alternating": "sides.alternating",
}
STATUS = {
    "running": "status.running",
    "completed": "status.completed",
    "partial": "status.partial",
    "aborted": "status.aborted",
}
UNIT = {"seconds": "unit.seconds", "reps": "unit.reps"}
SIDES_SHORT = {  # none says nothing
    "each": "sides_short.each",
    "alternate": "sides_short.alternate",
    "alternating": "sides_short.alternating",
}
PHASE = {
    "warm-up": "phase.warm-up",
    "flexibility": "phase.flexibility",
    "mobility": "phase.mobility",
    "hip-support": "phase.hip-support",
    "strength": "phase.strength",
    "stability": "phase.stability",
    "running-transfer": "phase.running-transfer",
    "cool-down": "phase.cool-down",
    "self-test": "phase.self-test",
}
DAY = {
    "mon": "day.mon",
    "tue": "day.tue",
    "wed": "day.wed",
    "thu": "day.thu",
    "fri": "day.fri",
    "sat": "day.sat",
    "sun": "day.sun",
}
MONTH = (  # January first: MONTH[day.month - 1]
    "report.month_jan",
    "report.month_feb",
    "report.month_mar",
    "report.month_apr",
    "report.month_may",
    "report.month_jun",
    "report.month_jul",
    "report.month_aug",
    "report.month_sep",
    "report.month_oct",
    "report.month_nov",
    "report.month_dec",
)
SEGMENT = {  # the session screen's label for each kind of segment
    "get_ready": "screen.kind.get_ready",
    "work": "screen.kind.work",
    "hold": "screen.kind.hold",
    "switch": "screen.kind.switch",
    "rest": "screen.kind.rest",
    "transition": "screen.kind.transition",
}
MOVEMENT = {"down": "move.down", "hold": "move.hold", "up": "move.up"}
PLAIN_BETWEEN = {"get_ready": "plain.get_ready", "transition": "plain.transition"}
PLAIN_END = {
    "done": "plain.end.done",
    "quit": "plain.end.quit",
    "interrupted": "plain.end.interrupted",
    "terminated": "plain.end.terminated",
}
DRY_BETWEEN = {"get_ready": "dry.get_ready", "transition": "dry.transition"}
COUNT = {
    ("set", True): "count.set.one",
    ("set", False): "count.set.many",
    ("exercise", True): "count.exercise.one",
    ("exercise", False): "count.exercise.many",
    ("session", True): "count.session.one",
    ("session", False): "count.session.many",
    ("trial", True): "count.trial.one",
    ("trial", False): "count.trial.many",
    ("rep", True): "count.rep.one",
    ("rep", False): "count.rep.many",
    ("day", True): "count.day.one",
    ("day", False): "count.day.many",
    ("record", True): "count.record.one",
    ("record", False): "count.record.many",
    ("gps_spike", True): "count.gps_spike.one",
    ("gps_spike", False): "count.gps_spike.many",
    ("run", True): "count.run.one",
    ("run", False): "count.run.many",
    ("result", True): "count.result.one",
    ("result", False): "count.result.many",
}
INCREMENT = {
    "hold": "show.increment.hold",
    "reps": "show.increment.reps",
    "sets": "show.increment.sets",
}
VARIANT = {"full": "log.variant_full", "quick": "log.variant_quick"}
ANSWER = {  # a self-test's answers as shown
    "yes": "answer.yes",
    "no": "answer.no",
    "good": "answer.good",
    "fair": "answer.fair",
    "poor": "answer.poor",
}
BAND = {"poor": "band.poor", "average": "band.average", "good": "band.good"}
CHANGE = {
    "better": "change.better",
    "worse": "change.worse",
    "within-error": "change.within-error",
    "not-judged": "change.not-judged",
}
FAILURE_DOSE = {
    "hold-to-failure": "dose.hold-to-failure",
    "reps-to-failure": "dose.reps-to-failure",
}
# why a watch file was skipped or not imported (hipcoach.runs.decode.Reason)
REASON = {
    "cannot_open": "runs.file_why.cannot_open",
    "too_large": "runs.file_why.too_large",
    "broken_gzip": "runs.file_why.broken_gzip",
    "empty_file": "runs.file_why.empty_file",
    "not_watch_file": "runs.file_why.not_watch_file",
    "unreadable": "runs.file_why.unreadable",
    "not_a_run": "runs.file_why.not_a_run",
    "no_running": "runs.file_why.no_running",
    "no_date": "runs.file_why.no_date",
}
# what is wrong with a FIT file that cannot be read (hipcoach.runs.fitreader.FitError.code)
FIT_PROBLEM = {
    "not_fit": "runs.fit_problem.not_fit",
    "truncated": "runs.fit_problem.truncated",
    "bad_crc": "runs.fit_problem.bad_crc",
    "corrupt": "runs.fit_problem.corrupt",
}
# a gzip or XML file that cannot be read, in words (hipcoach.runs.decode.reason_text)
GZIP_PROBLEM = {
    "cut_off": "runs.gzip_problem.cut_off",
    "damaged": "runs.gzip_problem.damaged",
}
XML_PROBLEM = {
    "bad_xml_at": "runs.xml_problem.bad_xml_at",
    "bad_xml": "runs.xml_problem.bad_xml",
    "forbidden": "runs.xml_problem.forbidden",
    "no_activity": "runs.xml_problem.no_activity",
    "not_gpx": "runs.xml_problem.not_gpx",
    "other": "runs.xml_problem.other",
}
# the sports a watch file names (FIT's sport names, TCX's Sport, GPX's type), the common
# ones; any other is shown as the file names it
SPORT = {
    "cycling": "sport.cycling",
    "biking": "sport.cycling",
    "swimming": "sport.swimming",
    "walking": "sport.walking",
    "hiking": "sport.hiking",
    "fitness_equipment": "sport.fitness_equipment",
    "training": "sport.training",
    "transition": "sport.transition",
    "generic": "sport.generic",
    "unknown": "sport.unknown",
    "rowing": "sport.rowing",
    "other": "sport.other",
}


def sport_name(sport: str, *, lang: Lang | None = None) -> str:
    """``"fitness_equipment"`` → ``fitness equipment`` / ``フィットネス機器``."""
    key = SPORT.get(sport.lower())
    return t(key, lang=lang) if key else sport.replace("_", " ")


VOICE_OFF: dict[str | None, str] = {
    "bad_command": "voice.off.bad_command",
    "no_engine": "voice.off.no_engine",
    "no_player": "voice.off.no_player",
    "no_audio_device": "voice.off.no_audio_device",
    "render_failed": "voice.off.render_failed",
    None: "voice.off.other",  # no reason given: still say that the bell stands in
}


MESSAGES: dict[str, tuple[str, str]] = {
    # --- command help -------------------------------------------------------------
    "help.app": (
        "A guided home-exercise coach for runners whose hips drop late in a race. "
        "Run without a command to see today's routine.",
        "レース後半に腰が落ちるランナーのための、ターミナルで動く自宅トレーニングのコーチ。"
        "コマンドなしで実行すると今日のメニューを表示します。",
    ),
    "help.version": ("Show the version and exit.", "バージョンを表示して終了します。"),
    "help.lang": (
        "Language: en or ja (default: HIPCOACH_LANG, settings, then the system locale).",
        "言語: en または ja（既定: HIPCOACH_LANG、設定、システムのロケールの順）。",
    ),
    "help.json": (
        "Print JSON on stdout instead of a table.",
        "表の代わりに JSON を標準出力に出します。",
    ),
    "help.programs": (
        "List the built-in programs and your own, with their steps and estimated time.",
        "内蔵プログラムと自作プログラムを、ステップ数と所要時間の目安つきで一覧表示します。",
    ),
    "help.show": (
        "Show a program in full: steps, doses, how-to, cues, time and the safety note.",
        "プログラムの全内容（ステップ、回数・時間、やり方、意識するポイント、所要時間、安全上の注意）を表示します。",
    ),
    "help.show.program": (
        "Program id (see `hipcoach programs`) or path to a YAML file.",
        "プログラム ID（`hipcoach programs` で確認）または YAML ファイルのパス。",
    ),
    "help.validate": (
        "Check program files; exit 0 when all are valid, 2 with one line per problem.",
        "プログラムファイルを検査します。すべて正しければ終了コード0、問題があれば1行ずつ表示して2。",
    ),
    "help.validate.files": ("Program YAML files to check.", "検査する YAML ファイル。"),
    "help.schema": (
        "Print the JSON Schema of the program format (for editor completion).",
        "プログラム形式の JSON Schema を出力します（エディタの補完用）。",
    ),
    # --- messages -----------------------------------------------------------------
    "error.bug": (
        "hipcoach: internal error ({kind}: {detail}). This is a bug in hipcoach; "
        "run again with {env}=1 to see the details for a report.",
        "hipcoach: 内部エラー（{kind}: {detail}）。hipcoach の不具合です。"
        "報告用の詳細は {env}=1 を付けて再実行すると表示されます。",
    ),
    "validate.ok": ("{file}: ok ({program})", "{file}: OK（{program}）"),
    "program.unknown": (
        "no program called {name!r}; available: {available}",
        "{name!r} というプログラムはありません。使えるもの: {available}",
    ),
    "program.shadowed": (
        "{path}: has the same id as the built-in program {id!r} and is ignored; "
        "change its `id:` to use it",
        "{path}: 内蔵プログラム {id!r} と同じ ID のため無視しています。使うには `id:` を変えてください",
    ),
    "program.invalid_user": (
        "{path}: not a valid program (run `hipcoach validate {path}`)",
        "{path}: プログラムとして正しくありません（`hipcoach validate {path}` で確認できます）",
    ),
    "programs.none": ("No programs found.", "プログラムが見つかりません。"),
    "col.id": ("id", "ID"),
    "col.name": ("name", "名前"),
    "col.steps": ("steps", "ステップ"),
    "col.time": ("time", "時間"),
    "col.quick": ("quick", "時短版"),
    "col.source": ("source", "種類"),
    "source.builtin": ("built-in", "内蔵"),
    "source.user": ("yours", "自作"),
    "duration.min_sec": ("{m} min {s:02d} s", "{m}分{s:02d}秒"),
    "duration.sec": ("{s} s", "{s}秒"),
    "duration.approx": ("about {d}", "約{d}"),
    "duration.about_min": ("about {m} min", "約{m}分"),
    # --- program rendering ----------------------------------------------------------
    "show.estimated": ("Estimated time: {full}", "所要時間の目安: {full}"),
    "show.estimated_quick": (
        "Quick version (`--quick`, {sets} set each): {quick}, below the full dose, for busy days",
        "時短版（`--quick`、各{sets}セット）: {quick}。本来の回数より少なめで、時間のない日のためのものです",
    ),
    "show.why_program": ("Why it works", "なぜ効くのか"),
    "show.why_step": ("Why", "なぜ"),
    "show.schedule": ("Training days: {days}", "実施日: {days}"),
    "show.test_heading": ("Test {n}/{total}", "テスト{n}/{total}"),
    "show.test": ("The test", "テスト内容"),
    "show.test.timed-hold": ("hold {s} s", "{s}秒キープ"),
    "show.test.hold-to-failure": (
        "a stopwatch: hold until the position goes, then Enter",
        "ストップウォッチ: 姿勢が保てなくなるまでキープして Enter",
    ),
    "show.test.reps-to-failure": (
        "reps at the tempo until you can no longer keep it ({tempo}), then Enter and the "
        "count confirmed",
        "テンポが保てなくなるまでくり返し（{tempo}）、Enter を押して回数を確かめる",
    ),
    "show.test.checklist": ("{reps} reps ({tempo})", "{reps}回（{tempo}）"),
    "show.test.then": (". Then asked: {questions}", "。そのあとの質問: {questions}"),
    "show.test.question": ("{label} ({answers})", "{label}（{answers}）"),
    "show.test.flag_from": (", {n} or more a flag", "、{n}以上はサイン"),
    "show.test.flag_yes": (", {yes} a flag", "、「{yes}」はサイン"),
    "show.norm": ("What the result means", "結果の見方"),
    "show.tests_results": ("Your results", "結果"),
    "show.tests_results.body": (
        "Run the tests with `hipcoach assess`; `hipcoach assess --results` shows each side, "
        "the asymmetry and a change only when larger than the test's measurement error.",
        "`hipcoach assess` でテストを行い、`hipcoach assess --results` で左右それぞれの結果・"
        "左右差と、測定誤差を超えた変化だけを確かめられます。",
    ),
    "show.step_heading": ("Step {n}/{total} · {phase}", "ステップ{n}/{total}・{phase}"),
    "show.purpose": ("Aim", "ねらい"),
    "show.dose": ("Dose", "回数・時間"),
    "show.how": ("How", "やり方"),
    "show.feel": ("You should feel", "ここに感じればOK"),
    "show.avoid": ("Avoid", "注意"),
    "show.cue": ("Key cue", "意識するポイント"),
    "show.rest": ("rest {s} s between sets", "セット間の休憩{s}秒"),
    "show.progression": ("How the dose moves", "負荷の上げ下げ"),
    "show.progression.body": (
        "Start light: at the low end of each range. After {n} completed sessions in a row "
        "with pain {easy_pain} or less and effort {easy_effort} or less, the dose steps up one "
        "level ({increments}). Pain {ease} or more steps the exercise that hurt back one level; "
        "an exercise with a fixed dose does not move: use a smaller range of movement or leave "
        "it out. Pain {stop} or more, pain {ease} or more in two check-ins in a row, or a "
        "warning sign stops the routine until a doctor or physiotherapist has assessed it.",
        "最初は軽い設定（各範囲のいちばん下）から始めます。痛み{easy_pain}以下・きつさ"
        "{easy_effort}以下で最後まで終えたセッションが{n}回続くと、1段階上げます（{increments}）。"
        "痛みが{ease}以上なら、痛んだ種目を1段階下げます。回数が固定の種目は変わらないので、"
        "動きを小さくするか、その種目を抜きましょう。痛みが{stop}以上、{ease}以上が2回続く、"
        "または注意すべきサインがあれば、医師や理学療法士に診てもらうまでメニューを中止します。",
    ),
    "show.progression.fixed": (
        "The doses in this program are fixed.",
        "このプログラムの回数・時間は固定です。",
    ),
    "show.increment.hold": ("hold +{step} s up to {max} s", "キープ+{step}秒、最大{max}秒"),
    "show.increment.reps": ("+{step} reps up to {max}", "+{step}回、最大{max}回"),
    "show.increment.sets": ("+{step} set up to {max}", "+{step}セット、最大{max}セット"),
    "safety.title": ("Safety", "安全のために"),
    "safety.body_tests": (
        "A self-test goes to your limit, never through pain: stop a test at sharp or growing "
        "pain. These are home tests, not a diagnosis, and do not replace an examination by a "
        "doctor or physiotherapist.",
        "セルフテストは限界まで行いますが、痛みをこらえて続けるものではありません。鋭い痛みや"
        "強くなる痛みが出たら、そのテストは中止してください。自宅でのテストで診断ではなく、"
        "医師や理学療法士の診察の代わりにはなりません。",
    ),
    "safety.body": (
        "Sharp or growing pain means stop. This routine is light, but it does not replace "
        "an examination by a doctor or physiotherapist.",
        "鋭い痛みや、だんだん強くなる痛みが出たら中止してください。軽いメニューですが、"
        "医師や理学療法士の診察に代わるものではありません。",
    ),
    # --- doses ---------------------------------------------------------------------
    "dose.hold": ("hold {seconds} s", "{seconds}秒キープ"),
    "dose.reps": ("{reps} reps", "{reps}回"),
    "dose.sets": ("{sets} sets", "{sets}セット"),
    "dose.set": ("{sets} set", "{sets}セット"),
    "dose.self_paced": ("at your own pace", "自分のペースで"),
    "move.down": ("down", "下ろして"),
    "move.hold": ("hold", "止めて"),
    "move.up": ("up", "上げて"),
    "tempo.part": ("{word} {s} s", "{word}{s}秒"),
    "tempo.sep": (", ", "、"),
    "dose.first_hold": ("first rep held {s} s", "1回目は{s}秒止める"),
    "dose.compact": ("{sets} × {amount}{sides}", "{amount} × {sets}セット{sides}"),
    "sides_short.each": (" each side", "（左右それぞれ）"),
    "sides_short.alternate": (" sides by turns", "（セットごとに左右交互）"),
    "sides_short.alternating": (" alternating legs", "（左右交互）"),
    "stats.percent": ("{pct} %", "{pct}%"),
    "sides.none": ("", ""),
    "sides.each": ("each side", "左右それぞれ"),
    "sides.alternate": ("sides take turns by set", "セットごとに左右交互"),
    "sides.alternating": ("alternating legs, each leg one rep", "左右交互（片脚ごとに1回）"),
    "side.left": ("left", "左"),
    "side.right": ("right", "右"),
    # --- phases ---------------------------------------------------------------------
    "phase.warm-up": ("warm-up", "ウォームアップ"),
    "phase.flexibility": ("flexibility", "柔軟性"),
    "phase.mobility": ("mobility", "可動性"),
    "phase.hip-support": ("hip support", "股関節で支える"),
    "phase.strength": ("strength", "筋力"),
    "phase.stability": ("stability", "安定性"),
    "phase.running-transfer": ("running transfer", "走りへつなげる"),
    "phase.cool-down": ("cool-down", "クールダウン"),
    "phase.self-test": ("self-test", "セルフテスト"),
    # --- days ---------------------------------------------------------------------------
    "stats.calendar_cut": (
        "(the calendar shows the last {weeks} weeks: a wider terminal shows more)",
        "（カレンダーは直近{weeks}週間分です。端末を広げるともっと表示されます）",
    ),
    "day.mon": ("Mon", "月"),
    "day.tue": ("Tue", "火"),
    "day.wed": ("Wed", "水"),
    "day.thu": ("Thu", "木"),
    "day.fri": ("Fri", "金"),
    "day.sat": ("Sat", "土"),
    "day.sun": ("Sun", "日"),
    "list.sep": (", ", "、"),
    "list.dot": (" · ", "・"),
    "list.range": (
        "–",
        "〜",
    ),  # 20–30 s / 20〜30秒  # between the parts of a line: 10 reps · 2 sets
    # --- loading files ------------------------------------------------------------------
    "yaml.too_big": (
        "the file is larger than 1 MiB; refusing to read it",
        "ファイルが 1 MiB を超えているため読み込みません",
    ),
    "yaml.unreadable": ("cannot read the file: {reason}", "ファイルを読めません: {reason}"),
    "files.not_regular": ("it is {kind}, not a regular file", "通常のファイルではなく{kind}です"),
    "files.a_folder": ("a folder", "フォルダ"),
    "files.a_pipe": ("a pipe (FIFO)", "パイプ（FIFO）"),
    "files.a_device": ("a device", "デバイス"),
    "files.a_socket": ("a socket", "ソケット"),
    "files.a_special": ("a special file", "特殊ファイル"),
    "files.too_big": ("larger than 1 MiB", "1 MiB を超えています"),
    "yaml.not_utf8": (
        "not valid UTF-8 text (byte 0x{byte}); save the file as UTF-8",
        "UTF-8 のテキストではありません（バイト 0x{byte}）。UTF-8 で保存してください",
    ),
    "yaml.invalid": ("invalid YAML: {detail}", "YAML の書き方が正しくありません: {detail}"),
    "yaml.too_deep": ("nested more than {n} levels deep", "入れ子が{n}段を超えています"),
    "yaml.bomb": (
        "aliases expand to too many values (an alias bomb?)",
        "エイリアスを展開すると値が多すぎます（エイリアス爆弾の疑い）",
    ),
    "yaml.recursive": (
        "an alias refers to itself; recursive structures are not allowed",
        "エイリアスが自分自身を参照しています。再帰的な構造は使えません",
    ),
    "yaml.key_not_text": (
        "keys must be text, not {key}",
        "キーは文字列にしてください（{key} は使えません）",
    ),
    "yaml.duplicate_key": ("duplicate key {key}", "キー {key} が重複しています"),
    "yaml.number_too_large": ("number is too large: {value}", "数値が大きすぎます: {value}"),
    "yaml.bad_tag": (
        "the tag {tag} is not allowed (only plain YAML values are)",
        "タグ {tag} は使えません（普通の YAML の値だけが使えます）",
    ),
    "yaml.bad_value": (
        "{value} is not a valid {tag} value",
        "{value} は {tag} の値として正しくありません",
    ),
    # --- program fields -----------------------------------------------------------------
    "program.not_mapping": (
        "a program file is a mapping of fields (format, id, name, steps, …)",
        "プログラムファイルは項目（format、id、name、steps など）の対応表（マッピング）にしてください",
    ),
    "program.duplicate_id": (
        "duplicate step id {id!r} (also steps[{other}])",
        "ステップ ID {id!r} が重複しています（steps[{other}] と同じ）",
    ),
    "field.missing_en": (
        "missing English text (add `en:`)",
        "英語のテキストがありません（`en:` を追加してください）",
    ),
    "field.missing_ja": (
        "missing Japanese text (add `ja:`)",
        "日本語のテキストがありません（`ja:` を追加してください）",
    ),
    "field.missing": ("missing required field `{name}`", "必須の項目 `{name}` がありません"),
    "field.bidi_character": (
        "the direction control {char} is not allowed in text (it can disguise what the text says)",
        "テキストに文字の向きを変える制御文字 {char} は使えません（内容を偽装できてしまいます）",
    ),
    "field.control_character": (
        "the control character {char} is not allowed in text (it could drive the terminal)",
        "テキストに制御文字 {char} は使えません（端末を操作できてしまいます）",
    ),
    "field.unknown": ("unknown field `{name}`", "不明な項目 `{name}`"),
    "field.misplaced": (
        "`{name}` does not belong here (check its indentation)",
        "`{name}` はここには書けません（インデントを確認してください）",
    ),
    "field.unknown_hint": (
        "unknown field `{name}` (did you mean `{close}`?)",
        "不明な項目 `{name}`（`{close}` のことですか？）",
    ),
    "field.number_text": (
        "expected a number, got the text {value!r}",
        "数値を指定してください（{value!r} は文字列です）",
    ),
    "field.number_sexagesimal": (
        "expected a number, got the text {value!r}; write seconds ({seconds})",
        "数値を指定してください（{value!r} は文字列です）。秒数で書いてください（{seconds}）",
    ),
    "field.whole_number": (
        "expected a whole number, got {value!r}",
        "整数を指定してください（{value!r}）",
    ),
    "field.text": (
        "expected text, got {value} (put it in quotes if it is meant as text)",
        "文字列を指定してください（{value}）。文字列のつもりなら引用符で囲んでください",
    ),
    "field.range": (
        "expected a number or a mapping with `min`, `max` and `step`",
        "数値、または `min`・`max`・`step` の対応表を指定してください",
    ),
    "field.mapping": (
        "expected a mapping (indented `key: value` lines)",
        "対応表（字下げした `キー: 値` の行）を指定してください",
    ),
    "field.list": (
        "expected a list (lines starting with `- `)",
        "リスト（`- ` で始まる行）を指定してください",
    ),
    "field.ge": (
        "must be at least {limit} (got {value!r})",
        "{limit}以上にしてください（{value!r}）",
    ),
    "field.gt": (
        "must be more than {limit} (got {value!r})",
        "{limit}より大きくしてください（{value!r}）",
    ),
    "field.le": (
        "must be at most {limit} (got {value!r})",
        "{limit}以下にしてください（{value!r}）",
    ),
    "field.lt": (
        "must be less than {limit} (got {value!r})",
        "{limit}未満にしてください（{value!r}）",
    ),
    "field.max_below_min": (
        "max ({max}) is below min ({min})",
        "max（{max}）が min（{min}）より小さくなっています",
    ),
    "field.hold_or_reps": (
        "give exactly one of `hold` (seconds) or `reps`",
        "`hold`（秒数）か `reps`（回数）のどちらか一方だけを指定してください",
    ),
    "field.tempo_needs_reps": (
        "`tempo` paces repetitions; a hold has none",
        "`tempo` は反復のペースです。キープ（hold）には指定できません",
    ),
    "field.dose_or_test": (
        "give exactly one of `dose` (an exercise) or `test` (a self-test)",
        "`dose`（エクササイズ）か `test`（セルフテスト）のどちらか一方だけを指定してください",
    ),
    "field.tests_apart": (
        "self-tests and exercises go in separate programs: give every step a `test`, or none",
        "セルフテストとエクササイズは別のプログラムにしてください（すべてのステップに `test` を指定するか、どれにも指定しない）",
    ),
    "field.test_needs": (
        "a `{kind}` test needs `{name}`",
        "`{kind}` のテストには `{name}` が必要です",
    ),
    "field.checklist_questions": (
        "a checklist needs at least one question",
        "チェックリストには質問が1つ以上必要です",
    ),
    "field.question_twice": (
        "two questions have the same id",
        "同じ id の質問が2つあります",
    ),
    "field.flag_yes_needs_yes_no": (
        "`flag_if_yes` applies to yes-no questions only",
        "`flag_if_yes` は yes-no の質問（answer: yes-no）にだけ指定できます",
    ),
    "field.flag_needs_pain": (
        "`flag_from` applies to pain questions only",
        "`flag_from` は痛みの質問（answer: pain）にだけ指定できます",
    ),
    "field.tempo_zero": (
        "a repetition must take some time: set down, hold or up",
        "1回の動作に時間が必要です。down・hold・up のどれかを指定してください",
    ),
    "field.sides_pair": (
        "give both `left` and `right`, or neither",
        "`left` と `right` は両方書くか、どちらも書かないでください",
    ),
    "field.progression_order": (
        "need easy_pain_max < step_back_pain <= stop_pain",
        "easy_pain_max < step_back_pain <= stop_pain の順にしてください",
    ),
    "field.day_twice": ("a day is listed twice", "同じ曜日が2回あります"),
    # --- the log --------------------------------------------------------------------------
    "store.unreadable": (
        "{path}: cannot use the log: {reason}",
        "{path}: ログを使えません: {reason}",
    ),
    "store.unwritable": (
        "{path}: cannot create the folder: {reason}",
        "{path}: フォルダを作れません: {reason}",
    ),
    "store.busy": (
        "{path}: the log is busy (another hipcoach is writing): {reason}",
        "{path}: ログが使用中です（別の hipcoach が書き込み中）: {reason}",
    ),
    "store.write_failed": (
        "{path}: could not save to the log: {reason}",
        "{path}: ログに保存できませんでした: {reason}",
    ),
    "store.newer": (
        "{path}: this log was written by a newer hipcoach (schema {found}, this one knows {known}); "
        "update hipcoach to use it",
        "{path}: このログは新しいバージョンの hipcoach で作られています（スキーマ{found}、"
        "このバージョンは{known}まで）。hipcoach を更新してください",
    ),
    "store.unknown_version": (
        "{path}: a log hipcoach does not know (schema {found}); it was left as it is",
        "{path}: hipcoach の知らないログです（スキーマ{found}）。ファイルはそのままです",
    ),
    "store.damaged": (
        "{path}: cannot use the log: it is damaged ({reason}); it was left as it is",
        "{path}: ログを使えません: 壊れています（{reason}）。ファイルはそのままです",
    ),
    "store.disk_full": (
        "{path}: cannot use the log: the disk is full",
        "{path}: ログを使えません: ディスクがいっぱいです",
    ),
    "store.bad_value": (
        "a value hipcoach cannot read ({reason})",
        "hipcoach の読めない値があります（{reason}）",
    ),
    "store.garbled": (
        "SQLite's message about it is not even text",
        "SQLite のエラーメッセージすら読めません",
    ),
    "store.hint_rescue": (
        "hint: `hipcoach doctor --rescue-log` copies what it still holds into a new log",
        "ヒント: `hipcoach doctor --rescue-log` で読める記録を新しいログに移せます",
    ),
    "error.hint_doctor": (
        "hint: `hipcoach doctor` checks the folders hipcoach writes to and the free space",
        "ヒント: `hipcoach doctor` で書き込み先のフォルダと空き容量を点検できます",
    ),
    "store.hint_doctor": (
        "hint: `hipcoach doctor` checks the log",
        "ヒント: `hipcoach doctor` でログを点検できます",
    ),
    # --- cues (spoken or shown) -------------------------------------------------------------
    "cue.exercise": ("{exercise}.", "{exercise}。"),
    "cue.side_first": ("{side} side first.", "まず{side}側から。"),
    "cue.side_first_own": ("First: {side}.", "まず{side}。"),
    "cue.start": ("Start.", "はじめ。"),
    "cue.sep": (" ", ""),
    "cue.halfway": ("Halfway.", "折り返し。"),
    "cue.first_hold": ("Hold {s} seconds.", "{s}秒止めて。"),
    "cue.switch": ("Switch sides: {side} side.", "反対側。{side}側です。"),
    "cue.switch_own": ("Switch: {side}.", "反対側。{side}。"),
    # spoken: Open JTalk reads 「2セット」 as フタセット, so the number comes as a word
    "cue.rest": ("Rest. Next, set {n}.", "休憩。次は{n}セット目。"),
    "cue.rest_last": ("Rest. Next, the last set.", "休憩。次がラストです。"),
    "cue.rest_short": ("Rest.", "休憩。"),
    "cue.next": ("Next: {exercise}.", "次は{exercise}です。"),
    "cue.done": ("Done. Well done!", "おつかれさまでした。"),
    # --- the session screen -----------------------------------------------------------------
    "screen.starting": ("Starting…", "準備中…"),
    "screen.set": ("set {n}/{total}", "{n}/{total}セット"),
    "screen.paused": (" PAUSED · space to continue ", " 一時停止中・スペースで再開 "),
    "screen.kind.get_ready": ("GET READY", "準備"),
    "screen.kind.work": ("GO", "スタート"),
    "dose.hold-to-failure": ("hold until you stop", "止めるまでキープ"),
    "dose.reps-to-failure": ("reps until you stop", "止めるまでくり返す"),
    "screen.kind.hold": ("HOLD", "キープ"),
    "screen.kind.switch": ("SWITCH SIDES → {side}", "反対側へ → {side}"),
    "screen.kind.rest": ("REST", "休憩"),
    "screen.kind.transition": ("NEXT EXERCISE", "次の種目へ"),
    "screen.rep": ("rep {n} of {total}", "{n}回目／{total}回"),
    "screen.move": ("{word}…", "{word}…"),
    "screen.first_hold": ("HOLD {s} s", "{s}秒キープ"),
    "screen.self_paced": (
        "{reps} reps at your own pace · Enter when done",
        "自分のペースで{reps}回・終わったら Enter",
    ),
    "screen.feel": ("Feel: {text}", "感覚: {text}"),
    "screen.avoid": ("Watch: {text}", "注意: {text}"),
    "screen.next": ("Next: {what}", "次: {what}"),
    "screen.next_done": ("Next: done!", "次: おしまい！"),
    "screen.keys": ("space pause · s skip · q quit", "スペース 一時停止・s スキップ・q 終了"),
    "screen.keys_paused": ("space continue · s skip · q quit", "スペース 再開・s スキップ・q 終了"),
    "screen.trial": ("trial {n}/{total}", "試行 {n}/{total}"),
    "screen.rep_open": ("rep {n}", "{n}回目"),
    "screen.hold_to_failure": (
        "HOLD · Enter when you stop",
        "キープ・止めたら Enter",
    ),
    "screen.keys_enter": (" · Enter done", "・Enter 完了"),
    "screen.keys_asking": (
        "type the number · Enter confirm · Backspace correct",
        "数字を入力・Enter 決定・Backspace 修正",
    ),
    "screen.ask_reps": (
        " How many reps? Counted {counted}: Enter keeps it ",
        " 何回できましたか？ 数えた回数 {counted}: Enter でそのまま ",
    ),
    "screen.ask_reps_typed": (
        " How many reps? {typed}_ Enter saves it · Esc keeps {counted} ",
        " 何回できましたか？ {typed}_ Enter で決定・Esc で {counted} ",
    ),
    "screen.ask_reps_refused": (
        " {typed}: not 0–{most}. How many reps? Enter keeps {counted} ",
        " {typed}: 0〜{most} ではありません。何回？ Enter で {counted} ",
    ),
    "screen.confirm_quit": (
        " End the session? q or Enter: end · space: go on ",
        " 終了しますか？ q か Enter: 終了・スペース: 続ける ",
    ),
    "screen.time_left": ("{time} left", "残り {time}"),
    "plain.get_ready": ("Get ready: {exercise} ({length})", "準備: {exercise}（{length}）"),
    "plain.transition": (
        "Next exercise: {exercise} ({length})",
        "次の種目: {exercise}（{length}）",
    ),
    "plain.segment": ("{label} ({length})", "{label}（{length}）"),
    "plain.paused": ("Paused", "一時停止"),
    "plain.resumed": ("Resumed after {after}", "再開（{after}停止）"),
    "plain.skipped": ("Skipped", "スキップ"),
    "plain.end.done": ("Finished.", "終了。"),
    "plain.end.quit": (
        "Stopped; what you did is saved.",
        "終了しました。ここまでの記録は保存済みです。",
    ),
    "plain.end.interrupted": (
        "Interrupted; what you did is saved.",
        "中断しました。ここまでの記録は保存済みです。",
    ),
    "plain.end.terminated": (
        "Ended by a signal; what you did is saved.",
        "シグナルで終了しました。ここまでの記録は保存済みです。",
    ),
    # --- run / today / log ------------------------------------------------------------------
    "help.run": (
        "Coach a session: live countdowns, paced reps and cues; every set is logged as it ends.",
        "セッションを案内します（カウントダウン、テンポに合わせた回数、合図）。各セットは終わるたびに記録します。",
    ),
    "help.today": (
        "What to do today, whether it is done, your streak and the last 14 days; offers to start.",
        "今日のメニュー、実施済みかどうか、連続日数、直近14日を表示します。そのまま始めることもできます。",
    ),
    "help.log": ("Recent sessions with their sets.", "最近のセッションとセットの記録。"),
    "help.log.limit": ("How many sessions to show.", "表示するセッション数。"),
    "help.assess.program_arg": (
        "Self-tests program id or YAML file (default: hip-tests).",
        "セルフテストのプログラム ID または YAML ファイル（既定: hip-tests）。",
    ),
    "help.program_arg": (
        "Program id or YAML file (default: hip-drop).",
        "プログラム ID または YAML ファイル（既定: hip-drop）。",
    ),
    "help.yes": ("Start without asking.", "確認せずに開始します。"),
    "help.run.step": (
        "Do just this exercise (its step id).",
        "この種目（ステップ ID）だけを行います。",
    ),
    "help.run.quick": (
        "The short version: one set of each exercise, below the full dose (for busy days).",
        "時短版: 各種目1セット。本来の回数より少なめです（時間のない日に）。",
    ),
    "run.below_dose": (
        "Quick version: below the program's full dose. Do the full session when you can.",
        "時短版: 本来の回数より少なめです。できる日は通常のメニューを行いましょう。",
    ),
    "help.run.speed": (
        "Rehearsal: time runs this many times faster (for demos and tests).",
        "リハーサル用: 時間をこの倍率で速く進めます（デモ・テスト用）。",
    ),
    "help.run.dry_run": (
        "Print the timeline with start times and the total, without running it.",
        "開始時刻と合計時間つきのタイムラインを表示するだけで、実行しません。",
    ),
    "run.unknown_step": (
        "{program} has no step {step!r}; its steps: {steps}",
        "{program} にステップ {step!r} はありません。ステップ: {steps}",
    ),
    "run.no_quick": ("{program} has no quick version", "{program} には時短版がありません"),
    "run.intro": ("{name} · {steps} · about {time}", "{name}・{steps}・約{time}"),
    "safety.short": (
        "Sharp or growing pain means stop.",
        "鋭い痛みや強くなる痛みが出たら中止してください。",
    ),
    "run.press_enter": ("Press Enter to start (q to cancel): ", "Enter で開始（q で中止）: "),
    "run.ask_reps": (
        "How many reps did you do? [{counted}] ",
        "何回できましたか？ [{counted}] ",
    ),
    "run.count_check": (
        "You typed {typed}; the pacing counted {counted}. Reps beyond the pacing were not at "
        "the test's tempo. Keep {typed}? Enter keeps {counted}. [y/N] ",
        "入力は{typed}回、テンポで数えたのは{counted}回です。テンポを超えた分はテストのテンポでは"
        "ありません。{typed}回のままにしますか？ Enter で{counted}回。 [y/N] ",
    ),
    "run.ask_reps_again": (
        "Please type a whole number from 0 to {most} (or press Enter).",
        "0〜{most} の整数を入力してください（Enter でそのまま）。",
    ),
    "run.summary.done": (
        "Done: {sets} logged. Well done!",
        "完了: {sets}を記録しました。おつかれさまでした！",
    ),
    "run.summary.stopped": ("Stopped: {sets} done and logged.", "終了: {sets}を記録しました。"),
    "count.set.one": ("1 set", "1セット"),
    "count.set.many": ("{n} sets", "{n}セット"),
    "count.exercise.one": ("1 exercise", "1種目"),
    "count.exercise.many": ("{n} exercises", "{n}種目"),
    "count.gps_spike.one": ("1 GPS spike", "GPS の飛び 1 回"),
    "count.gps_spike.many": ("{n} GPS spikes", "GPS の飛び {n} 回"),
    "count.run.one": ("1 run", "1 本"),
    "count.run.many": ("{n} runs", "{n} 本"),
    "count.session.one": ("1 session", "1セッション"),
    "count.session.many": ("{n} sessions", "{n}セッション"),
    "count.record.one": ("1 record", "1件"),
    "count.record.many": ("{n} records", "{n}件"),
    "count.result.one": ("1 result", "1件"),
    "count.result.many": ("{n} results", "{n}件"),
    "count.trial.one": ("1 trial", "1回"),
    "count.trial.many": ("{n} trials", "{n}回"),
    "count.rep.one": ("1 rep", "1回"),
    "count.rep.many": ("{n} reps", "{n}回"),
    "end.title_done": ("Done", "完了"),
    "end.title_stopped": ("Ended early", "途中で終了"),
    "end.time": ("Time", "時間"),
    "end.sets": ("Sets", "セット"),
    "end.real_time": ("{time} of real time", "実時間で{time}"),
    "end.sets_of": ("{done} of {planned} done", "{done}/{planned}セット完了"),
    "end.skipped": ("{n} skipped", "{n}セットスキップ"),
    "end.streak": ("Streak", "連続記録"),
    "end.streak_value": ("{days} · best {best}", "{days}（最長{best}日）"),
    "end.no_streak": (
        "a rehearsal counts toward no streak",
        "リハーサルは連続記録に数えません",
    ),
    "end.next": ("Next time", "次回"),
    "end.next_dose": ("{exercise}: {dose}", "{exercise}：{dose}"),
    "count.day.one": ("1 day", "1日"),
    "count.day.many": ("{n} days", "{n}日"),
    "run.summary.skipped": (
        "{n} skipped (logged as skipped).",
        "{n}セットはスキップとして記録しました。",
    ),
    "dry.start": ("start", "開始"),
    "dry.length": ("length", "長さ"),
    "dry.what": ("what", "内容"),
    "dry.self_paced": ("~{d}, until Enter", "約{d}（Enter まで）"),
    "dry.total": ("Total: {d}", "合計: {d}"),
    "dry.get_ready": ("Get ready: {exercise}", "準備: {exercise}"),
    "dry.transition": ("Next exercise: {exercise}", "次の種目: {exercise}"),
    "today.training_day": ("training day", "実施日"),
    "today.rest_day": ("rest day", "休養日"),
    "today.done": ("Done today ✓", "今日は実施済み ✓"),
    "today.partly": (
        "Started today; some exercises are still to do.",
        "今日は途中まで実施済み。残りの種目があります。",
    ),
    "today.not_yet": ("Not done yet today.", "今日はまだ実施していません。"),
    "today.rest_optional": (
        "A rest day: training is optional.",
        "休養日です。やってもかまいません。",
    ),
    "today.streak": ("Streak: {days} · best {best}", "連続{days}（最長{best}日）"),
    "today.recent": ("Last 14 days", "直近14日"),
    "streak.forgiven": (
        " ({n} missed training days forgiven: the allowance)",
        "（休んだ実施日{n}日は許容範囲として数えていません）",
    ),
    "today.start_now": ("Start today's session? [Y/n] ", "今日のセッションを始めますか？ [Y/n] "),
    "status.running": ("running", "実施中"),
    "status.completed": ("completed", "完了"),
    "status.partial": ("partial", "途中まで"),
    "status.aborted": ("aborted", "中止"),
    "log.empty": (
        "No sessions yet. Start one with `hipcoach run`.",
        "まだ記録がありません。`hipcoach run` で始めましょう。",
    ),
    "log.set": ("set {n}", "{n}セット目"),
    "log.skipped": ("skipped", "スキップ"),
    "log.done_of": ("{done} of {planned}", "{done}（予定{planned}）"),
    "log.variant_full": ("full", "通常"),
    "log.rehearsal": ("rehearsal ×{speed}", "リハーサル ×{speed}"),
    "run.summary.rehearsal": (
        "A rehearsal is logged, but counts toward no streak, dose or report.",
        "リハーサルは記録しますが、連続記録・負荷・レポートには数えません。",
    ),
    "log.variant_quick": ("quick", "時短版"),
    "log.variant_step": ("only {step}", "{step} のみ"),
    # --- Typer's own words -------------------------------------------------------------
    "help.help": ("Show this message and exit.", "このヘルプを表示して終了します。"),
    "help.install_completion": (
        "Install completion for the current shell.",
        "いまのシェルに補完を設定します。",
    ),
    "help.show_completion": (
        "Show completion for the current shell, to copy it or customize the installation.",
        "いまのシェル用の補完を表示します（コピーや設定の調整用）。",
    ),
    "cli.usage": ("Usage: ", "使い方: "),
    "cli.arguments": ("Arguments", "引数"),
    "cli.options": ("Options", "オプション"),
    "cli.commands": ("Commands", "コマンド"),
    "cli.no_such_option": ("no such option: {name}", "そのようなオプションはありません: {name}"),
    "cli.did_you_mean": ("(did you mean {options}?)", "（{options} のことですか？）"),
    "cli.missing": ("missing {param}", "{param} がありません"),
    "cli.bad_value": (
        "invalid value for {param}: {reason}",
        "{param} の値が正しくありません: {reason}",
    ),
    "cli.try_help": (
        "Try '{command} --help' for help.",
        "ヘルプは '{command} --help' で表示できます。",
    ),
    "clock.bad_now": (
        "{variable}: {value} is not a date (2026-10-05) or a date and time (2026-10-05T07:00, optionally with an offset such as +09:00)",
        "{variable}: {value} は日付（2026-10-05）でも日時（2026-10-05T07:00、+09:00 のような時差つきも可）でもありません",
    ),
    "clock.system": ("the system clock: ", "システムの時計: "),
    "date.out_of_range": (
        "{value} is outside the dates hipcoach keeps ({first} to {last})",
        "{value} は hipcoach が扱う日付（{first}〜{last}）の範囲外です",
    ),
    "lang.bad_env": (
        "{variable}: {value} is not a language hipcoach speaks (en or ja)",
        "{variable}: {value} は hipcoach の言語ではありません（en か ja）",
    ),
    "clock.bad_zone": (
        "{variable}: {value} is not a time zone (for example Asia/Tokyo)",
        "{variable}: {value} はタイムゾーンではありません（例: Asia/Tokyo）",
    ),
    "cli.at_most": ("must be {limit} or less", "{limit}以下にしてください"),
    "cli.at_least": ("must be {limit} or more", "{limit}以上にしてください"),
    "cli.below": ("must be less than {limit}", "{limit}未満にしてください"),
    "cli.above": ("must be more than {limit}", "{limit}より大きくしてください"),
    "cli.whole_number": ("must be a whole number", "整数で指定してください"),
    "cli.number": ("must be a number", "数値で指定してください"),
    "cli.yes_or_no": ("must be true or false", "true か false で指定してください"),
    "cli.one_of": (
        "{value} is not one of {choices}",
        "{value} は使えません。{choices} のいずれかを指定してください",
    ),
    # --- stats / export / import ---------------------------------------------------------
    "help.stats": (
        "Your history: a calendar of the last weeks, streaks, sessions per week, adherence to "
        "the plan, each exercise's dose over time, effort and pain.",
        "これまでの記録: 直近数週間のカレンダー、連続日数、週あたりの回数、予定の達成率、"
        "種目ごとの負荷の推移、きつさと痛み。",
    ),
    "help.stats.weeks": ("How many weeks to show.", "表示する週数。"),
    "help.all_programs": (
        "Every program together (a day is done when some program was done in full), "
        "not just the one chosen.",
        "選んだプログラムだけでなく、すべてのプログラムをまとめて（どれかを全種目実施した日を"
        "実施日とする）。",
    ),
    "help.export": (
        "Export the log: csv (spreadsheet), json/jsonl (lossless, for import), md/html "
        "(a report for your coach), ics (calendar).",
        "ログを書き出します: csv（表計算）、json/jsonl（取り込み用、完全）、md/html（コーチ向けレポート）、"
        "ics（カレンダー）。",
    ),
    "help.export.format": (
        "csv (one row per set), csv-sessions (one row per session), csv-self-tests (one row "
        "per self-test result and answer), csv-runs (one row per run from the watch), json, "
        "jsonl, md, html or ics.",
        "csv（1セット1行）、csv-sessions（1セッション1行）、csv-self-tests（セルフテストの"
        "結果と回答1つにつき1行）、csv-runs（ウォッチのラン1本1行）、json、jsonl、md、html、"
        "ics のいずれか。",
    ),
    "help.export.since": ("First day to include (YYYY-MM-DD).", "含める最初の日（YYYY-MM-DD）。"),
    "help.export.until": ("Last day to include (YYYY-MM-DD).", "含める最後の日（YYYY-MM-DD）。"),
    "help.export.output": (
        "Write to this file instead of stdout.",
        "標準出力ではなくこのファイルに書き出します。",
    ),
    "help.export.excel": (
        "CSV for Excel: start with a byte order mark so Japanese shows correctly.",
        "Excel 用 CSV: 日本語が正しく表示されるよう BOM を付けます。",
    ),
    "help.export.schedule": (
        "With --format ics: a weekly reminder on these days (mon,wed,fri, or 'program').",
        "--format ics と併用: この曜日に毎週のリマインダー（mon,wed,fri または 'program'）。",
    ),
    "help.export.at": (
        "Reminder time, HH:MM (local); several a day with commas: 10:30,14:00,16:30.",
        "リマインダーの時刻 HH:MM（現地時間）。1日に複数ならカンマ区切り: 10:30,14:00,16:30。",
    ),
    "help.import": (
        "Import a json/jsonl export (from this or another machine); sessions merge by id.",
        "json/jsonl で書き出したログ（この端末や別の端末のもの）を取り込みます。セッションは ID で統合します。",
    ),
    "help.import.file": ("The export file.", "書き出したファイル。"),
    "help.import.dry_run": (
        "Check and count, but change nothing.",
        "確認と集計だけ行い、何も変更しません。",
    ),
    "cli.not_utf8": (
        "{option}: not valid UTF-8 (byte {byte}); nothing was done",
        "{option}: UTF-8 として正しくありません（バイト {byte}）。何もしていません",
    ),
    "cli.argument_n": ("argument {n}", "{n}番目の引数"),
    "cli.bad_date": (
        "{option}: {value!r} is not a date (YYYY-MM-DD)",
        "{option}: {value!r} は日付ではありません（YYYY-MM-DD）",
    ),
    "export.bad_format": (
        "unknown format {value!r}; use one of {formats}",
        "不明な形式 {value!r}。次のいずれかを指定: {formats}",
    ),
    "export.bad_range": (
        "--since {since} is after --until {until}",
        "--since {since} が --until {until} より後です",
    ),
    "export.schedule_needs_ics": (
        "--schedule needs --format ics",
        "--schedule には --format ics が必要です",
    ),
    "export.bad_day": (
        "{value!r} is not a weekday (mon, tue, …)",
        "{value!r} は曜日ではありません（mon、tue など）",
    ),
    "export.time_twice": (
        "--at: {value} is given twice",
        "--at: {value} が2回指定されています",
    ),
    "export.too_many_times": (
        "--at: {n} times a day; at most {most}",
        "--at: 1日{n}回は多すぎます（最大{most}回）",
    ),
    "export.bad_time": (
        "--at {value!r} is not a time (HH:MM, or several: 10:30,14:00,16:30)",
        "--at {value!r} は時刻ではありません（HH:MM。複数なら 10:30,14:00,16:30）",
    ),
    "export.written": (
        "{sessions} written to {file}",
        "{sessions}を {file} に書き出しました",
    ),
    "export.cannot_write": ("cannot write here: {reason}", "ここには書き込めません: {reason}"),
    "new.cannot_write": (
        "cannot write the program: {reason}",
        "プログラムを書き込めません: {reason}",
    ),
    "csv.date": ("date", "日付"),
    "csv.set": ("set", "セット"),
    "csv.side": ("side", "左右"),
    "csv.planned": ("planned", "予定"),
    "csv.actual": ("actual", "実績"),
    "csv.status": ("status", "状態"),
    "csv.skipped_value": ("skipped", "スキップ"),
    "csv.result.seconds": ("seconds held", "保持した秒数"),  # a self-test trial's number
    "csv.result.reps": ("reps", "回数"),
    "value.unit": ("{n} {unit}", "{n}{unit}"),  # 25 s / 25秒: no space in Japanese
    "unit.seconds": ("s", "秒"),
    "unit.reps": ("reps", "回"),
    "report.title": ("hipcoach log", "hipcoach 記録"),
    "report.period": (
        "{first} to {last} · exported {today}",
        "{first}〜{last}・{today}書き出し",
    ),
    "report.summary": ("Summary", "まとめ"),
    "report.sessions_line": (
        "Sessions: {n} ({completed} completed, {partial} partial, {aborted} aborted)",
        "セッション: {n}回（完了{completed}・途中まで{partial}・中止{aborted}）",
    ),
    "report.streak": (
        "Current streak: {days} · longest {best}",
        "現在の連続{days}（最長{best}日）",
    ),
    "report.per_week": ("Sessions per week: {n}", "週あたりのセッション: {n}回"),
    "report.adherence": (
        "Planned training days done ({days}): {pct} %",
        "予定日の実施率（{days}）: {pct}%",
    ),
    "report.effort_mean": ("Effort (RPE, mean of weeks): {n}", "きつさ（RPE、週平均）: {n}"),
    "report.pain_mean": (
        "Pain (0-10, mean of weeks): {n}, highest week {top}",
        "痛み（0〜10、週平均）: {n}、最も高い週{top}",
    ),
    "report.highest_pain": (
        "Highest pain: {pain}{where} on {date}",
        "最も強い痛み: {pain}{where}（{date}）",
    ),
    "report.no_pain": ("No pain reported (0 in every check-in)", "痛みの報告なし（すべて0）"),
    "report.pain_unreported": ("No pain was reported", "痛みの記録はありません"),
    "report.flagged": (
        "Check-ins with pain {ease} or more or a warning sign: {n} (marked ⚠)",
        "痛み{ease}以上、または注意すべきサインのある振り返り: {n}件（⚠印）",
    ),
    "report.other_check_ins": (
        "Other check-ins (about no session, or after a rehearsal) and stops lifted",
        "その他の振り返り（セッションなし・リハーサル後）と中止の解除",
    ),
    "report.stop": (
        "A stop is in force: {why}",
        "メニューは中止中です: {why}",
    ),
    "report.lift": ("Stop lifted on {date}: {because}", "{date}に中止を解除: {because}"),
    "report.despite_stop": (
        "Sessions started despite a stop: {n}",
        "中止の指示があるまま行ったセッション: {n}",
    ),
    "report.exercise": ("Exercise", "種目"),
    "report.sets_done": ("Sets done", "実施セット"),
    "report.skipped": ("Skipped", "スキップ"),
    "report.dose": ("Prescribed, first → now", "処方（最初 → 現在）"),
    "report.done_share": ("Done of prescribed", "処方に対する実施"),
    "report.dose_over_time": (
        "Dose per set, week by week: prescribed (dashed) and done",
        "1セットあたりの負荷の週ごとの推移: 処方（破線）と実施",
    ),
    "report.calendar_caption": (
        "Each square is a day: green done in full, yellow part done, red a missed training "
        "day, grey a rest day or nothing due.",
        "1マスが1日: 緑は全種目を実施、黄は一部実施、赤は予定日に未実施、灰色は休養日など。",
    ),
    "report.sessions": ("Sessions", "セッション"),
    "report.none": ("No sessions in this period.", "この期間のセッションはありません。"),
    "report.note": ("Note", "メモ"),
    "report.effort": ("effort {n}", "きつさ{n}"),
    "report.pain": ("pain {n}", "痛み{n}"),
    "log.check_in": ("check-in {time}", "振り返り {time}"),
    "log.self_tests": ("self-tests", "セルフテスト"),
    "log.trial": ("trial {n}", "{n}回目"),
    "log.check_in_alone": ("{time} check-in, no session", "{time} 振り返り（セッションなし）"),
    "log.note": ("“{note}”", "「{note}」"),
    "log.despite_stop": ("started despite a stop", "中止の指示があるまま実施"),
    "report.red_flags": ("warning sign: {flags}", "注意すべきサイン: {flags}"),
    "report.lifted": ("stop lifted: {because}", "中止を解除: {because}"),
    "report.sets_col": ("Sets", "セット"),
    "report.sets_line": ("{name} {done}/{sets} × {dose}", "{name} {done}/{sets}セット × {dose}"),
    "report.sets_skipped": ("{n} skipped", "{n}セットスキップ"),
    "report.sets_short": ("cut short: {values}", "途中まで: {values}"),
    "report.pain_chart": ("Pain and effort (0-10)", "痛みときつさ（0〜10）"),
    "report.flagged_title": (
        "Check-ins to look at first (pain {ease} or more, or a warning sign)",
        "先に確認してほしい振り返り（痛み{ease}以上、または注意すべきサイン）",
    ),
    "report.now": ("Prescribed now", "現在の処方"),
    "report.calendar": ("Calendar", "カレンダー"),
    "report.exercises": ("Exercises: prescribed and done", "種目ごとの処方と実施"),
    "report.axis_pain": ("pain", "痛み"),
    "report.axis_effort": ("effort", "きつさ"),
    "report.checkin_col": ("Check-in", "振り返り"),
    "report.month_jan": ("Jan", "1月"),
    "report.month_feb": ("Feb", "2月"),
    "report.month_mar": ("Mar", "3月"),
    "report.month_apr": ("Apr", "4月"),
    "report.month_may": ("May", "5月"),
    "report.month_jun": ("Jun", "6月"),
    "report.month_jul": ("Jul", "7月"),
    "report.month_aug": ("Aug", "8月"),
    "report.month_sep": ("Sep", "9月"),
    "report.month_oct": ("Oct", "10月"),
    "report.month_nov": ("Nov", "11月"),
    "report.month_dec": ("Dec", "12月"),
    "report.year": ("{year}", "{year}年"),
    "report.month_year": ("{month} {year}", "{year}年{month}"),
    "report.month_day": ("{month} {day}", "{month}{day}日"),
    "report.legend_prescribed": ("prescribed", "処方"),
    "report.legend_done": ("done", "実施"),
    "ics.summary": ("hipcoach: {program} ({status})", "hipcoach: {program}（{status}）"),
    "ics.reminder": ("hipcoach: time for {program}", "hipcoach: {program}の時間です"),
    "stats.title": ("The last {weeks} weeks", "直近{weeks}週間"),
    "days.legend": (
        "■ done in full  ▪ part done  □ missed training day  · rest day, stop or today",
        "■ 全種目を実施  ▪ 一部実施  □ 予定日に未実施  · 休養日・中止中・今日",
    ),
    "days.all_programs": ("all programs", "すべてのプログラム"),
    "stats.per_week": ("Sessions per week: {n}  {spark}", "週あたりのセッション: {n}  {spark}"),
    "stats.per_week_dose": ("Sets a week", "週ごとのセット数"),
    "stats.effort": (
        "Effort  {spark}  weekly mean on 0-10; mean {mean}, last week {last}",
        "きつさ  {spark}  0〜10の週平均。平均{mean}、直近の週{last}",
    ),
    "stats.pain": (
        "Pain    {spark}  weekly mean on 0-10; mean {mean}, last week {last}",
        "痛み    {spark}  0〜10の週平均。平均{mean}、直近の週{last}",
    ),
    "import.stopped": (
        "stopped after the first {n} problems: is this a hipcoach export?",
        "最初の{n}件の問題で読むのをやめました。hipcoach の書き出しファイルですか？",
    ),
    "import.changed": (
        "{file}: the file changed while it was being imported; nothing was imported",
        "{file}: 読み込み中にファイルが変わりました。何も取り込んでいません",
    ),
    "import.too_big": (
        "{file}: larger than 512 MiB; is it a hipcoach export?",
        "{file}: 512 MiB を超えています。hipcoach の書き出しファイルですか？",
    ),
    "import.not_utf8": (
        "not UTF-8 text (at byte {offset})",
        "UTF-8 のテキストではありません（{offset}バイト目）",
    ),
    "import.empty": ("the file is empty", "ファイルが空です"),
    "import.bad_json": ("not valid JSON: {detail}", "JSON として正しくありません: {detail}"),
    "import.not_an_export": (
        'not a hipcoach export (it needs "format": "hipcoach-log" and a version)',
        'hipcoach の書き出しファイルではありません（"format": "hipcoach-log" とバージョンが必要です）',
    ),
    "import.newer": (
        "written by a newer hipcoach (export version {version}); update hipcoach to import it",
        "新しい hipcoach で書き出されています（形式バージョン{version}）。hipcoach を更新してください",
    ),
    "import.no_sessions": ('no "sessions" list', '"sessions" のリストがありません'),
    "import.record": ("line {n}", "{n}行目"),
    "import.session": ("session {id}", "セッション {id}"),
    "import.check_in": ("check-in {id}", "振り返り {id}"),
    "import.test_result": ("self-test result {id}", "セルフテスト結果 {id}"),
    "import.run": ("run {id}", "ラン {id}"),
    "import.run_summary_shape": (
        "summary must be an object with km (a list), analysis and cleaning (objects)",
        "summary は km（リスト）・analysis・cleaning（オブジェクト）を持つオブジェクトでなければなりません",
    ),
    "import.run_summary_big": (
        "summary is larger than {limit} KB",
        "summary が {limit} KB を超えています",
    ),
    "import.run_moving": (
        "moving_seconds is more than elapsed_seconds",
        "moving_seconds が elapsed_seconds より大きくなっています",
    ),
    "import.bad_unit": (
        "unit {unit!r} does not fit a {kind} test",
        "単位 {unit!r} は {kind} のテストに合いません",
    ),
    "import.whole_reps": (
        "a count of reps is a whole number, not {value}",
        "回数は整数です（{value} ではありません）",
    ),
    "import.value_unit": (
        "a {kind} test's value and unit are both given or both null",
        "{kind} のテストでは value と unit は両方あるか両方 null です",
    ),
    "import.bad_answer": (
        "{value!r} is not an answer ({choices})",
        "{value!r} は回答として使えません（{choices}）",
    ),
    "import.not_a_list": ('"{key}" is not a list', '"{key}" がリストではありません'),
    "import.bad_instant": (
        "{value!r} is not an ISO 8601 time with a time zone",
        "{value!r} はタイムゾーン付きの ISO 8601 時刻ではありません",
    ),
    "import.bad_local_date": (
        "local_date {local_date} does not match started_utc and utc_offset_minutes ({expected})",
        "local_date {local_date} が started_utc と utc_offset_minutes から求めた日付（{expected}）と一致しません",
    ),
    "import.outside_calendar": (
        "{value!r} shifted by utc_offset_minutes falls outside the calendar",
        "{value!r} を utc_offset_minutes でずらすと暦の範囲を超えます",
    ),
    "import.actual_missing": (
        "a set that was not skipped needs its actual value",
        "スキップしていないセットには actual の値が必要です",
    ),
    "import.duplicate_position": (
        "two sets have the same position",
        "同じ position のセットが2つあります",
    ),
    "import.duplicate_session": (
        "{where}: the same session id as {other}",
        "{where}: {other} と同じセッション ID です",
    ),
    "import.summary": (
        "Added {added}; {present} already present; {conflicts} conflicting.",
        "{added}を追加しました。既存{present}・競合{conflicts}。",
    ),
    "import.summary_dry": (
        "Would add {added}; {present} already present; {conflicts} conflicting.",
        "{added}を追加予定。既存{present}・競合{conflicts}。",
    ),
    "import.nothing_changed": (
        "A dry run: nothing was changed.",
        "試しに読んだだけです。何も変更していません。",
    ),
    "import.conflict": (
        "  {date} session {id}…: differs in {differs}; {here} sets here, {there} in the file;"
        " kept {kept}",
        "  {date}のセッション {id}…: {differs}が異なります。このログに{here}セット、"
        "ファイルに{there}セット。{kept}を残しました",
    ),
    "import.conflict_check_in": (
        "  {date} check-in {id}…: differs in {differs}; kept this log's copy (check-ins are "
        "never changed)",
        "  {date}の振り返り {id}…: {differs}が異なります。このログの記録を残しました"
        "（振り返りは書き換えません）",
    ),
    "import.check_ins": (
        "Check-ins: added {added}; {present} already present; {conflicts} conflicting.",
        "振り返り: {added}件を追加しました。既存{present}件・競合{conflicts}件。",
    ),
    "import.check_ins_dry": (
        "Check-ins: would add {added}; {present} already present; {conflicts} conflicting.",
        "振り返り: {added}件を追加予定。既存{present}件・競合{conflicts}件。",
    ),
    "import.test_results": (
        "Self-test results: added {added}; {present} already present; {conflicts} conflicting.",
        "セルフテスト結果: {added}件を追加しました。既存{present}件・競合{conflicts}件。",
    ),
    "import.test_results_dry": (
        "Self-test results: would add {added}; {present} already present; {conflicts} conflicting.",
        "セルフテスト結果: {added}件を追加予定。既存{present}件・競合{conflicts}件。",
    ),
    "import.conflict_test": (
        "  {date} self-test result {id}…: differs in {differs}; kept this log's copy "
        "(results are never changed)",
        "  {date}のセルフテスト結果 {id}…: {differs}が異なります。このログの記録を残しました"
        "（結果は書き換えません）",
    ),
    "import.runs": (
        "Runs: added {added}; {present} already present; {conflicts} conflicting.",
        "ラン: {added}件を追加しました。既存{present}件・競合{conflicts}件。",
    ),
    "import.runs_dry": (
        "Runs: would add {added}; {present} already present; {conflicts} conflicting.",
        "ラン: {added}件を追加予定。既存{present}件・競合{conflicts}件。",
    ),
    "import.conflict_run": (
        "  {date} run {id}…: differs in {differs}; kept this log's copy (runs are never changed)",
        "  {date}のラン {id}…: {differs}が異なります。このログの記録を残しました"
        "（ランは書き換えません）",
    ),
    "import.kept_file": ("the file's copy", "ファイルの記録"),
    "import.kept_log": ("this log's copy", "このログの記録"),
    # --- progression and check-in ------------------------------------------------------------
    "why.up": (
        "up from {before}: {n} easy sessions in a row",
        "楽にできたセッションが{n}回続いたため、{before}から上げました",
    ),
    "why.down": (
        "eased from {before} after pain {pain} on {date}",
        "{date}に痛み{pain}の報告があったため、{before}から下げています",
    ),
    "why.top": ("the top of the range ({now})", "上限の{now}に到達"),
    "why.toward": (
        "{k} of {n} easy sessions toward {next}",
        "{next}まで: 楽にできたセッション{k}/{n}",
    ),
    "stop.title": (
        "Stop this routine for now",
        "このメニューはいったん中止してください",
    ),
    "stop.why.pain": (
        "On {date} you reported pain {pain}{where}.",
        "{date}の振り返りで痛みが{pain}でした{where}。",
    ),
    "stop.why.pain-twice": (
        "On {date} you reported pain {pain}{where}: pain {ease} or more in two check-ins in a row.",
        "{date}の振り返りで痛みが{pain}でした{where}。痛み{ease}以上が2回続いています。",
    ),
    "stop.why.red-flag": (
        "On {date} you reported a warning sign: {flags}.",
        "{date}に注意すべきサインの報告がありました: {flags}。",
    ),
    "stop.why.red-flag-pain": (
        "On {date} you reported pain {pain}{where} and a warning sign: {flags}.",
        "{date}に痛み{pain}{where}と、注意すべきサインの報告がありました: {flags}。",
    ),
    "stop.where": (" ({where})", "（{where}）"),
    "stop.worst": (
        "Since then the highest pain reported was {pain}.",
        "その後の最も強い痛みは{pain}でした。",
    ),
    "stop.assess": (
        "Have it assessed by a doctor or physiotherapist before you carry on.",
        "再開前に医師や理学療法士に診てもらってください。",
    ),
    "stop.lift_how": (
        "Once you have been assessed: hipcoach lift-stop assessed. After 48 hours with no pain "
        "at all: hipcoach lift-stop pain-free-48h. Days missed meanwhile do not break your "
        "streak.",
        "診てもらったら: hipcoach lift-stop assessed。まったく痛みのない状態が48時間続いたら: "
        "hipcoach lift-stop pain-free-48h。それまでに休んだ日は連続記録を途切れさせません。",
    ),
    "stop.no_start": (
        "A stop is in force, so no session was started (--yes does not override it). To "
        "train despite it, on your own judgement: hipcoach run --despite-stop",
        "中止の指示が出ているため、セッションは開始していません（--yes では解除されません）。"
        "ご自身の判断で行う場合: hipcoach run --despite-stop",
    ),
    "stop.start_anyway": (
        "Start anyway, despite the stop (logged)? [y/N] ",
        "中止の指示があっても始めますか（記録します）？ [y/N] ",
    ),
    "stop.not_started": (
        "A stop is in force, so no session was started. To train despite it, on your own "
        "judgement: hipcoach run --despite-stop",
        "中止の指示が出ているため、セッションは開始していません。"
        "ご自身の判断で行う場合: hipcoach run --despite-stop",
    ),
    "stop.despite": (
        "Starting despite the stop (logged with the session). Stop at the first sign of pain.",
        "中止の指示があるまま始めます（セッションと一緒に記録します）。痛みが出たらすぐにやめてください。",
    ),
    "stop.today_none": (
        "No session today while the stop is in force.",
        "中止の指示が出ている間は、セッションを行いません。",
    ),
    "lift.said": (
        "Stop lifted on {date}: {because}. Start again gently; stop at once if the pain "
        "comes back.",
        "{date}に中止を解除しました: {because}。軽めに再開し、痛みが戻ったらすぐにやめてください。",
    ),
    "lift.because.assessed": (
        "assessed by a professional",
        "医師や理学療法士に診てもらった",
    ),
    "lift.because.pain-free-48h": (
        "pain-free for 48 hours",
        "48時間まったく痛みがない",
    ),
    "lift.need_statement": (
        "say why the stop can be lifted: hipcoach lift-stop assessed (a doctor or "
        "physiotherapist has assessed it) or hipcoach lift-stop pain-free-48h",
        "解除の理由を指定してください: hipcoach lift-stop assessed（医師や理学療法士に"
        "診てもらった）または hipcoach lift-stop pain-free-48h（48時間痛みがない）",
    ),
    "lift.bad_statement": (
        "{value!r} is not a statement hipcoach knows; use assessed or pain-free-48h",
        "{value!r} は使えません。assessed または pain-free-48h を指定してください",
    ),
    "lift.needs_assessment": (
        "a warning sign stops the routine until it has been assessed: hipcoach lift-stop "
        "assessed, once a doctor or physiotherapist has seen it",
        "注意すべきサインによる中止は、診てもらうまで解除できません。医師や理学療法士に"
        "診てもらったら hipcoach lift-stop assessed",
    ),
    "stop.lift_how_assessed": (
        "Once it has been assessed: hipcoach lift-stop assessed. Days missed meanwhile do "
        "not break your streak.",
        "診てもらったら: hipcoach lift-stop assessed。"
        "それまでに休んだ日は連続記録を途切れさせません。",
    ),
    "lift.nothing": (
        "no stop is in force; nothing to lift",
        "中止の指示は出ていません。解除するものはありません",
    ),
    "lift.not_pain_free": (
        "the log has pain {pain} on {date} at {time}, less than 48 hours ago: the stop stays",
        "{date} {time}に痛み{pain}の記録があり、48時間たっていません。中止はそのままです",
    ),
    "lift.too_soon": (
        "the stop was set on {date} at {time}, less than 48 hours ago: the stop stays",
        "中止の指示は{date} {time}に出たばかりで、48時間たっていません。中止はそのままです",
    ),
    "help.lift_stop": (
        "Lift a safety stop, with the statement that allows it: assessed (by a doctor or "
        "physiotherapist) or pain-free-48h. Recorded in the log.",
        "中止の指示を解除します。理由を指定します: assessed（医師や理学療法士に診てもらった）"
        "または pain-free-48h（48時間痛みがない）。ログに記録します。",
    ),
    "help.lift_stop.statement": (
        "assessed or pain-free-48h",
        "assessed または pain-free-48h",
    ),
    "help.despite_stop": (
        "Start although a safety stop is in force, on your own judgement; logged with the session.",
        "中止の指示が出ていても、ご自身の判断で開始します。セッションと一緒に記録します。",
    ),
    "today.lifted": (
        "Stop lifted on {date}: {because}. Go gently.",
        "{date}に中止を解除しました: {because}。軽めに行いましょう。",
    ),
    "today.pain_reminder": (
        "Last pain: {pain}{where} on {date}. Keep it light: a smaller movement, or leave out "
        "what hurts. Pain {ease} or more again, or {stop} or more, stops the routine.",
        "{date}の痛み: {pain}{where}。軽めに。痛む動きは小さくするか抜きましょう。"
        "次も痛みが{ease}以上、または{stop}以上なら中止です。",
    ),
    "caution.body": (
        "Pain {pain}: do not push through pain.",
        "痛み{pain}: 無理は禁物です。",
    ),
    "caution.fixed": (
        "{exercise} cannot be made lighter ({dose}). Next time use a smaller range of "
        "movement, leave it out (press s to skip it), or take a rest day.",
        "{exercise}はこれ以上軽くできません（{dose}）。次回は動きを小さくするか、"
        "この種目を抜く（sキーでスキップ）か、休みにしましょう。",
    ),
    "caution.warn": (
        "Pain {ease} or more at the next check-in too, or pain {stop} or more, stops the routine.",
        "次の振り返りでも痛みが{ease}以上、または痛みが{stop}以上なら、メニューを中止します。",
    ),
    "red_flag.numbness": (
        "numbness, tingling or pain running down the leg",
        "脚のしびれ・ピリピリ感、脚に走る痛み",
    ),
    "red_flag.groin": (
        "groin or deep hip pain when standing on the leg, at night or at rest",
        "片脚立ち・夜間・安静時の足の付け根や股関節の奥の痛み",
    ),
    "red_flag.next-day": (
        "pain still there the next day",
        "翌日まで残る痛み",
    ),
    "red_flag.sharp": (
        "sudden sharp pain, clicking, locking or giving way",
        "急な鋭い痛み・引っかかり・ロッキング・力が抜ける感じ",
    ),
    "red_flag.front-pinch": (
        "pinching at the front of the hip in the stretch",
        "ストレッチ中の股関節の前側のつまり感",
    ),
    "red_flag.recent-injury": (
        "a recent injury, surgery or pregnancy",
        "最近のけが・手術・妊娠",
    ),
    "first.title": ("Before your first session", "初めてのセッションの前に"),
    "first.body": (
        "This is a light routine, not treatment. Stop at once with sharp or growing pain, "
        "numbness or tingling down the leg, or pain deep in the hip or groin. Pain {stop} or "
        "more, or pain {ease} or more twice in a row, stops the routine until a doctor or physiotherapist "
        "has assessed it. The check-in after each session asks about these signs.",
        "これは軽い運動メニューで、治療ではありません。鋭い痛みや強くなる痛み、脚のしびれ・"
        "ピリピリ感、股関節の奥や足の付け根の痛みが出たら、すぐにやめてください。痛みが{stop}以上、"
        "または{ease}以上が2回続いたら、医師や理学療法士に診てもらうまでメニューを中止します。"
        "毎回のセッション後の振り返りで、これらのサインを確認します。",
    ),
    "first.injury": (
        "Have you had an injury, surgery or pregnancy in the last months? [y/N] ",
        "ここ数か月以内に、けが・手術・妊娠はありましたか？ [y/N] ",
    ),
    "first.ask_first": (
        "Please ask a doctor or physiotherapist before you start. Noted in your log as a "
        "stop; lift it with hipcoach lift-stop assessed once you have been cleared.",
        "始める前に医師や理学療法士に相談してください。ログに中止として記録しました。"
        "許可が出たら hipcoach lift-stop assessed で解除できます。",
    ),
    "first.understood": (
        "I have read this. Start? [y/N] ",
        "内容を読みました。始めますか？ [y/N] ",
    ),
    "first.taken_as_read": (
        "(--yes: taken as read. After a recent injury, surgery or pregnancy, ask a "
        "professional first and record it: hipcoach checkin --red-flag recent-injury)",
        "（--yes のため、読んだものとして進めます。最近のけが・手術・妊娠があれば、先に専門家に"
        "相談し、記録してください: hipcoach checkin --red-flag recent-injury）",
    ),
    "help.new": (
        "Make your own program: an editable copy of one (default: hip-drop) in your programs folder.",
        "自分用のプログラムを作ります: 既存のもの（既定: hip-drop）の編集用コピーを自作プログラムのフォルダに作成します。",
    ),
    "help.new.name": (
        "The new program's id (lower case, digits, hyphens).",
        "新しいプログラムの ID（英小文字・数字・ハイフン）。",
    ),
    "help.new.from": (
        "The program to copy (id or file).",
        "コピー元のプログラム（ID またはファイル）。",
    ),
    "help.new.force": (
        "Replace a program of yours with that name.",
        "同じ名前の自作プログラムを置き換えます。",
    ),
    "new.bad_name": (
        "{name!r} is not a program id: use lower-case letters, digits and hyphens",
        "{name!r} はプログラム ID に使えません。英小文字・数字・ハイフンを使ってください",
    ),
    "new.builtin_id": (
        "{name!r} is a built-in program's id; choose another",
        "{name!r} は内蔵プログラムの ID です。別の名前にしてください",
    ),
    "new.exists": (
        "{path} exists already (--force replaces it)",
        "{path} はすでにあります（--force で置き換え）",
    ),
    "new.created": (
        "Created {path}.\nEdit it (your editor completes it from the schema next to it), check it "
        "with `hipcoach validate {path}`, and run it with `hipcoach run {name}`.",
        "{path} を作成しました。\n編集して（同じフォルダのスキーマでエディタが補完します）、"
        "`hipcoach validate {path}` で確認し、`hipcoach run {name}` で実行できます。",
    ),
    "help.doctor": (
        "Check this machine: paths, the log's health, settings, programs, speech, audio and terminal.",
        "この端末を点検します: パス、ログの状態、設定、プログラム、音声、音声出力、ターミナル。",
    ),
    "doctor.section.hipcoach": ("hipcoach", "hipcoach"),
    "doctor.section.language": ("Language", "言語"),
    "doctor.section.paths": ("Paths", "パス"),
    "doctor.section.log": ("Log", "ログ"),
    "doctor.section.settings": ("Settings", "設定"),
    "doctor.section.programs": ("Programs", "プログラム"),
    "doctor.section.speech": ("Speech and audio", "音声と音声出力"),
    "doctor.section.terminal": ("Terminal", "ターミナル"),
    "doctor.version": ("version", "バージョン"),
    "doctor.language": ("language", "言語"),
    "doctor.language_from": ("{language} (from {source})", "{language}（{source} より）"),
    "doctor.locale": ("the system locale", "システムのロケール"),
    "doctor.data_dir": ("data (the log)", "データ（ログ）"),
    "doctor.config_dir": (
        "config (settings, your programs)",
        "設定（設定ファイル、自作プログラム）",
    ),
    "doctor.cache_dir": (
        "cache (speech, program snapshots)",
        "キャッシュ（音声、プログラムのスナップショット）",
    ),
    "doctor.created_when_needed": ("(created when needed)", "（必要なときに作成）"),
    "doctor.fix_permissions": (
        "make it writable: chmod u+rwx {path}",
        "書き込めるようにする: chmod u+rwx {path}",
    ),
    "doctor.log": ("log", "ログ"),
    "doctor.log_read_only": (
        "{path}: read-only: hipcoach cannot save sessions",
        "{path}: 読み取り専用のため、セッションを保存できません",
    ),
    "doctor.fix_file_permissions": (
        "make it writable: chmod u+rw {path}",
        "書き込めるようにする: chmod u+rw {path}",
    ),
    "doctor.free_space": ("free space", "空き容量"),
    "doctor.free_mib": ("{mib} MiB on the disk of {path}", "{path} のディスクに {mib} MiB"),
    "doctor.fix_free_space": (
        "free some space: hipcoach needs a few MiB to save sessions and write exports",
        "空き容量を増やしてください。セッションの保存や書き出しに数 MiB 必要です",
    ),
    "doctor.log_none": (
        "no log yet at {path}; the first session creates it",
        "{path} にはまだログがありません。最初のセッションで作成されます",
    ),
    "doctor.log_ok": (
        "{path}: {sessions} sessions, {kib} KiB, schema {version}, integrity ok",
        "{path}: {sessions}セッション・{kib} KiB・スキーマ{version}・整合性 OK",
    ),
    "doctor.log_newer": (
        "written by a newer hipcoach (schema {found}; this one knows {known})",
        "新しい hipcoach で作られています（スキーマ{found}、このバージョンは{known}まで）",
    ),
    "doctor.fix_update": (
        "update hipcoach (pipx upgrade hipcoach, or git pull)",
        "hipcoach を更新してください（pipx upgrade hipcoach または git pull）",
    ),
    "doctor.fix_broken_log": (
        "`hipcoach doctor --rescue-log` copies every session it can still read into a new log and keeps the damaged file beside it; `hipcoach import` then adds back what an export holds",
        "`hipcoach doctor --rescue-log` で、まだ読めるセッションをすべて新しいログへ移せます（壊れたファイルはそのまま残します）。書き出したファイルがあれば `hipcoach import` で足りない分を戻せます",
    ),
    "help.doctor.rescue": (
        "Copy every session that can still be read from a damaged log into a new log; the damaged file is kept beside it.",
        "壊れたログから、まだ読めるセッションをすべて新しいログへ移します。壊れたファイルはそのまま残します。",
    ),
    "rescue.no_log": ("{path}: there is no log to rescue", "{path}: 修復するログがありません"),
    "rescue.healthy": (
        "{path}: the log passes its integrity check; there is nothing to rescue",
        "{path}: ログは整合性チェックに合格しています。修復の必要はありません",
    ),
    "rescue.done": (
        "Rescued {sessions} ({sets}) into a new log: {path}",
        "{sessions}（{sets}）を新しいログへ移しました: {path}",
    ),
    "rescue.lost": (
        "Could not read {sessions}: they are lost, unless an export holds them.",
        "{sessions}は読めませんでした。書き出したファイルがあれば、そこから戻せます。",
    ),
    "rescue.missing_sets": (
        "{sessions} came back without some of their sets.",
        "{sessions}は一部のセットが読めないまま戻しました。",
    ),
    "rescue.newest": (
        "The end of the old log could not be read: the latest sessions may be missing. `hipcoach import` adds them back from an export.",
        "古いログの末尾が読めませんでした。最近のセッションが欠けているかもしれません。書き出したファイルがあれば `hipcoach import` で戻せます。",
    ),
    "rescue.kept": (
        "The damaged file is kept: {path}",
        "壊れたファイルは残してあります: {path}",
    ),
    "doctor.running": ("open sessions", "実施中のセッション"),
    "doctor.running_detail": (
        "{n} marked as running (closed as partial when their process is gone)",
        "{n}件が実施中（プロセスが終わっていれば次回「途中まで」として閉じます）",
    ),
    "doctor.settings": ("settings", "設定"),
    "doctor.settings_none": (
        "no settings file ({path}); defaults in use",
        "設定ファイルなし（{path}）。既定値を使用中",
    ),
    "doctor.fix_settings": (
        "fix the file ({path}) or see hipcoach config show",
        "ファイル（{path}）を直すか、hipcoach config show を確認してください",
    ),
    "doctor.shadowed": (
        "{path} uses a built-in program's id and is ignored",
        "{path} は内蔵プログラムの ID を使っているため無視されています",
    ),
    "doctor.fix_shadowed": ("change `id:` in {path}", "{path} の `id:` を変更してください"),
    "doctor.terminal": ("terminal", "ターミナル"),
    "doctor.plain_output": (
        "not an interactive terminal: plain output, no live screen",
        "対話型ターミナルではありません: 表示は簡易版になります",
    ),
    "doctor.encoding": ("encoding", "文字コード"),
    "doctor.narrow": ("width", "幅"),
    "doctor.narrow_detail": (
        "{n} columns; 60 or more reads best",
        "{n}桁。60桁以上が見やすくなります",
    ),
    "doctor.fix": ("fix", "対処"),
    "doctor.speech_for": ("speech ({language})", "音声（{language}）"),
    "doctor.no_speech": (
        "no speech engine: the bell stands in",
        "音声エンジンなし: ベルで代用します",
    ),
    "doctor.kana_only": (
        "kana only: texts with kanji stay silent",
        "かなのみ: 漢字を含む文は読み上げません",
    ),
    "doctor.players": ("sound players", "音声再生プログラム"),
    "doctor.audio": ("audio device", "音声出力デバイス"),
    "doctor.no_audio": (
        "no audio device answered: the bell stands in",
        "音声出力デバイスが応答しません: ベルで代用します",
    ),
    "doctor.none": ("none", "なし"),
    "doctor.fix_audio": (
        "check the sound system (pactl info; a headset or speaker plugged in); meanwhile the bell stands in",
        "サウンドの設定を確認してください（pactl info、ヘッドセットやスピーカーの接続）。それまではベルで代用します",
    ),
    "doctor.voice.bad_command": (
        "voice_command has no {{text}} placeholder",
        "voice_command に {{text}} がありません",
    ),
    "doctor.voice.command_not_found": (
        "the voice_command program is not found",
        "voice_command のプログラムが見つかりません",
    ),
    "doctor.voice.espeak_ng_missing": (
        "espeak-ng is not installed",
        "espeak-ng がインストールされていません",
    ),
    "doctor.voice.open_jtalk_missing": (
        "Open JTalk is not installed (Japanese speech)",
        "Open JTalk がインストールされていません（日本語の音声）",
    ),
    "doctor.voice.jtalk_dictionary_missing": (
        "Open JTalk's dictionary is missing",
        "Open JTalk の辞書がありません",
    ),
    "doctor.voice.jtalk_voice_missing": (
        "Open JTalk has no HTS voice",
        "Open JTalk の音声（HTS voice）がありません",
    ),
    "doctor.voice.japanese_kana_only": (
        "only espeak-ng speaks Japanese here: it cannot read kanji",
        "日本語は espeak-ng のみ: 漢字を読めません",
    ),
    "doctor.voice.say_voice_missing": (
        "macOS has no voice for this language (System Settings → Accessibility → Spoken Content)",
        "macOS にこの言語の音声がありません（システム設定 → アクセシビリティ → 読み上げコンテンツ）",
    ),
    "doctor.voice.no_engine": (
        "no speech engine for this language",
        "この言語の音声エンジンがありません",
    ),
    "doctor.voice.no_player": (
        "no program to play sound (paplay, pw-play, aplay)",
        "音を再生するプログラム（paplay、pw-play、aplay）がありません",
    ),
    "doctor.voice.no_audio_device": (
        "no audio device answered a silent test sound",
        "無音のテスト音に音声出力デバイスが応答しません",
    ),
    "doctor.voice.render_broken": (
        "the speech engine runs, but a test phrase gave no usable sound",
        "音声エンジンは動きますが、テストの言葉から使える音声ができませんでした",
    ),
    "doctor.all_good": ("All good.", "問題はありません。"),
    "doctor.problems": (
        "{n} problem(s) found; each comes with a fix above.",
        "{n}件の問題があります。上の「対処」を参照してください。",
    ),
    "help.voice": (
        "Speak the cues (default: the voice setting, when someone is at a terminal).",
        "合図を声で伝えます（既定: voice の設定。ターミナルで実行しているとき）。",
    ),
    "voice.preparing": ("Preparing the voice cues…", "音声の合図を準備しています…"),
    "voice.off.bad_command": (
        "Voice is off: voice_command needs a {{text}} placeholder ({detail}). Using the bell.",
        "音声オフ: voice_command には {{text}} が必要です（{detail}）。ベルを使います。",
    ),
    "voice.off.no_engine": (
        "Voice is off: no speech engine for this language ({detail}); `hipcoach doctor` says what to install. Using the bell.",
        "音声オフ: この言語の音声エンジンがありません（{detail}）。`hipcoach doctor` で必要なものを確認できます。ベルを使います。",
    ),
    "voice.off.no_player": (
        "Voice is off: no program to play sound (paplay, pw-play, aplay); see `hipcoach doctor`. Using the bell.",
        "音声オフ: 音を再生するプログラム（paplay、pw-play、aplay）がありません。`hipcoach doctor` を参照してください。ベルを使います。",
    ),
    "voice.off.no_audio_device": (
        "Voice is off: no audio device answered ({detail}). Using the bell.",
        "音声オフ: 音声出力デバイスが応答しません（{detail}）。ベルを使います。",
    ),
    "voice.off.render_failed": (
        "Voice is off: the speech engine could not say anything ({detail}). Using the bell.",
        "音声オフ: 音声エンジンが読み上げられませんでした（{detail}）。ベルを使います。",
    ),
    "voice.partly_silent": (
        "Voice: {n} of this session's phrases cannot be said by the speech engine found "
        "(Japanese with kanji needs Open JTalk and its dictionary); the bell marks them. "
        "`hipcoach doctor` says what to install.",
        "音声: このセッションの言葉のうち{n}個は、見つかった音声エンジンでは読めません"
        "（漢字を含む日本語には Open JTalk とその辞書が必要です）。その合図はベルで知らせます。"
        "入れるものは `hipcoach doctor` で確認できます。",
    ),
    "screen.voice_partly_silent": (
        "Voice partly silent ({n} phrases): `hipcoach doctor` says why",
        "音声の一部が無音（{n}個）：理由は `hipcoach doctor` で",
    ),
    "screen.voice_pending": (
        "Voice still being prepared: the bell stands in until it is ready",
        "音声を準備中です。準備ができるまではベルで合図します",
    ),
    "screen.voice_failed": (
        "No voice: the bell stands in (`hipcoach doctor` says why)",
        "音声なし：代わりにベル（理由は `hipcoach doctor` で）",
    ),
    "voice.off.other": ("Voice is off. Using the bell.", "音声オフ。ベルを使います。"),
    "help.checkin": (
        "Say how it went (effort, pain and where, warning signs, a note): about the session "
        "of the last 12 hours, or about no session. Never overwrites an earlier check-in.",
        "振り返り（きつさ、痛みと場所、注意すべきサイン、メモ）を記録します。直近12時間の"
        "セッションについて、またはセッションなしで。前の振り返りを上書きすることはありません。",
    ),
    "help.effort": (
        "How hard it was: 1 (very easy) to 10 (maximal).",
        "きつさ: 1（とても楽）〜10（限界）。",
    ),
    "help.pain": (
        "Pain during or after: 0 (none) to 10 (unbearable).",
        "運動中・後の痛み: 0（なし）〜10（耐えられない）。",
    ),
    "help.pain_where": (
        "Where it hurt: an exercise's number, id or name, or a few words.",
        "痛んだところ: 種目の番号・ID・名前、または短い説明。",
    ),
    "help.red_flag": (
        "A warning sign (repeat for several): numbness, groin, next-day, sharp, front-pinch, "
        "recent-injury. Any of them stops the routine until assessed.",
        "注意すべきサイン（複数可）: numbness（しびれ）、groin（足の付け根の痛み）、"
        "next-day（翌日まで残る痛み）、sharp（鋭い痛み・引っかかり）、front-pinch（股関節前側の"
        "つまり）、recent-injury（最近のけが・手術・妊娠）。どれか一つでメニューを中止します。",
    ),
    "help.note": ("A note for yourself or your coach.", "自分やコーチへのメモ。"),
    "checkin.intro": (
        "How did it go? (Enter skips a question)",
        "いかがでしたか？（Enterで質問を飛ばせます）",
    ),
    "checkin.effort": (
        "Effort, 1 (very easy) to 10 (maximal): ",
        "きつさ 1（とても楽）〜10（限界）: ",
    ),
    "checkin.pain": (
        "Pain during or after, 0 (none) to 10 (unbearable): ",
        "運動中・後の痛み 0（なし）〜10（耐えられない）: ",
    ),
    "checkin.where": (
        "Which exercise hurt? {choices} (or where, in a few words): ",
        "どの種目で痛みましたか？ {choices}（体の場所も書けます）: ",
    ),
    "checkin.red_flags": (
        "Any of these? Type their numbers (Enter: none)",
        "次のどれかがありましたか？ 番号を入力（なければEnter）",
    ),
    "checkin.red_flags_prompt": ("Numbers: ", "番号: "),
    "checkin.red_flags_again": (
        "Please type numbers from 1 to {n}, separated by spaces, or press Enter.",
        "1〜{n}の番号をスペース区切りで入力するか、Enterを押してください。",
    ),
    "checkin.note": ("A note (optional): ", "メモ（任意）: "),
    "checkin.range": (
        "Please type a number from {low} to {high}, or press Enter.",
        "{low}〜{high}の数字を入力するか、Enterを押してください。",
    ),
    "checkin.saved_session": (
        "Check-in saved for the session of {date} at {time}.",
        "{date} {time}のセッションの振り返りを保存しました。",
    ),
    "checkin.saved_alone": (
        "Check-in saved, about no session (no training session in the last 12 hours).",
        "振り返りを保存しました。直近12時間にトレーニングのセッションがないため、"
        "セッションとは別に記録しました。",
    ),
    "checkin.for": ("Check-in for {program} on {date}.", "{date}の{program}の振り返り。"),
    "checkin.alone": (
        "Check-in about no session (no training session in the last 12 hours).",
        "振り返り（直近12時間にトレーニングのセッションはありません）。",
    ),
    "checkin.need_options": (
        "give --effort, --pain, --pain-where, --red-flag or --note (there is no terminal to "
        "ask in)",
        "--effort、--pain、--pain-where、--red-flag、--note のいずれかを指定してください"
        "（質問できる端末がありません）",
    ),
    "checkin.bad_red_flag": (
        "--red-flag {value!r}: use one of {choices}",
        "--red-flag {value!r} は使えません。{choices} のいずれかを指定してください",
    ),
    "checkin.where_without_pain": (
        "--pain-where says where it hurt: give it with --pain 1 or more",
        "--pain-where は痛んだ場所です。--pain 1 以上と一緒に指定してください",
    ),
    "checkin.unknown_where": (
        "--pain-where {value!r}: {program} has no exercise {value!r}; its exercises: {choices}",
        "--pain-where {value!r}: {program} にその種目はありません。種目: {choices}",
    ),
    "next_time": ("Next time: {changes}", "次回: {changes}"),
    "next_time.change": ("{exercise} {before} → {dose}", "{exercise} {before}→{dose}"),
    # --- settings ---------------------------------------------------------------------------
    "help.config": (
        "Your settings (a TOML file): language, voice, default program, training days, …",
        "設定（TOML ファイル）: 言語、音声、既定のプログラム、実施日など。",
    ),
    "help.config.show": ("Every setting with its value.", "すべての設定と値を表示します。"),
    "help.config.get": ("One setting's value.", "1つの設定の値を表示します。"),
    "help.config.set": (
        "Change a setting, keeping the file's comments (e.g. config set training_days mon,wed,fri).",
        "設定を変更します。ファイルのコメントは残します（例: config set training_days mon,wed,fri）。",
    ),
    "help.config.unset": (
        "Back to the default (or the program's own value).",
        "既定値（またはプログラムの値）に戻します。",
    ),
    "help.config.path": ("Where the settings file is.", "設定ファイルの場所を表示します。"),
    "help.config.key": (
        "The setting's name (see config show).",
        "設定の名前（config show で確認）。",
    ),
    "help.config.value": ("The new value.", "新しい値。"),
    "config.key": ("key", "キー"),
    "config.value": ("value", "値"),
    "config.meaning": ("what it does", "意味"),
    "config.unset": ("(not set)", "（未設定）"),
    "config.file": ("Settings file: {path}", "設定ファイル: {path}"),
    "config.stored": ("{key} = {value}  (saved in {path})", "{key} = {value}（{path} に保存）"),
    "config.unset_done": ("{key} is back to its default.", "{key} を既定値に戻しました。"),
    "settings.unreadable": (
        "cannot read the settings: {reason}; it was left as it is",
        "設定を読めません: {reason}。ファイルはそのままです",
    ),
    "settings.not_toml": (
        "not valid TOML: {reason}; it was left as it is",
        "TOML として正しくありません: {reason}。ファイルはそのままです",
    ),
    "settings.unwritable": ("cannot save the settings: {reason}", "設定を保存できません: {reason}"),
    "settings.unknown_key": (
        "unknown setting; the settings are: {keys}",
        "不明な設定です。設定の一覧: {keys}",
    ),
    "settings.got": ("got {value}", "指定値 {value}"),
    "settings.expect_language": ("must be en or ja", "en か ja にしてください"),
    "settings.expect_program": (
        "must be a program id such as hip-drop",
        "hip-drop のようなプログラム ID にしてください",
    ),
    "settings.expect_days": (
        "must be weekdays such as mon,wed,fri",
        "mon,wed,fri のような曜日にしてください",
    ),
    "settings.expect_whole": (
        "must be a whole number from {low} to {high}",
        "{low}から{high}までの整数にしてください",
    ),
    "settings.expect_flag": ("must be true or false", "true か false にしてください"),
    "settings.expect_command": (
        'must be a command with a {text} placeholder, e.g. ["my-tts", "--out", "{wav}", "{text}"]',
        '{text} を含むコマンドにしてください。例: ["my-tts", "--out", "{wav}", "{text}"]',
    ),
    "settings.about.language": (
        "en or ja; not set: HIPCOACH_LANG, then the system locale",
        "en か ja。未設定なら HIPCOACH_LANG、次にシステムのロケール",
    ),
    "settings.about.default_program": (
        "the program today and run use",
        "today と run で使うプログラム",
    ),
    "settings.about.training_days": (
        "planned days; not set: the program's",
        "実施する曜日。未設定ならプログラムの予定",
    ),
    "settings.about.streak_allowance": (
        "missed training days forgiven per month",
        "連続記録が途切れない休みの日数（月あたり）",
    ),
    "settings.about.get_ready_seconds": (
        "lead-in before each later exercise, after moving to it; not set: the program's",
        "2種目目からの、移動後の準備時間。未設定ならプログラムの値",
    ),
    "settings.about.first_get_ready_seconds": (
        "time to get into position before the first exercise",
        "最初の種目の前に、姿勢をとるまでの時間",
    ),
    "settings.about.rest_seconds": (
        "rest between sets; not set: the program's",
        "セット間の休憩。未設定ならプログラムの値",
    ),
    "settings.about.sound": (
        "the terminal bell at the start and end of work",
        "運動の始めと終わりのベル",
    ),
    "settings.about.voice": (
        "spoken cues when speech and audio are found",
        "音声と音声出力が見つかれば声で案内",
    ),
    "settings.about.voice_command": (
        "your own speech command: {text} (and {wav})",
        "独自の読み上げコマンド: {text}（と {wav}）",
    ),
    # --- runs from the watch (issue 17) --------------------------------------------
    "help.runs": (
        "Runs from your watch (FIT, TCX, GPX): does your form hold late in long runs? "
        "Without a subcommand: the list of runs.",
        "時計の記録（FIT・TCX・GPX）のランニング: ロング走の後半にフォームが保てているか。"
        "サブコマンドなしで実行するとラン一覧を表示します。",
    ),
    "help.runs.import": (
        "Import watch files or whole folders (FIT, .fit.gz, TCX, GPX); a file already imported adds nothing.",
        "時計のファイルやフォルダをまとめて取り込みます（FIT・.fit.gz・TCX・GPX）。取り込み済みのファイルは何も追加しません。",
    ),
    "help.runs.paths": ("Files or folders to import.", "取り込むファイルまたはフォルダ。"),
    "help.runs.show": (
        "One run: per-km table, form against your early-pace prediction, plain sentences.",
        "1つのラン: 1kmごとの表、序盤のペースから予測したフォームとの比較、短い説明。",
    ),
    "help.runs.id": (
        "The run's id (the first characters are enough).",
        "ランのID（先頭の数文字で十分です）。",
    ),
    "help.runs.trend": (
        "Late-run fade of long runs over the weeks, next to how often you did the routine.",
        "ロング走の後半のフォームの崩れを週ごとに、ルーティンの実施日数と並べて表示します。",
    ),
    "runs.no_such_path": (
        "{path}: no such file or folder",
        "{path}: ファイルまたはフォルダがありません",
    ),
    "runs.unknown_id": ("no run with the id {id}", "ID が {id} のランはありません"),
    "runs.id_too_short": (
        "{id} is too short: give at least {need} characters of the id",
        "{id} は短すぎます。ID の先頭 {need} 文字以上を入力してください",
    ),
    "runs.ambiguous_id": (
        "{id} fits more than one run: type more of the id",
        "{id} に当てはまるランが複数あります。ID をもう少し長く入力してください",
    ),
    "runs.hint_list": (
        "`hipcoach runs` lists the runs with their ids.",
        "`hipcoach runs` でランと ID の一覧が見られます。",
    ),
    "runs.import.progress": ("Reading watch files", "時計のファイルを読み込み中"),
    "runs.import.skipped": ("{file}: skipped, {why}", "{file}: スキップしました。{why}。"),
    "runs.import.failed": (
        "{file}: not imported, {why}",
        "{file}: 取り込めませんでした。{why}。",
    ),
    "runs.import.failed_before": (
        "{file}: not imported, as on the last import: {why}",
        "{file}: 前回と同じく取り込めませんでした。{why}。",
    ),
    "runs.import.undated": (
        "{file}: a run, but it cannot be dated, so it is not in the log: the watch's clock"
        " was not set (its times count from when it was switched on)",
        "{file}: ランですが日付が分からないため、記録に入れていません。時計の時刻が設定されて"
        "いませんでした（電源を入れてからの秒数で記録）。",
    ),
    "runs.import.runs_part": (" ({runs})", "（ラン {runs}）"),
    "runs.import.run_line": (
        "  {date}  {km}  {time}  id {id}",
        "  {date}  {km}  {time}  ID {id}",
    ),
    "runs.import.show_hint": (
        "`hipcoach runs show ID` shows one of them.",
        "`hipcoach runs show ID` で1本ずつ見られます。",
    ),
    "runs.import.summary_seen": (
        "Files: {imported} imported{runs}, {present} already present, {skipped} skipped"
        " ({seen} seen before), {failed} failed.",
        "ファイル: 取り込み {imported} 件{runs}、取り込み済み {present} 件、スキップ {skipped} 件（うち以前に確認済み"
        " {seen} 件）、失敗 {failed} 件。",
    ),
    "runs.file_why.cannot_open": ("cannot open it: {detail}", "開けません: {detail}"),
    "runs.file_why.too_large": ("larger than any watch file", "時計のファイルとしては大きすぎます"),
    "runs.file_why.broken_gzip": ("cannot unpack it: {detail}", "展開できません: {detail}"),
    "runs.gzip_problem.cut_off": (
        "the gzip file is cut off (an unfinished download or copy?)",
        "gzip ファイルが途中で切れています。ダウンロードかコピーが途中で止まったのかもしれません",
    ),
    "runs.gzip_problem.damaged": (
        "the gzip file is damaged",
        "gzip ファイルが壊れています",
    ),
    "runs.xml_problem.bad_xml_at": (
        "not valid XML (line {line}): the file may be cut off or damaged",
        "XML として正しくありません（{line} 行目）。ファイルが途中で切れているか壊れているのかもしれません",
    ),
    "runs.xml_problem.bad_xml": (
        "not valid XML: the file may be cut off or damaged",
        "XML として正しくありません。ファイルが途中で切れているか壊れているのかもしれません",
    ),
    "runs.xml_problem.forbidden": (
        "it uses XML features a watch file never needs (entities), so it is not read",
        "時計のファイルでは使われない XML の機能（エンティティ）を含むため、読みません",
    ),
    "runs.xml_problem.no_activity": ("it holds no activity", "アクティビティが含まれていません"),
    "runs.xml_problem.not_gpx": ("not a GPX file", "GPX ファイルではありません"),
    "runs.xml_problem.other": ("it cannot be read", "読み取れません"),
    "runs.file_why.empty_file": ("empty file", "空のファイルです"),
    "runs.file_why.not_watch_file": (
        "not a FIT, TCX or GPX file",
        "FIT・TCX・GPX のファイルではありません",
    ),
    "runs.file_why.unreadable": (
        "unreadable {format}: {detail}",
        "{format} として読めません。{detail}",
    ),
    "runs.fit_problem.not_fit": ("not a FIT file", "FIT ファイルではありません"),
    "runs.fit_problem.truncated": (
        "the file is cut off (an unfinished download or copy?)",
        "ファイルが途中で切れています。ダウンロードかコピーが途中で止まったのかもしれません",
    ),
    "runs.fit_problem.bad_crc": (
        "damaged: its checksum does not match",
        "チェックサムが一致せず、壊れています",
    ),
    "runs.fit_problem.corrupt": (
        "damaged: its records do not fit together",
        "壊れています（記録のつながりが合いません）",
    ),
    "runs.fit_problem.corrupt_at": (
        "damaged at byte {byte}: its records do not fit together",
        "{byte} バイト目で壊れています（記録のつながりが合いません）",
    ),
    "runs.file_why.not_a_run": ("not a run: {sports}", "ランではありません（{sports}）"),
    "runs.file_why.no_running": ("no running recorded", "ランの記録がありません"),
    "runs.file_why.no_date": (
        "no date: the watch's clock was not set (its times count from when it was switched on)",
        "日付がありません: 時計の時刻が設定されていませんでした（電源を入れてからの秒数で記録）",
    ),
    "sport.cycling": ("cycling", "自転車"),
    "sport.swimming": ("swimming", "水泳"),
    "sport.walking": ("walking", "ウォーキング"),
    "sport.hiking": ("hiking", "ハイキング"),
    "sport.fitness_equipment": ("fitness equipment", "フィットネス機器"),
    "sport.training": ("training", "トレーニング"),
    "sport.transition": ("transition", "トランジション"),
    "sport.generic": ("no sport named", "種目の指定なし"),
    "sport.unknown": ("unknown sport", "不明な種目"),
    "sport.rowing": ("rowing", "ローイング"),
    "sport.other": ("other sport", "その他の種目"),
    "runs.import.none_found": (
        "No FIT, TCX or GPX files in {paths}.",
        "{paths} に FIT・TCX・GPX ファイルはありません。",
    ),
    "runs.import.summary": (
        "Files: {imported} imported{runs}, {present} already present, {skipped} skipped,"
        " {failed} failed.",
        "ファイル: 取り込み {imported} 件{runs}、取り込み済み {present} 件、スキップ {skipped} 件、失敗 {failed} 件。",
    ),
    "runs.none": (
        "No runs yet. Import your watch's files with `hipcoach runs import FOLDER`.",
        "まだランがありません。`hipcoach runs import フォルダ` で時計のファイルを取り込めます。",
    ),
    "runs.col.id": ("id", "ID"),
    "runs.col.date": ("date", "日付"),
    "runs.col.km": ("km", "距離 km"),
    "runs.col.time": ("time", "時間"),
    "runs.col.pace": ("pace /km", "ペース/km"),
    "runs.col.fade": ("fade", "崩れ"),
    "runs.col.holds": ("the file holds", "記録されている項目"),
    "runs.col.hr": ("HR", "心拍"),
    "runs.col.week": ("week of", "週"),
    "runs.col.fade_long": ("fade, long runs", "崩れ（ロング走）"),
    "runs.col.long_runs": ("long runs", "ロング走"),
    "runs.col.routine_days": ("routine days", "ルーティン実施日"),
    "runs.list_note": (
        "Fade: how far form drifted late in the run towards fatigue, against what your own early pace predicts (0 % = held).",
        "崩れ: ラン後半のフォームが、あなた自身の序盤のペースから予測される値より疲労の方向へどれだけずれたか（0 % = 保てた）。",
    ),
    "runs.not_judged.too_short": ("too short", "短すぎ"),
    "runs.not_judged.intervals": ("intervals", "インターバル"),
    "runs.not_judged.treadmill": ("treadmill", "トレッドミル"),
    "runs.not_judged.no_form_fields": ("no form data", "フォームの記録なし"),
    "runs.not_judged.other": ("not judged", "判定なし"),
    "runs.why.too_short": (
        "Not judged: too short. Form drift is judged on steady runs of at least 10 km and 40 minutes.",
        "判定なし: 短すぎます。フォームのずれは 10 km 以上かつ 40 分以上の一定ペースのランで判定します。",
    ),
    "runs.why.intervals": (
        "Not judged: the pace changes like intervals, so late and early parts cannot be compared.",
        "判定なし: ペースがインターバルのように変わるため、前半と後半を比べられません。",
    ),
    "runs.why.treadmill": (
        "Not judged: on a treadmill the watch estimates speed from the same steps it measures, so form cannot be adjusted for speed.",
        "判定なし: トレッドミルでは時計が速度を歩数そのものから推定するため、速度に合わせた補正ができません。",
    ),
    "runs.why.no_form_fields": (
        "Not judged: the file holds no cadence and no running dynamics.",
        "判定なし: このファイルにはケイデンスもランニングダイナミクスも記録されていません。",
    ),
    "runs.col.pace_short": ("pace", "ペース"),
    "runs.col.metric_short": ("metric", "指標"),
    "runs.abbr.cadence": ("cad", "ピッチ"),
    "runs.abbr.ground_contact_time": ("GCT", "接地"),
    "runs.abbr.vertical_oscillation": ("VO", "上下"),
    "runs.abbr.vertical_ratio": ("VR", "上下比"),
    "runs.abbr.step_length": ("step", "歩幅"),
    "runs.abbr.ground_contact_balance": ("bal", "左右"),
    "runs.abbr.power": ("pow", "出力"),
    "runs.legend.pace": ("pace: min:s /km", "ペース: 分:秒/km"),
    "runs.legend.heart_rate": ("HR: heart rate, bpm", "心拍: 心拍数（拍/分）"),
    "runs.legend.entry": ("{abbr}: {name}, {unit}", "{abbr}: {name}（{unit}）"),
    "runs.short.heart_rate": ("HR", "心拍"),
    "runs.short.cadence": ("cadence", "ケイデンス"),
    "runs.short.ground_contact_time": ("contact", "接地時間"),
    "runs.short.vertical_oscillation": ("vertical oscillation", "上下動"),
    "runs.short.vertical_ratio": ("v. ratio", "上下動比"),
    "runs.short.step_length": ("step", "歩幅"),
    "runs.short.ground_contact_balance": ("balance", "左右バランス"),
    "runs.short.power": ("power", "パワー"),
    "runs.field.cadence": ("cadence", "ケイデンス"),
    "runs.field.ground_contact_time": ("contact time", "接地時間"),
    "runs.field.vertical_oscillation": ("vertical oscillation", "上下動"),
    "runs.field.vertical_ratio": ("vertical ratio", "上下動比"),
    "runs.field.step_length": ("step length", "歩幅"),
    "runs.field.ground_contact_balance": ("contact-time balance", "接地時間の左右バランス"),
    "runs.field.power": ("power", "パワー"),
    "runs.show.title": (
        "Run of {date}: {km} km in {time} of running ({pace} /km), {elapsed} from start to"
        " finish; from {source}",
        "{date}のラン: 走った時間 {time} で {km} km（{pace} /km）、開始から終了まで {elapsed}。"
        "ファイル {source}",
    ),
    "runs.show.left_out": (
        "Left out of the running time: {parts}.",
        "走った時間から除いたもの: {parts}。",
    ),
    "runs.show.left_paused": ("{time} paused or stopped", "停止・一時停止 {time}"),
    "runs.show.left_walking": ("{time} walking", "歩き {time}"),
    "runs.show.warmup": (
        "Warm-up: the first {km} km (rows {rows}, marked *).",
        "最初の {km} km はウォームアップとして扱います（* の行: {rows}）。",
    ),
    "runs.show.warmup_plain": (
        "Warm-up: the first {km} km.",
        "最初の {km} km はウォームアップとして扱います。",
    ),
    "runs.show.rows_range": ("{first} to {last}", "{first}〜{last}"),
    "runs.show.warmup_none": (
        "No warm-up was left out.",
        "ウォームアップとして除いた部分はありません。",
    ),
    "runs.show.treadmill": (
        "Recorded on a treadmill.",
        "トレッドミルで記録されたランです。",
    ),
    "runs.show.intervals": (
        "The pace changes like intervals.",
        "ペースがインターバルのように変わっています。",
    ),
    "runs.show.no_splits": (
        "Shorter than 1 km: no per-km table.",
        "1 km より短いため、1 km ごとの表はありません。",
    ),
    "runs.show.rows_mark": (
        "Each row is the km ending at that distance (3.0 = from 2 to 3 km)."
        " * the km holds some warm-up: shown, but not charted; the warm-up is not used for"
        " the prediction.",
        "各行はその距離で終わる 1 km です（3.0 = 2〜3 km）。* はウォームアップを含む km:"
        " 表示はしますがグラフには入れません。ウォームアップは予測に使いません。",
    ),
    "runs.show.onset_at": ("{km} km", "{km} km 地点"),
    "runs.chart.key": ("(┄ = predicted)", "（┄ = 予測）"),
    "runs.chart.title": (
        "{metric}: each km against what your early pace predicts",
        "{metric}: 各 km の値と、序盤のペースからの予測との差",
    ),
    "runs.say.from_km": (
        "From {km} km on, your {metric} went {direction} about {pct} % against what your early pace predicts (late part: {low} to {high} %).",
        "{km} km 地点から、{metric}が序盤のペースからの予測より約 {pct} % {direction}（後半全体: {low}〜{high} %）。",
    ),
    "runs.say.late": (
        "Late in the run your {metric} went {direction} {pct} % against what your early pace predicts ({low} to {high} %).",
        "ラン後半、{metric}が序盤のペースからの予測より {pct} % {direction}（{low}〜{high} %）。",
    ),
    "runs.say.up": ("up", "増えました"),
    "runs.say.down": ("down", "減りました"),
    "runs.say.held": (
        "Stayed within normal variation: {metrics}.",
        "ふだんの揺れの範囲内に収まった項目: {metrics}。",
    ),
    "runs.say.no_fade": (
        "No clear fade: late in the run your form stayed close to what your early pace predicts.",
        "はっきりした崩れはありません。後半のフォームは序盤のペースからの予測に近いままでした。",
    ),
    "runs.say.decoupling": (
        "Heart-rate decoupling {pct} % (speed per beat, first half against second; above 5 % is usually read as tiring).",
        "心拍のデカップリング {pct} %（1拍あたりの速度、前半と後半の比較。5 % を超えると疲労のしるしとされることが多い）。",
    ),
    "runs.say.decoupling_negative": (
        "Below zero, your heart rate fell relative to your pace late in the run. That often"
        " comes with a faster or downhill finish, a cooler or windier spell, or a heart-rate"
        " sensor that read high early on and settled; on its own it shows neither fatigue nor"
        " fitness.",
        "マイナスは、後半にペースに対して心拍が下がったということです。ペースを上げた・下り坂の"
        "ゴール、涼しくなった・風が変わった、あるいは心拍センサーが序盤に高めに測っていて後で"
        "落ち着いた、といったときによく見られます。これだけでは疲労も体力も分かりません。",
    ),
    "runs.say.caveat": (
        "These are your watch's figures: hills, wind, stops or new shoes can look like fatigue, and they say nothing about pain or injury.",
        "これは時計の記録による数値です。坂・風・立ち止まり・新しいシューズも疲労のように見えることがあり、痛みやけがについては何も示しません。",
    ),
    "runs.col.metric": ("late part against early pace", "後半（序盤のペースからの予測比）"),
    "runs.col.drift": ("drift", "ずれ"),
    "runs.col.interval": ("95 % interval", "95 % 区間"),
    "runs.col.onset": ("begins at", "始まり"),
    "runs.show.fade": (
        "Fade index: {fade}. It averages the drifts above, except power, counting a drift"
        " towards fatigue as positive.",
        "崩れの指数: {fade}。パワー以外の上の項目のずれを平均したもので、疲労の方向へのずれを＋とします。",
    ),
    "runs.trend.title": (
        "Late-run fade of long runs (15 km or more, steady) by week, next to your routine days",
        "ロング走（15 km 以上、一定ペース）の後半の崩れを週ごとに、ルーティンの実施日と並べて",
    ),
    "runs.trend.empty": (
        "Nothing to show yet: no judged long runs and no routine sessions.",
        "まだ表示できるものがありません。判定済みのロング走もルーティンの記録もありません。",
    ),
    "runs.trend.no_long_runs": (
        "No long runs (15 km or more, steady) in these {weeks} weeks: the last was on {date}.",
        "この {weeks} 週間にロング走（15 km 以上、一定ペース）はありません。最後のロング走は {date}でした。",
    ),
    "runs.trend.no_long_runs_ever": (
        "No long runs (15 km or more, steady) yet among your {runs}: the last run was on {date}.",
        "ランは {runs}ありますが、ロング走（15 km 以上、一定ペース）はまだありません。最後のランは {date}でした。",
    ),
    "report.runs_earlier": (
        "No long runs in the last {weeks} weeks: the chart shows the {weeks} weeks up to the last one, on {date}.",
        "直近 {weeks} 週間にロング走はありません。グラフは最後のロング走（{date}）までの {weeks} 週間です。",
    ),
    "runs.trend.no_routine": (
        "No routine sessions in the log yet, so there is nothing to compare before and after.",
        "ルーティンの記録がまだないため、始める前と後を比べられません。",
    ),
    "runs.trend.counts": (
        "Routine began {start}. Long runs in the {baseline} weeks before it: {before}; in the last 8 weeks: {after}.",
        "ルーティン開始 {start}。開始前 {baseline} 週間のロング走 {before} 本、直近 8 週間 {after} 本。",
    ),
    "runs.trend.metrics_differ": (
        "The two sides' runs recorded different form metrics (before: {before}; last 8 weeks: {after}), as after a change of watch or sensor: the fade index is a mean over the metrics present, so the two are not measured alike.",
        "前後のランで記録されたフォーム指標が違います（開始前: {before}、直近 8 週間: {after}）。時計やセンサーを替えたときなどに起こります。フェード指数は記録された指標の平均なので、前後を同じ物差しで比べられません。",
    ),
    "runs.trend.too_few": (
        "Too few runs to compare: at least {need} on each side are needed.",
        "比べるにはランが少なすぎます。前後それぞれ {need} 本以上必要です。",
    ),
    "runs.trend.figures": (
        "Mean fade before: {before} %; last 8 weeks: {after} %; difference {diff} points (95 % interval {low} to {high}).",
        "平均の崩れ 開始前: {before} %、直近 8 週間: {after} %、差 {diff} ポイント（95 % 区間 {low}〜{high}）。",
    ),
    "runs.trend.less_fade": (
        "Your long runs have faded less lately than before the routine.",
        "最近のロング走は、ルーティンを始める前より崩れが小さくなっています。",
    ),
    "runs.trend.more_fade": (
        "Your long runs have faded more lately than before the routine.",
        "最近のロング走は、ルーティンを始める前より崩れが大きくなっています。",
    ),
    "runs.trend.no_clear_change": (
        "No clear change: the interval includes zero.",
        "はっきりした変化はありません（区間が 0 を含んでいます）。",
    ),
    "report.runs_title": (
        "Runs from your watch: late-run fade and the routine",
        "時計のラン記録: 後半の崩れとルーティン",
    ),
    "report.runs_caption": (
        "Red dots: the mean late-run fade of each week's long runs, against what each run's "
        "early pace predicts (0 % = held; up = towards fatigue). Blue bars: days of the "
        "routine that week (full height = 7).",
        "赤い点: その週のロング走の後半の崩れの平均（各ランの序盤のペースからの予測に対して。"
        "0 % = 保てた、上 = 疲労の方向）。青い棒: その週のルーティン実施日数（いちばん上 = 7日）。",
    ),
    "report.runs_days_axis": ("Routine days a week (0–7)", "週のルーティン実施日数（0〜7）"),
    "runs.trend.caveat": (
        "An association, not proof: training, weather, courses, shoes and fitness change the fade too.",
        "これは関連であって証明ではありません。練習量・天候・コース・シューズ・体力も崩れ方を変えます。",
    ),
    # --- self-tests (hipcoach assess) ---------------------------------------------------
    "help.assess": (
        "Run the hip self-tests (or another test program) and log each side and trial.",
        "股関節のセルフテスト（または別のテストプログラム）を行い、左右・試行ごとに記録します。",
    ),
    "help.assess.results": (
        "Show the logged results with asymmetry and changes; run nothing.",
        "記録した結果を左右差と変化つきで表示します（テストは行いません）。",
    ),
    "help.assess.result": (
        "Enter a trial done away from the screen: 'TEST SIDE [NUMBER] [QUESTION=ANSWER ...]', "
        "e.g. 'side-bridge left 62' or 'single-leg-squat right knee=good pelvis=fair trunk=good'. "
        "Repeat for each side and trial.",
        "画面を使わずに行った試行を入力します: 'テスト 側 [数値] [質問=答え ...]'。"
        "例: 'side-bridge left 62'、'single-leg-squat right knee=good pelvis=fair trunk=good'。"
        "側・試行ごとにくり返します。",
    ),
    "help.assess.speed": (
        "Rehearse faster than real time (e.g. 10); a rehearsal saves nothing.",
        "実時間より速くリハーサルします（例: 10）。リハーサルは保存しません。",
    ),
    "assess.rehearsal_start": (
        "Rehearsal ×{speed}: the clock runs {speed} times as fast, so nothing will be saved.",
        "リハーサル ×{speed}: 時間が{speed}倍の速さで進むため、何も保存しません。",
    ),
    "assess.rehearsal": (
        "A rehearsal: nothing was saved.",
        "リハーサルのため、何も保存していません。",
    ),
    "assess.results_and_result": (
        "--results shows what is logged and --result logs a trial: use one or the other.",
        "--results は記録の表示、--result は試行の記録です。どちらか一方を指定してください。",
    ),
    "assess.not_tests": (
        "{program} is a routine, not a set of self-tests: use `hipcoach run {program}`.",
        "{program} はセルフテストではなくトレーニングメニューです。`hipcoach run {program}` を使ってください。",
    ),
    "run.is_tests": (
        "{program} is a set of self-tests: use `hipcoach assess {program}`.",
        "{program} はセルフテストです。`hipcoach assess {program}` を使ってください。",
    ),
    "assess.need_terminal": (
        "The self-tests are guided in a terminal; without one, enter results with --result.",
        "セルフテストはターミナルで案内します。ターミナルがない場合は --result で結果を入力してください。",
    ),
    "assess.intro": (
        "{name}: {n} tests, each side in turn, {time}. Stop any test at sharp or growing pain; these are home tests, not a diagnosis.",
        "{name}: {n}種類のテストを左右ごとに行います（{time}）。鋭い痛みや強くなる痛みがあれば、そのテストは中止してください。これは自宅でのテストで、診断ではありません。",
    ),
    "assess.after_run": (
        "Best not straight after a run: tired legs test weaker, and the results would not compare.",
        "ランニング直後は避けてください。脚が疲れていると結果が下がり、比べられなくなります。",
    ),
    "assess.ask": ("{test} · {side} · trial {trial}", "{test}・{side}・{trial}回目"),
    "assess.choices": ("{question} [{choices}]: ", "{question}［{choices}］: "),
    "assess.again": (
        "Please answer with one of: {choices}.",
        "{choices} のいずれかで答えてください。",
    ),
    "assess.saved": (
        "Saved {results} of {date}.",
        "{date}の結果を{results}保存しました。",
    ),
    "assess.stop_not_started": (
        "A stop is in force, so no self-test was started: a test loads the hip to its limit. "
        "Test again once the stop is lifted (hipcoach lift-stop).",
        "中止の指示が出ているため、セルフテストは開始していません。テストは股関節に限界まで"
        "負荷をかけます。中止が解除されてから（hipcoach lift-stop）改めて行ってください。",
    ),
    "assess.stop_not_saved": (
        "A stop is in force, so no self-test results were saved: a test loads the hip to its "
        "limit. Test again once the stop is lifted (hipcoach lift-stop).",
        "中止の指示が出ているため、セルフテストの結果は保存していません。テストは股関節に"
        "限界まで負荷をかけます。中止が解除されてから（hipcoach lift-stop）改めて行ってください。",
    ),
    "assess.caution_ask": (
        "The tests go to your limit. Take them anyway, stopping at any pain? [y/N] ",
        "テストは限界まで行います。痛みが出たらすぐやめる前提で、それでも行いますか？ [y/N] ",
    ),
    "assess.caution_not_started": (
        "No self-test was started. Test again on a day without pain.",
        "セルフテストは開始していません。痛みのない日に改めて行ってください。",
    ),
    "assess.pain_stops": (
        "Pain {pain}: that stops the routine, so the remaining tests are not done. What you "
        "did is saved.",
        "痛み{pain}: メニューを中止する痛みのため、残りのテストは行いません。"
        "ここまでの結果は保存します。",
    ),
    "assess.pain_go_on": (
        "Go on with the remaining tests? They go to your limit. [y/N] ",
        "残りのテストを続けますか？ テストは限界まで行います。 [y/N] ",
    ),
    "assess.pain_ended": (
        "The remaining tests are not done; what you did is saved. Test again on a day "
        "without pain.",
        "残りのテストは行いません。ここまでの結果は保存します。痛みのない日に改めて行ってください。",
    ),
    "assess.time_up": (
        "{test}, {side}: time ran out at {most} s, the longest a hold is logged as (was Enter "
        "forgotten?).",
        "{test}（{side}）: {most}秒で時間切れです。記録できるキープはここまでです"
        "（Enter を押し忘れましたか？）。",
    ),
    "assess.time_held": (
        "How many seconds did you hold? Enter keeps {most}: ",
        "何秒キープできましたか？ Enter で {most}秒のまま: ",
    ),
    "assess.time_held_again": (
        "Please type a number of seconds from 0 to {most} (or press Enter).",
        "0〜{most} の秒数を入力してください（Enter でそのまま）。",
    ),
    "assess.nothing_saved": ("Nothing was saved.", "何も保存していません。"),
    "assess.none_yet": (
        "No self-test results yet: run `hipcoach assess`.",
        "セルフテストの記録はまだありません。`hipcoach assess` で始められます。",
    ),
    "assess.flag": (
        "{test}, {side}: {question} {answer} of 10. This is the sign the test looks for (a flag, not a diagnosis); it is saved to your pain record as a check-in's pain is, and the same caution and stop rules apply.",
        "{test}（{side}）: {question}が10段階で{answer}。このテストが見ているサインです（診断ではありません）。振り返りの痛みと同じく痛みの記録に保存し、同じ注意・中止のルールが適用されます。",
    ),
    "assess.flag_where": ("self-test {test} · {side}", "セルフテスト {test}・{side}"),
    "assess.bad_result": (
        "--result {value!r}: {reason}",
        "--result {value!r} の入力: {reason}",
    ),
    "assess.bad.test": (
        "no test {test!r} in {program}; tests: {tests}",
        "{program} にテスト {test!r} はありません。テスト: {tests}",
    ),
    "assess.bad.side": (
        "the side must be left or right{none}",
        "側は left か right で指定してください{none}",
    ),
    "assess.bad.side_none": (" (or - for a test of both legs)", "（両脚のテストは -）"),
    "assess.bad.number": (
        "{name} needs a number from 0 to {high}",
        "{name} には 0〜{high} の数値が必要です",
    ),
    "assess.bad.whole": (
        "{name} counts reps: {value} is not a whole number from 0 to {high}",
        "{name} は回数です: {value} は 0〜{high} の整数ではありません",
    ),
    "assess.bad.no_number": ("{name} takes no number", "{name} に数値は指定できません"),
    "assess.bad.question": (
        "no question {question!r}; questions: {questions}",
        "質問 {question!r} はありません。質問: {questions}",
    ),
    "assess.bad.answer": (
        "{question}={answer!r} is not one of {choices}",
        "{question}={answer!r} は使えません。{choices} のいずれかを指定してください",
    ),
    "assess.bad.missing": ("missing {questions}", "{questions} が指定されていません"),
    "assess.bad.trials": (
        "more than {trials} of {test} on one side",
        "{test} の試行は片側{trials}までです",
    ),
    "answer.yes": ("yes", "はい"),
    "answer.no": ("no", "いいえ"),
    "answer.good": ("good", "良い"),
    "answer.fair": ("fair", "まあまあ"),
    "answer.poor": ("poor", "不十分"),
    # the bands as coach/assessments.py and --json name them, and as the norms' texts say
    "band.poor": ("poor", "低い"),
    "band.average": ("average", "平均"),
    "band.good": ("good", "良好"),
    "result.seconds": ("{n} s", "{n}秒"),
    "result.reps": ("{n} reps", "{n}回"),
    "result.rep": ("{n} rep", "{n}回"),
    "result.both": ("both", "両脚"),
    "result.band": (" ({band})", "（{band}）"),
    "result.side_date": (" on {date}", "（{date}）"),
    "result.no_asymmetry_apart": (
        "asymmetry not given: left and right were tested on different days",
        "左右を別の日にテストしたため、左右差は出していません",
    ),
    "result.asymmetry": ("asymmetry {pct} %", "左右差 {pct}%"),
    "result.heading": ("{test} ({date})", "{test}（{date}）"),
    "result.trend": ("trend: {values}", "推移: {values}"),
    "result.caveat": (
        "Home tests: your own left and right and your own change over time, not a diagnosis. A change is shown as better or worse only when larger than the test's measurement error.",
        "自宅でのテストです。分かるのは自分の左右差と自分の変化で、診断ではありません。変化は、テストの測定誤差より大きいときだけ「伸びた・落ちた」と示します。",
    ),
    "change.better": (
        "{side} {diff}, better: beyond the {error} measurement error",
        "{side} {diff}: 測定誤差（{error}）を超えて向上",
    ),
    "change.worse": (
        "{side} {diff}, worse: beyond the {error} measurement error",
        "{side} {diff}: 測定誤差（{error}）を超えて低下",
    ),
    "change.within-error": (
        "{side} {diff}: within the {error} measurement error, no real change shown",
        "{side} {diff}: 測定誤差（{error}）の範囲内で、変化とはいえません",
    ),
    "change.not-judged": (  # no {error}: there is none
        "{side} {diff}: not judged, this test's measurement error is not known",
        "{side} {diff}: このテストの測定誤差が分からないため判定しません",
    ),
    "stats.self_tests": ("Self-tests", "セルフテスト"),
    "report.test_col": ("test", "テスト"),
    "report.asymmetry_col": ("asymmetry", "左右差"),
    "report.change_col": (
        "change beyond the measurement error",
        "測定誤差を超える変化",
    ),
    "settings.expect_date": (
        "expected a date as YYYY-MM-DD, e.g. 2027-03-07",
        "日付は YYYY-MM-DD の形で指定してください（例: 2027-03-07）",
    ),
    "settings.about.retest_days": (
        "days between self-tests: `today` suggests `hipcoach assess` after this many",
        "セルフテストの間隔（日）。この日数がたつと `today` が `hipcoach assess` を提案します",
    ),
    "settings.about.retest_not_after_run": (
        "true: no self-test suggested on a day with a run or the day after (from `hipcoach runs`)",
        "true: ラン（`hipcoach runs` の記録）の当日と翌日はセルフテストを提案しません",
    ),
    "settings.about.race_date": (
        "your next race, YYYY-MM-DD: in its last 7 days `today` offers the race-week program",
        "次のレースの日付（YYYY-MM-DD）。7日前からは `today` がレース週のメニューを提案します",
    ),
    "today.race_week": (
        "Race in {days} days: this is race week's light version (the daily stretch, one set of hinge and wall drill, nothing new).",
        "レースまであと{days}日。今日はレース週の軽いメニューです（毎日のストレッチ、ヒップヒンジとウォールドリルを1セットずつ、新しいことはしない）。",
    ),
    "today.race_tomorrow": (
        "Race tomorrow: the light version only, and nothing new today. Late in the race: land under your body, catch the landing with your hip.",
        "明日はレースです。軽いメニューだけにして、今日は新しいことをしないでください。レース後半は「足は体の真下」「お尻で受ける」。",
    ),
    "today.race_day": (
        "Race day: before the start, `hipcoach run pre-run` (about 3 minutes), then a few strides landing under your body.",
        "レース当日です。スタート前に `hipcoach run pre-run`（約3分）、そのあと体の真下に着地する意識で流しを数本。",
    ),
    "today.self_tests_first": (
        "No self-tests yet: `hipcoach assess` measures where your hips start ({time}, not straight after a run).",
        "セルフテストはまだです。`hipcoach assess` で今の股関節の状態を測れます（{time}、ランニング直後は避けて）。",
    ),
    "today.self_tests_due": (
        "Self-tests due (last on {date}): `hipcoach assess`, at the same time of day as before, not straight after a run.",
        "セルフテストの時期です（前回 {date}）。`hipcoach assess` を、前回と同じ時間帯に、ランニング直後を避けて行ってください。",
    ),
    "show.race_cues": ("In the race, late kilometres", "レース後半のキュー"),
    "show.race_cue.under": (
        "Land under your body: feet down beneath you, not out in front (no braking step).",
        "足は体の真下: 体の前ではなく真下に着地します（ブレーキをかけない）。",
    ),
    "show.race_cue.hip": (
        "Catch the landing with your hip: the buttock takes the weight, the pelvis stays level.",
        "お尻で受ける: 着地の体重をお尻で受け止め、骨盤を水平に保ちます。",
    ),
    "show.race_cue.when": (
        "Say them to yourself from about 25–35 km, when the hips want to drop.",
        "25〜35kmあたり、腰が落ちそうになったら自分に言い聞かせます。",
    ),
    "settings.race_past": (
        "{date} is in the past; give the date of your next race",
        "{date} は過去の日付です。次のレースの日付を指定してください",
    ),
}
