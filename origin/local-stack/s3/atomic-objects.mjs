// s3rver 3.7.1 overwrites an object in place: it truncates the file, streams the new body into it, then
// rewrites the metadata. A GET meanwhile gets a truncated body, or the new body with the old length. Real S3
// replaces an object atomically, and progressive publishing depends on it: the encoder rewrites a growing
// manifest every few seconds while players read it (a torn manifest is a parse error in the player).
// Here an object is written to a temporary file and renamed into place (a reader holding the old file keeps
// it whole), and per key the rename plus the metadata update and a reader's metadata read plus open run one
// at a time.
import { createHash, randomBytes } from "node:crypto";
import { createWriteStream } from "node:fs";
import { mkdir, rename, rm } from "node:fs/promises";
import { dirname } from "node:path";
import { Transform } from "node:stream";
import { pipeline } from "node:stream/promises";
import FilesystemStore from "s3rver/lib/stores/filesystem.js";

/** Runs `work` after every earlier `work` of the same key, one at a time. */
function keyedQueue() {
  const tails = new Map();
  return async (key, work) => {
    const previous = tails.get(key) ?? Promise.resolve();
    const run = previous.then(work, work);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    try {
      return await run;
    } finally {
      if (tails.get(key) === tail) tails.delete(key);
    }
  };
}

async function writeBody(content, path) {
  const md5 = createHash("md5");
  let size = 0;
  if (Buffer.isBuffer(content)) {
    md5.update(content);
    size = content.length;
    await pipeline([content], createWriteStream(path));
  } else {
    const count = new Transform({
      transform(chunk, encoding, callback) {
        md5.update(chunk, encoding);
        size += chunk.length;
        callback(null, chunk);
      },
    });
    await pipeline(content, count, createWriteStream(path));
  }
  return { size, md5: md5.digest("hex") };
}

export function atomicObjectWrites() {
  const oneAtATime = keyedQueue();
  const store = FilesystemStore.prototype;
  const getObject = store.getObject;
  store.getObject = function (bucket, key, options) {
    return oneAtATime(`${bucket}/${key}`, () => getObject.call(this, bucket, key, options));
  };
  store.putObject = async function (object) {
    const objectPath = this.getResourcePath(object.bucket, object.key, "object");
    await mkdir(dirname(objectPath), { recursive: true });
    const partial = `${objectPath}.${randomBytes(6).toString("hex")}.partial`;
    try {
      const { size, md5 } = await writeBody(object.content, partial);
      await oneAtATime(`${object.bucket}/${object.key}`, async () => {
        await rename(partial, objectPath);
        await this.putMetadata(object.bucket, object.key, object.metadata, md5);
      });
      return { size, md5 };
    } finally {
      await rm(partial, { force: true });
    }
  };
}
