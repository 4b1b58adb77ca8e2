import pytest

from jingan_kg.errors import SourceError, SourceErrors
from jingan_kg.ingest.sources import classify, read_sources

from .conftest import GAZETTE, SOURCES


def test_real_sources_read_with_manifest_metadata(real_sources):
    assert sorted(real_sources) == sorted(p.name for p in SOURCES.glob("*.txt"))
    gazette = real_sources[GAZETTE]
    assert gazette.meta.kind == "gazette" and not gazette.meta.inferred
    assert gazette.meta.original == "002_700e64a966b62639.txt"
    assert len(gazette.lines) == 1966  # as `wc -l` counts them
    assert gazette.line(1802).text.startswith("1. 加快吸引高能级主体")


def test_sources_are_byte_identical_to_the_seeds(real_sources):
    import hashlib

    for src in real_sources.values():
        assert hashlib.sha256((SOURCES / src.path).read_bytes()).hexdigest() == src.sha256


@pytest.mark.parametrize(
    "line, noise",
    [
        ("上海市静安区人民政府公报", "page"),
        ("（2026年第1期）", "page"),
        ("2026年第1期（总第47期）", "page"),
        ("³ESG（Environmental, Social and Governance）即环境、社会和公司治理", "footnote"),
        ("⁵FDA: 美国食品药品监督管理局", "footnote"),
        ("12.优化绿色金融。将ESG³评价纳入投资", None),
        ("关于静安区2025年预算执行情况和2026年预算草案的报告", None),
    ],
)
def test_page_headers_and_footnotes_are_flagged(line, noise):
    assert classify(line) == noise


def test_unlisted_file_is_read_with_metadata_inferred(make_sources):
    root = make_sources(
        {"extra.txt": "\n上海市静安区商务委员会关于促进消费的若干措施\n\n(2026年3月2日)\n\n正文。\n"}, with_real=True
    )
    src = {s.path: s for s in read_sources(root)}["extra.txt"]
    assert src.meta.inferred
    assert src.meta.title == "上海市静安区商务委员会关于促进消费的若干措施"
    assert src.meta.date == "2026-03-02"
    assert src.meta.issuer == "上海市静安区商务委员会"


def test_empty_file_names_file_and_line(make_sources):
    root = make_sources({"a.txt": "正文。\n", "empty.txt": ""})
    with pytest.raises(SourceError) as err:
        read_sources(root)
    assert str(err.value) == f"{root / 'empty.txt'}:1: the file is empty (0 bytes, no text)"


def test_binary_file_names_line_of_first_nul(make_sources):
    root = make_sources({"scan.txt": b"%PDF-1.4\nline two\n\x00\x01\x02"})
    with pytest.raises(SourceError) as err:
        read_sources(root)
    assert err.value.line == 3 and "binary data" in err.value.reason


def test_gbk_file_names_first_bad_line_and_suggests_conversion(make_sources):
    root = make_sources({"gbk.txt": "第一行 ok\n".encode() + "静安区商务委员会\n".encode("gbk")})
    with pytest.raises(SourceError) as err:
        read_sources(root)
    assert err.value.line == 2
    assert "not valid UTF-8 (the line decodes as GBK/GB18030: '静安区商务委员会')" in err.value.reason
    assert "iconv" in err.value.hint


def test_several_bad_files_reported_together(make_sources):
    root = make_sources({"a.txt": "", "b.txt": b"\x00"})
    with pytest.raises(SourceErrors) as err:
        read_sources(root)
    assert [e.path.rsplit("/", 1)[-1] for e in err.value.errors] == ["a.txt", "b.txt"]
