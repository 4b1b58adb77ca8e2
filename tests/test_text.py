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


def _whole_text_slug(norm: str, limit: int) -> str:
    """The slug's letters as they were read before the head-only shortcut: the whole text's pinyin."""
    import re

    from pypinyin import lazy_pinyin

    return re.sub(r"[^a-z0-9]+", "-", "-".join(lazy_pinyin(norm)).lower()).strip("-")[:limit].strip("-")


def test_slug_reads_the_same_letters_from_the_head_as_from_the_whole_text():
    """IRIs are built from slugs, so the faster head-only reading must give every real line's slug
    unchanged: each line of the given documents and the test fixtures (real documents of other
    years and districts among them), at three lengths."""
    from jingan_kg.text import _latin_head, slug

    from .conftest import ROOT, SOURCES

    files = sorted(SOURCES.glob("*.txt")) + sorted((ROOT / "tests" / "fixtures").rglob("*.txt"))
    lines = {ln.strip() for f in files for ln in f.read_text(encoding="utf-8").splitlines() if ln.strip()}
    lines |= {"静安区" * 30, "a" * 50, "，。；" * 20 + "静安", "2025年" * 12, "𠀀" * 45 + "，静安"}
    assert len(lines) > 1000
    for text in sorted(lines):
        norm = key(text)
        for limit in (10, 40, 60):
            assert _latin_head(norm, limit)[:limit].strip("-") == _whole_text_slug(norm, limit), (text, limit)
    assert slug("静安区数据局") == "jing-an-qu-shu-ju-ju-" + slug("静安区数据局").rsplit("-", 1)[1]
