import type { DeclaredVariable } from './declared.js';
import { scrub, secretForms, urlSecrets } from './secrets.js';

/**
 * Every string that must never be printed, in every form it can take on its way to a message (trimmed, lower- and
 * upper-cased, percent-decoded): secret values, and the password and secret query parameters of any URL. Only
 * declared variables can reach a message; scrubbing every *_KEY of the whole environment would garble reports.
 * @internal
 */
export class SecretValues {
  private readonly forms = new Set<string>();

  constructor(private readonly declared: ReadonlyMap<string, DeclaredVariable>) {}

  /** Remembers what of `key`'s value (raw or validated, as text) must be hidden. */
  hide(key: string, text: string | undefined): void {
    if (text === undefined || !this.declared.has(key)) return;
    if (this.declared.get(key)!.secret) for (const form of secretForms(text)) this.forms.add(form);
    for (const part of urlSecrets(text)) for (const form of secretForms(part)) this.forms.add(form);
  }

  /** `text` with every remembered secret replaced by `[REDACTED]`. */
  scrub(text: string): string {
    return scrub(text, this.forms);
  }
}
