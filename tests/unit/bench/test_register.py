"""bench/register.py: which replies are in the right register."""

import pytest

from bench.register import reply_fits


@pytest.mark.parametrize("want, text, fits", [
    ("adult", "Позвоните на 150: там Вам помогут.", True),
    ("adult", "Звони на 150, тебе помогут.", False),
    ("adult", "Конвенция принята в 1989 году.", True),            # no pronoun: either register
    ("adult", "150 — сенім телефоны, тегін.", True),               # "сенім" (trust) is not "сен"
    ("adult", "Саған 150 көмектеседі.", False),
    ("child", "Звони на 150, тебе помогут.", True),
    ("child", "Сізге 150 көмектеседі.", False),
    ("child", "Ваш ребёнок может позвонить на 150.", False),
])
def test_reply_fits(want, text, fits):
    assert reply_fits(want, text) is fits
