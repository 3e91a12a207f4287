const NOT_FOUND_STATUS = 404;

interface SdkErrorShape {
  name?: unknown;
  $metadata?: { httpStatusCode?: unknown };
}

/** The object is not there (deleted, or never uploaded): retrying will not make it appear. */
export function isMissingObject(err: unknown): boolean {
  if (typeof err !== "object" || err === null) return false;
  const { name, $metadata } = err as SdkErrorShape;
  return name === "NoSuchKey" || name === "NotFound" || $metadata?.httpStatusCode === NOT_FOUND_STATUS;
}
