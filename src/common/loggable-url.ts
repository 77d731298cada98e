/** Query parameters whose values are free text a person typed: never logged. */
const FREE_TEXT = new Set(['q']);

/**
 * The request URL as it may appear in a log: free-text search values are
 * replaced and any 11-digit run (a national identity number pasted anywhere)
 * is masked, in the path and in every parameter.
 */
export function loggableUrl(url: string): string {
  const mask = (text: string) => text.replace(/\d{11}/g, '[redacted]');
  const [path, query] = url.split('?', 2);
  if (query === undefined) return mask(path);
  const params = new URLSearchParams(query);
  const kept: string[] = [];
  for (const [key, value] of params) {
    const shown = FREE_TEXT.has(key) ? '[redacted]' : mask(value);
    kept.push(`${encodeURIComponent(mask(key))}=${encodeURIComponent(shown)}`);
  }
  return `${mask(path)}?${kept.join('&')}`;
}
