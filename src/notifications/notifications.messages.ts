import type { Catalogue } from '../web/i18n.js';

/** The notifications feature's interface texts (the administrators' mail page), in bokmål and English. */
const nb = {
  mailTitle: 'Utgående e-post',
  mailIntro: (limit: number) =>
    `De siste ${limit} e-postene registeret har laget, nyeste først. Uten e-posttjener (SMTP_URL) sendes ingenting ut: e-postene blir bare registrert her.`,
  mailNone: 'Ingen e-post ennå.',
  mailTime: 'Tidspunkt',
  mailTo: 'Til',
  mailConfidential: 'Skjult: e-post i en varselsak',
  mailSubject: 'Emne',
  mailStatus: 'Status',
  mailBody: 'Vis teksten',
  mailAttempts: (n: number) => (n === 1 ? '1 forsøk' : `${n} forsøk`),
  mailLastError: 'Siste feil',
  mailStatuses: {
    pending: 'Venter',
    sent: 'Sendt',
    recorded: 'Registrert (ikke sendt)',
    failed: 'Avvist',
  } as Record<string, string>,
};

export type NotificationMessages = typeof nb;

const en: NotificationMessages = {
  mailTitle: 'Outgoing e-mail',
  mailIntro: (limit: number) =>
    `The latest ${limit} e-mails the register has written, newest first. Without a mail server (SMTP_URL) nothing is sent: the mails are only recorded here.`,
  mailNone: 'No e-mail yet.',
  mailTime: 'Time',
  mailTo: 'To',
  mailConfidential: 'Hidden: mail in a report case',
  mailSubject: 'Subject',
  mailStatus: 'Status',
  mailBody: 'Show the text',
  mailAttempts: (n: number) => (n === 1 ? '1 attempt' : `${n} attempts`),
  mailLastError: 'Last error',
  mailStatuses: {
    pending: 'Pending',
    sent: 'Sent',
    recorded: 'Recorded (not sent)',
    failed: 'Refused',
  },
};

export const NOTIFICATION_MESSAGES: Catalogue<NotificationMessages> = { nb, en };
