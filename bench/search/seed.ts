import type pg from "pg";

/** Words titles, descriptions and tags are drawn from: enough that a word matches about 1 % of videos. */
const VOCABULARY = (
  "ocean mountain river forest desert city night morning storm garden kitchen recipe bread pasta coffee guitar piano " +
  "drums concert festival travel train bicycle football tennis chess history science space rocket planet galaxy robot " +
  "python javascript database network security camera drone sunset winter summer autumn spring island volcano glacier " +
  "museum painting dance theatre comedy interview lecture tutorial review unboxing repair garage engine tractor farm " +
  "harvest market street portrait wildlife eagle whale dolphin tiger elephant puppy kitten bird insect flower tree " +
  "mushroom cheese chocolate wine beer tea breakfast dinner picnic camping hiking climbing sailing surfing skiing " +
  "running yoga workout boxing cycling marathon village castle bridge tower harbour lighthouse canyon waterfall lake " +
  "meadow valley cloud rain thunder snow fog wind photography cinema documentary animation podcast vlog history"
).split(" ");

export const VOCABULARY_SIZE = VOCABULARY.length;

/** Languages cycled through (null: unknown), with the configuration the edge would store for each. */
const LANGUAGES: [string | null, string][] = [
  ["en", "english"],
  ["fr", "french"],
  [null, "simple"],
  ["de", "german"],
];

/**
 * `count` videos in one INSERT … SELECT generate_series: titles of three words, descriptions of twelve,
 * two tags, varied by index arithmetic over the vocabulary; nine in ten public and ready, the rest
 * private, so the partial indexes' predicate matters as in production.
 */
export async function seedVideos(db: pg.Pool, count: number): Promise<void> {
  await db.query(
    "insert into users (id, name, email, password_hash) values ('usr_benchsearch', 'Bench', 'bench-search@example.test', 'x') on conflict do nothing",
  );
  const word = (factor: number, offset: number) => `w[1 + ((i * ${factor} + ${offset}) % n)]`;
  const description = Array.from({ length: 12 }, (_, k) => word(31 + k * 6, k * 11)).join(" || ' ' || ");
  await db.query(
    `with v as (select $1::text[] as w, cardinality($1::text[]) as n, $2::text[] as lang, $3::text[] as cfg)
     insert into videos (id, owner_id, title, description, tags, language, search_config, visibility, status, source_key,
                         progress, duration_seconds, width, height, published_at, created_at, updated_at)
     select 'vid_bench' || i, 'usr_benchsearch',
            initcap(${word(7, 0)} || ' ' || ${word(13, 5)} || ' ' || ${word(17, 9)}),
            ${description},
            array[${word(19, 3)}, ${word(23, 8)}],
            lang[1 + i % 4], cfg[1 + i % 4]::regconfig,
            case when i % 10 = 0 then 'private' else 'public' end, 'ready', 'uploads/vid_bench' || i || '/source',
            100, 60, 1280, 720, now() - i * interval '1 minute', now() - i * interval '1 minute', now()
       from v, generate_series(1, $4::int) as i`,
    [VOCABULARY, LANGUAGES.map(([l]) => l), LANGUAGES.map(([, c]) => c), count],
  );
  // Folds the GIN indexes' pending lists (fast update) into the indexes, as autovacuum would after a bulk load:
  // otherwise every search scans 100,000 pending entries.
  await db.query("vacuum analyze videos");
}
