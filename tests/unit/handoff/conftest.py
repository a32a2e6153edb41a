import pytest

from core.handoff.store import HandoffStore
from tests.unit.handoff.harness import Console

PASSWORD = "Correct-horse-42"


@pytest.fixture()
def store(tmp_path):
    s = HandoffStore(f"sqlite:///{tmp_path / 'handoff.db'}")
    s.add_counsellor("aigerim", "Aigerim", PASSWORD)
    s.add_counsellor("daniyar", "Daniyar", PASSWORD)
    return s


@pytest.fixture(scope="session")
def console_app(tmp_path_factory):
    first = HandoffStore(f"sqlite:///{tmp_path_factory.mktemp('h') / 'handoff.db'}")
    with Console(first) as c:
        yield c


@pytest.fixture()
def console(console_app, store):
    from addons.handoff import security
    for limit in (security.LOGIN_LIMIT, security.API_LIMIT, security.REPLY_LIMIT):
        limit._hits.clear()
    console_app.reset(store)
    return console_app
