import sharp from 'sharp';
import {
  ELF,
  SECRET,
  SVG,
  WINDOWS_EXE,
  imageFixture,
  jpegWithMetadata,
  pdfFixture,
  pngBomb,
} from '../../test/factories/upload-files.js';
import {
  CARD_PHOTO,
  DEFAULT_INTAKE_LIMITS,
  EVIDENCE_MAX_SIDE,
  inspectUpload,
  type AcceptedUpload,
} from './intake.js';
import { UploadRefusedError } from './intake.js';

/** The refusal's code and status, or a failure when the upload was taken. */
async function refusal(
  promise: Promise<AcceptedUpload>,
): Promise<{ code: string; status: number }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof UploadRefusedError) return { code: error.code, status: error.getStatus() };
    throw error;
  }
  throw new Error('the upload was taken');
}

/** Every metadata marker a stored image must not carry, searched for in its bytes. */
function metadataLeftIn(bytes: Buffer): string[] {
  const text = bytes.toString('latin1');
  return [
    'Exif',
    'GPS',
    'xmp',
    'XMP',
    'ICC_PROFILE',
    'PhoneMaker',
    ...Object.values(SECRET),
  ].filter((marker) => text.includes(marker));
}

describe('taking an upload (type from the bytes, images re-encoded)', () => {
  it('keeps a PDF as sent, with its hash and a cleaned display name', async () => {
    const pdf = await pdfFixture();
    const taken = await inspectUpload(pdf, 'evidence', 'C:\\Users\\kari\\Vitnemål 2024.pdf');
    expect(taken.mediaType).toBe('application/pdf');
    expect(taken.bytes.equals(pdf)).toBe(true);
    expect(taken.byteSize).toBe(pdf.length);
    expect(taken.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(taken.displayName).toBe('Vitnemål 2024.pdf');
    expect([taken.width, taken.height]).toEqual([null, null]);
  });

  it('believes the bytes, not the name: a PDF called .jpg is a PDF for evidence and no photo', async () => {
    const pdf = await pdfFixture();
    const taken = await inspectUpload(pdf, 'evidence', 'diplom.jpg');
    expect(taken.mediaType).toBe('application/pdf');
    expect(taken.displayName).toBe('diplom.pdf');
    expect(await refusal(inspectUpload(pdf, 'photo', 'me.jpg'))).toEqual({
      code: 'UNSUPPORTED_FILE_TYPE',
      status: 415,
    });
  });

  it.each([
    ['a Linux executable', ELF],
    ['a Windows executable', WINDOWS_EXE],
    ['an SVG image with a script', SVG],
    ['plain text', Buffer.from('just some text that claims to be an image')],
    ['a file that only starts like a PDF', Buffer.from('%PDF-')],
  ])('refuses %s called .jpg as an unsupported type', async (_what, bytes) => {
    for (const purpose of ['evidence', 'photo'] as const) {
      expect((await refusal(inspectUpload(bytes, purpose, 'scan.jpg'))).code).toMatch(
        /^(UNSUPPORTED_FILE_TYPE|PDF_UNREADABLE)$/,
      );
    }
    expect(await refusal(inspectUpload(ELF, 'evidence', 'x.jpg'))).toEqual({
      code: 'UNSUPPORTED_FILE_TYPE',
      status: 415,
    });
  });

  it('refuses an empty file and one over the byte limit', async () => {
    expect(await refusal(inspectUpload(Buffer.alloc(0), 'evidence', 'a.pdf'))).toEqual({
      code: 'EMPTY_FILE',
      status: 422,
    });
    const pdf = await pdfFixture();
    expect(
      await refusal(
        inspectUpload(pdf, 'evidence', 'a.pdf', { ...DEFAULT_INTAKE_LIMITS, maxBytes: 100 }),
      ),
    ).toEqual({ code: 'FILE_TOO_LARGE', status: 413 });
  });

  it('refuses a 20 000 × 20 000 PNG of a few dozen kilobytes before decoding it', async () => {
    const bomb = pngBomb();
    expect(bomb.length).toBeLessThan(100 * 1024);
    expect(await sharp(bomb, { limitInputPixels: false }).metadata()).toMatchObject({
      width: 20_000,
      height: 20_000,
    });
    const started = Date.now();
    for (const purpose of ['evidence', 'photo'] as const) {
      expect(await refusal(inspectUpload(bomb, purpose, 'bomb.png'))).toEqual({
        code: 'IMAGE_TOO_LARGE',
        status: 422,
      });
    }
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it('refuses a damaged image', async () => {
    const jpeg = await imageFixture(800, 1000, 'jpeg');
    const cut = jpeg.subarray(0, Math.floor(jpeg.length / 2));
    expect(await refusal(inspectUpload(cut, 'evidence', 'cut.jpg'))).toEqual({
      code: 'IMAGE_UNREADABLE',
      status: 422,
    });
  });

  it('stores a phone photo with no EXIF, GPS, XMP, ICC or comment, upright', async () => {
    const original = await jpegWithMetadata(1000, 800); // stored sideways, orientation 6
    const before = await sharp(original).metadata();
    expect(before.orientation).toBe(6);
    // The GPS IFD pointer (tag 0x8825) is in the EXIF block.
    expect(
      before.exif!.includes(Buffer.from([0x88, 0x25])) ||
        before.exif!.includes(Buffer.from([0x25, 0x88])),
    ).toBe(true);
    expect(before.xmp).toBeDefined();
    expect(before.icc).toBeDefined();
    expect(metadataLeftIn(original)).toEqual(expect.arrayContaining(['Exif', SECRET.comment]));

    for (const purpose of ['evidence', 'photo', 'attachment'] as const) {
      const taken = await inspectUpload(original, purpose, 'IMG_0001.JPG');
      const after = await sharp(taken.bytes).metadata();
      expect(after.format).toBe('jpeg');
      expect(after.exif).toBeUndefined();
      expect(after.xmp).toBeUndefined();
      expect(after.icc).toBeUndefined();
      expect(after.iptc).toBeUndefined();
      expect(after.comments ?? []).toEqual([]);
      expect(after.orientation).toBeUndefined();
      expect(metadataLeftIn(taken.bytes)).toEqual([]);
      // Turned upright by its orientation: taller than wide.
      expect(after.height).toBeGreaterThan(after.width);
    }
    const evidence = await inspectUpload(original, 'evidence', 'IMG_0001.JPG');
    expect([evidence.width, evidence.height]).toEqual([800, 1000]);
  });

  it('crops a photo to the card (4:5) at one size, as a JPEG', async () => {
    for (const [width, height, format] of [
      [1200, 900, 'png'],
      [400, 500, 'jpeg'],
      [3000, 4500, 'jpeg'],
    ] as const) {
      const taken = await inspectUpload(await imageFixture(width, height, format), 'photo', 'p');
      expect(taken.mediaType).toBe('image/jpeg');
      expect([taken.width, taken.height]).toEqual([CARD_PHOTO.width, CARD_PHOTO.height]);
      expect(await sharp(taken.bytes).metadata()).toMatchObject({
        format: 'jpeg',
        width: CARD_PHOTO.width,
        height: CARD_PHOTO.height,
      });
      expect(taken.displayName).toBe('p.jpg');
    }
  });

  it('refuses a photo of 50 × 50 pixels, and one too narrow to crop', async () => {
    expect(
      await refusal(inspectUpload(await imageFixture(50, 50, 'jpeg'), 'photo', 'p.jpg')),
    ).toEqual({ code: 'PHOTO_TOO_SMALL', status: 422 });
    expect(
      await refusal(inspectUpload(await imageFixture(319, 400, 'png'), 'photo', 'p.png')),
    ).toEqual({ code: 'PHOTO_TOO_SMALL', status: 422 });
    expect(
      await refusal(inspectUpload(await imageFixture(400, 1200, 'png'), 'photo', 'p.png')),
    ).toEqual({ code: 'PHOTO_WRONG_SHAPE', status: 422 });
  });

  it('keeps evidence images in their type, capped on the long side, and drops anything appended', async () => {
    const png = await imageFixture(300, 200, 'png');
    const polyglot = Buffer.concat([png, Buffer.from('<html><script>alert(1)</script></html>')]);
    const taken = await inspectUpload(polyglot, 'evidence', 'scan.png');
    expect(taken.mediaType).toBe('image/png');
    expect([taken.width, taken.height]).toEqual([300, 200]);
    expect(taken.bytes.toString('latin1')).not.toContain('<script>');

    const big = await inspectUpload(await imageFixture(6000, 3000, 'jpeg'), 'evidence', 'big');
    expect([big.width, big.height]).toEqual([EVIDENCE_MAX_SIDE, EVIDENCE_MAX_SIDE / 2]);
  });
});
