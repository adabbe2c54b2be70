"""Small Relaton YAML records in the shapes found in ../shared/data, for tests."""

from __future__ import annotations

import io
import tarfile
import zipfile
from pathlib import Path

ISO_BASE = """\
---
schema-version: v1.2.9
id: ISO9999-2015
title:
- content: Test things
  language:
  - en
  script:
  - Latn
  format: text/plain
  type: title-intro
- content: Requirements
  language:
  - en
  type: title-main
- content: Test things - Requirements
  language:
  - en
  type: main
- content: Choses d'essai - Exigences
  language:
  - fr
  type: main
link:
- content: https://www.iso.org/standard/1.html
  type: src
type: standard
docid:
- id: ISO 9999:2015
  type: ISO
  primary: true
- id: urn:iso:std:iso:9999:stage-60.60
  type: URN
docnumber: '9999'
date:
- type: published
  value: 2015-09
contributor:
- organization:
    name:
    - content: International Organization for Standardization
    abbreviation:
      content: ISO
  role:
  - type: publisher
edition:
  content: '2'
language:
- en
- fr
docstatus:
  stage:
    value: '60'
  substage:
    value: '60'
relation:
- type: obsoletes
  bibitem:
    id: ISO9999-2008
    docid:
    - id: ISO 9999:2008
      type: ISO
      primary: true
- type: updates
  bibitem:
    docid:
    - id: ISO 9999:2015/Amd 1:2020
      type: ISO
      primary: true
ext:
  schema-version: v1.0.3
  doctype:
    type: international-standard
  editorialgroup:
    technical_committee:
    - name: Test systems
      number: 999
      type: TC
      identifier: ISO/TC 999
  ics:
  - code: 03.120.10
    text: Quality management and quality assurance
"""

ISO_OLD = """\
---
schema-version: v1.2.9
id: ISO9999-2008
title:
- content: Test things - Requirements (old)
  language:
  - en
  type: main
docid:
- id: ISO 9999:2008
  type: ISO
  primary: true
date:
- type: published
  value: '2008-11'
docstatus:
  stage:
    value: '95'
  substage:
    value: '99'
relation:
- type: updates
  bibitem:
    docid:
    - id: ISO 9999:2015
      type: ISO
      primary: true
ext:
  doctype:
    type: international-standard
"""

# Old schema: single mapping where others use lists, ext fields at the top level.
ISO_AMENDMENT_OLD_SCHEMA = """\
id: ISO9999-2015/Amd1-2020
title:
  content: 'Test things - Requirements - Amendment 1: More tests'
  language: en
  type: main
type: standard
doctype: international-standard
docid:
  id: ISO 9999:2015/Amd 1:2020
  type: ISO
  primary: true
date:
  type: published
  value: '2020-02-01'
edition: '1'
script: Latn
language:
- en
docstatus:
  stage:
    value: '60'
  substage:
    value: '60'
ics:
- code: 03.120.10
editorialgroup:
  technical_committee:
    name: Test systems
    identifier: ISO/TC 999
"""

IEC_RECORD = """\
---
schema-version: v1.2.9
id: IEC99999-2017
title:
- content: Guide on the safety of test equipment
  language:
  - en
  type: title-main
docid:
- id: IEC 99999:2017
  type: IEC
  primary: true
- id: 'urn:iec:std:iec:99999:2017-06:::'
  type: URN
contributor:
- organization:
    name:
    - content: International Electrotechnical Commission
    abbreviation:
      content: IEC
  role:
  - type: publisher
edition:
  content: '1'
docstatus:
  stage:
    value: PUBLISHED
ext:
  doctype:
    type: international-standard
  editorialgroup:
    technical_committee:
    - name: TC 99
      number: 99
      type: technicalCommittee
"""

JIS_RECORD = """\
---
schema-version: v1.2.9
id: JISZ9999-2019
title:
- content: 試験のための規格
  language:
  - ja
  script:
  - Jpan
- content: Standard for tests
  language:
  - en
docid:
- id: JIS Z 9999:2019
  type: JIS
  primary: true
docnumber: Z9999
date:
- type: issued
  value: '2019-03-20'
docstatus:
  stage:
    value: valid
ext:
  doctype:
    type: japanese-industrial-standard
"""

RECORDS = {
    "iso-9999-2015.yaml": ISO_BASE,
    "iso-9999-2008.yaml": ISO_OLD,
    "iso-9999-2015-amd-1-2020.yaml": ISO_AMENDMENT_OLD_SCHEMA,
    "iec-99999-2017.yaml": IEC_RECORD,
    "jis-z-9999-2019.yaml": JIS_RECORD,
}


def write_dir(path: Path, records: dict[str, str] = RECORDS) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for name, text in records.items():
        (path / name).write_text(text, "utf-8")
    return path


def write_tar(path: Path, records: dict[str, str] = RECORDS, mode: str = "w:xz") -> Path:
    with tarfile.open(path, mode) as archive:
        for name, text in records.items():
            data = text.encode()
            info = tarfile.TarInfo(f"data/{name}")
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


def write_zip(path: Path, records: dict[str, str] = RECORDS) -> Path:
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in records.items():
            archive.writestr(f"data/{name}", text)
    return path
