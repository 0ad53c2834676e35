#!/usr/bin/env node
// The package's command: `npx pyheap explore [--port N]` serves the heap
// explorer (examples/explorer/, with dist/ and build/ beside it) on
// 127.0.0.1 and prints its address.
import { fileURLToPath } from "node:url";
import { serveStatic } from "./static-server.js";

const USAGE = "usage: pyheap explore [--port N]   (serves the heap explorer on 127.0.0.1)";
const root = fileURLToPath(new URL("..", import.meta.url));

export async function explore(port = 8080) {
  const server = await serveStatic({ root, dirs: ["/examples/explorer/", "/dist/", "/build/"], port });
  return { server, url: `http://127.0.0.1:${server.address().port}/examples/explorer/` };
}

function fail(message) {
  console.error(`pyheap: ${message}\n${USAGE}`);
  process.exit(2);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === (await import("node:fs")).realpathSync(process.argv[1])) {
  const [command, ...rest] = process.argv.slice(2);
  if (command !== "explore") fail(command ? `unknown command '${command}'` : "no command given");
  let port = 8080;
  for (let i = 0; i < rest.length; i++) {
    if (rest[i] === "--port" && i + 1 < rest.length) {
      port = Number(rest[++i]);
      if (!Number.isInteger(port) || port < 0 || port > 65535) fail(`--port must be an integer from 0 to 65535, got '${rest[i]}'`);
    } else fail(`unknown option '${rest[i]}'`);
  }
  try {
    const { url } = await explore(port);
    console.log(`pyheap explorer: ${url}  (Ctrl-C to stop)`);
  } catch (e) {
    fail(`cannot listen on 127.0.0.1:${port}: ${e.message}`);
  }
}
