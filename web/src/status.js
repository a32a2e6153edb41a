/**
 * What screen readers are told besides the messages (both role="status", so aria-live): the
 * status line (errors such as "No reply came") and the hidden announcement ("The assistant is
 * typing…", "New conversation started."); and the typing indicator while a reply is awaited.
 */
import { NS, REPLY_TIMEOUT_MS } from './config.js';
import { t } from './i18n.js';
import { ui } from './ui.js';

var statusKey = '', typingKey = ''; // what status and typingSr show, as TEXTS keys
var waitTimer = null;

export function setWaiting(on) {
  clearTimeout(waitTimer);
  ui.root.classList.toggle(NS + '-waiting', !!on);
  ui.typing.hidden = !on;
  setTyping(on ? 'typing' : '');
  if (on) {
    waitTimer = setTimeout(function () {
      setWaiting(false);
      setStatus('noReply');
    }, REPLY_TIMEOUT_MS);
  }
}

/** Show the TEXTS entry `key` in the status line ('' hides it). */
export function setStatus(key) { statusKey = key || ''; ui.status.textContent = statusKey ? t(statusKey) : ''; ui.status.hidden = !statusKey; }

/** Announce the TEXTS entry `key` to screen readers ('' clears it). */
export function setTyping(key) { typingKey = key || ''; ui.typingSr.textContent = typingKey ? t(typingKey) : ''; }

/** Show the status line and the announcement again in the current language. */
export function applyStatusTexts() {
  ui.status.textContent = statusKey ? t(statusKey) : '';
  ui.typingSr.textContent = typingKey ? t(typingKey) : '';
}
