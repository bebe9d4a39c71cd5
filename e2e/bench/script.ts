import { pathToFileURL } from "node:url";

/** Runs a bench's main() when its file is run directly: exit 0 when every target is met, 1 when one is missed. */
export function runWhenMain(moduleUrl: string, main: () => Promise<{ pass: boolean }>): void {
  if (!process.argv[1] || moduleUrl !== pathToFileURL(process.argv[1]).href) return;
  main().then(
    (r) => process.exit(r.pass ? 0 : 1),
    (e: unknown) => {
      console.error(e);
      process.exit(2);
    },
  );
}
