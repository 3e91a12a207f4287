export interface LatencyFixture {
  token: string;
  /** A ready, public video of the viewer's. */
  videoId: string;
}

/** Requests to one edge as the bench's viewer. */
export class Client {
  constructor(
    readonly baseUrl: string,
    readonly fixture: LatencyFixture,
  ) {}

  get(path: string, signedIn: boolean): Promise<Response> {
    return fetch(`${this.baseUrl}${path}`, { headers: signedIn ? { authorization: `Bearer ${this.fixture.token}` } : {} });
  }

  post(path: string, json: string | undefined): Promise<Response> {
    const headers: Record<string, string> = { authorization: `Bearer ${this.fixture.token}` };
    if (json !== undefined) headers["content-type"] = "application/json";
    return fetch(`${this.baseUrl}${path}`, { method: "POST", headers, body: json });
  }
}

export async function expectStatus(res: Response, status: number): Promise<void> {
  if (res.status !== status) throw new Error(`${res.url}: HTTP ${res.status}, expected ${status}: ${(await res.text()).slice(0, 300)}`);
}
