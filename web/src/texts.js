/**
 * Every text the widget itself shows, in English (en), Russian (ru) and Kazakh (kk), and the
 * languages of the selector. Edit wordings here, then rebuild widget.js (`npm run build` in web/).
 * - Keep {title} where it is: it is replaced by the panel title.
 * - Keep the phone numbers exactly as in the English text; do not add numbers.
 * - A missing translation falls back to English.
 * - Style as in docs/translations.md: the child is addressed as «ты» / «сен»; Russian writes «е» for «ё».
 * The language selector shows each language by its own name (LANGUAGES, below the table).
 */
export var TEXTS = {
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
  person: {            // shown above a message a person (a counsellor) wrote in the chat; {name} is their name
    en: '{name}, a person (not the program)',
    ru: '{name}, человек (не программа)',
    kk: '{name}, адам (бағдарлама емес)'
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
  feedbackQuestion: {   // under an answer: name of the group of the two feedback buttons, also shown
    en: 'Was this answer helpful?',
    ru: 'Этот ответ помог?',
    kk: 'Бұл жауап көмектесті ме?'
  },
  feedbackUp: {         // screen-reader name of the thumbs-up button
    en: 'Yes, helpful',
    ru: 'Да, помог',
    kk: 'Иә, көмектесті'
  },
  feedbackDown: {       // screen-reader name of the thumbs-down button
    en: 'No, not helpful',
    ru: 'Нет, не помог',
    kk: 'Жоқ, көмектеспеді'
  },
  notConnected: {       // data-transport="socketio" and the socket is reconnecting
    en: 'Not connected. Trying again\u2026',
    ru: 'Нет подключения. Пробуем снова\u2026',
    kk: 'Байланыс жоқ. Қайта қосылып жатыр\u2026'
  }
};
// The selector's options, each named in its own language, in this order.
export var LANGUAGES = [
  { code: 'en', name: 'English' },
  { code: 'ru', name: 'Русский' },
  { code: 'kk', name: 'Қазақша' }
];
