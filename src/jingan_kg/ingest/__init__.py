"""Reading sources: bytes to numbered lines (sources), lines to the documents they hold (documents)."""
