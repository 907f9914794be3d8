/** Small byte helpers shared by the comparators. */

/**
 * Bytes as a string of the same length, one character per byte (latin1), so the text analyses
 * also run on binaries: a path or date embedded in an ELF or a .pyc keeps its offsets.
 */
export function asString(value: string | Uint8Array): string {
  return typeof value === 'string' ? value : view(value).toString('latin1');
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return view(a).equals(view(b));
}

function view(bytes: Uint8Array): Buffer {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
