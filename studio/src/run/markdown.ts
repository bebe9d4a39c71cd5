// Model output as HTML that cannot run anything. marked renders the markdown; DOMPurify then
// removes scripts, event handlers, frames, forms, styles and every link that is not http(s)
// or mailto (so no `javascript:`), and makes links open in a new tab that cannot reach this one.
// Images are shown as links, never loaded: a reply must not make the browser fetch a URL on
// its own (a known way for injected instructions to leak a conversation to a third party).
import DOMPurify, { type Config } from "dompurify";
import { Marked } from "marked";

const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const marked = new Marked({
  gfm: true,
  breaks: true,
  renderer: {
    image: ({ href, text }) => `<a href="${escapeHtml(href)}">${escapeHtml(text || href)}</a>`,
  },
});

const PURIFY = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: ["img", "picture", "source", "video", "audio", "iframe", "frame", "object", "embed", "form", "input", "button", "textarea", "select", "style", "link", "meta", "base"],
  FORBID_ATTR: ["style", "srcset", "action", "formaction", "target"],
  ALLOW_DATA_ATTR: false,
  ALLOWED_URI_REGEXP: /^(?:https?:|mailto:)/i,
} satisfies Config;

// DOMPurify works only with a DOM (not in Node's tests); renderMarkdown checks the same.
if (DOMPurify.isSupported) {
  DOMPurify.addHook("afterSanitizeAttributes", (node) => {
    if (node.tagName === "A" && node.hasAttribute("href")) {
      node.setAttribute("target", "_blank");
      node.setAttribute("rel", "noopener noreferrer");
    }
  });
}

/** Sanitised HTML for a markdown text. Without a DOM to sanitise with, the text is escaped. */
export function renderMarkdown(text: string): string {
  if (!DOMPurify.isSupported) return `<p>${escapeHtml(text)}</p>`;
  return DOMPurify.sanitize(marked.parse(text, { async: false }), PURIFY);
}

/**
 * The text's top-level blocks (paragraphs, lists, code…), each with the blank lines after it.
 * While a reply streams only its last block changes, so only that one is rendered again.
 */
export function markdownBlocks(text: string): string[] {
  const blocks: string[] = [];
  for (const token of marked.lexer(text)) {
    if (token.type === "space" && blocks.length) blocks[blocks.length - 1] += token.raw;
    else blocks.push(token.raw);
  }
  return blocks;
}
