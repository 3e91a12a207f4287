import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  UploadPartCommand,
  type S3Client,
} from "@aws-sdk/client-s3";
import { getSignedUrl } from "@aws-sdk/s3-request-presigner";
import type { StorageConfig } from "../../shared/config/index.js";
import { createS3Client } from "../../shared/storage/s3-client.js";
import { StorageError, type ObjectStorage } from "../ports/index.js";

const errorName = (e: unknown) => (e as { name?: string; Code?: string }).name ?? (e as { Code?: string }).Code ?? "";
const statusOf = (e: unknown) => (e as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/** S3-compatible storage through the AWS SDK: AWS S3, R2, MinIO, or the local stand-in. */
export function s3ObjectStorage(config: StorageConfig): ObjectStorage {
  const s3: S3Client = createS3Client(config);
  const signer: S3Client = createS3Client(config, { publicEndpoint: true });
  const Bucket = config.S3_BUCKET;

  const wrap = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      const name = errorName(error);
      if (name === "InvalidPart" || name === "InvalidPartOrder" || name === "EntityTooSmall") throw new StorageError("invalid_parts", name);
      if (name === "NoSuchUpload") throw new StorageError("no_such_upload", name);
      throw error;
    }
  };

  return {
    async presignPut(key, { contentType, contentLength, expiresInSeconds }) {
      const command = new PutObjectCommand({ Bucket, Key: key, ContentType: contentType, ContentLength: contentLength });
      // Signing type and length means the URL cannot be used to store anything else.
      const signed = new Set<string>();
      if (contentType) signed.add("content-type");
      if (contentLength !== undefined) signed.add("content-length");
      const url = await getSignedUrl(signer, command, { expiresIn: expiresInSeconds, signableHeaders: signed, unhoistableHeaders: signed });
      const headers: Record<string, string> = {};
      if (contentType) headers["Content-Type"] = contentType;
      return { url, headers };
    },
    async createMultipart(key, contentType) {
      const out = await s3.send(new CreateMultipartUploadCommand({ Bucket, Key: key, ContentType: contentType }));
      if (!out.UploadId) throw new StorageError("unavailable", "storage returned no upload id");
      return out.UploadId;
    },
    presignPart(key, uploadId, partNumber, expiresInSeconds) {
      return getSignedUrl(signer, new UploadPartCommand({ Bucket, Key: key, UploadId: uploadId, PartNumber: partNumber }), {
        expiresIn: expiresInSeconds,
      });
    },
    async completeMultipart(key, uploadId, parts) {
      await wrap(() =>
        s3.send(
          new CompleteMultipartUploadCommand({
            Bucket,
            Key: key,
            UploadId: uploadId,
            MultipartUpload: {
              Parts: [...parts].sort((a, b) => a.partNumber - b.partNumber).map((p) => ({ PartNumber: p.partNumber, ETag: p.etag })),
            },
          }),
        ),
      );
    },
    async abortMultipart(key, uploadId) {
      await wrap(() => s3.send(new AbortMultipartUploadCommand({ Bucket, Key: key, UploadId: uploadId }))).catch((error: unknown) => {
        if (!(error instanceof StorageError && error.reason === "no_such_upload")) throw error;
      });
    },
    async head(key) {
      try {
        const out = await s3.send(new HeadObjectCommand({ Bucket, Key: key }));
        return { sizeBytes: out.ContentLength ?? 0, contentType: out.ContentType ?? null };
      } catch (error) {
        if (statusOf(error) === 404 || errorName(error) === "NotFound" || errorName(error) === "NoSuchKey") return null;
        throw error;
      }
    },
    async deleteObject(key) {
      await s3.send(new DeleteObjectCommand({ Bucket, Key: key }));
    },
    async getText(key) {
      try {
        const out = await s3.send(new GetObjectCommand({ Bucket, Key: key }));
        return (await out.Body?.transformToString("utf-8")) ?? null;
      } catch (error) {
        if (statusOf(error) === 404 || errorName(error) === "NoSuchKey") return null;
        throw error;
      }
    },
    async putText(key, body, { contentType, cacheControl }) {
      await s3.send(new PutObjectCommand({ Bucket, Key: key, Body: body, ContentType: contentType, CacheControl: cacheControl }));
    },
  };
}
