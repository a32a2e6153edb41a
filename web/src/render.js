/**
 * Safe DOM building: elements, the helpline strip, messages with their links and tap-to-call
 * phone numbers, quick-reply buttons.
 *
 * Security rule: text from the user or the bot is only ever put in the page with
 * createTextNode / textContent. innerHTML and friends are never used.
 */
import { NS, SHORT_NUMBERS, config } from './config.js';
import { lang, t, textScript, setMessageLang } from './i18n.js';

export function el(tag, attrs, children) {
  var e = document.createElement(tag);
  if (attrs) {
    for (var k in attrs) {
      if (!Object.prototype.hasOwnProperty.call(attrs, k)) continue;
      if (k === 'text') e.textContent = attrs[k];
      else if (k === 'className') e.className = attrs[k];
      else e.setAttribute(k, attrs[k]);
    }
  }
  if (children) for (var i = 0; i < children.length; i++) if (children[i]) e.appendChild(children[i]);
  return e;
}

export function svg(pathD) {
  var n = 'http://www.w3.org/2000/svg';
  var s = document.createElementNS(n, 'svg');
  s.setAttribute('viewBox', '0 0 24 24');
  s.setAttribute('width', '24');
  s.setAttribute('height', '24');
  s.setAttribute('aria-hidden', 'true');
  s.setAttribute('focusable', 'false');
  var p = document.createElementNS(n, 'path');
  p.setAttribute('d', pathD);
  p.setAttribute('fill', 'currentColor');
  s.appendChild(p);
  return s;
}

/** http(s) URL string -> normalised href, or null. */
export function httpHref(raw) {
  try {
    var u = new URL(raw);
    if (u.protocol === 'http:' || u.protocol === 'https:') return u.href;
  } catch (e) { /* not a URL */ }
  return null;
}

function telHref(raw) {
  var digits = raw.replace(/[^\d+]/g, '');
  if (digits.charAt(0) === '+') digits = '+' + digits.slice(1).replace(/\+/g, '');
  else digits = digits.replace(/\+/g, '');
  return 'tel:' + digits;
}

// URLs, long phone numbers (+7 / 8 formats and other +international), emergency short numbers.
var URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
var PHONE_RE = new RegExp(
  '(?:\\+7|\\b8)[ \\-]?\\(?\\d{3}\\)?[ \\-]?\\d{3}[ \\-]?\\d{2}[ \\-]?\\d{2}(?!\\d)' +
  '|\\+\\d{1,3}(?:[ \\-]?\\d){6,12}(?!\\d)' +
  '|\\b(?:' + SHORT_NUMBERS.join('|') + ')\\b(?![.,\\-/]?\\d)', 'g');

function appendPhones(parent, text) {
  var last = 0, m;
  PHONE_RE.lastIndex = 0;
  while ((m = PHONE_RE.exec(text)) !== null) {
    // A short number glued to a digit group ("3.150", "10/112") is not a phone number.
    // (Checked here rather than with a regex look-behind, which old Safari lacks.)
    if (m[0].length === 3 && /[.,\-\/]/.test(text.charAt(m.index - 1)) && /\d/.test(text.charAt(m.index - 2))) continue;
    if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
    var a = document.createElement('a');
    a.href = telHref(m[0]);
    a.className = NS + '-tel';
    a.textContent = m[0];
    parent.appendChild(a);
    last = m.index + m[0].length;
  }
  if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
}

/** Render untrusted text into parent as text nodes plus safe <a> elements. */
export function renderText(parent, text) {
  text = text == null ? '' : String(text);
  var last = 0, m;
  URL_RE.lastIndex = 0;
  while ((m = URL_RE.exec(text)) !== null) {
    var raw = m[0].replace(/[.,;:!?)\]}]+$/, '');
    var href = httpHref(raw);
    if (m.index > last) appendPhones(parent, text.slice(last, m.index));
    if (href) {
      var a = document.createElement('a');
      a.href = href;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      a.textContent = raw;
      parent.appendChild(a);
    } else {
      parent.appendChild(document.createTextNode(raw));
    }
    last = m.index + raw.length;
    URL_RE.lastIndex = last;
  }
  if (last < text.length) appendPhones(parent, text.slice(last));
  return parent;
}

/** "In danger? 112 · Child helpline 150": the words come from TEXTS (applyWidgetTexts() fills
 * in the two text nodes `danger` and `child`), the numbers are fixed. */
export function helplineStrip() {
  var danger = document.createTextNode('');
  var child = document.createTextNode('');
  var node = el('p', { className: NS + '-helpline' });
  node.appendChild(el('span', { className: NS + '-help-item' },
    [danger, el('a', { href: 'tel:112', className: NS + '-tel', text: '112' })]));
  node.appendChild(document.createTextNode(' \u00b7 '));
  node.appendChild(el('span', { className: NS + '-help-item' },
    [child, el('a', { href: 'tel:150', className: NS + '-tel', text: '150' })]));
  return { node: node, danger: danger, child: child };
}

/** One message ({from: 'user' | 'bot', text, link}) as an element of the log. */
export function messageNode(m) {
  var body = el('div', { className: NS + '-text' });
  renderText(body, m.text);
  if (m.link) {
    var href = httpHref(m.link);
    if (href) {
      if (m.text) body.appendChild(document.createTextNode(' '));
      var a = el('a', { href: href, target: '_blank', rel: 'noopener noreferrer', className: NS + '-attach', lang: lang });
      a.textContent = t('attachment');
      body.appendChild(a);
    }
  }
  if (m.person) { // a counsellor's message (docs/handoff.md): their name, visibly, as a person's
    var pnode = el('div', { className: NS + '-msg ' + NS + '-bot ' + NS + '-person', 'data-person': m.person, 'data-script': textScript(m.text) },
      [el('span', { className: NS + '-who ' + NS + '-person-name', lang: lang, text: t('person').replace('{name}', m.person) }), body]);
    setMessageLang(pnode);
    return pnode;
  }
  var node = el('div', { className: NS + '-msg ' + NS + '-' + m.from, 'data-script': textScript(m.text) },
    [el('span', { className: NS + '-sr ' + NS + '-who', lang: lang, text: t(m.from === 'user' ? 'you' : 'assistant') + ': ' }), body]);
  setMessageLang(node);
  return node;
}

/** The greeting (data-greeting) in the current language as a bot message, or null. */
export function greetingNode() {
  var text = config.greetings[lang];
  if (!text) return null;
  var node = messageNode({ from: 'bot', text: text, buttons: [] });
  node.classList.add(NS + '-greeting');
  return node;
}

/** A quick-reply button ({title, payload}); a click calls onClick(payload, title). */
export function replyButton(b, onClick) {
  var btn = el('button', { type: 'button', className: NS + '-reply', 'data-script': textScript(b.title) });
  btn.textContent = b.title;
  setMessageLang(btn);
  btn.addEventListener('click', function () { onClick(b.payload, b.title); });
  return btn;
}
