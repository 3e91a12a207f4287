export interface LocalS3Options {
  /** Address to bind; 127.0.0.1 unless given. */
  host?: string;
  /** 0 lets the OS pick a free port (tests). */
  port: number;
  /** Objects are stored under `<dataDir>/s3`, so they survive restarts. */
  dataDir: string;
  bucket: string;
  /** Origins allowed to PUT and GET from a browser, e.g. the web app's dev server. */
  corsOrigins: string[];
  log: { info(m: string): void; warn(m: string): void };
}

export interface RunningS3 {
  /** http://HOST:PORT, for path-style clients. */
  endpoint: string;
  bucket: string;
  accessKeyId: string;
  secretAccessKey: string;
  /** Resolves once the server process has exited and its port is free. */
  stop(): Promise<void>;
}
