"""The diplomatic event types accord extracts, their PLOVER root types and trigger words.

Each type has verb lemmas (the main verb of a clause) and noun lemmas (an
event noun: "talks", "visit", "note of protest"). docs/events.md is the
user-facing description of this table; keep the two in step.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class EventType:
    name: str
    plover: str
    verbs: frozenset[str]
    nouns: frozenset[str]
    description: str


def _t(name: str, plover: str, verbs: str, nouns: str, description: str) -> EventType:
    return EventType(name, plover, frozenset(verbs.split()), frozenset(nouns.split()), description)


EVENT_TYPES: tuple[EventType, ...] = (
    _t("meeting", "CONSULT", "meet negotiate confer visit host receive talk",
       "talks talk meeting negotiations negotiation visit summit conversation call consultations "
       "videoconference",
       "Talks, negotiations in limited or expanded format, state/official/working visits, phone "
       "and video calls, meetings on the sidelines of a summit."),
    _t("agreement_signing", "AGREE", "sign ink conclude ratify initial",
       "signing ratification",
       "Documents signed, concluded or ratified."),
    _t("establishment", "COOPERATE", "establish found create",
       "establishment creation",
       "Creation of an institution (council, commission, fund)."),
    _t("invitation", "CONSULT", "invite", "invitation",
       "An invitation (to visit, to attend)."),
    _t("congratulation", "SUPPORT", "congratulate greet", "congratulations greetings",
       "Congratulations and greetings."),
    _t("praise", "SUPPORT", "praise commend hail applaud thank appreciate",
       "gratitude appreciation praise",
       "Praise, gratitude, welcome of an action."),
    _t("statement_of_support", "SUPPORT", "support endorse back", "support",
       "Declared support for a position, candidacy or bid."),
    _t("cooperation", "COOPERATE", "cooperate coordinate launch inaugurate",
       "cooperation launch",
       "Joint action: cooperation, joint launch or opening of a project."),
    _t("aid", "AID", "donate allocate fund finance", "aid assistance donation grant",
       "Aid, grants, financing of a project by another country."),
    _t("request", "REQUEST", "request demand urge ask", "request demand appeal",
       "Requests, demands, appeals."),
    _t("accuse", "ACCUSE", "accuse blame criticize criticise condemn", "accusation",
       "Accusations and condemnations."),
    _t("reject", "REJECT", "reject deny dismiss refuse", "rejection denial",
       "Rejection of a claim, proposal or demand."),
    _t("threaten", "THREATEN", "threaten", "threat ultimatum",
       "Threats and warnings of action."),
    _t("protest", "PROTEST", "protest rally demonstrate picket", "protest demonstration rally",
       "Protests, including diplomatic notes of protest."),
    _t("sanction", "SANCTION", "sanction embargo boycott", "sanctions embargo boycott",
       "Sanctions, embargoes, bans on trade."),
    _t("coerce", "COERCE", "detain arrest expel deport seize confiscate", "detention arrest",
       "Detentions, arrests, expulsions, seizures."),
    _t("assault", "ASSAULT", "attack shell bomb kill wound clash", "attack clash shelling",
       "Armed attacks and clashes."),
    _t("mobilize", "MOBILIZE", "mobilize mobilise deploy", "mobilization deployment",
       "Mobilisation and deployment of forces."),
    _t("yield", "YIELD", "release withdraw concede apologize apologise free", "release apology",
       "Releases, withdrawals, concessions."),
)  # fmt: skip
BY_NAME = {t.name: t for t in EVENT_TYPES}

# Event nouns need a verb that makes them happen ("held talks", "paid a visit",
# "had a conversation") or a predicate that says they happened ("talks took place").
LIGHT_VERBS = frozenset(
    "hold have conduct pay make exchange send hand convey express deliver lodge provide extend "
    "impose begin start continue complete sign give".split()
)
HAPPENED = frozenset("take be end begin start".split())

# Modes of a meeting, most specific first.
MODES: tuple[tuple[str, str], ...] = (
    (r"\bstate visit", "state visit"),
    (r"\bofficial visit", "official visit"),
    (r"\bworking visit", "working visit"),
    (r"\b(?:tele)?phone (?:call|conversation|talks)|\bby (?:tele)?phone\b|\bspoke by phone",
     "phone call"),
    (r"\bvideo ?(?:conference|call|link|format)|\bvideoconference|\bonline (?:meeting|format)",
     "video call"),
    (r"\b(?:sidelines|margins) of", "sidelines meeting"),
    (r"\b(?:limited|narrow|one-on-one|tête-à-tête|tete-a-tete) format|\bone-on-one\b",
     "limited format"),
    (r"\b(?:expanded|extended|enlarged|broad) format|with the participation of (?:the )?delegations",
     "expanded format"),
)  # fmt: skip
