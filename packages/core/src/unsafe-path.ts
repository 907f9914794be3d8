/**
 * Member names that would escape or surprise an extractor: compared under their stored names, never
 * used to create anything, and flagged so a reader of the report knows.
 */
export function unsafePathReason(name: string): string | null {
  if (name.startsWith('/')) return 'an absolute path';
  // Every member's name comes here: each pattern only where a cheap look says it may match.
  if ((name.charCodeAt(1) === 0x3a && /^[A-Za-z]:(?:[\\/]|$)/.test(name)) || name.startsWith('\\\\')) return 'a Windows drive or UNC path';
  // A component that is exactly "..", found without splitting the name.
  if (name.includes('..') && /(?:^|[\\/])\.\.(?:[\\/]|$)/.test(name)) return 'a ".." component that climbs out of the extraction directory';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f]/.test(name)) return 'control characters (NUL, newline, escape...)';
  return null;
}
