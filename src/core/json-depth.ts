/**
 * How deeply a parsed JSON value nests, measured without recursion so that a hostile payload
 * (e.g. a Slack view or a Teams `value` nested 20,000 levels) can never exhaust the stack.
 */

/** Deepest nesting any real Slack or Teams payload needs; ours reach about 10. */
export const MAX_PAYLOAD_DEPTH = 64;

/**
 * True when `value` holds objects or arrays nested more than `maxDepth` levels (a scalar is 0, `{}`
 * is 1). Stops at the first level past the limit, so its cost is bounded by the payload's size.
 */
export function nestsDeeperThan(value: unknown, maxDepth: number = MAX_PAYLOAD_DEPTH): boolean {
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop()!;
    if (current === null || typeof current !== 'object') continue;
    if (depth + 1 > maxDepth) return true;
    for (const child of Object.values(current as Record<string, unknown>)) {
      if (child !== null && typeof child === 'object') stack.push({ value: child, depth: depth + 1 });
    }
  }
  return false;
}
