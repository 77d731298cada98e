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
      expect(mail.body).toContain(`${BASE}/min-side`);
      expect(mail.body).toMatch(lang === 'nb' ? /Logg inn på/ : /Sign in at/);
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
});
