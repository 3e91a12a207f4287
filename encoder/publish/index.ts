export { FINAL_MANIFEST_CACHE, LIVE_MANIFEST_CACHE } from "./cache-policy.js";
export { LivePublisher, type LivePublisherOptions, type StoredManifest } from "./live-publisher.js";
export { isFinalManifest, manifestKind, referencedFiles, type ManifestKind } from "./manifest-references.js";
export { newRevision, type Revision } from "./revision.js";
export { listRevisions, readRevisionRecord, removeRevision, type StoredRevision } from "./revisions.js";
export { startLease, type Lease } from "./lease.js";
