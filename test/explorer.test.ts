// The heap explorer (examples/explorer, served by `pyheap explore`) in
// headless Chromium: every scenario runs step by step, and after each step
// the counts the map drew must be the heap's own (memoryInfo() and
// gc.getCount() for a heap, stats() for an allocator); a screenshot is
// taken and must not be blank; a closed or corrupt heap is drawn as a
// message with nothing on the console.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Server } from "node:http";
import type { BrowserContext, Page } from "playwright-core";
import { launchChromium, noChromium } from "./helpers/chromium.js";
// @ts-ignore: the package's bin, plain JS
import { explore } from "../bin/pyheap.js";

interface StepRecord { step: string; shown: Record<string, unknown>; truth: Record<string, unknown> }

describe.skipIf(noChromium)("heap explorer in headless Chromium", () => {
  let server: Server, url: string, context: BrowserContext, profile: string, page: Page;
  const problems: string[] = [];

  beforeAll(async () => {
    ({ server, url } = await explore(0));
    profile = mkdtempSync(join(tmpdir(), "pyheap-explorer-"));
    context = await launchChromium(profile);
    page = await context.newPage();
    page.on("pageerror", (e) => problems.push(String(e)));
    page.on("console", (m) => { if (m.type() === "error" || m.type() === "warning") problems.push(m.text()); });
    // 200,000 ints instead of the page's default million: the test runs on busy cores.
    await page.goto(`${url}?n=200000`);
    await page.waitForFunction(() => document.body.dataset.status === "ready", null, { timeout: 60_000 });
  }, 120_000);

  afterAll(async () => {
    await context?.close();
    await new Promise((resolve) => server?.close(resolve));
    if (profile) rmSync(profile, { recursive: true, force: true });
  });

  const run = (name: string) => page.evaluate((n) => (window as any).explorer.run(n), name) as Promise<StepRecord[]>;

  it("serves the page at the address it prints, and nothing outside its folders", async () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/examples\/explorer\/$/);
    const origin = new URL(url).origin;
    expect((await fetch(`${origin}/dist/index.js`)).status).toBe(200);
    for (const path of ["/package.json", "/src/index.ts", "/examples/explorer/../../package.json", "/%E0%A4%A"]) {
      expect((await fetch(origin + path)).status, path).not.toBe(200);
    }
  });

  it.each([
    // 200,000 ints less the 257 cached small ones (0..256), plus the list
    ["ints", 10, /^after a created memory used: [\d.]+ MB \(Wasm memory [\d.]+ MB, 199744 objects\)$/],
    ["cycle", 4, /^gc\.collect\(\) -> 2: lists alive 0$/],
    ["make_cycle", 14, /^50 dicts kept, gc\.freeze\(\): \d+ objects in the permanent generation$/],
    ["del", 5, /^del gc\.garbage\[0\]\.cc; del gc\.garbage\[:\]  -> __del__ in [AB], __del__ in [AB]$/],
    ["fragmentation", 3, /^malloc\(262144\) -> 0x[0-9a-f]+: none of the \d+ holes/],
  ] as const)("scenario %s: at each of its %i steps the map draws the heap's own counts", async (name, steps, line) => {
    const records = await run(name);
    expect(records.length).toBe(steps);
    for (const r of records) {
      expect(r.shown, r.step).toEqual(r.truth);
      expect(r.shown.memoryBytes, r.step).toBeGreaterThan(0);
    }
    expect(records.some((r) => line.test(r.step)), records.map((r) => r.step).join("\n")).toBe(true);
    if (name === "make_cycle") {
      // automatic collections happened, the timeline marks them, the
      // permanent generation is drawn non-empty
      expect(await page.locator("#map line.collection").count()).toBeGreaterThan(3);
      expect((records.at(-1)!.shown as { frozen: number }).frozen).toBeGreaterThan(0);
    }
    if (name === "ints") expect(await page.textContent("#note")).toContain("scaled down to 200,000");
    // clicking another pool shows its blocks
    const pools = page.locator("#map rect.pool.used");
    if (await pools.count() > 1) {
      const address = Number(await pools.nth(1).getAttribute("data-pool"));
      await pools.nth(1).click();
      expect(await page.textContent('#map [data-field="poolAddress"]')).toBe(`0x${address.toString(16).padStart(8, "0")}`);
    }
    expect(problems).toEqual([]);
  });

  it("takes a screenshot that is not blank", async () => {
    await run("make_cycle");
    const png = await page.locator("#map").screenshot();
    const colours = await page.evaluate(async (b64) => {
      const img = new Image();
      img.src = `data:image/png;base64,${b64}`;
      await img.decode();
      const c = document.createElement("canvas");
      c.width = img.width; c.height = img.height;
      const g = c.getContext("2d")!;
      g.drawImage(img, 0, 0);
      const px = g.getImageData(0, 0, c.width, c.height).data;
      const seen = new Set<number>();
      let ink = 0;
      for (let i = 0; i < px.length; i += 4) {
        const v = (px[i] << 16) | (px[i + 1] << 8) | px[i + 2];
        seen.add(v);
        if (v !== 0xffffff) ink++;
      }
      return { width: c.width, height: c.height, distinct: seen.size, inkShare: ink / (px.length / 4) };
    }, png.toString("base64"));
    expect(colours.width).toBeGreaterThan(900);
    expect(colours.height).toBeGreaterThan(300);
    expect(colours.distinct).toBeGreaterThan(20); // size-class colours, text, lines
    expect(colours.inkShare).toBeGreaterThan(0.05);
    expect(problems).toEqual([]);
  });

  it("draws a message for a closed heap and a corrupt one, with nothing on the console", async () => {
    const closed = await page.evaluate(() => (window as any).explorer.badInput("close"));
    expect(closed).toMatch(/^pyheap heap map: pyheap: this (heap|allocator) was closed; nothing to draw$/);
    expect(await page.textContent("#map [role=alert]")).toBe(closed);
    const corrupt = await page.evaluate(() => (window as any).explorer.badInput("corrupt"));
    expect(corrupt).toMatch(/the heap is corrupt, so it is not drawn\. HeapCorruptionError: check\(\): heap invariant broken at 0x/);
    expect(await page.textContent("#map [role=alert]")).toBe(corrupt);
    expect(problems).toEqual([]);
  });
});
