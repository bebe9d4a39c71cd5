// The settings the servers of one database share: made once, by whichever asks first, and the
// same value for every server after, however many ask at once.
import { describe, expect, test } from "vitest";
import { sharedSetting } from "../src/store/settings.js";
import { openSql } from "../src/store/open.js";
import { sqlBackends } from "./helpers/backends.js";

describe.each(sqlBackends)("$name", (backend) => {
  test("servers starting at once on one database all get the value one of them made", async () => {
    const target = await backend.target();
    // Opened one after another (in one process, SQLite connections would wait on each other's
    // migration); they then ask at once.
    const servers = [];
    for (let i = 0; i < 4; i++) servers.push(await openSql(target));
    try {
      const values = await Promise.all(servers.map(({ sql }, i) => sharedSetting(sql, "key", () => `made by ${i}`)));
      expect(new Set(values).size).toBe(1);
      expect(values[0]).toMatch(/^made by [0-3]$/);
      // Later, the stored value: the maker is not asked again.
      expect(await sharedSetting(servers[0]!.sql, "key", () => "another")).toBe(values[0]);
      expect(await sharedSetting(servers[1]!.sql, "other", () => "its own")).toBe("its own");
    } finally {
      await Promise.all(servers.map(({ sql }) => sql.close()));
    }
  });
});
