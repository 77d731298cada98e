import type { FastifyReply } from 'fastify';
import { attachmentDisposition } from './display-name.js';
import type { OpenedDocument } from './uploads.service.js';

/**
 * Sends a stored document as a download: its sniffed type, always as an
 * attachment under its cleaned name, never sniffed by the browser, never
 * cached, and sandboxed should a browser render it anyway (a PDF viewer
 * runs no script of ours, and the document runs none in our origin).
 * The caller has decided that the viewer may see it.
 */
export function sendDocument(reply: FastifyReply, document: OpenedDocument): FastifyReply {
  const { meta, bytes } = document;
  return reply
    .status(200)
    .header('content-type', meta.mediaType)
    .header('content-length', String(bytes.length))
    .header('content-disposition', attachmentDisposition(meta.displayName))
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .header('content-security-policy', "sandbox; default-src 'none'")
    .header('cross-origin-resource-policy', 'same-origin')
    .send(bytes);
}
