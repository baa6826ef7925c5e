#!/usr/bin/env python3
"""Writes tests/vectors/calendar.json and tests/vectors/disputes.json.

The expected values come from an oracle written here, independently of the Rust engine:
the 2026 calendar of DOMAIN (State Council notice), working periods 08:30–12:00 and
14:00–17:30, and DOMAIN §3's default criteria. Run: python3 scripts/gen-dispute-vectors.py
"""
import datetime as dt
import json
import random
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
D = dt.date
HOLIDAYS = [("元旦", D(2026, 1, 1), D(2026, 1, 3)), ("春节", D(2026, 2, 15), D(2026, 2, 23)),
            ("清明节", D(2026, 4, 4), D(2026, 4, 6)), ("劳动节", D(2026, 5, 1), D(2026, 5, 5)),
            ("端午节", D(2026, 6, 19), D(2026, 6, 21)), ("中秋节", D(2026, 9, 25), D(2026, 9, 27)),
            ("国庆节", D(2026, 10, 1), D(2026, 10, 7))]
WORKING_WEEKENDS = {D(2026, 1, 4): "元旦调休上班", D(2026, 2, 14): "春节调休上班", D(2026, 2, 28): "春节调休上班",
                    D(2026, 5, 9): "劳动节调休上班", D(2026, 9, 20): "国庆节调休上班", D(2026, 10, 10): "国庆节调休上班"}
PERIODS = [(8 * 60 + 30, 12 * 60), (14 * 60, 17 * 60 + 30)]  # minutes
WEEKDAYS = ["周一", "周二", "周三", "周四", "周五", "周六", "周日"]
TZ = dt.timezone(dt.timedelta(hours=8))


def holiday(d):
    for name, a, b in HOLIDAYS:
        if a <= d <= b:
            return name
    return None


def covered(d):
    return d.year == 2026


def working(d):
    assert covered(d), d
    if holiday(d):
        return False
    if d in WORKING_WEEKENDS:
        return True
    return d.weekday() < 5


def day_info(d):
    if holiday(d):
        kind, kname, name = "holiday", "法定节假日", holiday(d)
    elif d in WORKING_WEEKENDS:
        kind, kname, name = "workingWeekend", "调休上班", WORKING_WEEKENDS[d]
    elif d.weekday() >= 5:
        kind, kname, name = "weekend", "周末", None
    else:
        kind, kname, name = "workday", "工作日", None
    out = {"date": d.isoformat(), "working": working(d), "kind": kind, "kindName": kname}
    if name:
        out["name"] = name
    out["weekday"] = WEEKDAYS[d.weekday()]
    return out


def add_days(d, n):
    step = 1 if n >= 0 else -1
    left = abs(n)
    while left:
        d += dt.timedelta(days=step)
        if working(d):
            left -= 1
    return d


def between(a, b):
    if b < a:
        return -between(b, a)
    n, d = 0, a
    while d < b:
        d += dt.timedelta(days=1)
        n += working(d)
    return n


def parse(s):
    return dt.datetime.fromisoformat(s.replace("Z", "+00:00")).astimezone(TZ)


def iso(t):
    t = t.astimezone(TZ)
    return t.strftime("%Y-%m-%dT%H:%M:%S") + "+08:00"


def add_working_seconds(t, secs):
    t = t.astimezone(TZ)
    if secs <= 0:
        return t
    left = secs
    while True:
        d = t.date()
        midnight = dt.datetime(d.year, d.month, d.day, tzinfo=TZ)
        if working(d):
            for a, b in PERIODS:
                pa, pb = midnight + dt.timedelta(minutes=a), midnight + dt.timedelta(minutes=b)
                if t < pb:
                    s = max(t, pa)
                    avail = (pb - s).total_seconds()
                    if left <= avail:
                        return s + dt.timedelta(seconds=left)
                    left -= avail
                    t = pb
        t = midnight + dt.timedelta(days=1)


def working_seconds(a, b):
    if b < a:
        return -working_seconds(b, a)
    total, d = 0, a.astimezone(TZ).date()
    while d <= b.astimezone(TZ).date():
        if working(d):
            midnight = dt.datetime(d.year, d.month, d.day, tzinfo=TZ)
            for p, q in PERIODS:
                s, e = max(a, midnight + dt.timedelta(minutes=p)), min(b, midnight + dt.timedelta(minutes=q))
                if e > s:
                    total += (e - s).total_seconds()
        d += dt.timedelta(days=1)
    return total


def close_of(d):
    return dt.datetime(d.year, d.month, d.day, 17, 30, tzinfo=TZ)


# ---- disputes oracle (DOMAIN §3 defaults) ----
COLOURS = {
    "green": {"name": "绿色", "level": "一般矛盾", "respond": ("hours", 8), "resolve": ("hours", 24),
              "handler": {"code": "gridWorker", "name": "网格员", "action": "现场调解"}},
    "yellow": {"name": "黄色", "level": "较大矛盾", "respond": ("workingHours", 4), "resolve": ("workingDays", 3),
               "handler": {"code": "mediationStudio", "name": "社区调解工作室", "action": "组织调解"}},
    "red": {"name": "红色", "level": "重大矛盾", "respond": ("hours", 2), "resolve": ("workingDays", 5),
            "handler": {"code": "jointResponse", "name": "社区联合派出所、司法所", "action": "联合处置"}},
}
ORDER = ["green", "yellow", "red"]
CRITERIA = [
    ("violence", "red", lambda f: f.get("violence") is True),
    ("group", "red", lambda f: f.get("households", 0) >= 5 or f.get("people", 0) >= 10),
    ("petitions", "red", lambda f: f.get("petitions", -1) >= 3),
    ("vulnerable", "red", lambda f: f.get("vulnerable") is True),
    ("severalHouseholds", "yellow", lambda f: f.get("households", 0) >= 2),
    ("amount", "yellow", lambda f: f.get("amount", -1) > 10000),
    ("propertyOrDeveloper", "yellow", lambda f: f.get("againstPropertyOrDeveloper") is True),
    ("repeatReport", "yellow", lambda f: f.get("repeatReport") is True),
]


def grade(f):
    fired = [(c, col) for c, col, test in CRITERIA if test(f)]
    colour = max((ORDER.index(col) for _, col in fired), default=0)
    return ORDER[colour], fired


def span_end(start, span, warn=0.7):
    unit, n = span
    if unit == "hours":
        return start + dt.timedelta(hours=n), start + dt.timedelta(hours=warn * n)
    if unit == "workingHours":
        return add_working_seconds(start, round(n * 3600)), add_working_seconds(start, round(warn * n * 3600))
    end = max(close_of(add_days(start.date(), n)), start)
    total = working_seconds(start, end)
    return end, min(add_working_seconds(start, round(warn * total)), end)


def deadlines(colour, start):
    rb, rw = span_end(start, COLOURS[colour]["respond"])
    sb, sw = span_end(start, COLOURS[colour]["resolve"])
    return {"respondBy": iso(rb), "respondWarnAt": iso(rw), "resolveBy": iso(sb), "resolveWarnAt": iso(sw)}


def case(name, method, inp, expect=None, error=None, **extra):
    c = {"name": name, "method": method, "input": inp}
    c.update(extra)
    if error is not None:
        c["error"] = error
    else:
        c["expect"] = expect
    return c


def calendar_cases():
    out = []
    for name, a, b in HOLIDAYS:
        out.append(case(f"{name}首日放假 {a}", "isWorkingDay", a.isoformat(), day_info(a)))
    for d in sorted(WORKING_WEEKENDS):
        out.append(case(f"调休上班 {d}（{WEEKDAYS[d.weekday()]}）", "isWorkingDay", d.isoformat(), day_info(d)))
    for d in [D(2026, 12, 2), D(2026, 12, 5), D(2026, 10, 8), D(2026, 2, 24), D(2026, 12, 31)]:
        out.append(case(f"普通日 {d}", "isWorkingDay", d.isoformat(), day_info(d)))
    out += [
        case("日历之外：2027-01-04 → OUT_OF_CALENDAR", "isWorkingDay", "2027-01-04", error={"code": "OUT_OF_CALENDAR", "path": "/date"}),
        case("日历之外：2025-12-31", "isWorkingDay", "2025-12-31", error={"code": "OUT_OF_CALENDAR", "path": "/date"}),
        case("无效日期 2026-02-30", "isWorkingDay", "2026-02-30", error={"code": "INVALID_DATE", "path": "/date"}),
        case("日期不是字符串", "isWorkingDay", 20261010, error={"code": "WRONG_TYPE", "path": "/date"}),
    ]
    adds = [("2026-09-30", 3), ("2026-09-30", 1), ("2026-09-30", 4), ("2026-02-13", 1), ("2026-02-13", 2),
            ("2026-02-27", 1), ("2026-10-08", -1), ("2026-01-05", -1), ("2026-06-18", 1), ("2026-10-10", 0),
            ("2026-10-03", 0), ("2026-04-30", 5), ("2026-12-25", 4)]
    for d, n in adds:
        r = add_days(dt.date.fromisoformat(d), n)
        out.append(case(f"{d} 加 {n} 个工作日 → {r}", "addWorkingDays", d, {"date": r.isoformat(), "weekday": WEEKDAYS[r.weekday()]}, options=n))
    out += [
        case("加工作日越过日历年末 → OUT_OF_CALENDAR", "addWorkingDays", "2026-12-30", error={"code": "OUT_OF_CALENDAR", "path": "/days"}, options=5),
        case("工作日数不是整数", "addWorkingDays", "2026-09-30", error={"code": "NOT_INTEGER", "path": "/days"}, options=1.5),
        case("工作日数是字符串", "addWorkingDays", "2026-09-30", error={"code": "WRONG_TYPE", "path": "/days"}, options="3"),
        case("工作日数过大", "addWorkingDays", "2026-09-30", error={"code": "OUT_OF_RANGE", "path": "/days"}, options=5000),
    ]
    for a, b in [("2026-09-30", "2026-10-10"), ("2026-10-10", "2026-09-30"), ("2026-10-01", "2026-10-07"),
                 ("2026-01-01", "2026-12-31"), ("2026-02-13", "2026-02-28"), ("2026-12-02", "2026-12-02")]:
        n = between(dt.date.fromisoformat(a), dt.date.fromisoformat(b))
        out.append(case(f"{a} 至 {b} 的工作日数 = {n}", "workingDaysBetween", a, {"days": n}, options=b))
    out.append(case("工作日数：to 在日历之外", "workingDaysBetween", "2026-12-30", error={"code": "OUT_OF_CALENDAR", "path": "/to"}, options="2027-01-05"))
    hours = [("2026-09-30T23:59:00+08:00", 8), ("2026-12-02T10:00:00+08:00", 2), ("2026-12-02T11:00:00+08:00", 2),
             ("2026-12-04T17:00:00+08:00", 1), ("2026-12-02T02:00:00Z", 3), ("2026-12-02T12:30:00+08:00", 0.5),
             ("2026-10-09T16:00:00+08:00", 4), ("2026-02-13T17:00:00+08:00", 7.5), ("2026-12-02T10:00:00+08:00", 0)]
    for at, h in hours:
        r = add_working_seconds(parse(at), round(h * 3600)) if h else parse(at)
        out.append(case(f"{at} 加 {h} 个工作小时 → {iso(r)}", "addWorkingHours", at, {"at": iso(r)}, options=h))
    out += [
        case("工作小时为负", "addWorkingHours", "2026-12-02T10:00:00+08:00", error={"code": "NEGATIVE", "path": "/hours"}, options=-1),
        case("时刻无时区", "addWorkingHours", "2026-12-02T10:00:00", error={"code": "INVALID_DATE", "path": "/at"}, options=1),
        case("工作小时越过日历年末", "addWorkingHours", "2026-12-31T17:00:00+08:00", error={"code": "OUT_OF_CALENDAR", "path": "/hours"}, options=1),
    ]
    # Rulebook validation and a community's own days.
    out += [
        case("本地休息日（三月三）覆盖全国日历", "isWorkingDay", "2026-04-20",
             {"working": False, "kind": "localOff", "name": "三月三"},
             rulebookPatch=[{"op": "set", "path": "/calendar/localDays", "value": [{"date": "2026-04-20", "working": False, "name": "三月三"}]}]),
        case("本地工作日", "isWorkingDay", "2026-10-03", {"working": True, "kind": "localWorking"},
             rulebookPatch=[{"op": "set", "path": "/calendar/localDays", "value": [{"date": "2026-10-03", "working": True, "name": "社区值班日"}]}]),
        case("规则库：调休上班日本是工作日 → INCONSISTENT", "validateRulebook", None,
             [{"code": "INCONSISTENT", "path": "/calendar/workingWeekends/6/date"}],
             rulebookPatch=[{"op": "set", "path": "/calendar/workingWeekends/6", "value": {"date": "2026-12-02", "name": "误填"}}]),
        case("规则库：假期不在覆盖年份 → OUT_OF_CALENDAR", "validateRulebook", None,
             [{"code": "OUT_OF_CALENDAR", "path": "/calendar/holidays/7"}],
             rulebookPatch=[{"op": "set", "path": "/calendar/holidays/7", "value": {"name": "元旦", "from": "2027-01-01", "to": "2027-01-01"}}]),
        case("规则库：工作时段重叠 → INCONSISTENT", "validateRulebook", None,
             [{"code": "INCONSISTENT", "path": "/calendar/workingHours/1"}],
             rulebookPatch=[{"op": "set", "path": "/calendar/workingHours/1", "value": {"from": "11:00", "to": "17:30"}}]),
        case("规则库：时区写法错误", "validateRulebook", None, [{"code": "INVALID_VALUE", "path": "/calendar/timeZone"}],
             rulebookPatch=[{"op": "set", "path": "/calendar/timeZone", "value": "UTC+8"}]),
        case("规则库：年份不连续", "validateRulebook", None, [{"code": "INCONSISTENT", "path": "/calendar/years"}],
             rulebookPatch=[{"op": "set", "path": "/calendar/years", "value": [2026, 2028]}]),
        case("规则库：假期与调休重叠 → DUPLICATE", "validateRulebook", None, [{"code": "DUPLICATE", "path": "/calendar/holidays/7"}],
             rulebookPatch=[{"op": "set", "path": "/calendar/holidays/7", "value": {"name": "重复", "from": "2026-10-07", "to": "2026-10-08"}}]),
        case("规则库：时刻写法错误", "validateRulebook", None, [{"code": "INVALID_VALUE", "path": "/calendar/workingHours/0/from"}],
             rulebookPatch=[{"op": "set", "path": "/calendar/workingHours/0/from", "value": "8:30"}]),
        case("没有 calendar 部分 → SECTION_MISSING", "isWorkingDay", "2026-10-10", error={"code": "SECTION_MISSING", "path": "/calendar"},
             rulebookPatch=[{"op": "remove", "path": "/calendar"}, {"op": "remove", "path": "/disputes"}]),
        case("2027 年加入日历后可用（社区自己的规则库）", "isWorkingDay", "2027-01-04", {"working": True, "kind": "workday"},
             rulebookPatch=[{"op": "set", "path": "/calendar/years", "value": [2026, 2027]}]),
    ]
    return out


def grade_expect(f, at=None):
    colour, fired = grade(f)
    e = {"colour": {"code": colour, "name": COLOURS[colour]["name"], "level": COLOURS[colour]["level"]},
         "handler": COLOURS[colour]["handler"],
         "fired": [{"criterion": c, "colour": col} for c, col in fired]}
    if at:
        e["reportedAt"] = iso(parse(at))
        e["deadlines"] = deadlines(colour, parse(at))
    return e


def disputes_cases():
    out = []
    base = {"households": 1, "violence": False}
    singles = [
        ("无升级条件 → 绿色", {}),
        ("暴力或极端言行 → 红色", {"violence": True}),
        ("恰好 5 户 → 红色（群体性）", {"households": 5}),
        ("4 户 → 黄色（多户）", {"households": 4}),
        ("2 户 → 黄色", {"households": 2}),
        ("恰好 10 人 → 红色", {"people": 10}),
        ("9 人、1 户 → 绿色", {"people": 9}),
        ("重复上访 3 次 → 红色", {"petitions": 3}),
        ("重复上访 2 次 → 绿色", {"petitions": 2}),
        ("涉及弱势群体 → 红色", {"vulnerable": True}),
        ("金额恰好 10000 元 → 绿色", {"amount": 10000}),
        ("金额 10000.01 元 → 黄色", {"amount": 10000.01}),
        ("对方为物业或开发商 → 黄色", {"againstPropertyOrDeveloper": True}),
        ("再次反映 → 黄色", {"repeatReport": True}),
        ("选项与文字事实不影响颜色", {"kind": "neighbour", "source": "gridReport", "summary": "楼上漏水，邻里争执"}),
        ("布尔事实为 false 不触发", {"vulnerable": False, "repeatReport": False, "againstPropertyOrDeveloper": False}),
    ]
    for name, extra in singles:
        f = {**base, **extra}
        out.append(case(name, "gradeDispute", f, grade_expect(f)))
    rng = random.Random(2026)
    for k in range(30):
        f = {"households": rng.choice([1, 1, 2, 3, 4, 5, 6, 12]), "violence": rng.random() < 0.15}
        if rng.random() < 0.5:
            f["people"] = rng.choice([1, 3, 9, 10, 25])
        if rng.random() < 0.5:
            f["amount"] = rng.choice([0, 800, 10000, 10001, 250000])
        if rng.random() < 0.4:
            f["petitions"] = rng.choice([0, 1, 2, 3, 7])
        for b in ["againstPropertyOrDeveloper", "vulnerable", "repeatReport"]:
            if rng.random() < 0.3:
                f[b] = rng.random() < 0.5
        colour, fired = grade(f)
        out.append(case(f"组合 {k + 1}：{colour}，{len(fired)} 条触发", "gradeDispute", f, grade_expect(f)))
    moments = [
        ("绿色：工作日上午上报", {}, "2026-12-02T10:00:00+08:00"),
        ("黄色：国庆前夜 23:59 上报，期限跨国庆到 10 月 10 日调休周六", {"households": 3}, "2026-09-30T23:59:00+08:00"),
        ("红色：国庆前夜 23:59 上报（响应按自然小时）", {"violence": True}, "2026-09-30T23:59:00+08:00"),
        ("黄色：春节前周五下班后上报，跨调休周六 2 月 14 日", {"repeatReport": True}, "2026-02-13T18:00:00+08:00"),
        ("黄色：周五 16:00 上报，工作小时跨周末", {"amount": 20000}, "2026-12-04T16:00:00+08:00"),
        ("红色：UTC 时间上报，换算为北京时间", {"households": 8}, "2026-12-02T01:30:00Z"),
        ("黄色：2 月 27 日上报，2 月 28 日调休周六计为工作日", {"households": 2}, "2026-02-27T09:00:00+08:00"),
        ("红色：劳动节前上报，跨 5 月 9 日调休", {"petitions": 4}, "2026-04-30T15:00:00+08:00"),
        ("绿色：节假日当天上报（自然小时不受节假日影响）", {}, "2026-10-03T20:00:00+08:00"),
        ("黄色：午休时间上报，从 14:00 起算", {"households": 2}, "2026-12-02T12:30:00+08:00"),
    ]
    for name, extra, at in moments:
        f = {**base, **extra}
        out.append(case(name, "gradeDispute", f, grade_expect(f, at), options={"reportedAt": at}))
    errs = [
        ("缺少必填事实 households", {"violence": False}, "MISSING_FIELD", "/households"),
        ("缺少必填事实 violence", {"households": 2}, "MISSING_FIELD", "/violence"),
        ("户数为字符串", {"households": "5", "violence": False}, "WRONG_TYPE", "/households"),
        ("户数为小数", {"households": 2.5, "violence": False}, "NOT_INTEGER", "/households"),
        ("户数为 0", {"households": 0, "violence": False}, "OUT_OF_RANGE", "/households"),
        ("金额为负", {"households": 1, "violence": False, "amount": -5}, "NEGATIVE", "/amount"),
        ("未声明的事实", {"households": 1, "violence": False, "rooms": 3}, "UNKNOWN_FIELD", "/rooms"),
        ("选项不存在", {"households": 1, "violence": False, "kind": "fight"}, "INVALID_VALUE", "/kind"),
        ("布尔事实写成字符串", {"households": 1, "violence": "否"}, "WRONG_TYPE", "/violence"),
        ("文字过长", {"households": 1, "violence": False, "summary": "字" * 501}, "OUT_OF_RANGE", "/summary"),
        ("事实不是对象", [1, 2], "WRONG_TYPE", ""),
    ]
    for name, f, code, path in errs:
        out.append(case(name, "gradeDispute", f, error={"code": code, "path": path}))
    out += [
        case("reportedAt 无时区", "gradeDispute", base, error={"code": "INVALID_DATE", "path": "/reportedAt"}, options={"reportedAt": "2026-12-02 10:00"}),
        case("年末黄色期限越过日历 → OUT_OF_CALENDAR", "gradeDispute", {"households": 2, "violence": False},
             error={"code": "OUT_OF_CALENDAR", "path": "/reportedAt"}, options={"reportedAt": "2026-12-29T10:00:00+08:00"}),
        case("未知选项键", "gradeDispute", base, error={"code": "UNKNOWN_FIELD", "path": "/at"}, options={"at": "2026-12-02T10:00:00+08:00"}),
    ]
    batch = [{"households": 1, "violence": False}, {"households": 6, "violence": False}, {"households": "x"}, {"households": 2, "violence": False}]
    out.append(case("批量：错误留在原位，其余照常分级", "gradeDisputes", batch, {
        "items": [{"colour": {"code": "green"}}, {"colour": {"code": "red"}}, {"error": {"index": 2, "code": "WRONG_TYPE", "path": "/2/households"}}, {"colour": {"code": "yellow"}}],
        "counts": [{"code": "green", "count": 1}, {"code": "yellow", "count": 1}, {"code": "red", "count": 1}], "invalid": 1}))
    out.append(case("批量带上报时间：每份都有期限", "gradeDisputes", batch[:2], {
        "items": [{"deadlines": deadlines("green", parse("2026-12-02T10:00:00+08:00"))}, {"deadlines": deadlines("red", parse("2026-12-02T10:00:00+08:00"))}]},
        options={"reportedAt": "2026-12-02T10:00:00+08:00"}))
    out.append(case("批量不是数组", "gradeDisputes", {"households": 1}, error={"code": "WRONG_TYPE", "path": ""}))
    out.append(case("空批量", "gradeDisputes", [], {"items": [], "invalid": 0}))
    # Compact: facts in declared order: households, people, amount, violence, petitions,
    # againstPropertyOrDeveloper, vulnerable, repeatReport, kind, source, summary.
    N = None
    rows = [[1, N, N, 0, N, N, N, N, N, N, N], [5, N, N, 0, N, N, N, N, N, N, N], [2, 3, 20000, 0, 1, 1, 0, 1, 2, 0, 1],
            [1, N, N, 1, N, N, N, N, N, N, N], [N, N, N, 0, N, N, N, N, N, N, N], [1, N, N, 2, N, N, N, N, N, N, N], [1, N, N, 0, N, N, N, N, 9, N, N]]
    out.append(case("紧凑接口：颜色序号与触发掩码，错误按序号列出", "gradeDisputesCompact", [x for r in rows for x in r], {
        "colours": [0, 2, 1, 2, 255, 255, 255],
        "fired": [0, 2 + 2 ** 4, 2 ** 4 + 2 ** 5 + 2 ** 6 + 2 ** 7, 1, 0, 0, 0], "words": 1,
        "errors": [{"index": 4, "code": "MISSING_FIELD", "path": "/4/households"}, {"index": 5, "code": "WRONG_TYPE", "path": "/5/violence"},
                   {"index": 6, "code": "INVALID_VALUE", "path": "/6/kind"}]}))
    out.append(case("紧凑接口：长度不是事实数的倍数", "gradeDisputesCompact", [1, 0, 0], error={"code": "INCONSISTENT", "path": ""}))
    out.append(case("紧凑接口：非数字", "gradeDisputesCompact", [1, "a"], error={"code": "WRONG_TYPE", "path": "/1"}))
    out.append(case("紧凑接口：空输入", "gradeDisputesCompact", [], {"colours": [], "fired": [], "errors": []}))
    out.append(case("表：事实、颜色、条件", "disputeTables", None, {
        "facts": [{"code": "households", "type": "integer", "unit": "户", "required": True, "min": 1}, {"code": "people"}, {"code": "amount", "unit": "元"},
                  {"code": "violence", "type": "boolean", "required": True}, {"code": "petitions"}, {"code": "againstPropertyOrDeveloper"},
                  {"code": "vulnerable"}, {"code": "repeatReport"}, {"code": "kind", "type": "choice"}, {"code": "source"}, {"code": "summary", "type": "text", "maxChars": 500}],
        "colours": [{"code": "green"}, {"code": "yellow"}, {"code": "red"}], "words": 1, "escalation": "resolveOverdue"}))
    # Status over time.
    def status(name, facts, reported, now, **more):
        c = {"facts": facts, "reportedAt": reported}
        c.update({k: v for k, v in more.items() if k in ("respondedAt", "resolvedAt", "id")})
        return c, now
    st = []
    f_green = {"households": 1, "violence": False}
    f_yellow = {"households": 3, "violence": False}
    f_red = {"households": 1, "violence": True}
    t0 = "2026-12-01T09:00:00+08:00"
    # green: respond 8 h (17:00), resolve 24 h → escalates to yellow at 12-02 09:00.
    yellow_from = parse("2026-12-02T09:00:00+08:00")
    yd = deadlines("yellow", yellow_from)
    st.append(case("绿色未超期：正常", "disputeStatus", {"facts": f_green, "reportedAt": t0, "respondedAt": "2026-12-01T10:00:00+08:00"},
                   {"colour": {"code": "green"}, "state": "onTrack", "response": "responded", "escalations": [], "remainingHours": 21}, options="2026-12-01T12:00:00+08:00"))
    st.append(case("绿色到 70% 预警", "disputeStatus", {"facts": f_green, "reportedAt": t0, "respondedAt": "2026-12-01T10:00:00+08:00"},
                   {"colour": {"code": "green"}, "state": "warning", "stateName": "预警"}, options="2026-12-02T02:00:00+08:00"))
    st.append(case("响应超期（未响应）", "disputeStatus", {"facts": f_green, "reportedAt": t0},
                   {"response": "overdue", "state": "warning"}, options="2026-12-01T17:01:00+08:00"))
    st.append(case("恰在化解期限：尚未升级", "disputeStatus", {"facts": f_green, "reportedAt": t0},
                   {"colour": {"code": "green"}, "escalations": [], "remainingHours": 0}, options="2026-12-02T09:00:00+08:00"))
    st.append(case("绿色超 24 小时未化解 → 升为黄色", "disputeStatus", {"id": "JF-001", "facts": f_green, "reportedAt": t0},
                   {"id": "JF-001", "graded": {"code": "green"}, "colour": {"code": "yellow"}, "handler": {"code": "mediationStudio"},
                    "escalations": [{"from": "green", "to": "yellow", "at": "2026-12-02T09:00:00+08:00"}],
                    "since": "2026-12-02T09:00:00+08:00", "deadlines": yd, "state": "onTrack", "response": "pending"}, options="2026-12-02T10:00:00+08:00"))
    red_from = parse(yd["resolveBy"])
    st.append(case("再超黄色期限 → 升为红色", "disputeStatus", {"facts": f_green, "reportedAt": t0},
                   {"colour": {"code": "red"}, "escalations": [{"to": "yellow"}, {"from": "yellow", "to": "red", "at": yd["resolveBy"]}],
                    "deadlines": deadlines("red", red_from)}, options="2026-12-08T09:00:00+08:00"))
    rd = deadlines("red", parse("2026-12-01T09:00:00+08:00"))
    st.append(case("红色超期：不再升级，标为超期", "disputeStatus", {"facts": f_red, "reportedAt": t0},
                   {"colour": {"code": "red"}, "escalations": [], "state": "overdue", "stateName": "超期", "deadlines": rd}, options="2026-12-09T09:00:00+08:00"))
    st.append(case("按期化解", "disputeStatus", {"facts": f_yellow, "reportedAt": t0, "respondedAt": "2026-12-01T11:00:00+08:00", "resolvedAt": "2026-12-03T16:00:00+08:00"},
                   {"state": "resolved", "stateName": "已化解", "resolvedOnTime": True, "escalations": []}, options="2026-12-10T09:00:00+08:00"))
    st.append(case("超期后化解：升级停在化解之时", "disputeStatus", {"facts": f_green, "reportedAt": t0, "resolvedAt": "2026-12-02T15:00:00+08:00"},
                   {"state": "resolved", "colour": {"code": "yellow"}, "resolvedOnTime": True, "escalations": [{"to": "yellow"}]}, options="2026-12-20T09:00:00+08:00"))
    st.append(case("黄色：国庆前夜上报，10 月 9 日仍在期限内", "disputeStatus", {"facts": f_yellow, "reportedAt": "2026-09-30T23:59:00+08:00"},
                   {"colour": {"code": "yellow"}, "escalations": [], "remainingWorkingHours": round(working_seconds(parse("2026-10-09T10:00:00+08:00"), parse("2026-10-10T17:30:00+08:00")) / 3600, 2)},
                   options="2026-10-09T10:00:00+08:00"))
    st.append(case("当前时间早于上报", "disputeStatus", {"facts": f_green, "reportedAt": t0}, error={"code": "INCONSISTENT", "path": "/now"}, options="2026-11-30T09:00:00+08:00"))
    st.append(case("化解时间晚于当前", "disputeStatus", {"facts": f_green, "reportedAt": t0, "resolvedAt": "2026-12-05T09:00:00+08:00"},
                   error={"code": "INCONSISTENT", "path": "/resolvedAt"}, options="2026-12-02T09:00:00+08:00"))
    st.append(case("响应时间早于上报", "disputeStatus", {"facts": f_green, "reportedAt": t0, "respondedAt": "2026-11-30T09:00:00+08:00"},
                   error={"code": "INCONSISTENT", "path": "/respondedAt"}, options="2026-12-02T09:00:00+08:00"))
    st.append(case("案件缺少上报时间", "disputeStatus", {"facts": f_green}, error={"code": "MISSING_FIELD", "path": "/reportedAt"}, options="2026-12-02T09:00:00+08:00"))
    st.append(case("案件事实错误带 /facts 路径", "disputeStatus", {"facts": {"households": -1, "violence": False}, "reportedAt": t0},
                   error={"code": "NEGATIVE", "path": "/facts/households"}, options="2026-12-02T09:00:00+08:00"))
    st.append(case("当前时间无效", "disputeStatus", {"facts": f_green, "reportedAt": t0}, error={"code": "INVALID_DATE", "path": "/now"}, options="明天"))
    st.append(case("案件多余字段", "disputeStatus", {"facts": f_green, "reportedAt": t0, "colour": "red"}, error={"code": "UNKNOWN_FIELD", "path": "/colour"}, options="2026-12-02T09:00:00+08:00"))
    out += st
    # Rulebook: validation and a community's own rules.
    P = "/disputes"
    out += [
        case("规则库：条件引用未声明的事实", "validateRulebook", None, [{"code": "INVALID_VALUE", "path": f"{P}/criteria/0/when/fact"}],
             rulebookPatch=[{"op": "set", "path": f"{P}/criteria/0/when", "value": {"fact": "weapons", "eq": True}}]),
        case("规则库：布尔事实用 gt 比较", "validateRulebook", None, [{"code": "WRONG_TYPE", "path": f"{P}/criteria/0/when/gt"}],
             rulebookPatch=[{"op": "set", "path": f"{P}/criteria/0/when", "value": {"fact": "violence", "gt": 0}}]),
        case("规则库：数字事实与字符串比较", "validateRulebook", None, [{"code": "WRONG_TYPE", "path": f"{P}/criteria/1/when/any/0/gte"}],
             rulebookPatch=[{"op": "set", "path": f"{P}/criteria/1/when/any/0/gte", "value": "5"}]),
        case("规则库：未知颜色", "validateRulebook", None, [{"code": "INVALID_VALUE", "path": f"{P}/criteria/0/colour"}],
             rulebookPatch=[{"op": "set", "path": f"{P}/criteria/0/colour", "value": "orange"}]),
        case("规则库：期限同时写两种单位", "validateRulebook", None, [{"code": "INVALID_VALUE", "path": f"{P}/colours/0/respond"}],
             rulebookPatch=[{"op": "set", "path": f"{P}/colours/0/respond", "value": {"hours": 8, "workingDays": 1}}]),
        case("规则库：未知比较符", "validateRulebook", None, [{"code": "UNKNOWN_FIELD", "path": f"{P}/criteria/2/when/atLeast"}],
             rulebookPatch=[{"op": "set", "path": f"{P}/criteria/2/when", "value": {"fact": "petitions", "atLeast": 3}}]),
        case("规则库：选项值不存在", "validateRulebook", None, [{"code": "INVALID_VALUE", "path": f"{P}/criteria/0/when/in/1"}],
             rulebookPatch=[{"op": "set", "path": f"{P}/criteria/0/when", "value": {"fact": "kind", "in": ["labour", "strike"]}}]),
        case("规则库：文字事实只能用 exists", "validateRulebook", None, [{"code": "WRONG_TYPE", "path": f"{P}/criteria/0/when/eq"}],
             rulebookPatch=[{"op": "set", "path": f"{P}/criteria/0/when", "value": {"fact": "summary", "eq": "打架"}}]),
        case("规则库：重复的条件代码", "validateRulebook", None, [{"code": "DUPLICATE", "path": f"{P}/criteria/1/code"}],
             rulebookPatch=[{"op": "set", "path": f"{P}/criteria/1/code", "value": "violence"}]),
        case("规则库：预警点超过 1", "validateRulebook", None, [{"code": "OUT_OF_RANGE", "path": f"{P}/colours/1/warnAt"}],
             rulebookPatch=[{"op": "set", "path": f"{P}/colours/1/warnAt", "value": 1.5}]),
        case("规则库：事实类型未知", "validateRulebook", None, [{"code": "INVALID_VALUE", "path": f"{P}/facts/0/type"}],
             rulebookPatch=[{"op": "set", "path": f"{P}/facts/0/type", "value": "date"}]),
        case("规则库：升级规则未知", "validateRulebook", None, [{"code": "INVALID_VALUE", "path": f"{P}/escalation/when"}],
             rulebookPatch=[{"op": "set", "path": f"{P}/escalation/when", "value": "always"}]),
        case("社区规则：新增劳资纠纷 → 黄色（表单随规则库变化）", "gradeDispute", {"households": 1, "violence": False, "kind": "labour"},
             {"colour": {"code": "yellow"}, "fired": [{"criterion": "labour", "colour": "yellow"}]},
             rulebookPatch=[{"op": "set", "path": f"{P}/criteria/8", "value": {"code": "labour", "colour": "yellow", "reason": "劳资纠纷", "when": {"fact": "kind", "in": ["labour"]}}}]),
        case("社区规则：not 与 all 组合", "gradeDispute", {"households": 1, "violence": False, "amount": 500},
             {"colour": {"code": "yellow"}, "fired": [{"criterion": "smallButNoSummary"}]},
             rulebookPatch=[{"op": "set", "path": f"{P}/criteria/8", "value": {"code": "smallButNoSummary", "colour": "yellow", "reason": "有金额但无情况说明",
                                                                          "when": {"all": [{"fact": "amount", "exists": True}, {"not": {"fact": "summary", "exists": True}}]}}}]),
        case("社区规则：从不升级", "disputeStatus", {"facts": {"households": 1, "violence": False}, "reportedAt": t0},
             {"colour": {"code": "green"}, "escalations": [], "state": "overdue"}, options="2026-12-05T09:00:00+08:00",
             rulebookPatch=[{"op": "set", "path": f"{P}/escalation/when", "value": "never"}]),
        case("社区规则：未响应即升级", "disputeStatus", {"facts": {"households": 1, "violence": False}, "reportedAt": t0},
             {"colour": {"code": "yellow"}, "escalations": [{"at": "2026-12-01T17:00:00+08:00"}]}, options="2026-12-01T18:00:00+08:00",
             rulebookPatch=[{"op": "set", "path": f"{P}/escalation/when", "value": "respondOverdue"}]),
        case("无日历且期限按工作日 → SECTION_MISSING（calendar）", "gradeDispute", {"households": 2, "violence": False},
             error={"code": "SECTION_MISSING", "path": "/calendar"}, options={"reportedAt": "2026-12-02T10:00:00+08:00"},
             rulebookPatch=[{"op": "remove", "path": "/calendar"}]),
        case("无日历、期限全按自然小时：照常给出期限", "gradeDispute", {"households": 2, "violence": False},
             {"colour": {"code": "yellow"}, "deadlines": {"respondBy": "2026-12-02T14:00:00+08:00", "resolveBy": "2026-12-05T10:00:00+08:00"}},
             options={"reportedAt": "2026-12-02T10:00:00+08:00"},
             rulebookPatch=[{"op": "remove", "path": "/calendar"}, {"op": "set", "path": f"{P}/colours/1/respond", "value": {"hours": 4}},
                            {"op": "set", "path": f"{P}/colours/1/resolve", "value": {"hours": 72}},
                            {"op": "set", "path": f"{P}/colours/2/resolve", "value": {"hours": 120}}]),
        case("没有 disputes 部分 → SECTION_MISSING", "gradeDispute", {"households": 1}, error={"code": "SECTION_MISSING", "path": "/disputes"},
             rulebookPatch=[{"op": "remove", "path": "/disputes"}]),
    ]
    return out


# Rules a JSON Schema cannot state (references between fields, dates against the covered
# years): the schema accepts these rulebooks, the engine does not.
CROSS_FIELD = ['规则库：调休上班日本是工作日 → INCONSISTENT', '规则库：假期不在覆盖年份 → OUT_OF_CALENDAR', '规则库：工作时段重叠 → INCONSISTENT', '规则库：年份不连续', '规则库：假期与调休重叠 → DUPLICATE', '规则库：条件引用未声明的事实', '规则库：布尔事实用 gt 比较', '规则库：未知颜色', '规则库：选项值不存在', '规则库：文字事实只能用 exists', '规则库：重复的条件代码']


def write(name, description, cases):
    for c in cases:
        if c["name"] in CROSS_FIELD:
            c["crossField"] = True
    doc = {"description": description, "cases": cases}
    text = json.dumps(doc, ensure_ascii=False, indent=1)
    (ROOT / "tests" / "vectors" / f"{name}.json").write_text(text + "\n", encoding="utf-8")
    print(name, len(cases))


write("calendar", "The working-day calendar (DOMAIN, working-day calendar): 2026 holidays and 调休 of the State Council notice, working hours 08:30–12:00 and 14:00–17:30, a community's local days; the section's validation. Generated by scripts/gen-dispute-vectors.py from its own oracle.", calendar_cases())
write("disputes", "三色预警 (DOMAIN §3): every default criterion alone and in combination, boundaries, deadlines across 国庆 and the 调休 Saturdays, warnings and escalations, the batch and compact paths, errors with paths, and the section's validation. Generated by scripts/gen-dispute-vectors.py from its own oracle.", disputes_cases())
