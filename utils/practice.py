"""Self-checks for the practice copies that `make practice` writes (build/practice/).

A practice copy has no solutions. After each numeric question's answer cell it has a check cell::

    from utils import practice
    practice.check("Question 3", q3_answer, "<key>")

which prints ``Question 3: correct`` or ``Question 3: not yet (...)`` and never the answer, and
never raises. The key holds salted SHA-256 hashes of the official answer rounded to 3 significant
figures, one hash per 3-significant-figure value within the tolerance (1% relative) of the official
answer; an integer answer (a count) must match exactly. This keeps the answer out of sight, not
secret: anyone can hash candidate numbers until one matches. It is a revision aid, not an exam lock.
"""

from __future__ import annotations

import hashlib
import math
import numbers

import numpy as np

__all__ = ["make_key", "is_correct", "check"]

REL_TOL = 1e-2
ZERO = 1e-9  # |x| below this counts as 0


class NotYet(Exception):
    """The answer cannot be right; the message says why without giving the answer."""


def _canon(x: float) -> str:
    """3 significant figures as text ('1.23e+02'); '0' for |x| < ZERO."""
    return "0" if abs(x) < ZERO else f"{x:.2e}"


def _digest(salt: str, index: int, text: str) -> str:
    """Salted, shortened SHA-256 of one canonical value."""
    return hashlib.sha256(f"{salt}|{index}|{text}".encode()).hexdigest()[:12]


def _is_int(value) -> bool:
    """True for Python and numpy integers (not bools)."""
    return isinstance(value, numbers.Integral) and not isinstance(value, bool | np.bool_)


def _accepted(value: float, rel: float) -> set[str]:
    """Every 3-significant-figure value that a number within `rel` of `value` rounds to."""
    if abs(value) < ZERO:
        return {"0"}
    sign = -1.0 if value < 0 else 1.0
    lo, hi = abs(value) * (1 - rel), abs(value) * (1 + rel)
    found = {_canon(value)}
    for exp in range(math.floor(math.log10(lo)), math.floor(math.log10(hi)) + 1):
        step = 10.0 ** (exp - 2)
        for mantissa in range(100, 1000):
            c = mantissa * step
            if lo - step / 2 <= c <= hi + step / 2:
                found.add(_canon(sign * c))
    if lo <= ZERO * 1.5:
        found.add("0")
    return found


def make_key(value, salt: str, rel: float = REL_TOL) -> str:
    """The check key of an official answer: a number or a tuple/list of numbers (used by the
    practice builder)."""
    values = list(value) if isinstance(value, tuple | list | np.ndarray) else [value]
    if not values:
        raise ValueError("an answer needs at least one number")
    parts = []
    for i, v in enumerate(values):
        if _is_int(v):
            parts.append("i:" + _digest(salt, i, str(int(v))))
            continue
        if not isinstance(v, numbers.Real) or isinstance(v, bool) or not math.isfinite(float(v)):
            raise ValueError(f"answer component {i} is not a finite number: {type(v).__name__}")
        parts.append("r:" + " ".join(sorted(_digest(salt, i, t) for t in _accepted(float(v), rel))))
    return salt + "|" + ";".join(parts)


def _student_numbers(answer, count: int) -> list[float]:
    """The student's answer as `count` finite floats, or NotYet saying what is wrong with it."""
    if answer is None or answer is Ellipsis:
        raise NotYet("the answer is still None: put your number in the answer cell and run it")
    if isinstance(answer, str | bytes | bool | np.bool_):
        raise NotYet(f"a number is expected, not {type(answer).__name__}")
    try:
        numbers_ = np.asarray(answer, dtype=float).ravel()
    except (TypeError, ValueError):
        raise NotYet(f"a number is expected, not {type(answer).__name__}") from None
    if numbers_.size != count:
        what = "one number" if count == 1 else f"{count} numbers (a tuple, in the order asked)"
        raise NotYet(f"expected {what}, got {numbers_.size}")
    if not np.all(np.isfinite(numbers_)):
        raise NotYet("the answer is not a finite number")
    return [float(x) for x in numbers_]


def is_correct(answer, key: str) -> bool:
    """Whether `answer` matches the key; raises NotYet with a reason when it obviously cannot."""
    salt, _, body = key.partition("|")
    parts = body.split(";")
    for i, (part, x) in enumerate(zip(parts, _student_numbers(answer, len(parts)), strict=True)):
        kind, _, hashes = part.partition(":")
        if kind == "i":
            if x != round(x):
                return False
            text = str(int(round(x)))
        else:
            text = _canon(x)
        if _digest(salt, i, text) not in hashes.split():
            return False
    return True


def check(label: str, answer, key: str) -> None:
    """Print '<label>: correct' or '<label>: not yet (...)'; never the answer, never an
    exception."""
    try:
        verdict = "correct" if is_correct(answer, key) else "not yet"
    except NotYet as reason:
        verdict = f"not yet ({reason})"
    except Exception:  # noqa: BLE001 - a student's odd object must not raise a traceback
        verdict = "not yet (the answer could not be read as a number)"
    print(f"{label}: {verdict}")
