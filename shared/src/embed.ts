// The snippet another site pastes to show a deployment's hosted page: an iframe of the page
// without its chrome (`?embed=1`). The site's origin must be in the deployment's allowedOrigins.

const attr = (text: string) => text.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** `publicUrl`: where people reach the server ("https://tandem.example.com"); `pagePath`: Deployment.pagePath. */
export function embedSnippet(publicUrl: string, pagePath: string, title = "Tandem"): string {
  const src = `${publicUrl.replace(/\/+$/, "")}${pagePath}?embed=1`;
  return `<iframe src="${attr(src)}" title="${attr(title)}" width="100%" height="640" style="border:0" loading="lazy"></iframe>`;
}
