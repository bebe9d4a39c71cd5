// DOMPurify needs a DOM, which this test environment lacks: the sanitiser itself is checked in
// the browser (e2e/tests/run-xss.spec.ts). Here: the block split, and that without a DOM no
// markup is passed through unsanitised.
import { describe, expect, it } from "vitest";
import { markdownBlocks, renderMarkdown } from "./markdown.js";

describe("markdown", () => {
  it("splits a text into its blocks, losing nothing", () => {
    const text = "# Title\n\nA paragraph\nwith two lines.\n\n- one\n- two\n\n```js\nlet x = 1;\n\n```\n\nlast";
    const blocks = markdownBlocks(text);
    expect(blocks.join("")).toBe(text);
    expect(blocks).toHaveLength(5);
    expect(blocks[2]).toBe("- one\n- two\n\n");
  });

  it("keeps an unfinished code block (a reply still streaming) as one block", () => {
    expect(markdownBlocks("Intro\n\n```py\nprint(1)\n\nprint(2)")).toEqual(["Intro\n\n", "```py\nprint(1)\n\nprint(2)"]);
  });

  it("escapes the text when it cannot sanitise", () => {
    const html = renderMarkdown(`<img src=x onerror=alert(1)> <script>alert(2)</script> [x](javascript:alert(3))`);
    expect(html).not.toMatch(/<img|<script/);
    expect(html).toContain("&#60;img src=x onerror=alert(1)&#62;");
  });
});
