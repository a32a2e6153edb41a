/** The conversation in the log: rendering, relabelling after a change of language, new messages. */
import { NS, langCode } from './config.js';
import { lang, t, setMessageLang } from './i18n.js';
import { state, save, cleanButtons } from './storage.js';
import { httpHref, messageNode, greetingNode, replyButton } from './render.js';
import { ui } from './ui.js';
import { setWaiting, setStatus } from './status.js';
import { renderFeedback } from './feedback.js';

var onReply = null;    // what a click on a quick reply does: onReply(payload, title)
var onLanguage = null; // what a bot message in another language does: onLanguage(code)
var turnStart = null;  // first bot message of the current reply

/** Set what a click on a quick-reply button does (it sends the payload, showing the title). */
export function setReplyHandler(fn) { onReply = fn; }

/** Set what a bot message tagged with another language than the widget's does (it switches). */
export function setLanguageHandler(fn) { onLanguage = fn; }

/** The language the server tagged a bot message with (`metadata.language`: 'en', 'ru', 'kk'),
 * or ''. The channel sets it from the reply's text (addons/channels/socketio.py). */
function taggedLanguage(raw) {
  var md = raw && typeof raw === 'object' ? raw.metadata : null;
  return md && typeof md === 'object' ? langCode(md.language) : '';
}

function clickReply(payload, title) { onReply(payload, title); }

export function renderQuick() {
  var quick = ui.quick;
  while (quick.firstChild) quick.removeChild(quick.firstChild);
  // buttons of the latest bot message that has some, unless the user has spoken since
  var buttons = [];
  for (var i = state.messages.length - 1; i >= 0 && state.messages[i].from === 'bot'; i--) {
    if (state.messages[i].buttons.length) { buttons = state.messages[i].buttons; break; }
  }
  quick.hidden = !buttons.length;
  buttons.forEach(function (b) { quick.appendChild(replyButton(b, clickReply)); });
}

export function renderAll() {
  var log = ui.log;
  while (log.firstChild) log.removeChild(log.firstChild);
  var g = greetingNode(); // shown above every conversation, never stored or sent
  if (g) log.appendChild(g);
  state.messages.forEach(function (m) { log.appendChild(messageNode(m)); });
  renderQuick();
  renderFeedback();
  scrollDown();
}

/** After a change of language: relabel the messages in place (rebuilding the log would make
 * screen readers read the whole conversation again) and swap the greeting. */
export function relabelLog() {
  var log = ui.log;
  var nodes = log.querySelectorAll('.' + NS + '-msg');
  for (var i = 0; i < nodes.length; i++) {
    var n = nodes[i];
    var who = n.querySelector('.' + NS + '-who');
    if (who && !n.hasAttribute('data-person')) { who.textContent = t(n.classList.contains(NS + '-user') ? 'you' : 'assistant') + ': '; who.setAttribute('lang', lang); }
    if (who && n.hasAttribute('data-person')) { who.textContent = t('person').replace('{name}', n.getAttribute('data-person')); who.setAttribute('lang', lang); }
    var att = n.querySelector('.' + NS + '-attach');
    if (att) { att.textContent = t('attachment'); att.setAttribute('lang', lang); }
    setMessageLang(n);
  }
  var replies = ui.quick.querySelectorAll('.' + NS + '-reply');
  for (var j = 0; j < replies.length; j++) setMessageLang(replies[j]);
  renderFeedback(); // its names in the new language
  var old = log.querySelector('.' + NS + '-greeting');
  var g = greetingNode();
  if (old && g) log.replaceChild(g, old);
  else if (old) log.removeChild(old);
  else if (g) log.insertBefore(g, log.firstChild);
}

export function scrollDown() { ui.log.scrollTop = ui.log.scrollHeight; }

export function addMessage(m) {
  state.messages.push(m);
  save();
  var node = messageNode(m);
  ui.log.appendChild(node);
  renderQuick();
  renderFeedback();
  if (m.from === 'user') {
    turnStart = null;
    scrollDown();
  } else {
    // Show the reply from its start: a long answer is read top-down, not from its end.
    if (!turnStart) turnStart = node;
    ui.log.scrollTop = Math.max(0, turnStart.offsetTop - 8);
  }
}

/** Normalise one bot message from the REST channel or the socket.io channel. */
function normalise(raw) {
  if (raw == null) return null;
  if (typeof raw === 'string') return { from: 'bot', text: raw, buttons: [], link: '' };
  if (typeof raw !== 'object') return null;
  var text = raw.text == null ? '' : String(raw.text);
  var buttons = cleanButtons(raw.buttons || raw.quick_replies);
  var link = '';
  if (typeof raw.image === 'string') link = raw.image;
  else if (raw.attachment && typeof raw.attachment === 'object') {
    var p = raw.attachment.payload;
    if (p && typeof p === 'object' && typeof p.src === 'string') link = p.src;
    else if (p && typeof p === 'object' && typeof p.url === 'string') link = p.url;
  }
  link = link && httpHref(link) ? link : ''; // only http(s) attachments, shown as a link
  if (!text && raw.custom && typeof raw.custom === 'object' && typeof raw.custom.text === 'string') text = raw.custom.text;
  if (!text && !buttons.length && !link) return null;
  var m = { from: 'bot', text: text, buttons: buttons, link: link };
  var md = raw.metadata && typeof raw.metadata === 'object' ? raw.metadata : {};
  if (md.crisis === true) m.crisis = true; // the channel's marks (addons/channels/feedback.py)
  if (md.from === 'person') m.person = typeof md.name === 'string' && md.name ? md.name.slice(0, 64) : '?'; // docs/handoff.md
  else if (typeof md.answer === 'string' && md.answer) m.answer = md.answer;
  return m;
}

/** Show the bot's messages (one or a list, as a channel sent them); false if none was usable.
 * When the last of them that has a language tag is in another language than the widget's
 * (the server switched: "/lang kk", "speak Russian", a question in Russian), the widget
 * follows: selector, its own texts and the greeting (nothing is sent). */
export function onBotMessages(list) {
  var any = false, tag = '';
  (Array.isArray(list) ? list : [list]).forEach(function (raw) {
    var m = normalise(raw);
    if (m) { addMessage(m); any = true; tag = taggedLanguage(raw) || tag; }
  });
  if (any) { setWaiting(false); setStatus(''); }
  if (tag && tag !== lang && onLanguage) onLanguage(tag);
  return any;
}
