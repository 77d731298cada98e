/** The longest display name kept (the column is varchar(200)). */
export const DISPLAY_NAME_MAX = 200;

const EXTENSIONS: Record<string, string> = {
  'application/pdf': 'pdf',
  'image/jpeg': 'jpg',
  'image/png': 'png',
};

/**
 * The client's file name as it may be shown and offered back on download:
 * its last path segment, without control, format (bidirectional overrides,
 * zero-width) or unpaired surrogate characters, nor characters file systems
 * refuse; whitespace collapsed; at most DISPLAY_NAME_MAX characters; and its
 * extension that of the sniffed type ("diplom.jpg" that is a PDF becomes
 * "diplom.pdf"). Only ever shown: files are stored under the document's id.
 */
export function cleanDisplayName(
  clientName: string | undefined,
  mediaType: string,
  purpose: string,
): string {
  const extension = EXTENSIONS[mediaType] ?? 'bin';
  const lastSegment = (clientName ?? '').split(/[/\\]/).pop() ?? '';
  const cleaned = lastSegment
    .toWellFormed()
    .normalize('NFC')
    .replace(/[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/gu, '')
    .replace(/[<>:"|?*]/g, '')
    .replace(/\s+/gu, ' ')
    .trim();
  // Drop the client's extension (whatever it claimed) and leading dots.
  const stem = cleaned
    .replace(/\.[^.\s]{1,10}$/u, '')
    .replace(/^[.\s]+|[.\s]+$/gu, '')
    .trim();
  const suffix = `.${extension}`;
  const base = [...(stem || (purpose === 'photo' ? 'photo' : 'document'))]
    .slice(0, DISPLAY_NAME_MAX - suffix.length)
    .join('')
    .trim();
  return `${base}${suffix}`;
}

/**
 * A Content-Disposition value that makes the browser save the file under its
 * display name: an ASCII fallback and the exact UTF-8 name (RFC 6266, 8187).
 */
export function attachmentDisposition(displayName: string): string {
  const ascii = displayName.replace(/[^\x20-\x7e]|["\\%]/g, '_');
  const encoded = encodeURIComponent(displayName).replace(
    /['()*]/g,
    (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`,
  );
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}
