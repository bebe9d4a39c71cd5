import { expect, it } from "vitest";
import { ApiError } from "../api/client.js";
import { failureSentence } from "./answer.js";

it("says a refusal of what is someone else's as such, with the server's reason", () => {
  const refused = new ApiError(403, "not_assignee", "this question is for legal, @ana; you (bob) have designer");
  expect(failureSentence(refused)).toBe("Not yours to answer: this question is for legal, @ana; you (bob) have designer.");
});

it("says other failures as the server's sentence", () => {
  expect(failureSentence(new ApiError(409, "already_answered", "already answered by Ada"))).toBe("Already answered by Ada.");
  expect(failureSentence(new ApiError(409, "already_voted", "you voted already!"))).toBe("You voted already!");
});
