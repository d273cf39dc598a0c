from phoihop.core.text import fold, normalize, search_terms


def test_fold_strips_marks_and_maps_d_stroke():
    assert fold("Sở Y tế tỉnh Thanh Hóa") == "so y te tinh thanh hoa"
    assert fold("ĐẢNG ỦY  phường Đông Sơn") == "dang uy phuong dong son"


def test_fold_accepts_composed_and_decomposed_input_alike():
    import unicodedata

    text = "Hòa Bình"
    assert fold(unicodedata.normalize("NFD", text)) == fold(text) == "hoa binh"


def test_normalize_keeps_diacritics_but_not_case():
    assert normalize("  Sở  Y Tế ") == "sở y tế"


def test_search_terms_split_on_punctuation():
    assert search_terms("Sở Y tế - Thanh Hóa!") == ["so", "y", "te", "thanh", "hoa"]
