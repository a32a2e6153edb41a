"""The assistant's core: plain Python that both processes import (Rasa's, for the channels and
the NLU components; the action server's, for the answers). Nothing here imports Rasa.

    lexicon.py          every word list of the three languages, folding, ordinals
    detect.py           which language a message is in, and whether it asks for one
    knowledge/          the knowledge file: schema.py (records, validation), base.py (the
                        validated file, look-ups by id), store.py (loaded once, reloaded on change)
    wording.py          the phrases and notices the code fills in, with their variables
    resolve.py          what a message points at: (text, context) -> person, module, topic, contacts
    replies.py          one reply per kind of thing (a module, a person, a list ...)
    answers.py          the routing table (intent -> handler) and respond()
    notices.py          the channels' own notices (empty message, too long, unavailable)
"""
