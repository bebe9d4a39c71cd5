/** The modifier of keyboard shortcuts as shown in titles: "⌘" on Apple devices, else "Ctrl+". */
export const MOD = /Mac|iPhone|iPad/.test(navigator.platform) ? "⌘" : "Ctrl+";

/** Whether a key press is typing into a field (which keeps its keys to itself). */
export function isTyping(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName));
}
