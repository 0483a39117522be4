"""Demo section: the clean-up campaign of the community's account.

"社区积极组织市、区包保单位、社区、小组100余名志愿者经过数十天的持续整治" —
about 40 days of daily entries ending a few weeks before today, a hundred
or so named volunteers (residents from the registry and staff of the
partner units), and totals like the account's: about 30 illegal structures
demolished, 80 tonnes of garbage, 600 m² of small ads, 50 m of drains,
1,200 m² of greening, 800 m² of paving, 120 parking bays, 20 benches, 8
drying racks and some 60 万元 invested. Goals are set so that some are met
and some not quite. A second, smaller campaign is still running.

Everything is drawn from ``ctx.rng`` and dated relative to ``ctx.today``.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal

from core import campaigns, photos
from core.campaigns import CampaignForm, EntryForm, VolunteerForm
from core.campaigns import metrics as cm
from core.demo import campaign_photos as demo_campaign_photos
from core.demo.context import GIVEN_FEMALE, GIVEN_MALE, SURNAMES, DemoContext
from core.ledger import Ledger

CAMPAIGN = "弃管小区环境综合整治"
DAYS = 40
ENDED_DAYS_AGO = 24

#: Partner units: name, kind, staff who come by name.
PARTNERS: tuple[tuple[str, str, int], ...] = (
    ("市城市管理局", "市直单位", 11),
    ("市住房和城乡建设局", "市直单位", 8),
    ("区城市管理局", "区直单位", 10),
    ("区住房和城乡建设局", "区直单位", 8),
    ("区文明办", "区直单位", 5),
    ("新华街道办事处", "街道", 7),
    ("幸福路社区", "社区", 8),
    ("小区居民志愿队", "居民志愿队", 0),
    ("红星机械厂破产清算组", "其他", 3),
)
RESIDENT_VOLUNTEERS = 44

#: metric key → (total, first day, last day) of the main campaign.
WORK: dict[str, tuple[str, int, int]] = {
    "demolish": ("31", 0, 12),
    "garbage": ("82.5", 0, 39),
    "ads": ("612.5", 1, 20),
    "drains": ("52", 9, 22),
    "greening": ("1236", 23, 39),
    "paving": ("816", 13, 30),
    "parking": ("126", 27, 38),
    "benches": ("20", 31, 39),
    "racks": ("8", 29, 36),
    "vegetables": ("14", 2, 11),
}
INVESTMENT = "61.35"
COSTLY = ("paving", "greening", "parking", "benches", "racks", "drains")

GOALS: dict[str, str] = {
    "demolish": "30", "garbage": "80", "ads": "600", "drains": "60", "greening": "1500",
    "paving": "800", "parking": "130", "benches": "20", "racks": "8", "investment": "60",
    "vegetables": "12",
}

#: Where each kind of work happens; "unit" and "building" draw from the registry.
PLACES: dict[str, tuple[str, ...]] = {
    "demolish": ("building", "unit", "北侧围墙边", "锅炉房旧址"),
    "garbage": ("building", "北侧绿化带", "锅炉房旧址", "东门垃圾点"),
    "ads": ("unit",),
    "drains": ("3栋至5栋之间下水沟", "北侧排水沟", "东门入口"),
    "greening": ("北侧绿化带", "中心花园", "东侧围墙边", "building"),
    "paving": ("主干道", "东门入口", "6栋北侧小路", "building"),
    "parking": ("东门停车区", "主干道两侧", "6栋北侧空地"),
    "benches": ("中心花园", "1栋南侧休闲区"),
    "racks": ("7栋南侧晾晒区", "2栋南侧晾晒区"),
    "vegetables": ("北侧绿化带", "building"),
}

NOTES: dict[str, str] = {
    "demolish": "违建棚屋、鸡舍由户主配合拆除，调解组上门做工作",
    "vegetables": "铲除占用绿化带的小菜地，土方回填",
    "racks": "原私拉晾衣绳一并清除",
    "parking": "按规范划线，消防通道留空",
}


def section(ledger: Ledger, ctx: DemoContext) -> None:
    """Add the account's campaign and a running one to the demo ledger."""
    ledger.write("demo.campaigns", campaigns.ALL_TABLES | photos.PHOTO_TABLES,
                 lambda _db: _build(ledger, ctx))


def _build(ledger: Ledger, ctx: DemoContext) -> None:
    rng = ctx.rng
    community = ctx.community_id
    vegetables = cm.add_custom_metric(ledger, community, "铲除小菜地", "处", 0)
    keys = {"vegetables": vegetables}
    units: dict[str, str] = {}
    for name, kind, _staff in PARTNERS:
        units[name] = campaigns.add_partner_unit(ledger, community, name, kind)
    pool = _volunteer_pool(rng, ctx, units)
    places = campaigns.place_choices(ledger.db, community)
    end = ctx.today - datetime.timedelta(days=ENDED_DAYS_AGO)
    start = end - datetime.timedelta(days=DAYS - 1)
    goals = {keys.get(k, k): Decimal(v) for k, v in GOALS.items()}
    campaign_id = campaigns.create_campaign(ledger, community, CampaignForm(
        CAMPAIGN, start, end, "幸福路社区党委",
        "以创建全国文明城市为契机，社区牵头，市、区包保单位和居民志愿者共同参与；"
        "重点整治私搭乱建、乱堆乱放、占用绿化带和楼道小广告。",
        tuple(units.values()), goals))

    rest_days = set(rng.sample(range(5, DAYS - 1), 4))  # rain, and the weekend of the inspection
    work_days = [d for d in range(DAYS) if d not in rest_days]
    daily: dict[int, dict[str, Decimal]] = {d: {} for d in work_days}
    for key, (total, first, last) in WORK.items():
        days = [d for d in work_days if first <= d <= last]
        for day, amount in _spread(rng, Decimal(total), days, cm.metric_map(ledger.db)[keys.get(key, key)]).items():
            daily[day][key] = amount
    costly_days = [d for d in work_days if any(k in daily[d] for k in COSTLY)]
    investment = next(m for m in cm.BUILTIN_METRICS if m.key == "investment")
    for day, amount in _spread(rng, Decimal(INVESTMENT), costly_days, investment).items():
        daily[day]["investment"] = amount

    order = list(pool)
    rng.shuffle(order)
    cursor = 0
    logged: list[tuple[str, str, str, datetime.date]] = []
    for day in work_days:
        jobs = _jobs(rng, daily[day])
        for job in jobs:
            place = _place(rng, PLACES[job[0]], places)
            quantities = {keys.get(k, k): daily[day][k] for k in job}
            named: list[VolunteerForm] = []
            wanted = rng.randint(5, 11)
            while len(named) < wanted:
                person = order[cursor % len(order)] if cursor < len(order) else rng.choice(order)
                cursor += 1
                if any(v.name == person.name and v.partner_unit_id == person.partner_unit_id for v in named):
                    continue
                hours = Decimal(rng.choice((2, 2.5, 3, 3, 3.5, 4, 4, 5))).quantize(Decimal("0.1"))
                named.append(VolunteerForm(person.name, hours, person.resident_id, person.partner_unit_id))
            note = next((NOTES[k] for k in job if k in NOTES and rng.random() < 0.4), "")
            date = start + datetime.timedelta(days=day)
            entry_id = campaigns.save_entry(ledger, campaign_id, EntryForm(
                date, place, (), tuple(named), len(named) + rng.randint(4, 22), quantities, note),
                today=ctx.today)
            logged.append((entry_id, job[0], place, date))

    _photos(ledger, rng, logged)
    _running_campaign(ledger, ctx, units, pool, places)


#: Kinds of work whose entries get before/after photos, one entry each.
PHOTO_KINDS = ("demolish", "garbage", "ads", "vegetables", "paving", "greening", "parking", "racks")


def _photos(ledger: Ledger, rng: random.Random, logged: list[tuple[str, str, str, datetime.date]]) -> None:
    """Before and after pictures on one entry of each kind of work."""
    for kind in PHOTO_KINDS:
        entry = next((e for e in logged if e[1] == kind), None)
        if entry is None:
            continue
        entry_id, _kind, place, date = entry
        when = f"{date.month}月{date.day}日"
        place_seed = rng.randrange(1 << 30)
        for slot, word, after, hour in ((campaigns.PHOTO_BEFORE, "整治前", False, 8),
                                        (campaigns.PHOTO_AFTER, "整治后", True, 16)):
            caption = f"{word} · {place} · {when}"
            taken = datetime.datetime.combine(date, datetime.time(hour, rng.randint(0, 59)))
            photos.add_photo(ledger, demo_campaign_photos.scene(rng, kind, after, caption, place_seed, taken),
                             owner_kind=campaigns.PHOTO_OWNER, owner_id=entry_id, slot=slot,
                             caption=caption, name=f"{word}.jpg")


class _Person:
    def __init__(self, name: str, resident_id: str | None, partner_unit_id: str) -> None:
        self.name, self.resident_id, self.partner_unit_id = name, resident_id, partner_unit_id


def _volunteer_pool(rng: random.Random, ctx: DemoContext, units: dict[str, str]) -> list[_Person]:
    """Named volunteers: partner units' staff and residents of the compound."""
    pool: list[_Person] = []
    used: set[str] = set()
    for name, _kind, staff in PARTNERS:
        for _ in range(staff):
            while True:
                pool_name = rng.choice(SURNAMES) + rng.choice(rng.choice((GIVEN_MALE, GIVEN_FEMALE)))
                if rng.random() < 0.6:
                    pool_name += rng.choice(GIVEN_MALE + GIVEN_FEMALE)
                if pool_name not in used:
                    used.add(pool_name)
                    break
            pool.append(_Person(pool_name, None, units[name]))
    party = set(ctx.party_member_ids)
    adults = [r for r in ctx.residents if 30 <= r[2] <= 72]
    adults.sort(key=lambda r: (r[0] not in party, r[0]))  # party members first, as in the account
    chosen = adults[:8] + rng.sample(adults[8:], RESIDENT_VOLUNTEERS - 8)
    team = units["小区居民志愿队"]
    pool.extend(_Person(name, resident_id, team) for resident_id, name, *_rest in chosen)
    return pool


def _spread(rng: random.Random, total: Decimal, days: list[int], metric: cm.Metric) -> dict[int, Decimal]:
    """``total`` split over ``days`` in the metric's steps, unevenly, summing exactly."""
    if not days:
        return {}
    steps = int(total / metric.step)
    weights = [rng.uniform(0.3, 1.7) for _ in days]
    scale = sum(weights)
    shares = [int(steps * w / scale) for w in weights]
    for n in sorted(range(len(days)), key=lambda i: -weights[i])[: steps - sum(shares)]:
        shares[n] += 1
    return {day: share * metric.step for day, share in zip(days, shares) if share}


def _jobs(rng: random.Random, work: dict[str, Decimal]) -> list[list[str]]:
    """The day's work split into one to three entries; investment goes with costly work."""
    keys = [k for k in work if k != "investment"]
    rng.shuffle(keys)
    count = min(len(keys), rng.choice((1, 2, 2, 3)))
    jobs = [keys[n::count] for n in range(count)] if keys else [["garbage"]]
    if "investment" in work:
        costly = next((job for job in jobs if any(k in COSTLY for k in job)), jobs[0])
        costly.append("investment")
    return [job for job in jobs if job]


def _place(rng: random.Random, options: tuple[str, ...], places: list[campaigns.Place]) -> str:
    choice = rng.choice(options)
    if choice == "unit":
        return rng.choice([p for p in places if p.unit_id]).label
    if choice == "building":
        return rng.choice([p for p in places if not p.unit_id]).label
    return choice


def _running_campaign(ledger: Ledger, ctx: DemoContext, units: dict[str, str],
                      pool: list[_Person], places: list[campaigns.Place]) -> None:
    """A smaller campaign that started a week ago and runs two more weeks."""
    rng = ctx.rng
    start = ctx.today - datetime.timedelta(days=8)
    team, community = units["小区居民志愿队"], units["幸福路社区"]
    campaign_id = campaigns.create_campaign(ledger, ctx.community_id, CampaignForm(
        "创文迎检楼道清理", start, ctx.today + datetime.timedelta(days=14), "幸福路社区",
        "迎接文明城市复检：清理楼道小广告和堆放杂物，每个单元至少清理一次。",
        (community, team), {"ads": Decimal(240), "garbage": Decimal(6)}))
    residents = [p for p in pool if p.partner_unit_id == team]
    staff = [p for p in pool if p.partner_unit_id == community]
    stairwells = [p for p in places if p.unit_id]
    for day in range(0, 8, 2):
        people = rng.sample(residents, 4) + rng.sample(staff, 2)
        for unit in rng.sample(stairwells, 2):
            campaigns.save_entry(ledger, campaign_id, EntryForm(
                start + datetime.timedelta(days=day), unit.label, (),
                tuple(VolunteerForm(p.name, Decimal(2), p.resident_id, p.partner_unit_id) for p in people),
                len(people) + rng.randint(0, 3),
                {"ads": Decimal(rng.randint(12, 30)), "garbage": Decimal(rng.randint(2, 6)) / 10}),
                today=ctx.today)
