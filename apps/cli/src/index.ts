export { main, UsageError, type Io } from './main.js';
export { entryJson, listingLine, modeString, isoTime } from './listing.js';
