import { Injectable, Logger } from '@nestjs/common';
import { DataSource } from 'typeorm';
import type { Actor } from '../audit/actor.js';
import { UsersService } from '../auth/users.service.js';
import { InterpretersService } from '../interpreters/interpreters.service.js';
import { foldForSearch } from '../interpreters/search-text.js';
import { RegisterService } from '../register/register.service.js';
import { ApplicationsRepository } from './applications.repository.js';
import { ApplicationsService } from './applications.service.js';

/** Languages demo applicants apply for, in order of preference. */
const WANTED = ['ukr', 'ara', 'tir', 'som', 'prs', 'pol', 'eng', 'fra', 'spa', 'rus'];

/**
 * A queue for the demo register: interpreters already in it who apply for
 * another language, at every step a case can be in, made through the
 * applications service as the applicants and the demo case handlers would.
 * One demo staff member is also one of the applicants, to show that nobody
 * handles their own application.
 */
@Injectable()
export class DemoApplications {
  private readonly logger = new Logger(DemoApplications.name);

  constructor(
    private readonly dataSource: DataSource,
    private readonly applications: ApplicationsService,
    private readonly repository: ApplicationsRepository,
    private readonly users: UsersService,
    private readonly interpreters: InterpretersService,
    private readonly register: RegisterService,
  ) {}

  async seed(): Promise<number> {
    if (await this.repository.any()) return 0;
    const people = (await this.interpreters.identities(60)).slice(30, 40);
    const held = await this.register.entriesOf(
      this.dataSource.manager,
      people.map((p) => p.id),
    );
    const staff = async (subject: string): Promise<Actor | null> => {
      const member = await this.users.staffMemberBySubject(subject);
      return member
        ? { type: 'staff', userId: member.id, roles: member.roles, clientIp: null }
        : null;
    };
    const siri = await staff('demo-saksbehandler-1');
    const per = await staff('demo-saksbehandler-2');
    let made = 0;
    for (const [i, person] of people.entries()) {
      const has = new Set((held.get(person.id) ?? []).map((e) => e.languageCode));
      // A different language for each, as a real queue has.
      const rotated = [...WANTED.slice(i % WANTED.length), ...WANTED.slice(0, i % WANTED.length)];
      const language = rotated.find((code) => !has.has(code));
      if (!language) continue;
      const userId = await this.dataSource.transaction((em) =>
        this.users.citizen(em, person.nationalId, person.name),
      );
      const actor: Actor = { type: 'interpreter', userId, roles: ['interpreter'], clientIp: null };
      const id = await this.applications.start(actor, i % 4 === 3 ? 'en' : 'nb');
      const evidence =
        i % 3 === 0
          ? [{ languageCode: language, kind: 'bachelor_interpreting' as const, issuer: 'OsloMet' }]
          : i % 3 === 1
            ? [{ languageCode: language, kind: 'basic_course' as const, issuer: 'OsloMet' }]
            : [
                { languageCode: language, kind: 'bilingual_test' as const, issuer: 'OsloMet' },
                { languageCode: null, kind: 'tao_course' as const, issuer: 'IMDi' },
              ];
      await this.applications.saveDraft(actor, id, {
        email: `${foldForSearch(person.name).replace(/[^a-z]+/g, '.')}@tolk.example`,
        phone: null,
        lang: i % 4 === 3 ? 'en' : 'nb',
        countyCode: null,
        languages: [language],
        evidence: evidence.map((e, j) => ({
          ...e,
          obtainedOn: `202${4 + (i % 2)}-0${1 + j + (i % 6)}-15`,
          issuingCountry: null,
        })),
      });
      made++;
      if (i === 9) continue; // one draft, not yet sent
      await this.applications.submit(actor, id);
      if (i < 4 || !siri || !per) continue; // new cases nobody has taken
      const handler = i % 2 === 0 ? siri : per;
      await this.applications.take(handler, id);
      if (i === 5) {
        await this.applications.requestInformation(
          handler,
          id,
          'Kan du laste opp kursbeviset fra grunnemnet? Det vi har fått, er uleselig.',
        );
      }
      if (i === 6) {
        await this.applications.addNote(handler, id, 'Ringte OsloMet: eksamen bekreftet.');
      }
    }
    // The demo administrator is also an interpreter with an application in the queue.
    const arne = await this.users.staffMemberBySubject('demo-admin-1');
    if (arne && people[0]) {
      await this.dataSource.transaction((em) =>
        this.users.setOwnNationalId(em, arne.id, people[0].nationalId),
      );
    }
    this.logger.log(`Demo applications created: ${made}`);
    return made;
  }
}
