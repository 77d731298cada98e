import type { FastifyRequest } from 'fastify';
import { isUploadRequest, readUpload } from '../uploads/multipart.js';

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

/** Reads the import form from the request (the upload gate has checked its CSRF token and size). */
export async function csvFromRequest(request: FastifyRequest): Promise<ImportUpload> {
  // A form sent without a file (urlencoded) has no upload: the page answers "choose a file".
  if (!isUploadRequest(request)) {
    return importUploadFrom({ fields: (request.body ?? {}) as Record<string, string | undefined> });
  }
  return importUploadFrom(await readUpload(request));
}
