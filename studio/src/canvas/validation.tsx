// The problems of the flow a canvas shows, one store per canvas given by a provider (as React
// Flow's ReactFlowProvider gives each canvas its own store), so the editor's live check and a
// run's canvas never overwrite each other. Nodes, edges and the editor's panels read it here.
import type { Flow } from "@tandem/shared";
import { createContext, useContext, type ReactNode } from "react";
import { useStore } from "zustand";
import { createStore, type StoreApi } from "zustand/vanilla";
import { lintFlow, type FlowLint } from "../flow/check.js";

export type ValidationStore = StoreApi<FlowLint>;

export function createValidation(flow: Flow): ValidationStore {
  return createStore<FlowLint>()(() => lintFlow(flow));
}

const ValidationContext = createContext<ValidationStore | null>(null);

export function ValidationProvider({ store, children }: { store: ValidationStore; children: ReactNode }) {
  return <ValidationContext.Provider value={store}>{children}</ValidationContext.Provider>;
}

export function useValidationStore(): ValidationStore {
  const store = useContext(ValidationContext);
  // A canvas without its problems would draw a broken flow as sound: say so at once.
  if (!store) throw new Error("useValidation needs a ValidationProvider above it");
  return store;
}

export function useValidation<T>(selector: (c: FlowLint) => T): T {
  return useStore(useValidationStore(), selector);
}
