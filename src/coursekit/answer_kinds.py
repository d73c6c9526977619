"""The kinds of answer a worksheet exercise asks for: one class per kind.

Part of the exercise bank, below :mod:`coursekit.checks` (feedback), :mod:`coursekit.exercises`
(``coursekit exercises build``, which writes the keys) and :mod:`coursekit.handouts`, so all
of them normalise and hash answers with the same code. It imports only the standard
library and :mod:`coursekit.bank` (``dateutil`` and :mod:`coursekit.freetext` load when a
date or a free-text answer is read).

Each kind knows

* how to *normalise* an answer (:meth:`AnswerKind.normalise`): check its type and the
  values a learner may pick, and return the text that is hashed, or raise
  :class:`AnswerError` saying what to pass instead;
* what a learner may pick (:meth:`AnswerKind.describe_allowed`);
* what its key holds (:meth:`AnswerKind.key`, called by the build) and when an answer
  matches it (:meth:`AnswerKind.is_right`);
* what to say about a wrong answer (:meth:`AnswerKind.wrong_message`): after two wrong
  tries it may describe part of the answer (how many ids it has, whether a date's year
  is right).

Adding a kind of answer
-----------------------
Write a subclass of :class:`AnswerKind` (or :class:`FreeTextKind` for text read for
substance, never hashed) with its ``name`` and at least :meth:`~AnswerKind.normalise`,
and add an instance to :data:`KINDS`. Exercises of that kind in
``coursekit/answers/exercises.json`` then work with :func:`coursekit.check` and
``coursekit exercises build``. If the kind's specification has fields of its own, check
them when the keys are built (see :func:`coursekit.exercises.build_keys`).
"""

from __future__ import annotations

import datetime as _dt
import hashlib
import numbers
import re
from abc import ABC, abstractmethod
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, ClassVar, TypeAlias

from coursekit.bank import Key, Spec, clean_text

if TYPE_CHECKING:  # pragma: no cover
    from coursekit.cases import Case
    from coursekit.freetext import Reading

__all__ = [
    "ANSWER_KINDS",
    "FREE_TEXT_KINDS",
    "KINDS",
    "AnswerError",
    "AnswerKind",
    "ChoiceKind",
    "CollectionKind",
    "DateKind",
    "FreeTextKind",
    "IdsKind",
    "Normalised",
    "NumberKind",
    "PhrasesKind",
    "RewriteKind",
    "Spec",
    "TextKind",
    "VerdictKind",
    "hash_normalised",
    "kind_of",
    "normalise_answer",
]

#: A normalised answer: the text that is hashed, or a list of them (``phrases``).
Normalised: TypeAlias = str | list[str]

_AMBIGUOUS_DATE = re.compile(r"\d{1,2}[/.\-]\d{1,2}[/.\-]\d{2,4}")
_NOT_THE_ANSWER = "That is not the answer."


class AnswerError(ValueError):
    """An answer of the wrong type or shape; the message says what to pass instead."""


def hash_normalised(exercise_id: str, salt: str, normalised: str) -> str:
    """Return the hex SHA-256 of a normalised answer, salted and bound to its exercise."""
    payload = f"coursekit:{exercise_id}:{salt}:{normalised}".encode()
    return hashlib.sha256(payload).hexdigest()


def _short(value: object, limit: int = 40) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _given(answer: object) -> str:
    """``"<type> <repr>"`` of a learner's answer, for "you passed ..." messages."""
    return f"{type(answer).__name__} {_short(answer)}"


class AnswerKind(ABC):
    """One kind of answer: how it is normalised, keyed, matched and answered when wrong.

    The classes hold no state: :data:`KINDS` keeps one instance of each.
    """

    #: The kind's name, the ``kind`` of its exercises in ``exercises.json``.
    name: ClassVar[str]
    #: ``True`` for free text, read for substance by :mod:`coursekit.freetext`, never hashed.
    free_text: ClassVar[bool] = False

    @abstractmethod
    def normalise(self, spec: Spec, answer: object) -> Normalised:
        """Return the normalised answer, the text that is hashed.

        Raises
        ------
        AnswerError
            If the answer has the wrong type or holds values that cannot be picked; the
            message says what to pass instead.
        """

    def describe_allowed(self, spec: Spec) -> str:
        """Say in words what a learner may give (``""`` when any text of the right type goes)."""
        return ""

    def hashes(self, exercise_id: str, spec: Spec, answer: object, salt: str) -> list[str]:
        """Return the hash of a right answer (one per phrase for a list of phrases).

        Raises
        ------
        AnswerError
            If the answer does not pass the kind's own checks.
        """
        normalised = self.normalise(spec, answer)
        if isinstance(normalised, list):
            return [hash_normalised(exercise_id, salt, part) for part in normalised]
        return [hash_normalised(exercise_id, salt, normalised)]

    def key(self, exercise_id: str, spec: Spec, accepted: Sequence[object], salt: str) -> Key:
        """Return the key of an exercise whose right answers are ``accepted``.

        ``accepted[0]`` is the solution's ``answer``, the rest its ``also_accept`` values.

        Raises
        ------
        AnswerError
            If one of the answers does not pass the kind's own checks.
        """
        hashes = {h for answer in accepted for h in self.hashes(exercise_id, spec, answer, salt)}
        return {"salt": salt, "hashes": sorted(hashes)}

    def is_right(self, exercise_id: str, key: Key, normalised: Normalised) -> bool:
        """Whether a normalised answer matches the key."""
        return hash_normalised(exercise_id, key["salt"], str(normalised)) in key["hashes"]

    def wrong_message(
        self, exercise_id: str, spec: Spec, key: Key, normalised: Normalised, partial: bool
    ) -> str:
        """What to say about a wrong answer.

        ``partial`` is ``True`` after two wrong tries: the message may then describe
        part of the answer.
        """
        return _NOT_THE_ANSWER

    def paper_lines(self, spec: Spec) -> int:
        """How many lines to leave for the answer on a printed worksheet."""
        return 3


class CollectionKind(AnswerKind):
    """A set of items (ids, phrases), passed in curly braces; how many counts."""

    @staticmethod
    def noun(spec: Spec) -> str:
        """What one item is called in messages (the spec's ``noun``, default "item")."""
        return str(spec.get("noun", "item"))

    def items(self, spec: Spec, answer: object) -> list[str]:
        """Return the items of a set (or list) of texts.

        Raises
        ------
        AnswerError
            If the answer is not a collection of texts.
        """
        example = spec.get("example", "")
        what = spec.get("noun", "item")
        if isinstance(answer, (str, bytes)) or not isinstance(answer, Iterable):
            raise AnswerError(
                f"Pass a set of {what}s in curly braces, like {example}; "
                f"you passed {_given(answer)}."
            )
        if isinstance(answer, Mapping):
            raise AnswerError(f"Pass a set of {what}s like {example}, not a dictionary.")
        items = list(answer)
        for item in items:
            if not isinstance(item, str):
                raise AnswerError(
                    f"Every {what} should be text in quotes, like {example}; "
                    f"{_short(item)} is a {type(item).__name__}."
                )
        return items

    def count_message(self, spec: Spec, given: int, sizes: Sequence[int]) -> str:
        """Say that the answer has the wrong number of items."""
        expected = " or ".join(str(size) for size in sorted(sizes))
        plural = "s" if given != 1 else ""
        return f"You gave {given} {self.noun(spec)}{plural}; the answer has {expected}."

    def not_every(self, spec: Spec) -> str:
        """Say that the set is wrong without saying how (before two wrong tries)."""
        return f"At least one of your {self.noun(spec)}s is not right, or one is missing."


def _natural(item: str) -> tuple[str, int]:
    match = re.fullmatch(r"([A-Za-z]*)(\d+)", item)
    return (match.group(1), int(match.group(2))) if match else (item, -1)


class IdsKind(CollectionKind):
    """A set of ids of the case (claims, sources, paragraphs), e.g. ``{"C5", "C12"}``.

    Spec fields: ``allowed`` (the ids a learner may pick), ``noun``, ``example``. The key
    also holds the ``sizes`` of the right answers, for the count message.
    """

    name = "ids"

    @staticmethod
    def _allowed(spec: Spec) -> list[str]:
        return [str(value).upper() for value in spec.get("allowed", [])]

    def describe_allowed(self, spec: Spec) -> str:
        """The allowed ids, or the first and last of more than ten."""
        values = self._allowed(spec)
        if len(values) <= 10:
            return ", ".join(values)
        return f"{values[0]} to {values[-1]}"

    def normalise(self, spec: Spec, answer: object) -> str:
        """Upper-case ids, without repeats, in natural order, joined by commas."""
        items = [item.strip().upper() for item in self.items(spec, answer)]
        allowed = self._allowed(spec)
        for item in items:
            if allowed and item not in allowed:
                raise AnswerError(
                    f"{item!r} is not a {spec.get('noun', 'id')} you can pick here. "
                    f"Pick from: {self.describe_allowed(spec)}."
                )
        return ",".join(sorted(set(items), key=_natural))

    def key(self, exercise_id: str, spec: Spec, accepted: Sequence[object], salt: str) -> Key:
        """The hashes of the right answers, and how many ids each has."""
        key = super().key(exercise_id, spec, accepted, salt)
        key["sizes"] = sorted({len(self.normalise(spec, a).split(",")) for a in accepted})
        return key

    def wrong_message(
        self, exercise_id: str, spec: Spec, key: Key, normalised: Normalised, partial: bool
    ) -> str:
        """Before two wrong tries, that the set is wrong; then, whether its size is."""
        if not partial:
            return self.not_every(spec)
        given = len(str(normalised).split(",")) if normalised else 0
        sizes = list(key.get("sizes", []))
        if sizes and given not in sizes:
            return self.count_message(spec, given, sizes)
        return "You picked the right number of ids, but not all of them are right."


def _ngrams(phrase: str) -> set[str]:
    words = phrase.split()
    return {" ".join(words[i:j]) for i in range(len(words)) for j in range(i + 1, len(words) + 1)}


class PhrasesKind(CollectionKind):
    """Short phrases copied from a passage, e.g. ``{"reportedly", "sources say"}``.

    Spec fields: ``passage``, ``max_words`` (default 4), ``noun``, ``example``. The key
    holds one hash per phrase of the solution (its ``targets``; ``also_accept`` is not
    used): a learner's phrase hits a target when the target is one of its word runs, and
    the answer is right when every phrase hits and every target is hit.
    """

    name = "phrases"

    def normalise(self, spec: Spec, answer: object) -> list[str]:
        """The phrases case-folded (see :func:`coursekit.bank.clean_text`), sorted, no repeats."""
        passage = clean_text(spec.get("passage", ""))
        limit = int(spec.get("max_words", 4))
        phrases = []
        for item in self.items(spec, answer):
            phrase = clean_text(item)
            if not phrase:
                raise AnswerError("One of your phrases is empty. Remove it or fill it in.")
            if len(phrase.split()) > limit:
                raise AnswerError(
                    f"{item!r} is longer than {limit} words. Give only the word or short "
                    "phrase that does the job, copied from the passage."
                )
            if passage and not re.search(rf"(?<!\w){re.escape(phrase)}(?!\w)", passage):
                raise AnswerError(
                    f"{item!r} does not appear in the passage. Copy words exactly as the "
                    "passage writes them."
                )
            phrases.append(phrase)
        return sorted(set(phrases))

    def key(self, exercise_id: str, spec: Spec, accepted: Sequence[object], salt: str) -> Key:
        """One hash per phrase of the solution's answer."""
        return {"salt": salt, "targets": self.hashes(exercise_id, spec, accepted[0], salt)}

    def is_right(self, exercise_id: str, key: Key, normalised: Normalised) -> bool:
        """Every phrase hits a target and every target is hit."""
        targets = list(key["targets"])
        covered: set[int] = set()
        for phrase in normalised:
            hashes = {hash_normalised(exercise_id, key["salt"], gram) for gram in _ngrams(phrase)}
            hits = {i for i, target in enumerate(targets) if target in hashes}
            if not hits:
                return False
            covered |= hits
        return len(covered) == len(targets)

    def wrong_message(
        self, exercise_id: str, spec: Spec, key: Key, normalised: Normalised, partial: bool
    ) -> str:
        """Before two wrong tries, that the set is wrong; then, whether its size is."""
        if not partial:
            return self.not_every(spec)
        if len(normalised) != len(key["targets"]):
            return self.count_message(spec, len(normalised), [len(key["targets"])])
        return "Not every phrase is one the exercise asks for."


class ChoiceKind(AnswerKind):
    """One of the ``options`` of the spec, as text; case and quotes do not matter."""

    name = "choice"

    def describe_allowed(self, spec: Spec) -> str:
        """The options, quoted."""
        return ", ".join(repr(option) for option in spec["options"])

    def normalise(self, spec: Spec, answer: object) -> str:
        """The option, case-folded (see :func:`coursekit.bank.clean_text`)."""
        if not isinstance(answer, str):
            raise AnswerError(
                f"Pass one of the options as text in quotes, like {spec.get('example', '')}; "
                f"you passed {_given(answer)}."
            )
        value = clean_text(answer)
        if value not in {clean_text(option) for option in spec["options"]}:
            raise AnswerError(
                f"{answer.strip()!r} is not one of the options. "
                f"Pick one of: {self.describe_allowed(spec)}."
            )
        return value


def _as_date(answer: object) -> _dt.date | str:
    """A date from a date-like object; text (stripped) to be parsed otherwise."""
    if isinstance(answer, _dt.datetime):
        return answer.date()
    if isinstance(answer, _dt.date):
        return answer
    to_pydatetime = getattr(answer, "to_pydatetime", None)
    if to_pydatetime is not None:  # pandas.Timestamp, without importing pandas
        return to_pydatetime().date()
    if type(answer).__name__ == "datetime64":  # numpy, without importing numpy
        answer = str(answer)[:10]
    if not isinstance(answer, str):
        raise AnswerError(
            "Pass a date as text like '2025-08-15' (year-month-day) or a datetime.date; "
            f"you passed {_given(answer)}."
        )
    return answer.strip()


def _parse_date_text(text: str) -> _dt.date:
    if _AMBIGUOUS_DATE.fullmatch(text) and not re.fullmatch(r"\d{4}-\d{1,2}-\d{1,2}", text):
        raise AnswerError(
            f"{text!r} is ambiguous (is the first number the day or the month?). "
            "Write the date as year-month-day, e.g. '2025-08-15'."
        )
    from dateutil import parser

    try:
        first = parser.parse(text, default=_dt.datetime(1900, 1, 1))
        second = parser.parse(text, default=_dt.datetime(1904, 2, 2))
    except (ValueError, OverflowError) as exc:
        raise AnswerError(
            f"{text!r} is not a date I can read. Write it as year-month-day, e.g. '2025-08-15'."
        ) from exc
    if first != second:
        raise AnswerError(
            f"{text!r} is missing the day, month or year. Write a full date, e.g. '2025-08-15'."
        )
    return first.date()


class DateKind(AnswerKind):
    """A full date: ``"2025-08-15"`` or a date object.

    The key also holds the hashes of the right year and year-month, so that feedback on
    a wrong date can say which part is right.
    """

    name = "date"

    def describe_allowed(self, spec: Spec) -> str:
        """A full date, year-month-day."""
        return "a full date written year-month-day, e.g. '2025-08-15'"

    def normalise(self, spec: Spec, answer: object) -> str:
        """The date as ISO ``YYYY-MM-DD``."""
        value = _as_date(answer)
        return (value if isinstance(value, _dt.date) else _parse_date_text(value)).isoformat()

    def key(self, exercise_id: str, spec: Spec, accepted: Sequence[object], salt: str) -> Key:
        """The hashes of the right dates, and of the solution's year and year-month."""
        key = super().key(exercise_id, spec, accepted, salt)
        iso = self.normalise(spec, accepted[0])
        key["parts"] = {
            "year": hash_normalised(exercise_id, salt, iso[:4]),
            "month": hash_normalised(exercise_id, salt, iso[:7]),
        }
        return key

    def wrong_message(
        self, exercise_id: str, spec: Spec, key: Key, normalised: Normalised, partial: bool
    ) -> str:
        """After two wrong tries, whether the year and the month are right."""
        if not partial:
            return _NOT_THE_ANSWER
        parts = key.get("parts", {})
        iso = str(normalised)
        if parts.get("month") == hash_normalised(exercise_id, key["salt"], iso[:7]):
            return "The year and month are right; the day is not."
        if parts.get("year") == hash_normalised(exercise_id, key["salt"], iso[:4]):
            return "The year is right; the month is not."
        return "The year is not right."


class NumberKind(AnswerKind):
    """A whole number (a float with no fraction is accepted)."""

    name = "number"

    def describe_allowed(self, spec: Spec) -> str:
        """A whole number."""
        return "a whole number"

    def normalise(self, spec: Spec, answer: object) -> str:
        """The number in decimal digits."""
        example = spec.get("example", "") or 3
        # numbers.Integral/Real also cover numpy's integers and floats (e.g. from pandas).
        if isinstance(answer, bool) or not isinstance(answer, numbers.Real):
            raise AnswerError(
                f"Pass a whole number without quotes, like {example}; you passed {_given(answer)}."
            )
        if isinstance(answer, numbers.Integral):
            return str(int(answer))
        if not float(answer).is_integer():
            raise AnswerError(f"Pass a whole number, like {example}; {answer} has a fraction.")
        return str(int(float(answer)))


class TextKind(AnswerKind):
    """A short text, compared case-folded with quotes and dashes unified."""

    name = "text"

    def normalise(self, spec: Spec, answer: object) -> str:
        """The text case-folded (see :func:`coursekit.bank.clean_text`)."""
        if not isinstance(answer, str) or not answer.strip():
            raise AnswerError(
                f"Pass your answer as text in quotes, like {spec.get('example', '')}; "
                f"you passed {_given(answer)}."
            )
        return clean_text(answer)


class FreeTextKind(AnswerKind):
    """Free text read for substance by :mod:`coursekit.freetext`; never hashed, no key."""

    free_text = True

    def normalise(self, spec: Spec, answer: object) -> str:
        """The text itself."""
        if not isinstance(answer, str):
            raise AnswerError(
                f'Write your {self.name} as text between triple quotes: answer = """...""".'
            )
        return answer

    def key(self, exercise_id: str, spec: Spec, accepted: Sequence[object], salt: str) -> Key:
        """Free text has no key.

        Raises
        ------
        TypeError
            Always.
        """
        raise TypeError(f"Exercise {exercise_id} asks for free text ({self.name}): no key.")

    @abstractmethod
    def read(self, spec: Spec, text: str, case: Case) -> tuple[Reading, list[str]]:
        """Read an answer against the case: what it contains, and what is missing."""

    def paper_lines(self, spec: Spec) -> int:
        """Room for the words allowed: a line per 12 words, 6 to 16 lines."""
        if "max_words" in spec:
            return max(6, min(16, int(spec["max_words"]) // 12))
        return 3


class VerdictKind(FreeTextKind):
    """A verdict on a claim, citing sources (see :func:`coursekit.freetext.verdict_problems`)."""

    name = "verdict"

    def read(self, spec: Spec, text: str, case: Case) -> tuple[Reading, list[str]]:
        """Read a verdict against the case."""
        from coursekit.freetext import verdict_problems

        return verdict_problems(spec, text, case)


class RewriteKind(FreeTextKind):
    """A rewrite of vague words that names its source; spec field ``original``.

    See :func:`coursekit.freetext.rewrite_problems`.
    """

    name = "rewrite"

    def read(self, spec: Spec, text: str, case: Case) -> tuple[Reading, list[str]]:
        """Read a rewrite against the case."""
        from coursekit.freetext import rewrite_problems

        return rewrite_problems(spec, text, case)


#: Every kind of answer by name: the one registry :func:`coursekit.check`, the build and
#: the handouts read.
KINDS: Mapping[str, AnswerKind] = {
    kind.name: kind
    for kind in (
        IdsKind(),
        ChoiceKind(),
        DateKind(),
        PhrasesKind(),
        NumberKind(),
        TextKind(),
        VerdictKind(),
        RewriteKind(),
    )
}
#: The kinds of answer an exercise can ask for.
ANSWER_KINDS: tuple[str, ...] = tuple(KINDS)
#: The kinds read as free text (see :mod:`coursekit.freetext`), never hashed.
FREE_TEXT_KINDS: frozenset[str] = frozenset(name for name, kind in KINDS.items() if kind.free_text)


def kind_of(spec: Spec) -> AnswerKind:
    """Return the kind of answer an exercise asks for.

    Raises
    ------
    ValueError
        If the specification names no known kind.
    """
    kind = KINDS.get(spec["kind"])
    if kind is None:
        raise ValueError(
            f"Unknown answer kind {spec['kind']!r} in the specification of {spec.get('id')}."
        )
    return kind


def normalise_answer(spec: Spec, answer: object) -> Normalised:
    """Return the normalised form of an answer, the text that is hashed.

    For ``phrases`` exercises this is the list of normalised phrases; for every other
    kind a single string (ids sorted and joined by commas, dates as ISO ``YYYY-MM-DD``,
    text case-folded with quotes unified).

    Raises
    ------
    AnswerError
        If the answer has the wrong type or holds values that cannot be picked; the
        message says what to pass instead.
    """
    return kind_of(spec).normalise(spec, answer)
