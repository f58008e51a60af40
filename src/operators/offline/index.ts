import type { KaizenConfig } from '../../config/config.ts';
import type { TaskDefinition } from '../../config/task.ts';
import type { Operator } from '../operator.ts';
import { AstOperator } from './ast.ts';
import { NumericOperator } from './numeric.ts';
import { PerFileOperator } from './per-file.ts';
import { RedcodeOperator } from './redcode.ts';

export { AstOperator, NumericOperator, RedcodeOperator };

/** The built-in operators, weighted as configured; those that cannot handle the language are left out. */
export function offlineOperators(config: KaizenConfig, language: string, task?: TaskDefinition): { operator: Operator; weight: number }[] {
  if (language === 'redcode') {
    const settings = task?.redcode ?? { coreSize: 8000, maxLength: 100 };
    return [{ operator: new RedcodeOperator({ settings }), weight: 1 }];
  }
  // Each wrapped so that a program of several files gets one of its files changed at a time.
  const all = [
    { operator: new PerFileOperator(new NumericOperator()) as Operator, weight: config.operators.offline.numeric },
    { operator: new PerFileOperator(new AstOperator()) as Operator, weight: config.operators.offline.ast },
  ];
  return all.filter((o) => o.weight > 0 && o.operator.supports(language));
}
