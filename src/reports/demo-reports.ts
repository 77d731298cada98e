import { Injectable, Logger } from '@nestjs/common';
import type { Actor } from '../audit/actor.js';
import { UsersService } from '../auth/users.service.js';
import { InterpretersService } from '../interpreters/interpreters.service.js';
import { addDays, osloDate } from './calendar-date.js';
import { ReceiptGate } from './receipt-gate.js';
import { ReportCasesService } from './report-cases.service.js';
import { ReportIntakeService, type NewReport } from './report-intake.service.js';
import { ReportsClock } from './reports-clock.js';

/** One demo report: what was reported, how long ago, and how far its handling has come. */
interface DemoReport {
  daysAgo: number;
  report: Omit<NewReport, 'interpreterNumber'>;
  /** Steps, in order; each needs the ones before it. */
  reach: 'new' | 'acknowledged' | 'asked' | 'notified' | 'committee' | 'closed';
}

const REPORTS: DemoReport[] = [
  {
    daysAgo: 1,
    reach: 'new',
    report: {
      duties: ['confidentiality'],
      text:
        'Tolken fortalte om en annen pasients diagnose mens vi ventet på legen. ' +
        'Hun nevnte navnet på pasienten og avdelingen.',
      happenedOn: null,
      place: 'Venterommet, poliklinikken',
      publicBody: 'Oslo universitetssykehus',
      anonymous: true,
    },
  },
  {
    daysAgo: 9,
    reach: 'new',
    report: {
      duties: ['impartiality'],
      text:
        'The interpreter is the cousin of the other party in the custody case and did not say so. ' +
        'I only learned it after the meeting.',
      happenedOn: null,
      place: 'Meeting room 2',
      publicBody: 'Barnevernstjenesten i Drammen',
      anonymous: false,
      reporter: {
        name: 'Kari Nordmann',
        email: 'kari.nordmann@example.org',
        phone: null,
        organisation: 'Barnevernstjenesten i Drammen',
      },
    },
  },
  {
    daysAgo: 5,
    reach: 'asked',
    report: {
      duties: ['good_practice'],
      text:
        'Tolken oppsummerte i stedet for å tolke alt. Lange svar fra pasienten ble til én setning. ' +
        'Det skjedde flere ganger i samme konsultasjon.',
      happenedOn: null,
      place: 'Legekontoret',
      publicBody: 'Grünerløkka legesenter',
      anonymous: true,
    },
  },
  {
    daysAgo: 12,
    reach: 'notified',
    report: {
      duties: ['good_practice', 'impartiality'],
      text:
        'Under avhøret ga tolken råd til den avhørte om hva han burde svare. ' +
        'Jeg forstår litt av språket og hørte det selv.',
      happenedOn: null,
      place: 'Avhørsrom 3',
      publicBody: 'Oslo politidistrikt',
      anonymous: false,
      reporter: {
        name: 'Ola Hansen',
        email: null,
        phone: '+47 400 00 000',
        organisation: 'Oslo politidistrikt',
      },
    },
  },
  {
    daysAgo: 30,
    reach: 'committee',
    report: {
      duties: ['confidentiality'],
      text: 'Tolken la ut et bilde fra rettssalen på sosiale medier og skrev hvilken sak det gjaldt.',
      happenedOn: null,
      place: 'Sal 5',
      publicBody: 'Oslo tingrett',
      anonymous: true,
    },
  },
  {
    daysAgo: 70,
    reach: 'closed',
    report: {
      duties: ['good_practice'],
      text: 'Tolken kom 40 minutter for sent uten å gi beskjed, og timen måtte avlyses.',
      happenedOn: null,
      place: 'Fødeavdelingen',
      publicBody: 'Sykehuset Østfold',
      anonymous: true,
    },
  },
];

/**
 * Reports for the demo register, at every step a case can be in, made
 * through the reports services as a reporter and the demo case handlers
 * would. The reports clock is set back while each is made, so the queue
 * shows realistic ages and deadlines (one acknowledgement overdue); it is
 * put right afterwards. Runs only with the demo register (never in
 * production, where the clock cannot move).
 */
@Injectable()
export class DemoReports {
  private readonly logger = new Logger(DemoReports.name);

  constructor(
    private readonly intake: ReportIntakeService,
    private readonly cases: ReportCasesService,
    private readonly gate: ReceiptGate,
    private readonly clock: ReportsClock,
    private readonly users: UsersService,
    private readonly interpreters: InterpretersService,
  ) {}

  async seed(): Promise<number> {
    const siri = await this.staff('demo-saksbehandler-1');
    const per = await this.staff('demo-saksbehandler-2');
    if (!siri || !per || !this.clock.movable) return 0;
    if ((await this.cases.queue(siri, { status: 'all', pageSize: 1 })).total > 0) return 0;
    // Among the first 25, whom the test identity provider offers: the demo shows their side too.
    const people = (await this.interpreters.identities(25)).slice(15, 15 + REPORTS.length);
    let made = 0;
    try {
      for (const [i, demo] of REPORTS.entries()) {
        const person = people[i];
        if (!person) break;
        const interpreterNumber = await this.interpreters.numberByNationalId(person.nationalId);
        this.clock.reset();
        this.clock.travel(-demo.daysAgo);
        const submitted = await this.intake.submit(
          { ...demo.report, interpreterNumber: interpreterNumber ?? null },
          [],
          this.gate.clientKey(`demo-${i}`),
        );
        made++;
        if (demo.reach === 'new') continue;
        const handler = i % 2 === 0 ? siri : per;
        const id = await this.idOf(handler, submitted.caseNumber);
        if (!id) continue;
        await this.cases.take(handler, id, { conflicted: false });
        await this.cases.acknowledge(handler, id);
        if (demo.reach === 'acknowledged') continue;
        if (demo.reach === 'asked') {
          await this.cases.message(handler, id, {
            channel: 'reporter',
            text: 'Takk for at du meldte fra. Husker du omtrent hvilken dato dette var?',
          });
          continue;
        }
        // The police officer's own words give them away; the other accounts identify nobody.
        if (demo.reach === 'notified') {
          await this.cases.redact(
            handler,
            id,
            'Under avhøret ga tolken råd til den avhørte om hva han burde svare.',
          );
        } else {
          await this.cases.redact(handler, id, demo.report.text, true);
        }
        const today = osloDate(this.clock.now());
        await this.cases.notifyInterpreter(handler, id, addDays(today, 14));
        if (demo.reach === 'notified') continue;
        // Two weeks on: the interpreter has had their time to answer.
        this.clock.travel(15);
        if (demo.reach === 'committee') {
          await this.cases.refer(handler, id, {
            question:
              'Er dette et alvorlig brudd på taushetsplikten, og hvilken reaksjon anbefaler utvalget?',
            adviceBy: addDays(osloDate(this.clock.now()), 21),
          });
          continue;
        }
        await this.cases.decide(handler, id, {
          outcome: 'guidance',
          reasons:
            'Tolken har forklart at bilen fikk motorstopp. Vi minner om at tolken skal gi beskjed ' +
            'til oppdragsgiver så snart hun vet at hun blir forsinket.',
        });
        await this.cases.close(handler, id);
      }
    } finally {
      this.clock.reset();
    }
    this.logger.log(`Demo reports created: ${made}`);
    return made;
  }

  private async staff(subject: string): Promise<Actor | null> {
    const member = await this.users.staffMemberBySubject(subject);
    return member
      ? { type: 'staff', userId: member.id, roles: member.roles, clientIp: null }
      : null;
  }

  private async idOf(handler: Actor, caseNumber: string): Promise<string | undefined> {
    const page = await this.cases.queue(handler, { status: 'all', pageSize: 100 });
    return page.items.find((item) => item.caseNumber === caseNumber)?.id;
  }
}
