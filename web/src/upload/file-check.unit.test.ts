import { describe, expect, it } from "vitest";
import { createUploadBody } from "../../../shared/contracts/uploads.js";
import { checkFile, titleFromFileName } from "./file-check.js";

const GiB = 1024 ** 3;

describe("client-side file checks", () => {
  it("takes the browser's type when it is a video type the API accepts", () => {
    expect(checkFile({ name: "a.mp4", size: 10, type: "video/mp4" })).toEqual({ ok: true, contentType: "video/mp4" });
    expect(checkFile({ name: "a.MOV", size: 10, type: "video/quicktime" })).toEqual({ ok: true, contentType: "video/quicktime" });
  });

  it("falls back to the extension when the browser does not know the container", () => {
    expect(checkFile({ name: "film.mkv", size: 10, type: "" })).toEqual({ ok: true, contentType: "video/x-matroska" });
    expect(checkFile({ name: "stream.TS", size: 10, type: "" })).toEqual({ ok: true, contentType: "video/mp2t" });
  });

  it("refuses other types with the API's own message", () => {
    const check = checkFile({ name: "notes.txt", size: 10, type: "text/plain" });
    const api = createUploadBody.safeParse({ title: "t", filename: "notes.txt", content_type: "text/plain", size_bytes: 10 });
    expect(api.success).toBe(false);
    const apiMessage = api.error!.issues.find((i) => i.path[0] === "content_type")!.message;
    expect(check).toEqual({ ok: false, message: `notes.txt is not a video we can take. ${apiMessage}` });
    expect(checkFile({ name: "noextension", size: 10, type: "" }).ok).toBe(false);
  });

  it("refuses empty files and files over the limit (5 GiB unless told otherwise)", () => {
    expect(checkFile({ name: "a.mp4", size: 0, type: "video/mp4" })).toMatchObject({
      ok: false,
      message: expect.stringContaining("greater than 0"),
    });
    expect(checkFile({ name: "a.mp4", size: 5 * GiB, type: "video/mp4" }).ok).toBe(true);
    expect(checkFile({ name: "a.mp4", size: 5 * GiB + 1, type: "video/mp4" })).toEqual({
      ok: false,
      message: `a.mp4 is too large. A video may be at most ${5 * GiB} bytes.`,
    });
    expect(checkFile({ name: "a.mp4", size: 101, type: "video/mp4" }, 100).ok).toBe(false);
  });

  it("titles a video after its file name", () => {
    expect(titleFromFileName("holiday.final.mp4")).toBe("holiday.final");
    expect(titleFromFileName("clip")).toBe("clip");
    expect(titleFromFileName(".mp4")).toBe("Untitled video");
  });
});
