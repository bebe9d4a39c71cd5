/** The modifier of keyboard shortcuts as shown in titles: "⌘" on Apple devices, else "Ctrl+". */
export const MOD = /Mac|iPhone|iPad/.test(navigator.platform) ? "⌘" : "Ctrl+";
