// Every TypeScript task of the shipped benchmark, checked through the sandboxed harness (test/agent/benchmark-checks.ts);
// benchmark-js and benchmark-py check the other languages, benchmark.test.ts the benchmark as a whole.
import { checkLanguage } from './benchmark-checks.ts';

checkLanguage('typescript');
