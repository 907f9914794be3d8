/**
 * Content that differs only in dates and times written into it: build stamps in generated code,
 * `__DATE__`/`__TIME__`, date(1) output in a banner, ISO 8601 in manifests, RFC 2822 in
 * changelogs, epoch seconds in caches. Each side's timestamps are masked; when the masked texts
 * are equal, the differing pairs are counted and the first is the example. Works on bytes too (as
 * latin1).
 */
import { asString } from './bytes.js';

export interface TimestampFinding {
  /** The first differing timestamp, as written in A and in B. */
  a: string;
  b: string;
  /** Timestamps that differ. */
  occurrences: number;
}

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = '(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const ZONE = '(?:[+-]\\d{4}|[A-Z]{1,5})';
const FORMS = [
  // RFC 2822: Mon, 01 Jan 2024 00:00:00 +0000
  `(?:${DAY},\\s*)?\\d{1,2} ${MONTH} \\d{4} \\d{2}:\\d{2}(?::\\d{2})?(?: ${ZONE})?`,
  // date(1): Mon Jan  1 00:00:00 UTC 2024 (zone optional)
  `${DAY} ${MONTH} +\\d{1,2} \\d{2}:\\d{2}:\\d{2}(?: [A-Z]{1,5})? \\d{4}`,
  // ISO 8601, extended and basic: 2024-01-01T00:00:00.123Z, 2024-01-01 00:00, 20240101T000000Z
  `\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2}(?:[.,]\\d+)?)?)?(?:Z|[+-]\\d{2}:?\\d{2})?`,
  `\\d{8}T\\d{6}(?:Z)?`,
  // __DATE__ (Jan  1 2024) and __TIME__ (12:34:56)
  `${MONTH} +\\d{1,2} \\d{4}`,
  `\\d{2}:\\d{2}:\\d{2}`,
  // Epoch seconds (9-10 digits) or milliseconds (13); the range is checked below.
  '\\d{13}|\\d{9,10}',
];
const PATTERN = new RegExp(`(?<![0-9.])(?:${FORMS.join('|')})(?![0-9])`, 'g');

// Epochs from 1980 (the zip/DOS epoch) to 2100: outside these, a long number is not a time.
const EPOCH_MIN = 315_532_800;
const EPOCH_MAX = 4_102_444_800;

export function embeddedTimestampOnly(a: string | Uint8Array, b: string | Uint8Array): TimestampFinding | null {
  const textA = asString(a);
  const textB = asString(b);
  if (textA === textB) return null;
  const stampsA: string[] = [];
  const stampsB: string[] = [];
  if (mask(textA, stampsA) !== mask(textB, stampsB) || stampsA.length !== stampsB.length) return null;
  let occurrences = 0;
  let example: { a: string; b: string } | null = null;
  for (let i = 0; i < stampsA.length; i++) {
    const sa = stampsA[i] ?? '';
    const sb = stampsB[i] ?? '';
    if (sa === sb) continue;
    occurrences++;
    example ??= { a: sa, b: sb };
  }
  return example === null ? null : { ...example, occurrences };
}

/** The text with every timestamp replaced by one marker; the timestamps, in order, into `found`. */
function mask(text: string, found: string[]): string {
  return text.replace(PATTERN, (match) => {
    if (/^\d+$/.test(match) && !plausibleEpoch(match)) return match;
    found.push(match);
    return '\u0000time\u0000';
  });
}

function plausibleEpoch(digits: string): boolean {
  const seconds = digits.length === 13 ? Number(digits) / 1000 : Number(digits);
  return seconds >= EPOCH_MIN && seconds <= EPOCH_MAX;
}
