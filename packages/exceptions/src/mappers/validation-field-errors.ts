import { fieldPath, jsonPointer, type PathSegment } from './field-path.js';
import type { FieldError } from './mapper.types.js';

/** One field error: its dotted path, its messages and, when it has a path, its JSON pointer. */
export function fieldError(segments: readonly PathSegment[], messages: string[]): FieldError {
  return segments.length > 0
    ? { field: fieldPath(segments), messages, pointer: jsonPointer(segments) }
    : { field: '', messages };
}

/** Field errors in order of first appearance, the messages of one field together. */
export function grouped(entries: Iterable<[readonly PathSegment[], string]>): FieldError[] {
  const byField = new Map<string, { segments: readonly PathSegment[]; messages: string[] }>();
  for (const [segments, message] of entries) {
    const key = JSON.stringify(segments.map(String));
    const entry = byField.get(key) ?? { segments, messages: [] };
    entry.messages.push(message);
    byField.set(key, entry);
  }
  return [...byField.values()].map(({ segments, messages }) => fieldError(segments, messages));
}
