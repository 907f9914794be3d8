// @whydiff/report: presenters of a finished comparison Report. Pure functions, no I/O.
export * from './render-json.js';
export * from './render-text.js';
export * from './render-markdown.js';
// The wording every view shares (the TUI words values exactly as the text report does).
export {
  verdictOf,
  groupDigits,
  plural,
  describeArtifact,
  describeCount,
  describeStats,
  describeNode,
  formatValue,
  formatTime,
  orderCauses,
  shortSha,
  hexRows,
  hexOffset,
  describePycCode,
  type Verdict,
  type Value,
} from './shared.js';
