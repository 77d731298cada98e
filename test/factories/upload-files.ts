import { crc32, deflateSync } from 'node:zlib';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';

// Files made on the spot for the upload tests: nothing binary is checked in.

/** A one-page PDF, as pdfkit writes it. */
export async function pdfFixture(text = 'Vitnemål / Diploma'): Promise<Buffer> {
  const doc = new PDFDocument({ size: 'A4' });
  const chunks: Buffer[] = [];
  doc.on('data', (chunk: Buffer) => chunks.push(chunk));
  const done = new Promise<void>((resolve) => doc.on('end', () => resolve()));
  doc.text(text);
  doc.end();
  await done;
  return Buffer.concat(chunks);
}

/** A plain image of this size (a gradient, so the encoder has something to do). */
export async function imageFixture(
  width: number,
  height: number,
  format: 'jpeg' | 'png',
): Promise<Buffer> {
  const image = sharp({ create: { width, height, channels: 3, background: '#3a6ea5' } });
  return format === 'jpeg' ? image.jpeg().toBuffer() : image.png().toBuffer();
}

export const SECRET = {
  description: 'Taken at home in Storgata 1',
  xmp: 'xmp-secret-creator',
  comment: 'jpeg-comment-secret',
};

/**
 * A phone photo as it arrives: a JPEG with EXIF (camera text, GPS position,
 * orientation 6, i.e. stored sideways), XMP, an ICC profile and a comment.
 */
export async function jpegWithMetadata(width = 1000, height = 800): Promise<Buffer> {
  const jpeg = await sharp({ create: { width, height, channels: 3, background: '#c08040' } })
    .withExif({
      IFD0: { ImageDescription: SECRET.description, Make: 'PhoneMaker' },
      IFD3: {
        GPSLatitudeRef: 'N',
        GPSLatitude: '59/1 54/1 4/1',
        GPSLongitudeRef: 'E',
        GPSLongitude: '10/1 45/1 7/1',
      },
    })
    .withMetadata({ orientation: 6 })
    .withXmp(
      `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">` +
        `<rdf:Description xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:creator>${SECRET.xmp}</dc:creator>` +
        `</rdf:Description></rdf:RDF></x:xmpmeta>`,
    )
    .withIccProfile('p3')
    .jpeg()
    .toBuffer();
  // A COM segment right after SOI.
  const text = Buffer.from(SECRET.comment);
  const length = Buffer.alloc(2);
  length.writeUInt16BE(text.length + 2);
  return Buffer.concat([
    jpeg.subarray(0, 2),
    Buffer.from([0xff, 0xfe]),
    length,
    text,
    jpeg.subarray(2),
  ]);
}

function chunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([head, body, crc]);
}

/**
 * A decompression bomb: a valid black-and-white PNG of width × height pixels
 * (1 bit each) in a few dozen kilobytes; decoded to RGBA, 20 000 × 20 000
 * would take 1.6 GB.
 */
export function pngBomb(width = 20_000, height = 20_000): Buffer {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 1; // bit depth
  ihdr[9] = 0; // greyscale
  const raw = Buffer.alloc((Math.ceil(width / 8) + 1) * height); // filter 0, all black
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The first bytes of executables and an SVG image, which no upload may be. */
export const ELF = Buffer.concat([
  Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]),
  Buffer.alloc(120, 0),
]);
export const WINDOWS_EXE = (() => {
  const exe = Buffer.alloc(256, 0);
  exe.write('MZ', 0, 'latin1');
  exe.writeUInt32LE(0x80, 0x3c);
  exe.write('PE\0\0', 0x80, 'latin1');
  return exe;
})();
export const SVG = Buffer.from(
  '<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="400" height="500">' +
    '<script>alert(document.cookie)</script><rect width="400" height="500"/></svg>',
);
