// An event's data as readable `name value` pairs instead of JSON: nested objects flattened to dotted names, lists
// joined, numbers with enough decimals to read.

export type FieldValue = string | number | boolean | null;

/** `{ a: { b: 1 }, c: [1, 2] }` → [['a.b', 1], ['c', '1, 2']]. */
export function flatten(data: unknown, prefix = ''): [string, FieldValue][] {
  if (data === null || data === undefined) return prefix ? [[prefix, null]] : [];
  if (Array.isArray(data))
    return [
      [
        prefix || 'values',
        data
          .map((v) =>
            typeof v === 'object' && v !== null
              ? flatten(v)
                  .map(([k, x]) => `${k} ${show(x)}`)
                  .join(' ')
              : show(v as FieldValue),
          )
          .join(', '),
      ],
    ];
  if (typeof data === 'object') return Object.entries(data as Record<string, unknown>).flatMap(([k, v]) => flatten(v, prefix ? `${prefix}.${k}` : k));
  return [[prefix || 'value', data as FieldValue]];
}

/** A value as text: up to 6 significant digits for fractions, integers whole, null as a dash. */
export function show(v: FieldValue): string {
  if (v === null) return '—';
  if (typeof v === 'number') return Number.isInteger(v) ? String(v) : String(Number(v.toPrecision(6)));
  return String(v);
}

/** An event's data on one line: each field's name muted, then its value. */
export function Fields({ data, limit = 12 }: { data: unknown; limit?: number }) {
  const fields = flatten(data);
  return (
    <span class="fields">
      {fields.slice(0, limit).map(([k, v], i) => (
        <span key={k} class="field">
          {i > 0 && ' · '}
          <span class="muted">{k}</span> {show(v)}
        </span>
      ))}
      {fields.length > limit && <span class="muted"> … {fields.length - limit} more</span>}
    </span>
  );
}
