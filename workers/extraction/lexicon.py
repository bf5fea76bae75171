"""Word lists the extractor's patterns are built from.

General English reporting vocabulary only: no name of a person, outlet or event from
any article may appear here (the extractor is measured on articles it has never seen).
Lemmas are lower case, as spaCy's lemmatizer gives them.
"""

from __future__ import annotations


def words(text: str) -> list[str]:
    """The whitespace-separated words of a literal: word lists stay readable as prose."""
    return text.split()


# Verbs that introduce what someone said or wrote.
REPORT_VERBS: frozenset[str] = frozenset(
    words("""say claim allege accuse report warn state reveal confirm announce tell add note insist
    argue assert declare proclaim explain conclude write publish post predict blast charge
    testify disclose contend estimate document acknowledge admit complain
    deny reject dismiss refute dispute debunk disprove contradict doubt question
    suggest indicate show prove find stress emphasise emphasize
    reiterate repeat tweet mention describe call label brand slander blame term""")
)

# Verbs that present the statement as an allegation rather than a fact.
HEDGE_VERBS: frozenset[str] = frozenset(
    words("claim allege accuse suggest charge blast insist purport contend slander blame")
)

# Verbs whose subject takes a position against the statement.
REFUTE_VERBS: frozenset[str] = frozenset(
    words("deny reject dismiss refute dispute debunk disprove contradict doubt question")
)

# Verbs that need a clause or a named object to count as a frame: they have too many
# other senses ("shows no sign", "found a house") to be taken on their own.
WEAK_VERBS: frozenset[str] = frozenset(
    words(
        "show indicate prove find add note explain document describe call label brand "
        "estimate mention question write post publish repeat"
    )
)

# "accuse X of Y", "blast X for Y": the content is the preposition's clause.
CHARGE_PREPS: dict[str, str] = {
    "accuse": "of",
    "blast": "for",
    "charge": "with",
    "criticize": "for",
    "criticise": "for",
    "condemn": "for",
    "slander": "as",
    "blame": "for",
}

# Nouns that stand for a statement: "X's allegation that…", "reports that…".
CLAIM_NOUNS: frozenset[str] = frozenset(
    words("""allegation claim accusation report assertion charge suggestion revelation statement
    warning news rumour rumor evidence finding testimony admission announcement
    insistence contention doubt denial""")
)
# Claim nouns whose owner takes a position against the statement: "expressed doubt about".
REFUTE_NOUNS: frozenset[str] = frozenset(words("doubt denial rejection scepticism skepticism"))
HEDGE_NOUNS: frozenset[str] = frozenset(
    words("allegation claim accusation rumour rumor suggestion charge assertion contention")
)

# Light verbs whose subject is the source of a claim noun: "X made the allegation".
LIGHT_VERBS: frozenset[str] = frozenset(words("make level issue publish release voice repeat raise express"))

# Verbs that put a statement right after them with nothing else: "“…,” X said".
SAY_VERBS: frozenset[str] = frozenset(
    words(
        "say tell add note write state claim report explain insist warn confirm allege announce declare "
        "argue stress predict"
    )
)

# "X called the claim false", "X dismissed the report as unscientific".
JUDGE_VERBS: frozenset[str] = frozenset(words("call describe label brand dismiss term"))

HEDGE_ADVERBS: frozenset[str] = frozenset(
    words("allegedly reportedly supposedly purportedly apparently seemingly ostensibly")
)
# Adverbs that are a report on their own ("Reportedly, X"); the others only hedge.
REPORT_ADVERBS: frozenset[str] = frozenset(words("allegedly reportedly supposedly purportedly"))

# Words in the publisher's own voice that take a side on a statement.
PUBLISHER_REFUTES: frozenset[str] = frozenset(
    words("""baseless debunk debunked disprove disproved false untrue unfounded fabricated bogus
    mistaken discredited groundless hoax fabrication misinformation disinformation""")
)
PUBLISHER_SUPPORTS: frozenset[str] = frozenset(words("right correct correctly rightly accurate true"))

# Titles that make a source a person speaking for an office ("General X", "Minister Y").
PERSON_TITLES: frozenset[str] = frozenset(
    words("""general gen minister president prime premier spokesperson spokesman spokeswoman envoy
    ambassador secretary senator chief commander director official officials governor mayor
    chancellor king queen prince sheikh colonel col admiral lieutenant major captain sergeant
    deputy adviser advisor aide representative rep congressman congresswoman lawmaker mp
    diplomat attache attaché consul head coach manager chairman chairwoman executive ceo founder lawyer
    prosecutor""")
)

# Words that make an unmatched source a government body.
GOVERNMENT_WORDS: frozenset[str] = frozenset(
    words("""ministry ministries agency service office department government administration cabinet
    council commission parliament kremlin presidency military army navy police authority
    authorities bureau directorate staff embassy intelligence forces""")
)

# Words that make an unmatched source a publication.
NEWS_WORDS: frozenset[str] = frozenset(
    words("""news times post herald tribune gazette journal daily newspaper magazine media press
    tv television radio broadcaster broadcasting channel wire telegraph chronicle observer
    guardian monitor review weekly network outlet""")
)

# English function words: a text made of few of them is not English.
ENGLISH_STOPWORDS: frozenset[str] = frozenset(
    words("""the of and to a in is that for it was on with as be by this are at from his her he
    she they we you i not or have has had but an which their its were been who will would
    there can more one all also about than when what so if into after over these those our
    no other such only do did out up said""")
)

# A few other languages' commonest words, to name the language a text is in rather
# than only saying it is not English.
OTHER_STOPWORDS: dict[str, frozenset[str]] = {
    "fr": frozenset(
        words("le la les des est et un une du que qui dans pour pas sur au avec ce il elle sont")
    ),
    "de": frozenset(words("der die das und ist nicht ein eine zu den von mit sich des auf für im dem auch")),
    "es": frozenset(words("el la los las de que y en un una es por con para del se no su al lo como")),
    "it": frozenset(words("il la di che e un una per non sono del della le gli con si al nel anche")),
    "pt": frozenset(words("o a os as de que e do da em um uma para com não no na por mais se dos")),
    "nl": frozenset(words("de het een van en in is dat op te zijn voor met niet aan er ook als bij")),
    "tr": frozenset(words("ve bir bu da de için ile olarak çok daha gibi ama en ne var olan")),
    "id": frozenset(words("yang dan di ini dengan untuk dari dalam tidak akan pada juga ke itu")),
}

# Lines that are site furniture rather than article text, matched on folded text.
BOILERPLATE_PHRASES: tuple[str, ...] = (
    "support us",
    "go ad-free",
    "leave a reply",
    "leave a comment",
    "your email address will not be published",
    "required fields are marked",
    "subscribe",
    "sign up for",
    "newsletter",
    "share this",
    "share on",
    "follow us",
    "related posts",
    "related articles",
    "read more",
    "featured image",
    "image via",
    "image may contain",
    "photo credit",
    "all rights reserved",
    "cookie",
    "click here",
    "donate",
    "become a patron",
    "patreon",
    "advertisement",
)

# Openers of an appeal-for-money block that runs to the end of an article.
APPEAL_PHRASES: tuple[str, ...] = (
    "support us",
    "we need your help",
    "monthly donation",
    "become a member",
    "donate",
    "join us",
    "subscribe",
)
