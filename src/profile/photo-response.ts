import type { FastifyReply } from 'fastify';

/**
 * Sends a photo for an <img> on our own pages: its type, never sniffed,
 * never cached, sandboxed, and not to be embedded by another site.
 */
export function sendPhoto(
  reply: FastifyReply,
  photo: { mediaType: string; bytes: Buffer; name: string },
): void {
  void reply
    .status(200)
    .header('content-type', photo.mediaType)
    .header('content-length', String(photo.bytes.length))
    .header('content-disposition', `inline; filename="${photo.name}"`)
    .header('x-content-type-options', 'nosniff')
    .header('cache-control', 'private, no-store')
    .header('content-security-policy', "sandbox; default-src 'none'")
    .header('cross-origin-resource-policy', 'same-origin')
    .send(photo.bytes);
}
