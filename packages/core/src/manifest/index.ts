// Manifests (published fingerprints of release artifacts) and verification against them.
export * from './model.js';
export { buildManifest, createManifest, contentDigest, manifestArtifact, serializeManifest, type ManifestOptions } from './build.js';
export { parseChecksums, parseManifest, readVerifyTarget } from './parse.js';
export { manifestSide } from './manifest-side.js';
export { verify, BEYOND_MANIFEST, type VerifyOptions, type VerifyResult } from './verify.js';
