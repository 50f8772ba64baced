/**
 * Advisory lock keys of the relay (any constant bigints; they only need to differ from each other).
 * Relays sharing one PostgreSQL database take them to order work that must not interleave.
 */

/** Held while the tables are created: several relays may start at once. */
export const SCHEMA_LOCK = 7_305_001;
/** Held by every envelope insert (cursors in commit order) and by the sweep of orphaned blobs. */
export const ENVELOPE_LOCK = 7_305_002;
/** With the uploader's id as second key: one upload per user at a time, so blob rows and quotas stay exact. */
export const BLOB_LOCK = 7_305_003;
