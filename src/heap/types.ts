// Type ids of the object layer (src/constants.ts, generated from the
// module); their names are the module's (pyobj_type_id_name).

import { TypeId, N_TYPES, STATIC_SLOT } from "../constants.js";
export { TypeId as T, N_TYPES, STATIC_SLOT };
