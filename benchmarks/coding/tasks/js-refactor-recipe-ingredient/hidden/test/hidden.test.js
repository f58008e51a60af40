import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseIngredient, parseIngredientList, RecipeError } from '../recipe.js';

test('parseIngredient', () => {
  assert.deepEqual(parseIngredient('  2½ Tablespoons of olive oil '), { quantity: 2.5, unit: 'tbsp', name: 'olive oil' });
  assert.deepEqual(parseIngredient('1 T butter'), { quantity: 1, unit: 'tbsp', name: 'butter' });
  assert.deepEqual(parseIngredient('1 t baking soda'), { quantity: 1, unit: 'tsp', name: 'baking soda' });
  assert.deepEqual(parseIngredient('0.25 l water'), { quantity: 0.25, unit: 'l', name: 'water' });
  assert.deepEqual(parseIngredient('cup of tea'), { quantity: null, unit: null, name: 'cup of tea' });
  assert.deepEqual(parseIngredient('3 large eggs'), { quantity: 3, unit: null, name: 'large eggs' });
  assert.deepEqual(parseIngredient('½ lemon'), { quantity: 0.5, unit: null, name: 'lemon' });
  assert.equal(parseIngredient('   '), null);
  assert.equal(parseIngredient('#1 cup flour'), null);
});
test('errors', () => {
  assert.throws(() => parseIngredient('2 cups'), RecipeError);
  assert.throws(() => parseIngredient('1/0 cup milk'), RecipeError);
  assert.throws(() => parseIngredientList('flour\n3 kg\n'), RecipeError);
});
test('list parsing unchanged', () => {
  assert.deepEqual(parseIngredientList(''), []);
  assert.deepEqual(parseIngredientList('\r\n1 kg potatoes\r\n'), [{ quantity: 1, unit: 'kg', name: 'potatoes' }]);
  assert.deepEqual(parseIngredientList('1 pinch salt\n# x\n2 g yeast'), [
    { quantity: 1, unit: 'pinch', name: 'salt' },
    { quantity: 2, unit: 'g', name: 'yeast' },
  ]);
});
test('the list parser is built on parseIngredient', () => {
  const src = parseIngredientList.toString();
  assert.match(src, /\bparseIngredient\b/);
  assert.doesNotMatch(src, /normalizeUnit|parseQuantity|exec\(/);
  assert.doesNotMatch(parseIngredient.toString(), /parseIngredientList/);
});
