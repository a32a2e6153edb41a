/**
 * What the widget tells the page: data-ui-ready / data-ready on its root element, the
 * csw:ui-ready, csw:ready and csw:language events on window, and the timing of the first two.
 */
import { ui } from './ui.js';

export var uiReadyAt = null, readyAt = null;

export function now() { return window.performance && performance.now ? performance.now() : 0; }

export function markUiReady() {
  uiReadyAt = now();
  ui.root.setAttribute('data-ui-ready', 'true');
  dispatch('csw:ui-ready', {});
}

/** A transport is up (`kind` 'socketio' or 'rest'; 'none' if it could not connect). */
export function markReady(kind) {
  if (kind === 'none') return kind;
  if (readyAt == null) readyAt = now();
  ui.root.setAttribute('data-ready', 'true');
  dispatch('csw:ready', { transport: kind });
  return kind;
}

export function dispatch(name, detail) {
  try { window.dispatchEvent(new CustomEvent(name, { detail: detail })); } catch (e) { /* old browser */ }
}
