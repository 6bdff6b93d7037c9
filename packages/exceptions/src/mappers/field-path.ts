/** A step of a field path: a property name or an array index. */
export type PathSegment = string | number;

const INDEX = /^\d+$/;

/** `['items', 0, 'quantity']` → `items[0].quantity`: one syntax for every validator. */
export function fieldPath(segments: readonly PathSegment[]): string {
  let out = '';
  for (const segment of segments) {
    const key = String(segment);
    if (INDEX.test(key)) out += `[${key}]`;
    else out += out ? `.${key}` : key;
  }
  return out;
}

// Characters a URI fragment may hold as they are (RFC 3986 pchar, "/" and "?"); the rest is percent-encoded.
const FRAGMENT_SAFE = /%(24|26|2B|2C|3B|3D|3A|40|3F)/g;

/** `['items', 0, 'a/b']` → `#/items/0/a~1b`: an RFC 6901 JSON pointer in its URI fragment form. */
export function jsonPointer(segments: readonly PathSegment[]): string {
  return (
    '#' +
    segments
      .map((segment) => {
        const escaped = String(segment).replace(/~/g, '~0').replace(/\//g, '~1');
        return '/' + encodeURIComponent(escaped).replace(FRAGMENT_SAFE, (m) => decodeURIComponent(m));
      })
      .join('')
  );
}
