"""Insights for the service that runs the assistant, read from the tracker store it already has
(docs/insights.md): what is asked, what fails, how often disclosures happen, whether answers help.

    store.py      which store (endpoints.yml, a URL or a SQLite file) and its events, turn by turn
    turns.py      one conversation's events -> its messages and replies (what each was, no more)
    aggregate.py  the counts of the report, in one pass over the conversations
    charts.py     the charts (matplotlib, SVG inline; readable without colour)
    report.py     `make insights`: insights.json + index.html (no request to any other host)
    redact.py     personal data out of a message before anyone sees it
    review.py     `make review`: the review queue, grouped, redacted; export of candidates
    keep.py       what insights keep, and the retention of it (`make forget`)
    generate.py   a synthetic tracker store with known counts (tests, the 100,000 benchmark)

Importing the package does no work.
"""
