"""A second held-out set (B), written and labelled after the extractor's rules were frozen
and measured once: nothing in `workers/extraction` was changed in answer to it.

Fictional companies, towns, people and outlets in styles set A lacks: business and
court wires, a science story, an HTML airline notice, a column with a verdict, sport
quotes, a relayed report with a denial, a social-media claim, a German text.
"""

from __future__ import annotations

from typing import Any

from bench.extract_synthetic import _c

OUTLETS_B: list[dict[str, Any]] = [
    {"id": "ig-werk", "name": "IG Werk", "aliases": ["IG Werk union"], "domains": []},
    {"id": "valken", "name": "Valken Motors", "aliases": ["Valken", "Mira Holt"], "domains": []},
    {"id": "handelsblatt-review", "name": "Handelsblatt Review", "aliases": [], "domains": []},
    {"id": "joh", "name": "Journal of Occupational Health", "aliases": [], "domains": []},
    {"id": "nordair", "name": "Nordair", "aliases": [], "domains": ["nordair.example"]},
    {"id": "caa", "name": "Civil Aviation Authority", "aliases": [], "domains": []},
    {"id": "rovers", "name": "Rovers", "aliases": ["Luca Bianchi"], "domains": []},
    {"id": "lenk-herald", "name": "The Lenk Herald", "aliases": [], "domains": []},
    {"id": "lenk-gov", "name": "Government of Lenk", "aliases": ["Lenk government"], "domains": []},
    {"id": "ltv", "name": "LTV", "aliases": [], "domains": []},
    {
        "id": "ostrava-mfa",
        "name": "Ostrava Ministry of Foreign Affairs",
        "aliases": ["Ostrava foreign ministry", "Ana Miros"],
        "domains": [],
    },
    {
        "id": "norland-finance",
        "name": "Norland Ministry of Finance",
        "aliases": ["Jonas Berg"],
        "domains": [],
    },
]

ARTICLES_B: list[dict[str, Any]] = [
    {
        "name": "b-carmaker",
        "text": (
            "Carmaker to cut 3,000 jobs, union says\n\n"
            "BERLIN - Valken Motors plans to cut 3,000 jobs at its two German plants by 2027, the IG Werk "
            "union said on Monday.\n\n"
            "The company declined to confirm the figure. A spokeswoman said Valken was \u201creviewing its "
            "cost base\u201d and that no decision had been taken.\n\n"
            "Two people familiar with the plans told the Handelsblatt Review that the cuts would fall mostly "
            "on the Essen plant.\n\n"
            "Valken's chief executive, Mira Holt, wrote in a memo to staff that electric-car sales had "
            "fallen "
            "18 percent this year.\n\n"
            "Shares in Valken rose 2 percent in early trading.\n"
        ),
        "claims": [
            _c("Carmaker to cut", "union says", "union", "ig-werk"),
            _c("BERLIN - Valken Motors plans", "said on Monday.", "the IG Werk union", "ig-werk"),
            _c("The company declined", "the figure.", "The company", "valken", stance="neutral"),
            _c("A spokeswoman said", "had been taken.", "A spokeswoman", "valken"),
            _c(
                "Two people familiar",
                "the Essen plant.",
                "Two people familiar with the plans",
                via=["the Handelsblatt Review"],
            ),
            _c(
                "Valken's chief executive",
                "18 percent this year.",
                "Valken's chief executive, Mira Holt",
                "valken",
            ),
        ],
    },
    {
        "name": "b-study",
        "text": (
            "Study links night shifts to heart disease\n\n"
            "Nurses who worked night shifts for more than ten years were 20 percent more likely to develop "
            "heart disease, according to a study published on Wednesday in the Journal of Occupational "
            "Health.\n\n"
            "The researchers, led by Dr. Omar Farid of Lund University, followed 75,000 nurses for 24 years. "
            "They found that the risk rose with each additional year of night work.\n\n"
            "\u201cThis does not prove that night work causes heart disease,\u201d Farid cautioned. Other "
            "scientists noted that the study relied on self-reported data.\n\n"
            "The findings were welcomed by the nurses' union, which has campaigned for shorter night rotas.\n"
        ),
        "claims": [
            _c(
                "Nurses who worked night shifts",
                "Occupational Health.",
                "a study published on Wednesday in the Journal of Occupational Health",
                "joh",
            ),
            _c(
                "They found that the risk",
                "night work.",
                "They",
                alts=[
                    "The researchers",
                    "The researchers, led by Dr. Omar Farid of Lund University",
                    "Dr. Omar Farid",
                ],
            ),
            _c("\u201cThis does not prove", "Farid cautioned.", "Farid", kind="opinion"),
            _c("Other scientists noted", "self-reported data.", "Other scientists"),
        ],
    },
    {
        "name": "b-court",
        "text": (
            "Former mayor denies bribery charges\n\n"
            "Prosecutors allege that former mayor Karl Dunn accepted 400,000 euros from a construction firm "
            "in exchange for building permits.\n\n"
            "Dunn, 61, denied the charges when he appeared in court on Thursday. His lawyer, Eva Stein, told "
            "reporters outside the courthouse that the payments were legitimate consulting fees.\n\n"
            "A witness testified that she had seen Dunn receive an envelope of cash in 2019. The defence "
            "said "
            "the witness had a grudge against the former mayor.\n\n"
            "The trial continues next week.\n"
        ),
        "claims": [
            _c(
                "Former mayor denies",
                "bribery charges",
                "Former mayor",
                stance="refutes",
                alts=["Karl Dunn", "Dunn"],
            ),
            _c("Prosecutors allege", "building permits.", "Prosecutors", hedged=True),
            _c("Dunn, 61, denied", "court on Thursday.", "Dunn", stance="refutes"),
            _c("His lawyer, Eva Stein", "consulting fees.", "His lawyer, Eva Stein", alts=["Eva Stein"]),
            _c("A witness testified", "cash in 2019.", "A witness"),
            _c("The defence said", "the former mayor.", "The defence"),
        ],
    },
    {
        "name": "b-airline-html",
        "html": True,
        "text": (
            "<article><h1>Airline grounds fleet after engine fault</h1><p class='byline'>By Staff</p>"
            "<p>Nordair grounded all 14 of its A220 jets on Sunday after an engine failed shortly after "
            "take-off from Oslo, the airline said in a statement.</p>"
            "<p>No one was injured, according to the Civil Aviation Authority.</p>"
            "<p>Two pilots, speaking on condition of anonymity, said similar faults had been reported "
            "internally <em>twice</em> this year.</p>"
            "<div class='share'>Share on Facebook &middot; Share on X</div>"
            "<p>The engine maker, Pratt &amp; Whitney, did not respond to a request for "
            "comment.</p></article>"
        ),
        "claims": [
            _c("<p>Nordair grounded", "in a statement.", "the airline", "nordair"),
            _c("<p>No one was injured", "Aviation Authority.", "the Civil Aviation Authority", "caa"),
            _c("<p>Two pilots", "this year.", "Two pilots"),
        ],
    },
    {
        "name": "b-column",
        "text": (
            "The myth of the empty high street\n\n"
            "It has become fashionable to say that town centres are dying. The claim that a third of shops "
            "in "
            "Brackley stand empty is false: the council's own survey counts 41 empty units out of 390.\n\n"
            "Local traders insist that parking charges drive customers away. Perhaps. But footfall data "
            "published by the Brackley Business District show visits rose 6 percent last year.\n\n"
            "The truth is more ordinary than the doom suggests.\n"
        ),
        "claims": [
            _c("It has become fashionable", "are dying.", None, kind="opinion"),
            _c("The claim that a third", "out of 390.", None, stance="refutes", kind="publisher"),
            _c("Local traders insist", "customers away.", "Local traders"),
            _c(
                "But footfall data",
                "last year.",
                "the Brackley Business District",
                alts=["footfall data published by the Brackley Business District"],
            ),
        ],
    },
    {
        "name": "b-football",
        "text": (
            "Coach says club will not sell its captain\n\n"
            "The Rovers coach, Luca Bianchi, said on Friday that the club had rejected two offers for "
            "captain Sam Okafor. \u201cWe are not a selling club,\u201d he added. \u201cSam has three years "
            "left on his contract.\u201d\n\n"
            "Okafor's agent has told several newspapers that his client wants to play in the Champions "
            "League.\n\n"
            "Bianchi also revealed that striker Tom Reyes would miss six weeks with a knee injury.\n"
        ),
        "claims": [
            _c("Coach says club", "its captain", "Coach", "rovers"),
            _c(
                "The Rovers coach, Luca Bianchi",
                "captain Sam Okafor.",
                "The Rovers coach, Luca Bianchi",
                "rovers",
            ),
            _c("\u201cWe are not a selling club", "he added.", "he", "rovers", kind="opinion"),
            _c("\u201cSam has three years", "contract.\u201d", "Luca Bianchi", "rovers"),
            _c("Okafor's agent has told", "Champions League.", "Okafor's agent"),
            _c("Bianchi also revealed", "knee injury.", "Bianchi", "rovers"),
        ],
    },
    {
        "name": "b-talks",
        "text": (
            "Report: Talks between Ostrava and Lenk collapsed\n\n"
            "The Lenk Herald, citing two diplomats, reported that peace talks between Ostrava and Lenk "
            "collapsed on Tuesday after Ostrava demanded control of the Sava valley.\n\n"
            "Ostrava's foreign ministry dismissed the report as \u201cpure invention\u201d. Its "
            "spokesperson, "
            "Ana Miros, said the talks would resume next month.\n\n"
            "A Lenk government source told the broadcaster LTV that the delegation had already left the "
            "capital.\n"
        ),
        "claims": [
            _c("Report: Talks between", "Lenk collapsed", None, hedged=True),
            _c(
                "The Lenk Herald, citing",
                "the Sava valley.",
                "The Lenk Herald",
                "lenk-herald",
                alts=["two diplomats"],
            ),
            _c(
                "Ostrava's foreign ministry dismissed",
                "invention\u201d.",
                "Ostrava's foreign ministry",
                "ostrava-mfa",
                stance="refutes",
            ),
            _c("Its spokesperson, Ana Miros", "next month.", "Its spokesperson, Ana Miros", "ostrava-mfa"),
            _c(
                "A Lenk government source",
                "the capital.",
                "A Lenk government source",
                "lenk-gov",
                via=["the broadcaster LTV"],
            ),
        ],
    },
    {
        "name": "b-flood-aid",
        "text": (
            "Minister's post on flood aid sparks row\n\n"
            "Finance minister Jonas Berg wrote on social media that every flooded household had received "
            "2,000 kronor in emergency aid. Mayors in three affected towns said many families were still "
            "waiting for payments.\n\n"
            "The claim could not be verified. A ministry spokesman later said about 60 percent of payments "
            "had been made.\n"
        ),
        "claims": [
            _c(
                "Finance minister Jonas Berg wrote",
                "emergency aid.",
                "Finance minister Jonas Berg",
                "norland-finance",
            ),
            _c("Mayors in three affected towns", "waiting for payments.", "Mayors in three affected towns"),
            _c(
                "A ministry spokesman later said", "had been made.", "A ministry spokesman", "norland-finance"
            ),
        ],
    },
    {
        "name": "b-german",
        "language": "de",
        "text": (
            "Das Ministerium teilte am Dienstag mit, dass der Damm sicher sei und keine Gefahr für die "
            "Dörfer "
            "bestehe. Nach Angaben der Ingenieure haben sich die Risse seit Januar vergrößert, und die "
            "Anwohner wurden nicht über die Inspektion informiert.\n"
        ),
        "claims": [],
    },
]
