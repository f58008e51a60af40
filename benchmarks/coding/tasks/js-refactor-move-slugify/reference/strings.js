// String helpers shared by the site's pages.

const ACCENTS = /[\u0300-\u036f]/g;

export function stripAccents(text) {
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
