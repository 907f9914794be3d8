/**
 * IBM code page 437: what the zip APPNOTE (appendix D) says a name is in when general purpose
 * flag bit 11 (UTF-8) is clear. Bytes 0x00-0x7f are ASCII; the table below is 0x80-0xff.
 */
const HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒ' +
  'áíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐' +
  '└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀' +
  'αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

const table: readonly string[] = Array.from({ length: 256 }, (_, byte) =>
  byte < 0x80 ? String.fromCharCode(byte) : HIGH[byte - 0x80]!,
);

/** Decode bytes as CP437 (every byte maps to one character, so this never fails). */
export function decodeCp437(bytes: Uint8Array): string {
  let text = '';
  for (const byte of bytes) text += table[byte]!;
  return text;
}
