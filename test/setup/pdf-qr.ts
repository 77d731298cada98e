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

/** Reads the QR code in a PNG (a screenshot), as a phone camera would. */
export function readQrFromPng(png: Buffer): { data: string; version: number } | null {
  const pixmap = new mupdf.Image(png).toPixmap();
  const width = pixmap.getWidth();
  const height = pixmap.getHeight();
  const stride = pixmap.getStride();
  // Components per pixel: colour channels, plus one if the pixmap has alpha.
  const n = pixmap.getNumberOfComponents() + (pixmap.getAlpha() ? 1 : 0);
  const src = pixmap.getPixels();
  const rgba = new Uint8ClampedArray(width * height * 4);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const s = y * stride + x * n;
      const d = (y * width + x) * 4;
      const grey = n < 3;
      rgba[d] = src[s];
      rgba[d + 1] = grey ? src[s] : src[s + 1];
      rgba[d + 2] = grey ? src[s] : src[s + 2];
      rgba[d + 3] = 255;
    }
  }
  const code = jsQR(rgba, width, height);
  return code ? { data: code.data, version: code.version } : null;
}
