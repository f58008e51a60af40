import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatIngredient, parseIngredient, parseIngredientList, parseServings, scale, shoppingList } from '../recipe.js';

const pancakes = parseIngredientList('# dry\n1 1/2 cups flour\n2 eggs\n1 tbsp sugar\n\nsalt\n');

test('list parsing', () => {
  assert.deepEqual(pancakes, [
    { quantity: 1.5, unit: 'cup', name: 'flour' },
    { quantity: 2, unit: null, name: 'eggs' },
    { quantity: 1, unit: 'tbsp', name: 'sugar' },
    { quantity: null, unit: null, name: 'salt' },
  ]);
});
test('single line', () => {
  assert.deepEqual(parseIngredient('3/4 cup milk'), { quantity: 0.75, unit: 'cup', name: 'milk' });
  assert.equal(parseIngredient('# note'), null);
});
test('scaling and shopping', () => {
  assert.deepEqual(scale(pancakes, 2).map(formatIngredient), ['3 cup flour', '4 eggs', '2 tbsp sugar', 'salt']);
  assert.deepEqual(shoppingList([[{ quantity: 1, unit: 'tbsp', name: 'Sugar' }], [{ quantity: 3, unit: 'tsp', name: 'sugar' }]]),
    [{ quantity: 2, unit: 'tbsp', name: 'Sugar' }]);
});
test('servings', () => assert.equal(parseServings('Serves 4-6 people'), 4));
