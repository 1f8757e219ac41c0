"""The built-in coder's lexicon: words that signal each PLOVER root type, with a mode.

Written by hand from the PLOVER codebook (openeventdata/PLOVER) and the CAMEO
verb classes it descends from. Entries are ``word/mode`` (``word`` alone when
no mode applies). Lemmas are lower-case spaCy lemmas.

Kinds of entry:

* ``VERBS`` — a verb lemma fires on its own (``condemn``).
* ``PHRASES`` — a verb lemma plus one dependent lemma: a particle, preposition,
  direct object or the object of a preposition (``go strike`` matches "went on
  strike", ``call for`` "called for"). A phrase beats the bare verb.
* ``NOUNS`` — an event noun fires when no verb trigger governs it ("held talks",
  "launched an attack", "the attack on").
* ``ADJECTIVES`` — predicative adjectives of intent ("is ready to").

Modes in use (:func:`modes`): CONSULT phone, visit, host, meet, summit,
negotiate, mediate; AGREE meet, offer, promise; AID economic, humanitarian,
military, protection; COOPERATE cooperate, intelligence, judicial, military;
SUPPORT praise, recognize, relations, sign; SANCTION aid, embargo, expel,
relations, warning, withdraw; COERCE arrest, ban, censor, curfew, demolish,
deport, emergency, raid, repress, sanctions, seize; ASSAULT abduct, airstrike,
attack, blockade, bombing, fight, kill, occupy, seize, shelling, shooting,
siege, torture; PROTEST boycott, demonstrate, hunger strike, riot, strike;
YIELD apologize, ceasefire, concede, demobilize, ease, permit, release, resign,
retreat, return, surrender; ACCUSE accuse, charge, condemn, investigate, sue,
summon; REJECT cancel, defy, deny, refuse, reject, veto; REQUEST appeal,
demand; THREATEN threaten, ultimatum, warn; MOBILIZE alert, troops.

Two conventions of the codebook shape the lists: a signed or concluded
agreement is SUPPORT, while an agreement, offer or promise to do something
later is AGREE; and imposing sanctions is COERCE, while cutting aid or ties is
SANCTION.
"""

from __future__ import annotations

from functools import cache
from typing import NamedTuple


class Entry(NamedTuple):
    """One lexicon entry: the PLOVER root type and the mode (None when the entry names none)."""

    plover: str
    mode: str | None


_VERBS = {
    "AGREE": "agree consent offer/offer promise/promise vow/promise commit/promise "
    "propose/offer invite/meet guarantee/promise",
    "CONSULT": "meet/meet visit/visit host/host phone/phone telephone/phone discuss/negotiate "
    "negotiate/negotiate confer/meet consult/meet mediate/mediate travel/visit tour/visit",
    "SUPPORT": "praise commend hail laud applaud welcome endorse back support defend "
    "congratulate/praise thank/praise recognize/recognize recognise/recognize sign/sign "
    "ratify/sign forgive reaffirm normalize/relations normalise/relations respect",
    "COOPERATE": "cooperate collaborate extradite/judicial exchange",
    "AID": "provide donate/economic supply fund/economic finance/economic deliver "
    "deploy/protection evacuate/humanitarian rescue/humanitarian send give/economic "
    "contribute/economic lend/economic",
    "REQUEST": "demand/demand urge/demand ask request appeal/appeal plead/appeal beg/appeal "
    "petition/appeal press/demand seek order",
    "YIELD": "release/release free/release return/return lift/ease ease/ease relax/ease "
    "surrender/surrender concede/concede resign/resign pardon/release allow/permit "
    "permit/permit let/permit grant/permit disarm/demobilize demobilize/demobilize "
    "retreat/retreat withdraw/retreat apologize/apologize apologise/apologize comply/concede "
    "accept/concede repatriate/return reopen/ease cede/concede reverse/concede "
    "reinstate/ease unblock/ease repeal/ease",
    "ACCUSE": "accuse/accuse blame/accuse condemn/condemn denounce/condemn criticize/condemn "
    "criticise/condemn censure/condemn slam/condemn decry/condemn deplore/condemn "
    "lambast/condemn rebuke/condemn castigate/condemn fault/accuse charge/charge "
    "indict/charge sue/sue prosecute/charge convict/charge investigate/investigate "
    "probe/investigate allege/accuse summon/summon complain/condemn challenge/condemn "
    "dispute/condemn",
    "REJECT": "reject/reject refuse/refuse deny/deny veto/veto decline/refuse dismiss/reject "
    "rebuff/reject spurn/reject snub/reject oppose/reject defy/defy refute/deny "
    "cancel/cancel renege/reject fail postpone/cancel resist/defy "
    "disregard/defy ignore/defy",
    "THREATEN": "threaten warn/warn menace",
    "PROTEST": "protest/demonstrate demonstrate/demonstrate rally/demonstrate "
    "march/demonstrate picket/strike riot/riot boycott/boycott",
    "SANCTION": "suspend/aid expel/expel recall/relations sever/relations "
    "halt/aid freeze/aid reduce/aid downgrade/relations embargo/embargo terminate/aid",
    "COERCE": "arrest/arrest detain/arrest apprehend/arrest jail/arrest imprison/arrest "
    "deport/deport ban/ban outlaw/ban censor/censor confiscate/seize demolish/demolish "
    "dissolve/ban expropriate/seize raid/raid sentence/arrest",
    "ASSAULT": "attack strike/attack kill/kill bomb/bombing shell/shelling shoot/shooting storm/attack "
    "ambush/attack invade/occupy occupy/occupy assault massacre/kill murder/kill "
    "assassinate/kill behead/kill execute/kill abduct/abduct kidnap/abduct "
    "torture/torture rape/torture wound/kill injure/kill besiege/siege blockade/blockade "
    "capture/occupy seize/seize bombard/shelling clash/fight fight/fight destroy "
    "loot/attack target/attack hit/attack violate retaliate/attack",
    "MOBILIZE": "mobilize/alert mobilise/alert reinforce/troops",
}

_PHRASES = {
    "AGREE": "reach/sign-agreement",
    "CONSULT": "call/phone-* talk/negotiate-with speak/phone-with hold/negotiate-talk "
    "sit/negotiate-down",
    "SUPPORT": "agree/sign-agreement agree/sign-deal agree/sign-pact agree/sign-treaty "
    "agree/sign-accord agree/sign-text reach/sign-agreement reach/sign-deal reach/sign-accord reach/sign-consensus "
    "conclude/sign-agreement conclude/sign-deal ink/sign-deal ink/sign-agreement "
    "seal/sign-deal establish/relations-tie establish/relations-relation "
    "restore/relations-tie restore/relations-relation resume/relations-tie "
    "express/praise-support voice/praise-support pledge/praise-support "
    "reiterate/praise-support extend/praise-support",
    "COOPERATE": "share/intelligence-evidence share/intelligence-intelligence "
    "share/intelligence-information share/intelligence-data stage/military-exercise "
    "hold/military-exercise conduct/military-exercise launch/military-exercise "
    "train/military-pilot train/military-troop train/military-force train/military-soldier "
    "team/cooperate-up",
    "AID": "send/humanitarian-aid send/humanitarian-assistance send/humanitarian-relief "
    "send/humanitarian-supply send/military-weapon send/military-arm send/protection-troop "
    "send/protection-peacekeeper send/protection-soldier send/humanitarian-team "
    "give/economic-money hand/humanitarian-over",
    "REQUEST": "call/demand-for call/demand-on push/demand-for press/demand-for "
    "appeal/appeal-for appeal/appeal-to",
    "YIELD": "roll/ease-back remove/ease-restriction remove/ease-sanction "
    "remove/ease-ban reduce/ease-tariff cut/ease-tariff lower/ease-tariff hand/surrender-over step/resign-down back/concede-down pull/retreat-back "
    "give/permit-permission give/permit-access open/ease-border lay/surrender-down",
    "REJECT": "call/cancel-off rule/reject-out turn/reject-down pull/withdraw-out",
    "ACCUSE": "find/charge-guilty launch/investigate-investigation open/investigate-investigation",
    "THREATEN": "issue/ultimatum-ultimatum give/ultimatum-deadline issue/warn-warning",
    "PROTEST": "walk/boycott-out go/strike-strike stop/strike-work take/demonstrate-street stage/strike-strike "
    "sit/demonstrate-in",
    "SANCTION": "withdraw/relations-ambassador withdraw/relations-envoy "
    "withdraw/relations-diplomat cut/relations-tie cut/aid-aid cut/aid-funding break/relations-tie "
    "break/relations-off close/relations-embassy pull/withdraw-out issue/warning-travel",
    "COERCE": "suspend/censor-publication crack/repress-down round/arrest-up put/arrest-arrest place/arrest-arrest "
    "shut/ban-down impose/curfew-curfew impose/sanctions-sanction enforce/sanctions-sanction",
    "ASSAULT": "open/shooting-fire fire/shooting-on fire/shooting-at "
    "take/abduct-hostage hold/abduct-hostage hold/abduct-shield shoot/attack-down "
    "impose/blockade-blockade",
    "MOBILIZE": "remain/alert-alert put/alert-alert place/alert-alert beef/troops-up "
    "build/troops-up mass/troops-troop step/troops-presence",
}

_NOUNS = {
    "AGREE": "offer/offer promise/promise proposal/offer pledge/promise invitation/meet "
    "willingness",
    "CONSULT": "talk/negotiate meeting/meet visit/visit summit/summit negotiation/negotiate "
    "consultation/meet discussion/negotiate conversation/phone mediation/mediate dialogue/negotiate "
    "trip/visit videoconference/phone teleconference/phone",
    "SUPPORT": "support/praise praise/praise endorsement/praise recognition/recognize "
    "gratitude/praise thanks/praise congratulation/praise solidarity/praise "
    "condolence/praise agreement/sign deal/sign accord/sign treaty/sign pact/sign "
    "memorandum/sign",
    "COOPERATE": "cooperation/cooperate collaboration/cooperate exercise/military "
    "drill/military partnership/cooperate extradition/judicial",
    "AID": "aid/economic assistance/economic relief/humanitarian donation/economic "
    "loan/economic funding/economic peacekeeper/protection supply/humanitarian "
    "asylum/humanitarian deployment/protection",
    "REQUEST": "demand/demand request/demand appeal/appeal plea/appeal petition/appeal",
    "YIELD": "ceasefire/ceasefire truce/ceasefire cessation/ceasefire amnesty/release "
    "concession/concede resignation/resign permission/permit apology/apologize "
    "withdrawal/retreat release/release",
    "ACCUSE": "accusation/accuse allegation/accuse criticism/condemn condemnation/condemn "
    "lawsuit/sue suit/sue complaint/condemn investigation/investigate probe/investigate "
    "inquiry/investigate indictment/charge charge/charge",
    "REJECT": "rejection/reject refusal/refuse denial/deny veto/veto",
    "THREATEN": "threat/threaten warning/warn ultimatum/ultimatum",
    "PROTEST": "protest/demonstrate demonstration/demonstrate rally/demonstrate "
    "march/demonstrate strike/strike boycott/boycott riot/riot walkout/strike "
    "sit-in/demonstrate protester/demonstrate",
    "SANCTION": "suspension/aid expulsion/expel embargo/embargo",
    "COERCE": "arrest/arrest detention/arrest curfew/curfew crackdown/repress ban/ban "
    "deportation/deport sanction/sanctions siege/emergency emergency/emergency "
    "law/emergency",
    "ASSAULT": "attack/attack airstrike/airstrike bombing/bombing shelling/shelling "
    "offensive/attack assault/attack raid/attack ambush/attack killing/kill "
    "massacre/kill invasion/occupy incursion/occupy clash/fight fighting/fight "
    "battle/fight war/fight blockade/blockade abduction/abduct kidnapping/abduct "
    "bombardment/shelling shooting/shooting hostage/abduct warfare/fight torture/torture",
    "MOBILIZE": "mobilization/alert mobilisation/alert buildup/troops alert/alert "
    "reinforcement/troops",
}

_ADJECTIVES = {
    "AGREE": "willing ready prepared eager keen open committed",
    "REJECT": "unwilling reluctant",
}

# Nouns whose type depends on a modifier: "air strike" is an assault, "general strike" a protest.
NOUN_MODIFIERS: dict[tuple[str, str], Entry] = {
    ("strike", "air"): Entry("ASSAULT", "airstrike"),
    ("strike", "drone"): Entry("ASSAULT", "airstrike"),
    ("strike", "missile"): Entry("ASSAULT", "airstrike"),
    ("strike", "military"): Entry("ASSAULT", "airstrike"),
    ("strike", "hunger"): Entry("PROTEST", "hunger strike"),
    ("law", "martial"): Entry("COERCE", "emergency"),
    ("game", "war"): Entry("COOPERATE", "military"),
    ("call", "phone"): Entry("CONSULT", "phone"),
    ("call", "telephone"): Entry("CONSULT", "phone"),
    ("call", "video"): Entry("CONSULT", "phone"),
    ("conference", "video"): Entry("CONSULT", "phone"),
    ("sharing", "intelligence"): Entry("COOPERATE", "intelligence"),
    ("warning", "travel"): Entry("SANCTION", "warning"),
    ("shield", "human"): Entry("ASSAULT", "abduct"),
    ("fire", "cease"): Entry("YIELD", "ceasefire"),
    **{
        (noun, kind): Entry("AID", kind)
        for noun in ("aid", "assistance")
        for kind in ("humanitarian", "military", "economic")
    },
    ("action", "legal"): Entry("ACCUSE", "sue"),
    ("attack", "verbal"): Entry("ACCUSE", "condemn"),
    ("attack", "scathing"): Entry("ACCUSE", "condemn"),
    ("attack", "stinging"): Entry("ACCUSE", "condemn"),
    ("attack", "blistering"): Entry("ACCUSE", "condemn"),
    **{
        (noun, "peacekeeping"): Entry("AID", "protection")
        for noun in ("operation", "mission", "force", "troop")
    },
    **{
        ("support", kind): Entry("AID", mode)
        for kind, mode in (
            ("financial", "economic"),
            ("economic", "economic"),
            ("budget", "economic"),
            ("military", "military"),
            ("logistic", "military"),
            ("logistical", "military"),
            ("humanitarian", "humanitarian"),
            ("material", "economic"),
        )
    },
}

# Nouns that need a modifier to count ("law" alone is no event; "martial law" is).
MODIFIER_ONLY = frozenset(
    {
        "law",
        "game",
        "call",
        "conference",
        "sharing",
        "action",
        "operation",
        "mission",
        "force",
        "troop",
    }
)

# Verbs whose own type yields to the event noun they govern: "ordered the arrest"
# is COERCE and "gave permission" YIELD; without an event noun "ordered X to
# appear" stays REQUEST.
WEAK_VERBS = frozenset("give offer send order receive grant approve seek propose call".split())

# Verbs whose complement names the event, without making it future: "ordered the
# police to detain" is COERCE, "approved the deployment of troops" AID.
DIRECTIVE_VERBS = frozenset("order direct instruct authorize authorise approve decide".split())

# Verbs that end what they govern: ending a conflictual action ("called off the
# strike", "dropped the charges") is YIELD, refusing to end it REJECT.
TERMINATORS = frozenset("end stop halt cease abandon drop suspend lift withdraw call".split())

# Verbs of intent: the action in their complement lies in the future ("plans to visit").
# "vowed to retaliate" is a threat, "pledged to cooperate" an agreement.
INTENT_VERBS = frozenset(
    "plan intend expect want hope aim prepare schedule set mull consider seek wish vow "
    "pledge promise".split()
)

# Auxiliaries and particles that make an event future or only possible.
MODAL_WORDS = frozenset("will shall would may might could can 'll wo".split())

# Modals of obligation: "X must disarm" reports a demand that X disarm.
DEMAND_WORDS = frozenset("must should".split())

# Generic heads that an event noun can modify: "a mediation effort", "the peace process".
GENERIC_HEADS = frozenset(
    "effort process initiative bid mission attempt campaign plan programme program".split()
)

# Reporting verbs never code an event themselves; the reported clause does.
REPORTING_VERBS = frozenset("say tell report add state note claim announce insist".split())


# Where a target stands after the trigger: "sanctions on X", "talks with X".
TARGET_PREPS = ("with", "against", "on", "to", "toward", "towards", "into", "at", "over", "for")
# ... by type, where the default list would pick a topic: "talks on trade", "a treaty on water".
TARGET_PREPS_BY_TYPE = {
    "CONSULT": ("with", "to"),
    "AGREE": ("with", "to"),
    "SUPPORT": ("with", "for", "to"),
    "COOPERATE": ("with", "to"),
    "AID": ("to", "for"),
}
# Where the source of an event noun stands: "an attack by X", "talks between X and Y".
SOURCE_PREPS = ("by", "between", "from")
# Verbs whose direct object is a topic, not a target: "discussed trade with X".
TOPIC_VERBS = frozenset({"discuss", "negotiate", "debate"})
# Modifiers that put an event noun in the future: "the upcoming visit".
FUTURE_MODIFIERS = frozenset("upcoming forthcoming planned proposed possible future next".split())
# Dates and times: "called on Friday" is no appeal.
TIME_WORDS = frozenset(
    "monday tuesday wednesday thursday friday saturday sunday january february march april may "
    "june july august september october november december today yesterday tomorrow day week "
    "month year morning afternoon evening night weekend jan feb mar apr jun jul aug sep sept oct "
    "nov dec".split()
)


def _parse(table: dict[str, str]) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    for plover, words in table.items():
        for item in words.split():
            word, _, mode = item.partition("/")
            entries[word] = Entry(plover, mode or None)
    return entries


def _parse_phrases(table: dict[str, str]) -> dict[tuple[str, str], Entry]:
    entries: dict[tuple[str, str], Entry] = {}
    for plover, items in table.items():
        for item in items.split():
            head, _, dependent = item.partition("-")
            verb, _, mode = head.partition("/")
            entries[(verb, dependent)] = Entry(plover, mode or None)
    return entries


@cache
def verbs() -> dict[str, Entry]:
    """Verb lemma -> entry."""
    return _parse(_VERBS)


@cache
def phrases() -> dict[tuple[str, str], Entry]:
    """(verb lemma, dependent lemma or '*') -> entry; '*' accepts any direct object."""
    return _parse_phrases(_PHRASES)


@cache
def nouns() -> dict[str, Entry]:
    """Event noun lemma -> entry."""
    return _parse(_NOUNS)


@cache
def adjectives() -> dict[str, Entry]:
    """Predicative adjective -> entry."""
    return _parse(_ADJECTIVES)


def modes() -> dict[str, frozenset[str]]:
    """Every mode the lexicon can assign, by PLOVER type (documentation and tests)."""
    found: dict[str, set[str]] = {}
    tables = [verbs(), nouns(), adjectives(), phrases(), dict(enumerate(NOUN_MODIFIERS.values()))]
    for table in tables:
        for entry in table.values():
            if entry.mode:
                found.setdefault(entry.plover, set()).add(entry.mode)
    return {plover: frozenset(found[plover]) for plover in sorted(found)}
