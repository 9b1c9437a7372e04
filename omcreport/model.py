"""The validated content model: frozen, typed, and the only thing past validation.

Nothing here parses or validates; `omcreport.load` builds these objects from YAML that
has passed every rule of FORMAT.md. Timestamps are timezone-aware `datetime`s carrying
the offset written in the source; dates are `date`s. Derived facts that FORMAT.md or
ANALYTICS.md define once (status, closed, current visit) are properties here so every
consumer reads the same definition.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal

from omcreport.vocabulary import DEFAULT_HEALTH


@dataclass(frozen=True, slots=True)
class SourceRef:
    """Where a thing was written: for messages and cross-file rules."""

    path: str
    line: int
    col: int = 1


def locale_candidates(locale: str) -> tuple[str, str]:
    """How a locale looks itself up, lower case: the full tag, then its language."""
    wanted = locale.replace("_", "-").lower()
    return wanted, wanted.split("-")[0]


@dataclass(frozen=True, slots=True)
class Localized:
    """A text that may differ per locale: a plain string applies to every locale.

    Lookup order (FORMAT.md "Locales"): full tag, then language, then `en`, then the
    plain string.
    """

    plain: str | None = None
    by_locale: tuple[tuple[str, str], ...] = ()

    def get(self, locale: str) -> str:
        return self.resolve(locale)[0]

    def resolve(self, locale: str) -> tuple[str, str | None]:
        """The text for `locale` and the tag it was written under (None: the plain string)."""
        table = {tag.lower(): (text, tag) for tag, text in self.by_locale}
        for candidate in (*locale_candidates(locale), "en"):
            if candidate in table:
                return table[candidate]
        if self.plain is not None:
            return self.plain, None
        if self.by_locale:
            tag, text = self.by_locale[0]
            return text, tag
        return "", None

    @classmethod
    def of(cls, value: str | Mapping[str, str]) -> Localized:
        if isinstance(value, str):
            return cls(plain=value)
        return cls(by_locale=tuple(sorted(value.items())))


@dataclass(frozen=True, slots=True)
class Stage:
    """One stage of the Order Management Cycle, after stages.yaml overrides."""

    key: str
    index: int  # 1..10, catalogue order
    name: str
    customer_label: Localized | None
    customer_description: Localized | None
    public: bool
    target: int | None  # seconds; None = no target
    # The customer's wording per progress state (STEP_STATES); a state without one reads
    # `customer_label`.
    state_labels: tuple[tuple[str, Localized], ...] = ()

    def state_label(self, state: str, locale: str) -> str | None:
        for name, text in self.state_labels:
            if name == state:
                return text.get(locale) or None
        return self.customer_label.get(locale) if self.customer_label is not None else None


@dataclass(frozen=True, slots=True)
class Catalogue:
    stages: tuple[Stage, ...]

    def __getitem__(self, key: str) -> Stage:
        for stage in self.stages:
            if stage.key == key:
                return stage
        raise KeyError(key)

    def __contains__(self, key: object) -> bool:
        return any(stage.key == key for stage in self.stages)

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(stage.key for stage in self.stages)

    def index(self, key: str) -> int:
        return self[key].index

    def is_public(self, key: str) -> bool:
        return self[key].public


@dataclass(frozen=True, slots=True)
class Contact:
    email: str | None = None
    phone: str | None = None
    url: str | None = None


@dataclass(frozen=True, slots=True)
class ReportsConfig:
    paper: str = "A4"
    author: str | None = None


@dataclass(frozen=True, slots=True)
class Logo:
    """The brand logo's bytes, checked to be an image of `extension`'s kind."""

    data: bytes
    extension: str  # png | jpg | webp


@dataclass(frozen=True, slots=True)
class Brand:
    logo: Logo | None = None
    accent: str | None = None  # #rrggbb, readable on the light page


@dataclass(frozen=True, slots=True)
class Site:
    name: str
    base_url: str  # absolute http(s) URL ending in "/"
    locale: str = "en"
    timezone: str = "UTC"
    contact: Contact = field(default_factory=Contact)  # the site locale's block
    departments: tuple[str, ...] | None = None
    reports: ReportsConfig = field(default_factory=ReportsConfig)
    contacts: tuple[tuple[str, Contact], ...] = ()  # per locale tag, when written so
    brand: Brand = field(default_factory=Brand)  # public
    retention_seconds: int | None = None  # orders closed longer ago get no public page

    def contact_for(self, locale: str) -> Contact:
        """The contact block of a page in `locale`: full tag, then language, then the site's."""
        table = {tag.lower(): contact for tag, contact in self.contacts}
        for candidate in locale_candidates(locale):
            if candidate in table:
                return table[candidate]
        return self.contact


@dataclass(frozen=True, slots=True)
class Event:
    at: datetime
    note: str  # inline Markdown
    public: bool = False


@dataclass(frozen=True, slots=True)
class Visit:
    stage: str
    started: datetime
    owner: str
    customer_in_view: str  # one of CUSTOMER_IN_VIEW_LEVELS
    ended: datetime | None = None
    due: datetime | None = None
    people: tuple[str, ...] = ()
    public_note: str | None = None  # inline Markdown, public
    events: tuple[Event, ...] = ()
    notes: str | None = None  # internal Markdown

    @property
    def is_open(self) -> bool:
        return self.ended is None


@dataclass(frozen=True, slots=True)
class Money:
    amount: Decimal
    currency: str  # ISO 4217


@dataclass(frozen=True, slots=True)
class Customer:
    display_name: str
    segment: str | None = None
    email: str | None = None  # internal: where change notifications go


@dataclass(frozen=True, slots=True)
class Item:
    name: str
    quantity: int = 1


@dataclass(frozen=True, slots=True)
class Shipment:
    carrier: str
    shipped: datetime
    tracking_number: str | None = None
    tracking_url: str | None = None  # https: only
    delivered: datetime | None = None


@dataclass(frozen=True, slots=True)
class Action:
    label: str  # inline Markdown, public
    url: str  # https: or mailto:


@dataclass(frozen=True, slots=True)
class PublicInfo:
    token: str
    locale: str | None = None  # as written; Journey.locale is the resolved one
    timezone: str | None = None  # as written; Journey.timezone is the resolved one
    health: str = DEFAULT_HEALTH  # as written
    expected: date | None = None
    health_note: str | None = None  # inline Markdown, public
    health_since: datetime | None = None  # when `health` as written took effect
    next_update: datetime | None = None
    action: Action | None = None
    items: tuple[Item, ...] = ()
    shipments: tuple[Shipment, ...] = ()  # in the order they left


@dataclass(frozen=True, slots=True)
class Journey:
    order: str
    title: str
    customer: Customer
    visits: tuple[Visit, ...]
    locale: str  # resolved: public.locale, else site.yaml's
    timezone: str  # resolved: public.timezone, else site.yaml's
    followed_by: str | None = None
    status_written: str | None = None
    closed_written: datetime | None = None
    placed: datetime | None = None
    promised: date | None = None
    value: Money | None = None
    public: PublicInfo | None = None
    source: SourceRef | None = None

    @property
    def status(self) -> str:
        """ANALYTICS.md: as written; absent, open while a visit is open, else completed."""
        if self.status_written is not None:
            return self.status_written
        return "open" if self.open_visit is not None else "completed"

    @property
    def closed(self) -> datetime | None:
        """As written; absent for a completed or cancelled journey, the latest `ended`."""
        if self.status == "open":
            return None
        if self.closed_written is not None:
            return self.closed_written
        ends = [visit.ended for visit in self.visits if visit.ended is not None]
        return max(ends) if ends else None

    @property
    def open_visit(self) -> Visit | None:
        for visit in self.visits:
            if visit.ended is None:
                return visit
        return None

    @property
    def health(self) -> str | None:
        """Public health; a cancelled journey's health is `cancelled` whatever is written."""
        if self.public is None:
            return None
        if self.status == "cancelled":
            return "cancelled"
        return self.public.health


@dataclass(frozen=True, slots=True)
class Observation:
    id: str
    title: str
    stage: str
    observed: date
    source: str
    severity: str
    body: str  # internal Markdown
    status: str
    orders: tuple[str, ...] = ()  # canonical spelling: the journey's `order`
    tags: tuple[str, ...] = ()
    recommendation: str | None = None
    owner: str | None = None
    source_ref: SourceRef | None = None


@dataclass(frozen=True, slots=True)
class Notice:
    id: str
    title: Localized
    stages: tuple[str, ...]
    impact: str
    started: datetime
    body: Localized  # public Markdown, per locale
    resolved: datetime | None = None
    source: SourceRef | None = None

    @property
    def ongoing(self) -> bool:
        return self.resolved is None


@dataclass(frozen=True, slots=True)
class Content:
    """Everything one content folder says, validated. Journeys sorted by order."""

    site: Site
    catalogue: Catalogue
    journeys: tuple[Journey, ...] = ()
    observations: tuple[Observation, ...] = ()
    notices: tuple[Notice, ...] = ()
