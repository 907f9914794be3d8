/** A ReadContext that records what a reader reports: used by the tests of every layer. */
import type { LayerInfo, Problem, ReadContext } from './entry.js';

export interface RecordingContext extends ReadContext {
  layers: LayerInfo[];
  problems: Problem[];
}

export function recordingContext(artifact = 'test'): RecordingContext {
  const layers: LayerInfo[] = [];
  const problems: Problem[] = [];
  return {
    artifact,
    layers,
    problems,
    layer: (info) => void layers.push(info),
    problem: (problem) => void problems.push(problem),
  };
}

/** Concatenate a stream's chunks (tests only: real code never buffers a whole stream). */
export async function collect(stream: AsyncIterable<Uint8Array> | Iterable<Uint8Array>): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return Buffer.concat(chunks);
}
