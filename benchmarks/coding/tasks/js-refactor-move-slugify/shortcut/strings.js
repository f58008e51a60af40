// String helpers shared by the site's pages.
export { slugify } from './posts.js';
