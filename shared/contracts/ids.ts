import { z } from "zod";

/**
 * What an id in a path or a body looks like (`vid_` and 26 base32 characters today; see shared/ids.ts),
 * loosely enough that older or fixture ids still pass: anything else cannot name a resource, and is
 * refused before it reaches the database.
 */
const ID_SHAPE = /^[a-z]{3}_[0-9a-z]{1,60}$/;

export const isResourceId = (text: string): boolean => ID_SHAPE.test(text);

export const resourceId = (field = "id", error?: string) =>
  z.string(error === undefined ? undefined : { error }).regex(ID_SHAPE, `The ${field} is not a valid id.`);

/** `{id}` in a route's path. */
export const idParam = z.object({ id: resourceId() });
