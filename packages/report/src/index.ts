// @whydiff/report: presenters of a finished comparison Report. Pure functions, no I/O.
export * from './render-json.js';
export * from './render-text.js';
export * from './render-markdown.js';
