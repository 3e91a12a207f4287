import type { PublicUser } from "../../shared/contracts/auth.js";
import { userSettings, type UserSettings } from "../../shared/contracts/users.js";
import type { UserRow } from "../../shared/db/schema.js";

export const presentUser = (row: UserRow): PublicUser => ({
  id: row.id,
  name: row.name,
  email: row.email,
  image_url: row.imageUrl,
  created_at: row.createdAt.toISOString(),
  updated_at: row.updatedAt.toISOString(),
});

/** Stored settings merged over the defaults; keys a later version dropped are ignored. */
export function presentSettings(stored: Record<string, unknown>): UserSettings {
  const known = Object.fromEntries(Object.entries(stored).filter(([k]) => k in userSettings.shape));
  const parsed = userSettings.safeParse(known);
  return parsed.success ? parsed.data : userSettings.parse({});
}
