// The object layer's files import each other without cycles, but for the
// str type and its intern table: CPython keeps both in unicodeobject.c;
// intern.ts needs str's layout to hash and compare, str.ts needs the table
// to intern a new str and to drop a dying one. The type table (slots.ts)
// is what keeps every other type's file from naming the others.
import { it, expect } from "vitest";
// @ts-expect-error: a plain .mjs script without types
import { importCycles } from "../scripts/import-cycles.mjs";

const root = new URL("..", import.meta.url).pathname;

it("assembly/objects has one import cycle, str.ts and intern.ts", () => {
  expect(importCycles(`${root}assembly/objects`)).toEqual([["intern.ts", "str.ts"]]);
});

it("and the rest of assembly/ has none", () => {
  expect(importCycles(`${root}assembly`)).toEqual([["objects/intern.ts", "objects/str.ts"]]);
});
