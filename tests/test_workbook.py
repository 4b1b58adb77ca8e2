"""The .xlsx writer (query/workbook.py), read back with openpyxl and, where installed, LibreOffice."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest

from jingan_kg.query.workbook import STATUS_COLOURS, STATUS_TEXT_COLOURS, Sheet, cell_text, write_workbook

HEADER = ["指标", "目标值", "年份", "状态", "原文"]
ROWS = [
    ["税收收入增长", Decimal("12.50"), 2025, "met", "全区税收收入增长12.5%，完成年度目标。"],
    ['=HYPERLINK("http://example.invalid","点击")', None, -3, "not met", "-3%，未达预期"],
    ["@SUM(A1:A2)", 0.25, True, "pending", None],
]
LEDGER = Sheet("督办台账", HEADER, ROWS, wrap=("原文",), status_column="状态")


def _write(tmp_path: Path, sheets: list[Sheet], name: str = "book.xlsx", **kw) -> Path:
    path = tmp_path / name
    write_workbook(path, sheets, **kw)
    return path


def _values(ws) -> list[list]:
    return [[c.value for c in row] for row in ws.iter_rows()]


def test_every_cell_comes_back_as_it_was_written(tmp_path):
    ws = openpyxl.load_workbook(_write(tmp_path, [LEDGER]))["督办台账"]
    assert _values(ws) == [
        ["指标", "目标值", "年份", "状态", "原文"],
        ["税收收入增长", 12.5, 2025, "met", "全区税收收入增长12.5%，完成年度目标。"],
        ['=HYPERLINK("http://example.invalid","点击")', None, -3, "not met", "-3%，未达预期"],
        ["@SUM(A1:A2)", 0.25, True, "pending", None],
    ]
    # numbers as numbers, text as text, a bool as a bool, None as an empty cell
    assert [[c.data_type for c in row] for row in ws.iter_rows(min_row=2)] == [
        ["s", "n", "n", "s", "s"],
        ["s", "n", "n", "s", "s"],
        ["s", "n", "b", "s", "n"],
    ]


def test_text_that_looks_like_a_formula_stays_text(tmp_path):
    texts = ['=HYPERLINK("http://example.invalid","点击")', "+1", "-3%", "@SUM(A1)", "=1+1"]
    path = _write(tmp_path, [Sheet("s", ["=header"], [[t] for t in texts])])
    ws = openpyxl.load_workbook(path)["s"]
    cells = [ws.cell(row=r, column=1) for r in range(1, len(texts) + 2)]
    assert [c.value for c in cells] == ["=header", *texts]
    assert [c.data_type for c in cells] == ["s"] * 6
    assert all(c.quotePrefix for c in cells)  # Excel's apostrophe mark: editing the cell keeps it text
    with zipfile.ZipFile(path) as z:
        assert "<f>" not in z.read("xl/worksheets/sheet1.xml").decode()


def test_header_bold_frozen_and_filtered_over_every_row(tmp_path):
    book = openpyxl.load_workbook(_write(tmp_path, [LEDGER, Sheet("空", ["名称"], [])]))
    ws = book["督办台账"]
    assert ws.freeze_panes == "A2"
    assert ws.auto_filter.ref == "A1:E4"
    assert [c.font.b for c in ws[1]] == [True] * 5
    assert [c.font.b for c in ws[2]] == [False] * 5
    assert book["空"].auto_filter.ref == "A1"  # a header alone still gets its filter
    assert book["空"].freeze_panes == "A2"


def test_sheet_names_are_made_valid_and_unique(tmp_path):
    sheets = [
        Sheet(n, ["a"], [])
        for n in ["督办台账", "a/b:c[d]*e?f\\g", "x" * 40, "督办台账", "督办台账", "History", "'引号'", "", "X" * 31]
    ]
    book = openpyxl.load_workbook(_write(tmp_path, sheets))
    assert book.sheetnames == [
        "督办台账",
        "a_b_c_d__e_f_g",
        "x" * 31,
        "督办台账 (2)",
        "督办台账 (3)",
        "History (2)",  # Excel reserves History
        "引号",
        "Sheet",
        "X" * 27 + " (2)",  # same as "x" * 31 ignoring case, as Excel compares
    ]


def test_a_chinese_column_is_twice_as_wide_as_a_latin_one_of_the_same_length(tmp_path):
    sheet = Sheet(
        "w",
        ["中文", "ab", "n", "长", "定"],
        [["责任部门名称说明", "abcdefgh", 1, "很" * 100, "x"]],
        widths={"定": 30},
        wrap=("长",),
    )
    ws = openpyxl.load_workbook(_write(tmp_path, [sheet]))["w"]
    # xlsxwriter stores a width in characters plus its 5-pixel padding (0.7109375 of a character)
    widths = [ws.column_dimensions[c].width - 0.7109375 for c in "ABCDE"]
    assert widths == [
        17,  # 8 CJK characters = 16 columns, + 1
        9,  # 8 Latin characters + 1
        6,  # the minimum: header "n" + filter button is narrower
        60,  # the cap; the cells wrap instead
        30,  # as given
    ]
    assert ws["D2"].alignment.wrap_text is True
    assert not ws["E2"].alignment.wrap_text


def test_long_strings_cut_with_an_ellipsis_and_nothing_else_changed(tmp_path):
    exact = "字" * 32_767
    astral = "𠀀" * 20_000  # each counts 2 toward Excel's limit of 32,767 UTF-16 units
    rows = [["字" * 40_000], [exact], [astral]]
    ws = openpyxl.load_workbook(_write(tmp_path, [Sheet("s", ["t"], rows)]))["s"]
    assert ws["A2"].value == "字" * 32_766 + "…"
    assert ws["A3"].value == exact
    assert ws["A4"].value == "𠀀" * 16_383 + "…"
    assert cell_text("短") == "短"


def test_control_characters_become_replacement_characters(tmp_path):
    text = "a\x00b\x07c\x1fd\te\nf\x0bg\ufffeh _x0041_"
    ws = openpyxl.load_workbook(_write(tmp_path, [Sheet("s", ["t"], [[text]])]))["s"]
    assert ws["A2"].value == "a\ufffdb\ufffdc\ufffdd\te\nf\ufffdg\ufffdh _x0041_"
    assert cell_text("\ud800x") == "\ufffdx"  # a lone surrogate could not be written at all


def test_numbers_excel_cannot_hold_exactly_are_kept_as_text(tmp_path):
    rows = [
        [310106199001011234],  # an 18-digit ID number
        [Decimal("1234567890.123456789")],
        [float("nan")],
        [float("inf")],
        [Decimal("NaN")],
        [123456789012345],  # 15 digits: a number
        [10**20],  # one significant digit: a number
        [Decimal("-0.001")],
    ]
    ws = openpyxl.load_workbook(_write(tmp_path, [Sheet("s", ["n"], rows)]))["s"]
    assert [(c.value, c.data_type) for (c,) in ws.iter_rows(min_row=2)] == [
        ("310106199001011234", "s"),
        ("1234567890.123456789", "s"),
        ("nan", "s"),
        ("inf", "s"),
        ("NaN", "s"),
        (123456789012345, "n"),
        (1e20, "n"),
        (-0.001, "n"),
    ]


def test_status_cells_are_coloured_and_keep_their_word(tmp_path):
    rows = [[s] for s in ["met", "not met", "pending", "overdue", "not comparable", "Not Met ", "未知", None]]
    ws = openpyxl.load_workbook(_write(tmp_path, [Sheet("s", ["状态"], rows, status_column="状态")]))["s"]
    cells = [ws.cell(row=r, column=1) for r in range(2, len(rows) + 2)]
    assert [c.value for c in cells] == [
        "met",
        "not met",
        "pending",
        "overdue",
        "not comparable",
        "Not Met ",
        "未知",
        None,
    ]
    fills = [c.fill.fgColor.rgb if c.fill.fill_type == "solid" else None for c in cells]
    assert fills == ["FFC6EFCE", "FFFFC7CE", "FFFFEB9C", "FFF8CBAD", "FFD9D9D9", "FFFFC7CE", None, None]
    assert cells[1].font.color.rgb == "FF9C0006"
    assert ws["A1"].fill.fill_type is None  # the header is not a status


def test_status_text_reads_on_its_fill():
    """WCAG's contrast ratio, 4.5:1 at least for normal text."""

    def luminance(hex_colour: str) -> float:
        channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
        lin = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]

    assert set(STATUS_COLOURS) == set(STATUS_TEXT_COLOURS) == {"met", "not met", "pending", "overdue", "not comparable"}
    for status, fill in STATUS_COLOURS.items():
        hi, lo = sorted([luminance(fill), luminance(STATUS_TEXT_COLOURS[status])], reverse=True)
        assert (hi + 0.05) / (lo + 0.05) >= 4.5, status


def test_two_writes_are_byte_identical(tmp_path):
    sheets = [LEDGER, Sheet("第二", ["a"], [["b"]])]
    first, second = _write(tmp_path, sheets, "1.xlsx"), _write(tmp_path, sheets, "2.xlsx")
    assert first.read_bytes() == second.read_bytes()


def test_document_properties(tmp_path):
    props = openpyxl.load_workbook(_write(tmp_path, [LEDGER])).properties
    assert (props.title, props.created) == ("jingan-kg", datetime(2000, 1, 1))
    given = _write(tmp_path, [LEDGER], "t.xlsx", title="静安区督办台账", created=datetime(2026, 3, 1, 9, 30))
    props = openpyxl.load_workbook(given).properties
    assert (props.title, props.created) == ("静安区督办台账", datetime(2026, 3, 1, 9, 30))


@pytest.mark.parametrize(
    "sheets,error,message",
    [
        ([], ValueError, "at least one sheet"),
        ([Sheet("s", [], [])], ValueError, "at least one column"),
        ([Sheet("s", ["a", "b"], [["x", "y"], ["z"]])], ValueError, "row 2: 1 values for 2 columns"),
        ([Sheet("s", ["a"], [], wrap=("原文",))], ValueError, "['原文'] named in widths/wrap/status_column"),
        ([Sheet("s", ["a"], [], status_column="状态")], ValueError, "['状态'] named"),
        ([Sheet("s", ["a"], [], widths={"a": 0})], ValueError, "width 0 for 'a' is outside 1..255"),
        ([Sheet("s", ["a"], [[date(2026, 1, 1)]])], TypeError, "row 1, column 1: date is not a cell value"),
    ],
)
def test_what_excel_would_mangle_is_refused_and_nothing_written(tmp_path, sheets, error, message):
    path = tmp_path / "bad.xlsx"
    with pytest.raises(error) as raised:
        write_workbook(path, sheets)
    assert message in str(raised.value)
    assert not path.exists()


def test_importing_the_module_does_not_load_xlsxwriter():
    code = "import sys, jingan_kg.query.workbook; print('xlsxwriter' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout == "False\n"


def test_libreoffice_reads_the_first_sheet(tmp_path):
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if not office:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install libreoffice-calc-nogui")
    path = _write(tmp_path, [LEDGER, Sheet("第二", ["a"], [["b"]])])
    out = tmp_path / "csv"
    subprocess.run(
        [
            office,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",  # its own profile: no clash with a running one
            "--headless",
            "--convert-to",
            "csv:Text - txt - csv (StarCalc):44,34,76,1",  # comma, double quote, UTF-8
            "--outdir",
            str(out),
            str(path),
        ],
        check=True,
        capture_output=True,
        timeout=120,
        stdin=subprocess.DEVNULL,
    )
    with open(out / "book.csv", encoding="utf-8", newline="") as f:
        assert list(csv.reader(f)) == [
            ["指标", "目标值", "年份", "状态", "原文"],
            ["税收收入增长", "12.5", "2025", "met", "全区税收收入增长12.5%，完成年度目标。"],
            # the formula's text, not its result "点击"
            ['=HYPERLINK("http://example.invalid","点击")', "", "-3", "not met", "-3%，未达预期"],
            ["@SUM(A1:A2)", "0.25", "TRUE", "pending", ""],
        ]
