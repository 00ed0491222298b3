"""Dates in the sentences of an article: trade-fair runs, visit days, event dates.

A date without a year takes the article's year; without one, it is no date:

    >>> parse_dates("am 3. März", None) is None
    True
"""

from __future__ import annotations

import re
from datetime import date

from ruhrgraph.extract.read import MONTH_NUMBERS

DATE_RANGE_NUM = re.compile(r"(\d{1,2})\.\s*(?:-|–|bis)\s*(\d{1,2})\.\s*(\d{1,2})\.\s*(\d{4})?")
DATE_RANGE_MONTH = re.compile(r"(\d{1,2})\.\s*(?:-|–|bis)\s*(\d{1,2})\.\s*([A-Za-zäÄ]+)\s*(\d{4})?")
DATE_SINGLE_MONTH = re.compile(r"(\d{1,2})\.\s*([A-Za-zäÄ]+)\s*(\d{4})?")
DATE_SINGLE_NUM = re.compile(r"(\d{1,2})\.(\d{1,2})\.(\d{4})")
YEAR = re.compile(r"\b(20\d\d|19\d\d)\b")


def parse_dates(text: str, year: int | None) -> tuple[date, date | None] | None:
    """Dates in a sentence: "vom 14. - 17.11.", "vom 3. bis 5. März 2024", "am 12. Mai", "14.11.2023".

    >>> parse_dates("vom 14. - 17.11. stattfindet", 2023)
    (datetime.date(2023, 11, 14), datetime.date(2023, 11, 17))
    """
    def mk(y: int | None, m: int, d: int) -> date | None:
        if y is None:
            return None
        try:
            return date(y, m, d)
        except ValueError:
            return None

    m = DATE_RANGE_NUM.search(text)
    if m:
        y = int(m[4]) if m[4] else year
        a, b = mk(y, int(m[3]), int(m[1])), mk(y, int(m[3]), int(m[2]))
        if a:
            return a, b
    m = DATE_RANGE_MONTH.search(text)
    if m and m[3].lower() in MONTH_NUMBERS:
        y = int(m[4]) if m[4] else year
        a, b = mk(y, MONTH_NUMBERS[m[3].lower()], int(m[1])), mk(y, MONTH_NUMBERS[m[3].lower()], int(m[2]))
        if a:
            return a, b
    m = DATE_SINGLE_NUM.search(text)
    if m:
        a = mk(int(m[3]), int(m[2]), int(m[1]))
        if a:
            return a, None
    for m in DATE_SINGLE_MONTH.finditer(text):
        if m[2].lower() in MONTH_NUMBERS:
            y = int(m[3]) if m[3] else year
            a = mk(y, MONTH_NUMBERS[m[2].lower()], int(m[1]))
            if a:
                return a, None
    return None
