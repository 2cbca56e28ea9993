"""The small fixed vocabularies editors choose from, with the words and symbols readers see."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    name: str  # what editors write
    label: str  # what readers see
    symbol: str = ""  # shown beside the label, so colour is never the only cue
    description: str = ""


def _index(*terms: Term) -> dict[str, Term]:
    return {term.name: term for term in terms}


CATEGORIES = _index(
    Term("indications", "Who it is for"),
    Term("contraindications", "Who should not have it"),
    Term("procedure", "How it is done"),
    Term("risks", "Risks"),
    Term("efficacy", "Does it help?"),
    Term("recovery", "Recovery"),
)

VERDICTS = _index(
    Term("supported", "Supported", "✔", "Good studies back the claim as the pages make it."),
    Term("consensus", "Expert advice", "◎", "Guidelines and specialists agree, but no good studies test it."),
    Term("mixed", "Partly true", "◐", "True in some settings or for some people, not as a general statement."),
    Term("misleading", "Misleading", "!", "Parts are accurate, but the overall message is wrong."),
    Term("uncertain", "Unproven", "?", "Too little good evidence to say whether the claim is true."),
    Term("contradicted", "Contradicted", "✘", "Good studies point the other way."),
)

CERTAINTIES = _index(
    Term("high", "High certainty", "⊕⊕⊕⊕", "Further research is very unlikely to change the answer."),
    Term("moderate", "Moderate certainty", "⊕⊕⊕◯", "The answer is probably right; new research could change it."),
    Term("low", "Low certainty", "⊕⊕◯◯", "The answer may be right; new research is likely to change it."),
    Term("very-low", "Very low certainty", "⊕◯◯◯", "We are very uncertain about the answer."),
)

# Which certainties each verdict can be given with, so that a verdict never says more than the evidence: "Supported"
# and "Contradicted" promise good studies (moderate or high certainty); at low or very low certainty the answer is
# "Unproven", or "Expert advice" when guidelines agree on something nobody has tested.
VERDICT_CERTAINTIES = {
    "supported": ("high", "moderate"),
    "contradicted": ("high", "moderate"),
    "misleading": ("high", "moderate", "low"),
    "mixed": ("high", "moderate", "low"),
    "consensus": ("low", "very-low"),
    "uncertain": ("low", "very-low"),
}

# The verdict on a true–false scale for fact-check tools (ClaimReview ratingValue, 1 = worst, 5 = best). "Unproven"
# is not a point on that scale, so it has no rating.
VERDICT_RATINGS = {"supported": 5, "consensus": 4, "mixed": 3, "misleading": 2, "contradicted": 1}

STANCES = _index(
    Term("agree", "Agrees", "●", "The page makes this claim."),
    Term("qualify", "Qualifies", "◐", "The page makes the claim with caveats or a narrower scope."),
    Term("contradict", "Contradicts", "✘", "The page says the opposite."),
    Term("silent", "Silent", "–", "The page does not address this."),
)

DIRECTIONS = _index(
    Term("supports", "Supports", "▲"),
    Term("contradicts", "Contradicts", "▼"),
    Term("mixed", "Mixed", "◆"),
    Term("context", "Context", "○"),
)

STUDY_TYPES = _index(
    Term("rct-sham", "Sham-controlled randomised trial"),
    Term("rct", "Randomised trial without sham"),  # usually open-label: patients know what they had
    Term("meta-analysis", "Meta-analysis"),
    Term("systematic-review", "Systematic review"),
    Term("cohort", "Cohort study"),
    Term("registry", "Registry or database study"),
    Term("case-series", "Case series"),
    Term("guideline", "Guideline or consensus statement"),
    Term("narrative-review", "Narrative review"),
    Term("rct-protocol", "Trial protocol"),
    Term("editorial", "Editorial or commentary"),
    Term("patient-information", "Patient-information page"),
)

STATUSES = _index(
    Term("verified", "Verified", "✔", "Title, authors, journal, year, volume and pages were seen in a public record."),
    Term("partial", "Partly verified", "◐", "Some details were confirmed; the rest are left out and listed."),
    Term("unverified", "Unconfirmed", "⚠", "No public record was found; treat this reference with caution."),
)

# What a study compared: the procedure first, then its comparator. Sham-controlled trials answer "does the cement
# itself help"; open-label trials against usual care answer "is it better than usual care, expectation included".
COMPARISONS = _index(
    Term("vp-vs-sham", "Vertebroplasty vs sham procedure"),
    Term("kp-vs-sham", "Kyphoplasty vs sham procedure"),
    Term("vp-vs-usual-care", "Vertebroplasty vs usual care (open-label)"),
    Term("kp-vs-usual-care", "Kyphoplasty vs usual care (open-label)"),
    Term("kp-vs-vp", "Kyphoplasty vs vertebroplasty"),
    Term("vp-vs-vp", "Two ways of doing vertebroplasty"),
    Term("kp-vs-kp", "Two ways of doing kyphoplasty"),
    Term("vp-or-kp-vs-usual-care", "Vertebroplasty or kyphoplasty vs usual care"),
    Term("vp-single-arm", "Vertebroplasty, no comparison group"),
    Term("kp-single-arm", "Kyphoplasty, no comparison group"),
    Term("vp-or-kp-single-arm", "Vertebroplasty or kyphoplasty, no comparison group"),
    Term("none", "No procedure compared (surveys, natural history)"),
    Term("other", "Another comparison (see its definition)"),
)

CONTINUOUS, EVENTS, EITHER = "continuous", "events", "either"  # what an outcome is measured as
OUTCOME_KINDS = {
    "pain": CONTINUOUS,
    "disability": CONTINUOUS,
    "quality-of-life": CONTINUOUS,
    "treatment-success": EVENTS,
    "pain-relief": EITHER,
    "analgesic-use": EITHER,
    "new-fracture": EVENTS,
    "adjacent-fracture": EVENTS,
    "cement-leak": EVENTS,
    "symptomatic-cement-leak": EVENTS,
    "pulmonary-embolism": EVENTS,
    "serious-adverse-event": EVENTS,
    "adverse-event": EVENTS,
    "infection": EVENTS,
    "mortality": EITHER,
    "kyphosis": EITHER,
    "hospital-stay": EITHER,
    "return-to-activity": EITHER,
    "procedure-time": EITHER,
    "prevalence": EITHER,
    "other": EITHER,
}
# What a claim says the procedure does on an outcome, against its comparator (a verdict's `says:`). On these
# outcomes a claim speaks of a benefit ("it relieves pain"), so it says "better" unless it says otherwise; on harms
# it may say either ("it prevents new fractures", "it causes them"), so a verdict resting on their rows must say.
SAYS = ("better", "worse")
BENEFIT_OUTCOMES = frozenset(
    {"pain", "disability", "quality-of-life", "treatment-success", "pain-relief", "analgesic-use", "kyphosis",
     "return-to-activity"}
)  # fmt: skip
OUTCOMES = _index(
    Term("pain", "Pain"),
    Term("disability", "Disability"),
    Term("quality-of-life", "Quality of life"),
    Term("treatment-success", "Treatment success"),
    Term("pain-relief", "Any pain relief"),
    Term("analgesic-use", "Use of pain medicine"),
    Term("new-fracture", "New vertebral fractures"),
    Term("adjacent-fracture", "New fractures next to a treated bone"),
    Term("cement-leak", "Cement leaks"),
    Term("symptomatic-cement-leak", "Cement leaks that cause symptoms"),
    Term("pulmonary-embolism", "Cement reaching the lungs"),
    Term("serious-adverse-event", "Serious harms"),
    Term("adverse-event", "Harms"),
    Term("infection", "Infection"),
    Term("mortality", "Deaths"),
    Term("kyphosis", "Spine angle or bone height"),
    Term("hospital-stay", "Time in hospital"),
    Term("return-to-activity", "Return to usual activity"),
    Term("procedure-time", "Length of the procedure"),
    Term("prevalence", "How common"),
    Term("other", "Another outcome (see its definition)"),
)

EFFECT_MEASURES = _index(
    Term("mean difference", "Mean difference"),
    Term("standardised mean difference", "Standardised mean difference"),
    Term("risk ratio", "Risk ratio"),
    Term("odds ratio", "Odds ratio"),
    Term("hazard ratio", "Hazard ratio"),
    Term("risk difference", "Risk difference"),
)
