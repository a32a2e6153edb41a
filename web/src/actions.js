/** What the user (or the page, through window.ChildSafetyWidget) can do besides open and close. */
import { MAX_INPUT, langCode } from './config.js';
import { lang, setLang } from './i18n.js';
import { state, save, resetState } from './storage.js';
import { ui, applyWidgetTexts } from './ui.js';
import { addMessage, renderAll, relabelLog } from './conversation.js';
import { setWaiting, setStatus, setTyping, applyStatusTexts } from './status.js';
import { transport, connect, deliver } from './transport.js';
import { dispatch } from './events.js';
import { PAYLOADS } from './feedback.js';

/** Send `payload` to the bot, showing `shown` (default: the payload) as the user's message. */
export function send(payload, shown) {
  payload = String(payload == null ? '' : payload).trim().slice(0, MAX_INPUT);
  if (!payload) return;
  shown = shown == null ? payload : String(shown);
  addMessage({ from: 'user', text: shown, buttons: [], link: '' });
  setStatus('');
  setWaiting(true);
  var metadata = { language: lang }; // the language selected when it was sent
  connect().then(function () { deliver(payload, metadata); });
}

/** Feedback on answer `m` (the latest message): 'up' or 'down', sent as its payload, not shown
 * as a message; the assistant's thanks is. */
export function sendFeedback(value, m) {
  if (!PAYLOADS[value] || m.rated) return;
  m.rated = value;
  save();
  setWaiting(true);
  var metadata = { language: lang };
  connect().then(function () { deliver(PAYLOADS[value], metadata); });
}

/** New sender id, no messages (the language chosen is kept). */
export function newConversation() {
  resetState(!ui.panel.hidden);
  save();
  setWaiting(false);
  setStatus('');
  renderAll();
  var sock = transport.socket;
  if (transport.kind === 'socketio' && sock) {
    // New sid and a new room: replies for the old session stop arriving here.
    sock.disconnect();
    sock.connect();
  }
  setTyping('newStarted');
  ui.input.value = '';
  ui.input.focus();
}

/** Put the current language's texts into every element of the widget. */
export function applyTexts() {
  applyWidgetTexts();
  applyStatusTexts();
}

/** Switch the widget to language `code` ('en', 'ru', 'kk'); `remember` keeps the choice
 * with the conversation. Messages already shown stay as they are. */
export function setLanguage(code, remember) {
  code = langCode(code);
  if (!code) return false;
  setLang(code);
  if (remember) { state.lang = code; save(); }
  applyTexts();
  relabelLog();
  dispatch('csw:language', { language: lang });
  return true;
}
