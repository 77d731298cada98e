import jsQRModule from 'jsqr';
import * as mupdf from 'mupdf';
import {
  CARD_HEIGHT,
  CARD_WIDTH,
  formatCardDate,
  renderCardsPdf,
  type PrintableCard,
} from './card-pdf.js';
import { qrMatrix, qrSvg } from './qr.js';

// jsqr is CommonJS with an ES-style `export default` in its types; under Node's ESM interop the
// default import is module.exports, which carries the function on `.default` as well.
const jsQR = jsQRModule.default;

const BASE64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** A deterministic base64url token of the given length. */
function token(length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += BASE64URL[(i * 37 + 11) % 64];
  return out;
}

const URL_137 = `https://tolkeregisteret.no/v/${token(108)}`;

function card(overrides: Partial<PrintableCard> = {}): PrintableCard {
  return {
    cardNumber: '10234-2',
    interpreterNumber: 10234,
    givenName: 'Åse Marit',
    familyName: 'Ødegård',
    languages: [
      { code: 'ar', nameNb: 'Arabisk', nameEn: 'Arabic', nativeName: 'العربية', category: 'A' },
      { code: 'fa', nameNb: 'Persisk', nameEn: 'Persian', nativeName: 'فارسی', category: 'C' },
    ],
    issuedAt: new Date('2025-03-01T10:00:00Z'),
    expiresAt: new Date('2030-02-28T12:00:00Z'),
    photo: null,
    verificationUrl: URL_137,
    ...overrides,
  };
}

function pngPhoto(): Buffer {
  const pixmap = new mupdf.Pixmap(mupdf.ColorSpace.DeviceRGB, [0, 0, 70, 90], false);
  pixmap.clear(160);
  return Buffer.from(pixmap.asPNG());
}

function open(pdf: Buffer): mupdf.Document {
  return mupdf.Document.openDocument(pdf, 'application/pdf');
}

describe('qrMatrix', () => {
  it('uses a small QR version for a typical verification URL', () => {
    expect(URL_137).toHaveLength(137);
    expect(qrMatrix(URL_137).version).toBeLessThanOrEqual(8);
  });

  it('accepts a 200-character URL within version 10', () => {
    const url = `https://tolkeregisteret.no/v/${token(171)}`;
    expect(url).toHaveLength(200);
    expect(qrMatrix(url).version).toBeLessThanOrEqual(10);
  });

  it('rejects text that would need a QR version above 10', () => {
    const url = `https://tolkeregisteret.no/v/${token(371)}`;
    expect(url).toHaveLength(400);
    expect(() => qrMatrix(url)).toThrow(/at most version 10/);
  });
});

describe('qrSvg', () => {
  it('is an accessible SVG with an escaped title and a single path', () => {
    const svg = qrSvg(URL_137, { title: 'QR-kode for <Åse> & "Ødegård"' });
    expect(svg).toContain('role="img"');
    expect(svg).toContain('<title>QR-kode for &lt;Åse&gt; &amp; &quot;Ødegård&quot;</title>');
    expect(svg.match(/<path /g)).toHaveLength(1);
    expect(svg).toContain('shape-rendering="crispEdges"');
    const { size } = qrMatrix(URL_137);
    expect(svg).toContain(`viewBox="0 0 ${size + 8} ${size + 8}"`);
    expect(svg).toContain(`width="${(size + 8) * 6}"`);
  });
});

describe('formatCardDate', () => {
  it('formats the date in Norwegian time', () => {
    expect(formatCardDate(new Date('2030-02-28T12:00:00Z'))).toBe('28.02.2030');
    expect(formatCardDate(new Date('2030-02-28T23:30:00Z'))).toBe('01.03.2030');
  });
});

describe('renderCardsPdf', () => {
  it('renders a CR80 front and back', async () => {
    const doc = open(await renderCardsPdf([card()]));
    expect(doc.countPages()).toBe(2);
    for (const index of [0, 1]) {
      const [x0, y0, x1, y1] = doc.loadPage(index).getBounds();
      expect(x1 - x0).toBeCloseTo(242.65, 1);
      expect(y1 - y0).toBeCloseTo(153.07, 1);
      expect(x1 - x0).toBeCloseTo(CARD_WIDTH, 3);
      expect(y1 - y0).toBeCloseTo(CARD_HEIGHT, 3);
    }
  });

  it.each([108, 171])(
    'prints a QR code on the back that scans at 150 dpi (token of %i characters)',
    async (tokenLength) => {
      const url = `https://tolkeregisteret.no/v/${token(tokenLength)}`;
      const pdf = await renderCardsPdf([card({ verificationUrl: url })]);
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');

      const scale = 150 / 72;
      const pixmap = open(pdf)
        .loadPage(1)
        .toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceRGB, true, true);
      const width = pixmap.getWidth();
      const height = pixmap.getHeight();
      const pixels = pixmap.getPixels();
      expect(pixels).toHaveLength(width * height * 4);

      const code = jsQR(new Uint8ClampedArray(pixels), width, height);
      expect(code).not.toBeNull();
      expect(code!.data).toBe(url);
      expect(code!.version).toBeLessThanOrEqual(10);
    },
  );

  it('sets the document metadata', async () => {
    const doc = open(await renderCardsPdf([card()]));
    expect(doc.getMetaData('info:Title')).toBe('Tolkekort / Interpreter card');
    expect(doc.getMetaData('info:Author')).toBe('Nasjonalt tolkeregister');
  });

  it('prints two pages per card', async () => {
    const pdf = await renderCardsPdf([
      card(),
      card({ cardNumber: '10235-1', interpreterNumber: 10235 }),
    ]);
    expect(open(pdf).countPages()).toBe(4);
  });

  it('embeds the photo as an image, and uses no raster image without one', async () => {
    const withPhoto = await renderCardsPdf([
      card({ photo: { data: pngPhoto(), mediaType: 'image/png' } }),
    ]);
    const withoutPhoto = await renderCardsPdf([card()]);
    expect(withPhoto.toString('latin1')).toMatch(/\/Subtype \/Image/);
    expect(withoutPhoto.toString('latin1')).not.toMatch(/\/Subtype \/Image/);
  });

  it('renders names with Norwegian letters and many languages', async () => {
    const languages = Array.from({ length: 12 }, (_, i) => ({
      code: `l${i}`,
      nameNb: `Språk nummer ${i + 1}`,
      nameEn: `Language number ${i + 1}`,
      nativeName: null,
      category: 'B' as const,
    }));
    const pdf = await renderCardsPdf([
      card({
        givenName: 'Maria-Kristina Sofie',
        familyName: 'Ødegård-Christophersen Bakkelund',
        languages,
      }),
    ]);
    const doc = open(pdf);
    expect(doc.countPages()).toBe(2);
    const text = doc.loadPage(0).toStructuredText('').asText();
    expect(text).toContain('Ødegård');
    expect(text).toContain('Språk nummer 1 – kategori B');
    expect(text).toMatch(/\+ \d+ flere \/ more/);
    expect(text).toContain('28.02.2030');
  });
});
