// An outcome as a button reads: "revise" → "Revise".
export const outcomeLabel = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
