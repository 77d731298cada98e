import * as mupdf from 'mupdf';
import PDFDocument from 'pdfkit';
import {
  BOLD,
  breakIntoLines,
  drawQrCode,
  ellipsize,
  fitFontSize,
  mm,
  REGULAR,
  renderPdf,
  textAt,
  textBlock,
  widthOf,
} from './pdf-layout.js';
import type { QrMatrix } from './qr-modules.js';

const NAME = 'Maria-Kristina Sofie Ødegård-Christophersen';

/** A document to measure text in; nothing is drawn on it. */
function measuring() {
  return new PDFDocument({ autoFirstPage: false });
}

function pdfText(pdf: Buffer): string {
  const doc = mupdf.Document.openDocument(pdf, 'application/pdf');
  return doc.loadPage(0).toStructuredText('').asText();
}

describe('mm', () => {
  it('converts millimetres to points', () => {
    expect(mm(25.4)).toBe(72);
    expect(mm(85.6)).toBeCloseTo(242.65, 2);
  });
});

describe('ellipsize', () => {
  const doc = measuring();

  it('leaves text that fits as it is', () => {
    expect(ellipsize(doc, 'Ola', REGULAR, 10, 100)).toBe('Ola');
  });

  it('shortens text that does not fit to a prefix and an ellipsis that fits', () => {
    const width = widthOf(doc, NAME, BOLD, 11) / 2;
    const short = ellipsize(doc, NAME, BOLD, 11, width);
    expect(short).toMatch(/…$/);
    expect(NAME.startsWith(short.slice(0, -1))).toBe(true);
    expect(widthOf(doc, short, BOLD, 11)).toBeLessThanOrEqual(width);
    expect(short.slice(0, -1)).toBe(short.slice(0, -1).trimEnd());
  });
});

describe('fitFontSize', () => {
  const doc = measuring();

  it('keeps the largest size when the text fits', () => {
    expect(fitFontSize(doc, 'Ola', BOLD, 11, 7, 100)).toBe(11);
  });

  it('shrinks in quarter points to the largest size that fits', () => {
    const width = widthOf(doc, NAME, BOLD, 9.3);
    const size = fitFontSize(doc, NAME, BOLD, 11, 7, width);
    expect(size).toBe(9.25);
    expect(widthOf(doc, NAME, BOLD, size)).toBeLessThanOrEqual(width);
    expect(widthOf(doc, NAME, BOLD, size + 0.25)).toBeGreaterThan(width);
  });

  it('stops at the smallest size even when the text still does not fit', () => {
    expect(fitFontSize(doc, NAME, BOLD, 11, 7, 10)).toBe(7);
  });
});

describe('breakIntoLines', () => {
  const doc = measuring();
  const url = `https://tolkeregisteret.no/v/${'AbCdEf0123_-'.repeat(9)}`;

  it('breaks text without spaces into lines that fit and together are the text', () => {
    const lines = breakIntoLines(doc, url, REGULAR, 5, 100);
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.join('')).toBe(url);
    for (const line of lines) expect(widthOf(doc, line, REGULAR, 5)).toBeLessThanOrEqual(100);
  });

  it('gives one line for text that fits, and none for no text', () => {
    expect(breakIntoLines(doc, 'kort', REGULAR, 5, 100)).toEqual(['kort']);
    expect(breakIntoLines(doc, '', REGULAR, 5, 100)).toEqual([]);
  });
});

describe('renderPdf, textAt and textBlock', () => {
  it('renders what draw adds, with the document information given', async () => {
    let below = 0;
    const pdf = await renderPdf(
      { autoFirstPage: false, info: { Title: 'Vedtak', Author: 'Nasjonalt tolkeregister' } },
      (doc) => {
        doc.addPage({ size: 'A4', margin: 0 });
        textAt(doc, 'Vedtak om oppføring', mm(25), mm(30), BOLD, 14, '#111827');
        below = textBlock(doc, 'Du er ført opp i registeret. '.repeat(12), {
          x: mm(25),
          y: mm(40),
          width: mm(80),
          font: REGULAR,
          size: 10,
          color: '#111827',
          lineGap: 1,
        });
      },
    );
    const doc = mupdf.Document.openDocument(pdf, 'application/pdf');
    expect(doc.countPages()).toBe(1);
    expect(doc.getMetaData('info:Title')).toBe('Vedtak');
    expect(pdfText(pdf)).toContain('Vedtak om oppføring');
    expect(pdfText(pdf)).toContain('Du er ført opp i registeret.');
    // Twelve sentences do not fit on one line 80 mm wide.
    expect(below).toBeGreaterThan(mm(40) + 3 * 10);
  });
});

describe('drawQrCode', () => {
  it('draws dark modules as vectors inside a white quiet zone of four modules', async () => {
    // A 21-module symbol, dark on the diagonal; 3 points a module, rendered at 4 pixels a point.
    const matrix: QrMatrix = { version: 1, size: 21, isDark: (row, col) => row === col };
    const size = (21 + 8) * 3;
    let quietZone = 0;
    const pdf = await renderPdf({ autoFirstPage: false }, (doc) => {
      doc.addPage({ size: [size, size], margin: 0 });
      doc.rect(0, 0, size, size).fill('#808080');
      quietZone = drawQrCode(doc, matrix, 0, 0, size);
    });
    expect(quietZone).toBe(12);

    const pixmap = mupdf.Document.openDocument(pdf, 'application/pdf')
      .loadPage(0)
      .toPixmap(mupdf.Matrix.scale(4, 4), mupdf.ColorSpace.DeviceGray, false, true);
    const pixels = pixmap.getPixels();
    /** The grey level at the centre of a module; the quiet zone is at -4..-1. */
    const moduleAt = (row: number, col: number) =>
      pixels[
        Math.round(((row + 4) * 3 + 1.5) * 4) * pixmap.getWidth() +
          Math.round(((col + 4) * 3 + 1.5) * 4)
      ];
    expect(moduleAt(0, 0)).toBe(0);
    expect(moduleAt(20, 20)).toBe(0);
    expect(moduleAt(0, 1)).toBe(255);
    expect(moduleAt(-2, -2)).toBe(255);
  });
});
