"""What came of a dinner, for its organiser: the counts, the asks still open, the business
reported, and the reciprocity ledger across the organiser's dinners; as rows for CSV and PDF."""

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from fpdf import FPDF
from sqlalchemy import select

from planner.extensions import db
from planner.lifecycle.outcomes import asks_of, business_outcomes, ledger, unserved_asks
from planner.models import Dinner, Introduction, IntroStatus, Invitation, Outcome, OutcomeKind
from planner.models.outcome import AMOUNT_BANDS

# The lead may swap this for planner.printables.fonts.find_font() once both are merged.
FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
NEXT_LINE = {"new_x": "LMARGIN", "new_y": "NEXT"}


@dataclass(frozen=True)
class OpenAsk:
    """An ask nobody has served yet, with what its table-mates answered so far."""

    asker: Invitation
    ask: str
    requested_from: tuple[str, ...]  # whom the asker asked for an introduction
    not_for: tuple[str, ...]  # who said "not for me / I don't know anyone"


@dataclass(frozen=True)
class DinnerReport:
    dinner: Dinner
    asks: int
    asks_answered: int
    offered: int
    made: int
    declined: int
    waiting: int
    requested: int
    booked: int
    not_a_fit: int
    not_for_me: int
    business: int
    business_bands: dict[str, int] = field(default_factory=dict)
    open_asks: list[OpenAsk] = field(default_factory=list)

    def counts(self) -> list[tuple[str, int]]:
        """Return (label, count) in the order the organiser reads them."""
        return [
            ("Asks made", self.asks),
            ("Asks answered", self.asks_answered),
            ("Asks still open", len(self.open_asks)),
            ("Introductions offered", self.offered),
            ("Introductions made", self.made),
            ("Introductions declined", self.declined),
            ("Introductions waiting for a yes", self.waiting),
            ("“Please introduce me” requests", self.requested),
            ("1:1s booked", self.booked),
            ("“Not a fit”", self.not_a_fit),
            ("“Not for me / I don't know anyone”", self.not_for_me),
            ("Business reported", self.business),
        ]


def _outcomes(dinner: Dinner, kind: OutcomeKind) -> list[Outcome]:
    return list(
        db.session.scalars(
            select(Outcome).where(Outcome.dinner_id == dinner.id, Outcome.kind == kind)
        )
    )


def _pairs(outcomes: list[Outcome]) -> int:
    # Both sides may report the same meeting: count pairs, not clicks.
    return len({frozenset((o.actor_id, o.other_id)) for o in outcomes})


def dinner_report(dinner: Dinner) -> DinnerReport:
    """Return everything the organiser's report shows for one dinner."""
    intros = list(
        db.session.scalars(select(Introduction).where(Introduction.dinner_id == dinner.id))
    )
    statuses = Counter(intro.status for intro in intros)
    self_reported = _outcomes(dinner, OutcomeKind.INTRODUCED)
    requested = _outcomes(dinner, OutcomeKind.INTRO_REQUESTED)
    not_for_me = _outcomes(dinner, OutcomeKind.NOT_FOR_ME)
    business = business_outcomes(dinner.id)
    open_asks = _open_asks(dinner, requested, not_for_me)
    asks = sum(len(asks_of(person)) for person in dinner.accepted)
    return DinnerReport(
        dinner=dinner,
        asks=asks,
        asks_answered=asks - len(open_asks),
        offered=len(intros) + len(self_reported),
        made=statuses[IntroStatus.MADE] + len(self_reported),
        declined=statuses[IntroStatus.DECLINED],
        waiting=statuses[IntroStatus.ASKED],
        requested=len(requested),
        booked=_pairs(_outcomes(dinner, OutcomeKind.BOOKED)),
        not_a_fit=len(_outcomes(dinner, OutcomeKind.NOT_A_FIT)),
        not_for_me=len(not_for_me),
        business=_pairs(business),
        business_bands=_bands(business),
        open_asks=open_asks,
    )


def _bands(business: list[Outcome]) -> dict[str, int]:
    deals = {frozenset((o.actor_id, o.other_id)): o.amount_band for o in business}
    counted = Counter(deals.values())
    return {AMOUNT_BANDS[band]: counted[band] for band in AMOUNT_BANDS if counted[band]}


def _open_asks(dinner: Dinner, requested: list[Outcome], not_for_me: list[Outcome]):
    result = []
    for person in dinner.accepted:
        for ask in unserved_asks(person):
            asked = tuple(o.other.name for o in requested if o.actor_id == person.id)
            declined = tuple(
                o.actor.name for o in not_for_me if o.other_id == person.id and o.ask == ask
            )
            result.append(OpenAsk(person, ask, asked, declined))
    return result


def report_rows(report: DinnerReport) -> tuple[list[str], list[list[object]]]:
    """Return a header and rows for the CSV: the counts, then one row per open ask."""
    rows: list[list[object]] = [["Count", label, value, ""] for label, value in report.counts()]
    rows += [["Business by amount", band, n, ""] for band, n in report.business_bands.items()]
    for item in report.open_asks:
        answers = "; ".join(
            [f"asked {name}" for name in item.requested_from]
            + [f"not for {name}" for name in item.not_for]
        )
        rows.append(["Open ask", item.asker.name, item.ask, answers])
    return ["Section", "What", "Value", "Answers so far"], rows


def report_pdf(report: DinnerReport, now: datetime) -> bytes:
    """Return the report as an A4 PDF."""
    pdf = FPDF(format="A4")
    family, text = _font(pdf)
    pdf.add_page()
    pdf.set_font(family, size=16)
    pdf.multi_cell(0, 9, text(f"{report.dinner.title}: what the dinner led to"), **NEXT_LINE)
    pdf.set_font(family, size=9)
    pdf.cell(0, 6, f"Report of {report.dinner.local(now):%d %b %Y}", **NEXT_LINE)
    pdf.ln(3)
    pdf.set_font(family, size=11)
    lines = report.counts() + [(f"   {band}", n) for band, n in report.business_bands.items()]
    for label, value in lines:
        pdf.cell(120, 7, text(label))
        pdf.cell(0, 7, str(value), **NEXT_LINE)
    if report.open_asks:
        pdf.ln(4)
        pdf.set_font(family, size=13)
        pdf.cell(0, 8, "Asks still open", **NEXT_LINE)
        pdf.set_font(family, size=10)
        for item in report.open_asks:
            pdf.multi_cell(0, 6, text(f"{item.asker.name}: {item.ask}"), **NEXT_LINE)
    return bytes(pdf.output())


def _font(pdf: FPDF):
    """Return a font family and a text cleaner: Unicode where the machine has a TTF."""
    if FONT.exists():
        pdf.add_font("Body", fname=str(FONT))
        return "Body", str
    # PDF core fonts only know Latin-1: show what they can rather than fail.
    return "Helvetica", lambda value: value.encode("latin-1", "replace").decode("latin-1")


@dataclass(frozen=True)
class PersonLedger:
    """One person's introductions and business across an organiser's dinners."""

    name: str
    email: str
    dinners: int
    given: int
    received: int
    business_given: int
    business_received: int


def organiser_ledger(dinners: list[Dinner]) -> list[PersonLedger]:
    """Return given vs received introductions and business per person, across dinners."""
    totals: dict[str, list] = {}
    for dinner in dinners:
        for row in ledger(dinner):
            person = row.invitation
            entry = totals.setdefault(person.email.lower(), [person.name, 0, 0, 0, 0, 0])
            entry[0] = person.name
            entry[1] += 1
            for n, value in enumerate(
                (row.given, row.received, row.business_given, row.business_received), start=2
            ):
                entry[n] += value
    rows = [PersonLedger(values[0], email, *values[1:]) for email, values in totals.items()]
    return sorted(rows, key=lambda r: (-(r.given + r.received), r.name))
