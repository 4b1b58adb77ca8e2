"""Units of figures as documents write them: 亿元 is 10^8 元, 万人 10^4 人; shared by the
ledger's judgements and the flags (figures that differ)."""

from __future__ import annotations

from decimal import Decimal

_MAGNITUDE = {"万亿": Decimal(10) ** 12, "亿": Decimal(10) ** 8, "千万": Decimal(10) ** 7, "百万": Decimal(10) ** 6,
              "万": Decimal(10) ** 4, "千": Decimal(1000), "百": Decimal(100)}  # fmt: skip


def unit_base(unit: str | None) -> tuple[Decimal, str] | None:
    """(factor, base unit) of a unit: 亿元 → (10^8, 元), % → (1, %); None when there is none."""
    if not unit:
        return None
    for prefix, factor in sorted(_MAGNITUDE.items(), key=lambda kv: -len(kv[0])):
        if unit.startswith(prefix) and len(unit) > len(prefix):
            return factor, unit[len(prefix) :]
    return Decimal(1), unit


def convert(value: Decimal, unit: str | None, to: str | None) -> Decimal | None:
    """VALUE in UNIT expressed in TO; None when the two do not measure the same thing."""
    if unit == to:
        return value
    a, b = unit_base(unit), unit_base(to)
    if a is None or b is None or a[1] != b[1]:
        return None
    return value * a[0] / b[0]
