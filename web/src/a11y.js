/**
 * Opening and closing the panel with its focus handling, the keyboard (Esc closes the panel,
 * Esc twice within ESC_WINDOW_MS is Quick exit), and Quick exit itself.
 */
import { NS, ESC_WINDOW_MS, config } from './config.js';
import { t } from './i18n.js';
import { state, save } from './storage.js';
import { ui } from './ui.js';
import { scrollDown } from './conversation.js';
import { transport, connect } from './transport.js';

/** Open the panel and connect; focus goes to the input unless `focus` is false. */
export function openPanel(focus) {
  ui.panel.hidden = false;
  ui.root.classList.add(NS + '-open');
  ui.launcher.setAttribute('aria-expanded', 'true');
  ui.launcher.setAttribute('aria-label', t('launcherIsOpen'));
  state.open = true;
  save();
  scrollDown();
  connect();
  if (focus !== false) ui.input.focus();
}

/** Close the panel; focus returns to the launcher unless `focus` is false. */
export function closePanel(focus) {
  ui.panel.hidden = true;
  ui.root.classList.remove(NS + '-open');
  ui.launcher.setAttribute('aria-expanded', 'false');
  ui.launcher.setAttribute('aria-label', t('launcherOpen'));
  state.open = false;
  save();
  if (focus !== false) ui.launcher.focus();
}

/** Hide the widget at once and leave the page (location.replace, so Back does not return). */
export function quickExit() {
  ui.root.style.display = 'none';
  ui.root.setAttribute('aria-hidden', 'true');
  state.open = false; // do not pop open again on the next visit; history is kept
  save();
  try { if (transport.socket) transport.socket.close(); } catch (e) { /* ignore */ }
  window.location.replace(config.exitUrl);
}

var lastEsc = 0;

function onKeydown(ev) {
  if (ev.key !== 'Escape' && ev.key !== 'Esc') return;
  var at = Date.now();
  if (config.escExit && at - lastEsc < ESC_WINDOW_MS) { lastEsc = 0; quickExit(); return; }
  lastEsc = at;
  if (!ui.panel.hidden && ui.root.contains(document.activeElement)) closePanel();
}

/** Listen for Esc on the whole page (capture phase, so the page's own handlers cannot hide it). */
export function bindKeyboard() {
  document.addEventListener('keydown', onKeydown, true);
}
