// A small WASI preview1 host for browsers (Node uses node:wasi): what a
// wasm32-wasi C program needs from its libc's system calls. Arguments,
// environment, clocks, random bytes, stdout/stderr to callbacks, exit
// codes, and preopened directories held in memory as plain objects
// ({ "words.txt": bytes, "sub": { ... } }) that the program can read,
// list, create and overwrite files in. Anything else answers ENOSYS.

/** An in-memory directory: file contents (bytes, or text read as UTF-8)
 *  and subdirectories, by name. Files the program writes appear here. */
export interface Directory {
  [name: string]: Uint8Array | string | Directory;
}

export interface Preview1Options {
  args: string[];
  env: Record<string, string>;
  memory: WebAssembly.Memory;
  preopens: Record<string, Directory>;
  stdout: (bytes: Uint8Array) => void;
  stderr: (bytes: Uint8Array) => void;
}

// errno values (wasi_snapshot_preview1).
const OK = 0, EBADF = 8, EEXIST = 20, EINVAL = 28, EISDIR = 31, ENOENT = 44, ENOSYS = 52,
  ENOTDIR = 54, ENOTCAPABLE = 76;
// filetype values.
const CHARACTER_DEVICE = 2, DIRECTORY = 3, REGULAR_FILE = 4;
// path_open oflags and fdflags.
const O_CREAT = 1, O_DIRECTORY = 2, O_EXCL = 4, O_TRUNC = 8, FD_APPEND = 1;
const ALL_RIGHTS = 0x1fffffffn;

type Open =
  | { kind: "stdio"; fd: number }
  | { kind: "dir"; dir: Directory; preopen?: string }
  | { kind: "file"; parent: Directory; name: string; pos: number; append: boolean };

/** Thrown by proc_exit to unwind the program; start() catches it. */
class Exit {
  constructor(readonly code: number) {}
}

const isDir = (e: unknown): e is Directory =>
  typeof e === "object" && e !== null && !(e instanceof Uint8Array);

export class Preview1 {
  readonly imports: Record<string, (...a: never[]) => number | void>;
  private fds = new Map<number, Open>();
  private nextFd = 3;
  private encoder = new TextEncoder();

  constructor(private o: Preview1Options) {
    for (const fd of [0, 1, 2]) this.fds.set(fd, { kind: "stdio", fd });
    for (const [path, dir] of Object.entries(o.preopens)) {
      this.fds.set(this.nextFd++, { kind: "dir", dir, preopen: path });
    }
    this.imports = this.table() as Record<string, (...a: never[]) => number | void>;
  }

  /** Runs _start; returns the exit code (0 when main returns). */
  start(entry: () => void): number {
    try {
      entry();
      return 0;
    } catch (e) {
      if (e instanceof Exit) return e.code;
      throw e;
    }
  }

  private get view(): DataView { return new DataView(this.o.memory.buffer); }
  private get u8(): Uint8Array { return new Uint8Array(this.o.memory.buffer); }

  private bytesOf(parent: Directory, name: string): Uint8Array {
    const v = parent[name];
    if (typeof v === "string") return (parent[name] = this.encoder.encode(v));
    return v as Uint8Array;
  }

  /** Writes a list of NUL-terminated strings (args_get, environ_get). */
  private putStrings(list: string[], ptrs: number, buf: number): number {
    for (const s of list) {
      this.view.setUint32(ptrs, buf, true);
      ptrs += 4;
      const b = this.encoder.encode(s + "\0");
      this.u8.set(b, buf);
      buf += b.length;
    }
    return OK;
  }
  private sizes(list: string[], count: number, size: number): number {
    this.view.setUint32(count, list.length, true);
    this.view.setUint32(size, list.reduce((n, s) => n + this.encoder.encode(s).length + 1, 0), true);
    return OK;
  }

  /** parent directory and last name of `path` under the directory `fd`. */
  private resolve(fd: number, ptr: number, len: number): { parent: Directory; name: string } | number {
    const base = this.fds.get(fd);
    if (!base || base.kind !== "dir") return EBADF;
    const path = new TextDecoder().decode(this.u8.subarray(ptr, ptr + len));
    const parts = path.split("/").filter((p) => p !== "" && p !== ".");
    const stack = [base.dir];
    for (const p of parts.slice(0, -1)) {
      if (p === "..") {
        if (stack.length === 1) return ENOTCAPABLE;
        stack.pop();
        continue;
      }
      const next = stack[stack.length - 1][p];
      if (next === undefined) return ENOENT;
      if (!isDir(next)) return ENOTDIR;
      stack.push(next);
    }
    const name = parts.length ? parts[parts.length - 1] : ".";
    if (name === "..") return stack.length === 1 ? ENOTCAPABLE : { parent: stack[stack.length - 2], name: "." };
    return { parent: stack[stack.length - 1], name };
  }

  private filestat(ptr: number, type: number, size: number): number {
    const v = this.view;
    for (let i = 0; i < 64; i += 4) v.setUint32(ptr + i, 0, true);
    v.setUint8(ptr + 16, type);
    v.setBigUint64(ptr + 24, 1n, true);
    v.setBigUint64(ptr + 32, BigInt(size), true);
    return OK;
  }

  private table() {
    const o = this.o;
    return {
      args_get: (argv: number, buf: number) => this.putStrings(o.args, argv, buf),
      args_sizes_get: (count: number, size: number) => this.sizes(o.args, count, size),
      environ_get: (envp: number, buf: number) =>
        this.putStrings(Object.entries(o.env).map(([k, v]) => `${k}=${v}`), envp, buf),
      environ_sizes_get: (count: number, size: number) =>
        this.sizes(Object.entries(o.env).map(([k, v]) => `${k}=${v}`), count, size),
      clock_res_get: (_id: number, res: number) => (this.view.setBigUint64(res, 1000n, true), OK),
      clock_time_get: (id: number, _precision: bigint, time: number) => {
        const ns = id === 0 ? BigInt(Date.now()) * 1_000_000n : BigInt(Math.round(performance.now() * 1e6));
        this.view.setBigUint64(time, ns, true);
        return OK;
      },
      random_get: (buf: number, len: number) => {
        for (let i = 0; i < len; i += 65536) crypto.getRandomValues(this.u8.subarray(buf + i, buf + Math.min(len, i + 65536)));
        return OK;
      },
      proc_exit: (code: number) => { throw new Exit(code); },
      sched_yield: () => OK,
      fd_write: (fd: number, iovs: number, count: number, nwritten: number) => {
        const f = this.fds.get(fd);
        if (!f) return EBADF;
        const chunks: Uint8Array[] = [];
        for (let i = 0; i < count; i++) {
          const ptr = this.view.getUint32(iovs + i * 8, true), len = this.view.getUint32(iovs + i * 8 + 4, true);
          chunks.push(this.u8.slice(ptr, ptr + len));
        }
        const n = chunks.reduce((a, c) => a + c.length, 0);
        if (f.kind === "stdio") {
          if (f.fd === 0) return EBADF;
          for (const c of chunks) if (c.length) (f.fd === 1 ? o.stdout : o.stderr)(c);
        } else if (f.kind === "file") {
          const old = this.bytesOf(f.parent, f.name);
          const at = f.append ? old.length : f.pos;
          const next = new Uint8Array(Math.max(old.length, at + n));
          next.set(old);
          let p = at;
          for (const c of chunks) { next.set(c, p); p += c.length; }
          f.parent[f.name] = next;
          f.pos = p;
        } else return EISDIR;
        this.view.setUint32(nwritten, n, true);
        return OK;
      },
      fd_read: (fd: number, iovs: number, count: number, nread: number) => {
        const f = this.fds.get(fd);
        if (!f) return EBADF;
        let n = 0;
        if (f.kind === "file") {
          const data = this.bytesOf(f.parent, f.name);
          for (let i = 0; i < count; i++) {
            const ptr = this.view.getUint32(iovs + i * 8, true), len = this.view.getUint32(iovs + i * 8 + 4, true);
            const part = data.subarray(f.pos, f.pos + len);
            this.u8.set(part, ptr);
            f.pos += part.length;
            n += part.length;
            if (part.length < len) break;
          }
        } else if (f.kind === "dir") return EISDIR;
        this.view.setUint32(nread, n, true); // stdin: always at its end
        return OK;
      },
      fd_seek: (fd: number, offset: bigint, whence: number, result: number) => {
        const f = this.fds.get(fd);
        if (!f) return EBADF;
        if (f.kind !== "file") return EINVAL;
        const size = this.bytesOf(f.parent, f.name).length;
        const to = Number(offset) + (whence === 0 ? 0 : whence === 1 ? f.pos : size);
        if (to < 0) return EINVAL;
        f.pos = to;
        this.view.setBigUint64(result, BigInt(to), true);
        return OK;
      },
      fd_tell: (fd: number, result: number) => {
        const f = this.fds.get(fd);
        if (!f || f.kind !== "file") return f ? EINVAL : EBADF;
        this.view.setBigUint64(result, BigInt(f.pos), true);
        return OK;
      },
      fd_close: (fd: number) => (this.fds.delete(fd) ? OK : EBADF),
      fd_fdstat_get: (fd: number, ptr: number) => {
        const f = this.fds.get(fd);
        if (!f) return EBADF;
        const v = this.view;
        v.setUint8(ptr, f.kind === "stdio" ? CHARACTER_DEVICE : f.kind === "dir" ? DIRECTORY : REGULAR_FILE);
        v.setUint16(ptr + 2, f.kind === "file" && f.append ? FD_APPEND : 0, true);
        v.setBigUint64(ptr + 8, ALL_RIGHTS, true);
        v.setBigUint64(ptr + 16, ALL_RIGHTS, true);
        return OK;
      },
      fd_fdstat_set_flags: () => OK,
      fd_prestat_get: (fd: number, ptr: number) => {
        const f = this.fds.get(fd);
        if (!f || f.kind !== "dir" || f.preopen === undefined) return EBADF;
        this.view.setUint32(ptr, 0, true);
        this.view.setUint32(ptr + 4, this.encoder.encode(f.preopen).length, true);
        return OK;
      },
      fd_prestat_dir_name: (fd: number, ptr: number, len: number) => {
        const f = this.fds.get(fd);
        if (!f || f.kind !== "dir" || f.preopen === undefined) return EBADF;
        this.u8.set(this.encoder.encode(f.preopen).subarray(0, len), ptr);
        return OK;
      },
      fd_filestat_get: (fd: number, ptr: number) => {
        const f = this.fds.get(fd);
        if (!f) return EBADF;
        if (f.kind === "file") return this.filestat(ptr, REGULAR_FILE, this.bytesOf(f.parent, f.name).length);
        return this.filestat(ptr, f.kind === "dir" ? DIRECTORY : CHARACTER_DEVICE, 0);
      },
      path_filestat_get: (fd: number, _flags: number, path: number, len: number, ptr: number) => {
        const r = this.resolve(fd, path, len);
        if (typeof r === "number") return r;
        const e = r.name === "." ? r.parent : r.parent[r.name];
        if (e === undefined) return ENOENT;
        return isDir(e) ? this.filestat(ptr, DIRECTORY, 0) : this.filestat(ptr, REGULAR_FILE, this.bytesOf(r.parent, r.name).length);
      },
      path_open: (fd: number, _dirflags: number, path: number, len: number, oflags: number,
        _rights: bigint, _inheriting: bigint, fdflags: number, result: number) => {
        const r = this.resolve(fd, path, len);
        if (typeof r === "number") return r;
        let e = r.name === "." ? r.parent : r.parent[r.name];
        if (e !== undefined && oflags & O_CREAT && oflags & O_EXCL) return EEXIST;
        if (e === undefined) {
          if (!(oflags & O_CREAT)) return ENOENT;
          e = r.parent[r.name] = new Uint8Array(0);
        }
        let open: Open;
        if (isDir(e)) {
          open = { kind: "dir", dir: e };
        } else {
          if (oflags & O_DIRECTORY) return ENOTDIR;
          if (oflags & O_TRUNC) r.parent[r.name] = new Uint8Array(0);
          open = { kind: "file", parent: r.parent, name: r.name, pos: 0, append: (fdflags & FD_APPEND) !== 0 };
        }
        const n = this.nextFd++;
        this.fds.set(n, open);
        this.view.setUint32(result, n, true);
        return OK;
      },
      fd_readdir: (fd: number, buf: number, len: number, cookie: bigint, used: number) => {
        const f = this.fds.get(fd);
        if (!f) return EBADF;
        if (f.kind !== "dir") return ENOTDIR;
        const names = [".", "..", ...Object.keys(f.dir)];
        let at = 0;
        for (let i = Number(cookie); i < names.length && at < len; i++) {
          const name = this.encoder.encode(names[i]);
          const e = i < 2 ? {} : f.dir[names[i]];
          const head = new DataView(new ArrayBuffer(24));
          head.setBigUint64(0, BigInt(i + 1), true);
          head.setBigUint64(8, BigInt(i + 1), true);
          head.setUint32(16, name.length, true);
          head.setUint8(20, isDir(e) ? DIRECTORY : REGULAR_FILE);
          const entry = new Uint8Array(24 + name.length);
          entry.set(new Uint8Array(head.buffer));
          entry.set(name, 24);
          const part = entry.subarray(0, Math.min(entry.length, len - at));
          this.u8.set(part, buf + at);
          at += part.length;
        }
        this.view.setUint32(used, at, true);
        return OK;
      },
      path_unlink_file: (fd: number, path: number, len: number) => {
        const r = this.resolve(fd, path, len);
        if (typeof r === "number") return r;
        const e = r.parent[r.name];
        if (e === undefined) return ENOENT;
        if (isDir(e)) return EISDIR;
        delete r.parent[r.name];
        return OK;
      },
      path_create_directory: (fd: number, path: number, len: number) => {
        const r = this.resolve(fd, path, len);
        if (typeof r === "number") return r;
        if (r.parent[r.name] !== undefined) return EEXIST;
        r.parent[r.name] = {};
        return OK;
      },
      ...Object.fromEntries([
        "fd_advise", "fd_allocate", "fd_datasync", "fd_sync", "fd_filestat_set_size", "fd_filestat_set_times",
        "fd_pread", "fd_pwrite", "fd_renumber", "fd_fdstat_set_rights", "path_filestat_set_times",
        "path_link", "path_readlink", "path_remove_directory", "path_rename", "path_symlink", "poll_oneoff",
        "proc_raise", "sock_accept", "sock_recv", "sock_send", "sock_shutdown",
      ].map((name) => [name, () => ENOSYS])),
    };
  }
}
