import type { FastifyRequest } from 'fastify';

/** What the import page's form sends: the file and what to do with it. */
export interface ImportUpload {
  /** The file's bytes; undefined when no file (or an empty one) was chosen. */
  csv: Buffer | undefined;
  /** The checkbox "skip the rows with errors". */
  skipBadRows: boolean;
  /** The "check the file only" button (also what Enter in the form does: it comes first). */
  dryRun: boolean;
}

/** A multipart form as the uploads intake hands it over. */
export interface MultipartForm {
  fields: Record<string, string | undefined>;
  file?: { bytes: Buffer; clientName: string };
}

/** The import form's fields, from a multipart form. */
export function importUploadFrom(form: MultipartForm): ImportUpload {
  const bytes = form.file?.bytes;
  return {
    csv: bytes && bytes.length > 0 ? bytes : undefined,
    skipBadRows: ['1', 'on', 'true'].includes(form.fields.skipBadRows ?? ''),
    dryRun: form.fields.action !== 'import',
  };
}

/**
 * Reads the import form from the request.
 *
 * TODO(merge, issue #10): the uploads intake (another part of #10) provides
 * a route decorator that lets a route accept multipart uploads and
 * `readUpload(request)`, which returns `{ fields, file?: { bytes, clientName } }`
 * with the CSRF token already checked. Mark `POST /admin/import` with that
 * decorator (with a body limit of at least IMPORT_MAX_BYTES) and replace the
 * body of this function with:
 *
 *     return importUploadFrom(await readUpload(request));
 *
 * Until then no multipart parser is registered, so a multipart post never
 * reaches the handler (415), and anything else finds no file here.
 */
export function csvFromRequest(request: FastifyRequest): Promise<ImportUpload> {
  void request;
  return Promise.resolve(importUploadFrom({ fields: {} }));
}
