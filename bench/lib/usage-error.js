// A mistake in what the user asked for: bench/run.js reports it in one line,
// without a stack, and exits with 2. UsageError is about the command line
// (the report points at --help); TraceError about the file --trace names.
export class UsageError extends Error {}
export class TraceError extends UsageError {}
