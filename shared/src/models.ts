// Model references look like "provider/model" (e.g. "openai/gpt-4o-mini", "scripted/demo").
export const MODEL_REF = /^([a-z0-9][a-z0-9_-]*)\/(\S.*)$/i;

export function parseModelRef(ref: string): { provider: string; model: string } | null {
  const m = MODEL_REF.exec(ref);
  return m ? { provider: m[1]!.toLowerCase(), model: m[2]! } : null;
}
