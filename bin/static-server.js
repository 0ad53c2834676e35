// A static file server with nothing but node:http, on 127.0.0.1 only: it
// serves the files of `root` under the folders listed in `dirs` and
// nothing else (the explorer and the browser example use it).
import { createServer } from "node:http";
import { readFile } from "node:fs/promises";
import { extname, join, normalize } from "node:path";

const types = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".png": "image/png",
};

/** Starts serving on 127.0.0.1:port (0: any free port); resolves to the
 *  http.Server once it listens. */
export function serveStatic({ root, dirs, port = 0 }) {
  const server = createServer(async (req, res) => {
    let path;
    try {
      path = normalize(decodeURIComponent(new URL(req.url, "http://x").pathname));
    } catch {
      res.writeHead(400).end("bad request");
      return;
    }
    if (path.endsWith("/")) path += "index.html";
    const type = types[extname(path)];
    if (!type || !dirs.some((dir) => path.startsWith(dir))) {
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
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve(server));
  });
}
