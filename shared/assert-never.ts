/** Exhaustiveness check for switches over a union: adding a member is a compile error until handled. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`Unexpected ${what}: ${JSON.stringify(value)}`);
}
