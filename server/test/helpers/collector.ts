// A webhook collector for tests: a real HTTP server on a free port that keeps every request it
// gets and answers each with the next of `statuses` (the last one repeats); `null` never answers
// (a collector that hangs), until it is closed.
import { createServer, type IncomingMessage, type Server } from "node:http";
import type { AddressInfo } from "node:net";

export interface Received {
  headers: IncomingMessage["headers"];
  body: string;
}

export interface Collector {
  url: string;
  received: Received[];
  /** Resolves once `n` requests have come. */
  got(n: number): Promise<Received[]>;
  close(): Promise<void>;
}

export async function collector(statuses: (number | null)[]): Promise<Collector> {
  const received: Received[] = [];
  const waiters: (() => void)[] = [];
  const server: Server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString("utf8")));
    req.on("end", () => {
      received.push({ headers: req.headers, body });
      for (const wake of waiters.splice(0)) wake();
      const status = statuses[Math.min(received.length - 1, statuses.length - 1)]!;
      if (status === null) return;
      res.statusCode = status;
      res.end();
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
  const got = async (n: number) => {
    while (received.length < n) await new Promise<void>((wake) => waiters.push(wake));
    return received;
  };
  return {
    url,
    received,
    got,
    close: () => {
      server.closeAllConnections();
      return new Promise((r) => server.close(() => r()));
    },
  };
}
