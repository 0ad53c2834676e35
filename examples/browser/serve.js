// A static file server for the browser example, with nothing but node:http:
//   node examples/browser/serve.js [port]   then open
//   http://127.0.0.1:8080/examples/browser/
// It serves the checkout's root (so /dist and /build resolve) and only
// files under the folders the page needs.
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { extname, join, normalize } from "node:path";

const root = fileURLToPath(new URL("../..", import.meta.url));
const served = ["/examples/browser/", "/dist/", "/build/"];
const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".wasm": "application/wasm",
};

/** Starts the server on 127.0.0.1:port (0: any free port); resolves to it. */
export function serve(port = 0) {
  const server = createServer(async (req, res) => {
    let path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    if (path.endsWith("/")) path += "index.html";
    const type = types[extname(path)];
    if (!type || !served.some((dir) => path.startsWith(dir))) {
      res.writeHead(404).end("not found");
      return;
    }
    try {
      const body = await readFile(join(root, path));
      res.writeHead(200, { "content-type": type, "cache-control": "no-store" }).end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const server = await serve(Number(process.argv[2] ?? 8080));
  console.log(`http://127.0.0.1:${server.address().port}/examples/browser/`);
}
