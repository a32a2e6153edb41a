/**
 * Child-safety assistant chat widget: the entry point (`npm run build` in web/ bundles this file
 * and what it imports into web/widget.js). Plain JavaScript, no framework.
 * Embed:
 *   <script src="https://example.org/widget.js" data-server="http://127.0.0.1:5005" defer></script>
 * Options (data attributes on that script tag): data-server, data-lang (en|ru|kk), data-title,
 * data-title-ru, data-title-kk, data-greeting, data-greeting-ru, data-greeting-kk, data-open,
 * data-exit-url, data-transport (auto|socketio|rest), data-storage (local|session|none),
 * data-socket-path, data-esc-exit (true|false). See docs/widget.md.
 *
 * Every text the widget shows is in the TEXTS table of texts.js (English, Russian, Kazakh).
 *
 * Security rule of the widget: text from the user or the bot is only ever put in the page
 * with createTextNode / textContent. innerHTML and friends are never used.
 */
'use strict'; // modules are strict anyway; this keeps the bundle (a classic script) strict too

import { VERSION, config, base, readConfig } from './config.js';
import { TEXTS } from './texts.js';
import { lang, setLang } from './i18n.js';
import { state, initStorage } from './storage.js';
import { renderText } from './render.js';
import { ui, buildUi } from './ui.js';
import { renderAll, onBotMessages, setReplyHandler, setLanguageHandler } from './conversation.js';
import { transport } from './transport.js';
import { markUiReady, uiReadyAt, readyAt } from './events.js';
import { openPanel, closePanel, quickExit, bindKeyboard } from './a11y.js';
import { send, sendFeedback, newConversation, applyTexts, setLanguage } from './actions.js';
import { setFeedbackHandler } from './feedback.js';

/** The widget's own script tag. document.currentScript is only set while the script runs for
 * the first time, so this must be called synchronously at load time (never from a callback). */
function findScript() {
  var script = document.currentScript;
  if (!script) {
    var all = document.getElementsByTagName('script');
    for (var s = all.length - 1; s >= 0; s--) {
      if (/widget(\.min)?\.js(\?|#|$)/.test(all[s].src || '')) { script = all[s]; break; }
    }
  }
  return script;
}

function bindControls() {
  ui.launcher.addEventListener('click', function () { ui.panel.hidden ? openPanel() : closePanel(); });
  ui.btnClose.addEventListener('click', function () { closePanel(); });
  ui.btnNew.addEventListener('click', newConversation);
  ui.btnExit.addEventListener('click', quickExit);
  ui.langSelect.addEventListener('change', function () { setLanguage(ui.langSelect.value, true); });
  ui.form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var v = ui.input.value;
    ui.input.value = '';
    send(v);
  });
}

/** window.ChildSafetyWidget. */
function api(t0) {
  return {
    version: VERSION,
    config: config,
    open: function () { openPanel(); },
    close: function () { closePanel(); },
    send: function (text) { send(text); },
    newConversation: newConversation,
    quickExit: quickExit,
    /** Switch the language ('en', 'ru', 'kk'), as the selector does; false for other codes. */
    setLanguage: function (code) { return setLanguage(code, true); },
    get language() { return lang; },
    texts: TEXTS,
    renderText: function (text) { return renderText(document.createElement('div'), text); },
    addBotMessages: function (list) { return onBotMessages(list); },
    get senderId() { return state.senderId; },
    get transport() { return transport.kind; },
    get timing() { return { start: t0, uiReady: uiReadyAt, ready: readyAt }; }
  };
}

/** Load widget.css (the widget is shown once it has loaded, or failed, or after 3 s), put the
 * widget in the page, and open it if data-open says so or it was open before the reload. */
function mount() {
  var link = document.createElement('link');
  link.rel = 'stylesheet';
  link.href = new URL('widget.css', base).href;
  var shown = false;
  function show() {
    if (shown) return;
    shown = true;
    ui.root.style.display = '';
    markUiReady();
  }
  link.onload = show;
  link.onerror = show; // still usable unstyled
  setTimeout(show, 3000);
  (document.head || document.documentElement).appendChild(link);
  document.body.appendChild(ui.root);
  applyTexts();
  renderAll();
  if (config.open || state.open) openPanel(false);
}

function start() {
  var t0 = (window.performance && performance.now) ? performance.now() : 0;
  readConfig(findScript()); // now, while document.currentScript is this script
  initStorage(config.storage);
  setLang(state.lang || config.lang);
  buildUi();
  setReplyHandler(send);
  setFeedbackHandler(sendFeedback);
  setLanguageHandler(function (code) { setLanguage(code, true); }); // the server switched
  bindControls();
  bindKeyboard();
  window.ChildSafetyWidget = api(t0);
  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount);
  else mount();
}

if (!(window.ChildSafetyWidget && window.ChildSafetyWidget.version)) start(); // else: loaded twice
