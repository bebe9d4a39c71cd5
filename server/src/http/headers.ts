// The response headers that keep the studio's page to itself: a strict Content-Security-Policy
// (only this server's own scripts, styles, images and API; no inline script; not framed),
// no MIME sniffing, no referrer, and a browsing context of its own.
import type { MiddlewareHandler } from "hono";
import { secureHeaders } from "hono/secure-headers";

const SELF = "'self'";
const NONE = "'none'";

/**
 * The studio's policy. Vite's build puts every script and stylesheet in files under /assets,
 * so no inline script or `<style>` is needed, and `style-src` needs no 'unsafe-inline': React
 * and React Flow set element styles through the CSSOM (`el.style.x = …`), which CSP does not
 * govern, and React Flow 12 ships its CSS as a file instead of injecting it. `data:` images are
 * the favicon. Replies from models never load anything (images are shown as links).
 */
export const CONTENT_SECURITY_POLICY = {
  defaultSrc: [SELF],
  scriptSrc: [SELF],
  styleSrc: [SELF],
  imgSrc: [SELF, "data:"],
  fontSrc: [SELF],
  connectSrc: [SELF],
  objectSrc: [NONE],
  baseUri: [NONE],
  formAction: [SELF],
  frameAncestors: [NONE],
};

// An origin as CSP may name it: nothing that could end the directive or add another.
const ORIGIN = /^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i;

/**
 * The headers for every response; `frameAncestors` lets those origins frame it (the hosted
 * page, embedded where its deployment allows). X-Frame-Options cannot name origins, so it is
 * sent only when no one may frame the page.
 */
export function securityHeaders(frameAncestors: readonly string[] = []): MiddlewareHandler {
  const framers = frameAncestors.filter((o) => ORIGIN.test(o));
  return secureHeaders({
    contentSecurityPolicy: { ...CONTENT_SECURITY_POLICY, frameAncestors: framers.length ? framers : [NONE] },
    xFrameOptions: framers.length ? false : "DENY",
    xContentTypeOptions: "nosniff",
    referrerPolicy: "no-referrer",
    crossOriginOpenerPolicy: "same-origin",
    crossOriginResourcePolicy: "same-origin",
    // No HSTS: the server speaks plain HTTP on loopback; a TLS proxy in front can add it.
    strictTransportSecurity: false,
  });
}
