import { createHash } from 'node:crypto';
import { HttpStatus } from '@nestjs/common';
import { fileTypeFromBuffer } from 'file-type';
import sharp, { type Metadata } from 'sharp';
import { DomainError } from '../common/problem.js';
import { cleanDisplayName } from './display-name.js';

/** What an upload is for: decides which types are taken and how images are treated. */
export const DOCUMENT_PURPOSES = ['evidence', 'photo', 'attachment'] as const;
export type DocumentPurpose = (typeof DOCUMENT_PURPOSES)[number];

/** The only types the register stores, as sniffed from the bytes. */
export const DOCUMENT_MEDIA_TYPES = ['application/pdf', 'image/jpeg', 'image/png'] as const;
export type DocumentMediaType = (typeof DOCUMENT_MEDIA_TYPES)[number];

/**
 * The card's photo box is 20 × 25 mm (`PHOTO` in src/cards/card-pdf.ts): 4:5.
 * Photos are cropped to that ratio and scaled to one size, 640 × 800 pixels
 * (about 800 dpi on the card, enough for any printer), so every card gets the
 * same, small, metadata-free JPEG.
 */
export const CARD_PHOTO = { width: 640, height: 800, quality: 85 } as const;
/** The smallest photo taken: half the output size, so the crop never enlarges more than 2×. */
export const PHOTO_MIN = { width: 320, height: 400 } as const;
/** Width / height outside this range would crop away most of the picture. */
const PHOTO_ASPECT = { min: 0.4, max: 2.0 } as const;
/** Images kept as evidence are re-encoded and at most this long on their long side. */
export const EVIDENCE_MAX_SIDE = 4000;
/** Decoding a hostile image must not hold a core for long. */
const SHARP_TIMEOUT_SECONDS = 20;

export interface IntakeLimits {
  /** The largest upload taken, in bytes (UPLOAD_MAX_BYTES). */
  maxBytes: number;
  /** The most pixels an image may declare before it is decoded (UPLOAD_MAX_PIXELS). */
  maxPixels: number;
}

export const DEFAULT_INTAKE_LIMITS: IntakeLimits = {
  maxBytes: 10 * 1024 * 1024,
  maxPixels: 40_000_000,
};

declare const accepted: unique symbol;

/**
 * An upload that passed intake: the bytes to store (a PDF as sent, an image
 * re-encoded without metadata) and what is known about them. Only
 * `inspectUpload` makes one (the brand), so storage never sees unchecked bytes.
 */
export interface AcceptedUpload {
  readonly [accepted]: true;
  readonly purpose: DocumentPurpose;
  readonly mediaType: DocumentMediaType;
  readonly bytes: Buffer;
  readonly byteSize: number;
  /** Hex SHA-256 of `bytes`. */
  readonly sha256: string;
  /** The client's file name cleaned for display (never a path), its extension the sniffed type's. */
  readonly displayName: string;
  readonly width: number | null;
  readonly height: number | null;
}

export class UploadRefusedError extends DomainError {}

export function fileTooLarge(maxBytes: number): UploadRefusedError {
  return new UploadRefusedError(
    'FILE_TOO_LARGE',
    `The file is too large: at most ${formatBytes(maxBytes)} is taken.`,
    HttpStatus.PAYLOAD_TOO_LARGE,
  );
}

function formatBytes(bytes: number): string {
  return bytes >= 1024 * 1024
    ? `${Math.round((bytes / 1024 / 1024) * 10) / 10} MiB`
    : `${Math.ceil(bytes / 1024)} KiB`;
}

const unsupported = (purpose: DocumentPurpose) =>
  new UploadRefusedError(
    'UNSUPPORTED_FILE_TYPE',
    purpose === 'photo'
      ? 'A photo must be a JPEG or PNG image.'
      : 'Only PDF, JPEG and PNG files are taken.',
    HttpStatus.UNSUPPORTED_MEDIA_TYPE,
  );

const unreadable = (what: 'PDF' | 'image') =>
  new UploadRefusedError(
    what === 'PDF' ? 'PDF_UNREADABLE' : 'IMAGE_UNREADABLE',
    `The ${what} could not be read; it may be damaged. Try saving it again.`,
    HttpStatus.UNPROCESSABLE_ENTITY,
  );

/**
 * Decides whether an upload is taken, and turns it into what is stored.
 *
 * - The type comes from the bytes (file-type), never from the client's name
 *   or Content-Type: PDF, JPEG and PNG only; a photo must be an image.
 * - A PDF is kept as sent (it must start with `%PDF-`).
 * - An image is decoded with a pixel limit (a small file declaring a huge
 *   canvas is refused before it is decoded), turned upright by its EXIF
 *   orientation and re-encoded without any metadata (EXIF with GPS, XMP,
 *   ICC, comments).
 * - A photo must be at least PHOTO_MIN; it is cropped to the card's 4:5 and
 *   scaled to CARD_PHOTO as a JPEG.
 *
 * Throws an UploadRefusedError (a DomainError: problem+json) naming why.
 */
export async function inspectUpload(
  bytes: Buffer,
  purpose: DocumentPurpose,
  clientName: string | undefined,
  limits: IntakeLimits = DEFAULT_INTAKE_LIMITS,
): Promise<AcceptedUpload> {
  if (bytes.length === 0) {
    throw new UploadRefusedError(
      'EMPTY_FILE',
      'The file is empty.',
      HttpStatus.UNPROCESSABLE_ENTITY,
    );
  }
  if (bytes.length > limits.maxBytes) throw fileTooLarge(limits.maxBytes);

  const sniffed = await fileTypeFromBuffer(bytes);
  const mediaType = DOCUMENT_MEDIA_TYPES.find((type) => type === sniffed?.mime);
  if (mediaType === undefined) throw unsupported(purpose);

  let output: {
    bytes: Buffer;
    mediaType: DocumentMediaType;
    width: number | null;
    height: number | null;
  };
  if (mediaType === 'application/pdf') {
    if (purpose === 'photo') throw unsupported(purpose);
    if (!looksLikePdf(bytes)) throw unreadable('PDF');
    output = { bytes, mediaType, width: null, height: null };
  } else {
    output = await reencodeImage(bytes, mediaType, purpose, limits);
  }

  return {
    purpose,
    mediaType: output.mediaType,
    bytes: output.bytes,
    byteSize: output.bytes.length,
    sha256: createHash('sha256').update(output.bytes).digest('hex'),
    displayName: cleanDisplayName(clientName, output.mediaType, purpose),
    width: output.width,
    height: output.height,
  } as AcceptedUpload;
}

/**
 * A PDF's frame: the header `%PDF-1.x` or `%PDF-2.x` at the start and the
 * end-of-file marker in the last kilobyte (ISO 32000). The body is not parsed:
 * the file is stored and offered back as an attachment only.
 */
function looksLikePdf(bytes: Buffer): boolean {
  const head = bytes.subarray(0, 8).toString('latin1');
  const tail = bytes.subarray(Math.max(0, bytes.length - 1024)).toString('latin1');
  return /^%PDF-[12]\.\d/.test(head) && tail.includes('%%EOF');
}

async function reencodeImage(
  bytes: Buffer,
  mediaType: 'image/jpeg' | 'image/png',
  purpose: DocumentPurpose,
  limits: IntakeLimits,
): Promise<{ bytes: Buffer; mediaType: DocumentMediaType; width: number; height: number }> {
  // The header's dimensions first: a decompression bomb is refused before
  // a single pixel is decoded. limitInputPixels below holds it again.
  let declared: Metadata;
  try {
    // Reads the header only; the pixel limit is applied to what it declares.
    declared = await sharp(bytes, { failOn: 'error', limitInputPixels: false }).metadata();
  } catch {
    throw unreadable('image');
  }
  const { width, height } = declared.autoOrient;
  if (!width || !height) throw unreadable('image');
  if (width * height > limits.maxPixels) {
    throw new UploadRefusedError(
      'IMAGE_TOO_LARGE',
      `The image has too many pixels (${width} × ${height}); ` +
        `at most ${(limits.maxPixels / 1_000_000).toLocaleString('en')} megapixels are taken.`,
      HttpStatus.UNPROCESSABLE_ENTITY,
    );
  }
  if (purpose === 'photo') checkPhotoShape(width, height);

  const image = sharp(bytes, {
    failOn: 'error',
    limitInputPixels: limits.maxPixels,
    // Only the first frame of an animated PNG.
    pages: 1,
  })
    .timeout({ seconds: SHARP_TIMEOUT_SECONDS })
    // Upright by its EXIF orientation, which is then dropped with the rest.
    .autoOrient();
  // No keepMetadata/withMetadata/keepExif/keepIccProfile: sharp writes none,
  // so EXIF (GPS included), XMP, IPTC, ICC and comments stay behind.
  try {
    if (purpose === 'photo') {
      const { data, info } = await image
        .resize(CARD_PHOTO.width, CARD_PHOTO.height, { fit: 'cover', position: 'attention' })
        .flatten({ background: '#ffffff' })
        .jpeg({ quality: CARD_PHOTO.quality, mozjpeg: true })
        .toBuffer({ resolveWithObject: true });
      return { bytes: data, mediaType: 'image/jpeg', width: info.width, height: info.height };
    }
    const capped = image.resize(EVIDENCE_MAX_SIDE, EVIDENCE_MAX_SIDE, {
      fit: 'inside',
      withoutEnlargement: true,
    });
    const encoded =
      mediaType === 'image/jpeg'
        ? capped.jpeg({ quality: 90, mozjpeg: true })
        : capped.png({ compressionLevel: 6 });
    const { data, info } = await encoded.toBuffer({ resolveWithObject: true });
    return { bytes: data, mediaType, width: info.width, height: info.height };
  } catch (error) {
    if (error instanceof DomainError) throw error;
    if (error instanceof Error && /pixel limit/i.test(error.message)) {
      throw new UploadRefusedError(
        'IMAGE_TOO_LARGE',
        'The image has too many pixels.',
        HttpStatus.UNPROCESSABLE_ENTITY,
      );
    }
    throw unreadable('image');
  }
}

function checkPhotoShape(width: number, height: number): void {
  if (width < PHOTO_MIN.width || height < PHOTO_MIN.height) {
    throw new UploadRefusedError(
      'PHOTO_TOO_SMALL',
      `The photo is ${width} × ${height} pixels; at least ${PHOTO_MIN.width} × ${PHOTO_MIN.height} is needed.`,
      HttpStatus.UNPROCESSABLE_ENTITY,
    );
  }
  const aspect = width / height;
  if (aspect < PHOTO_ASPECT.min || aspect > PHOTO_ASPECT.max) {
    throw new UploadRefusedError(
      'PHOTO_WRONG_SHAPE',
      'The photo is too narrow or too wide to crop to a card photo; use a portrait photo.',
      HttpStatus.UNPROCESSABLE_ENTITY,
    );
  }
}
