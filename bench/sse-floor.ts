// The floor for the server benchmark: a bare Node HTTP server that does nothing but write
// stamped message.delta frames to its subscribers on the same schedule as the benchmark's
// runs (two calls of 50 tokens, 10 ms apart). Whatever latency it shows comes from the machine
// and the subscribers, not from Tandem.
// `tsx bench/sse-floor.ts <runs> <subscribers>` prints "serving on <url>"; streams start once
// every subscriber of every run is connected to /api/runs/<n>/events.
import { createServer, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

const runs = Number(process.argv[2]);
const subscribers = Number(process.argv[3]);
const TOKENS = 100;
const open = new Map<number, ServerResponse[]>();
let connected = 0;

const server = createServer((req, res) => {
  const run = Number(/^\/api\/runs\/(\d+)\/events/.exec(req.url ?? "")?.[1] ?? NaN);
  if (!(run >= 0 && run < runs)) return void res.writeHead(404).end();
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
  res.flushHeaders();
  open.set(run, [...(open.get(run) ?? []), res]);
  if (++connected === runs * subscribers) for (let r = 0; r < runs; r++) stream(open.get(r)!);
});

function stream(subs: ServerResponse[]): void {
  let seq = 0;
  const timer = setInterval(() => {
    seq++;
    const stamp = (performance.timeOrigin + performance.now()).toFixed(3);
    const event = { type: "message.delta", nodeId: "a1", text: `${stamp} `, seq, at: Date.now() };
    const frame = `id: ${seq}\nevent: ${event.type}\ndata: ${JSON.stringify(event)}\n\n`;
    for (const res of subs) res.write(frame);
    if (seq === TOKENS) {
      clearInterval(timer);
      for (const res of subs) res.end();
    }
  }, 10);
}

server.listen(0, "127.0.0.1", () => {
  process.stdout.write(`serving on http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
