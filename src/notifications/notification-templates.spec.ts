import {
  NOTIFICATION_TEMPLATES,
  type NotificationTemplate,
  renderNotification,
} from './notification-templates.js';

const BASE = 'https://tolkeregister.example';

describe('notification mails', () => {
  it.each(NOTIFICATION_TEMPLATES.flatMap((t) => (['nb', 'en'] as const).map((l) => [t, l])))(
    '%s in %s says what happened and where to sign in to read it',
    (template, lang) => {
      const mail = renderNotification(
        template as NotificationTemplate,
        lang as 'nb' | 'en',
        {},
        BASE,
      );
      expect(mail.subject.length).toBeGreaterThan(10);
      expect(mail.subject).not.toMatch(/\n/);
      if (template === 'report_reporter_news') {
        // A reporter has no account: they type their receipt code.
        expect(mail.body).toContain(`${BASE}/meld-fra/oppfolging`);
        expect(mail.body).toMatch(lang === 'nb' ? /kvitteringskoden/ : /receipt code/);
      } else {
        const path =
          template === 'report_deadline_reminder' ? '/saksbehandling/varsler' : '/min-side';
        expect(mail.body).toContain(`${BASE}${path}`);
        expect(mail.body).toMatch(lang === 'nb' ? /Logg inn på/ : /Sign in at/);
      }
      expect(mail.body).toMatch(lang === 'nb' ? /Nasjonalt tolkeregister/ : /National Register/);
    },
  );

  it('the two languages differ, and each template has its own subject', () => {
    const subjects = (lang: 'nb' | 'en') =>
      NOTIFICATION_TEMPLATES.map((t) => renderNotification(t, lang, {}, BASE).subject);
    expect(new Set(subjects('nb')).size).toBe(NOTIFICATION_TEMPLATES.length);
    expect(subjects('nb')).not.toEqual(subjects('en'));
  });

  it('names the case number when given, and only where a case exists', () => {
    const mail = renderNotification('decision_made', 'nb', { caseNumber: 'S-2026-0042' }, BASE);
    expect(mail.body).toContain('saksnummer S-2026-0042');
    expect(() =>
      renderNotification('photo_refused', 'en', { caseNumber: 'S-2026-0042' }, BASE),
    ).toThrow(/takes no parameter "caseNumber"/);
  });

  it.each([
    ['a language', { language: 'Tigrinja' }],
    ['a category', { category: 'A' }],
    ['a reason', { reason: 'Photo too dark' }],
    ['an identity number', { nationalId: '01010012356' }],
    ['a name', { name: 'Kari Nordmann' }],
  ])('refuses %s: no sensitive detail goes into a mail', (_what, params) => {
    expect(() => renderNotification('decision_made', 'nb', params, BASE)).toThrow(
      /takes no parameter/,
    );
  });

  it.each(['01010012356', 'S-01010012356', 'S 2026', 'S-2026\nBcc: x@example.com', ''])(
    'refuses the case number %j',
    (caseNumber) => {
      expect(() => renderNotification('application_received', 'en', { caseNumber }, BASE)).toThrow(
        /case number/,
      );
    },
  );

  it('refuses an unknown template or language', () => {
    expect(() =>
      renderNotification('password_reset' as NotificationTemplate, 'nb', {}, BASE),
    ).toThrow(/Unknown notification template/);
    expect(() => renderNotification('decision_made', 'se' as 'nb', {}, BASE)).toThrow(
      /Unknown notification language/,
    );
  });

  describe('reports (#11)', () => {
    it('tells the interpreter a case concerns them and by when to reply, nothing more', () => {
      const mail = renderNotification(
        'report_interpreter_notified',
        'nb',
        { caseNumber: 'VAR-2026-0007', replyBy: '2026-12-17' },
        BASE,
      );
      expect(mail.body).toContain('VAR-2026-0007');
      expect(mail.body).toContain('2026-12-17');
      expect(() =>
        renderNotification('report_interpreter_notified', 'nb', { replyBy: 'soon, please' }, BASE),
      ).toThrow(/date/);
    });

    it('reminds a handler of a named deadline, and only of one the template knows', () => {
      const mail = renderNotification(
        'report_deadline_reminder',
        'en',
        { caseNumber: 'VAR-2026-0007', deadline: '2026-12-03', which: 'acknowledge' },
        BASE,
      );
      expect(mail.body).toContain('acknowledging receipt');
      expect(mail.body).toContain('2026-12-03');
      expect(() =>
        renderNotification(
          'report_deadline_reminder',
          'en',
          { caseNumber: 'VAR-2026-0007', deadline: '2026-12-03', which: 'the reporter is Kari' },
          BASE,
        ),
      ).toThrow(/deadline/);
    });

    it.each(['text', 'name', 'receiptCode', 'interpreter'])(
      'the reporter news takes no %s: never content',
      (key) => {
        expect(() =>
          renderNotification('report_reporter_news', 'nb', { [key]: 'x' }, BASE),
        ).toThrow(/takes no parameter/);
      },
    );
  });
});
