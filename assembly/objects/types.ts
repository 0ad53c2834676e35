// Every type's file, so that each fills its entry of the type table
// (slots.ts) at module start. A new type: its file, and one line here.
// None and bool are immortal statics (statics.ts): no slots to fill but
// bool's hash, which int.ts registers.

import "./int";
import "./float";
import "./str";
import "./bytes";
import "./tuple";
import "./list";
import "./dict";
import "./set";
import "./klass";
import "./instance";
import "./func";
import "./weakref";
