/**
 * The mails the register sends, in bokmål and English, plain text. A mail
 * says only that something happened and where to read it (signed in, on
 * "Min side"): no language, category, reason, decision or identity number
 * ever goes into a mail, since mail crosses servers the register does not
 * control and inboxes are shared. The case number is the one detail allowed,
 * and for reports (#11) a date (the interpreter's reply date, a handler's
 * deadline) and which deadline: never a reporter, an interpreter's name or
 * a word of a report. A reporter is sent only "there is news" and where to
 * type their receipt code; an anonymous reporter is sent nothing at all.
 */
export const NOTIFICATION_TEMPLATES = [
  'application_received',
  'information_requested',
  'decision_made',
  'photo_approved',
  'photo_refused',
  'report_interpreter_notified',
  'report_decision_made',
  'report_reporter_news',
  'report_deadline_reminder',
] as const;
export type NotificationTemplate = (typeof NOTIFICATION_TEMPLATES)[number];

export type NotificationLanguage = 'nb' | 'en';

/** The parameters each template may take; anything else is refused. */
const PARAMS: Record<NotificationTemplate, readonly string[]> = {
  application_received: ['caseNumber'],
  information_requested: ['caseNumber'],
  decision_made: ['caseNumber'],
  photo_approved: [],
  photo_refused: [],
  report_interpreter_notified: ['caseNumber', 'replyBy'],
  report_decision_made: ['caseNumber'],
  report_reporter_news: [],
  report_deadline_reminder: ['caseNumber', 'deadline', 'which'],
};

/** The deadlines a case handler is reminded of (reports, #11). */
export const REMINDER_DEADLINES = [
  'acknowledge',
  'feedback',
  'interpreter_reply',
  'advice',
] as const;
export type ReminderDeadline = (typeof REMINDER_DEADLINES)[number];

/** A calendar date, the only other detail a mail may carry. */
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A case number: letters, digits and dashes, never an 11-digit run (an identity number). */
const CASE_NUMBER = /^[A-Za-z0-9][A-Za-z0-9/-]{0,31}$/;

/** The details a template may print, checked before it is rendered. */
interface Details {
  caseNumber?: string;
  /** YYYY-MM-DD */
  replyBy?: string;
  deadline?: string;
  which?: ReminderDeadline;
}

interface Text {
  subject: string;
  /** What happened, with the case number when there is one. */
  what: (caseNumber: string | undefined, details: Details) => string;
  /** What to do next, after "sign in at …<path>". */
  next: string;
  /** Where to sign in; "/min-side" unless the template says otherwise. */
  path?: string;
  /** The sign-in sentence, when signing in is not what the reader does (a reporter types their code). */
  signIn?: (url: string) => string;
}

const WHICH_NB: Record<ReminderDeadline, string> = {
  acknowledge: 'bekreftelse av mottak',
  feedback: 'tilbakemelding til melderen',
  interpreter_reply: 'tolkens svar',
  advice: 'tolkeutvalgets råd',
};
const WHICH_EN: Record<ReminderDeadline, string> = {
  acknowledge: 'acknowledging receipt',
  feedback: 'feedback to the reporter',
  interpreter_reply: 'the interpreter’s reply',
  advice: 'the advisory committee’s advice',
};

const nbCase = (n: string | undefined) => (n ? ` (saksnummer ${n})` : '');
const enCase = (n: string | undefined) => (n ? ` (case number ${n})` : '');

const TEXTS: Record<NotificationLanguage, Record<NotificationTemplate, Text>> = {
  nb: {
    application_received: {
      subject: 'Vi har mottatt søknaden din',
      what: (n) => `Vi har mottatt søknaden din til Nasjonalt tolkeregister${nbCase(n)}.`,
      next: 'for å følge saken',
    },
    information_requested: {
      subject: 'Vi trenger flere opplysninger fra deg',
      what: (n) => `Vi trenger flere opplysninger fra deg i saken din${nbCase(n)}.`,
      next: 'for å se hva vi trenger',
    },
    decision_made: {
      subject: 'Saken din er avgjort',
      what: (n) => `Det er fattet vedtak i saken din${nbCase(n)}.`,
      next: 'for å lese vedtaket',
    },
    photo_approved: {
      subject: 'Bildet ditt er godkjent',
      what: () => 'Bildet du sendte inn til tolkekortet, er godkjent.',
      next: 'for å se tolkekortet ditt',
    },
    photo_refused: {
      subject: 'Bildet ditt ble ikke godkjent',
      what: () => 'Bildet du sendte inn til tolkekortet, ble ikke godkjent.',
      next: 'for å lese mer og sende inn et nytt bilde',
    },
    report_interpreter_notified: {
      subject: 'En sak gjelder deg',
      what: (n, d) =>
        `IMDi behandler en melding som gjelder arbeidet ditt som tolk${nbCase(n)}. Du har rett til å uttale deg før saken avgjøres${d.replyBy ? `, innen ${d.replyBy}` : ''}.`,
      next: 'for å lese saken og gi ditt svar',
    },
    report_decision_made: {
      subject: 'Saken som gjelder deg, er avgjort',
      what: (n) => `Det er fattet et vedtak i saken som gjelder deg${nbCase(n)}.`,
      next: 'for å lese vedtaket',
    },
    report_reporter_news: {
      subject: 'Det er nytt i saken du meldte fra om',
      what: () => 'Det er nytt i saken du meldte fra om til Tolkeregisteret.',
      next: 'for å lese det',
      path: '/meld-fra/oppfolging',
      signIn: (url) => `Gå til ${url} og skriv inn kvitteringskoden din for å lese det.`,
    },
    report_deadline_reminder: {
      subject: 'Påminnelse: en frist i en varselsak',
      what: (n, d) =>
        `Fristen for ${d.which ? WHICH_NB[d.which] : 'saken'} i saken${nbCase(n)} er ${d.deadline ?? ''}.`,
      next: 'for å se saken',
      path: '/saksbehandling/varsler',
    },
  },
  en: {
    application_received: {
      subject: 'We have received your application',
      what: (n) =>
        `We have received your application to the National Register of Interpreters${enCase(n)}.`,
      next: 'to follow your case',
    },
    information_requested: {
      subject: 'We need more information from you',
      what: (n) => `We need more information from you in your case${enCase(n)}.`,
      next: 'to see what we need',
    },
    decision_made: {
      subject: 'A decision has been made in your case',
      what: (n) => `A decision has been made in your case${enCase(n)}.`,
      next: 'to read the decision',
    },
    photo_approved: {
      subject: 'Your photo has been approved',
      what: () => 'The photo you sent for your interpreter card has been approved.',
      next: 'to see your interpreter card',
    },
    photo_refused: {
      subject: 'Your photo was not approved',
      what: () => 'The photo you sent for your interpreter card was not approved.',
      next: 'to read more and send a new photo',
    },
    report_interpreter_notified: {
      subject: 'A case concerns you',
      what: (n, d) =>
        `IMDi is considering a report about your work as an interpreter${enCase(n)}. You have the right to give your side before the case is decided${d.replyBy ? `, by ${d.replyBy}` : ''}.`,
      next: 'to read the case and give your reply',
    },
    report_decision_made: {
      subject: 'The case concerning you has been decided',
      what: (n) => `A decision has been made in the case concerning you${enCase(n)}.`,
      next: 'to read the decision',
    },
    report_reporter_news: {
      subject: 'There is news in the case you reported',
      what: () => 'There is news in the case you reported to the interpreter register.',
      next: 'to read it',
      path: '/meld-fra/oppfolging',
      signIn: (url) => `Go to ${url} and type your receipt code to read it.`,
    },
    report_deadline_reminder: {
      subject: 'Reminder: a deadline in a report case',
      what: (n, d) =>
        `The deadline for ${d.which ? WHICH_EN[d.which] : 'the case'} in the case${enCase(n)} is ${d.deadline ?? ''}.`,
      next: 'to see the case',
      path: '/saksbehandling/varsler',
    },
  },
};

export interface RenderedMail {
  subject: string;
  body: string;
}

/**
 * The subject and plain-text body of a mail. Throws on an unknown template or
 * language, a parameter the template does not take, or a case number that is
 * not one: a caller cannot slip details into a mail.
 */
export function renderNotification(
  template: NotificationTemplate,
  lang: NotificationLanguage,
  params: Readonly<Record<string, string>>,
  publicBaseUrl: string,
): RenderedMail {
  if (!(NOTIFICATION_TEMPLATES as readonly string[]).includes(template)) {
    throw new Error(`Unknown notification template "${template}"`);
  }
  if (lang !== 'nb' && lang !== 'en')
    throw new Error(`Unknown notification language "${String(lang)}"`);
  for (const key of Object.keys(params)) {
    if (!PARAMS[template].includes(key)) {
      throw new Error(`The notification "${template}" takes no parameter "${key}"`);
    }
  }
  const caseNumber = params.caseNumber;
  if (caseNumber !== undefined && (!CASE_NUMBER.test(caseNumber) || /\d{11}/.test(caseNumber))) {
    throw new Error(
      'A case number has letters, digits, dashes and slashes only (and no identity number)',
    );
  }
  for (const key of ['replyBy', 'deadline'] as const) {
    const value = params[key];
    if (value !== undefined && !DATE.test(value))
      throw new Error(`${key} must be a date (YYYY-MM-DD)`);
  }
  const which = params.which;
  if (which !== undefined && !(REMINDER_DEADLINES as readonly string[]).includes(which)) {
    throw new Error('which must name a deadline');
  }
  const details: Details = {
    caseNumber,
    replyBy: params.replyBy,
    deadline: params.deadline,
    which: which as ReminderDeadline | undefined,
  };
  const text = TEXTS[lang][template];
  const myPage = `${publicBaseUrl.replace(/\/+$/, '')}${text.path ?? '/min-side'}`;
  const body =
    lang === 'nb'
      ? [
          'Hei,',
          '',
          text.what(caseNumber, details),
          '',
          text.signIn ? text.signIn(myPage) : `Logg inn på ${myPage} ${text.next}.`,
          '',
          'Dette er en automatisk melding, og du kan ikke svare på den.',
          '',
          'Med vennlig hilsen',
          'Nasjonalt tolkeregister',
        ]
      : [
          'Hello,',
          '',
          text.what(caseNumber, details),
          '',
          text.signIn ? text.signIn(myPage) : `Sign in at ${myPage} ${text.next}.`,
          '',
          'This message was sent automatically; replies are not read.',
          '',
          'Kind regards,',
          'National Register of Interpreters',
        ];
  return {
    subject: `${text.subject} – ${lang === 'nb' ? 'Nasjonalt tolkeregister' : 'National Register of Interpreters'}`,
    body: body.join('\n') + '\n',
  };
}
