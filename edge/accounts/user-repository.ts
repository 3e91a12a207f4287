import { eq } from "drizzle-orm";
import { users, type UserRow } from "../../shared/db/schema.js";
import type { Db } from "../ports/index.js";

export async function findUserById(db: Db, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id));
  return row;
}

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.email, email));
  return row;
}

export async function insertUser(db: Db, row: typeof users.$inferInsert): Promise<UserRow | undefined> {
  // ON CONFLICT DO NOTHING turns the email race into "no row" instead of an exception.
  const [created] = await db.insert(users).values(row).onConflictDoNothing({ target: users.email }).returning();
  return created;
}

export async function updateUser(
  db: Db,
  id: string,
  changes: Partial<Pick<UserRow, "name" | "imageUrl" | "settings" | "passwordHash">>,
  now: Date,
): Promise<UserRow | undefined> {
  const [row] = await db
    .update(users)
    .set({ ...changes, updatedAt: now })
    .where(eq(users.id, id))
    .returning();
  return row;
}
