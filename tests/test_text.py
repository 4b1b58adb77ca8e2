from jingan_kg.text import key, normalise


def test_spaces_inside_names_removed_between_cjk_and_digits():
    assert normalise("南京西路 1038 号") == "南京西路1038号"
    assert normalise("徐 刚") == "徐刚"


def test_spaces_kept_between_latin_words_and_collapsed():
    assert normalise("Web3.0  技术  and   AI 应用") == "Web3.0技术 and AI 应用"


def test_nfkc_and_markup_stripped():
    assert normalise("（责任部门：区商务委）") == "(责任部门:区商务委)"
    assert normalise("**这五年**") == "这五年"
    assert normalise("## 标题") == "标题"
    assert normalise("FDA⁷、EMA⁸") == "FDA、EMA"


def test_key_unifies_dashes_and_spaces():
    assert key("南京西路—苏河湾中央活力区（CAZ）") == key("南京西路-苏河湾中央活力区(CAZ)")
