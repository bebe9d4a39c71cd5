import { expect, test } from "vitest";
import { costText } from "./cost.js";

test("a cost reads in dollars, and nothing priced reads as a dash", () => {
  expect(costText(0.0042)).toBe("$0.0042");
  expect(costText(1.271)).toBe("$1.27");
  expect(costText(0)).toBe("—");
  expect(costText(undefined)).toBe("—");
});
