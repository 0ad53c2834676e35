// runWasi() in a browser: headless Chromium (Debian's, through
// playwright-core) loads pyheap from /dist and runs libc_tour.c, built
// with wasi/libpyheap-wasi.a, under pyheap's own WASI host with an
// in-memory preopened directory. The output must be the one node:wasi
// gives in Node (test/wasi.test.ts compares that with dlmalloc's).
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { execFileSync } from "node:child_process";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type BrowserContext } from "playwright-core";
// @ts-ignore: a plain JS example without types
import { serve } from "../examples/browser/serve.js";
import { runWasi } from "../src/index.js";

const root = new URL("..", import.meta.url).pathname;
const CHROMIUM = "/usr/bin/chromium";
const ready = existsSync(CHROMIUM) && existsSync("/usr/lib/wasm32-wasi/libc.a");
const skip = !ready && !process.env.CI;
const PATH = (process.env.PATH ?? "").split(":").filter((p) => !p.includes("node_modules")).join(":");

describe.skipIf(skip)("runWasi in headless Chromium (pyheap's WASI host)", () => {
  let server: Server, context: BrowserContext, dir: string, program: Uint8Array;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), "pyheap-wasi-browser-"));
    const out = join(dir, "tour.wasm");
    execFileSync("clang", ["--target=wasm32-wasi", "-O2", "-Wl,--import-memory", "-Wl,--global-base=65536",
      "-o", out, join(root, "examples/c-client/libc_tour.c"), join(root, "wasi/libpyheap-wasi.a")],
    { stdio: "pipe", env: { ...process.env, PATH } });
    program = readFileSync(out);
    server = await serve(0);
    context = await chromium.launchPersistentContext(join(dir, "profile"), {
      executablePath: CHROMIUM,
      headless: true,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"],
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await new Promise((resolve) => server?.close(resolve));
    rmSync(dir, { recursive: true, force: true });
  });

  it("prints what it prints under node:wasi, and pyheap checks clean", async () => {
    let expected = "";
    const data = join(dir, "data");
    mkdirSync(data);
    await runWasi(program, {
      args: ["tour", "/data"], preopens: { "/data": data },
      stdout: (b) => { expected += new TextDecoder().decode(b); },
    });
    expect(expected).toMatch(/^600 lines; first a/);

    const page = await context.newPage();
    const { port } = server.address() as AddressInfo;
    await page.goto(`http://127.0.0.1:${port}/examples/browser/`);
    await page.evaluate((bytes) => { (window as unknown as { program: Uint8Array }).program = new Uint8Array(bytes); },
      [...program]);
    // A string, so that the test runner does not rewrite its import().
    const result = await page.evaluate(`(async () => {
      const { runWasi } = await import("/dist/index.js");
      let out = "";
      const dir = {};
      const { exitCode, heap } = await runWasi(window.program, {
        args: ["tour", "/data"], preopens: { "/data": dir },
        stdout: (b) => { out += new TextDecoder().decode(b); },
      });
      heap.check();
      return { exitCode, out, files: Object.keys(dir).sort(), arenas: heap.stats().arenas.allocatedTotal };
    })()`) as { exitCode: number; out: string; files: string[]; arenas: number };
    expect(result.exitCode).toBe(0);
    expect(result.out).toBe(expected);
    expect(result.files).toEqual(["out.txt", "words.txt"]);
    expect(result.arenas).toBeGreaterThan(0);
    await page.close();
  });
});
