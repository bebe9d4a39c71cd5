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

export function securityHeaders(): MiddlewareHandler {
  return secureHeaders({
    contentSecurityPolicy: CONTENT_SECURITY_POLICY,
    xFrameOptions: "DENY",
    xContentTypeOptions: "nosniff",
    referrerPolicy: "no-referrer",
    crossOriginOpenerPolicy: "same-origin",
    crossOriginResourcePolicy: "same-origin",
    // No HSTS: the server speaks plain HTTP on loopback; a TLS proxy in front can add it.
    strictTransportSecurity: false,
  });
}
