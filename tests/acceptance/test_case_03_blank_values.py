import pytest

from territorial.domain.entity import EntityKind
from territorial.rules.resolution import Status
from tests.acceptance.runs import resolve

RULES = """
          - {code: D1, coverage_model: EMEA, territory: DACH, priority: 1, when: {country: {in: [DE, AT, CH]}}}
          - {code: O1, coverage_model: EMEA, territory: REST, priority: 2, when: {country: {not_in: [DE, AT, CH]}}}
"""
BLANK_RULE = """
          - {code: B1, coverage_model: EMEA, territory: DQ_QUEUE, priority: 3, when: {country: {is_blank: true}}}
"""


def load(book, rules):
    book.load("territories", "territories.yaml", """
        version: 1
        coverage_models:
          - {code: EMEA, name: EMEA}
        territories:
          - {code: DACH, name: DACH}
          - {code: REST, name: Rest of EMEA}
          - {code: DQ_QUEUE, name: Data Quality Queue}
        rules:
    """ + rules)
    book.load("organisations", "organisations.csv", """
        organisation_id,name,country
        KESTREL,Kestrel Bank,DE
        LARCH,Larch Capital,FR
        MOSS,Moss Partners,
        NOOK,Nook Advisors," de "
    """)


@pytest.mark.parametrize(
    ("organisation", "expected"),
    [("KESTREL", "DACH"), ("LARCH", "REST"), ("MOSS", "DQ_QUEUE"), ("NOOK", "DACH")],
)
def test_blank_matches_only_is_blank_and_codes_are_normalised(book, organisation, expected):
    load(book, RULES + BLANK_RULE)

    assert resolve(book, "EMEA", EntityKind.ORGANISATION, organisation).territory == expected


def test_blank_country_without_b1_is_unassigned_saying_country_is_blank(book):
    load(book, RULES)

    resolution = resolve(book, "EMEA", EntityKind.ORGANISATION, "MOSS")

    assert resolution.status is Status.UNASSIGNED
    assert "no rule matched" in resolution.reason
    assert "country is blank" in resolution.reason
