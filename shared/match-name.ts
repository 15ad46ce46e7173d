/**
 * One rule for matching a name the user typed (a `{{variable}}` in a template, a `--column` flag)
 * against the column headers of their file, so the template check and the import agree:
 * trim, then an exact match wins; otherwise a case-insensitive match counts only when it is the
 * only one. Headers differing only in case ("Notes" and "notes") must then be written exactly.
 */
export type NameMatch =
  | { readonly kind: 'found'; readonly name: string }
  | { readonly kind: 'missing' }
  | { readonly kind: 'ambiguous'; readonly candidates: readonly string[] };

export function matchName(wanted: string, available: readonly string[]): NameMatch {
  const name = wanted.trim();
  if (available.includes(name)) return { kind: 'found', name };
  const folded = name.toLowerCase();
  const candidates = available.filter((candidate) => candidate.toLowerCase() === folded);
  if (candidates.length === 1) return { kind: 'found', name: candidates[0]! };
  return candidates.length === 0 ? { kind: 'missing' } : { kind: 'ambiguous', candidates };
}

/** `"a", "b", "c"`: how lists of names are quoted in error messages. */
export function quoteList(names: readonly string[]): string {
  return names.length === 0 ? '(none)' : names.map((name) => JSON.stringify(name)).join(', ');
}
