// Imported first by main.tsx. The server's Content-Security-Policy allows no eval, and zod's
// fast path probes for it with `new Function`, which the browser reports as a violation even
// though zod catches the error: parse without it.
import { z } from "zod";

z.config({ jitless: true });
