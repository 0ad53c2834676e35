// The last refusal's reason, as the facade reads it after a 0 (or -1, or
// an error code) from any pyobj_* function.

import { objLastError, objLastAddress, objLastDetail, objClearError } from "../errors";

export function pyobj_last_error(): i32 {
  return objLastError();
}
export function pyobj_last_error_address(): usize {
  return objLastAddress();
}
export function pyobj_last_error_detail(): u32 {
  return objLastDetail();
}
export function pyobj_clear_error(): void {
  objClearError();
}
