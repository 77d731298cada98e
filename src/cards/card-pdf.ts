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
  type PdfDoc,
} from '../documents/pdf-layout.js';
import { qrMatrix } from './qr.js';

export interface CardLanguage {
  code: string;
  nameNb: string;
  nameEn: string;
  nativeName: string | null;
  category: 'A' | 'B' | 'C' | 'D' | 'E';
}

export interface PrintableCard {
  /** E.g. "10234-2": interpreter number and card sequence. */
  cardNumber: string;
  interpreterNumber: number;
  givenName: string;
  familyName: string;
  /** Already sorted for display. */
  languages: CardLanguage[];
  issuedAt: Date;
  expiresAt: Date;
  photo: { data: Buffer; mediaType: 'image/jpeg' | 'image/png' } | null;
  /** Goes into the QR code and is printed as text on the back. */
  verificationUrl: string;
}

/** ID-1 / CR80 card, landscape. */
export const CARD_WIDTH = mm(85.6);
export const CARD_HEIGHT = mm(54);

const MARGIN = mm(4);
const HEADER_HEIGHT = mm(7.5);
const PHOTO = { x: MARGIN, y: HEADER_HEIGHT + mm(3), width: mm(20), height: mm(25) };
const INFO_X = PHOTO.x + PHOTO.width + mm(3.5);
const INFO_WIDTH = CARD_WIDTH - INFO_X - MARGIN;
const QR_SIZE = mm(38);

const COLOR = {
  brand: '#1d3b6f',
  text: '#111827',
  muted: '#5b6473',
  placeholder: '#e4e8ee',
  silhouette: '#b3bccb',
  rule: '#c9d1dc',
};

const dateFormat = new Intl.DateTimeFormat('nb-NO', {
  timeZone: 'Europe/Oslo',
  day: '2-digit',
  month: '2-digit',
  year: 'numeric',
});

export function formatCardDate(date: Date): string {
  return dateFormat.format(date);
}

export function renderCardsPdf(cards: PrintableCard[]): Promise<Buffer> {
  return renderPdf(
    {
      autoFirstPage: false,
      compress: true,
      lang: 'nb-NO',
      info: {
        Title: 'Tolkekort / Interpreter card',
        Author: 'Nasjonalt tolkeregister',
        Subject: 'Tolkekort / Interpreter card',
      },
    },
    (doc) => {
      for (const card of cards) {
        addCardPage(doc);
        drawFront(doc, card);
        addCardPage(doc);
        drawBack(doc, card);
      }
    },
  );
}

function addCardPage(doc: PdfDoc): void {
  doc.addPage({ size: [CARD_HEIGHT, CARD_WIDTH], layout: 'landscape', margin: 0 });
}

function drawLabel(doc: PdfDoc, label: string, x: number, baseline: number): void {
  textAt(doc, label, x, baseline, REGULAR, 4.8, COLOR.muted);
}

function drawFront(doc: PdfDoc, card: PrintableCard): void {
  // Header band
  doc.rect(0, 0, CARD_WIDTH, HEADER_HEIGHT).fill(COLOR.brand);
  const headerBaseline = HEADER_HEIGHT / 2 + 2.6;
  const titleWidth = textAt(
    doc,
    'NASJONALT TOLKEREGISTER',
    MARGIN,
    headerBaseline,
    BOLD,
    7.5,
    '#ffffff',
  );
  textAt(
    doc,
    '  ·  Tolkekort / Interpreter card',
    MARGIN + titleWidth,
    headerBaseline,
    REGULAR,
    6.5,
    '#ffffff',
  );

  drawPhoto(doc, card.photo);

  // Below the photo: issue and expiry dates
  let y = PHOTO.y + PHOTO.height + mm(3.2);
  drawLabel(doc, 'Gyldig til / Valid until', PHOTO.x, y);
  textAt(doc, formatCardDate(card.expiresAt), PHOTO.x, y + 8.5, BOLD, 8, COLOR.text);
  y += 17.5;
  drawLabel(doc, 'Utstedt / Issued', PHOTO.x, y);
  textAt(doc, formatCardDate(card.issuedAt), PHOTO.x, y + 7.5, REGULAR, 6.5, COLOR.text);

  // Name
  const name = `${card.givenName} ${card.familyName}`.replace(/\s+/g, ' ').trim();
  const nameSize = fitFontSize(doc, name, BOLD, 11, 7, INFO_WIDTH);
  y = PHOTO.y + 8;
  textAt(
    doc,
    ellipsize(doc, name, BOLD, nameSize, INFO_WIDTH),
    INFO_X,
    y,
    BOLD,
    nameSize,
    COLOR.text,
  );

  // Interpreter and card numbers, side by side
  y += 11;
  const column = INFO_WIDTH / 2;
  drawLabel(doc, 'Tolkenummer / Interpreter no.', INFO_X, y);
  drawLabel(doc, 'Kortnummer / Card no.', INFO_X + column, y);
  textAt(doc, String(card.interpreterNumber), INFO_X, y + 8.5, BOLD, 8, COLOR.text);
  textAt(doc, card.cardNumber, INFO_X + column, y + 8.5, BOLD, 8, COLOR.text);

  // Languages
  y += 21;
  doc
    .moveTo(INFO_X, y - 7)
    .lineTo(INFO_X + INFO_WIDTH, y - 7)
    .lineWidth(0.4)
    .stroke(COLOR.rule);
  drawLabel(doc, 'Språk og kategori / Languages and category', INFO_X, y);
  drawLanguages(doc, card.languages, y + 8.5, CARD_HEIGHT - mm(3));

  // Bottom accent
  doc.rect(0, CARD_HEIGHT - mm(1.2), CARD_WIDTH, mm(1.2)).fill(COLOR.brand);
}

function drawPhoto(doc: PdfDoc, photo: PrintableCard['photo']): void {
  const { x, y, width, height } = PHOTO;
  if (photo) {
    doc.save();
    doc.rect(x, y, width, height).clip();
    doc.image(photo.data, x, y, { cover: [width, height], align: 'center', valign: 'center' });
    doc.restore();
  } else {
    doc.rect(x, y, width, height).fill(COLOR.placeholder);
    // Head-and-shoulders silhouette, clipped to the frame
    const cx = x + width / 2;
    doc.save();
    doc.rect(x, y, width, height).clip();
    doc.circle(cx, y + height * 0.36, width * 0.2).fill(COLOR.silhouette);
    doc.ellipse(cx, y + height * 0.86, width * 0.38, height * 0.25).fill(COLOR.silhouette);
    doc.restore();
    doc.rect(x, y + height - 12.5, width, 12.5).fill(COLOR.placeholder);
    for (const [i, line] of ['Foto mangler', 'No photo'].entries()) {
      const w = widthOf(doc, line, REGULAR, 4.5);
      textAt(doc, line, cx - w / 2, y + height - 7.2 + i * 5, REGULAR, 4.5, COLOR.muted);
    }
  }
  doc.rect(x, y, width, height).lineWidth(0.5).stroke(COLOR.rule);
}

function drawLanguages(
  doc: PdfDoc,
  languages: CardLanguage[],
  firstBaseline: number,
  bottom: number,
) {
  const lineHeight = 8.2;
  const size = 7;
  const capacity = Math.max(1, Math.floor((bottom - firstBaseline) / lineHeight) + 1);
  const shown = languages.length <= capacity ? languages : languages.slice(0, capacity - 1);

  shown.forEach((language, i) => {
    const baseline = firstBaseline + i * lineHeight;
    const suffix = ' – kategori ';
    const fixed = widthOf(doc, suffix, REGULAR, size) + widthOf(doc, language.category, BOLD, size);
    const name = ellipsize(doc, language.nameNb, REGULAR, size, INFO_WIDTH - fixed);
    let x = INFO_X + textAt(doc, name, INFO_X, baseline, REGULAR, size, COLOR.text);
    x += textAt(doc, suffix, x, baseline, REGULAR, size, COLOR.text);
    x += textAt(doc, language.category, x, baseline, BOLD, size, COLOR.text);

    // English name in small grey text when it adds information and fits
    if (language.nameEn && language.nameEn !== language.nameNb) {
      const english = `  ·  ${language.nameEn}`;
      if (x + widthOf(doc, english, REGULAR, 5) <= INFO_X + INFO_WIDTH) {
        textAt(doc, english, x, baseline, REGULAR, 5, COLOR.muted);
      }
    }
  });

  const hidden = languages.length - shown.length;
  if (hidden > 0) {
    const baseline = firstBaseline + shown.length * lineHeight;
    textAt(doc, `+ ${hidden} flere / more`, INFO_X, baseline, BOLD, 6.5, COLOR.muted);
  }
}

function drawBack(doc: PdfDoc, card: PrintableCard): void {
  const qrX = mm(2.5);
  const qrY = mm(2.5);
  const quietZone = drawQrCode(doc, qrMatrix(card.verificationUrl), qrX, qrY, QR_SIZE);

  // Text to the right of the QR code
  const textX = qrX + QR_SIZE + mm(1.5);
  const textWidth = CARD_WIDTH - textX - MARGIN;
  doc.rect(textX, qrY + quietZone, mm(1), mm(11)).fill(COLOR.brand);
  const paragraph = (text: string, y: number, font: string, size: number, color: string) =>
    textBlock(doc, text, {
      x: textX + mm(2.5),
      y,
      width: textWidth - mm(2.5),
      font,
      size,
      color,
      lineGap: 0.6,
    });
  let y = qrY + quietZone - 1.5;
  y = paragraph('Skann for å sjekke at tolken er godkjent nå', y, BOLD, 8, COLOR.text);
  y = paragraph(
    'Scan to check that the interpreter is in good standing now',
    y + 1.5,
    REGULAR,
    6.3,
    COLOR.muted,
  );

  y = paragraph(
    'Kortet tilhører Nasjonalt tolkeregister. Funnet? Send det til IMDi.',
    y + mm(4),
    REGULAR,
    5.5,
    COLOR.text,
  );
  paragraph(
    'This card belongs to the National Register of Interpreters. Found? Please return it to IMDi.',
    y + 1,
    REGULAR,
    5,
    COLOR.muted,
  );

  // Verification URL, broken into lines that fit, at the bottom
  const urlSize = 5;
  const urlWidth = CARD_WIDTH - 2 * MARGIN;
  const lines = breakIntoLines(doc, card.verificationUrl, REGULAR, urlSize, urlWidth);
  const lineHeight = 6;
  const lastBaseline = CARD_HEIGHT - mm(3.2);
  const firstBaseline = lastBaseline - (lines.length - 1) * lineHeight;
  doc
    .moveTo(MARGIN, firstBaseline - 7.5)
    .lineTo(CARD_WIDTH - MARGIN, firstBaseline - 7.5)
    .lineWidth(0.4)
    .stroke(COLOR.rule);
  lines.forEach((line, i) => {
    textAt(doc, line, MARGIN, firstBaseline + i * lineHeight, REGULAR, urlSize, COLOR.text);
  });

  doc.rect(0, CARD_HEIGHT - mm(1.2), CARD_WIDTH, mm(1.2)).fill(COLOR.brand);
}
