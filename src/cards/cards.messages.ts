import type { Catalogue } from '../web/i18n.js';

/** The cards feature's interface texts, in bokmål and English. */
const nb = {
  cardCheckTitle: 'Kontroll av tolkekort',
  cardStatus: {
    valid: 'Gyldig',
    suspended: 'Suspendert',
    revoked: 'Ikke gyldig',
    expired: 'Utløpt',
    replaced: 'Erstattet',
    unknown: 'Ukjent kort',
  } as Record<string, string>,
  cardStatusText: {
    valid: 'Tolken står i Nasjonalt tolkeregister nå, for språkene og kategoriene nedenfor.',
    suspended: 'Tolken er suspendert og kan ikke brukes nå.',
    revoked: 'Kortet er trukket tilbake. Ikke bruk tolken på grunnlag av dette kortet.',
    expired: 'Kortet er utløpt. Be tolken vise et gyldig kort, eller søk i registeret.',
    expiredCode:
      'Koden er utløpt. Be tolken vise en ny kode fra det digitale kortet, eller søk i registeret.',
    replaced:
      'Kortet er erstattet av et nyere kort. Be tolken vise det gjeldende kortet, eller søk i registeret.',
    unknown:
      'Koden ble ikke gjenkjent. Kortet kan være skadet eller falskt. Ikke bruk tolken på grunnlag av dette kortet.',
  } as Record<string, string>,
  cardNumber: 'Kortnummer',
  cardValidUntil: 'Kortet gyldig til',
  cardCheckedAt: 'Sjekket',
  cardDigitalCode: 'Digital kode, virker til',
  cardLanguages: 'Språk og kategori',
  cardStandingSuspended: 'suspendert',
  cardPhotoAlt: (name: string) => `Foto av ${name}`,
  cardNoPhoto: 'Foto mangler',
  cardSearchRegister: 'Søk i registeret',
  myCardTitle: 'Mitt tolkekort',
  myCardIntro:
    'Vis koden når du møter til oppdrag. Den som skanner den, ser med én gang at du står i registeret.',
  myCardCodeNote: (time: string) =>
    `Koden virker til kl. ${time} og byttes automatisk. Et skjermbilde slutter derfor å virke.`,
  myCardNewCode: 'Vis ny kode',
  myCardPdf: 'Last ned kortet som PDF (for utskrift)',
  myCardQrLabel: 'QR-kode for kontroll av tolkekortet',
  myCardNone: 'Du har ikke noe tolkekort, fordi du ikke har noen oppføring i registeret nå.',
  myCardStatusNote: 'Status nå',
  lostLink: 'Har du mistet kortet?',
  lostTitle: 'Mistet tolkekort',
  lostText: (card: string) =>
    `Når du melder kortet ${card} mistet, slutter det å virke med én gang: den som skanner det, ser «Erstattet». Du får et nytt kort med nytt kortnummer, som du kan laste ned og skrive ut eller vise på telefonen.`,
  lostConfirm: 'Sperr det gamle kortet og lag et nytt',
  lostCancel: 'Avbryt',
  lostDone: (card: string) =>
    `Det gamle kortet er sperret. Ditt nye kort har nummer ${card}. Last ned PDF-en for å skrive det ut.`,
};

export type CardMessages = typeof nb;

const en: CardMessages = {
  cardCheckTitle: 'Interpreter card check',
  cardStatus: {
    valid: 'Valid',
    suspended: 'Suspended',
    revoked: 'Not valid',
    expired: 'Expired',
    replaced: 'Replaced',
    unknown: 'Unknown card',
  },
  cardStatusText: {
    valid:
      'The interpreter is in the Norwegian national register now, for the languages and categories below.',
    suspended: 'The interpreter is suspended and must not be used now.',
    revoked:
      'The card has been withdrawn. Do not use the interpreter on the strength of this card.',
    expired: 'The card has expired. Ask the interpreter for a valid card, or search the register.',
    expiredCode:
      'The code has expired. Ask the interpreter to show a new code from the digital card, or search the register.',
    replaced:
      'The card has been replaced by a newer one. Ask the interpreter for the current card, or search the register.',
    unknown:
      'The code was not recognised. The card may be damaged or forged. Do not use the interpreter on the strength of this card.',
  },
  cardNumber: 'Card number',
  cardValidUntil: 'Card valid until',
  cardCheckedAt: 'Checked',
  cardDigitalCode: 'Digital code, works until',
  cardLanguages: 'Languages and categories',
  cardStandingSuspended: 'suspended',
  cardPhotoAlt: (name: string) => `Photo of ${name}`,
  cardNoPhoto: 'No photo',
  cardSearchRegister: 'Search the register',
  myCardTitle: 'My interpreter card',
  myCardIntro:
    'Show the code when you arrive for an assignment. Whoever scans it sees at once that you are in the register.',
  myCardCodeNote: (time: string) =>
    `The code works until ${time} and changes by itself, so a screenshot stops working.`,
  myCardNewCode: 'Show a new code',
  myCardPdf: 'Download the card as PDF (for printing)',
  myCardQrLabel: 'QR code to check the interpreter card',
  myCardNone: 'You have no interpreter card, because you have no entry in the register now.',
  myCardStatusNote: 'Status now',
  lostLink: 'Lost your card?',
  lostTitle: 'Lost interpreter card',
  lostText: (card: string) =>
    `When you report card ${card} lost, it stops working at once: whoever scans it sees "Replaced". You get a new card with a new card number, which you can download and print or show on your phone.`,
  lostConfirm: 'Block the old card and make a new one',
  lostCancel: 'Cancel',
  lostDone: (card: string) =>
    `The old card is blocked. Your new card is number ${card}. Download the PDF to print it.`,
};

export const CARD_MESSAGES: Catalogue<CardMessages> = { nb, en };
