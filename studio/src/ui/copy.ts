// Copies text for the user, saying whether it worked (and what to do when it did not).
import { toast } from "./toast.js";

export function copyText(text: string, noun: string): Promise<void> {
  return navigator.clipboard.writeText(text).then(
    () => toast("success", `Copied the ${noun}`),
    () => toast("error", `Could not copy: select the ${noun} and copy it`),
  );
}
