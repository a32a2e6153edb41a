"""A printable A4 school poster, one per language (kk, ru, en), as PDF and PNG: what the assistant
is (a program, not a person), QR codes to the web chat and the Telegram bot, and the helplines.
    python -m tools.poster --web-url URL [--telegram-url URL] [--out build/poster] [--lang kk ru]
The helplines (numbers and wording) are the `crisis: true` contacts of knowledge/knowledge.yml;
only the layout's few words are here. No Telegram URL: no Telegram QR code. See docs/poster.md.
"""

from __future__ import annotations

import argparse
import io
import os
import re
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple
from xml.sax.saxutils import escape

import pypdfium2
import segno
from reportlab.lib.colors import Color, HexColor, white
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from core.knowledge.base import Knowledge
from core.knowledge.schema import Contact
from core.knowledge.store import knowledge
from core.lexicon import LANGUAGES

ROOT = Path(__file__).resolve().parent.parent
FONT_DIR = Path(os.environ.get("POSTER_FONT_DIR", "/usr/share/fonts/truetype/dejavu"))
FONTS = {"Poster": "DejaVuSans.ttf", "Poster-Bold": "DejaVuSans-Bold.ttf"}
ORDER = ("kk", "ru", "en")  # the state language first
WIDTH, HEIGHT = A4  # 595.27 x 841.89 pt
MARGIN = 40.0
BLUE, DARK, GREY = HexColor("#1d4f91"), HexColor("#1a1a1a"), HexColor("#555555")
QR_SIZE, QR_MIN = 150.0, 110.0  # points: 53 mm, shrunk down to 39 mm when the text needs room
NUMBER_SPACE = re.compile(r"(\d) ")

# The poster's own words: no facts (those are in the knowledge file). The wording of "automated
# assistant (a computer program), not a person" is the one of utter_bot_challenge in domain.yml.
WORDS: Dict[str, Dict[str, str]] = {
    "title": {
        "en": "Questions about your safety or your rights?",
        "ru": "Есть вопросы о твоей безопасности или твоих правах?",
        "kk": "Қауіпсіздігің немесе құқықтарың туралы сұрағың бар ма?",
    },
    "not_a_person": {
        "en": "This chat is an automated assistant (a computer program), not a person.",
        "ru": "Этот чат — автоматический помощник (компьютерная программа), а не человек.",
        "kk": "Бұл чат — автоматты көмекші (компьютерлік бағдарлама), адам емес.",
    },
    "what": {
        "en": "It answers questions about child safety and children's rights in Kazakhstan and tells "
              "you whom to call for help. You can write in Kazakh, Russian or English. To talk to a "
              "person, call one of the numbers below.",
        "ru": "Он отвечает на вопросы о безопасности детей и правах детей в Казахстане и подсказывает, "
              "куда звонить за помощью. Писать можно на казахском, русском или английском языке. "
              "Чтобы поговорить с человеком, позвони по одному из номеров ниже.",
        "kk": "Ол Қазақстандағы балалар қауіпсіздігі мен бала құқықтары туралы сұрақтарға жауап береді "
              "және көмек үшін кімге хабарласу керегін айтады. Қазақ, орыс немесе ағылшын тілінде "
              "жазуға болады. Адаммен сөйлескің келсе, төмендегі нөмірлердің біріне қоңырау шал.",
    },
    "scan": {
        "en": "Point your phone's camera at a QR code to start the chat",
        "ru": "Наведи камеру телефона на QR-код, чтобы начать чат",
        "kk": "Чатты бастау үшін телефон камерасын QR-кодқа бағытта",
    },
    "web": {"en": "Chat on the website", "ru": "Чат на сайте", "kk": "Сайттағы чат"},
    "telegram": {"en": "Chat in Telegram", "ru": "Чат в Telegram", "kk": "Telegram-дағы чат"},
    "call": {"en": "Need help? Call:", "ru": "Нужна помощь? Звони:", "kk": "Көмек керек пе? Қоңырау шал:"},
}


@dataclass(frozen=True)
class Helpline:
    number: str
    name: str  # the contact's name, one line
    detail: str  # the rest of the first sentence of its text ("free, confidential, ..."), or ""


def load_fonts() -> None:
    """Register DejaVu Sans (it has the Kazakh letters ә ғ қ ң ө ұ ү һ і)."""
    for name, file in FONTS.items():
        path = FONT_DIR / file
        if not path.is_file():
            raise SystemExit(f"error: font {path} not found: apt-get install fonts-dejavu-core "
                             "(or set POSTER_FONT_DIR to a folder with DejaVuSans.ttf and DejaVuSans-Bold.ttf)")
        if name not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(name, str(path)))


def helplines(k: Knowledge, lang: str) -> List[Helpline]:
    """The crisis contacts (150, 111, 112) in the file's order, in `lang`, worded by the file."""
    return [Helpline(c.number, k.render(c.name, lang), _detail(k, c, lang)) for c in k.crisis_contacts()]


def _detail(k: Knowledge, contact: Contact, lang: str) -> str:
    """From "150 is the ...: free, confidential, ... 7 days a week. More." the words after the
    colon of the first sentence; "" when the text is not written that way."""
    text = k.render(contact.text, lang)
    first = text.split(". ", 1)[0].rstrip(".")
    head, colon, rest = first.partition(": ")
    if not colon or not head.startswith(contact.number) or not rest.strip():
        return ""
    rest = NUMBER_SPACE.sub("\\1\u00a0", rest.strip())  # "7 days" stays on one line
    return rest[0].upper() + rest[1:] + "."


def sources(k: Knowledge, lang: str) -> str:
    """The knowledge file's citation of the crisis contacts' sources, in `lang`."""
    ids: List[str] = []
    for contact in k.crisis_contacts():
        ids += [s for s in contact.sources if s not in ids]
    return k.cite(ids, lang)


def style(size: float, bold: bool = False, color: Color = DARK, leading: float = 1.25,
          align: int = 0, wrap_anywhere: bool = False) -> ParagraphStyle:
    return ParagraphStyle(
        f"s{size}{bold}", fontName="Poster-Bold" if bold else "Poster", fontSize=size,
        leading=size * leading, textColor=color, alignment=align,
        wordWrap="CJK" if wrap_anywhere else None,
    )


def put(c: Canvas, text: str, st: ParagraphStyle, x: float, top: float, width: float) -> float:
    """Draw `text` wrapped in `width` with its top at `top`; return its bottom."""
    p = Paragraph(escape(text), st)
    h = float(p.wrap(width, HEIGHT)[1])
    p.drawOn(c, x, top - h)
    return top - h


def draw_qr(c: Canvas, url: str, x: float, top: float, size: float) -> None:
    """A QR code of `url` as vector squares, quiet zone included, in a `size` square."""
    qr = segno.make_qr(url, error="m")
    rows = list(qr.matrix_iter(border=4))
    cell = size / len(rows)
    c.setFillColor(white)
    c.rect(x, top - size, size, size, stroke=0, fill=1)
    c.setFillColor(DARK)
    path = c.beginPath()
    for r, row in enumerate(rows):
        for col, dark in enumerate(row):
            if dark:
                path.rect(x + col * cell, top - (r + 1) * cell, cell, cell)
    c.drawPath(path, stroke=0, fill=1)


def header(c: Canvas, lang: str) -> float:
    """The blue band with the title, then what the assistant is; returns the bottom."""
    inner = WIDTH - 2 * MARGIN
    title = Paragraph(escape(WORDS["title"][lang]), style(26, True, white, 1.15))
    _, h = title.wrap(inner, HEIGHT)
    band = h + 2 * 22
    c.setFillColor(BLUE)
    c.rect(0, HEIGHT - band, WIDTH, band, stroke=0, fill=1)
    title.drawOn(c, MARGIN, HEIGHT - 22 - h)
    y = put(c, WORDS["not_a_person"][lang], style(16, True, BLUE), MARGIN, HEIGHT - band - 16, inner)
    return put(c, WORDS["what"][lang], style(12, leading=1.35), MARGIN, y - 6, inner)


def qr_codes(c: Canvas, lang: str, links: Sequence[Tuple[str, str]], top: float, size: float) -> float:
    """A QR code per (label key, url), side by side, each with its label and its URL under it."""
    inner = WIDTH - 2 * MARGIN
    y = put(c, WORDS["scan"][lang], style(14, True, align=1), MARGIN, top, inner)
    column = inner / 2
    starts = [MARGIN, MARGIN + column] if len(links) == 2 else [MARGIN + column / 2]  # one: centred
    bottom = y
    for x, (key, url) in zip(starts, links, strict=True):
        qr_top = y - 12
        draw_qr(c, url, x + (column - size) / 2, qr_top, size)
        under = put(c, WORDS[key][lang], style(14, True, BLUE, align=1), x, qr_top - size - 4, column)
        under = put(c, url, style(8.5, color=GREY, align=1, wrap_anywhere=True), x + 10, under - 2, column - 20)
        bottom = min(bottom, under)
    return bottom


def helpline_rows(c: Canvas, lang: str, lines: Sequence[Helpline], top: float) -> float:
    """"Need help? Call:" and a row per helpline: the number large, its name and detail beside it."""
    inner = WIDTH - 2 * MARGIN
    y = put(c, WORDS["call"][lang], style(20, True), MARGIN, top, inner)
    number_width, gap = 146.0, 10.0
    text_x, text_width = MARGIN + number_width + gap, inner - number_width - gap
    for line in lines:
        y -= 10
        c.setStrokeColor(BLUE)
        c.setLineWidth(1.5)
        c.line(MARGIN, y, WIDTH - MARGIN, y)
        row_top = y - 8
        c.setFillColor(BLUE)
        c.setFont("Poster-Bold", 68)
        c.drawString(MARGIN, row_top - 56, line.number)
        text_bottom = put(c, line.name, style(14, True), text_x, row_top - 4, text_width)
        if line.detail:
            text_bottom = put(c, line.detail, style(11.5, leading=1.3), text_x, text_bottom - 3, text_width)
        y = min(row_top - 62, text_bottom)
    return y


def layout(c: Canvas, k: Knowledge, lang: str, links: Sequence[Tuple[str, str]],
           qr: float = QR_SIZE, spare: float = 0) -> float:
    """Draw the poster on `c` with `qr`-point QR codes and `spare` points spread over the gaps;
    return where the content ends."""
    gap = 18 + spare / 3
    y = header(c, lang)
    y = qr_codes(c, lang, links, y - gap, qr)
    y = helpline_rows(c, lang, helplines(k, lang), y - gap)
    put(c, sources(k, lang), style(8, color=GREY), MARGIN, MARGIN, WIDTH - 2 * MARGIN)
    return y


def draw(path: Path, k: Knowledge, lang: str, links: Sequence[Tuple[str, str]]) -> None:
    """Write the poster of `lang` as a one-page A4 PDF; refuse one whose parts would overlap."""
    floor = MARGIN + 14  # the sources line (8 pt) sits below, from MARGIN down
    qr = QR_SIZE
    end = layout(Canvas(io.BytesIO(), pagesize=A4), k, lang, links, qr)  # dry runs measure
    if end < floor:  # long texts or URLs: smaller codes
        qr = max(QR_MIN, QR_SIZE - (floor - end))
        end = layout(Canvas(io.BytesIO(), pagesize=A4), k, lang, links, qr)
    if end < floor:
        raise SystemExit(f"error: the {lang} poster does not fit on A4 ({floor - end:.0f} pt too long)")
    c = Canvas(str(path), pagesize=A4, invariant=True, pageCompression=1, initialFontName="Poster")
    c.setTitle(WORDS["title"][lang])
    c.setAuthor("child-safety assistant (tools/poster.py)")
    c.setSubject(WORDS["not_a_person"][lang])
    layout(c, k, lang, links, qr, min(end - floor, 120))
    c.showPage()
    c.save()


def render_png(pdf: Path, png: Path, dpi: int) -> None:
    """The PDF's page as a PNG at `dpi`, so the PNG is the same poster."""
    doc = pypdfium2.PdfDocument(str(pdf))
    try:
        image = doc[0].render(scale=dpi / 72).to_pil()
        image.save(png, dpi=(dpi, dpi))
    finally:
        doc.close()


def make(out: Path, web_url: str, telegram_url: Optional[str], langs: Sequence[str] = ORDER,
         dpi: int = 150, k: Optional[Knowledge] = None) -> List[Path]:
    """Write poster-<lang>.pdf and .png for each language into `out`; return the paths."""
    load_fonts()
    k = k or knowledge()
    links = [("web", web_url)] + ([("telegram", telegram_url)] if telegram_url else [])
    out.mkdir(parents=True, exist_ok=True)
    written: List[Path] = []
    for lang in langs:
        pdf, png = out / f"poster-{lang}.pdf", out / f"poster-{lang}.png"
        draw(pdf, k, lang, links)
        render_png(pdf, png, dpi)
        written += [pdf, png]
    return written


def _url(value: str) -> str:
    if not value.startswith(("https://", "http://")) or " " in value:
        raise argparse.ArgumentTypeError(f"not a web address (http:// or https://): {value!r}")
    return value


def parse(argv: Optional[Sequence[str]]) -> argparse.Namespace:
    ap = argparse.ArgumentParser(prog="python -m tools.poster", description=__doc__.split("\n\n")[0])
    ap.add_argument("--web-url", type=_url, default=os.environ.get("POSTER_WEB_URL") or None,
                    help="the web chat page (default: $POSTER_WEB_URL); required")
    ap.add_argument("--telegram-url", type=_url, default=os.environ.get("POSTER_TELEGRAM_URL") or None,
                    help="the Telegram bot, e.g. https://t.me/<bot> (default: $POSTER_TELEGRAM_URL); "
                         "without it the poster has no Telegram QR code")
    ap.add_argument("--out", type=Path, default=ROOT / "build" / "poster", help="output folder (build/poster)")
    ap.add_argument("--lang", nargs="+", choices=LANGUAGES, default=list(ORDER), help="languages (kk ru en)")
    ap.add_argument("--dpi", type=int, default=150, help="PNG resolution, at least 150 (150)")
    args = ap.parse_args(argv)
    if not args.web_url:
        ap.error("the web chat's address is needed: --web-url URL or POSTER_WEB_URL=URL")
    if args.dpi < 150:
        ap.error("--dpi must be at least 150 for print")
    return args


def main(argv: Optional[Sequence[str]] = None) -> int:
    args = parse(argv)
    if not args.telegram_url:
        print("note: no Telegram URL given (--telegram-url or POSTER_TELEGRAM_URL): "
              "the posters have the web chat's QR code only")
    for path in make(args.out, args.web_url, args.telegram_url, args.lang, args.dpi):
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
