export { IMMUTABLE_CACHE, SHORT_CACHE, UnknownFileTypeError, objectHeadersFor, type ObjectHeaders } from "./content-types.js";
export { isMissingObject } from "./s3-errors.js";
export { uploadFile, type UploadFileOptions } from "./upload-file.js";
export { DEFAULT_UPLOAD_CONCURRENCY, uploadFiles, type UploadFilesOptions } from "./upload-files.js";
export { uploadText, type UploadTextOptions } from "./upload-text.js";
export { serveSource, type ServeSourceOptions, type SourceServer } from "./source-server.js";
