/**
 * Talking to Rasa: socket.io first (the vendored client, loaded on first use), REST
 * (/webhooks/rest/webhook) if the socket cannot connect within 5 s or data-transport="rest",
 * and while an established socket is reconnecting.
 * Events on the socket: session_request / session_confirm, user_uttered, bot_uttered.
 */
import { SOCKET_CONNECT_TIMEOUT_MS, REPLY_TIMEOUT_MS, config, base } from './config.js';
import { state } from './storage.js';
import { ui } from './ui.js';
import { onBotMessages } from './conversation.js';
import { setWaiting, setStatus } from './status.js';
import { markReady } from './events.js';

/** kind: 'none' | 'socketio' | 'rest'; ready: the promise of connect(); socket: the socket.io socket. */
export var transport = { kind: 'none', ready: null, socket: null };

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
  ui.root.setAttribute('data-transport', 'rest');
  if (transport.socket) { try { transport.socket.close(); } catch (e) { /* ignore */ } transport.socket = null; }
}

/** Connect with the socket.io client `io`: resolves 'socketio' on session_confirm, rejects if
 * that does not come within SOCKET_CONNECT_TIMEOUT_MS or the connection fails. */
function openSocket(io) {
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
      ui.root.setAttribute('data-transport', 'socketio');
      resolve('socketio');
    });
    sock.on('connect_error', function (err) { if (!settled) fail(err || new Error('connect_error')); });
    sock.on('bot_uttered', function (data) { onBotMessages([data]); });
  });
}

/** Connect once (later calls return the same promise, of 'socketio', 'rest' or 'none'). */
export function connect() {
  if (transport.ready) return transport.ready;
  if (config.transport === 'rest') {
    useRest();
    transport.ready = Promise.resolve('rest');
    return transport.ready.then(markReady);
  }
  transport.ready = loadSocketIo().then(openSocket).catch(function () {
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
export function deliver(text, metadata) {
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
