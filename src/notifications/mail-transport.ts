import nodemailer, { type Transporter } from 'nodemailer';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
}

/** Where a mail went: to an SMTP server, or only into the outbox's record. */
export type DeliveryOutcome = 'sent' | 'recorded';

/** How mails leave the register. Provided as MailTransport; SMTP when SMTP_URL is set. */
export abstract class MailTransport {
  abstract deliver(mail: OutgoingMail): Promise<DeliveryOutcome>;
  close(): void {}
}

/**
 * Without SMTP_URL (the embedded default, development): nothing leaves the
 * machine. The mail stays in the outbox marked `recorded`, and an
 * administrator reads it at /admin/e-post. Production refuses to start
 * without SMTP_URL.
 */
export class RecordingMailTransport extends MailTransport {
  deliver(): Promise<DeliveryOutcome> {
    return Promise.resolve('recorded');
  }
}

/** Delivery by SMTP (nodemailer), one connection per mail, with time limits so a hung server fails the attempt. */
export class SmtpMailTransport extends MailTransport {
  private readonly transporter: Transporter;

  constructor(url: string, from: string) {
    super();
    this.transporter = nodemailer.createTransport(
      {
        url,
        connectionTimeout: 10_000,
        greetingTimeout: 10_000,
        socketTimeout: 30_000,
        // Mails are plain text built here; nothing may make nodemailer read files or URLs.
        disableFileAccess: true,
        disableUrlAccess: true,
      },
      { from },
    );
  }

  async deliver(mail: OutgoingMail): Promise<DeliveryOutcome> {
    await this.transporter.sendMail({ to: mail.to, subject: mail.subject, text: mail.text });
    return 'sent';
  }

  override close(): void {
    this.transporter.close();
  }
}

/** What may be kept of a failed delivery: codes only, since a server's message may name the recipient. */
export interface DeliveryFailure {
  /** e.g. "ECONNECTION ECONNREFUSED" or "EENVELOPE 550". */
  code: string;
  /** The server refused this mail for good (5xx for the recipient or message); retrying cannot help. */
  permanent: boolean;
}

const CODE = /^[A-Z][A-Z0-9_]{1,31}$/;

export function deliveryFailure(error: unknown): DeliveryFailure {
  const e = (error ?? {}) as { code?: unknown; responseCode?: unknown; cause?: { code?: unknown } };
  const parts: string[] = [];
  for (const code of [e.code, e.cause?.code]) {
    if (typeof code === 'string' && CODE.test(code) && !parts.includes(code)) parts.push(code);
  }
  const response =
    typeof e.responseCode === 'number' && e.responseCode >= 200 && e.responseCode < 600
      ? e.responseCode
      : undefined;
  if (response !== undefined) parts.push(String(response));
  const permanent =
    response !== undefined && response >= 500 && (e.code === 'EENVELOPE' || e.code === 'EMESSAGE');
  return { code: parts.length > 0 ? parts.join(' ') : 'ERROR', permanent };
}
