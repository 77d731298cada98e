import type { Catalogue } from '../web/i18n.js';

/** The auth feature's interface texts, in bokmål and English. */
const nb = {
  loginTitle: 'Logg inn',
  loginInterpreterTitle: 'For tolker',
  loginInterpreterText:
    'Søk om oppføring i registeret, hold profilen din oppdatert og vis tolkebeviset ditt. Du logger inn med ID-porten (BankID, MinID og lignende).',
  loginWithIdporten: 'Logg inn med ID-porten',
  loginStaffTitle: 'For ansatte i direktoratet',
  loginStaffText: 'Saksbehandlere, medlemmer av utvalget og administratorer.',
  loginAsStaff: 'Logg inn som ansatt',
  loginTestNotice:
    'Dette er en demo: innloggingen går til en innebygd testleverandør med syntetiske personer, uten passord.',
  signedInAs: 'Logget inn som',
  staffUser: 'Ansatt',
  citizenUser: 'Privatperson (ID-porten)',
  rolesLabel: 'Roller',
  roleNames: {
    interpreter: 'Tolk',
    case_handler: 'Saksbehandler',
    committee_member: 'Utvalgsmedlem',
    administrator: 'Administrator',
  } as Record<string, string>,
  logout: 'Logg ut',
  myCardLink: 'Mitt tolkekort',
  applicationsLink: 'Søknader om oppføring',
  casesLink: 'Søknader til behandling',
  reportCasesLink: 'Varsler om tolker',
  committeeLink: 'Saker til tolkeutvalget',
  myProfileLink: 'Min profil',
  exportLink: 'Last ned alle opplysninger om meg (innsyn)',
  signInFailedTitle: 'Innloggingen mislyktes',
  signInFailedText:
    'Vi kunne ikke bekrefte hvem du er, så du er ikke logget inn. Start innloggingen på nytt fra registeret.',
};

export type AuthMessages = typeof nb;

const en: AuthMessages = {
  loginTitle: 'Sign in',
  loginInterpreterTitle: 'For interpreters',
  loginInterpreterText:
    'Apply for entry in the register, keep your profile up to date and show your interpreter card. You sign in with ID-porten (BankID, MinID and the like).',
  loginWithIdporten: 'Sign in with ID-porten',
  loginStaffTitle: 'For directorate staff',
  loginStaffText: 'Case handlers, committee members and administrators.',
  loginAsStaff: 'Sign in as staff',
  loginTestNotice:
    'This is a demo: sign-in goes to a built-in test provider with synthetic people and no passwords.',
  signedInAs: 'Signed in as',
  staffUser: 'Staff',
  citizenUser: 'Citizen (ID-porten)',
  rolesLabel: 'Roles',
  roleNames: {
    interpreter: 'Interpreter',
    case_handler: 'Case handler',
    committee_member: 'Committee member',
    administrator: 'Administrator',
  },
  logout: 'Sign out',
  myCardLink: 'My interpreter card',
  applicationsLink: 'Applications for entry',
  casesLink: 'Applications to handle',
  reportCasesLink: 'Reports about interpreters',
  committeeLink: "The advisory committee's cases",
  myProfileLink: 'My profile',
  exportLink: 'Download everything the register holds about me (access request)',
  signInFailedTitle: 'Sign-in failed',
  signInFailedText:
    'We could not confirm who you are, so you are not signed in. Start the sign-in again from the register.',
};

export const AUTH_MESSAGES: Catalogue<AuthMessages> = { nb, en };
