import multipart, {
  type FastifyMultipartOptions,
  type Multipart,
  type MultipartFile,
} from '@fastify/multipart';
import { HttpStatus } from '@nestjs/common';
import { FASTIFY_ROUTE_CONFIG_METADATA } from '@nestjs/platform-fastify/constants.js';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import {
  assertCsrfToken,
  CSRF_FIELD,
  CSRF_HEADER,
  sessionRequiringCsrfToken,
} from '../auth/csrf.js';
import { findUnsafeInput } from '../common/input-hygiene.js';
import { DomainError, InvalidInputError } from '../common/problem.js';
import type { UploadConfig } from '../config/configuration.js';
import { fileTooLarge } from './intake.js';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set by @AcceptsUploads(): the route takes multipart/form-data (one file, or up to `maxFiles`). */
    acceptsUploads?: boolean;
    /** @AcceptsUploads({ maxFieldBytes }): a text field may be this long on this route. */
    uploadMaxFieldBytes?: number;
  }
}

/** Form fields besides the file (the CSRF token included). */
export const MAX_FORM_FIELDS = 20;
/** The longest form field value, in bytes. */
export const MAX_FIELD_BYTES = 16 * 1024;
/** Room for the part headers and boundaries around the file and fields. */
const FORM_OVERHEAD_BYTES = 64 * 1024;

/** A multipart form as a handler receives it. */
export interface UploadForm {
  /** Every field but the CSRF token, each sent once, as text. */
  fields: Record<string, string>;
  /** The one file, or undefined when none was chosen. Bytes not yet inspected: pass them to UploadsService.inspect. */
  file?: { bytes: Buffer; clientName: string };
  /** Every file chosen (the first is `file`): only on a route that takes several (`maxFiles` > 1). */
  files?: Array<{ bytes: Buffer; clientName: string }>;
}

interface PendingUpload {
  parts: AsyncIterableIterator<Multipart>;
  fields: Map<string, string>;
  /** The file part the form reached when its token was checked. */
  file: MultipartFile | undefined;
  maxBytes: number;
  maxFiles: number;
  maxFieldBytes: number;
  read: boolean;
}

/** Requests whose form fields up to the file were read and whose CSRF token was checked. */
const UPLOADS = new WeakMap<FastifyRequest, PendingUpload>();
/** Request bodies being read to their end and dropped. */
const DISCARDING = new WeakSet<object>();

/**
 * Marks a route as taking multipart/form-data; every other route refuses it
 * (415). Merged into the route's Fastify config, which the hooks can read.
 * Place it above any @RouteConfig(...) on the same handler: RouteConfig
 * replaces the config it finds, and the route would then refuse uploads.
 */
export function AcceptsUploads(
  options: {
    maxBytes?: number;
    maxFiles?: number;
    /** A form whose text fields may be longer than 16 KiB (a report's account). */
    maxFieldBytes?: number;
  } = {},
): MethodDecorator {
  return (_target, _key, descriptor) => {
    const handler = descriptor.value as object;
    const existing = (Reflect.getMetadata(FASTIFY_ROUTE_CONFIG_METADATA, handler) ?? {}) as object;
    Reflect.defineMetadata(
      FASTIFY_ROUTE_CONFIG_METADATA,
      {
        ...existing,
        acceptsUploads: true,
        uploadMaxBytes: options.maxBytes,
        uploadMaxFiles: options.maxFiles,
        uploadMaxFieldBytes: options.maxFieldBytes,
      },
      handler,
    );
    return descriptor;
  };
}

function isMultipart(request: FastifyRequest): boolean {
  return /^\s*multipart\//i.test(request.headers['content-type'] ?? '');
}

function acceptsUploads(request: FastifyRequest): boolean {
  return request.routeOptions.config?.acceptsUploads === true;
}

/** The file size limit of this route: its own (@AcceptsUploads({ maxBytes })) or the configured one. */
function routeMaxBytes(request: FastifyRequest, config: UploadConfig): number {
  const own = (request.routeOptions.config as { uploadMaxBytes?: unknown } | undefined)
    ?.uploadMaxBytes;
  return typeof own === 'number' ? own : config.maxBytes;
}

/** How long a text field may be on this route: its own (@AcceptsUploads({ maxFieldBytes })) or 16 KiB. */
function routeMaxFieldBytes(request: FastifyRequest): number {
  const own = request.routeOptions.config?.uploadMaxFieldBytes;
  return typeof own === 'number' ? own : MAX_FIELD_BYTES;
}

/** How many files this route takes in one form: its own (@AcceptsUploads({ maxFiles })) or one. */
function routeMaxFiles(request: FastifyRequest): number {
  const own = (request.routeOptions.config as { uploadMaxFiles?: unknown } | undefined)
    ?.uploadMaxFiles;
  return typeof own === 'number' && own >= 1 ? own : 1;
}

/** True once the upload gate has taken this request (its CSRF token is checked). */
export function isUploadRequest(request: FastifyRequest): boolean {
  return UPLOADS.has(request);
}

/** @fastify/multipart's options: every limit set, the file size enforced while streaming. */
export function multipartOptions(config: UploadConfig): FastifyMultipartOptions {
  return {
    limits: {
      fieldNameSize: 100,
      fieldSize: MAX_FIELD_BYTES,
      fields: MAX_FORM_FIELDS,
      fileSize: config.maxBytes,
      files: 1,
      parts: MAX_FORM_FIELDS + 1,
      headerPairs: 20,
    },
    throwFileSizeLimit: true,
    attachFieldsToBody: false,
  };
}

/**
 * The one place that makes multipart safe, for the app and the tests alike:
 * registers @fastify/multipart with every limit and adds two hooks, ahead of
 * the app's own JSON-only and CSRF hooks.
 *
 * - onRequest: multipart to a route without @AcceptsUploads() is a 415, and a
 *   declared Content-Length beyond the limit a 413, before a byte is read.
 * - preValidation: on an accepting route, reads the form's fields up to the
 *   file and checks the CSRF token of a cookie-authenticated request: the
 *   `_csrf` field must come before the file (or the x-csrf-token header be
 *   sent), else 403 and the file is never read. The handler then calls
 *   `readUpload(request)`.
 */
export async function registerUploads(
  fastify: FastifyInstance,
  config: UploadConfig,
): Promise<void> {
  await fastify.register(multipart, multipartOptions(config));
  const maxRequestBytes = (maxBytes: number, maxFiles: number, maxFieldBytes: number) =>
    maxBytes * maxFiles + MAX_FORM_FIELDS * maxFieldBytes + FORM_OVERHEAD_BYTES;

  fastify.addHook('onRequest', (request, _reply, done) => {
    if (!isMultipart(request)) return done();
    if (!acceptsUploads(request)) {
      return done(
        new DomainError(
          'UPLOADS_NOT_ACCEPTED',
          'This address does not take files (multipart/form-data).',
          HttpStatus.UNSUPPORTED_MEDIA_TYPE,
        ),
      );
    }
    const maxBytes = routeMaxBytes(request, config);
    if (
      Number(request.headers['content-length'] ?? 0) >
      maxRequestBytes(maxBytes, routeMaxFiles(request), routeMaxFieldBytes(request))
    ) {
      return done(fileTooLarge(maxBytes));
    }
    done();
  });

  fastify.addHook('preValidation', async (request) => {
    if (!isMultipart(request) || !acceptsUploads(request)) return;
    const maxBytes = routeMaxBytes(request, config);
    const maxFiles = routeMaxFiles(request);
    const limits = multipartOptions(config).limits!;
    const upload: PendingUpload = {
      parts: request.parts({
        limits: {
          ...limits,
          fieldSize: routeMaxFieldBytes(request),
          fileSize: maxBytes,
          files: maxFiles,
          parts: MAX_FORM_FIELDS + maxFiles,
        },
      }),
      fields: new Map(),
      file: undefined,
      maxFieldBytes: routeMaxFieldBytes(request),
      maxBytes,
      maxFiles,
      read: false,
    };
    try {
      let fieldToken: unknown;
      for (;;) {
        const part = await nextPart(upload);
        if (part === undefined) break;
        if (part.type === 'file') {
          upload.file = part;
          break;
        }
        if (part.fieldname === CSRF_FIELD) fieldToken ??= part.value;
        else addField(upload, part);
      }
      const session = sessionRequiringCsrfToken(request);
      if (session !== undefined) {
        assertCsrfToken(session, fieldToken ?? request.headers[CSRF_HEADER]);
      }
    } catch (error) {
      discardRest(request, maxBytes);
      throw error;
    }
    UPLOADS.set(request, upload);
  });

  // Answered without reading the file (the access guard said no, say): drop
  // the rest of the body, so the connection is not left waiting on it.
  fastify.addHook('onResponse', (request, _reply, done) => {
    if (UPLOADS.has(request)) discardRest(request, UPLOADS.get(request)!.maxBytes);
    done();
  });
}

/**
 * The fields of an upload form read so far, e.g. after `readUpload` refused
 * a file: a form page can then show what was typed (fields that came before
 * the files) with the error.
 */
export function uploadFieldsSoFar(request: FastifyRequest): Record<string, string> {
  const upload = UPLOADS.get(request);
  return upload ? Object.fromEntries(upload.fields) : {};
}

/**
 * The form of a request to an @AcceptsUploads() route: its fields and at
 * most one file, read to its end with the byte limit enforced as it streams
 * in (413 FILE_TOO_LARGE). Once per request. The file's bytes are not yet
 * checked: pass them to `UploadsService.inspect`.
 */
export async function readUpload(request: FastifyRequest): Promise<UploadForm> {
  const upload = UPLOADS.get(request);
  if (upload === undefined) {
    throw new DomainError(
      'MULTIPART_EXPECTED',
      'Send the form as multipart/form-data.',
      HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    );
  }
  if (upload.read) throw new Error('readUpload reads a request once');
  upload.read = true;

  try {
    const files: Array<{ bytes: Buffer; clientName: string }> = [];
    let parts = 0;
    const take = async (part: MultipartFile) => {
      if (++parts > upload.maxFiles) throw tooMany('file');
      const file = await readFile(part, upload.maxBytes);
      if (file) files.push(file);
    };
    if (upload.file !== undefined) await take(upload.file);
    for (;;) {
      const part = await nextPart(upload);
      if (part === undefined) break;
      if (part.type === 'file') await take(part);
      // The token was decided before the file; a later one means nothing.
      else if (part.fieldname !== CSRF_FIELD) addField(upload, part);
    }
    const [file] = files;
    return {
      fields: Object.fromEntries(upload.fields),
      ...(file ? { file } : {}),
      ...(upload.maxFiles > 1 ? { files } : {}),
    };
  } catch (error) {
    discardRest(request, upload.maxBytes);
    throw error;
  }
}

/**
 * After a refusal mid-form, reads and drops the rest of the body so the
 * browser, still sending, gets to read the answer instead of a reset
 * connection; a client that goes on sending far beyond the limit is cut off.
 */
function discardRest(request: FastifyRequest, maxBytes: number): void {
  const raw = request.raw;
  if (raw.readableEnded || DISCARDING.has(raw)) return;
  DISCARDING.add(raw);
  let dropped = 0;
  raw.unpipe();
  raw.on('data', (chunk: Buffer) => {
    dropped += chunk.length;
    if (dropped > 2 * maxBytes) raw.destroy();
  });
  raw.resume();
}

async function readFile(
  part: MultipartFile,
  maxBytes: number,
): Promise<UploadForm['file'] | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of part.file) {
      size += (chunk as Buffer).length;
      if (size > maxBytes || part.file.truncated) throw fileTooLarge(maxBytes);
      chunks.push(chunk as Buffer);
    }
  } catch (error) {
    throw translate(error, maxBytes);
  }
  if (part.file.truncated) throw fileTooLarge(maxBytes);
  // A browser sends an empty, nameless part for a file input left empty.
  if (size === 0 && part.filename === '') return undefined;
  return { bytes: Buffer.concat(chunks, size), clientName: part.filename };
}

async function nextPart(upload: PendingUpload): Promise<Multipart | undefined> {
  try {
    const next = await upload.parts.next();
    return next.done ? undefined : next.value;
  } catch (error) {
    throw translate(error, upload.maxBytes);
  }
}

function addField(upload: PendingUpload, part: Multipart & { type: 'field' }): void {
  const name = part.fieldname;
  if (part.fieldnameTruncated || part.valueTruncated) {
    throw new DomainError(
      'FIELD_TOO_LARGE',
      `A form field is too long (at most ${upload.maxFieldBytes / 1024} KiB).`,
      HttpStatus.PAYLOAD_TOO_LARGE,
    );
  }
  if (typeof part.value !== 'string') {
    throw new InvalidInputError([{ field: name, message: `${name} must be text` }]);
  }
  const unsafe = findUnsafeInput({ [name]: part.value }, 'body');
  if (unsafe) throw new InvalidInputError([unsafe]);
  if (upload.fields.has(name)) {
    throw new InvalidInputError([{ field: name, message: `${name} must be sent once` }]);
  }
  upload.fields.set(name, part.value);
}

function tooMany(what: 'file' | 'field'): DomainError {
  return what === 'file'
    ? new DomainError('TOO_MANY_FILES', 'Too many files in one form.', HttpStatus.PAYLOAD_TOO_LARGE)
    : new DomainError(
        'TOO_MANY_FIELDS',
        `The form has too many fields (at most ${MAX_FORM_FIELDS}).`,
        HttpStatus.PAYLOAD_TOO_LARGE,
      );
}

/** The multipart parser's errors as problems with stable codes. */
function translate(error: unknown, maxBytes: number): unknown {
  if (error instanceof DomainError) return error;
  const code = (error as { code?: unknown } | null)?.code;
  switch (code) {
    case 'FST_REQ_FILE_TOO_LARGE':
      return fileTooLarge(maxBytes);
    case 'FST_FILES_LIMIT':
      return tooMany('file');
    case 'FST_FIELDS_LIMIT':
    case 'FST_PARTS_LIMIT':
      return tooMany('field');
    default:
      return new DomainError(
        'MALFORMED_MULTIPART',
        'The form could not be read (malformed multipart/form-data).',
        HttpStatus.BAD_REQUEST,
      );
  }
}
