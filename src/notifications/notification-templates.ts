/**
 * The mails the register sends, in bokmål and English, plain text. A mail
 * says only that something happened and where to read it (signed in, on
 * "Min side"): no language, category, reason, decision or identity number
 * ever goes into a mail, since mail crosses servers the register does not
 * control and inboxes are shared. The case number is the one detail allowed.
 */
export const NOTIFICATION_TEMPLATES = [
  'application_received',
  'information_requested',
  'decision_made',
  'photo_approved',
  'photo_refused',
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
  // TODO(merge): part 2 (cases) owns the report templates; keep theirs if they differ.
  report_deadline_reminder: ['caseNumber', 'deadline', 'which'],
};

/** The deadlines a case handler is reminded of (issue #11), by `which`. */
const REMINDER_WHICH = ['acknowledge', 'feedback', 'interpreter_reply', 'advice'] as const;
const NB_WHICH: Record<string, string> = {
  acknowledge: 'bekrefte mottak av varselet',
  feedback: 'gi tilbakemelding til varsleren',
  interpreter_reply: 'tolkens frist for å svare',
  advice: 'utvalgets frist for råd',
};
const EN_WHICH: Record<string, string> = {
  acknowledge: 'acknowledge receipt of the report',
  feedback: 'give the reporter feedback',
  interpreter_reply: "the interpreter's time to reply",
  advice: "the committee's time to advise",
};

/** A case number: letters, digits and dashes, never an 11-digit run (an identity number). */
const CASE_NUMBER = /^[A-Za-z0-9][A-Za-z0-9/-]{0,31}$/;

interface Text {
  subject: string;
  /** What happened, with the case number when there is one. */
  what: (caseNumber: string | undefined, params: Readonly<Record<string, string>>) => string;
  /** What to do next, after "sign in at …/min-side". */
  next: string;
}

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
    report_deadline_reminder: {
      subject: 'Påminnelse om frist i en varselsak',
      what: (n, p) =>
        `En frist i varselsaken${nbCase(n)} er nær eller passert: ${NB_WHICH[p.which]}, senest ${p.deadline}.`,
      next: 'og gå til saksbehandling for å se saken',
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
    report_deadline_reminder: {
      subject: 'Reminder of a deadline in a report case',
      what: (n, p) =>
        `A deadline in the report case${enCase(n)} is near or past: ${EN_WHICH[p.which]}, by ${p.deadline}.`,
      next: 'and open case handling to see the case',
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
  if (params.deadline !== undefined && !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(params.deadline)) {
    throw new Error('A deadline is a date, YYYY-MM-DD');
  }
  if (params.which !== undefined && !(REMINDER_WHICH as readonly string[]).includes(params.which)) {
    throw new Error('Unknown deadline');
  }
  const text = TEXTS[lang][template];
  const myPage = `${publicBaseUrl.replace(/\/+$/, '')}/min-side`;
  const body =
    lang === 'nb'
      ? [
          'Hei,',
          '',
          text.what(caseNumber, params),
          '',
          `Logg inn på ${myPage} ${text.next}.`,
          '',
          'Dette er en automatisk melding, og du kan ikke svare på den.',
          '',
          'Med vennlig hilsen',
          'Nasjonalt tolkeregister',
        ]
      : [
          'Hello,',
          '',
          text.what(caseNumber, params),
          '',
          `Sign in at ${myPage} ${text.next}.`,
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
