import { describe, expect, it } from "vitest";
import { changesNothing } from "./held-writes.js";

describe("which statements a held handle sends before the revocation check", () => {
  it("sends plain reads at once, as drizzle writes them", () => {
    expect(changesNothing(`select "id", "title" from "videos" where "videos"."updated_at" > $1`)).toBe(true);
    expect(changesNothing(`with ranked as (select "id" from "videos") select * from ranked`)).toBe(true);
    expect(changesNothing(`(select 1) union (select 2)`)).toBe(true);
    // A column or value that merely contains a keyword is no write.
    expect(changesNothing(`select "deleted_at", "created_at" from "videos" where "status" <> 'deleted'`)).toBe(true);
  });

  it("holds anything that could change data, however it starts", () => {
    for (const text of [
      `insert into "videos" ("id") values ($1)`,
      `update "videos" set "title" = $1`,
      `delete from "videos" where "id" = $1`,
      `with moved as (update videos set status = 'queued' returning id) insert into outbox select id from moved`,
      `select id from users where id = $1 for update`,
      `select nextval('jobs_seq')`,
      `truncate videos`,
      `merge into videos using x on true when matched then delete`,
      `refresh materialized view catalog`,
      `  UPDATE videos SET title = $1`,
    ])
      expect(changesNothing(text), text).toBe(false);
  });
});
