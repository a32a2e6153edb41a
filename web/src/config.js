/**
 * Fixed values, and the options read from the data- attributes of the widget's script tag
 * (see the table in docs/widget.md).
 */
import { LANGUAGES } from './texts.js';

export var VERSION = '1.1.0';
export var NS = 'csw';
export var STORE_KEY = 'csw:v1';
export var MAX_MESSAGES = 200;
export var MAX_INPUT = 1000;
export var SOCKET_CONNECT_TIMEOUT_MS = 5000;
export var REPLY_TIMEOUT_MS = 30000;
export var ESC_WINDOW_MS = 800;
export var SHORT_NUMBERS = ['150', '111', '112', '101', '102', '103', '104'];

/** The options (readConfig() sets them once, at load time). */
export var config = null;
/** The folder widget.js was loaded from: widget.css and vendor/ are found next to it. */
export var base = '';

function bool(v) { return v === '' || v === 'true' || v === '1' || v === 'yes'; }

function safeExitUrl(v) {
  if (!v) return 'https://www.google.com/';
  if (v === 'about:blank') return v;
  try {
    var u = new URL(v, location.href);
    if (u.protocol === 'http:' || u.protocol === 'https:') return u.href;
  } catch (e) { /* fall through */ }
  return 'https://www.google.com/';
}

/** 'kk', 'ru', 'en' for a language tag ("ru-RU", "KK", "kz"), or '' for anything else. */
export function langCode(v) {
  var c = String(v == null ? '' : v).trim().toLowerCase().split(/[-_]/)[0];
  if (c === 'kz') c = 'kk'; // the country code, a common slip for Kazakh
  for (var i = 0; i < LANGUAGES.length; i++) if (LANGUAGES[i].code === c) return c;
  return '';
}

/** data-lang if set (an unknown value gives English), else the browser's language. */
function startLang(ds) {
  if (ds.lang != null && String(ds.lang).trim() !== '') return langCode(ds.lang) || 'en';
  var nav = window.navigator || {};
  var code = langCode(nav.language || nav.userLanguage);
  return code === 'kk' || code === 'ru' ? code : 'en';
}

/** A data attribute per language: data-NAME-ru, data-NAME-kk (data-NAME-en), else data-NAME. */
function perLang(ds, name) {
  var out = {};
  for (var i = 0; i < LANGUAGES.length; i++) {
    var c = LANGUAGES[i].code;
    var v = ds[name + c.charAt(0).toUpperCase() + c.slice(1)];
    out[c] = v && String(v).trim() ? String(v) : (ds[name] || '');
  }
  return out;
}

/** Read the options from `script` (the widget's own script tag, or null) into config and base. */
export function readConfig(script) {
  var ds = (script && script.dataset) || {};
  base = script && script.src ? new URL('.', script.src).href : new URL('.', location.href).href;
  config = {
    server: String(ds.server || location.origin).replace(/\/+$/, ''),
    // per language; '' means the TEXTS default
    titles: perLang(ds, 'title'),
    greetings: perLang(ds, 'greeting'),
    open: bool(ds.open),
    // the starting language (a choice made in the widget wins)
    lang: startLang(ds),
    exitUrl: safeExitUrl(ds.exitUrl),
    transport: (ds.transport || 'auto').toLowerCase(),
    storage: (ds.storage || 'local').toLowerCase(),
    socketPath: ds.socketPath || '',
    escExit: ds.escExit == null ? true : bool(ds.escExit)
  };
  return config;
}
