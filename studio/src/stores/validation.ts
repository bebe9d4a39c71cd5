// The live validation of the open document, recomputed shortly after each edit (not on every
// drag frame: moving a node never changes a problem, and a big flow takes a few ms to check).
import { createStore } from "zustand/vanilla";
import { useStore } from "zustand";
import { checkFlow, type Check } from "../flow/check.js";
import { documentStore } from "./document.js";

const DELAY_MS = 120;

export const validationStore = createStore<Check>()(() => checkFlow(documentStore.getState().flow));

/** Keeps the validation in step with the document until the returned function is called. */
export function startLiveValidation(): () => void {
  let timer: ReturnType<typeof setTimeout> | undefined;
  let checked = documentStore.getState().flow;
  validationStore.setState(checkFlow(checked), true);
  const unsubscribe = documentStore.subscribe((s) => {
    if (s.flow === checked) return;
    clearTimeout(timer);
    timer = setTimeout(() => {
      checked = documentStore.getState().flow;
      validationStore.setState(checkFlow(checked), true);
    }, DELAY_MS);
  });
  return () => {
    clearTimeout(timer);
    unsubscribe();
  };
}

export function useValidation<T>(selector: (c: Check) => T): T {
  return useStore(validationStore, selector);
}
