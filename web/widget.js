/*!
 * Child-safety assistant chat widget. Plain JavaScript, no framework, no build step.
 * Embed:
 *   <script src="https://example.org/widget.js" data-server="http://127.0.0.1:5005" defer></script>
 * Options (data attributes on that script tag): data-server, data-lang (en|ru|kk), data-title,
 * data-title-ru, data-title-kk, data-greeting, data-greeting-ru, data-greeting-kk, data-open,
 * data-exit-url, data-transport (auto|socketio|rest), data-storage (local|session|none),
 * data-socket-path, data-esc-exit (true|false). See docs/widget.md.
 *
 * Every text the widget shows is in the TEXTS table below (English, Russian, Kazakh).
 *
 * Security rule of this file: text from the user or the bot is only ever put in the page
 * with createTextNode / textContent. innerHTML and friends are never used.
 */
(function () {
  'use strict';

  var VERSION = '1.1.0';
  var NS = 'csw';
  var STORE_KEY = 'csw:v1';
  var MAX_MESSAGES = 200;
  var MAX_INPUT = 1000;
  var SOCKET_CONNECT_TIMEOUT_MS = 5000;
  var REPLY_TIMEOUT_MS = 30000;
  var ESC_WINDOW_MS = 800;
  var SHORT_NUMBERS = ['150', '111', '112', '101', '102', '103', '104'];

  // ================================================================ TEXTS (edit here)
  // Every text the widget itself shows, in English (en), Russian (ru) and Kazakh (kk).
  // - Keep {title} where it is: it is replaced by the panel title.
  // - Keep the phone numbers exactly as in the English text; do not add numbers.
  // - A missing translation falls back to English.
  // - Style as in docs/translations.md: the child is addressed as «ты» / «сен»; Russian writes «е» for «ё».
  // The language selector shows each language by its own name (LANGUAGES, below the table).
  var TEXTS = {
    title: {              // panel title (data-title / data-title-ru / data-title-kk replace it)
      en: 'Child safety helper',
      ru: 'Помощник по безопасности детей',
      kk: 'Балалар қауіпсіздігі көмекшісі'
    },
    launcher: {           // text on the round button that opens the chat
      en: 'Chat',
      ru: 'Чат',
      kk: 'Чат'
    },
    launcherOpen: {       // screen-reader name of that button while the chat is closed (it must
                          // contain the visible 'launcher' text as a whole word)
      en: 'Open chat: {title}',
      ru: 'Открыть чат: {title}',
      kk: 'Чат ашу: {title}'
    },
    launcherIsOpen: {     // ... and while it is open
      en: 'Chat is open: {title}',
      ru: 'Чат открыт: {title}',
      kk: 'Чат ашық: {title}'
    },
    language: {           // label of the language selector (read by screen readers)
      en: 'Language',
      ru: 'Язык',
      kk: 'Тіл'
    },
    quickExit: {          // red button that leaves the page at once
      en: 'Quick exit',
      ru: 'Быстрый выход',
      kk: 'Жылдам шығу'
    },
    quickExitHint: {      // tooltip of that button
      en: 'Leave this page now (or press Esc twice)',
      ru: 'Сразу уйти с этой страницы (или дважды нажми Esc)',
      kk: 'Осы беттен бірден шығу (немесе Esc пернесін екі рет бас)'
    },
    newConversation: {    // button that starts over
      en: 'New conversation',
      ru: 'Новый разговор',
      kk: 'Жаңа әңгіме'
    },
    newStarted: {         // announced to screen readers after that button
      en: 'New conversation started.',
      ru: 'Начат новый разговор.',
      kk: 'Жаңа әңгіме басталды.'
    },
    close: {              // screen-reader name of the close (X) button
      en: 'Close chat',
      ru: 'Закрыть чат',
      kk: 'Чатты жабу'
    },
    notice: {             // line under the header: this is a program, not a person
      en: 'This is an automated assistant (a computer program), not a person. Quick exit or Esc twice leaves this page.',
      ru: 'Это автоматический помощник (компьютерная программа), а не человек. «Быстрый выход» или двойное нажатие Esc уводит с этой страницы.',
      kk: 'Бұл адам емес, автоматты көмекші (компьютерлік бағдарлама). «Жылдам шығу» түймесі немесе Esc пернесін екі рет басу осы беттен шығарады.'
    },
    helpDanger: {         // helpline strip, first part; the number 112 follows as a link
      en: 'In danger?',
      ru: 'В опасности?',
      kk: 'Қауіп төнсе'
    },
    helpChild: {          // helpline strip, second part; the number 150 follows as a link
      en: 'Child helpline',
      ru: 'Детский телефон доверия',
      kk: 'Балалар сенім телефоны'
    },
    log: {                // screen-reader name of the message list
      en: 'Conversation',
      ru: 'Разговор',
      kk: 'Әңгіме'
    },
    you: {                // read before each of the user's messages (screen readers only)
      en: 'You',
      ru: 'Ты',
      kk: 'Сен'
    },
    assistant: {          // read before each of the assistant's messages (screen readers only)
      en: 'Assistant',
      ru: 'Помощник',
      kk: 'Көмекші'
    },
    attachment: {         // link to an image or file the assistant sent
      en: 'Open attachment',
      ru: 'Открыть вложение',
      kk: 'Тіркемені ашу'
    },
    suggestions: {        // screen-reader name of the row of suggested-reply buttons
      en: 'Suggested replies',
      ru: 'Предлагаемые ответы',
      kk: 'Ұсынылған жауаптар'
    },
    typing: {             // announced while the assistant prepares a reply
      en: 'The assistant is typing\u2026',
      ru: 'Помощник печатает\u2026',
      kk: 'Көмекші жазып жатыр\u2026'
    },
    inputLabel: {         // label above the text box
      en: 'Your message',
      ru: 'Твое сообщение',
      kk: 'Сенің хабарламаң'
    },
    placeholder: {        // grey hint inside the empty text box
      en: 'Ask a question\u2026',
      ru: 'Задай вопрос\u2026',
      kk: 'Сұрақ қой\u2026'
    },
    send: {               // send button
      en: 'Send',
      ru: 'Отправить',
      kk: 'Жіберу'
    },
    noReply: {            // no reply within 30 s
      en: 'No reply came. Please try again. If you are in danger, call 112.',
      ru: 'Ответ не пришел. Попробуй еще раз. Если ты в опасности, звони 112.',
      kk: 'Жауап келмеді. Қайталап көр. Қауіп төнсе, 112 нөміріне қоңырау шал.'
    },
    noAnswer: {           // the server answered with no message
      en: 'The assistant did not answer that. Try rephrasing.',
      ru: 'Помощник не ответил на это. Попробуй сказать иначе.',
      kk: 'Көмекші бұған жауап бермеді. Басқаша жазып көр.'
    },
    unreachable: {        // the server could not be reached
      en: 'Could not reach the assistant. Check your connection and try again. If you are in danger, call 112.',
      ru: 'Не удалось связаться с помощником. Проверь подключение к интернету и попробуй еще раз. Если ты в опасности, звони 112.',
      kk: 'Көмекшімен байланыс орнамады. Интернетке қосылуды тексеріп, қайталап көр. Қауіп төнсе, 112 нөміріне қоңырау шал.'
    },
    connectFailed: {      // data-transport="socketio" and the socket could not connect
      en: 'Could not connect to the assistant.',
      ru: 'Не удалось подключиться к помощнику.',
      kk: 'Көмекшіге қосылу мүмкін болмады.'
    },
    notConnected: {       // data-transport="socketio" and the socket is reconnecting
      en: 'Not connected. Trying again\u2026',
      ru: 'Нет подключения. Пробуем снова\u2026',
      kk: 'Байланыс жоқ. Қайта қосылып жатыр\u2026'
    }
  };
  // The selector's options, each named in its own language, in this order.
  var LANGUAGES = [
    { code: 'en', name: 'English' },
    { code: 'ru', name: 'Русский' },
    { code: 'kk', name: 'Қазақша' }
  ];
  // ================================================================ end of TEXTS

  if (window.ChildSafetyWidget && window.ChildSafetyWidget.version) return; // loaded twice

  var t0 = (window.performance && performance.now) ? performance.now() : 0;

  // ---------------------------------------------------------------- script + config
  var script = document.currentScript;
  if (!script) {
    var all = document.getElementsByTagName('script');
    for (var s = all.length - 1; s >= 0; s--) {
      if (/widget(\.min)?\.js(\?|#|$)/.test(all[s].src || '')) { script = all[s]; break; }
    }
  }
  var ds = (script && script.dataset) || {};
  var base = script && script.src ? new URL('.', script.src).href : new URL('.', location.href).href;

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
  function langCode(v) {
    var c = String(v == null ? '' : v).trim().toLowerCase().split(/[-_]/)[0];
    if (c === 'kz') c = 'kk'; // the country code, a common slip for Kazakh
    for (var i = 0; i < LANGUAGES.length; i++) if (LANGUAGES[i].code === c) return c;
    return '';
  }

  /** data-lang if set (an unknown value gives English), else the browser's language. */
  function startLang() {
    if (ds.lang != null && String(ds.lang).trim() !== '') return langCode(ds.lang) || 'en';
    var nav = window.navigator || {};
    var code = langCode(nav.language || nav.userLanguage);
    return code === 'kk' || code === 'ru' ? code : 'en';
  }

  /** A data attribute per language: data-NAME-ru, data-NAME-kk (data-NAME-en), else data-NAME. */
  function perLang(name) {
    var out = {};
    for (var i = 0; i < LANGUAGES.length; i++) {
      var c = LANGUAGES[i].code;
      var v = ds[name + c.charAt(0).toUpperCase() + c.slice(1)];
      out[c] = v && String(v).trim() ? String(v) : (ds[name] || '');
    }
    return out;
  }

  var config = {
    server: String(ds.server || location.origin).replace(/\/+$/, ''),
    titles: perLang('title'),      // '' means the TEXTS default
    greetings: perLang('greeting'),
    open: bool(ds.open),
    lang: startLang(),             // the starting language (a choice made in the widget wins)
    exitUrl: safeExitUrl(ds.exitUrl),
    transport: (ds.transport || 'auto').toLowerCase(),
    storage: (ds.storage || 'local').toLowerCase(),
    socketPath: ds.socketPath || '',
    escExit: ds.escExit == null ? true : bool(ds.escExit)
  };

  // ---------------------------------------------------------------- storage
  var store = null;
  try {
    if (config.storage === 'local') store = window.localStorage;
    else if (config.storage === 'session') store = window.sessionStorage;
  } catch (e) { store = null; } // blocked storage (privacy settings): keep state in memory only

  function newId() {
    var b = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(b);
    var h = '';
    for (var i = 0; i < b.length; i++) h += (b[i] < 16 ? '0' : '') + b[i].toString(16);
    return h;
  }

  function cleanButtons(list) {
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
      return { from: m.from, text: m.text, buttons: cleanButtons(m.buttons), link: typeof m.link === 'string' ? m.link : '' };
    });
    st.open = !!st.open;
    st.lang = langCode(st.lang); // '' until the user picks a language in the widget
    if (!st.lang) delete st.lang;
    return st;
  }

  var state = load();

  // ---------------------------------------------------------------- language
  var lang = state.lang || config.lang;

  /** The text `key` of TEXTS in the current language (English if missing), {title} filled in. */
  function t(key) {
    var row = TEXTS[key] || {};
    var text = row[lang] || row.en || '';
    return text.replace('{title}', function () { return panelTitle(); });
  }
  function panelTitle() { return config.titles[lang] || TEXTS.title[lang] || TEXTS.title.en; }

  // Letters only Kazakh uses among the Cyrillic alphabets this widget meets.
  var KK_LETTERS = /[\u04d8\u04d9\u0492\u0493\u049a\u049b\u04a2\u04a3\u04e8\u04e9\u04b0\u04b1\u04ae\u04af\u04ba\u04bb\u0406\u0456]/;

  /** The language a message is visibly written in, which gives its `lang` attribute (screen
   * readers pick their voice by it; a reply need not be in the selected language): 'en' (mostly
   * Latin letters), 'kk' (Cyrillic with Kazakh letters), 'ru' (20 or more Cyrillic letters and
   * none of Kazakh's own), 'cyr' (a few Cyrillic letters, none of Kazakh's own: Russian, or short
   * Kazakh; it then inherits the widget's language if that is Kazakh), '' (no letters). */
  function textScript(text) {
    text = String(text || '').replace(/\bhttps?:\/\/\S+/gi, ''); // a URL says nothing
    var cyr = (text.match(/[\u0400-\u04ff]/g) || []).length;
    var lat = (text.match(/[A-Za-z]/g) || []).length;
    if (!cyr && !lat) return '';
    if (lat > cyr) return 'en';
    if (KK_LETTERS.test(text)) return 'kk';
    return cyr >= 20 ? 'ru' : 'cyr';
  }

  function save() {
    if (!store) return;
    if (state.messages.length > MAX_MESSAGES) state.messages = state.messages.slice(-MAX_MESSAGES);
    try { store.setItem(STORE_KEY, JSON.stringify(state)); } catch (e) { /* quota or blocked */ }
  }

  // ---------------------------------------------------------------- safe rendering
  function el(tag, attrs, children) {
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

  function svg(pathD) {
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
  function httpHref(raw) {
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
  function renderText(parent, text) {
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

  // ---------------------------------------------------------------- DOM
  // Elements are built once, without their texts; applyTexts() fills those in (again on every
  // change of language).
  var ids = { panel: NS + '-panel', title: NS + '-title', input: NS + '-input', log: NS + '-log',
    note: NS + '-note', lang: NS + '-lang' };

  var root = el('div', { className: NS + '-root', 'data-ready': 'false', 'data-transport': 'none' });
  root.style.display = 'none'; // shown once widget.css has loaded (no unstyled flash)

  var launcherText = el('span', { className: NS + '-launcher-text' });
  var launcher = el('button', {
    type: 'button', className: NS + '-launcher', 'aria-expanded': 'false', 'aria-controls': ids.panel
  }, [svg('M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z'), launcherText]);

  var title = el('h2', { id: ids.title, className: NS + '-title' });
  var langLabel = el('label', { className: NS + '-sr', 'for': ids.lang });
  var langSelect = el('select', { id: ids.lang, className: NS + '-lang' });
  LANGUAGES.forEach(function (l) {
    langSelect.appendChild(el('option', { value: l.code, lang: l.code, text: l.name }));
  });
  var btnNew = el('button', { type: 'button', className: NS + '-btn ' + NS + '-new' });
  var btnClose = el('button', { type: 'button', className: NS + '-btn ' + NS + '-close' },
    [svg('M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z')]);
  var btnExit = el('button', { type: 'button', className: NS + '-exit', 'aria-describedby': ids.note });

  var disclaimer = el('p', { id: ids.note, className: NS + '-disclaimer' });

  // "In danger? 112 · Child helpline 150": the words come from TEXTS, the numbers are fixed.
  var helpDanger = document.createTextNode('');
  var helpChild = document.createTextNode('');
  var helpline = el('p', { className: NS + '-helpline' });
  helpline.appendChild(el('span', { className: NS + '-help-item' },
    [helpDanger, el('a', { href: 'tel:112', className: NS + '-tel', text: '112' })]));
  helpline.appendChild(document.createTextNode(' \u00b7 '));
  helpline.appendChild(el('span', { className: NS + '-help-item' },
    [helpChild, el('a', { href: 'tel:150', className: NS + '-tel', text: '150' })]));

  var log = el('div', { id: ids.log, className: NS + '-log', role: 'log', 'aria-live': 'polite',
    'aria-relevant': 'additions', tabindex: '0' });
  var quick = el('div', { className: NS + '-quick', role: 'group' });
  var typing = el('div', { className: NS + '-typing', 'aria-hidden': 'true' },
    [el('span', { className: NS + '-dot' }), el('span', { className: NS + '-dot' }), el('span', { className: NS + '-dot' })]);
  var typingSr = el('p', { className: NS + '-sr', role: 'status' });
  var status = el('p', { className: NS + '-status', role: 'status' });

  var input = el('input', { id: ids.input, className: NS + '-input', type: 'text', autocomplete: 'off',
    maxlength: String(MAX_INPUT), enterkeyhint: 'send' });
  var label = el('label', { className: NS + '-label', 'for': ids.input });
  var btnSend = el('button', { type: 'submit', className: NS + '-send' });
  var form = el('form', { className: NS + '-form', novalidate: '' },
    [label, el('div', { className: NS + '-row' }, [input, btnSend])]);

  var header = el('div', { className: NS + '-header' }, [
    el('div', { className: NS + '-top' }, [title, langLabel, langSelect, btnClose]),
    el('div', { className: NS + '-actions' }, [btnExit, btnNew])
  ]);
  var panel = el('section', { id: ids.panel, className: NS + '-panel', role: 'dialog', 'aria-modal': 'false',
    'aria-labelledby': ids.title, hidden: '' },
    [header, disclaimer, helpline, log, typing, typingSr, quick, status, form]);

  root.appendChild(panel);
  root.appendChild(launcher);
  typing.hidden = true;
  quick.hidden = true;
  status.hidden = true;

  var statusKey = '', typingKey = ''; // what status and typingSr show, as TEXTS keys

  /** Put the current language's texts into every element of the widget. */
  function applyTexts() {
    root.setAttribute('lang', lang);
    langSelect.value = lang;
    launcherText.textContent = t('launcher');
    launcher.setAttribute('aria-label', t(panel.hidden ? 'launcherOpen' : 'launcherIsOpen'));
    title.textContent = panelTitle();
    langLabel.textContent = t('language');
    btnNew.textContent = t('newConversation');
    btnClose.setAttribute('aria-label', t('close'));
    btnExit.textContent = t('quickExit');
    btnExit.setAttribute('title', t('quickExitHint'));
    disclaimer.textContent = t('notice');
    helpDanger.nodeValue = t('helpDanger') + '\u00a0';
    helpChild.nodeValue = t('helpChild') + '\u00a0';
    log.setAttribute('aria-label', t('log'));
    quick.setAttribute('aria-label', t('suggestions'));
    label.textContent = t('inputLabel');
    input.setAttribute('placeholder', t('placeholder'));
    btnSend.textContent = t('send');
    status.textContent = statusKey ? t(statusKey) : '';
    typingSr.textContent = typingKey ? t(typingKey) : '';
  }

  /** Switch the widget to language `code` ('en', 'ru', 'kk'); `remember` keeps the choice
   * with the conversation. Messages already shown stay as they are. */
  function setLanguage(code, remember) {
    code = langCode(code);
    if (!code) return false;
    lang = code;
    if (remember) { state.lang = code; save(); }
    applyTexts();
    relabelLog();
    dispatch('csw:language', { language: lang });
    return true;
  }

  function mount() {
    var link = document.createElement('link');
    link.rel = 'stylesheet';
    link.href = new URL('widget.css', base).href;
    var shown = false;
    function show() {
      if (shown) return;
      shown = true;
      root.style.display = '';
      markUiReady();
    }
    link.onload = show;
    link.onerror = show; // still usable unstyled
    setTimeout(show, 3000);
    (document.head || document.documentElement).appendChild(link);
    document.body.appendChild(root);
    applyTexts();
    renderAll();
    if (config.open || state.open) openPanel(false);
  }

  // ---------------------------------------------------------------- messages
  /** Set a message's `lang` from its script (data-script) and the widget's language. */
  function setMessageLang(node) {
    var script = node.getAttribute('data-script');
    var l = script === 'cyr' ? (lang === 'kk' ? '' : 'ru') : script;
    if (l) node.setAttribute('lang', l); else node.removeAttribute('lang');
  }

  function messageNode(m) {
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
    var node = el('div', { className: NS + '-msg ' + NS + '-' + m.from, 'data-script': textScript(m.text) },
      [el('span', { className: NS + '-sr ' + NS + '-who', lang: lang, text: t(m.from === 'user' ? 'you' : 'assistant') + ': ' }), body]);
    setMessageLang(node);
    return node;
  }

  function renderQuick() {
    while (quick.firstChild) quick.removeChild(quick.firstChild);
    // buttons of the latest bot message that has some, unless the user has spoken since
    var buttons = [];
    for (var i = state.messages.length - 1; i >= 0 && state.messages[i].from === 'bot'; i--) {
      if (state.messages[i].buttons.length) { buttons = state.messages[i].buttons; break; }
    }
    quick.hidden = !buttons.length;
    buttons.forEach(function (b) {
      var btn = el('button', { type: 'button', className: NS + '-reply', 'data-script': textScript(b.title) });
      btn.textContent = b.title;
      setMessageLang(btn);
      btn.addEventListener('click', function () { send(b.payload, b.title); });
      quick.appendChild(btn);
    });
  }

  function greetingNode() {
    var text = config.greetings[lang];
    if (!text) return null;
    var node = messageNode({ from: 'bot', text: text, buttons: [] });
    node.classList.add(NS + '-greeting');
    return node;
  }

  function renderAll() {
    while (log.firstChild) log.removeChild(log.firstChild);
    var g = greetingNode(); // shown above every conversation, never stored or sent
    if (g) log.appendChild(g);
    state.messages.forEach(function (m) { log.appendChild(messageNode(m)); });
    renderQuick();
    scrollDown();
  }

  /** After a change of language: relabel the messages in place (rebuilding the log would make
   * screen readers read the whole conversation again) and swap the greeting. */
  function relabelLog() {
    var nodes = log.querySelectorAll('.' + NS + '-msg');
    for (var i = 0; i < nodes.length; i++) {
      var n = nodes[i];
      var who = n.querySelector('.' + NS + '-who');
      if (who) { who.textContent = t(n.classList.contains(NS + '-user') ? 'you' : 'assistant') + ': '; who.setAttribute('lang', lang); }
      var att = n.querySelector('.' + NS + '-attach');
      if (att) { att.textContent = t('attachment'); att.setAttribute('lang', lang); }
      setMessageLang(n);
    }
    var replies = quick.querySelectorAll('.' + NS + '-reply');
    for (var j = 0; j < replies.length; j++) setMessageLang(replies[j]);
    var old = log.querySelector('.' + NS + '-greeting');
    var g = greetingNode();
    if (old && g) log.replaceChild(g, old);
    else if (old) log.removeChild(old);
    else if (g) log.insertBefore(g, log.firstChild);
  }

  function scrollDown() { log.scrollTop = log.scrollHeight; }

  var turnStart = null; // first bot message of the current reply

  function addMessage(m) {
    state.messages.push(m);
    save();
    var node = messageNode(m);
    log.appendChild(node);
    renderQuick();
    if (m.from === 'user') {
      turnStart = null;
      scrollDown();
    } else {
      // Show the reply from its start: a long answer is read top-down, not from its end.
      if (!turnStart) turnStart = node;
      log.scrollTop = Math.max(0, turnStart.offsetTop - 8);
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
    return { from: 'bot', text: text, buttons: buttons, link: link };
  }

  // ---------------------------------------------------------------- waiting / typing
  var waitTimer = null;
  function setWaiting(on) {
    clearTimeout(waitTimer);
    root.classList.toggle(NS + '-waiting', !!on);
    typing.hidden = !on;
    setTyping(on ? 'typing' : '');
    if (on) {
      waitTimer = setTimeout(function () {
        setWaiting(false);
        setStatus('noReply');
      }, REPLY_TIMEOUT_MS);
    }
  }
  /** Show the TEXTS entry `key` in the status line ('' hides it). */
  function setStatus(key) { statusKey = key || ''; status.textContent = statusKey ? t(statusKey) : ''; status.hidden = !statusKey; }
  /** Announce the TEXTS entry `key` to screen readers ('' clears it). */
  function setTyping(key) { typingKey = key || ''; typingSr.textContent = typingKey ? t(typingKey) : ''; }

  function onBotMessages(list) {
    var any = false;
    (Array.isArray(list) ? list : [list]).forEach(function (raw) {
      var m = normalise(raw);
      if (m) { addMessage(m); any = true; }
    });
    if (any) { setWaiting(false); setStatus(''); }
    return any;
  }

  // ---------------------------------------------------------------- transports
  var transport = { kind: 'none', ready: null, socket: null };

  function rest(text, metadata) {
    var ctrl = window.AbortController ? new AbortController() : null;
    var timer = ctrl ? setTimeout(function () { ctrl.abort(); }, REPLY_TIMEOUT_MS) : null;
    return fetch(config.server + '/webhooks/rest/webhook', {
      method: 'POST',
      mode: 'cors',
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ sender: state.senderId, message: text, metadata: metadata }),
      signal: ctrl ? ctrl.signal : undefined
    }).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.json();
    }).then(function (list) {
      clearTimeout(timer);
      if (!onBotMessages(list)) {
        setWaiting(false);
        setStatus('noAnswer');
      }
    }).catch(function () {
      clearTimeout(timer);
      setWaiting(false);
      setStatus('unreachable');
    });
  }

  function loadSocketIo() {
    if (window.io && typeof window.io === 'function') return Promise.resolve(window.io);
    return new Promise(function (resolve, reject) {
      var sc = document.createElement('script');
      sc.src = new URL('vendor/socket.io.min.js', base).href;
      sc.async = true;
      sc.onload = function () { window.io ? resolve(window.io) : reject(new Error('no io')); };
      sc.onerror = function () { reject(new Error('socket.io client failed to load')); };
      document.head.appendChild(sc);
    });
  }

  function socketOptions() {
    var u = new URL(config.server, location.href);
    var path = config.socketPath || (u.pathname.replace(/\/+$/, '') + '/socket.io');
    return { origin: u.origin, opts: { path: path, reconnectionDelayMax: 10000, timeout: SOCKET_CONNECT_TIMEOUT_MS, withCredentials: false } };
  }

  function useRest() {
    transport.kind = 'rest';
    root.setAttribute('data-transport', 'rest');
    if (transport.socket) { try { transport.socket.close(); } catch (e) { /* ignore */ } transport.socket = null; }
  }

  function connect() {
    if (transport.ready) return transport.ready;
    if (config.transport === 'rest') {
      useRest();
      transport.ready = Promise.resolve('rest');
      return transport.ready.then(markReady);
    }
    transport.ready = loadSocketIo().then(function (io) {
      return new Promise(function (resolve, reject) {
        var so = socketOptions();
        var sock = io(so.origin, so.opts);
        var settled = false;
        var timer = setTimeout(function () { fail(new Error('timeout')); }, SOCKET_CONNECT_TIMEOUT_MS);
        function fail(err) {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          try { sock.close(); } catch (e) { /* ignore */ }
          reject(err);
        }
        transport.socket = sock;
        sock.on('connect', function () {
          sock.emit('session_request', { session_id: state.senderId });
        });
        sock.on('session_confirm', function () {
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          transport.kind = 'socketio';
          root.setAttribute('data-transport', 'socketio');
          resolve('socketio');
        });
        sock.on('connect_error', function (err) { if (!settled) fail(err || new Error('connect_error')); });
        sock.on('bot_uttered', function (data) { onBotMessages([data]); });
      });
    }).catch(function () {
      if (config.transport === 'socketio') {
        setStatus('connectFailed');
        transport.ready = null;
        return 'none';
      }
      useRest();
      return 'rest';
    }).then(markReady);
    return transport.ready;
  }

  /** Send one message. `metadata` ({language}) goes with it on both transports; the server
   * uses the language only when the message itself does not show one. */
  function deliver(text, metadata) {
    var sock = transport.socket;
    if (transport.kind === 'socketio' && sock && sock.connected) {
      sock.emit('user_uttered', { message: text, session_id: state.senderId, metadata: metadata });
      return;
    }
    if (config.transport === 'socketio') {
      setWaiting(false);
      setStatus('notConnected');
      return;
    }
    rest(text, metadata); // REST fallback, also while a socket is reconnecting
  }

  var uiReadyAt = null, readyAt = null;
  function now() { return window.performance && performance.now ? performance.now() : 0; }
  function markUiReady() {
    uiReadyAt = now();
    root.setAttribute('data-ui-ready', 'true');
    dispatch('csw:ui-ready', {});
  }
  function markReady(kind) {
    if (kind === 'none') return kind;
    if (readyAt == null) readyAt = now();
    root.setAttribute('data-ready', 'true');
    dispatch('csw:ready', { transport: kind });
    return kind;
  }
  function dispatch(name, detail) {
    try { window.dispatchEvent(new CustomEvent(name, { detail: detail })); } catch (e) { /* old browser */ }
  }

  // ---------------------------------------------------------------- actions
  function send(payload, shown) {
    payload = String(payload == null ? '' : payload).trim().slice(0, MAX_INPUT);
    if (!payload) return;
    shown = shown == null ? payload : String(shown);
    addMessage({ from: 'user', text: shown, buttons: [], link: '' });
    setStatus('');
    setWaiting(true);
    var metadata = { language: lang }; // the language selected when it was sent
    connect().then(function () { deliver(payload, metadata); });
  }

  function openPanel(focus) {
    panel.hidden = false;
    root.classList.add(NS + '-open');
    launcher.setAttribute('aria-expanded', 'true');
    launcher.setAttribute('aria-label', t('launcherIsOpen'));
    state.open = true;
    save();
    scrollDown();
    connect();
    if (focus !== false) input.focus();
  }

  function closePanel(focus) {
    panel.hidden = true;
    root.classList.remove(NS + '-open');
    launcher.setAttribute('aria-expanded', 'false');
    launcher.setAttribute('aria-label', t('launcherOpen'));
    state.open = false;
    save();
    if (focus !== false) launcher.focus();
  }

  function newConversation() {
    state = { senderId: newId(), messages: [], open: !panel.hidden, lang: state.lang };
    if (!state.lang) delete state.lang;
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
    input.value = '';
    input.focus();
  }

  function quickExit() {
    root.style.display = 'none';
    root.setAttribute('aria-hidden', 'true');
    state.open = false; // do not pop open again on the next visit; history is kept
    save();
    try { if (transport.socket) transport.socket.close(); } catch (e) { /* ignore */ }
    window.location.replace(config.exitUrl);
  }

  launcher.addEventListener('click', function () { panel.hidden ? openPanel() : closePanel(); });
  btnClose.addEventListener('click', function () { closePanel(); });
  btnNew.addEventListener('click', newConversation);
  btnExit.addEventListener('click', quickExit);
  langSelect.addEventListener('change', function () { setLanguage(langSelect.value, true); });
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var v = input.value;
    input.value = '';
    send(v);
  });

  var lastEsc = 0;
  document.addEventListener('keydown', function (ev) {
    if (ev.key !== 'Escape' && ev.key !== 'Esc') return;
    var at = Date.now();
    if (config.escExit && at - lastEsc < ESC_WINDOW_MS) { lastEsc = 0; quickExit(); return; }
    lastEsc = at;
    if (!panel.hidden && root.contains(document.activeElement)) closePanel();
  }, true);

  window.ChildSafetyWidget = {
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

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount);
  else mount();
})();
