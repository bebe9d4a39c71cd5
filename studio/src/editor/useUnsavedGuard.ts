// While there are unsaved changes: the browser asks before closing or reloading the tab, and
// the router asks (in-page dialog) before going to another page of the studio.
import { useEffect } from "react";
import { setLeaveGuard } from "../router.js";
import { useDocument } from "../stores/document.js";
import { confirm } from "../ui/confirm.js";

export function useUnsavedGuard() {
  const dirty = useDocument((s) => s.flow !== s.saved);
  useEffect(() => {
    if (!dirty) return;
    const onBeforeUnload = (e: BeforeUnloadEvent) => {
      e.preventDefault();
      e.returnValue = "";
    };
    window.addEventListener("beforeunload", onBeforeUnload);
    const removeGuard = setLeaveGuard(() =>
      confirm({
        title: "Leave without saving?",
        message: "This flow has changes that are not saved. They will be lost if you leave.",
        confirmLabel: "Leave without saving",
        cancelLabel: "Stay",
        danger: true,
      }),
    );
    return () => {
      window.removeEventListener("beforeunload", onBeforeUnload);
      removeGuard();
    };
  }, [dirty]);
}
