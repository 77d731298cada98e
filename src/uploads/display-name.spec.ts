import Fastify from 'fastify';
import { attachmentDisposition, cleanDisplayName, DISPLAY_NAME_MAX } from './display-name.js';
import { sendDocument } from './send-document.js';
import type { OpenedDocument } from './uploads.service.js';

describe('the name a document is shown and downloaded under', () => {
  it('keeps the last path segment only, with the extension of the sniffed type', () => {
    expect(cleanDisplayName('C:\\Users\\kari\\Vitnemål.pdf', 'application/pdf', 'evidence')).toBe(
      'Vitnemål.pdf',
    );
    expect(cleanDisplayName('../../etc/passwd', 'image/png', 'evidence')).toBe('passwd.png');
    expect(cleanDisplayName('diplom.jpg', 'application/pdf', 'evidence')).toBe('diplom.pdf');
    expect(cleanDisplayName('scan.tar.gz', 'image/jpeg', 'evidence')).toBe('scan.tar.jpg');
  });

  it('drops control and direction-override characters and what file systems refuse', () => {
    // A right-to-left override (U+202E) makes "invoice<RLO>gpj.exe" look like "invoiceexe.jpg".
    expect(cleanDisplayName('invoice\u202Egpj.exe', 'image/jpeg', 'evidence')).toBe(
      'invoicegpj.jpg',
    );
    expect(cleanDisplayName('a\u0000b\r\nc<>:"|?*.pdf', 'application/pdf', 'evidence')).toBe(
      'abc.pdf',
    );
    expect(cleanDisplayName('  many   spaces  .pdf', 'application/pdf', 'evidence')).toBe(
      'many spaces.pdf',
    );
    expect(cleanDisplayName('x\uD800y.pdf', 'application/pdf', 'evidence')).toBe('x\uFFFDy.pdf');
  });

  it('names a nameless file after its purpose, and cuts long names', () => {
    expect(cleanDisplayName(undefined, 'image/jpeg', 'photo')).toBe('photo.jpg');
    expect(cleanDisplayName('...', 'application/pdf', 'evidence')).toBe('document.pdf');
    const long = cleanDisplayName('ø'.repeat(500) + '.pdf', 'application/pdf', 'evidence');
    expect([...long]).toHaveLength(DISPLAY_NAME_MAX);
    expect(long.endsWith('.pdf')).toBe(true);
  });

  it('offers it as an attachment, ASCII fallback and exact UTF-8 name', () => {
    expect(attachmentDisposition('Vitnemål "2024".pdf')).toBe(
      `attachment; filename="Vitnem_l _2024_.pdf"; filename*=UTF-8''Vitnem%C3%A5l%20%222024%22.pdf`,
    );
  });
});

describe('sending a document', () => {
  it('is a no-store attachment of its sniffed type that the browser may not sniff or run', async () => {
    const doc: OpenedDocument = {
      meta: {
        id: '5f1e3c1a-0000-4000-8000-000000000001',
        ownerUserId: '5f1e3c1a-0000-4000-8000-000000000002',
        purpose: 'evidence',
        mediaType: 'application/pdf',
        byteSize: 9,
        sha256: '0'.repeat(64),
        displayName: 'Vitnemål.pdf',
        width: null,
        height: null,
        createdAt: new Date(),
      },
      bytes: Buffer.from('%PDF-1.4\n'),
    };
    const app = Fastify();
    app.get('/d', (_request, reply) => sendDocument(reply, doc));
    // Over a socket: Fastify's inject needs an ES module Jest cannot require before Node 24.9.
    const address = await app.listen({ host: '127.0.0.1', port: 0 });
    const res = await fetch(`${address}/d`);
    expect(res.status).toBe(200);
    expect(Object.fromEntries(res.headers)).toMatchObject({
      'content-type': 'application/pdf',
      'content-length': '9',
      'content-disposition': `attachment; filename="Vitnem_l.pdf"; filename*=UTF-8''Vitnem%C3%A5l.pdf`,
      'x-content-type-options': 'nosniff',
      'cache-control': 'private, no-store',
      'content-security-policy': "sandbox; default-src 'none'",
    });
    expect(Buffer.from(await res.arrayBuffer()).equals(doc.bytes)).toBe(true);
    await app.close();
  });
});
