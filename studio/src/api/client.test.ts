import { describe, expect, it } from "vitest";
import { requestHeaders } from "./client.js";

describe("requestHeaders", () => {
  it("say every request comes from the studio", () => {
    expect(requestHeaders("GET", undefined)).toEqual({ "x-tandem-via": "studio" });
  });

  it("send the CSRF token on state-changing requests only", () => {
    for (const method of ["POST", "PUT", "PATCH", "DELETE", "post"]) {
      expect(requestHeaders(method, "t0k")).toEqual({ "x-tandem-via": "studio", "x-csrf-token": "t0k" });
    }
    expect(requestHeaders("GET", "t0k")).toEqual({ "x-tandem-via": "studio" });
    expect(requestHeaders("HEAD", "t0k")).toEqual({ "x-tandem-via": "studio" });
    expect(requestHeaders("POST", undefined)).toEqual({ "x-tandem-via": "studio" });
  });
});
