/** Concrete request paths from Express route patterns (`/crm/customers/:id/orders/:orderId`). */

export interface PathParam {
  name: string;
  /** The static segment just before it (`customers` for `/crm/customers/:id`), if any. */
  after: string | undefined;
}

const paramPattern = /^[:*]([A-Za-z_$][\w$]*)$/;

export function pathParams(pattern: string): PathParam[] {
  const params: PathParam[] = [];
  let previous: string | undefined;
  for (const segment of withoutOptionalGroups(pattern).split('/')) {
    const match = paramPattern.exec(segment);
    if (match) params.push({ name: match[1]!, after: previous });
    else if (segment) previous = segment;
  }
  return params;
}

/** Fills every `:param` (and `*wildcard`) with `valueFor(param)`, URL-encoded; optional `{…}` groups are left out. */
export function concretePath(pattern: string, valueFor: (param: PathParam) => string): string {
  let previous: string | undefined;
  return withoutOptionalGroups(pattern)
    .split('/')
    .map((segment) => {
      const match = paramPattern.exec(segment);
      if (!match) {
        if (segment) previous = segment;
        return segment;
      }
      return encodeURIComponent(valueFor({ name: match[1]!, after: previous }));
    })
    .join('/');
}

function withoutOptionalGroups(pattern: string): string {
  return pattern.replace(/\{[^{}]*\}/g, '');
}
