"""`harmonia import committees`: the three ISO Open Data shapes, real files from
../shared and the snapshots the package ships, and bad files refused whole."""

from __future__ import annotations

import datetime as dt
import json
import lzma

import pytest

from harmonia.accounts.models import AuditEvent
from harmonia.catalogue.models import Body, Committee
from harmonia.committees import services
from harmonia.committees.importer import CommitteeImportError, import_committees, read
from harmonia.committees.models import Liaison, Participation, Snapshot

pytestmark = pytest.mark.django_db

HEADER = (
    "id,reference,status,title.en,title.fr,secretariat.id,secretariat.acronym,creationDate,"
    "scope.en,scope.fr,parentId,childrenId,pMembers.id,pMembers.acronym,oMembers.id,"
    "oMembers.acronym,committeeLiaisons.id,committeeLiaisons.reference,"
    "organizationLiaisons.id,organizationLiaisons.acronym,sortKey"
)
# The CSV's own quirks: lists written [a, b], acronyms unquoted with an apostrophe,
# a liaison reference null, HTML in the scope.
CSV = (
    HEADER
    + "\n"
    + "\n".join(
        [
            "1,ISO/TC 176,Active,Quality management,Management de la qualité,2,SCC,1979-01-01,"
            '"<p>Standardization in the field of <b>quality</b>.</p>",,,"[3]",'
            '"[2, 7, 9]","[SCC, STAMEQ, O\'ZTTSA]","[8]","[TISI]",'
            '"[3, 4]","[ISO/TC 176/SC 2, null]",'
            '"[11]","[EOQ]",1',
            "3,ISO/TC 176/SC 2,Active,Quality systems,,2,SCC,1980-01-01,,,1,,"
            '"[7]","[STAMEQ]",,,,,,,2',
            '4,ISO/TC 999,Suspended,Dormant,,,,2000-01-01,,,,,,,"[7]","[STAMEQ]",,,,,3',
        ]
    )
    + "\n"
)


def write(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def state() -> tuple[int, ...]:
    return (
        Snapshot.objects.count(),
        Participation.objects.count(),
        Committee.objects.count(),
        Body.objects.count(),
        Liaison.objects.count(),
    )


def test_csv_snapshot_with_its_quirks(tmp_path):
    stameq = Body.objects.create(code="STAMEQ", name="STAMEQ", kind="national", country_code="VN")
    snap = import_committees(write(tmp_path, "committees_2026-05-02.csv", CSV))
    assert snap.taken_on == dt.date(2026, 5, 2)
    assert snap.counts == {"committees": 3, "p": 4, "o": 2}
    tc = Committee.objects.get(reference="ISO/TC 176")
    assert (tc.iso_id, tc.title, tc.title_fr, tc.kind) == (
        1,
        "Quality management",
        "Management de la qualité",
        "TC",
    )
    assert tc.scope == "Standardization in the field of quality."
    assert tc.secretariat.code == "SCC" and tc.created_on == dt.date(1979, 1, 1)
    assert Committee.objects.get(reference="ISO/TC 176/SC 2").parent == tc
    assert set(Body.objects.values_list("code", flat=True)) >= {"SCC", "O'ZTTSA", "TISI"}
    stameq.refresh_from_db()
    assert stameq.iso_opendata_id == "7"  # matched on its acronym, then known by its id
    liaisons = set(Liaison.objects.filter(committee=tc).values_list("kind", "name"))
    assert liaisons == {("committee", "ISO/TC 176/SC 2"), ("organization", "EOQ")}
    mine = services.body_participation(stameq)
    # The suspended committee is left out of the counts, as ISO's member pages do.
    assert [c.reference for c in mine.p] == ["ISO/TC 176", "ISO/TC 176/SC 2"] and mine.o == []


def test_jsonl_and_yaml_read_the_same_records(tmp_path):
    record = {
        "id": 1,
        "reference": "ISO/TC 176",
        "status": "Active",
        "title": {"en": "Quality management", "fr": "Management de la qualité"},
        "secretariat": {"id": 2, "acronym": "SCC"},
        "creationDate": "1979-01-01",
        "pMembers": [{"id": 2, "acronym": "SCC"}, {"id": 7, "acronym": "STAMEQ"}],
        "oMembers": [{"id": 8, "acronym": "TISI"}],
        "committeeLiaisons": [{"id": 3, "reference": None}],
    }
    from_jsonl = read(write(tmp_path, "a.jsonl", json.dumps(record) + "\n\n"))
    yaml_text = "---\n- id: 1\n  reference: ISO/TC 176\n  status: Active\n" + (
        "  title:\n    en: Quality management\n    fr: Management de la qualité\n"
        "  secretariat:\n    id: 2\n    acronym: SCC\n  creationDate: '1979-01-01'\n"
        "  pMembers:\n  - id: 2\n    acronym: SCC\n  - id: 7\n    acronym: STAMEQ\n"
        "  oMembers:\n  - id: 8\n    acronym: TISI\n"
        "  committeeLiaisons:\n  - id: 3\n    reference:\n"
    )
    from_yaml = read(write(tmp_path, "a.yaml", yaml_text))
    from_xz = tmp_path / "a.jsonl.xz"
    from_xz.write_bytes(lzma.compress(json.dumps(record).encode()))
    for records in (from_yaml, read(from_xz)):
        assert [(r.iso_id, r.reference, r.p, r.o, r.secretariat, r.created) for r in records] == [
            (r.iso_id, r.reference, r.p, r.o, r.secretariat, r.created) for r in from_jsonl
        ]
    assert from_jsonl[0].committee_liaisons == []


def test_two_snapshots_give_history_and_change(tmp_path):
    import_committees(write(tmp_path, "c_2025-08-20.csv", CSV))
    later = CSV.replace('"[2, 7, 9]","[SCC, STAMEQ, O\'ZTTSA]","[8]","[TISI]"', (
        '"[2, 8, 9]","[SCC, TISI, O\'ZTTSA]","[7]","[STAMEQ]"'
    )).replace('"[7]","[STAMEQ]",,,,,,,2', ',,,,,,,,2')  # fmt: skip
    import_committees(write(tmp_path, "c_2026-05-02.csv", later))
    before, after = Snapshot.objects.order_by("taken_on")
    stameq, tisi = Body.objects.get(code="STAMEQ"), Body.objects.get(code="TISI")
    change = services.compare(stameq, before, after)
    assert [c.reference for c in change.p_to_o] == ["ISO/TC 176"]
    assert [(c.reference, s) for c, s in change.left] == [("ISO/TC 176/SC 2", "p")]
    assert [c.reference for c in services.compare(tisi, before, after).o_to_p] == ["ISO/TC 176"]
    seats = services.history(stameq)
    assert [s.taken_on for s in seats.snapshots] == [dt.date(2025, 8, 20), dt.date(2026, 5, 2)]
    assert [(c.reference, row) for c, row in seats.rows] == [
        ("ISO/TC 176", ["p", "o"]),
        ("ISO/TC 176/SC 2", ["p", None]),
        ("ISO/TC 999", ["o", "o"]),
    ]
    rows = {r["body"].code: r for r in services.network([stameq, tisi])}
    assert (rows["STAMEQ"]["p"], rows["STAMEQ"]["o"]) == (0, 1)
    assert (rows["TISI"]["p"], rows["TISI"]["o"]) == (1, 0)


def test_an_older_snapshot_does_not_overwrite_newer_committee_details(tmp_path):
    import_committees(write(tmp_path, "c_2026-05-02.csv", CSV))
    older = CSV.replace("Quality management,", "Old title,", 1)
    import_committees(write(tmp_path, "c_2024-01-01.csv", older))
    assert Committee.objects.get(reference="ISO/TC 176").title == "Quality management"
    assert Snapshot.objects.count() == 2


def test_importing_the_same_file_again_replaces_its_snapshot(tmp_path):
    path = write(tmp_path, "c_2026-05-02.csv", CSV)
    import_committees(path)
    first = state()
    events = AuditEvent.objects.count()
    import_committees(path)
    assert state() == first
    # Nothing changed but the snapshot: one import event, no row-by-row trail.
    assert list(AuditEvent.objects.order_by("pk")[events:].values_list("action", flat=True)) == [
        "import"
    ]


BAD = [
    ("c.csv", CSV.replace('"[8]","[TISI]"', '"[8, 9]","[TISI]"'), r"c\.csv, line 2: oMembers"),
    ("c.csv", CSV.replace("\n3,ISO", "\nx,ISO"), r"c\.csv, line 3: id: not a number: 'x'"),
    ("c.csv", CSV.replace("1979-01-01", "1979-13-45"), r"line 2: creationDate: not a date"),
    ("c.csv", CSV + CSV.splitlines()[1] + "\n", r"line 5: id 1 already given at c\.csv, line 2"),
    ("c.csv", "reference,status\nISO/TC 1,Active\n", r"c\.csv: missing column\(s\): id"),
    ("c.csv", CSV.replace("Dormant", "Dor\x00mant"), r"c\.csv, line 4: .*NUL"),
    ("c.jsonl", '{"id": 1, "reference": "ISO/TC 1"}\n{"id": 2,\n', r"c\.jsonl, line 2: not JSON"),
    ("c.jsonl", '[1, 2]\n', r"c\.jsonl, line 1: expected a committee object"),
    ("c.jsonl", '{"id": 1, "reference": ""}\n', r"line 1: id and reference are required"),
    ("c.yaml", "- id: 1\n  reference: [unclosed\n", r"c\.yaml: not YAML"),
    ("c.yaml", "id: 1\n", r"c\.yaml: expected a list of committees"),
    ("c.yaml", 'a: &a ["x","x","x","x","x","x","x","x","x","x"]\n'
     + "".join(f'{chr(98 + i)}: &{chr(98 + i)} [*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},'
               f'*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},*{chr(97 + i)},'
               f'*{chr(97 + i)},*{chr(97 + i)}]\n' for i in range(8)),
     r"c\.yaml: not YAML"),
    ("c.txt", "whatever", r"c\.txt: expected \.csv, \.jsonl or \.yaml"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "text", "message"), BAD, ids=[m for _n, _t, m in BAD])
def test_bad_files_are_refused_whole_with_the_place_named(tmp_path, name, text, message):
    import_committees(write(tmp_path, "c_2025-01-01.csv", CSV))
    before = state()
    with pytest.raises(CommitteeImportError, match=message):
        import_committees(write(tmp_path, name, text))
    assert state() == before


def test_a_truncated_or_oversized_xz_is_refused(tmp_path):
    whole = lzma.compress(CSV.encode())
    (tmp_path / "c.csv.xz").write_bytes(whole[: len(whole) // 2])
    with pytest.raises(CommitteeImportError, match=r"c\.csv\.xz: .*truncated"):
        read(tmp_path / "c.csv.xz")
    bomb = lzma.compress(b"id,reference\n" + b" " * (65 * 2**20))
    (tmp_path / "bomb.csv.xz").write_bytes(bomb)
    with pytest.raises(CommitteeImportError, match="unpacks to more than 64 MiB"):
        read(tmp_path / "bomb.csv.xz")


@pytest.mark.shared
@pytest.mark.parametrize(
    ("name", "taken_on", "committees"),
    [
        ("iso_technical_committees_2026.csv", dt.date(2026, 1, 1), 796),
        ("committees_2025-08-20.yaml", dt.date(2025, 8, 20), 788),
        ("iso_technical_committees_2025-06.jsonl", dt.date(2025, 6, 1), 785),
    ],
)
def test_real_iso_open_data_files(shared, name, taken_on, committees):
    Body.objects.create(code="STAMEQ", name="STAMEQ", kind="national", country_code="VN")
    snap = import_committees(shared / "iso-opendata" / name)
    assert (snap.taken_on, snap.counts["committees"]) == (taken_on, committees)
    assert Committee.objects.filter(iso_id__isnull=False).count() == committees
    if name.endswith("2026.csv"):
        # Vietnam's STAMEQ in 2026, as the issue gives it: 24 P- and 77 O-memberships.
        mine = services.body_participation(Body.objects.get(code="STAMEQ"))
        assert (len(mine.p), len(mine.o)) == (24, 77)
