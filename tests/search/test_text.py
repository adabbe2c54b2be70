from hypothesis import given
from hypothesis import strategies as st

from harmonia.search.text import highlight, query_words, stem, tokens


def test_vietnamese_folds_with_d_as_a_letter():
    assert tokens("Hệ thống quản lý chất lượng – Đo lường") == [
        "he", "thong", "quan", "ly", "chat", "luong", "do", "luong"
    ]  # fmt: skip
    assert tokens("HE THONG") == tokens("hệ thống")


def test_japanese_runs_become_bigrams():
    assert tokens("品質マネジメント") == ["品質", "質マ", "マネ", "ネシ", "シメ", "メン", "ント"]
    # a two-character query word is one of the title's bigrams
    assert set(tokens("品質")) <= set(tokens("鉄鋼の品質マネジメントシステム"))


def test_plural_s_and_stop_words():
    assert stem("systems") == "system" and stem("process") == "process"
    assert stem("analysis") == "analysis" and stem("gas") == "gas"
    assert query_words("management of the systems") == ["management", "system"]
    assert query_words("of the") == ["of", "the"]


def test_highlight_marks_folded_matches_and_prefixes():
    pieces = highlight("Hệ thống quản lý chất lượng", ["he", "luong"])
    assert pieces == [("Hệ", True), (" thống quản lý chất ", False), ("lượng", True)]
    assert highlight("Quality systems", ["system"], ["qual"]) == [
        ("Quality", True), (" ", False), ("systems", True)
    ]  # fmt: skip
    assert highlight("鉄鋼の品質", ["品質"]) == [("鉄鋼の", False), ("品質", True)]


def test_set_facets_count_each_member():
    from harmonia.search.backends import facet_values

    counts = [("en+fr", 3), ("en", 2), ("", 4), ("fr+ja", 1)]
    assert facet_values("language", counts) == [("en", 5), ("fr", 4), ("ja", 1)]
    # a plain facet keeps its values whole
    assert facet_values("committee", [("ISO/TC 176", 2), ("A+B", 3)]) == [
        ("A+B", 3), ("ISO/TC 176", 2)
    ]  # fmt: skip


@given(st.text(alphabet=st.characters(max_codepoint=127)))
def test_the_ascii_shortcut_folds_as_the_general_way(text):
    from harmonia.textfold import _fold_any, fold

    assert fold(text) == _fold_any(text)
