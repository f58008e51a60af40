// Splitting result lists into pages (pages are numbered from 1).

export interface Page<T> {
  page: number;
  pageCount: number;
  items: T[];
  hasPrevious: boolean;
  hasNext: boolean;
}

export function pageCount(totalItems: number, pageSize: number): number {
  if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError('pageSize must be a positive integer');
  if (!Number.isInteger(totalItems) || totalItems < 0) throw new RangeError('totalItems must be a non-negative integer');
  return Math.ceil(totalItems / pageSize);
}

export function paginate<T>(items: T[], page: number, pageSize: number): Page<T> {
  const count = pageCount(items.length, pageSize);
  if (!Number.isInteger(page) || page < 1 || (count > 0 && page > count)) throw new RangeError(`no page ${page}`);
  const start = (page - 1) * pageSize;
  return {
    page,
    pageCount: count,
    items: items.slice(start, start + pageSize),
    hasPrevious: page > 1,
    hasNext: page < count,
  };
}
