// Asking a person to confirm (delete, leave with unsaved changes) with an in-page dialog
// rather than window.confirm, which blocks the page and cannot be styled or tested well.
import { createStore } from "zustand/vanilla";
import { useStore } from "zustand";

export interface ConfirmRequest {
  title: string;
  message: string;
  confirmLabel: string;
  cancelLabel?: string;
  danger?: boolean;
  resolve: (ok: boolean) => void;
}

const store = createStore<{ request: ConfirmRequest | null }>()(() => ({ request: null }));

export function confirm(options: Omit<ConfirmRequest, "resolve">): Promise<boolean> {
  store.getState().request?.resolve(false);
  return new Promise((resolve) => store.setState({ request: { ...options, resolve } }));
}

export function answer(ok: boolean) {
  const request = store.getState().request;
  store.setState({ request: null });
  request?.resolve(ok);
}

export function useConfirmRequest() {
  return useStore(store, (s) => s.request);
}
