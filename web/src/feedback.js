/**
 * "Was this answer helpful? 👍 👎" under an answer (docs/insights.md). The channel marks each bot
 * message: `metadata.answer` (the knowledge entry it answered from) and `metadata.crisis` (a
 * crisis reply). The buttons are shown only while the latest message is an answer, no crisis
 * reply came since the user last wrote, and it has not been rated: feedback is about the bot
 * message just before it. A click sends /feedback{"helpful":"up"} (or "down") without showing
 * it as a message; the assistant's thanks follows. Buttons with names in the widget's language,
 * aria-pressed once chosen, reachable with Tab like every other button.
 */
import { NS } from './config.js';
import { t } from './i18n.js';
import { state } from './storage.js';
import { el } from './render.js';
import { ui } from './ui.js';

export var PAYLOADS = { up: '/feedback{"helpful":"up"}', down: '/feedback{"helpful":"down"}' };
var EMOJI = { up: '\ud83d\udc4d', down: '\ud83d\udc4e' };
var onRate = null;

/** Set what a click on 👍 / 👎 does: onRate(value, message). */
export function setFeedbackHandler(fn) { onRate = fn; }

/** The message the buttons are for, or null. */
export function rateable() {
  var msgs = state.messages;
  var last = msgs.length ? msgs[msgs.length - 1] : null;
  if (!last || last.from !== 'bot' || !last.answer || last.rated) return null;
  for (var i = msgs.length - 1; i >= 0 && msgs[i].from === 'bot'; i--) {
    if (msgs[i].crisis) return null; // a crisis reply in this turn: never ask
  }
  return last;
}

function button(value, m) {
  var b = el('button', { type: 'button', className: NS + '-fb', 'data-value': value,
    'aria-label': t(value === 'up' ? 'feedbackUp' : 'feedbackDown'), 'aria-pressed': 'false',
    title: t(value === 'up' ? 'feedbackUp' : 'feedbackDown') });
  b.appendChild(el('span', { 'aria-hidden': 'true', text: EMOJI[value] }));
  b.addEventListener('click', function () {
    if (m.rated) return;
    b.setAttribute('aria-pressed', 'true');
    var all = ui.feedback.querySelectorAll('button');
    for (var i = 0; i < all.length; i++) all[i].disabled = true;
    ui.input.focus(); // the buttons go when the thanks arrives
    if (onRate) onRate(value, m);
  });
  return b;
}

/** Show the buttons for the latest answer, or nothing. */
export function renderFeedback() {
  var box = ui.feedback;
  while (box.firstChild) box.removeChild(box.firstChild);
  var m = rateable();
  box.hidden = !m;
  if (!m) return;
  box.setAttribute('aria-label', t('feedbackQuestion'));
  box.appendChild(el('span', { className: NS + '-fb-q', 'aria-hidden': 'true', text: t('feedbackQuestion') }));
  box.appendChild(button('up', m));
  box.appendChild(button('down', m));
}
