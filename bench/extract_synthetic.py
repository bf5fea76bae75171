"""A held-out set for the extraction bench: short articles written for it.

Fictional places, people and outlets, written from scratch (none is derived from a seed
article) in the styles the extractor meets: a wire story, a relay chain with a denial,
a blog with a quoted block and "he said", an HTML page, a publisher's own debunk, a
text of nothing but quotes, a non-English text. Labels follow docs/extraction.md.
Quotes are given as (first words, last words) and located when the set is loaded.
"""

from __future__ import annotations

from typing import Any

OUTLETS: list[dict[str, Any]] = [
    {
        "id": "norland-water",
        "name": "Norland Ministry of Water",
        "kind": "government",
        "aliases": ["Ministry of Water", "Petra Lind", "Water Minister"],
        "domains": [],
    },
    {
        "id": "daily-courier",
        "name": "The Daily Courier",
        "kind": "news",
        "aliases": ["Courier"],
        "domains": ["dailycourier.example"],
    },
    {
        "id": "vostan-mod",
        "name": "Vostan Ministry of Defence",
        "kind": "government",
        "aliases": ["Vostan defence ministry", "Vostan defense ministry"],
        "domains": [],
    },
    {
        "id": "karsk-mfa",
        "name": "Karsk Ministry of Foreign Affairs",
        "kind": "government",
        "aliases": ["Karsk foreign ministry", "Karsk's foreign ministry"],
        "domains": [],
    },
    {"id": "vtv", "name": "VTV", "kind": "state_media", "aliases": ["Vostan Television"], "domains": []},
    {
        "id": "nha",
        "name": "National Health Agency",
        "kind": "government",
        "aliases": ["Mara Voss"],
        "domains": [],
    },
    {"id": "selva-tribune", "name": "Selva Tribune", "kind": "news", "aliases": [], "domains": []},
    {"id": "harlow-gazette", "name": "Harlow Gazette", "kind": "news", "aliases": [], "domains": []},
]


def _c(
    start: str,
    end: str,
    source: str | None,
    origin: str | None = None,
    *,
    hedged: bool = False,
    stance: str = "supports",
    kind: str = "attributed",
    via: list[str] | None = None,
    alts: list[str] | None = None,
) -> dict[str, Any]:
    return {
        "start_words": start,
        "end_words": end,
        "source": source,
        "origin": origin,
        "hedged": hedged,
        "stance": stance,
        "kind": kind,
        "via": via or [],
        "source_alts": alts or [],
    }


ARTICLES: list[dict[str, Any]] = [
    {
        "name": "wire-dam",
        "text": (
            "Ministry says dam is safe as engineers warn of cracks\n\n"
            "ARDEN, March 3 - The Norland Ministry of Water said on Tuesday that the Kessel dam was "
            "structurally sound and posed no risk to villages downstream.\n\n"
            "Independent engineers who inspected the site last month warned that cracks in the spillway had "
            "widened by several centimetres since January.\n\n"
            "\u201cSensors recorded no movement in the main wall last week,\u201d Water Minister Petra Lind "
            "told "
            "reporters. \u201cThe spillway was resurfaced in 2019 and inspected again in 2023.\u201d\n\n"
            "According to the regional flood agency, water levels behind the dam rose 40 percent in "
            "February.\n\n"
            "The Daily Courier reported that the ministry had postponed a scheduled safety audit twice.\n\n"
            "Residents of Holm say they were never told about the inspection.\n"
        ),
        "claims": [
            # The two headline items were added after the set's first run (headlines count
            # when attributed, docs/extraction.md); every other label predates it.
            _c("Ministry says dam", "is safe", "Ministry", "norland-water"),
            _c("engineers warn", "of cracks", "engineers"),
            _c(
                "The Norland Ministry of Water said",
                "villages downstream.",
                "The Norland Ministry of Water",
                "norland-water",
            ),
            _c(
                "Independent engineers who inspected",
                "since January.",
                "Independent engineers",
                alts=["Independent engineers who inspected the site last month"],
            ),
            _c(
                "\u201cSensors recorded no movement",
                "told reporters.",
                "Water Minister Petra Lind",
                "norland-water",
            ),
            _c(
                "\u201cThe spillway was resurfaced",
                "again in 2023.\u201d",
                "Water Minister Petra Lind",
                "norland-water",
            ),
            _c("According to the regional flood agency", "in February.", "the regional flood agency"),
            _c("The Daily Courier reported", "safety audit twice.", "The Daily Courier", "daily-courier"),
            _c("Residents of Holm say", "about the inspection.", "Residents of Holm"),
        ],
    },
    {
        "name": "relay-border",
        "text": (
            "Vostan accuses neighbour of troop build-up\n\n"
            "The state broadcaster VTV reported that the Vostan defence ministry accused Karsk of massing "
            "troops "
            "near the border town of Leda.\n\n"
            "Karsk's foreign ministry rejected the allegation on Wednesday, calling it a pretext for "
            "escalation.\n\n"
            "Satellite images published by the Open Orbit Institute show armoured vehicles parked at a base "
            "30 "
            "kilometres from Leda.\n\n"
            "The claim that Karsk has moved 20,000 soldiers to the border is baseless: the images show a few "
            "dozen vehicles at most.\n\n"
            "Officials in Leda said schools would stay open this week.\n"
        ),
        "claims": [
            _c("Vostan accuses neighbour", "troop build-up", "Vostan", "vostan-mod", hedged=True),
            _c(
                "The state broadcaster VTV reported",
                "town of Leda.",
                "the Vostan defence ministry",
                "vostan-mod",
                hedged=True,
                via=["The state broadcaster VTV"],
            ),
            _c(
                "Karsk's foreign ministry rejected",
                "pretext for escalation.",
                "Karsk's foreign ministry",
                "karsk-mfa",
                stance="refutes",
            ),
            _c(
                "Satellite images published by",
                "30 kilometres from Leda.",
                "the Open Orbit Institute",
                alts=["Satellite images published by the Open Orbit Institute", "Satellite images"],
            ),
            _c(
                "The claim that Karsk has moved",
                "dozen vehicles at most.",
                None,
                stance="refutes",
                kind="publisher",
            ),
            _c("Officials in Leda said", "open this week.", "Officials in Leda"),
        ],
    },
    {
        "name": "blog-council",
        "text": (
            "Water privatisation: what the mayor told the council\n\n"
            "Mayor Ilse Brandt proclaimed that:\n\n"
            "\u201cThe city sold its water utility to Aqua Holdings in 2021 for 80 million euros. Prices "
            "have "
            "since risen by 35 percent.\u201d\n\n"
            "Critics on the council disputed the figures. Councillor Jan Roos argued that the sale price was "
            "below the utility's book value. He said the council had never seen an independent valuation.\n\n"
            "It was revealed last year that Aqua Holdings paid no corporate tax in 2022.\n\n"
            "Reportedly, the company is now seeking a second contract in the neighbouring town of Brill.\n"
        ),
        "claims": [
            _c("\u201cThe city sold its water utility", "80 million euros.", "Mayor Ilse Brandt"),
            _c("Prices have since risen", "35 percent.\u201d", "Mayor Ilse Brandt"),
            _c("Critics on the council disputed", "the figures.", "Critics on the council", stance="refutes"),
            _c("Councillor Jan Roos argued", "book value.", "Councillor Jan Roos", alts=["Jan Roos"]),
            _c(
                "He said the council had never",
                "independent valuation.",
                "Councillor Jan Roos",
                alts=["He", "Jan Roos"],
            ),
            _c("It was revealed last year", "tax in 2022.", None),
            _c("Reportedly, the company", "town of Brill.", None, hedged=True),
        ],
    },
    {
        "name": "html-rumour",
        "html": True,
        "text": (
            "<html><head><title>Health agency disputes vaccine rumour | The Daily "
            "Courier</title></head><body>"
            "<nav><a href='/'>Home</a> <a href='/world'>World</a> <a href='/health'>Health</a></nav>"
            "<article><h1>Health agency disputes vaccine rumour</h1>"
            "<p>The National Health Agency said on Monday that the new measles vaccine had been tested on "
            "more "
            "than 12,000 children.</p>\n"
            "<p>A viral post on social media claimed that the vaccine contains microchips. The agency called "
            "the claim &ldquo;completely false&rdquo;.</p>\n"
            "<p>According to <b>Dr. Mara Voss</b>, the agency&rsquo;s chief scientist, side effects were "
            "reported in fewer than 1 in 10,000 doses.</p>\n"
            "<p>The rumour has been debunked by several fact-checkers.</p>\n"
            "<script>var tracking = 'the minister said that nothing happened';</script>"
            "</article><footer>Share this article &middot; Subscribe to our newsletter</footer></body></html>"
        ),
        "claims": [
            _c("The National Health Agency said", "12,000 children.", "The National Health Agency", "nha"),
            _c(
                "A viral post on social media claimed",
                "contains microchips.",
                "A viral post on social media",
                hedged=True,
            ),
            _c("The agency called", "&rdquo;.", "The agency", "nha", stance="refutes"),
            _c("According to <b>Dr. Mara Voss", "10,000 doses.", "Dr. Mara Voss", "nha"),
            _c("The rumour has been debunked", "fact-checkers.", "several fact-checkers", stance="refutes"),
        ],
    },
    {
        "name": "publisher-bridge",
        "known": ["The Harbour Bridge carries 90,000 vehicles a day"],
        "text": (
            "Why the bridge matters\n\n"
            "The Harbour Bridge carries about 90,000 vehicles a day. Its closure would cut the port off from "
            "the motorway network for months.\n\n"
            "The council has budgeted 4 million for repairs this year. Engineers estimate that at least 30 "
            "million is needed.\n"
        ),
        "claims": [
            _c("The Harbour Bridge carries", "vehicles a day.", None, kind="known"),
            _c("Engineers estimate that", "is needed.", "Engineers"),
        ],
    },
    {
        "name": "nothing-but-quotes",
        "text": (
            "\u201cWe will not negotiate.\u201d\n\n\u201cThe border stays closed.\u201d\n\n"
            "\u201cTalks are over, and everyone knows why.\u201d\n"
        ),
        "claims": [],
    },
    {
        "name": "french",
        "language": "fr",
        "text": (
            "Le ministère a déclaré mardi que le barrage était solide et ne présentait aucun risque pour les "
            "villages situés en aval. Selon les ingénieurs, les fissures se sont élargies depuis le mois de "
            "janvier, et les habitants du village n'ont pas été informés de l'inspection.\n"
        ),
        "claims": [],
    },
    {
        "name": "tenants",
        "text": (
            "Tenants take landlord to court\n\n"
            "Court documents filed by the Harlow Tenants Union allege that the landlord ignored 140 repair "
            "requests over two winters. The landlord's lawyer denied that any request had been ignored.\n\n"
            "The union's allegation was first published by the Harlow Gazette in May.\n\n"
            "Inspectors from the housing authority confirmed that three flats had no heating in January. A "
            "spokesperson for the housing authority said fines of up to 50,000 pounds could follow.\n"
        ),
        "claims": [
            _c(
                "Court documents filed by",
                "over two winters.",
                "the Harlow Tenants Union",
                hedged=True,
                alts=["Court documents filed by the Harlow Tenants Union", "Court documents"],
            ),
            _c(
                "The landlord's lawyer denied", "had been ignored.", "The landlord's lawyer", stance="refutes"
            ),
            _c(
                "The union's allegation was first",
                "Gazette in May.",
                "The union",
                hedged=True,
                via=["the Harlow Gazette"],
                alts=["Harlow Tenants Union"],
            ),
            _c(
                "Inspectors from the housing authority",
                "heating in January.",
                "Inspectors from the housing authority",
            ),
            _c(
                "A spokesperson for the housing authority",
                "could follow.",
                "A spokesperson for the housing authority",
            ),
        ],
    },
    {
        "name": "protest",
        "text": (
            "Protests spread to the capital\n\n"
            "Thousands marched in Selva on Saturday. Police were accused of using tear gas on peaceful "
            "demonstrators near the parliament.\n\n"
            "The interior ministry's claim about foreign agitators has not been supported by any "
            "evidence.\n\n"
            "Opposition leader Tomas Vidal told the Selva Tribune that at least 40 people had been "
            "arrested. The "
            "figure could not be independently verified. Hospital staff said nine people were treated for "
            "injuries.\n"
        ),
        "claims": [
            _c("Police were accused of", "near the parliament.", None, hedged=True),
            _c("The interior ministry's claim", "by any evidence.", "The interior ministry", hedged=True),
            _c(
                "Opposition leader Tomas Vidal told",
                "had been arrested.",
                "Opposition leader Tomas Vidal",
                via=["the Selva Tribune"],
                alts=["Tomas Vidal"],
            ),
            _c("Hospital staff said", "treated for injuries.", "Hospital staff"),
        ],
    },
    {
        "name": "river",
        "text": (
            "Mining company denies river pollution\n\n"
            "Fishermen on the Arno delta say the river turned red in early June and thousands of fish died. "
            "The "
            "Green Delta Alliance made the accusation public in a report on Thursday, blaming runoff from "
            "the "
            "Corra copper mine. Corra Mining dismissed the report as unscientific.\n\n"
            "Water samples analysed by the university's chemistry department showed copper levels twelve "
            "times "
            "the legal limit, the department's head, Professor Lena Kuhn, said.\n"
        ),
        "claims": [
            _c("Fishermen on the Arno delta say", "thousands of fish died.", "Fishermen on the Arno delta"),
            _c("The Green Delta Alliance made", "copper mine.", "The Green Delta Alliance", hedged=True),
            _c("Corra Mining dismissed", "as unscientific.", "Corra Mining", stance="refutes"),
            _c(
                "Water samples analysed by",
                "Lena Kuhn, said.",
                "Professor Lena Kuhn",
                alts=["the department's head, Professor Lena Kuhn"],
            ),
        ],
    },
]
