// The server-process helper itself, and what it is for: a server killed with -9 and started
// again on the same data directory has lost nothing it acknowledged.
import { expect, test } from "vitest";
import { sampleFlow } from "./helpers/sample-flows.js";
import { startServerProcess } from "./helpers/server-process.js";

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

test("kill -9, restart on the same data, stop gracefully", async () => {
  const first = await startServerProcess();
  const created = await fetch(`${first.url}/api/flows`, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ flow: sampleFlow("Survives a crash") }),
  });
  expect(created.status).toBe(201);
  const { id } = await created.json();

  await first.kill9();
  expect(alive(first.pid)).toBe(false);

  const second = await startServerProcess({ dataDir: first.dataDir });
  expect(second.dataDir).toBe(first.dataDir);
  const res = await fetch(`${second.url}/api/flows/${id}`);
  expect(res.status).toBe(200);
  expect((await res.json()).name).toBe("Survives a crash");

  const started = Date.now();
  await second.stop();
  expect(alive(second.pid)).toBe(false);
  expect(Date.now() - started).toBeLessThan(4000); // SIGTERM was enough: no SIGKILL fallback
  expect(second.logs()).toContain("Tandem is serving on");
});
