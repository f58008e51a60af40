// Recipes: ingredient quantities as exact-ish numbers, unit normalisation, scaling and shopping lists.

// ---------------------------------------------------------------------------------------------------------------
// Quantities

const UNICODE_FRACTIONS = { '½': 0.5, '⅓': 1 / 3, '⅔': 2 / 3, '¼': 0.25, '¾': 0.75, '⅛': 0.125 };

export class RecipeError extends SyntaxError {}

function gcd(a, b) {
  return b === 0 ? a : gcd(b, a % b);
}

// '1 1/2' -> 1.5, '3/4' -> 0.75, '½' -> 0.5, '2½' -> 2.5, '0.25' -> 0.25
export function parseQuantity(text) {
  const t = text.trim();
  let m = /^(\d+)?\s*([½⅓⅔¼¾⅛])$/.exec(t);
  if (m) return Number(m[1] ?? 0) + UNICODE_FRACTIONS[m[2]];
  m = /^(?:(\d+)\s+)?(\d+)\/(\d+)$/.exec(t);
  if (m) {
    if (Number(m[3]) === 0) throw new RecipeError(`division by zero in ${text}`);
    return Number(m[1] ?? 0) + Number(m[2]) / Number(m[3]);
  }
  if (/^\d+(\.\d+)?$/.test(t)) return Number(t);
  throw new RecipeError(`not a quantity: ${text}`);
}

// 1.5 -> '1 1/2', 0.3333 -> '1/3', 2 -> '2'; denominators up to 8, otherwise two decimals.
export function formatQuantity(q) {
  const whole = Math.floor(q + 1e-9);
  const frac = q - whole;
  if (frac < 1e-6) return String(whole);
  for (let den = 2; den <= 8; den++) {
    const num = Math.round(frac * den);
    if (num > 0 && num < den && Math.abs(num / den - frac) < 1e-3) {
      const g = gcd(num, den);
      const f = `${num / g}/${den / g}`;
      return whole ? `${whole} ${f}` : f;
    }
  }
  return q.toFixed(2).replace(/\.?0+$/, '');
}

// 'Serves 4', 'serves 4-6', 'Makes 12' -> the lower bound; null when the text says nothing about servings.
export function parseServings(text) {
  const m = /\b(?:serves|makes|yield(?:s)?)\s*:?\s*(\d+)(?:\s*(?:-|to)\s*(\d+))?/i.exec(text);
  if (!m) return null;
  const low = Number(m[1]);
  if (m[2] !== undefined && Number(m[2]) < low) throw new RecipeError(`bad servings range in ${text}`);
  return low;
}

// ---------------------------------------------------------------------------------------------------------------
// Units

const UNIT_ALIASES = {
  tsp: ['tsp', 'teaspoon', 'teaspoons', 't'],
  tbsp: ['tbsp', 'tablespoon', 'tablespoons', 'tbs', 'T'],
  cup: ['cup', 'cups', 'c'],
  ml: ['ml', 'milliliter', 'milliliters', 'millilitre', 'millilitres'],
  l: ['l', 'liter', 'liters', 'litre', 'litres'],
  g: ['g', 'gram', 'grams'],
  kg: ['kg', 'kilogram', 'kilograms'],
  pinch: ['pinch', 'pinches'],
};

const ALIAS_TO_UNIT = new Map();
for (const [unit, aliases] of Object.entries(UNIT_ALIASES)) {
  for (const a of aliases) ALIAS_TO_UNIT.set(a === 'T' || a === 't' ? a : a.toLowerCase(), unit);
}

// The canonical unit for a word, or null if the word is not a unit. 'T' is a tablespoon, 't' a teaspoon.
export function normalizeUnit(word) {
  if (word === 'T' || word === 't') return ALIAS_TO_UNIT.get(word);
  return ALIAS_TO_UNIT.get(word.toLowerCase().replace(/\.$/, '')) ?? null;
}

const ML_PER = { tsp: 5, tbsp: 15, cup: 240, ml: 1, l: 1000 };
const G_PER = { g: 1, kg: 1000 };

export function convert(quantity, from, to) {
  if (from === to) return quantity;
  if (from in ML_PER && to in ML_PER) return (quantity * ML_PER[from]) / ML_PER[to];
  if (from in G_PER && to in G_PER) return (quantity * G_PER[from]) / G_PER[to];
  throw new RecipeError(`cannot convert ${from} to ${to}`);
}

// ---------------------------------------------------------------------------------------------------------------
// Ingredients

export function formatIngredient({ quantity, unit, name }) {
  const parts = [];
  if (quantity !== null) parts.push(formatQuantity(quantity));
  if (unit !== null) parts.push(unit);
  parts.push(name);
  return parts.join(' ');
}

export function scale(ingredients, factor) {
  if (!(factor > 0)) throw new RangeError('factor must be positive');
  return ingredients.map((i) => ({ ...i, quantity: i.quantity === null ? null : i.quantity * factor }));
}

// Adds up ingredients with the same name, converting to the unit seen first when possible.
export function shoppingList(recipes) {
  const totals = new Map();
  for (const ingredients of recipes) {
    for (const ing of ingredients) {
      const key = ing.name.toLowerCase();
      const seen = totals.get(key);
      if (!seen) {
        totals.set(key, { ...ing });
      } else if (seen.quantity !== null && ing.quantity !== null && seen.unit !== null && ing.unit !== null) {
        seen.quantity += convert(ing.quantity, ing.unit, seen.unit);
      } else if (seen.unit === ing.unit && seen.quantity !== null && ing.quantity !== null) {
        seen.quantity += ing.quantity;
      } else {
        throw new RecipeError(`cannot add up ${ing.name} in different forms`);
      }
    }
  }
  return [...totals.values()];
}

// Reads one ingredient per line: "[quantity] [unit] name". Blank lines and lines starting with # are skipped.
//   "1 1/2 cups flour" -> { quantity: 1.5, unit: 'cup', name: 'flour' }
//   "salt"             -> { quantity: null, unit: null, name: 'salt' }
//   "2 eggs"           -> { quantity: 2, unit: null, name: 'eggs' }
export function parseIngredientList(text) {
  const out = [];
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const m = /^((?:\d+\s+)?\d+\/\d+|\d*[½⅓⅔¼¾⅛]|\d+(?:\.\d+)?)?\s*(.*)$/.exec(line);
    const quantity = m[1] === undefined ? null : parseQuantity(m[1]);
    let rest = m[2].trim();
    let unit = null;
    const first = rest.split(/\s+/)[0];
    if (quantity !== null && first !== '' && normalizeUnit(first) !== null) {
      unit = normalizeUnit(first);
      rest = rest.slice(first.length).trim().replace(/^of\s+/, '');
    }
    if (rest === '') throw new RecipeError(`ingredient without a name: ${line}`);
    out.push({ quantity, unit, name: rest });
  }
  return out;
}

// Parses one ingredient line; null for a blank or comment line.
export function parseIngredient(line) {
  return parseIngredientList(line)[0] ?? null;
}
