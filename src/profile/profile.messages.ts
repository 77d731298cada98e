import type { Catalogue } from '../web/i18n.js';

/** The profile feature's interface texts, in bokmål and English. */
const nb = {
  errorSummary: 'Skjemaet har feil som må rettes',
  profileTitle: 'Min profil',
  profileIntro:
    'Dette er opplysningene du selv holder oppdatert i tolkeregisteret. Navn og bosted kommer fra Folkeregisteret, språk og kategorier fra vedtak.',
  notInRegisterTitle: 'Du står ikke i tolkeregisteret ennå',
  notInRegisterText:
    'Profilen er for tolker som står i registeret. Du kan søke om å bli oppført, så får du en profil når søknaden er innvilget.',
  applyLink: 'Søk om oppføring',
  publicProfileLink: 'Se den offentlige profilen din',
  contact: 'Kontaktopplysninger',
  email: 'E-post',
  phone: 'Telefon',
  phoneHint: 'For eksempel +47 912 34 567.',
  showPublicly: 'Vis på den offentlige profilen',
  availability: 'Tilgjengelighet',
  availabilities: {
    full_time: 'Heltid',
    part_time: 'Deltid',
    occasional: 'Av og til',
  } as Record<string, string>,
  modalities: 'Tolkeformer',
  modalityNames: { on_site: 'Oppmøte', video: 'Video', phone: 'Telefon' } as Record<string, string>,
  workCounties: 'Fylker du tar oppdrag i',
  workCountiesHint:
    'Vises på den offentlige profilen. Søket på fylke bruker fortsatt fylket du bor i.',
  publicNote: 'Kort tekst på den offentlige profilen',
  publicNoteHint: 'Høyst 300 tegn, ett avsnitt, uten lenker.',
  save: 'Lagre profilen',
  profileSaved: 'Profilen er lagret.',
  photoLink: 'Bytt bilde på tolkekortet',
  problems: {
    email: 'Skriv en gyldig e-postadresse.',
    phone: 'Skriv et gyldig telefonnummer, for eksempel +47 912 34 567.',
    emailPublic: 'Du kan bare vise en e-postadresse du har fylt inn.',
    phonePublic: 'Du kan bare vise et telefonnummer du har fylt inn.',
    availability: 'Velg tilgjengelighet.',
    modalities: 'Velg tolkeformer fra listen.',
    workCounties: 'Velg fylker fra listen.',
    publicNote: 'Teksten kan ha høyst 300 tegn, ett avsnitt og ingen lenker.',
    reason: 'Skriv en begrunnelse (høyst 2000 tegn).',
    photo: 'Velg et bilde.',
    form: 'Skjemaet kunne ikke lagres.',
  } as Record<string, string>,
  photoTitle: 'Bilde på tolkekortet',
  photoIntro:
    'Last opp et nytt, tydelig portrettbilde, som i et pass: ansiktet rett fram, lys bakgrunn. JPEG eller PNG, minst 320 × 400 piksler. Vi beskjærer det til kortet og fjerner all annen informasjon i filen. En saksbehandler godkjenner bildet før det kommer på kortet.',
  photoCurrent: 'Bildet på kortet nå',
  photoNone: 'Kortet ditt har ikke bilde.',
  photoAltCurrent: 'Bildet på tolkekortet ditt',
  photoPending: 'Venter på godkjenning',
  photoPendingText: (date: string) =>
    `Sendt inn ${date}. Kortet beholder det gamle bildet til en saksbehandler har godkjent det nye. Sender du et nytt bilde, erstatter det dette.`,
  photoAltPending: 'Det nye bildet som venter på godkjenning',
  photoLastRefused: 'Det siste bildet du sendte, ble ikke godkjent',
  photoReason: 'Begrunnelse',
  photoFile: 'Nytt bilde',
  photoUpload: 'Send inn bildet',
  photoSubmitted: 'Bildet er sendt inn. Du får e-post når det er vurdert.',
  uploadProblems: {
    FILE_TOO_LARGE: 'Filen er for stor.',
    UNSUPPORTED_FILE_TYPE: 'Bildet må være JPEG eller PNG.',
    EMPTY_FILE: 'Filen er tom.',
    IMAGE_UNREADABLE: 'Bildet kan ikke leses.',
    IMAGE_TOO_LARGE: 'Bildet har for mange piksler.',
    PHOTO_TOO_SMALL: 'Bildet er for lite. Det må være minst 320 × 400 piksler.',
    PHOTO_WRONG_SHAPE: 'Bildet har feil form. Bruk et portrettbilde (høyere enn det er bredt).',
    default: 'Filen kunne ikke tas imot.',
  } as Record<string, string>,
  reviewTitle: 'Nye bilder til godkjenning',
  reviewIntro:
    'Tolker som står i registeret, kan bytte bildet på kortet. Sammenlign med bildet på kortet nå, og godkjenn eller avvis. Eldste først.',
  reviewCount: (n: number) => (n === 1 ? '1 bilde venter' : `${n} bilder venter`),
  reviewEmpty: 'Ingen bilder venter på godkjenning.',
  reviewCurrent: 'På kortet nå',
  reviewNew: 'Nytt bilde',
  reviewNoCurrent: 'Ikke noe bilde på kortet',
  reviewSubmitted: 'Sendt inn',
  reviewApprove: 'Godkjenn',
  reviewRefuse: 'Avvis',
  reviewReason: 'Begrunnelse for avvisning (tolken ser den)',
  reviewOwn: 'Dette er ditt eget bilde. En annen saksbehandler må vurdere det.',
  photoApproved: 'Bildet er godkjent og står nå på kortet.',
  photoRefused: 'Bildet er avvist.',
  photoChanged: 'Bildet er allerede vurdert av noen andre.',
  backToQueue: 'Tilbake til saksbehandling',
};

export type ProfileMessages = typeof nb;

const en: ProfileMessages = {
  errorSummary: 'The form has errors to correct',
  profileTitle: 'My profile',
  profileIntro:
    'These are the details you keep up to date yourself in the register. Name and residence come from the National Population Register, languages and categories from decisions.',
  notInRegisterTitle: 'You are not in the register yet',
  notInRegisterText:
    'The profile is for interpreters in the register. You can apply for entry, and you get a profile when your application is approved.',
  applyLink: 'Apply for entry',
  publicProfileLink: 'See your public profile',
  contact: 'Contact details',
  email: 'E-mail',
  phone: 'Phone',
  phoneHint: 'For example +47 912 34 567.',
  showPublicly: 'Show on the public profile',
  availability: 'Availability',
  availabilities: { full_time: 'Full-time', part_time: 'Part-time', occasional: 'Occasionally' },
  modalities: 'Modes of interpreting',
  modalityNames: { on_site: 'On site', video: 'Video', phone: 'Phone' },
  workCounties: 'Counties you take assignments in',
  workCountiesHint:
    'Shown on the public profile. The search by county still uses the county you live in.',
  publicNote: 'A short text on the public profile',
  publicNoteHint: 'At most 300 characters, one paragraph, no links.',
  save: 'Save the profile',
  profileSaved: 'Your profile is saved.',
  photoLink: 'Replace the photo on your card',
  problems: {
    email: 'Enter a valid e-mail address.',
    phone: 'Enter a valid phone number, for example +47 912 34 567.',
    emailPublic: 'You can only show an e-mail address you have entered.',
    phonePublic: 'You can only show a phone number you have entered.',
    availability: 'Choose your availability.',
    modalities: 'Choose modes of interpreting from the list.',
    workCounties: 'Choose counties from the list.',
    publicNote: 'The text can have at most 300 characters, one paragraph and no links.',
    reason: 'Give a reason (at most 2000 characters).',
    photo: 'Choose a photo.',
    form: 'The form could not be saved.',
  },
  photoTitle: 'The photo on your card',
  photoIntro:
    'Upload a new, clear portrait photo, as in a passport: face straight ahead, light background. JPEG or PNG, at least 320 × 400 pixels. We crop it to the card and remove all other information in the file. A case handler approves the photo before it goes on the card.',
  photoCurrent: 'The photo on your card now',
  photoNone: 'Your card has no photo.',
  photoAltCurrent: 'The photo on your interpreter card',
  photoPending: 'Awaiting approval',
  photoPendingText: (date: string) =>
    `Sent on ${date}. Your card keeps the old photo until a case handler has approved the new one. A newer photo replaces this one.`,
  photoAltPending: 'The new photo awaiting approval',
  photoLastRefused: 'The last photo you sent was not approved',
  photoReason: 'Reason',
  photoFile: 'New photo',
  photoUpload: 'Send the photo',
  photoSubmitted: 'Your photo has been sent. You will get an e-mail when it has been reviewed.',
  uploadProblems: {
    FILE_TOO_LARGE: 'The file is too large.',
    UNSUPPORTED_FILE_TYPE: 'The photo must be JPEG or PNG.',
    EMPTY_FILE: 'The file is empty.',
    IMAGE_UNREADABLE: 'The image cannot be read.',
    IMAGE_TOO_LARGE: 'The image has too many pixels.',
    PHOTO_TOO_SMALL: 'The photo is too small. It must be at least 320 × 400 pixels.',
    PHOTO_WRONG_SHAPE: 'The photo has the wrong shape. Use a portrait (taller than it is wide).',
    default: 'The file could not be accepted.',
  },
  reviewTitle: 'New photos to approve',
  reviewIntro:
    'Interpreters in the register can replace the photo on their card. Compare with the photo on the card now, and approve or refuse. Oldest first.',
  reviewCount: (n: number) => (n === 1 ? '1 photo waiting' : `${n} photos waiting`),
  reviewEmpty: 'No photos are waiting for approval.',
  reviewCurrent: 'On the card now',
  reviewNew: 'New photo',
  reviewNoCurrent: 'No photo on the card',
  reviewSubmitted: 'Sent',
  reviewApprove: 'Approve',
  reviewRefuse: 'Refuse',
  reviewReason: 'Reason for refusal (the interpreter sees it)',
  reviewOwn: 'This is your own photo. Another case handler must review it.',
  photoApproved: 'The photo is approved and is now on the card.',
  photoRefused: 'The photo is refused.',
  photoChanged: 'Someone else has already reviewed this photo.',
  backToQueue: 'Back to case handling',
};

export const PROFILE_MESSAGES: Catalogue<ProfileMessages> = { nb, en };

/** A page's error lines from field problems (`workCounties.3` → the text for `workCounties`). */
export function profileErrors(
  lang: 'nb' | 'en',
  problems: Array<{ field: string }>,
): Array<{ field: string; text: string }> {
  const texts = PROFILE_MESSAGES[lang].problems;
  const seen = new Set<string>();
  const lines: Array<{ field: string; text: string }> = [];
  for (const p of problems) {
    const field = p.field.split('.')[0];
    if (seen.has(field)) continue;
    seen.add(field);
    lines.push({ field: texts[field] ? field : 'form', text: texts[field] ?? texts.form });
  }
  return lines;
}
