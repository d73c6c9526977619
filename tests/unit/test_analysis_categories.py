"""Boosters, vague sources and the misfires of issue 10 (sentences written for these tests)."""

from __future__ import annotations

import pytest

from coursekit.analysis import analyze


def kinds(text: str) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in analyze(text).findings]


def of_kind(text: str, kind: str) -> list[str]:
    return [f.text for f in analyze(text).findings if f.kind == kind]


# -- boosters -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "booster"),
    [
        ("Clearly, the new bridge has failed.", "Clearly"),
        ("The plan will certainly collapse by spring.", "certainly"),
        ("It is without doubt the worst harvest on record.", "without doubt"),
        ("There is no doubt that the mayor knew.", "There is no doubt"),
        ("It is clear that the council acted too late.", "It is clear that"),
        ("Everyone knows the old port is unsafe.", "Everyone knows"),
        ("The festival promises to be the biggest yet.", "promises to be"),
        ("Prices are bound to rise next year.", "are bound to"),
        ("The verdict was undoubtedly a turning point.", "undoubtedly"),
        ("Make no mistake, the levy will hurt farmers.", "Make no mistake"),
        ("It is well known that the old mine leaks.", "It is well known that"),
        ("The evidence against the firm is irrefutable.", "irrefutable"),
        ("The new stadium is sure to attract crowds.", "is sure to"),
        ("Its guilt is beyond dispute, the editorial says.", "beyond dispute"),
        ("There is little doubt the ferry will be late.", "There is little doubt"),
        ("No one doubts the dam needs repairs.", "No one doubts"),
    ],
)
def test_boosters_are_found_and_never_hedges(sentence: str, booster: str) -> None:
    assert of_kind(sentence, "booster") == [booster]
    assert of_kind(sentence, "hedge") == []


def test_boosters_do_not_count_as_uncertain_sentences() -> None:
    report = analyze("Clearly, the plan works. It may fail.")
    assert report.uncertain_sentences() == [1]


@pytest.mark.parametrize(
    "sentence",
    [
        "The teacher spoke clearly to the class.",  # manner, not certainty
        "The answer is not clearly stated in the report.",
        "He will almost certainly attend.",  # a hedge on likelihood, not a booster
        "There is little doubt among the residents.",
        "The bill is almost certain to pass.",
        "It is not certain that the mayor knew.",
        "The cause of the fire is not beyond dispute.",
        "There is little question about the timetable among drivers.",
    ],
)
def test_booster_near_misses(sentence: str) -> None:
    assert of_kind(sentence, "booster") == []


# -- calibrated statements and hedge misfires ------------------------------------------


def test_remains_uncertain_is_a_calibrated_statement_not_a_hedge() -> None:
    assert kinds("Outcomes remain uncertain.") == []
    assert kinds("The cause of the fire remains unknown.") == []
    assert of_kind("The cause of the fire is uncertain.", "hedge") == ["uncertain"]


def test_whether_in_a_reported_question_is_not_a_hedge() -> None:
    assert of_kind("She asked whether the school would reopen.", "hedge") == []
    assert of_kind("He would quickly know whether the plan works.", "hedge") == []
    assert of_kind("Whether the school reopens is undecided.", "hedge") == ["Whether"]


def test_likelihood_as_a_topic_is_not_a_hedge() -> None:
    assert of_kind("Critics questioned the likelihood of a quick repair.", "hedge") == []
    assert of_kind("In all likelihood the repair will take a year.", "hedge") == [
        "In all likelihood"
    ]


def test_suggesting_after_a_speaker_is_a_reporting_verb() -> None:
    text = "The ministry published its plan, suggesting that the tax would fall."
    assert of_kind(text, "attribution") == ["suggesting"]
    assert of_kind(text, "hedge") == []
    evidence = "The river rose quickly, suggesting that the dam had failed."
    assert of_kind(evidence, "hedge") == ["suggesting"]


# -- vague sources --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sentence", "speaker"),
    [
        ("People familiar with the talks said a deal was close.", "People familiar with the talks"),
        (
            "Two people with knowledge of the plan said it would be delayed.",
            "Two people with knowledge of the plan",
        ),
        ("An official who asked not to be named said the port would close.", "An official"),
        (
            "A senior official, speaking on condition of anonymity, said the port would close.",
            "A senior official",
        ),
        ("Those close to the mayor said she was angry.", "Those close to the mayor"),
        ("Diplomats said the meeting had gone well.", "Diplomats"),
        ("A diplomat who attended the dinner said the mood was tense.", "A diplomat who"),
        ("Those present said the vote was calm.", "Those present"),
        ("According to a senior official, the port will close.", "a senior official"),
    ],
)
def test_a_vague_speaker_is_one_vague_finding_never_named(sentence: str, speaker: str) -> None:
    report = analyze(sentence)
    assert [f.kind for f in report.findings if "attribution" in f.kind] == ["vague-attribution"]
    (finding,) = [f for f in report.findings if f.kind == "vague-attribution"]
    assert finding.source is not None and finding.source.startswith(speaker)


def test_a_vague_speaker_of_two_verbs_is_one_finding() -> None:
    text = "However, analysts are skeptical about the deal, noting that costs may rise."
    assert len(of_kind(text, "vague-attribution")) == 1


def test_a_named_speaker_of_two_verbs_keeps_both_statements() -> None:
    text = "The mayor said the budget was balanced, adding that reserves had grown."
    assert of_kind(text, "attribution") == ["said", "adding"]


@pytest.mark.parametrize(
    "sentence",
    [
        "Experts agree the new vaccine is safe.",
        "It is widely understood that the budget will be cut.",
        "Officials not authorized to speak publicly confirmed the delay.",
    ],
)
def test_collective_appeals_and_anonymity_are_vague(sentence: str) -> None:
    assert of_kind(sentence, "vague-attribution")
    assert of_kind(sentence, "attribution") == []


# -- named attribution misfires -------------------------------------------------------------


def test_added_in_a_non_reporting_sense_is_not_a_cue() -> None:
    assert kinds("The renovation added solar panels to the roof.") == []
    assert of_kind('"We are ready," she added.', "attribution") == ["added"]
    assert of_kind("The coach added that the team was tired.", "attribution") == ["added"]


def test_told_apart_is_not_a_cue() -> None:
    assert of_kind("The twins can hardly be told apart.", "attribution") == []


def test_a_title_in_a_reference_list_is_not_an_attribution() -> None:
    text = (
        "The port reopened in May.\n"
        "[1] Harbour Times. (2024, May 3). The port closure explained. "
        "Retrieved from https://example.org/2024/05/03/port\n"
    )
    assert of_kind(text, "attribution") == []
    assert of_kind(text, "citation")


# -- named attribution in news ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "cue", "speaker"),
    [
        ('"The school will reopen," the headteacher said on Tuesday.', "said", "the headteacher"),
        ("Sen. Ann Dale (D-Ore.) said the bill would pass.", "said", "Sen. Ann Dale (D-Ore.)"),
        (
            "The union's chairman, Piet Moller, said the strike would go ahead.",
            "said",
            "Piet Moller",
        ),
        (
            "Mayor Lena Berg, at a late briefing, said the roads were clear.",
            "said",
            "Mayor Lena Berg",
        ),
        ("MORALES: We will not sign this deal.", ":", "MORALES"),
        ('Ruth Okafor continued: "We are not finished."', "continued:", "Ruth Okafor"),
        ('"The river is rising." ― Tomas Ruiz', "―", "Tomas Ruiz"),
        ("The ferry company wrote on its website that sailings were cancelled.", "wrote", None),
        ("The council called for an inquiry into the flooding.", "called for", "The council"),
        ("Governor Ito urged residents to stay indoors.", "urged", "Governor Ito"),
        ("The minister rejected the report's findings.", "rejected", "The minister"),
        ("A Harbor Institute poll found that 60 percent of voters back the plan.", "found", None),
        ("The mayor wants to close the bridge in May.", "wants", "The mayor"),
    ],
)
def test_named_attribution_forms(text: str, cue: str, speaker: str | None) -> None:
    hits = [f for f in analyze(text).findings if f.kind == "attribution" and f.text == cue]
    assert hits, [(f.kind, f.text) for f in analyze(text).findings]
    if speaker is not None:
        assert hits[0].source == speaker


@pytest.mark.parametrize(
    "sentence",
    [
        "Update: The road reopened at noon.",  # a label before a colon, not a speaker
        "The pipeline wants to be replaced soon.",  # no speaker for an attitude verb
        "Prices show a steady rise.",  # no poll, study or report
        "Their support for the plan is growing.",  # the noun, not the verb
        "His tweets drew a large audience.",  # the noun, not the verb
        "The meeting starts at 10:30 and ends at noon.",
    ],
)
def test_attribution_near_misses(sentence: str) -> None:
    assert [f.text for f in analyze(sentence).findings if "attribution" in f.kind] == []


def test_reportedly_before_a_verb_stays_the_one_vague_finding() -> None:
    text = "Both presidents reportedly supported the talks."
    assert [(f.kind, f.text) for f in analyze(text).findings] == [
        ("vague-attribution", "reportedly")
    ]


def test_a_verb_inside_a_quotation_is_part_of_the_quoted_words() -> None:
    text = '"The mayor said the bridge was safe," Ana Lee told reporters.'
    assert [(f.kind, f.text) for f in analyze(text).findings] == [("attribution", "told")]


def test_an_instructor_can_add_a_booster(tmp_path) -> None:  # type: ignore[no-untyped-def]
    extra = tmp_path / "my_cues.csv"
    extra.write_text(
        "cue,kind,category,explanation,example\n"
        'for sure,booster,certainty-phrase,"""For sure"" presents the claim as certain.",\n',
        encoding="utf-8",
    )
    report = analyze("The bridge will reopen for sure.", lexicons=[extra])
    assert [(f.kind, f.text) for f in report.findings] == [("booster", "for sure")]
    assert report.findings[0].label == "Booster"
    assert 'data-kind="booster"' in report.to_html_fragment()


# -- unnamed documents, appeals to what everybody knows, reporting-verb forms ----------


def sources(text: str) -> list[tuple[str, str, str | None]]:
    return [
        (f.kind, f.text, f.source)
        for f in analyze(text).findings
        if f.kind in {"attribution", "vague-attribution"}
    ]


@pytest.mark.parametrize(
    ("sentence", "cue", "source"),
    [
        (
            "Most pupils read at home, according to a major study [1].",
            "according to",
            "a major study",
        ),
        (
            "Independent research confirms that the river is cleaner.",
            "confirms",
            "Independent research",
        ),
        ("A report said the bridge would close.", "said", "A report"),
        ("Studies show that the new drug works.", "show", "Studies"),
        ("A recent survey found that most drivers agree.", "found", "A recent survey"),
    ],
)
def test_an_unnamed_study_or_report_is_a_vague_source(sentence: str, cue: str, source: str) -> None:
    assert sources(sentence) == [("vague-attribution", cue, source)]


@pytest.mark.parametrize(
    ("sentence", "cue", "source"),
    [
        ("A Gallup poll found that most voters were undecided.", "found", "A Gallup poll"),
        (
            "A new report from the Harbour Trust said costs would rise.",
            "said",
            "A new report from the Harbour Trust",
        ),
        ("The report said costs would rise.", "said", "The report"),  # one named earlier
        (
            "Costs rose, according to a Fenwick University study.",
            "according to",
            "a Fenwick University study",
        ),
        ("Ortega's survey found a small drop.", "found", "Ortega's survey"),
    ],
)
def test_a_named_study_or_one_named_before_stays_named(
    sentence: str, cue: str, source: str
) -> None:
    assert sources(sentence) == [("attribution", cue, source)]


@pytest.mark.parametrize(
    ("sentence", "booster"),
    [
        (
            "New research confirms what every parent here already knows: phones harm sleep.",
            "what every parent here already knows",
        ),
        ("As every voter knows, the old ferry is always late.", "As every voter knows"),
        ("As any teacher will tell you, homework matters.", "As any teacher will tell you"),
        ("What we all know is that the dam leaks.", "What we all know"),
    ],
)
def test_appeals_to_what_everybody_knows_are_boosters(sentence: str, booster: str) -> None:
    assert of_kind(sentence, "booster") == [booster]
    assert of_kind(sentence, "hedge") == []


@pytest.mark.parametrize(
    "sentence",
    [
        "Not every parent knows the rules of the new scheme.",
        "As each player knows the rules, the match went on.",  # "as" = because, with an object
        "What every ticket holder knows is printed on the back.",  # not a person
        "The leaflet lists what every parent should know about the vaccine.",
    ],
)
def test_appeal_near_misses(sentence: str) -> None:
    assert of_kind(sentence, "booster") == []


@pytest.mark.parametrize(
    ("sentence", "cue", "source"),
    [
        ("He was quoted as saying that the plan would fail.", "was quoted as saying", "He"),
        ("He’s claiming that the count was wrong.", "claiming", "He"),
        ("Ruiz is calling for a second vote.", "calling for", "Ruiz"),
        ("The union is seizing on the report.", "seizing on", "The union"),
        (
            "Lee praised the crew, going on to say that the budget was too small.",
            "going on to say",
            "Lee",
        ),
        ("Vane rejected the offer, calling for talks.", "calling for", "Vane"),
        ("Asked about the delay, the mayor said the ferry was safe.", "Asked about", "the mayor"),
        ("Vane praised the crew, and has called for a pay rise.", "called for", "Vane"),
        ("The plan was endorsed by the dock union.", "endorsed", "the dock union"),
        ("He has been sharply criticised by Ana Lee.", "criticised", "Ana Lee"),
        ('"We will rebuild," Ana Lee continued.', "continued", "Ana Lee"),
        ("The audit tested Ana Lee’s claim that the ferry was full.", "claim", "Ana Lee"),
        (
            "It contradicts the port police’s earlier claim that nobody was hurt.",
            "claim",
            "the port police",
        ),
        ("The mayor's assertion that the bridge is safe was wrong.", "assertion", "The mayor"),
        ("Ruiz’s campaign claims that the count was wrong.", "claims", "Ruiz’s campaign"),
        ('She continued, "The harbour must stay open."', "continued", "She"),
        ("The latest poll shows Ruiz ahead by three points.", "shows", "The latest poll"),
        (
            "The average of polls taken over the last month shows Ruiz ahead.",
            "shows",
            "The average of polls",
        ),
        ("Ruiz lost the vote, even suggesting it was rigged.", "suggesting", "Ruiz"),
        (
            "The port's manager Ana Lee said so on Monday, arguing that fees were too high.",
            "arguing",
            "Ana Lee",
        ),
        ("Asked whether she would stand, Ana Ruiz told reporters no.", "Asked whether", "Ana Ruiz"),
    ],
)
def test_reporting_verb_forms(sentence: str, cue: str, source: str) -> None:
    assert (("attribution", cue, source)) in sources(sentence)


@pytest.mark.parametrize(
    "sentence",
    [
        "The minister's reported remarks caused a stir.",  # a possessive, not "he is"
        "The river, going on to the sea, floods every spring.",
        "The drill is calling for repairs.",  # no person or group
        "Ana called on Friday.",
        "Having said that, the ferry is safe.",  # a linking phrase, nobody is quoted
        "Prices rose in May, and also showed no sign of falling.",  # prices are no speaker
        "The bridge was closed by police on Monday.",  # "closed" reports no statement
        "Storm Over Harbour: Ferries Stay in Port.",  # a headline before a colon, not a name
        "The Latest: Ferries stay in port.",  # a news-wire label
        "The talks continued on Monday.",
        "Its claim to the land is old.",  # a claim to property, not a statement
        "The allegations of fraud were dropped.",  # whose, the sentence does not say
        "Prices continued to rise in May.",
        "Lee continued in office until May.",
    ],
)
def test_reporting_verb_form_near_misses(sentence: str) -> None:
    assert sources(sentence) == []
