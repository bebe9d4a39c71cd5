#!/usr/bin/env node
// A small real MCP server (official SDK) for trying Tandem's tools offline, and for its tests.
//
//   node examples/mcp/demo-server.mjs payments              stdio (what tandem.tools.json runs)
//   node examples/mcp/demo-server.mjs library --http 0      Streamable HTTP on a free port; prints "listening <url>"
//
// Tool sets (the first argument):
//   payments  refund({ order_id, amount, reason? }) appends one line to the ledger ($LEDGER, else
//             <cwd>/.tandem/ledger.jsonl). The request's _meta["tandem/idempotency-key"] is kept with
//             it: a retry with the same key returns the first result and writes nothing.
//             get_order({ order_id }): read-only, made-up but always the same for one id.
//   library   search({ query }): read-only, over a few built-in notes.
// Knobs for tests (environment):
//   DEMO_HANG_TOOL=1   adds hang(), which never answers; when the caller cancels it, it writes
//                      { "type": "cancelled", "key" } to the ledger.
//   DEMO_CRASH_TOOL=1  adds crash(), which exits the process in the middle of the call.
//   DEMO_REFUND_DELAY_MS=<n>  refund waits that long before it looks at the ledger and writes: a
//                      window in which its caller can be killed while the call is under way.
import { createHash } from "node:crypto";
import { appendFileSync, closeSync, existsSync, mkdirSync, openSync, readFileSync } from "node:fs";
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { McpServer } from "@modelcontextprotocol/sdk/server/mcp.js";
import { StdioServerTransport } from "@modelcontextprotocol/sdk/server/stdio.js";
import { StreamableHTTPServerTransport } from "@modelcontextprotocol/sdk/server/streamableHttp.js";
import { z } from "zod";

const KEY = "tandem/idempotency-key";
const LEDGER = process.env.LEDGER || join(process.cwd(), ".tandem", "ledger.jsonl");

const text = (t) => ({ content: [{ type: "text", text: t }] });

function ledgerLines() {
  if (!existsSync(LEDGER)) return [];
  return readFileSync(LEDGER, "utf8").split("\n").filter(Boolean).map((line) => JSON.parse(line));
}

function writeLedger(entry) {
  mkdirSync(dirname(LEDGER), { recursive: true });
  appendFileSync(LEDGER, `${JSON.stringify(entry)}\n`);
}

const refundText = (r) => `Refunded $${r.amount.toFixed(2)} on order ${r.order_id} (refund ${r.refund_id}).`;

const refundOf = (key) => ledgerLines().find((line) => line.type === "refund" && line.key === key);

/** Takes the key for this call, across processes (an exclusive file); false if another call has it. */
function claim(key) {
  mkdirSync(dirname(LEDGER), { recursive: true });
  try {
    closeSync(openSync(`${LEDGER}.${createHash("sha256").update(key).digest("hex").slice(0, 16)}.claim`, "wx"));
    return true;
  } catch (e) {
    if (e.code === "EEXIST") return false;
    throw e;
  }
}

/** The refund another call with the same key is making: waited for until it is in the ledger. */
async function refundMadeElsewhere(key) {
  for (let waited = 0; waited < 30_000; waited += 20) {
    const made = refundOf(key);
    if (made) return made;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  throw new Error(`a refund with idempotency key ${key} is still under way elsewhere`);
}

async function refund({ order_id, amount, reason }, extra) {
  const key = extra._meta?.[KEY] ?? null;
  if (key) {
    const made = refundOf(key);
    if (made) return text(refundText(made));
    // A retry (from this process or another) that comes while the first call is under way gets its refund.
    if (!claim(key)) return text(refundText(await refundMadeElsewhere(key)));
  }
  const delay = Number(process.env.DEMO_REFUND_DELAY_MS ?? 0);
  if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
  const lines = ledgerLines();
  const entry = { type: "refund", key, order_id, amount, reason: reason ?? null, refund_id: `R-${lines.filter((l) => l.type === "refund").length + 1}` };
  writeLedger(entry);
  return text(refundText(entry));
}

function getOrder({ order_id }) {
  let hash = 7;
  for (const ch of order_id) hash = (hash * 31 + ch.charCodeAt(0)) % 100_003;
  const customers = ["Ada Park", "Ben Ortiz", "Chloé Martin", "Dev Rao"];
  const statuses = ["delivered", "shipped", "delivered", "returned"];
  const order = {
    order_id,
    customer: customers[hash % customers.length],
    total: Math.round((hash % 40_000) + 1_000) / 100,
    status: statuses[(hash >> 2) % statuses.length],
  };
  return { ...text(JSON.stringify(order)), structuredContent: order };
}

const NOTES = [
  { title: "Refund policy", text: "Refunds up to $100 are automatic; larger ones need a person's approval." },
  { title: "Shipping times", text: "Orders ship within 2 business days; delivery takes 3 to 5 days." },
  { title: "Returns", text: "Items can be returned within 30 days of delivery, unused and in their box." },
  { title: "Support hours", text: "The support team answers on weekdays from 9:00 to 17:00 CET." },
];

function search({ query }) {
  const words = query.toLowerCase().split(/\W+/).filter(Boolean);
  const hits = NOTES.filter((n) => words.some((w) => `${n.title} ${n.text}`.toLowerCase().includes(w)));
  return text(hits.length ? hits.map((n) => `${n.title}: ${n.text}`).join("\n") : `No notes match "${query}".`);
}

// Tools without arguments get only `extra`.
function hang(extra) {
  const cancelled = () => writeLedger({ type: "cancelled", key: extra._meta?.[KEY] ?? null });
  // The cancellation may have come in already, while the call was being checked.
  if (extra.signal.aborted) cancelled();
  else extra.signal.addEventListener("abort", cancelled);
  return new Promise(() => {});
}

function buildServer(set) {
  const server = new McpServer({ name: `tandem-demo-${set}`, version: "1.0.0" });
  if (set === "payments") {
    server.registerTool(
      "refund",
      {
        description: "Refund an amount of money on an order. Writes to the ledger.",
        inputSchema: { order_id: z.string().describe("the order's id, e.g. A-1001"), amount: z.number().positive().describe("in dollars"), reason: z.string().optional() },
      },
      refund,
    );
    server.registerTool(
      "get_order",
      { description: "Look up an order: customer, total, status. Read-only.", inputSchema: { order_id: z.string() }, annotations: { readOnlyHint: true } },
      getOrder,
    );
  } else if (set === "library") {
    server.registerTool(
      "search",
      { description: "Search the team's notes (policies, shipping, support). Read-only.", inputSchema: { query: z.string() }, annotations: { readOnlyHint: true } },
      search,
    );
  } else {
    console.error(`unknown tool set "${set}" (expected payments or library)`);
    process.exit(2);
  }
  if (process.env.DEMO_HANG_TOOL === "1") server.registerTool("hang", { description: "Never answers." }, hang);
  if (process.env.DEMO_CRASH_TOOL === "1") server.registerTool("crash", { description: "Exits the server mid-call." }, () => process.exit(1));
  return server;
}

const [set = "payments", flag, port] = process.argv.slice(2);
if (flag === "--http") {
  // Stateless Streamable HTTP: a fresh server per request, as in the SDK's stateless example.
  const http = createServer(async (req, res) => {
    if (req.url !== "/mcp" || req.method !== "POST") {
      res.writeHead(req.url === "/mcp" ? 405 : 404).end();
      return;
    }
    const server = buildServer(set);
    const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined });
    res.on("close", () => void server.close());
    await server.connect(transport);
    await transport.handleRequest(req, res);
  });
  http.listen(Number(port ?? 0), "127.0.0.1", () => console.log(`listening http://127.0.0.1:${http.address().port}/mcp`));
} else {
  await buildServer(set).connect(new StdioServerTransport());
}
