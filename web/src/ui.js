/**
 * The widget's elements: launcher and panel. They are built once, without their texts;
 * applyWidgetTexts() fills those in (again on every change of language).
 */
import { NS, MAX_INPUT } from './config.js';
import { LANGUAGES } from './texts.js';
import { lang, t, panelTitle } from './i18n.js';
import { el, svg, helplineStrip } from './render.js';

var ids = { panel: NS + '-panel', title: NS + '-title', input: NS + '-input', log: NS + '-log',
  note: NS + '-note', lang: NS + '-lang' };

/** The elements, by name (root, launcher, panel, log, quick, input, ...), once buildUi() ran. */
export var ui = {};

function buildLauncher() {
  ui.launcherText = el('span', { className: NS + '-launcher-text' });
  ui.launcher = el('button', {
    type: 'button', className: NS + '-launcher', 'aria-expanded': 'false', 'aria-controls': ids.panel
  }, [svg('M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z'), ui.launcherText]);
}

/** Title, language selector and close (X) on top; Quick exit and New conversation below. */
function buildHeader() {
  ui.title = el('h2', { id: ids.title, className: NS + '-title' });
  ui.langLabel = el('label', { className: NS + '-sr', 'for': ids.lang });
  ui.langSelect = el('select', { id: ids.lang, className: NS + '-lang' });
  LANGUAGES.forEach(function (l) {
    ui.langSelect.appendChild(el('option', { value: l.code, lang: l.code, text: l.name }));
  });
  ui.btnNew = el('button', { type: 'button', className: NS + '-btn ' + NS + '-new' });
  ui.btnClose = el('button', { type: 'button', className: NS + '-btn ' + NS + '-close' },
    [svg('M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z')]);
  ui.btnExit = el('button', { type: 'button', className: NS + '-exit', 'aria-describedby': ids.note });
  return el('div', { className: NS + '-header' }, [
    el('div', { className: NS + '-top' }, [ui.title, ui.langLabel, ui.langSelect, ui.btnClose]),
    el('div', { className: NS + '-actions' }, [ui.btnExit, ui.btnNew])
  ]);
}

/** The message list, typing indicator, screen-reader announcements and quick replies. */
function buildLog() {
  ui.log = el('div', { id: ids.log, className: NS + '-log', role: 'log', 'aria-live': 'polite',
    'aria-relevant': 'additions', tabindex: '0' });
  ui.quick = el('div', { className: NS + '-quick', role: 'group' });
  ui.feedback = el('div', { className: NS + '-feedback', role: 'group' });
  ui.typing = el('div', { className: NS + '-typing', 'aria-hidden': 'true' },
    [el('span', { className: NS + '-dot' }), el('span', { className: NS + '-dot' }), el('span', { className: NS + '-dot' })]);
  ui.typingSr = el('p', { className: NS + '-sr', role: 'status' });
  ui.status = el('p', { className: NS + '-status', role: 'status' });
}

function buildForm() {
  ui.input = el('input', { id: ids.input, className: NS + '-input', type: 'text', autocomplete: 'off',
    maxlength: String(MAX_INPUT), enterkeyhint: 'send' });
  ui.label = el('label', { className: NS + '-label', 'for': ids.input });
  ui.btnSend = el('button', { type: 'submit', className: NS + '-send' });
  ui.form = el('form', { className: NS + '-form', novalidate: '' },
    [ui.label, el('div', { className: NS + '-row' }, [ui.input, ui.btnSend])]);
}

/** Build every element of the widget (not yet in the page) into `ui`. */
export function buildUi() {
  ui.root = el('div', { className: NS + '-root', 'data-ready': 'false', 'data-transport': 'none' });
  ui.root.style.display = 'none'; // shown once widget.css has loaded (no unstyled flash)
  buildLauncher();
  var header = buildHeader();
  ui.disclaimer = el('p', { id: ids.note, className: NS + '-disclaimer' });
  var helpline = helplineStrip();
  ui.helpDanger = helpline.danger;
  ui.helpChild = helpline.child;
  buildLog();
  buildForm();
  ui.panel = el('section', { id: ids.panel, className: NS + '-panel', role: 'dialog', 'aria-modal': 'false',
    'aria-labelledby': ids.title, hidden: '' },
    [header, ui.disclaimer, helpline.node, ui.log, ui.typing, ui.typingSr, ui.feedback, ui.quick, ui.status, ui.form]);

  ui.root.appendChild(ui.panel);
  ui.root.appendChild(ui.launcher);
  ui.typing.hidden = true;
  ui.quick.hidden = true;
  ui.feedback.hidden = true;
  ui.status.hidden = true;
  return ui;
}

/** Put the current language's texts into every element of the widget (but the status line and
 * the screen-reader announcement: see status.js). */
export function applyWidgetTexts() {
  ui.root.setAttribute('lang', lang);
  ui.langSelect.value = lang;
  ui.launcherText.textContent = t('launcher');
  ui.launcher.setAttribute('aria-label', t(ui.panel.hidden ? 'launcherOpen' : 'launcherIsOpen'));
  ui.title.textContent = panelTitle();
  ui.langLabel.textContent = t('language');
  ui.btnNew.textContent = t('newConversation');
  ui.btnClose.setAttribute('aria-label', t('close'));
  ui.btnExit.textContent = t('quickExit');
  ui.btnExit.setAttribute('title', t('quickExitHint'));
  ui.disclaimer.textContent = t('notice');
  ui.helpDanger.nodeValue = t('helpDanger') + '\u00a0';
  ui.helpChild.nodeValue = t('helpChild') + '\u00a0';
  ui.log.setAttribute('aria-label', t('log'));
  ui.quick.setAttribute('aria-label', t('suggestions'));
  ui.label.textContent = t('inputLabel');
  ui.input.setAttribute('placeholder', t('placeholder'));
  ui.btnSend.textContent = t('send');
}
