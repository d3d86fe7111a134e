"""A change that covers part of an existing interval splits it, and the old view stays readable."""

from datetime import date

from territorial.domain.entity import EntityKind
from territorial.rules.resolution import Resolver
from territorial.service.audit import audit_trail
from territorial.store import load_master_data
from tests.acceptance.clock import start_of
from tests.scenario.books import north_south

MARCH = """
    contact_id,name,zone,valid_from,valid_to
    OLA,Ola Reyes,south,2025-03-01,2025-04-01
"""


def territory_on(book, day, known_at=None):
    resolver = Resolver(load_master_data(book.workspace.engine, known_at))
    subject = resolver.entity_subject(EntityKind.CONTACT, "OLA", day)
    return resolver.resolve("US_RETAIL", subject).territory


def test_portion_update_splits_the_open_interval(book):
    clock = north_south(book)
    clock.set(date(2025, 5, 2))

    book.load("contacts", "march.csv", MARCH)

    versions = load_master_data(book.workspace.engine).contacts["OLA"].items
    assert [(str(v.period), v.attributes["zone"]) for v in versions] == [
        ("[1900-01-01, 2025-03-01)", "north"),
        ("[2025-03-01, 2025-04-01)", "south"),
        ("[2025-04-01, open)", "north"),
    ]


def test_portion_update_moves_only_its_days(book):
    clock = north_south(book)
    clock.set(date(2025, 5, 2))

    book.load("contacts", "march.csv", MARCH)

    assert territory_on(book, date(2025, 2, 28)) == "NORTH"
    assert territory_on(book, date(2025, 3, 15)) == "SOUTH"
    assert territory_on(book, date(2025, 4, 1)) == "NORTH"


def test_before_the_update_was_recorded_march_is_north(book):
    clock = north_south(book)
    clock.set(date(2025, 5, 2))

    book.load("contacts", "march.csv", MARCH)

    assert territory_on(book, date(2025, 3, 15), start_of(date(2025, 5, 1))) == "NORTH"


def test_portion_update_is_audited_with_before_and_after(book):
    clock = north_south(book)
    clock.set(date(2025, 5, 2))

    book.load("contacts", "march.csv", MARCH)

    [entry] = audit_trail(book.workspace, entity_kind="contact", entity_id="OLA", since=start_of(date(2025, 5, 2)))
    assert entry.action == "change"
    assert [v["attributes"]["zone"] for v in entry.before] == ["north"]
    assert [v["attributes"]["zone"] for v in entry.after] == ["north", "south", "north"]
    assert entry.reason.startswith("load ")
