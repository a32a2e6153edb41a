"""The school poster (tools/poster.py): A4 PDF + PNG per language; the PNG's QR codes decode to
the given URLs; the helpline numbers printed large are the knowledge file's crisis contacts; each
language says the assistant is a program, not a person. No trained model needed."""

import re

import pytest

from tools import poster

if not all((poster.FONT_DIR / f).is_file() for f in poster.FONTS.values()):
    pytest.skip(f"the poster's font is missing ({poster.FONT_DIR}/DejaVuSans.ttf): "
                "apt-get install fonts-dejavu-core", allow_module_level=True)

import zxingcpp  # noqa: E402
from PIL import Image  # noqa: E402
from pypdf import PdfReader  # noqa: E402

from core.knowledge.base import Knowledge  # noqa: E402

WEB = "https://chat.example.org/child-safety/?lang=kk&src=poster"
TELEGRAM = "https://t.me/example_child_safety_bot"
# Written here, not taken from the poster module, so that an edit there cannot drop the claim.
NOT_A_PERSON = {"en": "not a person", "ru": "а не человек", "kk": "адам емес"}
A4 = (595.0, 842.0)


@pytest.fixture(scope="module")
def knowledge():
    return Knowledge.load()


@pytest.fixture(scope="module")
def out(tmp_path_factory, knowledge):
    folder = tmp_path_factory.mktemp("poster")
    poster.make(folder, WEB, TELEGRAM, k=knowledge)
    return folder


def text_of(pdf):
    """The page's text, whitespace folded (lines joined)."""
    return " ".join(PdfReader(pdf).pages[0].extract_text().split())


def sizes_of(pdf):
    """{text run: font size} of the page."""
    runs = {}

    def visit(text, cm, tm, font, size):
        if text.strip():
            runs[text.strip()] = size * tm[0] * cm[0]

    PdfReader(pdf).pages[0].extract_text(visitor_text=visit)
    return runs


def decoded(png):
    return sorted(b.text for b in zxingcpp.read_barcodes(Image.open(png)) if b.format == zxingcpp.BarcodeFormat.QRCode)


def test_a_pdf_and_a_png_per_language(out):
    names = sorted(p.name for p in out.iterdir())
    assert names == sorted(f"poster-{lang}.{ext}" for lang in ("kk", "ru", "en") for ext in ("pdf", "png"))


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_pdf_is_one_a4_page(out, lang):
    reader = PdfReader(out / f"poster-{lang}.pdf")
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(A4[0], abs=1)
    assert float(box.height) == pytest.approx(A4[1], abs=1)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_png_is_the_page_at_150_dpi_or_more(out, lang):
    with Image.open(out / f"poster-{lang}.png") as image:
        width, height = image.size
    assert width >= A4[0] / 72 * 150 - 2
    assert height / width == pytest.approx(A4[1] / A4[0], rel=0.01)


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_qr_codes_in_the_png_open_the_given_urls(out, lang):
    assert decoded(out / f"poster-{lang}.png") == sorted([WEB, TELEGRAM])


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_each_url_is_printed_under_its_code(out, lang):
    text = text_of(out / f"poster-{lang}.pdf").replace(" ", "")
    assert WEB in text and TELEGRAM in text


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_the_helplines_are_the_knowledge_files_printed_large(out, knowledge, lang):
    crisis = knowledge.crisis_contacts()
    numbers = [c.number for c in crisis]  # 150, 111 and 112 in the file
    assert len(numbers) == 3
    runs = sizes_of(out / f"poster-{lang}.pdf")
    large = sorted(run for run, size in runs.items() if size >= 48)
    assert large == sorted(numbers)
    text = text_of(out / f"poster-{lang}.pdf")
    for contact in crisis:
        assert knowledge.render(contact.name, lang) in text
    digits = set(re.findall(r"(?<![\d/])\d{3}(?![\d/])", text))
    assert digits == set(numbers)  # no other three-digit number to call


@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_each_language_says_it_is_a_program_not_a_person(out, lang):
    text = text_of(out / f"poster-{lang}.pdf")
    assert NOT_A_PERSON[lang] in text
    assert poster.WORDS["not_a_person"][lang] in text


def test_the_kazakh_letters_are_text_in_the_embedded_font(out):
    reader = PdfReader(out / "poster-kk.pdf")
    text = reader.pages[0].extract_text()
    assert set("әғқңөұүі") <= set(text)
    fonts = {str(f["/BaseFont"]) for f in reader.pages[0]["/Resources"]["/Font"].values()}
    assert fonts and all("DejaVuSans" in f for f in fonts)


def test_no_telegram_url_means_no_telegram_code(tmp_path, monkeypatch, capsys):
    monkeypatch.setenv("POSTER_WEB_URL", WEB)
    monkeypatch.delenv("POSTER_TELEGRAM_URL", raising=False)
    assert poster.main(["--lang", "en", "--out", str(tmp_path)]) == 0
    assert "no Telegram URL" in capsys.readouterr().out
    assert decoded(tmp_path / "poster-en.png") == [WEB]
    assert "Telegram" not in text_of(tmp_path / "poster-en.pdf")


def test_the_web_url_is_required_and_checked(tmp_path, monkeypatch):
    monkeypatch.delenv("POSTER_WEB_URL", raising=False)
    with pytest.raises(SystemExit) as exit_:
        poster.main(["--out", str(tmp_path)])
    assert exit_.value.code == 2
    with pytest.raises(SystemExit):
        poster.main(["--web-url", "chat.example.org", "--out", str(tmp_path)])
    assert not list(tmp_path.iterdir())
