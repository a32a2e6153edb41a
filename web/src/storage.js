/**
 * What is remembered across reloads: the sender id, the messages (the last MAX_MESSAGES), whether
 * the panel was open and the language chosen in the widget, as JSON under STORE_KEY ('csw:v1')
 * in localStorage, sessionStorage or nowhere (data-storage="local" | "session" | "none").
 */
import { STORE_KEY, MAX_MESSAGES, langCode } from './config.js';

var store = null;

/** The conversation: { senderId, messages: [{from, text, buttons, link, answer?, crisis?, rated?}], open,
 * lang? } (answer, crisis: the channel's marks of a bot message; rated: 'up' | 'down', feedback given). */
export var state = null;

/** Pick the storage for data-storage `kind` and load the conversation kept there. */
export function initStorage(kind) {
  store = null;
  try {
    if (kind === 'local') store = window.localStorage;
    else if (kind === 'session') store = window.sessionStorage;
  } catch (e) { store = null; } // blocked storage (privacy settings): keep state in memory only
  state = load();
  return state;
}

export function newId() {
  var b = new Uint8Array(16);
  (window.crypto || window.msCrypto).getRandomValues(b);
  var h = '';
  for (var i = 0; i < b.length; i++) h += (b[i] < 16 ? '0' : '') + b[i].toString(16);
  return h;
}

export function cleanButtons(list) {
  var out = [];
  if (!Array.isArray(list)) return out;
  for (var i = 0; i < list.length && out.length < 12; i++) {
    var b = list[i];
    if (!b || typeof b !== 'object') continue;
    var title = b.title == null ? '' : String(b.title);
    var payload = b.payload == null ? title : String(b.payload);
    if (title || payload) out.push({ title: title || payload, payload: payload || title });
  }
  return out;
}

function load() {
  var st = null;
  try { st = store && JSON.parse(store.getItem(STORE_KEY) || 'null'); } catch (e) { st = null; }
  if (!st || typeof st !== 'object' || typeof st.senderId !== 'string' || !/^[0-9a-f]{32}$/.test(st.senderId)) {
    st = { senderId: newId(), messages: [], open: false };
  }
  if (!Array.isArray(st.messages)) st.messages = [];
  st.messages = st.messages.filter(function (m) {
    return m && (m.from === 'user' || m.from === 'bot') && typeof m.text === 'string';
  }).map(function (m) {
    var kept = { from: m.from, text: m.text, buttons: cleanButtons(m.buttons), link: typeof m.link === 'string' ? m.link : '' };
    if (typeof m.answer === 'string' && m.answer) kept.answer = m.answer;
    if (m.crisis === true) kept.crisis = true;
    if (typeof m.person === 'string' && m.person) kept.person = m.person.slice(0, 64); // a counsellor's (docs/handoff.md)
    if (m.rated === 'up' || m.rated === 'down') kept.rated = m.rated;
    return kept;
  });
  st.open = !!st.open;
  st.lang = langCode(st.lang); // '' until the user picks a language in the widget
  if (!st.lang) delete st.lang;
  return st;
}

/** Start a new conversation (new sender id, no messages), keeping the language chosen. */
export function resetState(open) {
  state = { senderId: newId(), messages: [], open: open, lang: state.lang };
  if (!state.lang) delete state.lang;
}

export function save() {
  if (!store) return;
  if (state.messages.length > MAX_MESSAGES) state.messages = state.messages.slice(-MAX_MESSAGES);
  try { store.setItem(STORE_KEY, JSON.stringify(state)); } catch (e) { /* quota or blocked */ }
}
