import {
  LETTER_TEXTS,
  type LetterCategory,
  type LetterLanguage,
  type LetterTexts,
} from './decision-letter.messages.js';
import {
  cleanLetterText,
  drawLetterhead,
  LETTER_BODY_SIZE as BODY_SIZE,
  LETTER_BOLD as BOLD,
  LETTER_BOTTOM as BOTTOM,
  LETTER_COLOR as COLOR,
  LETTER_CONTENT_WIDTH as CONTENT_WIDTH,
  LETTER_LINE_GAP as LINE_GAP,
  LETTER_MARGIN as MARGIN,
  LETTER_PAGE as PAGE,
  LETTER_REGULAR as REGULAR,
  letterFonts,
  letterParagraphs as paragraphs,
  renderLetterPdf,
} from './letter-frame.js';
import { mm, type PdfDoc } from './pdf-layout.js';

export { containsIdentityNumber } from './letter-frame.js';

/**
 * The decision letter (vedtaksbrev) on an application for entry in the
 * register: an individual decision with reasons, legal basis and how to
 * appeal, as an A4 PDF. A pure function of its input: the same letter gives
 * the same bytes (the PDF's creation date is the letter's date).
 */
export interface DecisionLetter {
  /** The letter's language, the applicant's choice; a one-line offer of a translation is printed in the other. */
  lang: LetterLanguage;
  /** E.g. "2026/00042". */
  caseNumber: string;
  /** YYYY-MM-DD. */
  letterDate: string;
  /** addressLines may be empty (a protected address): then only the name is printed. */
  recipient: { name: string; addressLines: string[] };
  /** Printed when at least one language is approved. */
  interpreterNumber: number | null;
  outcomes: LetterOutcome[];
  handler: { name: string; title: string };
  kind: 'decision' | 'appeal_reversal';
}

export interface LetterOutcome {
  /** In the letter's language. */
  languageName: string;
  /** The language's name in itself; printed only when the letter's font can draw it (see printableNativeName). */
  nativeName: string | null;
  approved: boolean;
  category: LetterCategory | null;
  /** The handler chose a lower category than the evidence supports. */
  categoryLowered?: boolean;
  /** The case handler's free text: paragraphs separated by blank lines. */
  reasons: string;
}

// ---------------------------------------------------------------------------
// Fonts

/**
 * DejaVu Sans, embedded (subset): it covers every Latin letter a name may
 * have (æøå, ł, đ, ş, ő, …), Greek, Cyrillic, Armenian, Georgian, Arabic
 * script and Tifinagh. The standard PDF fonts cover Western European
 * letters only, so names like "Łukasz Đorđević" would be lost.
 */
const RTL = /[\p{Script=Arabic}\p{Script=Hebrew}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
const LETTER = /\p{L}/u;

/**
 * The native name as it is to be drawn, or null when it cannot be drawn
 * faithfully: when the font lacks a glyph for any character (Ethiopic,
 * Indic, Thai, CJK, … with DejaVu Sans), or when the name mixes
 * right-to-left and left-to-right letters (pdfkit has no bidi algorithm).
 * fontkit shapes and reverses each right-to-left word, but pdfkit places
 * words left to right, so the words of a right-to-left name are given in
 * reverse order.
 */
export function printableNativeName(name: string | null): string | null {
  const text = name?.normalize('NFC').replace(/\s+/g, ' ').trim();
  if (!text) return null;
  const { glyphs } = letterFonts();
  for (const char of text) {
    if (char !== ' ' && !glyphs.hasGlyphForCodePoint(char.codePointAt(0)!)) return null;
  }
  if (!RTL.test(text)) return text;
  const mixed = [...text].some((char) => LETTER.test(char) && !RTL.test(char));
  return mixed ? null : text.split(' ').reverse().join(' ');
}

// ---------------------------------------------------------------------------
// Free text

/** The letter never prints a national identity number, even one typed into the reasons. */
function clean(text: string, texts: LetterTexts): string {
  return cleanLetterText(text, texts.identityNumberRemoved);
}

// ---------------------------------------------------------------------------
// Layout

const PARAGRAPH_GAP = 6;
const INDENT = mm(6);
/** About the height of "Med hilsen", the handler's name, title and the electronic approval note. */
const SIGNATURE_HEIGHT = 100;

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseLetterDate(value: string): Date {
  const match = DATE.exec(value);
  const date = new Date(`${value}T00:00:00Z`);
  if (!match || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) {
    throw new Error(`letterDate must be a date as YYYY-MM-DD, got "${value}"`);
  }
  return date;
}

function formatLetterDate(date: Date, texts: LetterTexts): string {
  return texts.formatDate(
    date.getUTCDate(),
    texts.months[date.getUTCMonth()],
    date.getUTCFullYear(),
  );
}

export async function renderDecisionLetter(letter: DecisionLetter): Promise<Buffer> {
  const texts = LETTER_TEXTS[letter.lang];
  const date = parseLetterDate(letter.letterDate);
  return renderLetterPdf(
    {
      lang: letter.lang,
      title: texts.title[letter.kind],
      author: texts.directorate,
      subject: `${texts.ourReference} ${letter.caseNumber}`,
      date,
    },
    (doc) => new LetterWriter(doc, letter, texts, formatLetterDate(date, texts)).write(),
  );
}

class LetterWriter {
  constructor(
    private readonly doc: PdfDoc,
    private readonly letter: DecisionLetter,
    private readonly texts: LetterTexts,
    private readonly date: string,
  ) {}

  write(): void {
    this.letterhead();
    this.title();
    this.decision();
    this.categories();
    this.section(this.texts.legalHeading, [this.texts.legalBasis]);
    this.appeal();
    // The signature never stands alone on the last page: the questions go with it
    this.ensureSpace(SIGNATURE_HEIGHT + 60);
    this.section(this.texts.questionsHeading, [this.texts.questions]);
    this.signature();
    this.pageFurniture();
  }

  // -- first page: letterhead, reference block, recipient

  private letterhead(): void {
    const { doc, texts, letter } = this;
    const { referenceBottom, columnX } = drawLetterhead(doc, {
      registerName: texts.registerName,
      directorate: texts.directorate,
      references: [
        [texts.ourReference, clean(letter.caseNumber, texts)],
        [texts.date, clean(this.date, texts)],
      ],
    });

    // Recipient, where a window envelope shows it; a protected address is never printed
    const addressWidth = columnX - MARGIN.left - mm(8);
    doc.font(REGULAR).fontSize(10).fillColor(COLOR.text);
    doc.text(clean(letter.recipient.name, texts), MARGIN.left, mm(45), {
      width: addressWidth,
      lineGap: 1.5,
    });
    for (const line of letter.recipient.addressLines) {
      const text = clean(line, texts).trim();
      if (text) doc.text(text, MARGIN.left, doc.y, { width: addressWidth, lineGap: 1.5 });
    }
    doc.y = Math.max(doc.y, referenceBottom, mm(72)) + mm(8);
  }

  private title(): void {
    const { doc, texts, letter } = this;
    doc.font(BOLD).fontSize(14).fillColor(COLOR.text);
    doc.text(texts.title[letter.kind], MARGIN.left, doc.y, { width: CONTENT_WIDTH, lineGap: 1 });
    doc.moveDown(0.3);
    const other = LETTER_TEXTS[letter.lang === 'nb' ? 'en' : 'nb'];
    doc.font(REGULAR).fontSize(8).fillColor(COLOR.muted);
    doc.text(other.translationOffer, MARGIN.left, doc.y, { width: CONTENT_WIDTH });
    doc.y += mm(5);
    this.paragraph(texts.intro[letter.kind]);
  }

  // -- the decision, per language

  private decision(): void {
    const { doc, texts, letter } = this;
    const approved = letter.outcomes.filter((o) => o.approved).length;
    this.heading(texts.decisionHeading);
    const summary =
      approved === 0
        ? texts.summaryNone
        : approved === letter.outcomes.length
          ? texts.summaryAll(approved)
          : texts.summarySome;
    this.paragraph(
      approved > 0 && letter.interpreterNumber !== null
        ? `${summary} ${texts.interpreterNumber(letter.interpreterNumber)}`
        : summary,
    );

    letter.outcomes.forEach((outcome, i) => {
      // Keep a short outcome on one page; a long one starts with its first lines of reasons
      const height = this.outcomeHeight(outcome);
      this.ensureSpace(height <= BOTTOM - MARGIN.top ? height : 60);
      if (i > 0 && doc.y > MARGIN.top + 1) {
        doc
          .moveTo(MARGIN.left, doc.y)
          .lineTo(MARGIN.left + CONTENT_WIDTH, doc.y)
          .lineWidth(0.4)
          .stroke(COLOR.rule);
        doc.y += 7;
      } else {
        doc.y += 2;
      }
      this.languageLine(outcome);

      const x = MARGIN.left + INDENT;
      const width = CONTENT_WIDTH - INDENT;
      doc
        .font(BOLD)
        .fontSize(BODY_SIZE)
        .fillColor(outcome.approved ? COLOR.brand : COLOR.text);
      doc.text(outcome.approved ? texts.approved(outcome.category) : texts.rejected, x, doc.y, {
        width,
        lineGap: LINE_GAP,
      });
      if (outcome.approved && outcome.categoryLowered) {
        this.paragraph(texts.lowered, { x, width, gap: 0 });
      }
      doc.y += 4;
      doc.font(BOLD).fontSize(8).fillColor(COLOR.muted);
      doc.text(texts.reasons.toUpperCase(), x, doc.y, { width, characterSpacing: 0.4 });
      doc.y += 2;
      for (const p of paragraphs(clean(outcome.reasons, texts))) {
        this.paragraph(p, { x, width });
      }
      doc.y += 2;
    });
  }

  /** About the height an outcome takes: its lines, the reasons measured at their width. */
  private outcomeHeight(outcome: LetterOutcome): number {
    const { doc, texts } = this;
    const width = CONTENT_WIDTH - INDENT;
    doc.font(REGULAR).fontSize(BODY_SIZE);
    let height = 8 + 16 + 14 + 4 + 12;
    if (outcome.approved && outcome.categoryLowered) {
      height += doc.heightOfString(texts.lowered, { width, lineGap: LINE_GAP });
    }
    for (const p of paragraphs(clean(outcome.reasons, texts))) {
      height += doc.heightOfString(p, { width, lineGap: LINE_GAP }) + PARAGRAPH_GAP;
    }
    return height;
  }

  private languageLine(outcome: LetterOutcome): void {
    const { doc, texts } = this;
    const y = doc.y;
    const name = clean(outcome.languageName, texts).trim();
    doc.font(BOLD).fontSize(11).fillColor(COLOR.text);
    doc.text(name, MARGIN.left, y, { width: CONTENT_WIDTH, lineGap: 1 });
    const below = doc.y;
    const nameWidth = doc.widthOfString(name);
    const native = printableNativeName(outcome.nativeName);
    if (native && native !== name) {
      // Word by word: a right-to-left name comes in visual order, each word shaped on its own
      doc.font(REGULAR).fontSize(10.5).fillColor(COLOR.muted);
      const words = native.split(' ');
      const space = doc.widthOfString(' ');
      const nativeWidth =
        words.reduce((sum, w) => sum + doc.widthOfString(w), 0) + space * (words.length - 1);
      let x = MARGIN.left + nameWidth + 12;
      if (below - y < 20 && x + nativeWidth <= MARGIN.left + CONTENT_WIDTH) {
        for (const word of words) {
          doc.text(word, x, y + 0.5, { lineBreak: false });
          x += doc.widthOfString(word) + space;
        }
      }
    }
    doc.x = MARGIN.left;
    doc.y = below + 1;
  }

  // -- categories, legal basis, appeal

  private categories(): void {
    const { doc, texts } = this;
    this.heading(texts.categoriesHeading);
    this.paragraph(texts.categoriesIntro, { gap: 3 });
    doc.font(BOLD).fontSize(BODY_SIZE);
    const labelWidth = doc.widthOfString(texts.categoryLabel('E')) + mm(4);
    for (const category of ['A', 'B', 'C', 'D', 'E'] as const) {
      this.ensureSpace(14);
      const y = doc.y;
      doc.font(BOLD).fontSize(BODY_SIZE).fillColor(COLOR.text);
      doc.text(texts.categoryLabel(category), MARGIN.left + INDENT, y, { lineBreak: false });
      doc.font(REGULAR).fontSize(BODY_SIZE);
      doc.text(texts.categories[category], MARGIN.left + INDENT + labelWidth, y, {
        width: CONTENT_WIDTH - INDENT - labelWidth,
        lineGap: LINE_GAP,
      });
      doc.y += 1.5;
    }
    doc.y += PARAGRAPH_GAP - 1.5;
  }

  private appeal(): void {
    const { texts } = this;
    this.heading(texts.appealHeading);
    this.paragraph(texts.appealRight);
    this.paragraph(texts.appealHow);
    this.paragraph(`${texts.appealContentsIntro}:`, { gap: 2 });
    for (const item of texts.appealContents) this.bullet(item);
    this.doc.y += PARAGRAPH_GAP - 2;
    this.paragraph(texts.appealProcess);
    this.paragraph(texts.access);
  }

  private signature(): void {
    const { doc, texts, letter } = this;
    this.ensureSpace(SIGNATURE_HEIGHT);
    doc.y += 6;
    this.paragraph(texts.closing, { gap: 18 });
    doc.font(BOLD).fontSize(BODY_SIZE).fillColor(COLOR.text);
    doc.text(clean(letter.handler.name, texts), MARGIN.left, doc.y, { width: CONTENT_WIDTH });
    doc.font(REGULAR);
    doc.text(clean(letter.handler.title, texts), MARGIN.left, doc.y, {
      width: CONTENT_WIDTH,
      lineGap: LINE_GAP,
    });
    doc.text(texts.directorate, MARGIN.left, doc.y, { width: CONTENT_WIDTH });
    doc.y += 12;
    doc.font(REGULAR).fontSize(8).fillColor(COLOR.muted);
    doc.text(texts.electronicApproval, MARGIN.left, doc.y, { width: CONTENT_WIDTH });
  }

  // -- every page: header on continuation pages, footer with page numbers

  private pageFurniture(): void {
    const { doc, texts, letter } = this;
    const { start, count } = doc.bufferedPageRange();
    for (let i = 0; i < count; i++) {
      doc.switchToPage(start + i);
      // Text below the bottom margin would otherwise start a new page
      const bottomMargin = doc.page.margins.bottom;
      doc.page.margins.bottom = 0;

      if (i > 0) {
        const y = mm(13);
        doc.font(BOLD).fontSize(8).fillColor(COLOR.brand);
        doc.text(texts.registerName, MARGIN.left, y, { lineBreak: false });
        doc.font(REGULAR).fontSize(8).fillColor(COLOR.muted);
        doc.text(`${texts.ourReference} ${clean(letter.caseNumber, texts)}`, MARGIN.left, y, {
          width: CONTENT_WIDTH,
          align: 'right',
          lineBreak: false,
        });
        doc
          .moveTo(MARGIN.left, mm(18))
          .lineTo(PAGE.width - MARGIN.right, mm(18))
          .lineWidth(0.4)
          .stroke(COLOR.rule);
      }

      const ruleY = PAGE.height - mm(17);
      doc
        .moveTo(MARGIN.left, ruleY)
        .lineTo(PAGE.width - MARGIN.right, ruleY)
        .lineWidth(0.4)
        .stroke(COLOR.rule);
      const pageText = texts.page(i + 1, count);
      doc.font(REGULAR).fontSize(7.5);
      const pageWidth = doc.widthOfString(pageText);
      doc.fillColor(COLOR.muted);
      doc.text(texts.footer, MARGIN.left, ruleY + 5, {
        width: CONTENT_WIDTH - pageWidth - mm(8),
        lineGap: 1,
      });
      doc.text(pageText, PAGE.width - MARGIN.right - pageWidth, ruleY + 5, { lineBreak: false });

      doc.page.margins.bottom = bottomMargin;
    }
  }

  // -- text primitives (flowing; pdfkit breaks pages at the bottom margin)

  private heading(text: string): void {
    const { doc } = this;
    this.ensureSpace(60);
    doc.y += 6;
    doc.font(BOLD).fontSize(11.5).fillColor(COLOR.brand);
    doc.text(text, MARGIN.left, doc.y, { width: CONTENT_WIDTH });
    doc.y += 4;
  }

  private section(heading: string, body: string[]): void {
    this.heading(heading);
    for (const p of body) this.paragraph(p);
  }

  private paragraph(text: string, at: { x?: number; width?: number; gap?: number } = {}): void {
    const { doc } = this;
    doc.font(REGULAR).fontSize(BODY_SIZE).fillColor(COLOR.text);
    doc.text(text, at.x ?? MARGIN.left, doc.y, {
      width: at.width ?? CONTENT_WIDTH,
      lineGap: LINE_GAP,
    });
    doc.y += at.gap ?? PARAGRAPH_GAP;
  }

  private bullet(text: string): void {
    const { doc } = this;
    this.ensureSpace(14);
    const y = doc.y;
    doc.font(REGULAR).fontSize(BODY_SIZE).fillColor(COLOR.text);
    doc.text('•', MARGIN.left + INDENT * 0.4, y, { lineBreak: false });
    doc.text(text, MARGIN.left + INDENT, y, { width: CONTENT_WIDTH - INDENT, lineGap: LINE_GAP });
    doc.y += 1;
  }

  /** Starts a new page unless `height` points are left above the bottom margin. */
  private ensureSpace(height: number): void {
    if (this.doc.y + height > BOTTOM) this.doc.addPage();
  }
}
