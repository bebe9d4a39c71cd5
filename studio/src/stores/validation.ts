// The live validation of the open document: the editor's validation store follows the document,
// rechecked shortly after each edit (not on every drag frame: moving a node never changes a
// problem, and a big flow takes a few ms to check).
import type { ValidationStore } from "../canvas/validation.js";
import { lintFlow } from "../flow/check.js";
import { documentStore } from "./document.js";

const DELAY_MS = 120;

/** Keeps this validation store in step with the document until the returned function is called. */
export function followDocument(store: ValidationStore): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let checked = documentStore.getState().flow;
  store.setState(lintFlow(checked), true);
  const unsubscribe = documentStore.subscribe((s) => {
    if (s.flow === checked) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      checked = documentStore.getState().flow;
      store.setState(lintFlow(checked), true);
    }, DELAY_MS);
  });
  return () => {
    clearTimeout(timer);
    unsubscribe();
  };
}
