/** How values read in summaries: times in UTC, modes in octal. */
export function isoSeconds(seconds: number): string {
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) return String(seconds);
  return `${date.toISOString().replace('T', ' ').replace(/\.000Z$/, '').replace(/Z$/, '')} UTC`;
}

export function modeText(mode: number): string {
  return `0${mode.toString(8).padStart(3, '0')}`;
}
