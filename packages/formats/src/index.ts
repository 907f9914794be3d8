// @whydiff/formats: bytes → entries. One module per layer; each helper module adds its line here.
export * from './errors.js';
export * from './entry.js';
export * from './byte-reader.js';
export * from './random-access.js';
export * from './detect.js';
export * from './tar-checksum.js';
export * from './pyc-magic.js';
export * from './gzip-header.js';
export * from './gzip.js';
export * from './bzip2.js';
export * from './tar.js';
export * from './cpio.js';
export * from './xar.js';
export * from './zip.js';
export * from './egg.js';
export * from './pyc.js';
export * from './xml-parser.js';
