// A static file server for the browser example (bin/static-server.js):
//   node examples/browser/serve.js [port]   then open
//   http://127.0.0.1:8080/examples/browser/
// It serves the checkout's root (so /dist and /build resolve) and only
// files under the folders the page needs.
import { fileURLToPath } from "node:url";
import { serveStatic } from "../../bin/static-server.js";

const root = fileURLToPath(new URL("../..", import.meta.url));

/** Starts the server on 127.0.0.1:port (0: any free port); resolves to it. */
export function serve(port = 0) {
  return serveStatic({ root, dirs: ["/examples/browser/", "/dist/", "/build/"], port });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await serve(Number(process.argv[2] ?? 8080));
  console.log(`http://127.0.0.1:${server.address().port}/examples/browser/`);
}
