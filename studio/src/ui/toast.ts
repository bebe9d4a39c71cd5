// Short notices after an action ("Saved version 3"), announced to screen readers.
import { createStore } from "zustand/vanilla";
import { useStore } from "zustand";

export interface Toast {
  id: number;
  kind: "info" | "success" | "error";
  message: string;
}

const store = createStore<{ toasts: Toast[] }>()(() => ({ toasts: [] }));
let next = 1;

export function toast(kind: Toast["kind"], message: string) {
  const id = next++;
  store.setState((s) => ({ toasts: [...s.toasts.slice(-3), { id, kind, message }] }));
  setTimeout(() => dismiss(id), kind === "error" ? 8000 : 3500);
}

export function dismiss(id: number) {
  store.setState((s) => ({ toasts: s.toasts.filter((t) => t.id !== id) }));
}

export function useToasts() {
  return useStore(store, (s) => s.toasts);
}
