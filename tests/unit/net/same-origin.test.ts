import { describe, expect, it } from "vitest";
import { crossSiteRefusal } from "@/lib/net/same-origin";

const APP = "https://study.example.org";

function refusal(headers: Record<string, string>, app = APP): string | null {
  return crossSiteRefusal(new Headers(headers), app);
}

describe("the JSON API's cross-site rule", () => {
  it("lets same-origin JSON through, from a page or from a program that sends no browser headers", () => {
    expect(refusal({ "content-type": "application/json", origin: APP, "sec-fetch-site": "same-origin" })).toBeNull();
    expect(refusal({ "content-type": "application/json; charset=utf-8", origin: `${APP}/` })).toBeNull();
    expect(refusal({ "content-type": "Application/JSON" })).toBeNull();
    expect(refusal({ "content-type": "application/json", "sec-fetch-site": "none" })).toBeNull();
    // The app's public URL may carry a path; only its origin counts, default ports included.
    expect(
      refusal({ "content-type": "application/json", origin: "https://study.example.org:443" }, `${APP}/app/`),
    ).toBeNull();
  });

  it("refuses a body that is not declared JSON: what a form or a simple cross-site request can send", () => {
    for (const type of ["text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=x", ""]) {
      expect(refusal(type ? { "content-type": type, origin: APP } : { origin: APP })).toMatch(
        /Content-Type: application\/json/,
      );
    }
    expect(refusal({ "content-type": "application/jsonp", origin: APP })).not.toBeNull();
  });

  it("refuses another origin, an opaque one, and any site but the app's own", () => {
    const json = { "content-type": "application/json" };
    expect(refusal({ ...json, origin: "https://evil.example" })).toMatch(/another origin/);
    expect(refusal({ ...json, origin: "http://study.example.org" })).toMatch(/another origin/);
    expect(refusal({ ...json, origin: "https://study.example.org:8443" })).toMatch(/another origin/);
    expect(refusal({ ...json, origin: "null" })).toMatch(/another origin/);
    expect(refusal({ ...json, "sec-fetch-site": "cross-site" })).toMatch(/another site/);
    expect(refusal({ ...json, "sec-fetch-site": "same-site" })).toMatch(/another site/);
    // Both headers are checked: a matching Origin does not excuse a cross-site fetch, nor the reverse.
    expect(refusal({ ...json, origin: APP, "sec-fetch-site": "cross-site" })).not.toBeNull();
    expect(refusal({ ...json, origin: "https://evil.example", "sec-fetch-site": "same-origin" })).not.toBeNull();
  });

  it("refuses every origin when the app's own URL cannot be read", () => {
    expect(refusal({ "content-type": "application/json", origin: APP }, "not a url")).not.toBeNull();
  });
});
