import type { KaizenConfig } from '../../config/config.ts';
import type { Operator } from '../operator.ts';
import { AstOperator } from './ast.ts';
import { NumericOperator } from './numeric.ts';

export { AstOperator, NumericOperator };

/** The built-in operators, weighted as configured; those that cannot handle the language are left out. */
export function offlineOperators(config: KaizenConfig, language: string): { operator: Operator; weight: number }[] {
  const all = [
    { operator: new NumericOperator() as Operator, weight: config.operators.offline.numeric },
    { operator: new AstOperator() as Operator, weight: config.operators.offline.ast },
  ];
  return all.filter((o) => o.weight > 0 && o.operator.supports(language));
}
