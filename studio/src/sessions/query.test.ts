import { describe, expect, it } from "vitest";
import { formatQuery, PAGE_SIZE, parseQuery, toFilter } from "./query.js";

describe("sessions query", () => {
  it("reads back what it writes", () => {
    const query = { flow: "f1", status: "waiting" as const, text: "rollback plan", offset: 100 };
    expect(parseQuery(formatQuery(query))).toEqual(query);
    expect(formatQuery({ flow: "", status: "", text: "", offset: 0 })).toBe("");
  });

  it("ignores what it does not know", () => {
    expect(parseQuery("status=exploded&offset=-3&x=1")).toEqual({ flow: "", status: "", text: "", offset: 0 });
  });

  it("asks the server for one page, with the filters that are set", () => {
    expect(toFilter({ flow: "", status: "failed", text: "  ", offset: 50 })).toEqual({ status: "failed", limit: PAGE_SIZE, offset: 50 });
  });
});
