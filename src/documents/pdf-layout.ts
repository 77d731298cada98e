import PDFDocument from 'pdfkit';
import { darkRuns, QR_QUIET_ZONE, type QrMatrix } from './qr-modules.js';

/**
 * Text and layout helpers for the register's PDF documents: the card, and
 * the decision letters to come. Positions are in points from the page's top
 * left corner; text is measured before it is placed, so a layout can shorten
 * or shrink what would not fit instead of letting it overflow.
 */
export type PdfDoc = InstanceType<typeof PDFDocument>;

/** Millimetres in PDF points (1/72 inch). */
export const mm = (value: number): number => (value * 72) / 25.4;

/** The standard PDF fonts: every reader has them, so nothing is embedded. */
export const REGULAR = 'Helvetica';
export const BOLD = 'Helvetica-Bold';

const ELLIPSIS = '…';

/** Renders a document in memory: `draw` adds the pages, then the PDF is the result. */
export function renderPdf(
  options: PDFKit.PDFDocumentOptions,
  draw: (doc: PdfDoc) => void,
): Promise<Buffer> {
  const doc = new PDFDocument(options);
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  draw(doc);
  doc.end();
  return done;
}

/** Draws one line of text with its baseline at y; never wraps or adds pages. Returns its width. */
export function textAt(
  doc: PdfDoc,
  text: string,
  x: number,
  baseline: number,
  font: string,
  size: number,
  color: string,
): number {
  doc.font(font).fontSize(size).fillColor(color);
  doc.text(text, x, baseline, { lineBreak: false, baseline: 'alphabetic' });
  return doc.widthOfString(text);
}

export function widthOf(doc: PdfDoc, text: string, font: string, size: number): number {
  return doc.font(font).fontSize(size).widthOfString(text);
}

/** Shortens text with an ellipsis until it fits the width. */
export function ellipsize(
  doc: PdfDoc,
  text: string,
  font: string,
  size: number,
  width: number,
): string {
  if (widthOf(doc, text, font, size) <= width) return text;
  let end = text.length;
  while (end > 0 && widthOf(doc, text.slice(0, end).trimEnd() + ELLIPSIS, font, size) > width) {
    end--;
  }
  return text.slice(0, end).trimEnd() + ELLIPSIS;
}

/** Largest font size in [min, max] (0.25 pt steps) at which the text fits the width. */
export function fitFontSize(
  doc: PdfDoc,
  text: string,
  font: string,
  max: number,
  min: number,
  width: number,
): number {
  let size = max;
  while (size > min && widthOf(doc, text, font, size) > width) size -= 0.25;
  return Math.max(size, min);
}

/** Splits text without spaces (a URL) into lines that fit the width. */
export function breakIntoLines(
  doc: PdfDoc,
  text: string,
  font: string,
  size: number,
  width: number,
): string[] {
  const lines: string[] = [];
  let line = '';
  for (const char of text) {
    if (line && widthOf(doc, line + char, font, size) > width) {
      lines.push(line);
      line = '';
    }
    line += char;
  }
  if (line) lines.push(line);
  return lines;
}

export interface TextBlock {
  x: number;
  /** The top of the first line. */
  y: number;
  width: number;
  font: string;
  size: number;
  color: string;
  lineGap?: number;
}

/** Draws text wrapped at word boundaries to the block's width. Returns the y below its last line. */
export function textBlock(doc: PdfDoc, text: string, block: TextBlock): number {
  doc.font(block.font).fontSize(block.size).fillColor(block.color);
  doc.text(text, block.x, block.y, { width: block.width, lineGap: block.lineGap ?? 0 });
  return doc.y;
}

/**
 * Draws a QR code as vectors, sharp at any print resolution: a white square
 * of `size` points including the quiet zone, then runs of dark modules.
 * Returns the quiet zone's width in points, where the symbol itself begins.
 */
export function drawQrCode(
  doc: PdfDoc,
  matrix: QrMatrix,
  x: number,
  y: number,
  size: number,
): number {
  const unit = size / (matrix.size + 2 * QR_QUIET_ZONE);
  doc.rect(x, y, size, size).fill('#ffffff');
  for (const [row, col, length] of darkRuns(matrix)) {
    doc.rect(
      x + (col + QR_QUIET_ZONE) * unit,
      y + (row + QR_QUIET_ZONE) * unit,
      length * unit,
      unit,
    );
  }
  doc.fill('#000000');
  return QR_QUIET_ZONE * unit;
}
