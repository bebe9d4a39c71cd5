import { describe, expect, it } from "vitest";
import { ApiError } from "../api/client.js";
import { errorText } from "./errorText.js";

describe("an error in words", () => {
  it("names the field once, whether or not the message already does", () => {
    expect(errorText(new ApiError(422, "invalid", "Pick a version of the flow.", "version"))).toBe("version: Pick a version of the flow.");
    expect(errorText(new ApiError(422, "invalid_request", "file.text: line 2, column 5: not JSON", "file.text"))).toBe("file.text: line 2, column 5: not JSON");
    expect(errorText(new ApiError(0, "network", "The Tandem server cannot be reached."))).toBe("The Tandem server cannot be reached.");
    expect(errorText(new Error("boom"))).toBe("boom");
  });
});
