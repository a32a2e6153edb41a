/*!
 * Child-safety assistant chat widget. Plain JavaScript, no framework, no build step.
 * Embed:
 *   <script src="https://example.org/widget.js" data-server="http://127.0.0.1:5005" defer></script>
 * Options (data attributes on that script tag): data-server, data-title, data-greeting,
 * data-open, data-exit-url, data-transport (auto|socketio|rest), data-storage
 * (local|session|none), data-socket-path, data-esc-exit (true|false), data-lang (reserved). See docs/widget.md.
 *
 * Security rule of this file: text from the user or the bot is only ever put in the page
 * with createTextNode / textContent. innerHTML and friends are never used.
 */
(function () {
  'use strict';

  var VERSION = '1.0.0';
  var NS = 'csw';
  var STORE_KEY = 'csw:v1';
  var MAX_MESSAGES = 200;
  var MAX_INPUT = 1000;
  var SOCKET_CONNECT_TIMEOUT_MS = 5000;
  var REPLY_TIMEOUT_MS = 30000;
  var ESC_WINDOW_MS = 800;
  var SHORT_NUMBERS = ['150', '111', '112', '101', '102', '103', '104'];

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

  var config = {
    server: String(ds.server || location.origin).replace(/\/+$/, ''),
    title: ds.title || 'Child safety helper',
    greeting: ds.greeting || '',
    open: bool(ds.open),
    lang: ds.lang || '',
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
    return st;
  }

  var state = load();

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
  var ids = { panel: NS + '-panel', title: NS + '-title', input: NS + '-input', log: NS + '-log', note: NS + '-note' };

  var root = el('div', { className: NS + '-root', 'data-ready': 'false', 'data-transport': 'none' });
  if (config.lang) root.setAttribute('lang', config.lang);
  root.style.display = 'none'; // shown once widget.css has loaded (no unstyled flash)

  var launcher = el('button', {
    type: 'button', className: NS + '-launcher', 'aria-expanded': 'false', 'aria-controls': ids.panel,
    'aria-label': 'Open chat: ' + config.title
  }, [svg('M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z'), el('span', { className: NS + '-launcher-text', text: 'Chat' })]);

  var title = el('h2', { id: ids.title, className: NS + '-title', text: config.title });
  var btnNew = el('button', { type: 'button', className: NS + '-btn ' + NS + '-new', text: 'New conversation' });
  var btnClose = el('button', { type: 'button', className: NS + '-btn ' + NS + '-close', 'aria-label': 'Close chat' },
    [svg('M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z')]);
  var btnExit = el('button', { type: 'button', className: NS + '-exit', text: 'Quick exit',
    title: 'Leave this page now (or press Esc twice)', 'aria-describedby': ids.note });

  var disclaimer = el('p', { id: ids.note, className: NS + '-disclaimer',
    text: 'This is an automated assistant (a computer program), not a person. Quick exit or Esc twice leaves this page.' });

  var helpline = el('p', { className: NS + '-helpline' });
  helpline.appendChild(el('span', { className: NS + '-nowrap' },
    [document.createTextNode('In danger? '), el('a', { href: 'tel:112', className: NS + '-tel', text: '112' })]));
  helpline.appendChild(document.createTextNode(' \u00b7 '));
  helpline.appendChild(el('span', { className: NS + '-nowrap' },
    [document.createTextNode('Child helpline '), el('a', { href: 'tel:150', className: NS + '-tel', text: '150' })]));

  var log = el('div', { id: ids.log, className: NS + '-log', role: 'log', 'aria-live': 'polite',
    'aria-relevant': 'additions', 'aria-label': 'Conversation', tabindex: '0' });
  var quick = el('div', { className: NS + '-quick', role: 'group', 'aria-label': 'Suggested replies' });
  var typing = el('div', { className: NS + '-typing', 'aria-hidden': 'true' },
    [el('span', { className: NS + '-dot' }), el('span', { className: NS + '-dot' }), el('span', { className: NS + '-dot' })]);
  var typingSr = el('p', { className: NS + '-sr', role: 'status' });
  var status = el('p', { className: NS + '-status', role: 'status' });

  var input = el('input', { id: ids.input, className: NS + '-input', type: 'text', autocomplete: 'off',
    maxlength: String(MAX_INPUT), enterkeyhint: 'send' });
  var label = el('label', { className: NS + '-label', 'for': ids.input, text: 'Your message' });
  var btnSend = el('button', { type: 'submit', className: NS + '-send', text: 'Send' });
  var form = el('form', { className: NS + '-form', novalidate: '' },
    [label, el('div', { className: NS + '-row' }, [input, btnSend])]);

  var header = el('div', { className: NS + '-header' },
    [title, el('div', { className: NS + '-actions' }, [btnExit, btnNew, btnClose])]);
  var panel = el('section', { id: ids.panel, className: NS + '-panel', role: 'dialog', 'aria-modal': 'false',
    'aria-labelledby': ids.title, hidden: '' },
    [header, disclaimer, helpline, log, typing, typingSr, quick, status, form]);

  root.appendChild(panel);
  root.appendChild(launcher);
  typing.hidden = true;
  quick.hidden = true;
  status.hidden = true;

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
    renderAll();
    if (config.open || state.open) openPanel(false);
  }

  // ---------------------------------------------------------------- messages
  function messageNode(m) {
    var who = m.from === 'user' ? 'You' : 'Assistant';
    var body = el('div', { className: NS + '-text' });
    renderText(body, m.text);
    if (m.link) {
      var href = httpHref(m.link);
      if (href) {
        if (m.text) body.appendChild(document.createTextNode(' '));
        var a = el('a', { href: href, target: '_blank', rel: 'noopener noreferrer' });
        a.textContent = 'Open attachment';
        body.appendChild(a);
      }
    }
    return el('div', { className: NS + '-msg ' + NS + '-' + m.from },
      [el('span', { className: NS + '-sr', text: who + ': ' }), body]);
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
      var btn = el('button', { type: 'button', className: NS + '-reply' });
      btn.textContent = b.title;
      btn.addEventListener('click', function () { send(b.payload, b.title); });
      quick.appendChild(btn);
    });
  }

  function renderAll() {
    while (log.firstChild) log.removeChild(log.firstChild);
    if (config.greeting) { // shown above every conversation, never stored or sent
      log.appendChild(messageNode({ from: 'bot', text: config.greeting, buttons: [] }));
    }
    state.messages.forEach(function (m) { log.appendChild(messageNode(m)); });
    renderQuick();
    scrollDown();
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
    typingSr.textContent = on ? 'The assistant is typing\u2026' : '';
    if (on) {
      waitTimer = setTimeout(function () {
        setWaiting(false);
        setStatus('No reply came. Please try again. If you are in danger, call 112.');
      }, REPLY_TIMEOUT_MS);
    }
  }
  function setStatus(msg) { status.textContent = msg || ''; status.hidden = !msg; }

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

  function rest(text) {
    var ctrl = window.AbortController ? new AbortController() : null;
    var timer = ctrl ? setTimeout(function () { ctrl.abort(); }, REPLY_TIMEOUT_MS) : null;
    return fetch(config.server + '/webhooks/rest/webhook', {
      method: 'POST',
      mode: 'cors',
      credentials: 'omit',
      cache: 'no-store',
      referrerPolicy: 'no-referrer',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ sender: state.senderId, message: text }),
      signal: ctrl ? ctrl.signal : undefined
    }).then(function (r) {
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.json();
    }).then(function (list) {
      clearTimeout(timer);
      if (!onBotMessages(list)) {
        setWaiting(false);
        setStatus('The assistant did not answer that. Try rephrasing.');
      }
    }).catch(function () {
      clearTimeout(timer);
      setWaiting(false);
      setStatus('Could not reach the assistant. Check your connection and try again. If you are in danger, call 112.');
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
        setStatus('Could not connect to the assistant.');
        transport.ready = null;
        return 'none';
      }
      useRest();
      return 'rest';
    }).then(markReady);
    return transport.ready;
  }

  function deliver(text) {
    var sock = transport.socket;
    if (transport.kind === 'socketio' && sock && sock.connected) {
      sock.emit('user_uttered', { message: text, session_id: state.senderId });
      return;
    }
    if (config.transport === 'socketio') {
      setWaiting(false);
      setStatus('Not connected. Trying again\u2026');
      return;
    }
    rest(text); // REST fallback, also while a socket is reconnecting
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
    connect().then(function () { deliver(payload); });
  }

  function openPanel(focus) {
    panel.hidden = false;
    root.classList.add(NS + '-open');
    launcher.setAttribute('aria-expanded', 'true');
    launcher.setAttribute('aria-label', 'Chat is open: ' + config.title);
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
    launcher.setAttribute('aria-label', 'Open chat: ' + config.title);
    state.open = false;
    save();
    if (focus !== false) launcher.focus();
  }

  function newConversation() {
    state = { senderId: newId(), messages: [], open: !panel.hidden };
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
    typingSr.textContent = 'New conversation started.';
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
  form.addEventListener('submit', function (ev) {
    ev.preventDefault();
    var v = input.value;
    input.value = '';
    send(v);
  });

  var lastEsc = 0;
  document.addEventListener('keydown', function (ev) {
    if (ev.key !== 'Escape' && ev.key !== 'Esc') return;
    var t = Date.now();
    if (config.escExit && t - lastEsc < ESC_WINDOW_MS) { lastEsc = 0; quickExit(); return; }
    lastEsc = t;
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
    renderText: function (text) { return renderText(document.createElement('div'), text); },
    addBotMessages: function (list) { return onBotMessages(list); },
    get senderId() { return state.senderId; },
    get transport() { return transport.kind; },
    get timing() { return { start: t0, uiReady: uiReadyAt, ready: readyAt }; }
  };

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', mount);
  else mount();
})();
