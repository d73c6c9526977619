"""Attribution categories added for real news (issue 10), each with near-misses.

The sentences are written for these tests. Each test checks what the analyser reports
(kind, cue span, speaker), never the wording of an explanation, so editing a lexicon
row's explanation does not break them.
"""

from __future__ import annotations

import pytest

from coursekit.analysis import analyze

ATTRIBUTION_KINDS = {"attribution", "vague-attribution"}


def _attributions(text: str) -> list[tuple[str, str, str | None]]:
    """(kind, cue text, speaker) of every named or vague attribution in ``text``."""
    return [
        (f.kind, f.text, f.source) for f in analyze(text).findings if f.kind in ATTRIBUTION_KINDS
    ]


def _cues(text: str) -> list[str]:
    return [cue for _, cue, _ in _attributions(text)]


@pytest.mark.parametrize(
    ("sentence", "cue", "speaker"),
    [
        (
            "The port director believes the storm will pass by noon.",
            "believes",
            "The port director",
        ),
        ("The teachers union backed the strike on Monday.", "backed", "The teachers union"),
        ("Fishermen fear the new quota will cost jobs.", "fear", "Fishermen"),
        ("The board decided to close the branch.", "decided", "The board"),
        ("Both unions support the new bus lane.", "support", "Both unions"),
        ("Mayor Ana Ruiz wanted a second vote.", "wanted", "Mayor Ana Ruiz"),
    ],
)
def test_views_wishes_and_positions_with_a_named_speaker(
    sentence: str, cue: str, speaker: str
) -> None:
    assert ("attribution", cue, speaker) in _attributions(sentence)


@pytest.mark.parametrize(
    ("sentence", "word"),
    [
        ("The plan passed with wide support.", "support"),  # a noun
        ("She appeared on a reality show in Spain.", "show"),  # a noun
        ("The film would show a different town.", "show"),  # a possibility
        ("The gap between what voters want and what they get is wide.", "want"),
        ("The mayor thanked the union for backing the plan.", "backing"),  # a deed praised
        ("Talks resumed after the war, which highlights how fragile the truce is.", "highlights"),
        ("Shops closed early for fear of more flooding.", "fear"),  # a noun
    ],
)
def test_near_misses_of_views_are_not_cues(sentence: str, word: str) -> None:
    assert word not in _cues(sentence)


def test_a_cue_inside_another_speakers_reported_words_is_one_finding() -> None:
    assert _cues("Lena Ortiz said she plans to appeal the ruling.") == ["said"]
    assert _cues("The coach says the club wanted a new stadium.") == ["says"]
    assert _cues("The mayor told reporters that she believes the bridge is safe.") == ["told"]
    assert _cues("It is worth noting that the bridge is new.") == []
    # Two verbs of one speaker joined by "but" stay two statements.
    assert _cues("Ortiz said the board would meet, but warned that funds were short.") == [
        "said",
        "warned",
    ]


def test_words_inside_typewriter_quotes_are_quoted_words() -> None:
    text = "''I think the vote was fair,'' the chairman said."
    assert _cues(text) == ["said"]


@pytest.mark.parametrize(
    "sentence",
    [
        "The new bridge is expected to open in May.",
        "The builder was accused of skipping safety checks.",
        "The club has faced criticism for the ticket prices.",
        "Two councillors have been blamed for the delay.",
    ],
)
def test_agentless_forecasts_and_accusations_are_vague(sentence: str) -> None:
    kinds = {kind for kind, _, _ in _attributions(sentence)}
    assert kinds == {"vague-attribution"}


def test_an_agentless_accusation_does_not_make_a_named_speaker_vague() -> None:
    found = _attributions("Lee, who was accused of fraud, said the charges were false.")
    assert ("attribution", "said", "Lee") in found


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("A spokesman declined to comment on the report.", "A spokesman"),
        ("An aide said the vote would be delayed.", "An aide"),
        ("Industry groups warned of job losses.", "Industry groups"),
        (
            "One person briefed on the talks described the mood as tense.",
            "One person briefed on the talks",
        ),
    ],
)
def test_roles_without_a_name_and_unnamed_groups_are_vague(sentence: str, speaker: str) -> None:
    found = _attributions(sentence)
    assert [(kind, source) for kind, _, source in found] == [("vague-attribution", speaker)]


@pytest.mark.parametrize(
    "sentence",
    [
        "A spokesperson for the Estmark ministry said the plan was final.",
        "The fisheries council rejected the plan.",
        "A Gallup poll found that most voters disagree.",
    ],
)
def test_a_role_or_a_document_with_a_name_stays_named(sentence: str) -> None:
    kinds = [kind for kind, _, _ in _attributions(sentence)]
    assert kinds == ["attribution"]


def test_a_view_credited_to_a_vague_phrase_is_one_finding_on_the_phrase() -> None:
    findings = [
        f
        for f in analyze("Some observers believe the timing is political.").findings
        if f.kind in ATTRIBUTION_KINDS
    ]
    assert [(f.kind, f.text) for f in findings] == [("vague-attribution", "Some observers")]


@pytest.mark.parametrize(
    ("sentence", "cue", "speaker"),
    [
        (
            "The Harbour Trust, which intends to sue the port, wrote to the council.",
            "intends",
            "The Harbour Trust",
        ),
        ("Citing the delays, the mayor said the bridge would stay closed.", "Citing", "the mayor"),
    ],
)
def test_relative_clauses_and_opening_participles_find_their_speaker(
    sentence: str, cue: str, speaker: str
) -> None:
    assert ("attribution", cue, speaker) in _attributions(sentence)


def test_a_colon_may_hand_over_a_quoted_paragraph() -> None:
    text = 'The Courier reports:\n\n"The council met in private on Monday."'
    assert ":" in "".join(_cues(text))


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("Local doctors have long argued that the clinic is too small.", "Local doctors"),
        ("The harbour master had often said the pier was unsafe.", "The harbour master"),
        ("Farmers still insist that the dam must go.", "Farmers"),
    ],
)
def test_an_adverb_between_auxiliary_and_verb_is_not_the_speaker(sentence, speaker):
    assert [source for _, _, source in _attributions(sentence)] == [speaker]


@pytest.mark.parametrize(
    "sentence",
    [
        "According to two employees who saw the letter, the plant will close.",
        "Staff at the depot said the buses were late.",
        "Three workers told the paper that the fence had been cut.",
    ],
)
def test_unnamed_employees_and_workers_are_vague_sources(sentence):
    assert [kind for kind, _, _ in _attributions(sentence)] == ["vague-attribution"]


def test_a_named_employee_stays_a_named_source():
    found = _attributions("Depot employee Carla Mendes said the buses were late.")
    assert [kind for kind, _, _ in found] == ["attribution"]
    assert "Carla Mendes" in (found[0][2] or "")


@pytest.mark.parametrize(
    "sentence",
    [
        "The new owners are said to be furious about the delay.",
        "The driver was reported to have left the scene.",
        "The minister is understood to have offered her resignation.",
    ],
)
def test_an_agentless_passive_before_to_is_a_vague_attribution(sentence):
    assert [kind for kind, _, _ in _attributions(sentence)] == ["vague-attribution"]
