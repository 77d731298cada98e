import jsQRModule from 'jsqr';
import * as mupdf from 'mupdf';

// jsqr is CommonJS; under Node's ESM interop the function is on `.default`.
const jsQR = jsQRModule.default;

/**
 * Rasterises one page of a PDF at the given resolution (as a print at that
 * dpi would show it) and reads the QR code on it, as a phone camera would.
 */
export function readQrFromPdf(
  pdf: Buffer,
  pageIndex: number,
  dpi = 150,
): { data: string; version: number } | null {
  const doc = mupdf.Document.openDocument(pdf, 'application/pdf');
  const scale = dpi / 72;
  const pixmap = doc
    .loadPage(pageIndex)
    .toPixmap(mupdf.Matrix.scale(scale, scale), mupdf.ColorSpace.DeviceRGB, true, true);
  const code = jsQR(
    new Uint8ClampedArray(pixmap.getPixels()),
    pixmap.getWidth(),
    pixmap.getHeight(),
  );
  return code ? { data: code.data, version: code.version } : null;
}

export function pdfPageCount(pdf: Buffer): number {
  return mupdf.Document.openDocument(pdf, 'application/pdf').countPages();
}
