/** The widget's current language, its texts in that language, and the language of a message. */
import { TEXTS } from './texts.js';
import { config } from './config.js';

/** 'en', 'ru' or 'kk': the language the widget speaks now. */
export var lang;

export function setLang(code) { lang = code; }

/** The text `key` of TEXTS in the current language (English if missing), {title} filled in. */
export function t(key) {
  var row = TEXTS[key] || {};
  var text = row[lang] || row.en || '';
  return text.replace('{title}', function () { return panelTitle(); });
}

export function panelTitle() { return config.titles[lang] || TEXTS.title[lang] || TEXTS.title.en; }

// Letters only Kazakh uses among the Cyrillic alphabets this widget meets.
var KK_LETTERS = /[\u04d8\u04d9\u0492\u0493\u049a\u049b\u04a2\u04a3\u04e8\u04e9\u04b0\u04b1\u04ae\u04af\u04ba\u04bb\u0406\u0456]/;

/** The language a message is visibly written in, which gives its `lang` attribute (screen
 * readers pick their voice by it; a reply need not be in the selected language): 'en' (mostly
 * Latin letters), 'kk' (Cyrillic with Kazakh letters), 'ru' (20 or more Cyrillic letters and
 * none of Kazakh's own), 'cyr' (a few Cyrillic letters, none of Kazakh's own: Russian, or short
 * Kazakh; it then inherits the widget's language if that is Kazakh), '' (no letters). */
export function textScript(text) {
  text = String(text || '').replace(/\bhttps?:\/\/\S+/gi, ''); // a URL says nothing
  var cyr = (text.match(/[\u0400-\u04ff]/g) || []).length;
  var lat = (text.match(/[A-Za-z]/g) || []).length;
  if (!cyr && !lat) return '';
  if (lat > cyr) return 'en';
  if (KK_LETTERS.test(text)) return 'kk';
  return cyr >= 20 ? 'ru' : 'cyr';
}

/** Set a message's `lang` from its script (data-script) and the widget's language. */
export function setMessageLang(node) {
  var script = node.getAttribute('data-script');
  var l = script === 'cyr' ? (lang === 'kk' ? '' : 'ru') : script;
  if (l) node.setAttribute('lang', l); else node.removeAttribute('lang');
}
