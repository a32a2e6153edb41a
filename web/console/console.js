/* The counsellor console (docs/handoff.md): plain JS, no build step, no CDN.
 * Security rule: text from a child, the bot or a counsellor is only ever put in the page with
 * textContent / createTextNode; innerHTML is never used. The session cookie is HttpOnly; the
 * CSRF token the server gives at sign-in goes with every POST in the X-CSRF-Token header. */
(function () {
  'use strict';
  var API = location.pathname.replace(/\/+$/, '').replace(/\/index\.html$/, '') + '/api/';
  var POLL_MS = 1000;
  var csrf = '';
  var openId = '';
  var seen = 0;           // events of the open conversation already shown
  var timer = null;
  var $ = function (id) { return document.getElementById(id); };

  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text != null) e.textContent = String(text);
    return e;
  }

  function call(method, path, body) {
    var opts = { method: method, credentials: 'same-origin', cache: 'no-store', headers: {} };
    if (method === 'POST') {
      opts.headers['Content-Type'] = 'application/json';
      opts.headers['X-CSRF-Token'] = csrf;
      opts.body = JSON.stringify(body || {});
    }
    return fetch(API + path, opts).then(function (r) {
      return r.json().catch(function () { return {}; }).then(function (data) {
        if (r.status === 401 && path !== 'login') { showSignin(); throw new Error('signed out'); }
        if (!r.ok) throw new Error(data.error || ('HTTP ' + r.status));
        return data;
      });
    });
  }

  function minutes(seconds) {
    var m = Math.floor(seconds / 60), s = seconds % 60;
    return m ? m + ' min ' + s + ' s' : s + ' s';
  }

  function showSignin() {
    clearTimeout(timer);
    $('desk').hidden = true;
    $('signin').hidden = false;
    $('username').focus();
  }

  function showDesk(data) {
    csrf = data.csrf;
    $('signin').hidden = true;
    $('desk').hidden = false;
    poll();
  }

  function item(h, mine) {
    var li = el('li', h.urgent ? 'urgent' : '');
    li.setAttribute('data-id', h.id);
    li.appendChild(el('span', 'lang', (h.language || '?').toUpperCase() + ' · ' + h.channel + ' · ' + h.audience));
    li.appendChild(el('div', 'wait', (mine ? 'since ' : 'waiting ') + minutes(h.waiting_seconds) + (h.urgent ? ' · URGENT (safe word)' : '')));
    var b = el('button', mine ? 'open' : 'take', mine ? 'Open' : 'Take');
    b.type = 'button';
    b.addEventListener('click', function () {
      if (mine) { openConversation(h.id); return; }
      call('POST', 'take', { id: h.id }).then(function () { openConversation(h.id); poll(); })
        .catch(function (e) { $('desk-error').textContent = e.message; });
    });
    li.appendChild(b);
    return li;
  }

  function fill(list, items, mine) {
    while (list.firstChild) list.removeChild(list.firstChild);
    if (!items.length) list.appendChild(el('li', 'empty', mine ? 'None' : 'Nobody is waiting'));
    items.forEach(function (h) { list.appendChild(item(h, mine)); });
  }

  function openConversation(id) {
    openId = id;
    seen = 0;
    var ol = $('messages');
    while (ol.firstChild) ol.removeChild(ol.firstChild);
    $('conversation').hidden = false;
    $('conversation-title').textContent = 'Conversation ' + id;
    $('reply').focus();
  }

  function closeView() {
    openId = '';
    $('conversation').hidden = true;
  }

  function showMessages(conversation) {
    var ol = $('messages');
    conversation.messages.forEach(function (m) {
      var li = el('li', m.from + (m.intent === 'safe_word' || m.intent === 'crisis_danger' ? ' urgent' : ''));
      var who = m.from === 'child' ? 'Child' : m.from === 'person' ? (m.name || 'Counsellor') : m.from === 'bot' ? 'Assistant' : '';
      if (who) li.appendChild(el('span', 'who', who + ' · ' + new Date(m.at * 1000).toLocaleTimeString()));
      li.appendChild(el('span', 'text', m.from === 'note' ? 'assistant ' + m.text : m.text));
      ol.appendChild(li);
    });
    if (conversation.messages.length) ol.scrollTop = ol.scrollHeight;
    seen = conversation.count;
  }

  function poll() {
    clearTimeout(timer);
    var q = openId ? '?open=' + encodeURIComponent(openId) + '&after=' + seen : '';
    call('GET', 'state' + q).then(function (s) {
      csrf = s.csrf;
      $('who').textContent = s.me.name + ' (' + s.me.username + ')';
      $('duty').checked = !!s.me.on_duty;
      $('duty-count').textContent = 'on duty now: ' + s.on_duty_count;
      fill($('queue'), s.queue, false);
      fill($('mine'), s.mine, true);
      if (s.conversation) {
        if (s.conversation.error || s.conversation.status !== 'taken') {
          $('desk-error').textContent = s.conversation.error || ('The conversation has ended (' + s.conversation.status + ').');
          closeView();
        } else {
          showMessages(s.conversation);
        }
      }
      timer = setTimeout(poll, POLL_MS);
    }).catch(function (e) {
      if (e.message !== 'signed out') { $('desk-error').textContent = e.message; timer = setTimeout(poll, POLL_MS * 3); }
    });
  }

  function end(verb) {
    if (!openId) return;
    call('POST', verb, { id: openId }).then(function () { closeView(); poll(); })
      .catch(function (e) { $('desk-error').textContent = e.message; });
  }

  document.addEventListener('DOMContentLoaded', function () {
    $('signin-form').addEventListener('submit', function (ev) {
      ev.preventDefault();
      $('signin-error').textContent = '';
      call('POST', 'login', { username: $('username').value, password: $('password').value })
        .then(function (data) { $('password').value = ''; showDesk(data); })
        .catch(function (e) { $('signin-error').textContent = e.message; });
    });
    $('signout').addEventListener('click', function () {
      call('POST', 'logout', {}).then(showSignin, showSignin);
    });
    $('duty').addEventListener('change', function () {
      call('POST', 'duty', { on: $('duty').checked }).then(poll)
        .catch(function (e) { $('desk-error').textContent = e.message; });
    });
    $('reply-form').addEventListener('submit', function (ev) {
      ev.preventDefault();
      var text = $('reply').value.trim();
      if (!text || !openId) return;
      call('POST', 'reply', { id: openId, text: text }).then(function () { $('reply').value = ''; poll(); })
        .catch(function (e) { $('desk-error').textContent = e.message; });
    });
    $('handback').addEventListener('click', function () { end('handback'); });
    $('close').addEventListener('click', function () { end('close'); });
    call('GET', 'state').then(function (s) { showDesk(s); }).catch(function () { showSignin(); });
  });
})();
