"""A short run of the load test (bench/load.py): 50 concurrent users over REST, 0 errors, 0 empty
replies, every user's replies in order. The full 60 s run and its figures are in the README."""


import pytest

from bench.load import run_load
from tests.conftest import run_async
from tools.servers import BotServers

pytestmark = pytest.mark.bot


def test_fifty_users_short_run():
    with BotServers() as bot:
        result = run_async(run_load(bot.url, users=50, seconds=15))
    print(result)
    assert result["messages"] >= 50
    assert result["errors"] == 0 and result["empty_replies"] == 0 and result["out_of_order"] == 0, result


def test_refuses_non_loopback_targets():
    with pytest.raises(SystemExit, match="only targets loopback"):
        run_async(run_load("http://10.0.0.1:5005", users=1, seconds=1))
