"""Who is writing (core/register.py): an adult gets the polite register, a child ты / сен."""

import pytest

from core.register import audience


@pytest.mark.parametrize("text", [
    "My son is 12 and just got a phone", "I'm a teacher and my pupils ask about rights",
    "Здравствуйте, подскажите, что делать", "Сыну 10 лет, его обижают", "Сәлеметсіз бе, балам 9 жаста",
    "Айтып беріңізші, 111 қалай жұмыс істейді", "Полицияның нөмірін айтып жіберіңізші.",
    "Рашед Мустафа Сарвар не айтты, білесіз бе?", "Будьте добры, напомните номер пожарной службы",
    "Готовлю выступление на родительском собрании",
    # what the adult is, or how old the child is, with no polite form (session 11)
    "Мен әлеуметтік педагогпын. 150 қалай жұмыс істейді", "Мен 7 «Б» сыныбының жетекшісімін",
    "екі баланың қамқоршысымын, кеңес керек", "8 жасар баламен интернет туралы не келісу керек",
    "Я школьный психолог, какие номера повесить", "Как мне, как отцу, поговорить с сыном",
    "Дочке 13, хочет тикток", "сыну 9 лет, просит телефон", "my 10-year-old wants a phone",
    "Қайырлы күн, 111 тегін бе", "Работаю в центре поддержки семьи",
    "Ученица 7 класса рассказала мне о травле", "3-сынып оқушысы анасы ұрады деді",
    "Как школьному психологу мне нужно знать номера", "Мектеп психологы ретінде білгім келеді",
])
def test_an_adult_is_recognised(text):
    assert audience(text) == "adult"


@pytest.mark.parametrize("text", [
    "im 12 and i met a guy in a game", "i'm 13, is it normal", "I am 11 years old and scared",
    "мне 13 лет и мама читает мою переписку", "я в 7 классе", "мен 12 жастамын", "мен 5-сыныпта оқимын",
])
def test_a_child_is_recognised(text):
    assert audience(text) == "child"


@pytest.mark.parametrize("text", [
    "there's this kid in my class who keeps texting me", "у нас в классе создали беседу без меня",
    "what is the 150 line", "i'm 25 and i work with children",
    "почему день ребёнка 20 ноября", "мен 5 сыныпта оқимын", "сыныбымызда 25 бала бар", "мен оқушымын",
    "позвонить ребенку 112 можно", "я ученик 5 класса", "мен 5-сынып оқушысымын",
])
def test_a_child_saying_my_class_or_an_unclear_message_is_not_taken_for_an_adult(text):
    assert audience(text) != "adult"
