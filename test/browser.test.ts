// The browser example (examples/browser) in headless Chromium: Debian's
// chromium driven by playwright-core. The page loads pyheap from /dist
// (its .wasm found through new URL(..., import.meta.url)), allocates,
// writes strings and structs, and prints what it reads and the heap's
// statistics, then runs createHeap(): objects, sys.getrefcount, a cycle
// collected by gc.collect(), weakref callbacks on the refcount and the
// collector's path; the test reads what the page shows.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { chromium, type BrowserContext } from "playwright-core";
// @ts-ignore: a plain JS example without types
import { serve } from "../examples/browser/serve.js";

const CHROMIUM = "/usr/bin/chromium";
// .ci/run installs chromium; only a developer machine without it may skip.
const skip = !existsSync(CHROMIUM) && !process.env.CI;

describe.skipIf(skip)("browser example in headless Chromium", () => {
  let server: Server, context: BrowserContext, profile: string;

  beforeAll(async () => {
    server = await serve(0);
    profile = mkdtempSync(join(tmpdir(), "pyheap-chromium-"));
    context = await chromium.launchPersistentContext(profile, {
      executablePath: CHROMIUM,
      headless: true,
      args: [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
      ],
    });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await new Promise((resolve) => server?.close(resolve));
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  it("loads pyheap, allocates, and shows what it wrote and the statistics", async () => {
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(String(e)));
    const wasm: string[] = [];
    page.on("request", (r) => {
      const path = new URL(r.url()).pathname;
      if (path.endsWith(".wasm")) wasm.push(path);
    });
    const { port } = server.address() as AddressInfo;
    await page.goto(`http://127.0.0.1:${port}/examples/browser/`);
    await page.waitForFunction(() => document.body.dataset.status !== "loading", null, { timeout: 60_000 });
    const status = await page.evaluate(() => document.body.dataset.status);
    const out = await page.textContent("#out");
    expect(status, out ?? "").toBe("done");
    expect(errors).toEqual([]);

    // "each build is fetched only when used": the release build (for
    // createAllocator() and createHeap(), compiled once) and malloc.wasm
    // (instantiateShared()), not debug, legacy or shared
    expect(wasm.sort()).toEqual(["/build/malloc.wasm", "/build/release.wasm"]);

    expect(out).toContain("strings: arena pool block größe 🐍");
    // sum of i*0.5, i*2 and i for i < 1000
    expect(out).toContain("structs: 1000 sum x=249750 sum y=999000 sum id=499500");
    expect(out).toMatch(/large block: \d+ usable bytes at 16-aligned address/);
    expect(out).toMatch(/shared build: block at 0x[0-9a-f]+, inside \[0x10000, end\): true/);

    // createHeap(): the list's items back as JS, its count with and
    // without the dict's reference, None immortal (0x3FFFFFFF)
    expect(out).toContain('objects: [300,"größe 🐍",null] in a dict');
    expect(out).toContain("sys.getrefcount: list 2, None 1073741823");
    expect(out).toContain("after decref of the dict: list 1");
    // the first callback at decref, the second inside the collection, which
    // found the self-referring instance and the list holding itself
    expect(out).toContain("weakrefs: callback (refcount), callback (gc), gc.collect() = 2; referents gone: true true");
    expect(out).toContain("live objects: none");

    const stats = (await page.textContent("#stats")) ?? "";
    expect(stats).toMatch(/^Small block threshold = 512, in 32 size classes\./);
    // The 500 surviving 24-byte records sit in size class 1 (32 bytes).
    expect(stats).toMatch(/\n\s+1\s+32\s+\d+\s+500\s+\d+\n/);
    expect(stats).toMatch(/# large blocks in use \(\d+\)\s+=\s+[\d,]+/);
    const memoryLine = stats.match(/Wasm memory \(\d+ grows\)\s+=\s+([\d,]+)/);
    expect(Number(memoryLine?.[1].replace(/,/g, ""))).toBeGreaterThanOrEqual(65536 * 2);
    await page.close();
  });
});
