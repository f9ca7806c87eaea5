/**
 * Limits on server-action request bodies, checked in proxy.ts before Next
 * decodes the arguments: its decoder recurses (a body nested a few thousand
 * levels deep overflows the stack) and answers an oversized body with a 500.
 */

/** Largest server-action body accepted (Next's own default limit is 1 MB). */
export const MAX_ACTION_BODY_BYTES = 1024 * 1024;
/** Deepest bracket nesting in a server-action body; the app's own actions stay far below it. */
export const MAX_ACTION_NESTING = 64;

/**
 * Whether JSON-like text nests brackets deeper than `limit`, outside string
 * literals. Works on the raw text without parsing it, so it cannot overflow.
 */
export function nestingExceeds(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c /* \ */) i++;
      else if (c === 0x22 /* " */) inString = false;
    } else if (c === 0x22) {
      inString = true;
    } else if (c === 0x5b /* [ */ || c === 0x7b /* { */) {
      if (++depth > limit) return true;
    } else if (c === 0x5d /* ] */ || c === 0x7d /* } */) {
      depth = Math.max(0, depth - 1);
    }
  }
  return false;
}
