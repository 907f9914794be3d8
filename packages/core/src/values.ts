/** How values read in summaries: times in UTC, modes in octal. */
export function isoSeconds(seconds: number): string {
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) return String(seconds);
  return `${date.toISOString().replace('T', ' ').replace(/\.000Z$/, '').replace(/Z$/, '')} UTC`;
}

export function modeText(mode: number): string {
  return `0${mode.toString(8).padStart(3, '0')}`;
}

/** `20,480` (grouped by hand: toLocaleString depends on the ICU the runtime was built with, and its first call costs ~14 ms loading ICU data). */
export function groupDigits(n: number): string {
  const [whole = '', fraction] = String(n).split('.');
  const sign = whole.startsWith('-') ? '-' : '';
  const digits = sign ? whole.slice(1) : whole;
  const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return fraction === undefined ? `${sign}${grouped}` : `${sign}${grouped}.${fraction}`;
}

/** `1 entry`, `2,134 entries`. */
export function plural(n: number, one: string, many = `${one}s`): string {
  return `${groupDigits(n)} ${n === 1 ? one : many}`;
}
