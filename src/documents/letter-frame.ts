import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as fontkit from 'fontkit';
import { mm, renderPdf, type PdfDoc } from './pdf-layout.js';

/**
 * What every decision letter of the register shares (applications, #10;
 * reports, #11): the A4 page and its margins, the embedded font (DejaVu Sans,
 * so Norwegian and most scripts print), the colours, the letterhead with the
 * reference column, and the rules for printing free text (no control
 * characters, never a national identity number). Each letter draws its own
 * body; the same letter data always gives the same bytes.
 */

const FONT_FILES = {
  regular: 'dejavu-fonts-ttf/ttf/DejaVuSans.ttf',
  bold: 'dejavu-fonts-ttf/ttf/DejaVuSans-Bold.ttf',
};
export const LETTER_REGULAR = 'Letter';
export const LETTER_BOLD = 'Letter-Bold';

export const LETTER_PAGE = { width: 595.28, height: 841.89 };
export const LETTER_MARGIN = { top: mm(27), bottom: mm(27), left: mm(25), right: mm(20) };
export const LETTER_CONTENT_WIDTH = LETTER_PAGE.width - LETTER_MARGIN.left - LETTER_MARGIN.right;
export const LETTER_BOTTOM = LETTER_PAGE.height - LETTER_MARGIN.bottom;
export const LETTER_BODY_SIZE = 9.5;
export const LETTER_LINE_GAP = 2.2;
export const LETTER_COLOR = {
  brand: '#1d3b6f',
  text: '#111827',
  muted: '#5b6473',
  rule: '#c9d1dc',
};

/** The months as a letter's date names them. */
export const LETTER_MONTHS: Record<'nb' | 'en', readonly string[]> = {
  nb: [
    'januar',
    'februar',
    'mars',
    'april',
    'mai',
    'juni',
    'juli',
    'august',
    'september',
    'oktober',
    'november',
    'desember',
  ],
  en: [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ],
};

export interface LetterFonts {
  regular: Buffer;
  bold: Buffer;
  /** The regular font, to ask whether it has a glyph for a character. */
  glyphs: fontkit.Font;
}
let loadedFonts: LetterFonts | undefined;

export function letterFonts(): LetterFonts {
  if (!loadedFonts) {
    const require = createRequire(import.meta.url);
    const regular = readFileSync(require.resolve(FONT_FILES.regular));
    const bold = readFileSync(require.resolve(FONT_FILES.bold));
    loadedFonts = { regular, bold, glyphs: fontkit.create(regular) as fontkit.Font };
  }
  return loadedFonts;
}

/** Eleven digits in a row, or six and five with a space or dot between: a national identity number. */
const IDENTITY_NUMBER = /(?<!\d)\d{6}[ .]?\d{5}(?!\d)/g;

/** Whether free text holds something that looks like a national identity number. */
export function containsIdentityNumber(text: string): boolean {
  return new RegExp(IDENTITY_NUMBER.source).test(text);
}

/** Free text as a letter prints it: no control characters but line breaks, never a national identity number. */
export function cleanLetterText(text: string, identityNumberRemoved: string): string {
  return (
    text
      .replace(/\r\n?/g, '\n')
      // control characters other than the line break
      .replace(/[^\P{Cc}\n]/gu, ' ')
      .replace(IDENTITY_NUMBER, identityNumberRemoved)
  );
}

/** Paragraphs split at blank lines; single line breaks inside a paragraph are kept. */
export function letterParagraphs(text: string): string[] {
  return text
    .split(/\n[ \t]*\n/)
    .map((p) => p.trim())
    .filter((p) => p !== '');
}

export interface LetterMeta {
  lang: 'nb' | 'en';
  title: string;
  author: string;
  subject: string;
  /** The letter's date, also the PDF's creation date (so the bytes never depend on when it is rendered). */
  date: Date;
}

/** An A4 letter with the letter fonts registered; `draw` writes it. */
export function renderLetterPdf(meta: LetterMeta, draw: (doc: PdfDoc) => void): Promise<Buffer> {
  const fonts = letterFonts();
  return renderPdf(
    {
      size: 'A4',
      margins: LETTER_MARGIN,
      bufferPages: true,
      compress: true,
      lang: meta.lang === 'nb' ? 'nb-NO' : 'en-GB',
      displayTitle: true,
      info: {
        Title: meta.title,
        Author: meta.author,
        Subject: meta.subject,
        CreationDate: meta.date,
      },
    },
    (doc) => {
      doc.registerFont(LETTER_REGULAR, fonts.regular);
      doc.registerFont(LETTER_BOLD, fonts.bold);
      draw(doc);
    },
  );
}

export interface Letterhead {
  registerName: string;
  directorate: string;
  /** Label and value, printed in the right column (our reference, the date). */
  references: ReadonlyArray<readonly [string, string]>;
}

/**
 * The register's name and the directorate over a rule, and the reference
 * column on the right. Returns where the reference column ends and the x
 * where it starts (the recipient's block, drawn by the caller, stays left of it).
 */
export function drawLetterhead(
  doc: PdfDoc,
  head: Letterhead,
): { referenceBottom: number; columnX: number } {
  const top = mm(15);
  doc.font(LETTER_BOLD).fontSize(15).fillColor(LETTER_COLOR.brand);
  doc.text(head.registerName, LETTER_MARGIN.left, top, { lineBreak: false });
  doc.font(LETTER_REGULAR).fontSize(9).fillColor(LETTER_COLOR.muted);
  doc.text(head.directorate, LETTER_MARGIN.left, top + 20, { lineBreak: false });
  doc
    .moveTo(LETTER_MARGIN.left, mm(30))
    .lineTo(LETTER_PAGE.width - LETTER_MARGIN.right, mm(30))
    .lineWidth(0.8)
    .stroke(LETTER_COLOR.brand);
  const columnX = LETTER_PAGE.width - LETTER_MARGIN.right - mm(55);
  let y = mm(40);
  for (const [label, value] of head.references) {
    doc.font(LETTER_REGULAR).fontSize(7.5).fillColor(LETTER_COLOR.muted);
    doc.text(label, columnX, y, { lineBreak: false });
    doc.font(LETTER_REGULAR).fontSize(LETTER_BODY_SIZE).fillColor(LETTER_COLOR.text);
    doc.text(value, columnX, y + 10, { width: mm(55), lineBreak: false });
    y += 27;
  }
  return { referenceBottom: y, columnX };
}
