import QRCode from 'qrcode';
import { darkRuns, QR_QUIET_ZONE, type QrMatrix } from '../documents/qr-modules.js';

/** The card layout is designed for QR codes of this version or lower (error correction M). */
export const MAX_QR_VERSION = 10;

export function qrMatrix(text: string): QrMatrix {
  const qr = QRCode.create(text, { errorCorrectionLevel: 'M' });
  if (qr.version > MAX_QR_VERSION) {
    throw new Error(
      `QR code for a ${text.length}-character text needs version ${qr.version}; ` +
        `the card allows at most version ${MAX_QR_VERSION} at error correction M`,
    );
  }
  const { size } = qr.modules;
  return {
    version: qr.version,
    size,
    isDark: (row, col) => Boolean(qr.modules.get(row, col)),
  };
}

export function escapeXml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/** An accessible inline SVG of the QR code: one path of dark modules on a white background. */
export function qrSvg(text: string, opts: { title: string; moduleSize?: number }): string {
  const matrix = qrMatrix(text);
  const full = matrix.size + 2 * QR_QUIET_ZONE;
  const px = full * (opts.moduleSize ?? 6);
  const d = darkRuns(matrix)
    .map(([row, col, len]) => `M${col + QR_QUIET_ZONE} ${row + QR_QUIET_ZONE}h${len}v1h-${len}z`)
    .join('');
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" role="img" viewBox="0 0 ${full} ${full}" ` +
    `width="${px}" height="${px}" shape-rendering="crispEdges">` +
    `<title>${escapeXml(opts.title)}</title>` +
    `<rect width="${full}" height="${full}" fill="#fff"/>` +
    `<path fill="#000" d="${d}"/>` +
    `</svg>`
  );
}
