import tarfile

import pytest

from harmonia.catalogue.importers.yamlparse import YamlError, parse_document, parse_pyyaml

from .samples import RECORDS


@pytest.mark.parametrize(
    "text",
    [
        "a: ~\nb: null\n",
        "flag: yes\nother: off\n",
        "base: &x 1\ncopy: *x\n",
        "when: 2024-01-20 10:00:00\nday: 2024-01-20\n",
        "octal: 010\nhex: 0x1F\nplus: +5\n",
        "inf: .inf\nsexagesimal: 12:30\n",
        "tagged: !!str 12\n",
        "- only: item\n",
        "text: |\n  multi\n  line\nfolded: >\n  a\n  b\n",
    ],
)
def test_same_result_as_pyyaml(text):
    data = text.encode()
    assert parse_document(data) == parse_pyyaml(data)


@pytest.mark.parametrize("name", sorted(RECORDS))
def test_sample_records_match_pyyaml(name):
    data = RECORDS[name].encode()
    assert parse_document(data) == parse_pyyaml(data)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "empty file"),
        (b"   \n", "empty file"),
        (b"\x00\x01\x02binary\xff", "binary content"),
        (b"title: caf\xe9\n", "not UTF-8"),
        (b"a: 'unterminated\nb: 2\n", "line"),
        (b"a: [1, 2\n", "line"),
        (b"a: 1\n---\nb: 2\n", "found 2"),
    ],
)
def test_malformed_input_says_what_is_wrong(data, message):
    with pytest.raises(YamlError, match=message):
        parse_document(data)


@pytest.mark.parametrize(
    "archive", ["relaton-data-iso.tar.xz", "relaton-data-iec.tar.xz", "relaton-data-jis.tar.xz"]
)
def test_real_records_match_pyyaml(shared, archive):
    """The fast parser gives PyYAML's result on a spread of real records (every 40th)."""
    checked = 0
    with tarfile.open(shared / archive) as tar:
        for i, member in enumerate(
            m for m in tar if m.isfile() and m.name.endswith((".yaml", ".yml"))
        ):
            if i % 40:
                continue
            data = tar.extractfile(member).read()
            assert parse_document(data) == parse_pyyaml(data), member.name
            checked += 1
    assert checked > 400
