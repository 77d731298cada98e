import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ConfigService } from '@nestjs/config';
import request from 'supertest';
import type { Actor } from '../src/audit/actor.js';
import { AuditService } from '../src/audit/audit.service.js';
import { csrfTokenFor } from '../src/auth/csrf.js';
import { DatabaseDocumentStorage, FolderDocumentStorage } from '../src/uploads/document-storage.js';
import { DocumentsRepository } from '../src/uploads/documents.repository.js';
import { UploadsService } from '../src/uploads/uploads.service.js';
import { createInterpreter } from './factories/interpreter.factory.js';
import { jpegWithMetadata, pdfFixture } from './factories/upload-files.js';
import { createCitizenUser, interpreterSession } from './factories/user.factory.js';
import { startTestApp, type TestApp } from './setup/test-app.js';

const BOUNDARY = 'tolkeregister-e2e-boundary';

function multipart(parts: Array<[string, string] | [string, string, Buffer]>): Buffer {
  const chunks: Buffer[] = [];
  for (const [name, value, bytes] of parts) {
    const disposition = bytes
      ? `form-data; name="${name}"; filename="${value}"`
      : `form-data; name="${name}"`;
    chunks.push(Buffer.from(`--${BOUNDARY}\r\nContent-Disposition: ${disposition}\r\n\r\n`));
    chunks.push(bytes ?? Buffer.from(value));
    chunks.push(Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${BOUNDARY}--\r\n`));
  return Buffer.concat(chunks);
}

async function count(t: TestApp, sql: string, params: unknown[] = []): Promise<number> {
  const [row]: Array<{ n: number }> = await t.dataSource.query(sql, params);
  return Number(row.n);
}

describe('uploaded documents', () => {
  let t: TestApp;
  let ownerId: string;
  let otherId: string;
  let actor: Actor;

  beforeAll(async () => {
    t = await startTestApp();
    ownerId = await createCitizenUser(t.dataSource, '01017012345', 'Kari Nordmann');
    otherId = await createCitizenUser(t.dataSource, '02027012345', 'Ola Nordmann');
    actor = { type: 'interpreter', userId: ownerId, roles: ['interpreter'], clientIp: '127.0.0.1' };
  }, 120_000);

  afterAll(async () => {
    await t?.close();
  });

  describe('a multipart form sent to a route that takes no files', () => {
    it('is refused (415) with a valid session and token, and nothing changes', async () => {
      const person = await createInterpreter(t.dataSource, {
        entries: [{ language: 'ara', category: 'A' }],
      });
      const session = await interpreterSession(t, person.nationalId, 'Test Person');
      const cookie = `tr_session=${session}`;
      const card = await request(t.server).get('/api/me/card').set('cookie', cookie).expect(200);
      const eventsBefore = await count(t, `SELECT count(*) AS n FROM audit_events`);

      const res = await request(t.server)
        .post('/min-side/kort/mistet')
        .set('cookie', cookie)
        .set('x-csrf-token', csrfTokenFor(session))
        .set('content-type', `multipart/form-data; boundary=${BOUNDARY}`)
        .send(multipart([['_csrf', csrfTokenFor(session)]]))
        .expect(415);
      expect(res.headers['content-type']).toMatch(/^application\/problem\+json/);
      expect(res.body.code).toBe('UPLOADS_NOT_ACCEPTED');

      const after = await request(t.server).get('/api/me/card').set('cookie', cookie).expect(200);
      expect(after.body.cardNumber).toBe(card.body.cardNumber);
      expect(await count(t, `SELECT count(*) AS n FROM audit_events`)).toBe(eventsBefore);
    });

    it('is refused on the JSON API too', async () => {
      const res = await request(t.server)
        .post('/api/me/tokens')
        .set('authorization', 'Bearer trk_not-a-token')
        .set('content-type', `multipart/form-data; boundary=${BOUNDARY}`)
        .send(multipart([['name', 'x']]))
        .expect(415);
      expect(res.body.code).toBe('UPLOADS_NOT_ACCEPTED');
    });
  });

  describe('stored in the database (the default)', () => {
    it('commits with the caller’s transaction: the bytes, the owner, the audit event', async () => {
      const uploads = t.app.get(UploadsService);
      const pdf = await pdfFixture();
      const accepted = await uploads.inspect(pdf, 'evidence', '01017012345 vitnemål.pdf');
      const stored = await t.dataSource.transaction((em) =>
        uploads.store(em, actor, ownerId, accepted),
      );
      expect(stored).toMatchObject({
        ownerUserId: ownerId,
        purpose: 'evidence',
        mediaType: 'application/pdf',
        byteSize: pdf.length,
        displayName: '01017012345 vitnemål.pdf',
        width: null,
        height: null,
      });

      const opened = await uploads.open(stored.id);
      expect(opened!.bytes.equals(pdf)).toBe(true);
      expect(await uploads.findOwned(stored.id, ownerId)).toEqual(stored);
      expect(await uploads.findOwned(stored.id, otherId)).toBeUndefined();
      expect(await uploads.find(stored.id)).toEqual(stored);
      expect(await uploads.find('not-a-uuid')).toBeUndefined();
      expect(await uploads.open('00000000-0000-4000-8000-000000000000')).toBeUndefined();

      const [event]: Array<{ details: Record<string, unknown> }> = await t.dataSource.query(
        `SELECT details FROM audit_events WHERE action = 'document.stored' AND subject_id = $1`,
        [stored.id],
      );
      expect(event.details).toEqual({
        ownerUserId: ownerId,
        purpose: 'evidence',
        mediaType: 'application/pdf',
        byteSize: pdf.length,
        sha256: accepted.sha256,
      });
      // People name files after themselves: no name, no identity number in the trail.
      expect(JSON.stringify(event)).not.toContain('01017012345');
    });

    it('writes nothing when the caller’s transaction rolls back', async () => {
      const uploads = t.app.get(UploadsService);
      const accepted = await uploads.inspect(await jpegWithMetadata(), 'photo', 'me.jpg');
      const before = await count(t, `SELECT count(*) AS n FROM documents`);
      const events = await count(t, `SELECT count(*) AS n FROM audit_events`);
      await expect(
        t.dataSource.transaction(async (em) => {
          await uploads.store(em, actor, ownerId, accepted);
          throw new Error('the application failed after storing');
        }),
      ).rejects.toThrow('the application failed');
      expect(await count(t, `SELECT count(*) AS n FROM documents`)).toBe(before);
      expect(await count(t, `SELECT count(*) AS n FROM audit_events`)).toBe(events);
    });

    it('refuses to store outside a transaction', async () => {
      const uploads = t.app.get(UploadsService);
      const accepted = await uploads.inspect(await pdfFixture(), 'evidence', 'a.pdf');
      await expect(uploads.store(t.dataSource.manager, actor, ownerId, accepted)).rejects.toThrow(
        /transaction/,
      );
    });
  });

  describe('stored in a folder', () => {
    let dir: string;
    let uploads: UploadsService;

    beforeAll(() => {
      dir = join(mkdtempSync(join(tmpdir(), 'tolk-uploads-')), 'uploads');
      const limits = { storage: 'folder', dir, maxBytes: 10 * 1024 * 1024, maxPixels: 40_000_000 };
      uploads = new UploadsService(
        t.dataSource,
        t.app.get(DocumentsRepository),
        new FolderDocumentStorage(dir),
        t.app.get(DatabaseDocumentStorage),
        t.app.get(AuditService),
        { getOrThrow: () => limits } as unknown as ConfigService,
      );
      uploads.onModuleInit();
    });

    afterAll(() => rmSync(join(dir, '..'), { recursive: true, force: true }));

    const files = () => readdirSync(dir);

    it('writes the file under the document’s id alone, outside the row, readable by the app only', async () => {
      const jpeg = await jpegWithMetadata();
      const accepted = await uploads.inspect(jpeg, 'photo', '../../etc/passwd.jpg');
      const stored = await t.dataSource.transaction((em) =>
        uploads.store(em, actor, ownerId, accepted),
      );
      expect(files()).toEqual([stored.id]);
      expect(statSync(join(dir, stored.id)).mode & 0o777).toBe(0o600);
      expect(readFileSync(join(dir, stored.id)).equals(accepted.bytes)).toBe(true);
      expect(stored.displayName).toBe('passwd.jpg');
      const [row]: Array<{ storage: string; no_content: boolean }> = await t.dataSource.query(
        `SELECT storage, content IS NULL AS no_content FROM documents WHERE id = $1`,
        [stored.id],
      );
      expect(row).toEqual({ storage: 'folder', no_content: true });
      expect((await uploads.open(stored.id))!.bytes.equals(accepted.bytes)).toBe(true);
      rmSync(join(dir, stored.id));
    });

    it('removes the file when the caller’s transaction rolls back, or the row cannot be written', async () => {
      const accepted = await uploads.inspect(await pdfFixture(), 'evidence', 'a.pdf');
      const before = await count(t, `SELECT count(*) AS n FROM documents`);
      await expect(
        t.dataSource.transaction(async (em) => {
          await uploads.store(em, actor, ownerId, accepted);
          expect(files()).toHaveLength(1);
          throw new Error('the application failed after storing');
        }),
      ).rejects.toThrow('the application failed');
      expect(files()).toEqual([]);
      // No such user: the insert fails inside store.
      await expect(
        t.dataSource.transaction((em) =>
          uploads.store(em, actor, '00000000-0000-4000-8000-000000000000', accepted),
        ),
      ).rejects.toThrow();
      expect(files()).toEqual([]);
      expect(await count(t, `SELECT count(*) AS n FROM documents`)).toBe(before);
    });

    it('still reads documents stored in the database before the switch', async () => {
      const pdf = await pdfFixture('stored earlier');
      const inDatabase = t.app.get(UploadsService);
      const earlier = await t.dataSource.transaction(async (em) =>
        inDatabase.store(em, actor, ownerId, await inDatabase.inspect(pdf, 'evidence', 'e.pdf')),
      );
      expect((await uploads.open(earlier.id))!.bytes.equals(pdf)).toBe(true);
    });
  });
});
