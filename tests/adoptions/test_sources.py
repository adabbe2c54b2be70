"""National catalogues from Relaton YAML and from the EU's harmonised-standards lists."""

import pytest

from harmonia.adoptions.models import Adoption
from harmonia.adoptions.national import NationalFileError
from harmonia.adoptions.services import import_national
from harmonia.adoptions.sources import kind_of
from harmonia.catalogue.models import Document

from .fixtures import make_bodies

pytestmark = pytest.mark.django_db

SNI = """docid:
- id: SNI ISO 9001:2015
  type: SNI
  primary: true
- id: SNI 19-9001-2016
  type: SNI
title:
- content: Sistem manajemen mutu - Persyaratan
  language: id
  type: main
- content: Quality management systems - Requirements
  language: en
  type: main
date:
- type: published
  value: '2016-03-01'
docstatus:
  stage: '60.60'
ext:
  ics:
  - code: 03.120.10
relation:
- type: {kind}
  bibitem:
    docid:
    - id: ISO 9001:2015
      type: ISO
"""


@pytest.mark.parametrize(
    ("kind", "degree"), [("modifiedAdoptionOf", "MOD"), ("adoptedFrom", "IDT")]
)
def test_relaton_national_catalogue(international, tmp_path, kind, degree):
    from harmonia.catalogue.models import Body

    body, _ = Body.objects.get_or_create(
        code="BSN", defaults={"name": "BSN", "kind": "national", "country_code": "ID"}
    )
    folder = tmp_path / "sni"
    folder.mkdir()
    (folder / "sni-iso-9001.yaml").write_text(SNI.format(kind=kind), "utf-8")
    assert kind_of(folder) == "relaton"
    report = import_national(body, folder, propose_missing=False)
    assert report.created == 1 and report.links == {"imported": 1}
    doc = Document.objects.get(identifier="SNI ISO 9001:2015")
    assert (doc.publisher, doc.year, doc.stage_id) == (body, 2016, "60.60")
    assert set(doc.titles.values_list("language", flat=True)) == {"id", "en"}
    link = Adoption.objects.get(national=doc)
    assert (link.adopted.identifier, link.degree_id) == ("ISO 9001:2015", degree)


def test_unreadable_sources_are_named(db, tmp_path):
    vn, _ = make_bodies()
    broken = tmp_path / "broken.yaml"
    broken.write_text("docid: [unclosed\n", "utf-8")
    with pytest.raises(NationalFileError, match=r"broken\.yaml"):
        import_national(vn, broken)
    bad_json = tmp_path / "list.json"
    bad_json.write_text('{"standards": 5}', "utf-8")
    with pytest.raises(NationalFileError, match=r"list\.json: standards"):
        import_national(vn, bad_json)
    assert not Document.objects.exists()
