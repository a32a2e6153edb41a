/*!
 * Child-safety assistant chat widget.
 * GENERATED FILE: built from web/src/ by `npm run build` in web/ (esbuild). Do not edit it by hand:
 * change the modules in web/src/ and rebuild (tests/e2e/test_widget_build.py checks that they agree).
 * Embed: <script src="https://example.org/widget.js" data-server="https://bot.example.org" defer></script>
 * Options (data- attributes), texts and the source layout: docs/widget.md.
 * Security rule: text from the user or the bot is only ever put in the page with createTextNode /
 * textContent. innerHTML and friends are never used.
 */
"use strict";
(() => {
  // src/texts.js
  var TEXTS = {
    title: {
      // panel title (data-title / data-title-ru / data-title-kk replace it)
      en: "Child safety helper",
      ru: "Помощник по безопасности детей",
      kk: "Балалар қауіпсіздігі көмекшісі"
    },
    launcher: {
      // text on the round button that opens the chat
      en: "Chat",
      ru: "Чат",
      kk: "Чат"
    },
    launcherOpen: {
      // screen-reader name of that button while the chat is closed (it must
      // contain the visible 'launcher' text as a whole word)
      en: "Open chat: {title}",
      ru: "Открыть чат: {title}",
      kk: "Чат ашу: {title}"
    },
    launcherIsOpen: {
      // ... and while it is open
      en: "Chat is open: {title}",
      ru: "Чат открыт: {title}",
      kk: "Чат ашық: {title}"
    },
    language: {
      // label of the language selector (read by screen readers)
      en: "Language",
      ru: "Язык",
      kk: "Тіл"
    },
    quickExit: {
      // red button that leaves the page at once
      en: "Quick exit",
      ru: "Быстрый выход",
      kk: "Жылдам шығу"
    },
    quickExitHint: {
      // tooltip of that button
      en: "Leave this page now (or press Esc twice)",
      ru: "Сразу уйти с этой страницы (или дважды нажми Esc)",
      kk: "Осы беттен бірден шығу (немесе Esc пернесін екі рет бас)"
    },
    newConversation: {
      // button that starts over
      en: "New conversation",
      ru: "Новый разговор",
      kk: "Жаңа әңгіме"
    },
    newStarted: {
      // announced to screen readers after that button
      en: "New conversation started.",
      ru: "Начат новый разговор.",
      kk: "Жаңа әңгіме басталды."
    },
    close: {
      // screen-reader name of the close (X) button
      en: "Close chat",
      ru: "Закрыть чат",
      kk: "Чатты жабу"
    },
    notice: {
      // line under the header: this is a program, not a person
      en: "This is an automated assistant (a computer program), not a person. Quick exit or Esc twice leaves this page.",
      ru: "Это автоматический помощник (компьютерная программа), а не человек. «Быстрый выход» или двойное нажатие Esc уводит с этой страницы.",
      kk: "Бұл адам емес, автоматты көмекші (компьютерлік бағдарлама). «Жылдам шығу» түймесі немесе Esc пернесін екі рет басу осы беттен шығарады."
    },
    helpDanger: {
      // helpline strip, first part; the number 112 follows as a link
      en: "In danger?",
      ru: "В опасности?",
      kk: "Қауіп төнсе"
    },
    helpChild: {
      // helpline strip, second part; the number 150 follows as a link
      en: "Child helpline",
      ru: "Детский телефон доверия",
      kk: "Балалар сенім телефоны"
    },
    log: {
      // screen-reader name of the message list
      en: "Conversation",
      ru: "Разговор",
      kk: "Әңгіме"
    },
    you: {
      // read before each of the user's messages (screen readers only)
      en: "You",
      ru: "Ты",
      kk: "Сен"
    },
    assistant: {
      // read before each of the assistant's messages (screen readers only)
      en: "Assistant",
      ru: "Помощник",
      kk: "Көмекші"
    },
    person: {
      // shown above a message a person (a counsellor) wrote in the chat; {name} is their name
      en: "{name}, a person (not the program)",
      ru: "{name}, человек (не программа)",
      kk: "{name}, адам (бағдарлама емес)"
    },
    attachment: {
      // link to an image or file the assistant sent
      en: "Open attachment",
      ru: "Открыть вложение",
      kk: "Тіркемені ашу"
    },
    suggestions: {
      // screen-reader name of the row of suggested-reply buttons
      en: "Suggested replies",
      ru: "Предлагаемые ответы",
      kk: "Ұсынылған жауаптар"
    },
    typing: {
      // announced while the assistant prepares a reply
      en: "The assistant is typing…",
      ru: "Помощник печатает…",
      kk: "Көмекші жазып жатыр…"
    },
    inputLabel: {
      // label above the text box
      en: "Your message",
      ru: "Твое сообщение",
      kk: "Сенің хабарламаң"
    },
    placeholder: {
      // grey hint inside the empty text box
      en: "Ask a question…",
      ru: "Задай вопрос…",
      kk: "Сұрақ қой…"
    },
    send: {
      // send button
      en: "Send",
      ru: "Отправить",
      kk: "Жіберу"
    },
    noReply: {
      // no reply within 30 s
      en: "No reply came. Please try again. If you are in danger, call 112.",
      ru: "Ответ не пришел. Попробуй еще раз. Если ты в опасности, звони 112.",
      kk: "Жауап келмеді. Қайталап көр. Қауіп төнсе, 112 нөміріне қоңырау шал."
    },
    noAnswer: {
      // the server answered with no message
      en: "The assistant did not answer that. Try rephrasing.",
      ru: "Помощник не ответил на это. Попробуй сказать иначе.",
      kk: "Көмекші бұған жауап бермеді. Басқаша жазып көр."
    },
    unreachable: {
      // the server could not be reached
      en: "Could not reach the assistant. Check your connection and try again. If you are in danger, call 112.",
      ru: "Не удалось связаться с помощником. Проверь подключение к интернету и попробуй еще раз. Если ты в опасности, звони 112.",
      kk: "Көмекшімен байланыс орнамады. Интернетке қосылуды тексеріп, қайталап көр. Қауіп төнсе, 112 нөміріне қоңырау шал."
    },
    connectFailed: {
      // data-transport="socketio" and the socket could not connect
      en: "Could not connect to the assistant.",
      ru: "Не удалось подключиться к помощнику.",
      kk: "Көмекшіге қосылу мүмкін болмады."
    },
    feedbackQuestion: {
      // under an answer: name of the group of the two feedback buttons, also shown
      en: "Was this answer helpful?",
      ru: "Этот ответ помог?",
      kk: "Бұл жауап көмектесті ме?"
    },
    feedbackUp: {
      // screen-reader name of the thumbs-up button
      en: "Yes, helpful",
      ru: "Да, помог",
      kk: "Иә, көмектесті"
    },
    feedbackDown: {
      // screen-reader name of the thumbs-down button
      en: "No, not helpful",
      ru: "Нет, не помог",
      kk: "Жоқ, көмектеспеді"
    },
    notConnected: {
      // data-transport="socketio" and the socket is reconnecting
      en: "Not connected. Trying again…",
      ru: "Нет подключения. Пробуем снова…",
      kk: "Байланыс жоқ. Қайта қосылып жатыр…"
    }
  };
  var LANGUAGES = [
    { code: "en", name: "English" },
    { code: "ru", name: "Русский" },
    { code: "kk", name: "Қазақша" }
  ];

  // src/config.js
  var VERSION = "1.1.0";
  var NS = "csw";
  var STORE_KEY = "csw:v1";
  var MAX_MESSAGES = 200;
  var MAX_INPUT = 1e3;
  var SOCKET_CONNECT_TIMEOUT_MS = 5e3;
  var REPLY_TIMEOUT_MS = 3e4;
  var ESC_WINDOW_MS = 800;
  var SHORT_NUMBERS = ["150", "111", "112", "101", "102", "103", "104"];
  var config = null;
  var base = "";
  function bool(v) {
    return v === "" || v === "true" || v === "1" || v === "yes";
  }
  function safeExitUrl(v) {
    if (!v) return "https://www.google.com/";
    if (v === "about:blank") return v;
    try {
      var u = new URL(v, location.href);
      if (u.protocol === "http:" || u.protocol === "https:") return u.href;
    } catch (e) {
    }
    return "https://www.google.com/";
  }
  function langCode(v) {
    var c = String(v == null ? "" : v).trim().toLowerCase().split(/[-_]/)[0];
    if (c === "kz") c = "kk";
    for (var i = 0; i < LANGUAGES.length; i++) if (LANGUAGES[i].code === c) return c;
    return "";
  }
  function startLang(ds) {
    if (ds.lang != null && String(ds.lang).trim() !== "") return langCode(ds.lang) || "en";
    var nav = window.navigator || {};
    var code = langCode(nav.language || nav.userLanguage);
    return code === "kk" || code === "ru" ? code : "en";
  }
  function perLang(ds, name) {
    var out = {};
    for (var i = 0; i < LANGUAGES.length; i++) {
      var c = LANGUAGES[i].code;
      var v = ds[name + c.charAt(0).toUpperCase() + c.slice(1)];
      out[c] = v && String(v).trim() ? String(v) : ds[name] || "";
    }
    return out;
  }
  function readConfig(script) {
    var ds = script && script.dataset || {};
    base = script && script.src ? new URL(".", script.src).href : new URL(".", location.href).href;
    config = {
      server: String(ds.server || location.origin).replace(/\/+$/, ""),
      // per language; '' means the TEXTS default
      titles: perLang(ds, "title"),
      greetings: perLang(ds, "greeting"),
      open: bool(ds.open),
      // the starting language (a choice made in the widget wins)
      lang: startLang(ds),
      exitUrl: safeExitUrl(ds.exitUrl),
      transport: (ds.transport || "auto").toLowerCase(),
      storage: (ds.storage || "local").toLowerCase(),
      socketPath: ds.socketPath || "",
      escExit: ds.escExit == null ? true : bool(ds.escExit)
    };
    return config;
  }

  // src/i18n.js
  var lang;
  function setLang(code) {
    lang = code;
  }
  function t(key) {
    var row = TEXTS[key] || {};
    var text = row[lang] || row.en || "";
    return text.replace("{title}", function() {
      return panelTitle();
    });
  }
  function panelTitle() {
    return config.titles[lang] || TEXTS.title[lang] || TEXTS.title.en;
  }
  var KK_LETTERS = /[\u04d8\u04d9\u0492\u0493\u049a\u049b\u04a2\u04a3\u04e8\u04e9\u04b0\u04b1\u04ae\u04af\u04ba\u04bb\u0406\u0456]/;
  function textScript(text) {
    text = String(text || "").replace(/\bhttps?:\/\/\S+/gi, "");
    var cyr = (text.match(/[\u0400-\u04ff]/g) || []).length;
    var lat = (text.match(/[A-Za-z]/g) || []).length;
    if (!cyr && !lat) return "";
    if (lat > cyr) return "en";
    if (KK_LETTERS.test(text)) return "kk";
    return cyr >= 20 ? "ru" : "cyr";
  }
  function setMessageLang(node) {
    var script = node.getAttribute("data-script");
    var l = script === "cyr" ? lang === "kk" ? "" : "ru" : script;
    if (l) node.setAttribute("lang", l);
    else node.removeAttribute("lang");
  }

  // src/storage.js
  var store = null;
  var state = null;
  function initStorage(kind) {
    store = null;
    try {
      if (kind === "local") store = window.localStorage;
      else if (kind === "session") store = window.sessionStorage;
    } catch (e) {
      store = null;
    }
    state = load();
    return state;
  }
  function newId() {
    var b = new Uint8Array(16);
    (window.crypto || window.msCrypto).getRandomValues(b);
    var h = "";
    for (var i = 0; i < b.length; i++) h += (b[i] < 16 ? "0" : "") + b[i].toString(16);
    return h;
  }
  function cleanButtons(list) {
    var out = [];
    if (!Array.isArray(list)) return out;
    for (var i = 0; i < list.length && out.length < 12; i++) {
      var b = list[i];
      if (!b || typeof b !== "object") continue;
      var title = b.title == null ? "" : String(b.title);
      var payload = b.payload == null ? title : String(b.payload);
      if (title || payload) out.push({ title: title || payload, payload: payload || title });
    }
    return out;
  }
  function load() {
    var st = null;
    try {
      st = store && JSON.parse(store.getItem(STORE_KEY) || "null");
    } catch (e) {
      st = null;
    }
    if (!st || typeof st !== "object" || typeof st.senderId !== "string" || !/^[0-9a-f]{32}$/.test(st.senderId)) {
      st = { senderId: newId(), messages: [], open: false };
    }
    if (!Array.isArray(st.messages)) st.messages = [];
    st.messages = st.messages.filter(function(m) {
      return m && (m.from === "user" || m.from === "bot") && typeof m.text === "string";
    }).map(function(m) {
      var kept = { from: m.from, text: m.text, buttons: cleanButtons(m.buttons), link: typeof m.link === "string" ? m.link : "" };
      if (typeof m.answer === "string" && m.answer) kept.answer = m.answer;
      if (m.crisis === true) kept.crisis = true;
      if (typeof m.person === "string" && m.person) kept.person = m.person.slice(0, 64);
      if (m.rated === "up" || m.rated === "down") kept.rated = m.rated;
      return kept;
    });
    st.open = !!st.open;
    st.lang = langCode(st.lang);
    if (!st.lang) delete st.lang;
    return st;
  }
  function resetState(open) {
    state = { senderId: newId(), messages: [], open, lang: state.lang };
    if (!state.lang) delete state.lang;
  }
  function save() {
    if (!store) return;
    if (state.messages.length > MAX_MESSAGES) state.messages = state.messages.slice(-MAX_MESSAGES);
    try {
      store.setItem(STORE_KEY, JSON.stringify(state));
    } catch (e) {
    }
  }

  // src/render.js
  function el(tag, attrs, children) {
    var e = document.createElement(tag);
    if (attrs) {
      for (var k in attrs) {
        if (!Object.prototype.hasOwnProperty.call(attrs, k)) continue;
        if (k === "text") e.textContent = attrs[k];
        else if (k === "className") e.className = attrs[k];
        else e.setAttribute(k, attrs[k]);
      }
    }
    if (children) {
      for (var i = 0; i < children.length; i++) if (children[i]) e.appendChild(children[i]);
    }
    return e;
  }
  function svg(pathD) {
    var n = "http://www.w3.org/2000/svg";
    var s = document.createElementNS(n, "svg");
    s.setAttribute("viewBox", "0 0 24 24");
    s.setAttribute("width", "24");
    s.setAttribute("height", "24");
    s.setAttribute("aria-hidden", "true");
    s.setAttribute("focusable", "false");
    var p = document.createElementNS(n, "path");
    p.setAttribute("d", pathD);
    p.setAttribute("fill", "currentColor");
    s.appendChild(p);
    return s;
  }
  function httpHref(raw) {
    try {
      var u = new URL(raw);
      if (u.protocol === "http:" || u.protocol === "https:") return u.href;
    } catch (e) {
    }
    return null;
  }
  function telHref(raw) {
    var digits = raw.replace(/[^\d+]/g, "");
    if (digits.charAt(0) === "+") digits = "+" + digits.slice(1).replace(/\+/g, "");
    else digits = digits.replace(/\+/g, "");
    return "tel:" + digits;
  }
  var URL_RE = /\bhttps?:\/\/[^\s<>"'`]+/gi;
  var PHONE_RE = new RegExp(
    "(?:\\+7|\\b8)[ \\-]?\\(?\\d{3}\\)?[ \\-]?\\d{3}[ \\-]?\\d{2}[ \\-]?\\d{2}(?!\\d)|\\+\\d{1,3}(?:[ \\-]?\\d){6,12}(?!\\d)|\\b(?:" + SHORT_NUMBERS.join("|") + ")\\b(?![.,\\-/]?\\d)",
    "g"
  );
  function appendPhones(parent, text) {
    var last = 0, m;
    PHONE_RE.lastIndex = 0;
    while ((m = PHONE_RE.exec(text)) !== null) {
      if (m[0].length === 3 && /[.,\-\/]/.test(text.charAt(m.index - 1)) && /\d/.test(text.charAt(m.index - 2))) continue;
      if (m.index > last) parent.appendChild(document.createTextNode(text.slice(last, m.index)));
      var a = document.createElement("a");
      a.href = telHref(m[0]);
      a.className = NS + "-tel";
      a.textContent = m[0];
      parent.appendChild(a);
      last = m.index + m[0].length;
    }
    if (last < text.length) parent.appendChild(document.createTextNode(text.slice(last)));
  }
  function renderText(parent, text) {
    text = text == null ? "" : String(text);
    var last = 0, m;
    URL_RE.lastIndex = 0;
    while ((m = URL_RE.exec(text)) !== null) {
      var raw = m[0].replace(/[.,;:!?)\]}]+$/, "");
      var href = httpHref(raw);
      if (m.index > last) appendPhones(parent, text.slice(last, m.index));
      if (href) {
        var a = document.createElement("a");
        a.href = href;
        a.target = "_blank";
        a.rel = "noopener noreferrer";
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
  function helplineStrip() {
    var danger = document.createTextNode("");
    var child = document.createTextNode("");
    var node = el("p", { className: NS + "-helpline" });
    node.appendChild(el(
      "span",
      { className: NS + "-help-item" },
      [danger, el("a", { href: "tel:112", className: NS + "-tel", text: "112" })]
    ));
    node.appendChild(document.createTextNode(" · "));
    node.appendChild(el(
      "span",
      { className: NS + "-help-item" },
      [child, el("a", { href: "tel:150", className: NS + "-tel", text: "150" })]
    ));
    return { node, danger, child };
  }
  function messageNode(m) {
    var body = el("div", { className: NS + "-text" });
    renderText(body, m.text);
    if (m.link) {
      var href = httpHref(m.link);
      if (href) {
        if (m.text) body.appendChild(document.createTextNode(" "));
        var a = el("a", { href, target: "_blank", rel: "noopener noreferrer", className: NS + "-attach", lang });
        a.textContent = t("attachment");
        body.appendChild(a);
      }
    }
    if (m.person) {
      var pnode = el(
        "div",
        { className: NS + "-msg " + NS + "-bot " + NS + "-person", "data-person": m.person, "data-script": textScript(m.text) },
        [el("span", { className: NS + "-who " + NS + "-person-name", lang, text: t("person").replace("{name}", m.person) }), body]
      );
      setMessageLang(pnode);
      return pnode;
    }
    var node = el(
      "div",
      { className: NS + "-msg " + NS + "-" + m.from, "data-script": textScript(m.text) },
      [el("span", { className: NS + "-sr " + NS + "-who", lang, text: t(m.from === "user" ? "you" : "assistant") + ": " }), body]
    );
    setMessageLang(node);
    return node;
  }
  function greetingNode() {
    var text = config.greetings[lang];
    if (!text) return null;
    var node = messageNode({ from: "bot", text, buttons: [] });
    node.classList.add(NS + "-greeting");
    return node;
  }
  function replyButton(b, onClick) {
    var btn = el("button", { type: "button", className: NS + "-reply", "data-script": textScript(b.title) });
    btn.textContent = b.title;
    setMessageLang(btn);
    btn.addEventListener("click", function() {
      onClick(b.payload, b.title);
    });
    return btn;
  }

  // src/ui.js
  var ids = {
    panel: NS + "-panel",
    title: NS + "-title",
    input: NS + "-input",
    log: NS + "-log",
    note: NS + "-note",
    lang: NS + "-lang"
  };
  var ui = {};
  function buildLauncher() {
    ui.launcherText = el("span", { className: NS + "-launcher-text" });
    ui.launcher = el("button", {
      type: "button",
      className: NS + "-launcher",
      "aria-expanded": "false",
      "aria-controls": ids.panel
    }, [svg("M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H8l-4 4V6a2 2 0 0 1 2-2z"), ui.launcherText]);
  }
  function buildHeader() {
    ui.title = el("h2", { id: ids.title, className: NS + "-title" });
    ui.langLabel = el("label", { className: NS + "-sr", "for": ids.lang });
    ui.langSelect = el("select", { id: ids.lang, className: NS + "-lang" });
    LANGUAGES.forEach(function(l) {
      ui.langSelect.appendChild(el("option", { value: l.code, lang: l.code, text: l.name }));
    });
    ui.btnNew = el("button", { type: "button", className: NS + "-btn " + NS + "-new" });
    ui.btnClose = el(
      "button",
      { type: "button", className: NS + "-btn " + NS + "-close" },
      [svg("M6.4 5 12 10.6 17.6 5 19 6.4 13.4 12 19 17.6 17.6 19 12 13.4 6.4 19 5 17.6 10.6 12 5 6.4z")]
    );
    ui.btnExit = el("button", { type: "button", className: NS + "-exit", "aria-describedby": ids.note });
    return el("div", { className: NS + "-header" }, [
      el("div", { className: NS + "-top" }, [ui.title, ui.langLabel, ui.langSelect, ui.btnClose]),
      el("div", { className: NS + "-actions" }, [ui.btnExit, ui.btnNew])
    ]);
  }
  function buildLog() {
    ui.log = el("div", {
      id: ids.log,
      className: NS + "-log",
      role: "log",
      "aria-live": "polite",
      "aria-relevant": "additions",
      tabindex: "0"
    });
    ui.quick = el("div", { className: NS + "-quick", role: "group" });
    ui.feedback = el("div", { className: NS + "-feedback", role: "group" });
    ui.typing = el(
      "div",
      { className: NS + "-typing", "aria-hidden": "true" },
      [el("span", { className: NS + "-dot" }), el("span", { className: NS + "-dot" }), el("span", { className: NS + "-dot" })]
    );
    ui.typingSr = el("p", { className: NS + "-sr", role: "status" });
    ui.status = el("p", { className: NS + "-status", role: "status" });
  }
  function buildForm() {
    ui.input = el("input", {
      id: ids.input,
      className: NS + "-input",
      type: "text",
      autocomplete: "off",
      maxlength: String(MAX_INPUT),
      enterkeyhint: "send"
    });
    ui.label = el("label", { className: NS + "-label", "for": ids.input });
    ui.btnSend = el("button", { type: "submit", className: NS + "-send" });
    ui.form = el(
      "form",
      { className: NS + "-form", novalidate: "" },
      [ui.label, el("div", { className: NS + "-row" }, [ui.input, ui.btnSend])]
    );
  }
  function buildUi() {
    ui.root = el("div", { className: NS + "-root", "data-ready": "false", "data-transport": "none" });
    ui.root.style.display = "none";
    buildLauncher();
    var header = buildHeader();
    ui.disclaimer = el("p", { id: ids.note, className: NS + "-disclaimer" });
    var helpline = helplineStrip();
    ui.helpDanger = helpline.danger;
    ui.helpChild = helpline.child;
    buildLog();
    buildForm();
    ui.panel = el(
      "section",
      {
        id: ids.panel,
        className: NS + "-panel",
        role: "dialog",
        "aria-modal": "false",
        "aria-labelledby": ids.title,
        hidden: ""
      },
      [header, ui.disclaimer, helpline.node, ui.log, ui.typing, ui.typingSr, ui.feedback, ui.quick, ui.status, ui.form]
    );
    ui.root.appendChild(ui.panel);
    ui.root.appendChild(ui.launcher);
    ui.typing.hidden = true;
    ui.quick.hidden = true;
    ui.feedback.hidden = true;
    ui.status.hidden = true;
    return ui;
  }
  function applyWidgetTexts() {
    ui.root.setAttribute("lang", lang);
    ui.langSelect.value = lang;
    ui.launcherText.textContent = t("launcher");
    ui.launcher.setAttribute("aria-label", t(ui.panel.hidden ? "launcherOpen" : "launcherIsOpen"));
    ui.title.textContent = panelTitle();
    ui.langLabel.textContent = t("language");
    ui.btnNew.textContent = t("newConversation");
    ui.btnClose.setAttribute("aria-label", t("close"));
    ui.btnExit.textContent = t("quickExit");
    ui.btnExit.setAttribute("title", t("quickExitHint"));
    ui.disclaimer.textContent = t("notice");
    ui.helpDanger.nodeValue = t("helpDanger") + " ";
    ui.helpChild.nodeValue = t("helpChild") + " ";
    ui.log.setAttribute("aria-label", t("log"));
    ui.quick.setAttribute("aria-label", t("suggestions"));
    ui.label.textContent = t("inputLabel");
    ui.input.setAttribute("placeholder", t("placeholder"));
    ui.btnSend.textContent = t("send");
  }

  // src/status.js
  var statusKey = "";
  var typingKey = "";
  var waitTimer = null;
  function setWaiting(on) {
    clearTimeout(waitTimer);
    ui.root.classList.toggle(NS + "-waiting", !!on);
    ui.typing.hidden = !on;
    setTyping(on ? "typing" : "");
    if (on) {
      waitTimer = setTimeout(function() {
        setWaiting(false);
        setStatus("noReply");
      }, REPLY_TIMEOUT_MS);
    }
  }
  function setStatus(key) {
    statusKey = key || "";
    ui.status.textContent = statusKey ? t(statusKey) : "";
    ui.status.hidden = !statusKey;
  }
  function setTyping(key) {
    typingKey = key || "";
    ui.typingSr.textContent = typingKey ? t(typingKey) : "";
  }
  function applyStatusTexts() {
    ui.status.textContent = statusKey ? t(statusKey) : "";
    ui.typingSr.textContent = typingKey ? t(typingKey) : "";
  }

  // src/feedback.js
  var PAYLOADS = { up: '/feedback{"helpful":"up"}', down: '/feedback{"helpful":"down"}' };
  var EMOJI = { up: "👍", down: "👎" };
  var onRate = null;
  function setFeedbackHandler(fn) {
    onRate = fn;
  }
  function rateable() {
    var msgs = state.messages;
    var last = msgs.length ? msgs[msgs.length - 1] : null;
    if (!last || last.from !== "bot" || !last.answer || last.rated) return null;
    for (var i = msgs.length - 1; i >= 0 && msgs[i].from === "bot"; i--) {
      if (msgs[i].crisis) return null;
    }
    return last;
  }
  function button(value, m) {
    var b = el("button", {
      type: "button",
      className: NS + "-fb",
      "data-value": value,
      "aria-label": t(value === "up" ? "feedbackUp" : "feedbackDown"),
      "aria-pressed": "false",
      title: t(value === "up" ? "feedbackUp" : "feedbackDown")
    });
    b.appendChild(el("span", { "aria-hidden": "true", text: EMOJI[value] }));
    b.addEventListener("click", function() {
      if (m.rated) return;
      b.setAttribute("aria-pressed", "true");
      var all = ui.feedback.querySelectorAll("button");
      for (var i = 0; i < all.length; i++) all[i].disabled = true;
      ui.input.focus();
      if (onRate) onRate(value, m);
    });
    return b;
  }
  function renderFeedback() {
    var box = ui.feedback;
    while (box.firstChild) box.removeChild(box.firstChild);
    var m = rateable();
    box.hidden = !m;
    if (!m) return;
    box.setAttribute("aria-label", t("feedbackQuestion"));
    box.appendChild(el("span", { className: NS + "-fb-q", "aria-hidden": "true", text: t("feedbackQuestion") }));
    box.appendChild(button("up", m));
    box.appendChild(button("down", m));
  }

  // src/conversation.js
  var onReply = null;
  var onLanguage = null;
  var turnStart = null;
  function setReplyHandler(fn) {
    onReply = fn;
  }
  function setLanguageHandler(fn) {
    onLanguage = fn;
  }
  function taggedLanguage(raw) {
    var md = raw && typeof raw === "object" ? raw.metadata : null;
    return md && typeof md === "object" ? langCode(md.language) : "";
  }
  function clickReply(payload, title) {
    onReply(payload, title);
  }
  function renderQuick() {
    var quick = ui.quick;
    while (quick.firstChild) quick.removeChild(quick.firstChild);
    var buttons = [];
    for (var i = state.messages.length - 1; i >= 0 && state.messages[i].from === "bot"; i--) {
      if (state.messages[i].buttons.length) {
        buttons = state.messages[i].buttons;
        break;
      }
    }
    quick.hidden = !buttons.length;
    buttons.forEach(function(b) {
      quick.appendChild(replyButton(b, clickReply));
    });
  }
  function renderAll() {
    var log = ui.log;
    while (log.firstChild) log.removeChild(log.firstChild);
    var g = greetingNode();
    if (g) log.appendChild(g);
    state.messages.forEach(function(m) {
      log.appendChild(messageNode(m));
    });
    renderQuick();
    renderFeedback();
    scrollDown();
  }
  function relabelLog() {
    var log = ui.log;
    var nodes = log.querySelectorAll("." + NS + "-msg");
    for (var i = 0; i < nodes.length; i++) {
      var n = nodes[i];
      var who = n.querySelector("." + NS + "-who");
      if (who && !n.hasAttribute("data-person")) {
        who.textContent = t(n.classList.contains(NS + "-user") ? "you" : "assistant") + ": ";
        who.setAttribute("lang", lang);
      }
      if (who && n.hasAttribute("data-person")) {
        who.textContent = t("person").replace("{name}", n.getAttribute("data-person"));
        who.setAttribute("lang", lang);
      }
      var att = n.querySelector("." + NS + "-attach");
      if (att) {
        att.textContent = t("attachment");
        att.setAttribute("lang", lang);
      }
      setMessageLang(n);
    }
    var replies = ui.quick.querySelectorAll("." + NS + "-reply");
    for (var j = 0; j < replies.length; j++) setMessageLang(replies[j]);
    renderFeedback();
    var old = log.querySelector("." + NS + "-greeting");
    var g = greetingNode();
    if (old && g) log.replaceChild(g, old);
    else if (old) log.removeChild(old);
    else if (g) log.insertBefore(g, log.firstChild);
  }
  function scrollDown() {
    ui.log.scrollTop = ui.log.scrollHeight;
  }
  function addMessage(m) {
    state.messages.push(m);
    save();
    var node = messageNode(m);
    ui.log.appendChild(node);
    renderQuick();
    renderFeedback();
    if (m.from === "user") {
      turnStart = null;
      scrollDown();
    } else {
      if (!turnStart) turnStart = node;
      ui.log.scrollTop = Math.max(0, turnStart.offsetTop - 8);
    }
  }
  function normalise(raw) {
    if (raw == null) return null;
    if (typeof raw === "string") return { from: "bot", text: raw, buttons: [], link: "" };
    if (typeof raw !== "object") return null;
    var text = raw.text == null ? "" : String(raw.text);
    var buttons = cleanButtons(raw.buttons || raw.quick_replies);
    var link = "";
    if (typeof raw.image === "string") link = raw.image;
    else if (raw.attachment && typeof raw.attachment === "object") {
      var p = raw.attachment.payload;
      if (p && typeof p === "object" && typeof p.src === "string") link = p.src;
      else if (p && typeof p === "object" && typeof p.url === "string") link = p.url;
    }
    link = link && httpHref(link) ? link : "";
    if (!text && raw.custom && typeof raw.custom === "object" && typeof raw.custom.text === "string") text = raw.custom.text;
    if (!text && !buttons.length && !link) return null;
    var m = { from: "bot", text, buttons, link };
    var md = raw.metadata && typeof raw.metadata === "object" ? raw.metadata : {};
    if (md.crisis === true) m.crisis = true;
    if (md.from === "person") m.person = typeof md.name === "string" && md.name ? md.name.slice(0, 64) : "?";
    else if (typeof md.answer === "string" && md.answer) m.answer = md.answer;
    return m;
  }
  function onBotMessages(list) {
    var any = false, tag = "";
    (Array.isArray(list) ? list : [list]).forEach(function(raw) {
      var m = normalise(raw);
      if (m) {
        addMessage(m);
        any = true;
        tag = taggedLanguage(raw) || tag;
      }
    });
    if (any) {
      setWaiting(false);
      setStatus("");
    }
    if (tag && tag !== lang && onLanguage) onLanguage(tag);
    return any;
  }

  // src/events.js
  var uiReadyAt = null;
  var readyAt = null;
  function now() {
    return window.performance && performance.now ? performance.now() : 0;
  }
  function markUiReady() {
    uiReadyAt = now();
    ui.root.setAttribute("data-ui-ready", "true");
    dispatch("csw:ui-ready", {});
  }
  function markReady(kind) {
    if (kind === "none") return kind;
    if (readyAt == null) readyAt = now();
    ui.root.setAttribute("data-ready", "true");
    dispatch("csw:ready", { transport: kind });
    return kind;
  }
  function dispatch(name, detail) {
    try {
      window.dispatchEvent(new CustomEvent(name, { detail }));
    } catch (e) {
    }
  }

  // src/transport.js
  var transport = { kind: "none", ready: null, socket: null };
  function rest(text, metadata) {
    var ctrl = window.AbortController ? new AbortController() : null;
    var timer = ctrl ? setTimeout(function() {
      ctrl.abort();
    }, REPLY_TIMEOUT_MS) : null;
    return fetch(config.server + "/webhooks/rest/webhook", {
      method: "POST",
      mode: "cors",
      credentials: "omit",
      cache: "no-store",
      referrerPolicy: "no-referrer",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ sender: state.senderId, message: text, metadata }),
      signal: ctrl ? ctrl.signal : void 0
    }).then(function(r) {
      if (!r.ok) throw new Error("HTTP " + r.status);
      return r.json();
    }).then(function(list) {
      clearTimeout(timer);
      if (!onBotMessages(list)) {
        setWaiting(false);
        setStatus("noAnswer");
      }
    }).catch(function() {
      clearTimeout(timer);
      setWaiting(false);
      setStatus("unreachable");
    });
  }
  function loadSocketIo() {
    if (window.io && typeof window.io === "function") return Promise.resolve(window.io);
    return new Promise(function(resolve, reject) {
      var sc = document.createElement("script");
      sc.src = new URL("vendor/socket.io.min.js", base).href;
      sc.async = true;
      sc.onload = function() {
        window.io ? resolve(window.io) : reject(new Error("no io"));
      };
      sc.onerror = function() {
        reject(new Error("socket.io client failed to load"));
      };
      document.head.appendChild(sc);
    });
  }
  function socketOptions() {
    var u = new URL(config.server, location.href);
    var path = config.socketPath || u.pathname.replace(/\/+$/, "") + "/socket.io";
    return { origin: u.origin, opts: { path, reconnectionDelayMax: 1e4, timeout: SOCKET_CONNECT_TIMEOUT_MS, withCredentials: false } };
  }
  function useRest() {
    transport.kind = "rest";
    ui.root.setAttribute("data-transport", "rest");
    if (transport.socket) {
      try {
        transport.socket.close();
      } catch (e) {
      }
      transport.socket = null;
    }
  }
  function openSocket(io) {
    return new Promise(function(resolve, reject) {
      var so = socketOptions();
      var sock = io(so.origin, so.opts);
      var settled = false;
      var timer = setTimeout(function() {
        fail(new Error("timeout"));
      }, SOCKET_CONNECT_TIMEOUT_MS);
      function fail(err) {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        try {
          sock.close();
        } catch (e) {
        }
        reject(err);
      }
      transport.socket = sock;
      sock.on("connect", function() {
        sock.emit("session_request", { session_id: state.senderId });
      });
      sock.on("session_confirm", function() {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        transport.kind = "socketio";
        ui.root.setAttribute("data-transport", "socketio");
        resolve("socketio");
      });
      sock.on("connect_error", function(err) {
        if (!settled) fail(err || new Error("connect_error"));
      });
      sock.on("bot_uttered", function(data) {
        onBotMessages([data]);
      });
    });
  }
  function connect() {
    if (transport.ready) return transport.ready;
    if (config.transport === "rest") {
      useRest();
      transport.ready = Promise.resolve("rest");
      return transport.ready.then(markReady);
    }
    transport.ready = loadSocketIo().then(openSocket).catch(function() {
      if (config.transport === "socketio") {
        setStatus("connectFailed");
        transport.ready = null;
        return "none";
      }
      useRest();
      return "rest";
    }).then(markReady);
    return transport.ready;
  }
  function deliver(text, metadata) {
    var sock = transport.socket;
    if (transport.kind === "socketio" && sock && sock.connected) {
      sock.emit("user_uttered", { message: text, session_id: state.senderId, metadata });
      return;
    }
    if (config.transport === "socketio") {
      setWaiting(false);
      setStatus("notConnected");
      return;
    }
    rest(text, metadata);
  }

  // src/a11y.js
  function openPanel(focus) {
    ui.panel.hidden = false;
    ui.root.classList.add(NS + "-open");
    ui.launcher.setAttribute("aria-expanded", "true");
    ui.launcher.setAttribute("aria-label", t("launcherIsOpen"));
    state.open = true;
    save();
    scrollDown();
    connect();
    if (focus !== false) ui.input.focus();
  }
  function closePanel(focus) {
    ui.panel.hidden = true;
    ui.root.classList.remove(NS + "-open");
    ui.launcher.setAttribute("aria-expanded", "false");
    ui.launcher.setAttribute("aria-label", t("launcherOpen"));
    state.open = false;
    save();
    if (focus !== false) ui.launcher.focus();
  }
  function quickExit() {
    ui.root.style.display = "none";
    ui.root.setAttribute("aria-hidden", "true");
    state.open = false;
    save();
    try {
      if (transport.socket) transport.socket.close();
    } catch (e) {
    }
    window.location.replace(config.exitUrl);
  }
  var lastEsc = 0;
  function onKeydown(ev) {
    if (ev.key !== "Escape" && ev.key !== "Esc") return;
    var at = Date.now();
    if (config.escExit && at - lastEsc < ESC_WINDOW_MS) {
      lastEsc = 0;
      quickExit();
      return;
    }
    lastEsc = at;
    if (!ui.panel.hidden && ui.root.contains(document.activeElement)) closePanel();
  }
  function bindKeyboard() {
    document.addEventListener("keydown", onKeydown, true);
  }

  // src/actions.js
  function send(payload, shown) {
    payload = String(payload == null ? "" : payload).trim().slice(0, MAX_INPUT);
    if (!payload) return;
    shown = shown == null ? payload : String(shown);
    addMessage({ from: "user", text: shown, buttons: [], link: "" });
    setStatus("");
    setWaiting(true);
    var metadata = { language: lang };
    connect().then(function() {
      deliver(payload, metadata);
    });
  }
  function sendFeedback(value, m) {
    if (!PAYLOADS[value] || m.rated) return;
    m.rated = value;
    save();
    setWaiting(true);
    var metadata = { language: lang };
    connect().then(function() {
      deliver(PAYLOADS[value], metadata);
    });
  }
  function newConversation() {
    resetState(!ui.panel.hidden);
    save();
    setWaiting(false);
    setStatus("");
    renderAll();
    var sock = transport.socket;
    if (transport.kind === "socketio" && sock) {
      sock.disconnect();
      sock.connect();
    }
    setTyping("newStarted");
    ui.input.value = "";
    ui.input.focus();
  }
  function applyTexts() {
    applyWidgetTexts();
    applyStatusTexts();
  }
  function setLanguage(code, remember) {
    code = langCode(code);
    if (!code) return false;
    setLang(code);
    if (remember) {
      state.lang = code;
      save();
    }
    applyTexts();
    relabelLog();
    dispatch("csw:language", { language: lang });
    return true;
  }

  // src/main.js
  function findScript() {
    var script = document.currentScript;
    if (!script) {
      var all = document.getElementsByTagName("script");
      for (var s = all.length - 1; s >= 0; s--) {
        if (/widget(\.min)?\.js(\?|#|$)/.test(all[s].src || "")) {
          script = all[s];
          break;
        }
      }
    }
    return script;
  }
  function bindControls() {
    ui.launcher.addEventListener("click", function() {
      ui.panel.hidden ? openPanel() : closePanel();
    });
    ui.btnClose.addEventListener("click", function() {
      closePanel();
    });
    ui.btnNew.addEventListener("click", newConversation);
    ui.btnExit.addEventListener("click", quickExit);
    ui.langSelect.addEventListener("change", function() {
      setLanguage(ui.langSelect.value, true);
    });
    ui.form.addEventListener("submit", function(ev) {
      ev.preventDefault();
      var v = ui.input.value;
      ui.input.value = "";
      send(v);
    });
  }
  function api(t0) {
    return {
      version: VERSION,
      config,
      open: function() {
        openPanel();
      },
      close: function() {
        closePanel();
      },
      send: function(text) {
        send(text);
      },
      newConversation,
      quickExit,
      /** Switch the language ('en', 'ru', 'kk'), as the selector does; false for other codes. */
      setLanguage: function(code) {
        return setLanguage(code, true);
      },
      get language() {
        return lang;
      },
      texts: TEXTS,
      renderText: function(text) {
        return renderText(document.createElement("div"), text);
      },
      addBotMessages: function(list) {
        return onBotMessages(list);
      },
      get senderId() {
        return state.senderId;
      },
      get transport() {
        return transport.kind;
      },
      get timing() {
        return { start: t0, uiReady: uiReadyAt, ready: readyAt };
      }
    };
  }
  function mount() {
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = new URL("widget.css", base).href;
    var shown = false;
    function show() {
      if (shown) return;
      shown = true;
      ui.root.style.display = "";
      markUiReady();
    }
    link.onload = show;
    link.onerror = show;
    setTimeout(show, 3e3);
    (document.head || document.documentElement).appendChild(link);
    document.body.appendChild(ui.root);
    applyTexts();
    renderAll();
    if (config.open || state.open) openPanel(false);
  }
  function start() {
    var t0 = window.performance && performance.now ? performance.now() : 0;
    readConfig(findScript());
    initStorage(config.storage);
    setLang(state.lang || config.lang);
    buildUi();
    setReplyHandler(send);
    setFeedbackHandler(sendFeedback);
    setLanguageHandler(function(code) {
      setLanguage(code, true);
    });
    bindControls();
    bindKeyboard();
    window.ChildSafetyWidget = api(t0);
    if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", mount);
    else mount();
  }
  if (!(window.ChildSafetyWidget && window.ChildSafetyWidget.version)) start();
})();
