"""Attribution: who is said to have said what.

A speech or reporting cue (``said``, ``told``, ``according to`` ... from
``attribution_cues.csv``) is found with one regular-expression scan. For each cue
a few word-level rules look for the speaker:

* ``according to X`` and inverted quotes (``"...," said Smith``): the noun phrase after the cue;
* a participle after a comma (``..., stating that``) or a second verb after "and"/"but"
  (``announced ... but warned``): the subject at the start of the sentence (or the
  speaker of the previous cue in the sentence: ``"...," he said, adding that``);
* a stance adjective after a copula (``analysts are skeptical``): the noun phrase before;
* otherwise the noun phrase just before the cue, skipping adverbs and auxiliaries
  (``Smith also said``, ``media have reported``, ``Trump is demanding``), grown over a
  post-modifier (``officials familiar with the plan said``), over a parenthesis
  (``Sen. Ann Dale (D-Ore.) said``) or across up to three insertions
  (``Mark Reed, who voted against, argued``; ``The chairman, Piet Moller, said``).

A relative pronoun stands for the noun phrase before it (``the Union, which argued``),
and a participle that opens a sentence for the main clause's subject (``Citing the
delays, the mayor said``).

A reporting verb with no speaker found, or right after "the", "to" or "as" ("the reported
figure", "too early to say", "as promised"), or a passive ("has not been announced"),
is not reported; only the most reliable reporting verbs (``said``, ``told``, ``noting``
...) count without a speaker found. Verbs of attitude, view, intention and evidence
(``urged``, ``believes``, ``backed``, ``wants to``, ``found``) count only after a subject
that looks like a person, a group or (for evidence) a poll, study, report or video
(:func:`is_speaker`), not in a free relative ("what voters want") and not after "for"
("thanked the union for backing"); "show" and "support" only after a plural subject;
"called" counts only when a label follows (``called the plan "a disaster"``); "added" only
when a remark follows (not "added solar panels").

:func:`punctuation_attributions` adds a colon or a dash that hands a quotation to a named
speaker (``PENCE: Well``; ``"..." ― Tomas Ruiz``; ``Ruth Okafor continued: "..."``).

A cue inside the clause another cue reports ("Stein said she *plans* to join"), or inside
a quotation (curly, straight or ``''doubled''`` quotes), is part of the reported words: the
statement gets one finding, the outer speaker's. :func:`attribution_findings` applies
these filters and folds a vague phrase next to the speaker ("people familiar with the
talks said") into one finding; a view credited to a vague phrase ("some observers
believe") is that phrase's finding.

The finding's ``start:end`` is the cue word(s) only; ``source`` is the speaker. If the
speaker's head noun is in ``vague_sources.csv`` (``analysts``, ``officials``,
``some``, ``groups`` ...), or the speaker is a role with "a"/"an" and no name (``a
spokesman``), the finding is a ``vague-attribution``; otherwise an ``attribution``.
These rules are heuristics: they work on ordinary news sentences and will miss
or misread unusual ones.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from coursekit.analysis.lexicon import Cue, Lexicon
from coursekit.analysis.report import Finding
from coursekit.analysis.text import DAY_PATTERN, Spans
from coursekit.analysis.text import words as _words

__all__ = [
    "Attribution",
    "attribution_findings",
    "find_attributions",
    "is_speaker",
    "punctuation_attributions",
    "speaker_before",
]


_TOKEN = re.compile(r"[\w][\w'’.\-]*|[\"“”‘’«»]|[^\w\s]")
_PRONOUNS = _words("he she they we i it you who one")
_SKIP_BEFORE_CUE = _words(
    "also then later previously again once publicly repeatedly recently earlier further "
    "separately had has have has've will would did does do had've not never already "
    "reportedly allegedly have also just long often still always now first initially "
    "originally ever"
)
_STOP = _words(
    "that which and but or to in on for with at by as is was were are be been being "
    "if when while because after before since than this these those there here what "
    "where how why not no so yet"
)
_NP_CONNECTORS = _words("of the for de del da van von al bin and 's")
_DETERMINERS = _words("the a an this that these those its their his her our my your")
_PASSIVE = _words("been be being was were is are")
_LEAD_ADVERBIALS = _words(
    "however meanwhile still instead also moreover furthermore separately later earlier "
    "nevertheless yet but and so then"
)
_AUX = _words(
    "is are was were has have had will would can could may might should must did does do "
    "be been being"
)
_GERUND_PREPS = _words("by for after before while when without upon")
_PROGRESSIVE = _words("is are was were am be been has have had also now once again still 's ’s")
_COPULAS = _words("are is was were remain remains remained seem seems seemed appear appears")
_QUOTES = frozenset("\"“”‘’«»'")


@dataclass(frozen=True)
class Attribution:
    """A cue with its speaker (if found) and whether the speaker is vague."""

    start: int
    end: int
    cue: Cue
    source: str | None
    source_start: int | None
    source_end: int | None
    vague_head: Cue | None


def _tokens(text: str, start: int, end: int) -> list[tuple[str, int, int]]:
    return [(m.group(), m.start(), m.end()) for m in _TOKEN.finditer(text, start, end)]


def _is_cap(tok: str) -> bool:
    return tok[:1].isupper()


def _np_before(toks: list[tuple[str, int, int]]) -> tuple[int, int] | None:
    """Offsets of the noun phrase ending at the end of ``toks`` (the left context), if any.

    A parenthesis right before the cue belongs to the speaker: "Sen. Ann Lee (D-Ore.) said".
    """
    opening = _opening_parenthesis(toks)
    if opening is not None:
        inner = _np_before(toks[:opening])
        return (inner[0], toks[-1][2]) if inner else None
    i = _skip_adverbs(toks, len(toks) - 1)
    if i < 0:
        return None
    word = toks[i][0]
    low = word.lower()
    if low in _PRONOUNS:
        return toks[i][1], toks[i][2]
    if not word[0].isalnum() or low in _STOP or low in _AUX:
        return None
    j = _name_start(toks, i) if _is_cap(word) else _common_np_start(toks, i)
    return toks[j][1], toks[i][2]


def _opening_parenthesis(toks: list[tuple[str, int, int]]) -> int | None:
    """The index of the "(" that a ")" at the end of ``toks`` closes (within 12 tokens)."""
    i = len(toks) - 1
    if i <= 0 or toks[i][0] != ")":
        return None
    k = i - 1
    while k >= 0 and toks[k][0] != "(" and i - k < 12:
        k -= 1
    return k if k > 0 and toks[k][0] == "(" else None


def _skip_adverbs(toks: list[tuple[str, int, int]], i: int) -> int:
    """Step back from ``toks[i]`` over adverbs and auxiliaries ("also", "has", "quickly")."""
    while i >= 0 and (toks[i][0].lower() in _SKIP_BEFORE_CUE or toks[i][0].lower().endswith("ly")):
        if toks[i][0].lower() in _STOP:
            break
        i -= 1
    return i


def _name_start(toks: list[tuple[str, int, int]], j: int) -> int:
    """The first token of a run of capitalised words ending at ``toks[j]``.

    "of", "the" and "'s" may stand inside the run ("Bank of England"), and a determiner
    before it belongs to it ("the Kremlin").
    """
    while j - 1 >= 0:
        prev = toks[j - 1][0]
        capitalised = _is_cap(prev) and prev[0].isalpha()
        connector = prev.lower() in _NP_CONNECTORS and j >= 2 and _is_cap(toks[j - 2][0])
        if capitalised or connector:
            j -= 1
        else:
            return j - 1 if prev.lower() in _DETERMINERS else j
    return j


def _common_np_start(toks: list[tuple[str, int, int]], j: int) -> int:
    """The first token of a lower-case noun phrase ending at ``toks[j]``.

    Up to six words, stopping at a function word or at (and including) a determiner.
    """
    count = 1
    while j - 1 >= 0 and count < 6:
        lowp = toks[j - 1][0].lower()
        if not lowp[0].isalnum() or lowp in _STOP or lowp in _AUX:
            break
        j -= 1
        count += 1
        if lowp in _DETERMINERS:
            break
    return j


_POSTMOD_PREPS = _words("with of to from for at in close")


def _extend_postmodifier(
    toks: list[tuple[str, int, int]], span: tuple[int, int] | None
) -> tuple[int, int] | None:
    """Grow "the plan" into "Officials familiar with the plan" (up to two such steps)."""
    if span is None:
        return None
    for _ in range(2):
        idx = next((k for k, t in enumerate(toks) if t[1] == span[0]), None)
        if idx is None or idx < 2 or not _postmodifier_prep(toks, idx - 1):
            break
        head = _np_before(toks[: idx - 1]) or (
            _np_before(toks[: idx - 2]) if toks[idx - 2][0].lower() in _ADJ_BEFORE_PREP else None
        )
        if head is None:
            break
        span = (head[0], span[1])
    return span


_ADJ_BEFORE_PREP = _words("familiar close close-to linked connected briefed")


def _postmodifier_prep(toks: list[tuple[str, int, int]], k: int) -> bool:
    """True when ``toks[k]`` opens a post-modifier: "with", "of" ... or "briefed on"."""
    word = toks[k][0].lower()
    return word in _POSTMOD_PREPS or (word == "on" and toks[k - 1][0].lower() == "briefed")


_RELATIVE = _words("who whom")
_LINK_ADVERBS = _words("even each both all")
# Unions used in loops, made once.
_SKIP_OR_LINK = _SKIP_BEFORE_CUE | _LINK_ADVERBS
_STOP_BUT_OF = _STOP - {"of"}
_STOPS_AND_QUOTES = frozenset({",", ".", ";", ":", "?", "!"}) | _QUOTES
# Pronouns whose "'s" is "is" or "has" ("He's claiming", "she's promoted"), not a possessive.
_CONTRACTED = _words("he she it that there who")
_GROUP_DETERMINERS = _words("those these")


def _extend_relative(
    toks: list[tuple[str, int, int]], span: tuple[int, int] | None
) -> tuple[int, int] | None:
    """Grow the speaker over a relative clause or a group word before it.

    "A diplomat who attended the meeting said": the speaker is the diplomat, not the
    meeting; "Those present said": the speaker is "those present".
    """
    if span is None:
        return None
    idx = next((k for k, t in enumerate(toks) if t[1] == span[0]), None)
    if idx is None:
        return span
    if idx >= 1 and toks[idx - 1][0].lower() in _GROUP_DETERMINERS:
        return toks[idx - 1][1], span[1]
    for k in range(idx - 1, max(-1, idx - 12), -1):
        word = toks[k][0]
        if word in {",", ".", ";", ":", "?", "!"} or word in _QUOTES:
            break
        if word.lower() in _RELATIVE and k >= 1:
            head = _np_before(toks[:k])
            return (head[0], span[1]) if head else span
    return span


def _trim(text: str, span: tuple[int, int] | None) -> tuple[int, int] | None:
    """Drop a sentence-final full stop caught at the end of a speaker span."""
    if span is None:
        return None
    a, b = span
    if b - a > 1 and text[b - 1] == "." and not re.search(r"\b\w\.\w\.$", text[a:b]):
        b -= 1
    return a, b


def _before_parenthetical(toks: list[tuple[str, int, int]]) -> tuple[int, int] | None:
    """The speaker before an insertion that ends at ``toks`` (which ends with a comma).

    "Mark Reed, who voted against, argued"; "The campaign chairman, Phil Lovas, said";
    "Hillary Clinton, at a later press gaggle, said"; up to three comma-separated
    insertions, each at most 15 words. An insertion that is itself a name is the speaker.
    """
    end = len(toks) - 1
    for _ in range(3):
        k = end - 1
        while k >= 0 and toks[k][0] not in _STOPS_AND_QUOTES:
            k -= 1
        if k < 1 or toks[k][0] != "," or end - k > 16:
            return None
        segment = toks[k + 1 : end]
        if (
            segment
            and len(segment) <= 4
            and all(_is_cap(t[0]) for t in segment)
            and toks[k + 1][0].lower() not in _DETERMINERS
        ):
            return segment[0][1], segment[-1][2]  # an appositive name
        span = _np_before(toks[:k])
        if span is not None:
            return span
        end = k
    return None


def _np_after(toks: list[tuple[str, int, int]]) -> tuple[int, int] | None:
    """Offsets of the noun phrase starting at the start of ``toks`` (the right context)."""
    if not toks:
        return None
    first = toks[0][0]
    if not first[0].isalnum():
        return None
    if first.lower() in _PRONOUNS:
        return toks[0][1], toks[0][2]
    end_i = 0
    for k, (tok, _, _) in enumerate(toks[:10]):
        low = tok.lower()
        if not tok[0].isalnum() or (k > 0 and (low in _STOP_BUT_OF or low in _AUX)):
            break
        end_i = k
    return toks[0][1], toks[end_i][2]


def _subject(text: str, sent_start: int, cue_start: int) -> tuple[int, int] | None:
    """The subject at the start of the sentence, skipping a leading adverbial and comma."""
    toks = _tokens(text, sent_start, cue_start)
    i = 0
    if len(toks) > 2 and toks[0][0].lower() in _LEAD_ADVERBIALS and toks[1][0] == ",":
        i = 2
    elif len(toks) > 3 and toks[2][0] == "," and toks[0][0].lower() == "in":
        i = 3  # "In summary, ..."
    start_i = i
    while i < len(toks):
        tok = toks[i][0]
        low = tok.lower()
        if not tok[0].isalnum() or low in _AUX or (low in _STOP and i > start_i):
            break
        if i > start_i and not _is_cap(tok) and low.endswith("ed"):
            break
        starts_with_name = (
            _is_cap(toks[start_i][0]) and toks[start_i][0].lower() not in _DETERMINERS
        )
        possessive = toks[i - 1][0].endswith(("'s", "’s")) if i > start_i else False
        if i > start_i and starts_with_name and not _is_cap(tok) and not possessive:
            break  # a proper name followed by a verb ("Trump described ...")
        i += 1
        if i - start_i >= 6:
            break
    if i == start_i:
        return None
    return toks[start_i][1], toks[i - 1][2]


_HEAD_ENDS = _words("of with to from for at in on close familiar who whose which that , ( briefed")


# Nouns that make a subject a speaker ("The ministry ..., suggesting that"; "the campaign
# wants to"), besides names, personal pronouns and the vague sources ("analysts").
_SPEAKER_NOUNS = _words(
    "ministry minister government president prime chancellor spokesman spokeswoman "
    "spokesperson official company firm police court council party campaign agency "
    "department administration committee office authorities union leader leaders mayor "
    "governor senator lawmakers lawmaker parliament congress kremlin embassy army military "
    "board bank group organisation organization team coach director chief nominee candidate "
    "candidates voters residents families family wife husband mother father son daughter "
    "lawyer lawyers attorney attorneys judge judges republicans democrats members member "
    "chairman chairwoman secretary ambassador general adviser advisers advisor aide aides "
    "activists protesters demonstrators groups organizations companies executives economists "
    "historians scientists researchers writer author editor editors reporter reporters host "
    "panel commission coalition association foundation institute center centre university "
    # people named by what they do or whose side they are on
    "advocate advocates supporter supporters opponent opponents conservatives liberals "
    "progressives senators legislators governors mayors officer officers prosecutor "
    "prosecutors investigator investigators regulator regulators negotiator negotiators "
    "ministers parent parents teacher teachers student students worker workers employee "
    "employees staff staffer staffers ally allies rival rivals delegate delegates donor "
    "donors doctor doctors scholar scholars journalist journalists columnist columnists "
    "pundit pundits organizer organizers organiser organisers investor investors owner "
    "owners pollster pollsters strategist strategists consultant consultants operative "
    "operatives unions citizens farmers fishermen villagers shoppers drivers passengers "
    "patients consumers customers users readers viewers listeners fans taxpayers "
    "homeowners tenants landlords businesses retailers"
)
# Things that can "show" or "find" something: a poll shows, a study found, video shows.
_EVIDENCE_NOUNS = _words(
    "poll polls polling survey surveys study studies report reports analysis analyses data "
    "research review investigation audit records record filing filings transcript slide "
    "average video footage documents document figures numbers statistics results tally "
    "count estimate estimates memo letter email emails it"
)
_PERSONAL = _words("he she they we i you")
_SPEAKER_OR_EVIDENCE = _SPEAKER_NOUNS | _EVIDENCE_NOUNS
# Reporting verbs that news annotators mark as attribution most of the time they occur
# (PolNeAR training counts: "said" 0.82, "told" 0.80, "noting" 0.89, "citing" 0.88 ...):
# they count even when the rules cannot find the speaker (a long title or an insertion).
_RELIABLE = _words(
    "said says told added adding noted noting wrote tweeted citing stating explained "
    "recalled recalling argued arguing insisted acknowledged declared urged argues "
    # speech verbs marked at least 55% of the time (and 5 times or more) in those counts
    "tells announced announces announcing claimed insists insisting acknowledging writes "
    "explains explaining described describes describing admits conceded stressed reveals "
    "replied predicted remarked asserted concluded cited vows blamed lamented joked argue "
    "suggested suggesting suggests cites notes remarking mentioning wondered vowing"
) | frozenset(
    {
        "pointed out",
        "points out",
        "pointing out",
        "pointed to",
        "referring to",
        "went on to say",
        "made it clear",
        "spoke about",
        "has said",
        "also said",
        "later said",
        "now says",
        "did not mention",
    }
)
_RELIABLE_OR_AUX = _RELIABLE | _AUX
_SPEAKER_CATEGORIES = frozenset({"attitude-verb", "intention", "evidence", "writing"})


def is_speaker(source: str, vague_sources: Lexicon, *, evidence: bool = False) -> bool:
    """True when a subject looks like a person or an organisation.

    With ``evidence``, a poll, a study or a video counts too: a verb of attitude or
    finding then reports its position.
    """
    words = [w.strip(".,;:!?\"'“”‘’()") for w in source.split()]
    words = [w for w in words if w]
    if not words:
        return False
    lows = [w.lower() for w in words]
    if len(words) == 1 and lows[0] in _PERSONAL:
        return True
    if any(_is_cap(w) for w in words[1:]):
        return True  # a name: "The United States", "Mayor Ana Torres"
    if len(words) == 1 and _is_cap(words[0]) and not (evidence and lows[0].endswith("s")):
        return True  # "Clinton"; but "Prices show" is not a poll that shows
    pool = _SPEAKER_OR_EVIDENCE if evidence else _SPEAKER_NOUNS
    return any(w in pool or w.rstrip("'s’") in pool for w in lows) or any(
        hit.category != INDEFINITE_ROLE for w in lows for hit in vague_sources.lookup(w)
    )


def speaker_before(text: str, sent_start: int, offset: int) -> tuple[int, int] | None:
    """Offsets of the noun phrase that ends just before ``offset`` (skipping a comma)."""
    toks = _tokens(text, max(sent_start, offset - 64), offset)
    if toks and toks[-1][0] == ",":
        toks = toks[:-1]
    return _trim(text, _np_before(toks))


def _vague_head(source: str, vague_sources: Lexicon, *, initial: bool = False) -> Cue | None:
    """The vague-source row for the speaker's head noun, if its head is vague.

    The head is the last word before a post-modifier ("Two *people* familiar with the
    talks", "a senior *official* who asked not to be named"); the first and the last
    word are tried too ("*Some* of his aides", "the *officials*"). A document noun
    (category ``unnamed-document``: *study*, *research*, *poll*) is vague only when the
    phrase does not name the document (:func:`_names_document`); ``initial`` says that
    the phrase starts its sentence, so a capital first letter is not a name.
    """
    words = [w.strip(".,;:!?\"'“”‘’()") for w in source.replace(",", " , ").split()]
    words = [w for w in words if w]
    if not words:
        return None
    head_end = next((k for k, w in enumerate(words) if k > 0 and w.lower() in _HEAD_ENDS), None)
    candidates = [words[head_end - 1]] if head_end else []
    candidates += [words[-1], words[0]]
    for candidate in candidates:
        hits = vague_sources.lookup(candidate)
        if (
            hits
            and hits[0].category == UNNAMED_DOCUMENT
            and _names_document(words, initial=initial)
        ):
            continue  # "A Gallup poll", "the report" (one named earlier)
        if hits and hits[0].category == INDEFINITE_ROLE and not _role_only(words):
            continue  # "a spokesperson for the Estmark ministry": the ministry is named
        if hits:
            return hits[0]
    return None


#: ``vague_sources.csv`` category of "a", "an", "another": a speaker known only by a role
#: ("a spokesman", "an aide") is vague when no word after the article is a name.
INDEFINITE_ROLE = "indefinite-role"


def _role_only(words: list[str]) -> bool:
    """True when ``words`` are an article and a role, with no name: "A spokesman"."""
    return (
        words[0].lower() in _INDEFINITES
        and len(words) > 1
        and not any(_is_cap(w) for w in words[1:])
    )


_INDEFINITES = _words("a an another")


#: ``vague_sources.csv`` category of nouns for documents (*study*, *research*, *poll*):
#: vague only when nothing names them ("a major study", "new research", "studies").
UNNAMED_DOCUMENT = "unnamed-document"
_BACK_REFERENCES = _words("the this that these those its their his her our my your such")


def _names_document(words: list[str], *, initial: bool) -> bool:
    """True when a document phrase is named or points back to one named before.

    "A Gallup poll", "a study by Ana Ruiz", "Pew's survey" name it; "the report", "this
    study" refer to one the article has introduced. "A major study", "new research" and
    "Independent research" (capitalised only because it starts the sentence, which
    ``initial`` says) do neither.
    """
    first = words[0]
    if first.lower() in _BACK_REFERENCES or first.endswith(("'s", "’s")):
        return True
    if any(_is_cap(w) for w in words[1:]):
        return True
    return _is_cap(first) and not initial


# Verbs that report speech only when a clause or a quote follows: "she added that ...",
# but not "the renovation added solar panels" or "added to the list".
_OBJECT_SENSE = _words("add adds added adding")
_CLAUSE_STARTS = _words(
    "that in at on during later afterwards he she they it we i you there this these those "
    "when while if because but and though although as"
)


_CONTINUE_SENSE = _words("continued continues")
_AFTER_QUOTE = re.compile(r"[\"”’'],?(?:[^\S\n]+\S+){1,4}$")  # '"...," Ana Lee continued'
_QUOTE_NEXT = re.compile(r"[^\S\n]*[,:]?[^\S\n]*(?:[\"“‘]|'')")


def _continues_remark(text: str, start: int, end: int) -> bool:
    """True when "continued" hands on a quotation or a clause, not an action.

    '"...," she continued', 'She continued, "..."', 'he continued that ...'; not "the
    talks continued", "continued to rise" or "continued in office".
    """
    before = text[max(0, start - 40) : start].rstrip()
    if before.endswith(('"', "”", "’", "'")) or _AFTER_QUOTE.search(before):
        return True
    if text.startswith(":", end):
        return False  # 'Ruth Okafor continued: "..."': the colon rule takes "continued:"
    if _QUOTE_NEXT.match(text, end) is not None:
        return True
    return re.match(r"[^\S\n]+that\b", text[end : end + 8]) is not None


def _reports_remark(text: str, start: int, end: int) -> bool:
    """True when "added" (and its forms) introduces a remark, not an object.

    It does after a quote or a comma ('"...," he added'), or when a quote, a punctuation
    mark, "that", a pronoun or a time phrase follows; "added solar panels" and "added 3
    points" are not remarks.
    """
    before = text[max(0, start - 40) : start].rstrip()
    if before.endswith(('"', "”", "’", "'", ",")):
        return True
    after = text[end : end + 40]
    stripped = after.lstrip(" ")
    if not stripped or stripped[0] in ",.:;!?\"“'‘—–-\n":
        return True
    word = re.match(r"\w+", stripped)
    return word is not None and word.group().lower() in _CLAUSE_STARTS


_NAMING = re.compile(
    r"(?:[^\S\n]*(?:[\"“‘]|'')"
    r"|[^\S\n]+(?!(?:a|an|for|on|to|off|up|in|into|out|back)\b)[\w’'.-]+"
    r"(?:[^\S\n]+(?!(?:a|an)\b)[\w’'.-]+){0,8}?"
    r"[^\S\n]+(?:[\"“‘]|''|(?:a|an)\s))"
)


def _names_something(text: str, end: int) -> bool:
    """True when "called" labels something: an object, then a quote or "a"/"an".

    "Trump called the senator a 'nasty guy'", "called the plan “a disaster”"; not
    "called 911", "called a press conference" or "called off the strike".
    """
    return _NAMING.match(text, end, min(len(text), end + 80)) is not None


_CLAIMS = _words("claim claims")
_OWNER_PRONOUNS = _words("his her their its our")


def _possessor(left: list[tuple[str, int, int]], *, adjectives: int = 2) -> tuple[int, int] | None:
    """The owner before a claim noun: "Trump's (earlier) claim", "his claim"; else None.

    Up to ``adjectives`` lower-case words may stand between ("the police's earlier
    claim"); none for "claims", which after "Lee's campaign" is a verb.
    """
    i = len(left) - 1
    while (
        i >= 0 and len(left) - 1 - i < adjectives and left[i][0].isalpha() and left[i][0].islower()
    ):
        if left[i][0] in _OWNER_PRONOUNS:
            break
        i -= 1
    if i < 0:
        return None
    word, a, b = left[i]
    if word.lower() in _OWNER_PRONOUNS:
        return a, b
    if word.endswith(("'s", "’s")) and len(word) > 2:
        return left[_owner_start(left, i)][1], b - 2
    return None


def _owner_start(left: list[tuple[str, int, int]], i: int) -> int:
    """The first token of the owner whose possessive ("the mayor's") is ``left[i]``.

    A capitalised run before it and a determiner before that ("the Kremlin's"); or, for
    a lower-case owner, lower-case words back to a determiner ("the port police's").
    """
    j = i
    while j > 0 and (_is_cap(left[j - 1][0]) and left[j - 1][0][0].isalpha()):
        j -= 1
    if j < i:
        return j - 1 if j > 0 and left[j - 1][0].lower() in _DETERMINERS else j
    k = i
    while k > 0 and i - k < 3 and left[k - 1][0].isalpha() and left[k - 1][0].islower():
        k -= 1
        if left[k][0] in _DETERMINERS:
            return k
    return i


_Span = tuple[int, int]
_Token = tuple[str, int, int]


@dataclass(frozen=True)
class _Hit:
    """One attribution cue in its sentence, with the words just before it."""

    text: str
    start: int
    end: int
    cue: Cue
    sent_start: int
    sent_end: int
    left: list[_Token]  # the words before the cue, back to the sentence start (64 chars)
    bare: list[_Token]  # ``left`` without the adverbs and links just before the cue
    prev: str  # the word just before the cue, lower-cased
    gerund: bool  # "stating", "calling for", "going on"

    def right(self) -> list[_Token]:
        """The words after the cue (computed only when a rule needs them)."""
        return _tokens(self.text, self.end, min(self.sent_end, self.end + 100))


def _hit(text: str, sentence: _Span, start: int, end: int, cue: Cue) -> _Hit:
    sent_start, sent_end = sentence
    left = _tokens(text, max(sent_start, start - 64), start)
    # "..., even suggesting", "..., each touting", "... and has called for": the words
    # between the comma (or "and") and the cue do not change the speaker.
    bare = left
    while len(bare) > 1 and (
        bare[-1][0].lower() in _SKIP_OR_LINK
        or (bare[-1][0].lower().endswith("ly") and bare[-1][0].islower())
    ):
        bare = bare[:-1]
    return _Hit(
        text,
        start,
        end,
        cue,
        sent_start,
        sent_end,
        left,
        bare,
        left[-1][0].lower() if left else "",
        cue.cue.split()[0].endswith("ing"),
    )


def _not_a_remark(text: str, start: int, end: int, cue: Cue) -> bool:
    """True when the cue word is used in another sense here, not for a remark."""
    if cue.cue.lower() in _OBJECT_SENSE and not _reports_remark(text, start, end):
        return True  # "the renovation added solar panels": not a remark
    if cue.cue.lower() in _CONTINUE_SENSE and not _continues_remark(text, start, end):
        return True  # "the talks continued", "continued to rise": no remark
    before = text[max(0, start - 30) : start]
    if _in_compound(text, start, end):
        return True  # "feel-good value", "Clinton-Supporting": part of a compound word
    if cue.category in _ATTITUDES and _FREE_RELATIVE.search(before):
        return True  # "the gap between what we expect and ...": a thing, not a view stated
    if cue.cue.lower() == "show" and not _plural_subject(text, start):
        return True  # "a reality show", "an angle that would show": no poll or study shows
    if cue.cue.lower() in _NOUN_TOO and not _plural_before(text, start):
        return True  # "Republican support", "wide support": the noun, not a position taken
    # "called 911", "what he called": not a speaker's judgement here
    return cue.category == "naming-verb" and bool(
        not _names_something(text, end) or re.search(r"\bwhat\s+\S+\s+$", before)
    )


_ATTITUDES = frozenset({"attitude-verb", "intention"})


def _in_compound(text: str, start: int, end: int) -> bool:
    """True when a hyphen joins the cue to a word: "feel-good", "Clinton-Supporting"."""
    joined_after = text[end : end + 1] == "-" and text[end + 1 : end + 2].isalpha()
    joined_before = start > 1 and text[start - 1] == "-" and text[start - 2].isalpha()
    return joined_after or joined_before


# "what we expect", "what many voters want": the attitude names a thing in the sentence.
_FREE_RELATIVE = re.compile(r"\b[Ww]hat\s+(?:[\w'’]+\s+){1,2}$")
_MODALS = _words("would could might may will can should must to not")
_PLURAL_HEADS = _words("data media they we these those")
_NOT_PLURAL = _words("was is has this its his as us thus news always perhaps")


# Base forms that are more often nouns: a verb only right after a plural subject.
_NOUN_TOO = _words("support")
_PLURAL_PRONOUNS = _words("they we i you")
_PLURAL_BEFORE = re.compile(
    r"(?:\b(?P<pair>[A-Z][\w.’'-]*\s+and\s+[A-Z][\w.’'-]*)"
    r"|\b(?P<noun>[A-Za-z]{2,}[^s'’\W]s)|\b(?P<pro>[A-Za-z]+))"
    r"(?:\s+(?:also|still|now|all|both|strongly|generally|largely|[a-z]+ly))?\s+$"
)


def _plural_before(text: str, start: int) -> bool:
    """True when a plural subject stands right before: "cities support", "they support".

    "China and Russia support" (two names joined by "and") counts too; "Republican
    support", "wide support" and "85 percent support" do not.
    """
    m = _PLURAL_BEFORE.search(text, max(0, start - 60), start)
    if m is None:
        return False
    if m.group("pro") is not None:
        return m.group("pro").lower() in _PLURAL_PRONOUNS
    noun = m.group("noun")
    if noun is not None:  # "voters", not "tremendous" or "this"
        return noun.lower() not in _NOT_PLURAL and not noun.endswith(("ous", "us", "is"))
    return True


def _plural_subject(text: str, start: int) -> bool:
    """True when "show" has a plural subject: "polls show", "documents from the audit show".

    The subject is looked for among the eight words before, back to a punctuation mark or
    a relative word; a modal right before ("would show") makes it a possibility, not
    something a poll or a study shows.
    """
    clause = re.split(r"[,;:.!?()\"“”]|\b(?:that|which|who)\b", text[max(0, start - 80) : start])
    words = clause[-1].split()[-8:]
    if not words or words[-1].lower() in _MODALS:
        return False
    return any(
        w.lower() in _PLURAL_HEADS
        or (len(w) > 3 and w.endswith("s") and w.lower() not in _NOT_PLURAL and w[-2] not in "'’")
        for w in words
    )


def _stance(h: _Hit, vague_sources: Lexicon) -> Attribution | None:
    """A stance cue ("analysts are skeptical"): only after a copula, with a speaker."""
    if h.prev not in _COPULAS:
        return None
    speaker = _np_before(h.left[:-1])
    if speaker is None:
        return None
    source = h.text[speaker[0] : speaker[1]]
    vague = _vague_head(source, vague_sources)
    return Attribution(h.start, h.end, h.cue, source, speaker[0], speaker[1], vague)


def _owner(h: _Hit) -> _Span | None:
    """The owner of a claim noun: "Trump's claim that", "the mayor's assertion that"."""
    if h.cue.category == "claim-noun" or (
        h.cue.cue in _CLAIMS and re.match(r"\s+that\b", h.text[h.end : h.end + 8])
    ):
        return _possessor(h.left, adjectives=0 if h.cue.cue == "claims" else 2)
    return None


def _not_reporting(h: _Hit) -> bool:
    """True when the words before the cue make it an adjective, an infinitive or a passive."""
    if h.cue.category == "according-to":
        return False
    if h.prev == "that" and _antecedent(h.left) is not None:
        return False  # "a company that intends": a relative clause, not "that reported figure"
    if h.prev in _DETERMINERS or h.prev in {"to", "as"}:
        return True  # "the reported figure", "too early to say", "as promised"
    if h.gerund and h.prev == "worth":
        return True  # "it is worth noting that": the writer's aside, not a speaker's
    if h.gerund and h.prev == "for" and h.cue.category in _ATTITUDES:
        return True  # "thanked Cruz for backing the bill": a deed praised, not a view stated
    # "has not been announced": an event, not a speaker
    return h.prev in _PASSIVE and not h.gerund and not h.text.startswith(" by", h.end)


def _asked_speaker(h: _Hit) -> _Span | None:
    """The speaker after "Asked about the delay, the mayor said": after the first comma."""
    comma = h.text.find(",", h.end, h.sent_end)
    after = _tokens(h.text, comma + 1, min(h.sent_end, comma + 80)) if comma > 0 else []
    cut = next(
        (k for k, t in enumerate(after) if k and t[0].lower() in _RELIABLE_OR_AUX),
        len(after),
    )
    return _np_after(after[:cut])


_RELATIVES = _words("who which that")


def _antecedent(toks: list[_Token]) -> _Span | None:
    """The noun phrase a relative pronoun right before the cue stands for.

    "a super PAC that intends", "the European Union, which contended", "Ed Rendell, who
    agreed": the speaker is the noun phrase before "that", "which" or "who". Before "that"
    and "which" it must end in a name or a speaker noun: "said that" is not a relative
    clause, and in "the war, which highlights" "which" stands for the whole clause.
    """
    i = len(toks) - 1
    while i > 0 and (toks[i][0].lower() in _SKIP_BEFORE_CUE or toks[i][0].endswith("ly")):
        i -= 1
    if i < 1 or toks[i][0].lower() not in _RELATIVES:
        return None
    before = toks[:i]
    if before[-1][0] == ",":
        before = before[:-1]
    if not before:
        return None
    word = before[-1][0]
    if toks[i][0].lower() != "who" and not (_is_cap(word) or word.lower() in _SPEAKER_OR_EVIDENCE):
        return None  # "the war, which highlights": "which" may stand for the whole clause
    return _extend_postmodifier(before, _np_before(before))


def _subject_speaker(h: _Hit) -> _Span | None:
    """The noun phrase before the cue: "Trump is demanding", "Mark Reed, who ..., argued"."""
    subject_toks = h.left
    while h.gerund and subject_toks and subject_toks[-1][0].lower() in _PROGRESSIVE:
        subject_toks = subject_toks[:-1]  # "Trump is demanding", "she has been urging"
    antecedent = _antecedent(subject_toks)
    if antecedent is not None:
        return antecedent  # "a super PAC that intends", "the union, which argued"
    span = _extend_postmodifier(subject_toks, _np_before(subject_toks))
    span = _extend_relative(subject_toks, span)
    if span is None and h.left and h.left[-1][0] == ",":
        span = _before_parenthetical(h.left)  # "Mark Reed, who voted against, argued"
    if span is None and h.left and h.left[-1][0] == ",":
        after = h.right()
        if after and _is_cap(after[0][0]):
            span = _np_after(after)  # "The talks, said Smith, ..."
    return span


def _speaker(h: _Hit, same: _Span | None) -> _Span | None:
    """The speaker's span for a reporting cue; ``same``: the sentence's previous speaker."""
    text, prev, left, bare = h.text, h.prev, h.left, h.bare
    if h.cue.category == "according-to":
        return _np_after(h.right())
    if text.startswith(" by ", h.end) and (
        prev in _PASSIVE or (prev == "," and not h.gerund) or prev.endswith("ly")
    ):
        # "The plan was endorsed by the union", "..., promoted by the mayor": the
        # speaker is the agent after "by".
        return _np_after(_tokens(text, h.end + 4, min(h.sent_end, h.end + 100)))
    if not left and (h.gerund or h.cue.cue.lower().startswith("asked ")):
        return _asked_speaker(h)  # "Asked about ..., the mayor said"; "Citing ..., Trump"
    if h.gerund and prev in _GERUND_PREPS:
        # "He began by saying", "after saying"
        return _subject(text, h.sent_start, h.start) or same
    if h.gerund and bare and (bare[-1][0] == "," or bare[-1][0] in _QUOTES):
        if same is not None:
            return same  # '"...," he said, adding that': the same speaker
        return _subject(text, h.sent_start, h.start)  # "..., stating that"
    if left and (
        left[-1][0] in _QUOTES or (left[-1][0] == "," and len(left) > 1 and left[-2][0] in _QUOTES)
    ):
        return _np_after(h.right())  # '"...," said Smith'
    if bare and bare[-1][0].lower() in {"and", "but"}:
        return _subject(h.text, h.sent_start, h.start)  # "X announced ... but warned"
    return _subject_speaker(h)


def _evidence_speaker(h: _Hit, span: _Span | None, vague_sources: Lexicon) -> _Span | None:
    """The poll or study that shows something, at the head of a long subject.

    "The average of polls taken over the past two weeks shows": the speaker is
    "The average of polls".
    """
    text = h.text
    if h.cue.category != "evidence" or (
        span and is_speaker(text[span[0] : span[1]], vague_sources, evidence=True)
    ):
        return span
    subject = _subject(text, h.sent_start, h.start)
    if not (subject and is_speaker(text[subject[0] : subject[1]], vague_sources, evidence=True)):
        return span
    # End the speaker at its last poll/study word: "The average of polls".
    heads = [t[2] for t in _tokens(text, subject[0], subject[1]) if t[0].lower() in _EVIDENCE_NOUNS]
    return (subject[0], heads[-1]) if heads else subject


def _spoken_by(text: str, span: _Span | None) -> tuple[_Span | None, str | None] | None:
    """The speaker's span and text; None when a possessive makes the cue an adjective."""
    source = text[span[0] : span[1]] if span else None
    if span and source and source[:-2].lower() in _CONTRACTED and source.endswith(("'s", "’s")):
        return (span[0], span[1] - 2), source[:-2]  # "He’s claiming", "It’s denouncing"
    if source and source.endswith(("'s", "’s", "'", "’")):
        return None  # "the minister's reported remarks"
    return span, source


def find_attributions(
    text: str,
    sentences: list[tuple[int, int]],
    sentence_of: Callable[[int], int],
    hits: Iterable[tuple[int, int, Cue]],
    vague_sources: Lexicon,
) -> Iterator[Attribution]:
    """Yield attribution cues with their speakers.

    ``hits`` are the ``(start, end, cue)`` matches of the attribution lexicon (see
    :meth:`Lexicon.finditer`); ``sentence_of`` maps an offset to a sentence index.
    """
    previous: tuple[int, _Span] | None = None  # (sentence, speaker span)
    for start, end, cue in hits:
        if _not_a_remark(text, start, end, cue):
            continue
        s_index = sentence_of(start)
        h = _hit(text, sentences[s_index] if sentences else (0, len(text)), start, end, cue)
        handled, found = _stance_or_owned(h, vague_sources)
        if not handled:
            same = previous[1] if previous is not None and previous[0] == s_index else None
            found = _verb_attribution(h, same, vague_sources)
            if found is not None and found.source_start is not None and found.source_end:
                previous = (s_index, (found.source_start, found.source_end))
        if found is not None:
            yield found


def _stance_or_owned(h: _Hit, vague_sources: Lexicon) -> tuple[bool, Attribution | None]:
    """``(True, finding or None)`` for a stance adjective or a claim noun with its owner.

    "analysts are skeptical", "Trump's claim that"; ``(False, None)`` for any other cue.
    """
    if h.cue.category == "stance":
        return True, _stance(h, vague_sources)
    owner = _owner(h)
    if owner is None:
        return False, None
    source = h.text[owner[0] : owner[1]]
    vague = _vague_head(source, vague_sources)
    return True, Attribution(h.start, h.end, h.cue, source, *owner, vague)


def _verb_attribution(h: _Hit, same: _Span | None, vague_sources: Lexicon) -> Attribution | None:
    """A reporting verb with its speaker, or None when the words around it say it is not one.

    ``same`` is the speaker of the previous cue in the sentence ('"...," he said, adding').
    """
    cue, text = h.cue, h.text
    if cue.category == "claim-noun" or _not_reporting(h):
        return None  # "the allegations of fraud": whose, the sentence does not say here
    span = _trim(text, _evidence_speaker(h, _speaker(h, same), vague_sources))
    if span is None and cue.category != "according-to" and cue.cue not in _RELIABLE:
        return None  # no speaker: "too early to say", "as promised"
    spoken = _spoken_by(text, span)
    if spoken is None:
        return None  # "the minister's reported remarks": an adjective, not a cue
    span, source = spoken
    if not _speaker_fits(cue, source, vague_sources):
        return None  # "the pipeline plans to", "prices show": no speaker, no attribution
    initial = span is not None and not text[h.sent_start : span[0]].strip(" \n\"“‘'(")
    return Attribution(
        start=h.start,
        end=h.end,
        cue=cue,
        source=source,
        source_start=span[0] if span else None,
        source_end=span[1] if span else None,
        vague_head=_vague_head(source, vague_sources, initial=initial) if source else None,
    )


def _speaker_fits(cue: Cue, source: str | None, vague_sources: Lexicon) -> bool:
    """False when a verb of attitude, intention, evidence or writing lacks a real speaker."""
    if cue.category not in _SPEAKER_CATEGORIES:
        return True
    evidence = cue.category == "evidence"
    return bool(source) and is_speaker(source or "", vague_sources, evidence=evidence)


# -- a colon or a dash that introduces a quote ---------------------------------------------

# A colon (not after a digit or a space) before a quote or a capital. It starts with the
# colon itself (the look-behind follows it), so the regex engine skips ahead to colons.
_COLON = re.compile(r":(?<![\d\s]:)(?=[^\S\n]{0,2}(?:\n[^\S\n]*){0,2}[\"“”‘’'«A-Z])")
# A closing quote (or '') and a dash before a name. The pattern starts with a character
# class (not a group) so the regex engine skips ahead to the quote marks.
_QUOTE_DASH = re.compile(r"[”\"’'](?:(?<=')')?[^\S\n]*(―|—|–|--)[^\S\n]*(?=[A-Z])")
# A dash between a word and an opening quote; matched from the white space before a dash.
_DASH_QUOTE = re.compile(r"(?<=\w)[^\S\n]+(―|—|–|--)[^\S\n]*(?=[\"“‘']|'')")
_DASHES = re.compile(r"―|—|–|--")
# Labels before a colon that introduce a section, not a speaker's words.
_LABELS = _words(
    "note update updated editor's editors photo photos image images video source sources "
    "related watch read correction corrections transcript credit caption tags share listen "
    "see also q a subscribe warning spoiler disclaimer breaking exclusive live analysis "
    "opinion editorial contact email tel phone fax website address date time location "
    "venue subject re fwd cc to from copyright sign follow latest clarification said says"
)
_NAME_CONNECTORS = _words("of the de del da van von al bin 's ’s and")
# Title Case words that occur in headlines but not inside a person's or a body's name.
_HEADLINE_WORDS = _words(
    "Over On In To For With At From By About After Against Into Is Are Was Were Will Has "
    "Have Goes Says Said Takes Gets Makes"
)
_OPENING = frozenset("\"“‘'«(\n")


def _segment_before(text: str, sent_start: int, pos: int) -> tuple[int, str]:
    """Start offset and text of the stretch before ``pos`` back to a line, sentence or quote."""
    start = max(sent_start, text.rfind("\n", 0, pos) + 1)
    for q in '"“‘«':
        k = text.rfind(q, start, pos)
        if k >= 0:
            start = max(start, k + 1)
    while start < pos and (text[start] in "'" or text[start].isspace()):
        start += 1
    return start, text[start:pos]


def _is_name(words: list[str], limit: int) -> bool:
    if not words or len(words) > limit:
        return False
    if not (_is_cap(words[0]) and _is_cap(words[-1])):
        return False
    if words[0].lower().rstrip(".") in _LABELS and len(words) == 1:
        return False
    if " ".join(words).lower() in {
        "editor's note",
        "editors note",
        "read more",
        "see also",
        "the latest",
    }:
        return False
    if any(w in _HEADLINE_WORDS for w in words[1:]):
        return False  # "Stealth Over Health:", "The Gap Goes On:": a headline, not a name
    return all(_is_cap(w) or w.lower() in _NAME_CONNECTORS for w in words)


def punctuation_attributions(
    text: str,
    sentences: list[tuple[int, int]],
    sentence_of: Callable[[int], int],
    cues: Lexicon,
    vague_sources: Lexicon,
) -> Iterator[Attribution]:
    """Colons and dashes that hand the words to a named speaker.

    * ``PENCE: Well, ...``, ``Pat Caddell: Democrat voters ...`` and ``Rush Limbaugh:
      "..."``: a colon after a name (up to four capitalised words, eight before a quote)
      at the start of a line, a sentence or a quotation; section labels ("Update:",
      "Editor's note:") are not speakers;
    * ``Caddell continued: "..."``: a verb right before a colon and a quote, after a
      name or a pronoun: the verb and the colon are the cue (the quote may start a new
      paragraph: ``The Times reports:`` and a quoted paragraph);
    * ``"..." ― Sonya Herridge``: a dash between a closing quote and a name;
    * ``Mitt Romney -- "It is ..."``: a dash between a name and an opening quote.

    The explanations come from the ``:`` and ``―`` rows of ``attribution_cues.csv``.
    """
    colon_cue = next(iter(cues.lookup(":")), None)
    dash_cue = next(iter(cues.lookup("―")), None)
    if colon_cue is not None and ":" in text:
        for m in _COLON.finditer(text):
            sent_start = sentences[sentence_of(m.start())][0] if sentences else 0
            found = _colon_attribution(text, sent_start, m.start(), colon_cue, vague_sources)
            if found is not None:
                yield found
    if dash_cue is not None and any(d in text for d in ("―", "—", "–", "--")):
        yield from _dash_attributions(text, sentences, sentence_of, dash_cue, vague_sources)


def _colon_attribution(
    text: str, sent_start: int, pos: int, cue: Cue, vague_sources: Lexicon
) -> Attribution | None:
    """The attribution a colon at ``pos`` makes, if any: "PENCE: Well", "Lee continued: "."""
    seg_start, segment = _segment_before(text, sent_start, pos)
    words = segment.split()
    after = text[pos + 1 : pos + 4].lstrip()
    quoted = bool(after) and after[0] in "\"“”‘’'«"
    if _is_name(words, 8 if quoted else 4):
        vague = _vague_head(segment, vague_sources)
        return Attribution(pos, pos + 1, cue, segment, seg_start, pos, vague)
    if not (quoted and _verb_before_colon(words)):
        return None
    v_start = pos - len(words[-1])
    sp = _np_before(_tokens(text, seg_start, v_start))
    if sp is None:
        return None
    source = text[sp[0] : sp[1]]
    return Attribution(
        v_start, pos + 1, cue, source, sp[0], sp[1], _vague_head(source, vague_sources)
    )


def _verb_before_colon(words: list[str]) -> bool:
    """True when ``words`` end in a name or pronoun and a verb: "Caddell continued"."""
    if len(words) < 2 or not (words[-1].isalpha() and words[-1].islower()):
        return False
    return words[-1].endswith(("ed", "s")) and (
        _is_cap(words[-2]) or words[-2].lower() in _PRONOUNS
    )


def _dash_attributions(
    text: str,
    sentences: list[tuple[int, int]],
    sentence_of: Callable[[int], int],
    cue: Cue,
    vague_sources: Lexicon,
) -> Iterator[Attribution]:
    """Dashes between a quote and a name: '"..." ― Sonya Herridge', 'Mitt Romney -- "It'."""
    for m in _QUOTE_DASH.finditer(text):
        toks = _tokens(text, m.end(), min(len(text), m.end() + 60))
        found = _dash_attribution(text, m, _np_after(toks), cue, vague_sources)
        if found is not None:
            yield found
    for m in _dash_quotes(text):
        sent_start = sentences[sentence_of(m.start())][0] if sentences else 0
        toks = _tokens(text, max(sent_start, m.start() - 64), m.start())
        found = _dash_attribution(text, m, _np_before(toks), cue, vague_sources)
        if found is not None:
            yield found


def _dash_quotes(text: str) -> Iterator[re.Match[str]]:
    """The matches of _DASH_QUOTE, tried only at the white space before each dash (fast)."""
    for dash in _DASHES.finditer(text):
        j = dash.start()
        while j > 0 and text[j - 1] != "\n" and text[j - 1].isspace():
            j -= 1
        m = _DASH_QUOTE.match(text, j) if j < dash.start() else None
        if m is not None and m.start(1) == dash.start():
            yield m


def _dash_attribution(
    text: str, m: re.Match[str], span: _Span | None, cue: Cue, vague_sources: Lexicon
) -> Attribution | None:
    """The dash in ``m`` credited to the speaker at ``span``, if that is a name."""
    if span is None or not _is_cap(text[span[0] : span[1]]):
        return None
    source = text[span[0] : span[1]]
    vague = _vague_head(source, vague_sources)
    return Attribution(m.start(1), m.end(1), cue, source, span[0], span[1], vague)


# -- from cues to findings --------------------------------------------------------------

_Entry = dict[str, Any]


def _quotation_test(text: str) -> Callable[[int], bool]:
    """Build a test: is an offset inside a quotation opened earlier in its paragraph.

    Curly quotes count as open minus closed; straight double quotes by parity. Positions
    are looked up with bisect, so a long text costs linear time.
    """
    opens = [m.start() for m in re.finditer("“", text)]
    closes = [m.start() for m in re.finditer("”", text)]
    straight = [m.start() for m in re.finditer('"', text)]
    doubled = [m.start() for m in re.finditer("''", text)]  # ''...'' (a typewriter style)
    breaks = [m.start() for m in re.finditer("\n", text)]

    def inside(pos: int) -> bool:
        k = bisect.bisect_left(breaks, pos)
        line_start = breaks[k - 1] + 1 if k else 0

        def count(positions: list[int]) -> int:
            return bisect.bisect_left(positions, pos) - bisect.bisect_left(positions, line_start)

        return count(opens) > count(closes) or count(straight) % 2 == 1 or count(doubled) % 2 == 1

    return inside


class _Context:
    """What the attribution step needs to know about a text already scanned."""

    def __init__(
        self,
        text: str,
        sentences: list[_Span],
        sentence_of: Callable[[int], int],
        cues: Lexicon,
        vague_sources: Lexicon,
        booster_spans: list[_Span],
        ref_spans: list[_Span],
        phrases: list[Finding],
    ) -> None:
        self.text = text
        self.sentences = sentences
        self.sentence_of = sentence_of
        self.cues = cues
        self.vague_sources = vague_sources
        self.boosters = Spans(booster_spans)
        self.references = Spans(ref_spans)
        self.phrases = phrases
        self.phrase_starts = [p.start for p in phrases]

    def in_booster(self, offset: int) -> bool:
        """True when ``offset`` lies inside a booster."""
        return offset in self.boosters

    def in_reference(self, offset: int) -> bool:
        """True when ``offset`` lies inside a reference-list line."""
        return offset in self.references

    def phrases_between(self, lo: int, hi: int) -> list[Finding]:
        """The vague phrases that start in ``[lo, hi)``, in text order."""
        i = bisect.bisect_left(self.phrase_starts, lo)
        out = []
        while i < len(self.phrases) and self.phrases[i].start < hi:
            out.append(self.phrases[i])
            i += 1
        return out


def _found_attributions(ctx: _Context, hits: Iterable[tuple[int, int, Cue]]) -> list[Attribution]:
    """Reporting-verb and punctuation attributions, in text order (one per start)."""
    text, sentences = ctx.text, ctx.sentences
    found = list(find_attributions(text, sentences, ctx.sentence_of, hits, ctx.vague_sources))
    taken = {a.start for a in found}
    found.extend(
        a
        for a in punctuation_attributions(
            text, sentences, ctx.sentence_of, ctx.cues, ctx.vague_sources
        )
        if a.start not in taken
    )
    found.sort(key=lambda a: a.start)
    return found


def _not_a_speaker(
    ctx: _Context,
    att: Attribution,
    hedge: Finding | None,
    inside_quote: Callable[[int], bool] | None,
) -> bool:
    """True when a matched reporting cue is not a speaker's statement after all."""
    if ctx.in_reference(att.start):
        return True  # a headline or title inside a reference, not an attribution
    if (
        inside_quote is not None
        and att.cue.category != "quote-punctuation"
        and inside_quote(att.start)
    ):
        return True  # '"He said he would win," Lee told us': the inner verb is quoted words
    inside = ctx.phrases_between(max(0, att.start - 80), att.start + 1)
    if any(p.start <= att.start < p.end for p in inside):
        return True  # already part of a vague phrase such as "it is said"
    # "promises to be" is a prediction, not a speaker's promise
    return (hedge is not None and hedge.end > att.end) or ctx.in_booster(att.start)


_NO_AGENT = "agentless-passive"


def _merge_vague_phrase(ctx: _Context, att: Attribution, entry: _Entry, merged: set[int]) -> bool:
    """Fold a vague phrase near the speaker into ``entry``; False drops the attribution."""
    text = ctx.text
    s_start, s_end = ctx.sentences[ctx.sentence_of(att.start)] if ctx.sentences else (0, len(text))
    if att.source_start is None or att.source_end is None:
        return True
    if att.source_start < att.start:
        # "People close to the talks said", "An official who asked not to be
        # named said", "A senior official, speaking on condition of anonymity, said"
        near = [
            p
            for p in ctx.phrases_between(max(s_start, att.source_start - 80), att.start)
            if p.end <= att.start + 1 and p.end >= att.source_start - 2
        ]
    else:
        # "said a person familiar with the matter, who spoke on condition of ..."
        near = ctx.phrases_between(att.end, min(s_end, att.source_end + 80))
    # "Quiros, who was accused of fraud, said": a passive with no agent names nobody, so
    # it does not make the speaker vague.
    near = [p for p in near if p.category != _NO_AGENT]
    if not near:
        return True
    if " " not in (near[0].cue or "") and near[0].start >= att.source_end:
        # "Tokayev reportedly supported": the statement reaches the reader only
        # through "reportedly", so that word is the one finding.
        return False
    if att.cue.category in _ATTITUDES:
        # "Some observers believe": a view credited to a vague group; the group's phrase
        # is the one finding (what to check is who they are).
        return False
    phrase = near[0]
    for p in near:
        merged.add(id(p))
    entry["kind"] = "vague-attribution"
    entry["explanation"] = phrase.explanation
    entry["category"] = phrase.category
    if att.source_start < att.start and phrase.start < att.source_start:
        head = speaker_before(text, s_start, phrase.start)
        new_start = head[0] if head else phrase.start
        entry["source_start"] = new_start
        entry["source"] = text[new_start : att.source_end]
    return True


def _attributions(
    ctx: _Context, hits: Iterable[tuple[int, int, Cue]], hedges: Iterable[Finding]
) -> tuple[list[_Entry], set[int], set[int]]:
    """Attribution findings, the ids of vague phrases merged into them, of hedges dropped."""
    hedge_at = {h.start: h for h in hedges if h.kind == "hedge"}
    dropped_hedges: set[int] = set()
    merged: set[int] = set()  # ids of phrases that became part of an attribution
    attributions: list[_Entry] = []
    found = _found_attributions(ctx, hits)
    inside_quote = _quotation_test(ctx.text) if found else None
    for att in found:
        hedge = hedge_at.get(att.start)
        if _not_a_speaker(ctx, att, hedge, inside_quote):
            continue
        if att.cue.cue.lower() == "suggesting" and hedge is not None:
            if att.source is None or not is_speaker(att.source, ctx.vague_sources):
                continue  # "the river rose, suggesting": evidence that hints, a hedge
            dropped_hedges.add(id(hedge))  # "the minister suggested": a speaker's proposal
        entry: _Entry = dict(
            kind="vague-attribution" if att.vague_head is not None else "attribution",
            start=att.start,
            end=att.end,
            explanation=(att.vague_head or att.cue).explanation,
            category="vague-source" if att.vague_head is not None else att.cue.category,
            cue=att.cue.cue,
            source=att.source,
            source_start=att.source_start,
            source_end=att.source_end,
        )
        if (
            att.source_start is not None
            and att.source_end is not None
            and not _merge_vague_phrase(ctx, att, entry, merged)
        ):
            continue
        attributions.append(entry)
    return attributions, merged, dropped_hedges


def _once_per_speaker(ctx: _Context, attributions: list[_Entry]) -> list[_Entry]:
    """One finding per attributed statement.

    A vague speaker who governs a second verb ("analysts are skeptical ..., noting ...")
    is counted once.
    """
    seen_speakers: set[tuple[int, int, int]] = set()
    kept = []
    for entry in attributions:
        if entry["kind"] == "vague-attribution" and entry["source_start"] is not None:
            key = (ctx.sentence_of(entry["start"]), entry["source_start"], entry["source_end"])
            if key in seen_speakers:
                continue
            seen_speakers.add(key)
        kept.append(entry)
    return kept


# What may stand between a reporting verb and the subject of the clause it reports:
# "said (on Tuesday) (that) she plans", "says Machado promised".
_REPORTED_CLAUSE_GAP = re.compile(
    rf"\s*(?:that\s+)?(?:(?:on\s+)?(?:{DAY_PATTERN})\s+)?(?:that\s+)?",
    re.IGNORECASE,
)
_TOLD_CLAUSE_GAP = re.compile(
    r"(?:\s+[\w'’.-]+){0,6}?\s+(?:that|how|why|whether)\s+", re.IGNORECASE
)
_OWNED = frozenset({"claim-noun", "quote-punctuation"})
_COORDINATION = re.compile(r",|\b(?:and|but)\b")


def _in_reported_clause(ctx: _Context, entry: _Entry, before: _Entry | None) -> bool:
    """True when a cue lies inside the words another cue reports.

    "Stein said she plans to join", "Merrill says Machado promised", "Mook asserted that
    Trump tells": the plan, the promise and the telling are part of what the first
    speaker reported; the reader has that speaker's word for them, so the statement has
    one attribution, the outer one.
    """
    start = entry["source_start"]
    if before is None or start is None or entry["category"] in _OWNED:
        return False
    if before["category"] in _OWNED:
        return False
    if start <= before["start"] and before["end"] <= entry["source_end"]:
        # "Figueroa said Stein complied with police orders": the speaker found runs over
        # another cue, so this one has no speaker of its own; but "His aides say ... but
        # noted" is one speaker with two verbs.
        return _COORDINATION.search(ctx.text, before["end"], entry["start"]) is None
    if before["end"] > start:
        return False
    if ctx.sentence_of(before["start"]) != ctx.sentence_of(entry["start"]):
        return False
    if str(entry["source"]).lower().startswith("that "):
        return True  # "... asserted that Trump tells": the speaker span took the "that"
    gap = _REPORTED_CLAUSE_GAP.match(ctx.text, before["end"], start)
    if gap is not None and gap.end() == start:
        return True
    # "told the audience that she believes", "explained why he backs": a listener or a
    # question word between the speech verb and the reported clause.
    told = _TOLD_CLAUSE_GAP.match(ctx.text, before["end"], start)
    return told is not None and told.end() == start and before["category"] == "speech-verb"


def _outer_attributions(ctx: _Context, attributions: list[_Entry]) -> list[_Entry]:
    """Drop the cues that lie inside another cue's reported clause (see above)."""
    kept: list[_Entry] = []
    for entry in attributions:
        if _in_reported_clause(ctx, entry, kept[-1] if kept else None):
            continue
        kept.append(entry)
    return kept


def attribution_findings(
    text: str,
    sentences: list[tuple[int, int]],
    sentence_of: Callable[[int], int],
    hits: Iterable[tuple[int, int, Cue]],
    *,
    cues: Lexicon,
    vague_sources: Lexicon,
    hedges: Iterable[Finding],
    phrases: list[Finding],
    booster_spans: list[tuple[int, int]],
    reference_spans: list[tuple[int, int]],
) -> tuple[list[Finding], set[int]]:
    """Named and vague attribution findings, and the hedges they replace.

    Parameters
    ----------
    text, sentences, sentence_of
        The text, its sentence spans and a map from an offset to a sentence index.
    hits
        ``(start, end, cue)`` matches of the reporting-word lexicon, in text order.
    cues, vague_sources
        The attribution lexicon (its ``:`` and ``―`` rows explain punctuation cues) and
        the vague-source nouns (``analysts``, ``officials``).
    hedges
        The findings so far; of them, the hedges matter: "suggesting" after a speaker
        is a proposal, and its hedge is dropped.
    phrases
        Vague-attribution phrase findings ("it is said", "on condition of anonymity"),
        sorted by start; one next to a speaker is folded into that speaker's finding.
    booster_spans, reference_spans
        Spans of boosters ("promises to be") and reference-list lines: a reporting word
        inside either is not a speaker's statement.

    Returns
    -------
    tuple
        The findings to add (attributions, with ``sentence`` set from ``sentence_of``,
        then the phrases not folded into one) and the ``id`` of each hedge finding to drop.
    """
    ctx = _Context(
        text, sentences, sentence_of, cues, vague_sources, booster_spans, reference_spans, phrases
    )
    attributions, merged, dropped_hedges = _attributions(ctx, hits, hedges)
    findings = [
        Finding(text=text[e["start"] : e["end"]], sentence=sentence_of(e["start"]), **e)
        for e in _outer_attributions(ctx, _once_per_speaker(ctx, attributions))
    ]
    findings.extend(p for p in phrases if id(p) not in merged)
    return findings, dropped_hedges
