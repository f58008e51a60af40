// Blog posts: slugs, permalinks and listing helpers.

// Appends -2, -3... until the slug is not taken.
export function uniqueSlug(title, taken) {
  const base = slugify(title) || 'post';
  if (!taken.has(base)) return base;
  let n = 2;
  while (taken.has(`${base}-${n}`)) n++;
  return `${base}-${n}`;
}

// date: { year, month, day }
export function permalink(post) {
  const { year, month, day } = post.date;
  return `/${year}/${String(month).padStart(2, '0')}/${String(day).padStart(2, '0')}/${post.slug}/`;
}

export function makePosts(drafts) {
  const taken = new Set();
  return drafts.map((d) => {
    const slug = uniqueSlug(d.title, taken);
    taken.add(slug);
    return { ...d, slug };
  });
}

export function newestFirst(posts) {
  const key = (p) => p.date.year * 10000 + p.date.month * 100 + p.date.day;
  return [...posts].sort((a, b) => key(b) - key(a) || a.slug.localeCompare(b.slug));
}

const ACCENTS = /[\u0300-\u036f]/g;

function stripAccents(text) {
  return text.normalize('NFKD').replace(ACCENTS, '');
}

// "Hello, World! Ça va?" -> "hello-world-ca-va"; at most maxLength characters, never ending with a hyphen.
export function slugify(text, maxLength = 60) {
  const slug = stripAccents(String(text))
    .toLowerCase()
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug.slice(0, maxLength).replace(/-+$/, '');
}
