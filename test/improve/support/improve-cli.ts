// The kaizen command from the TypeScript sources (bin/kaizen.js prefers a possibly stale dist/):
// node test/improve/support/improve-cli.ts improve --suite basic
import { main } from '../../../src/cli/main.ts';

await main(process.argv);
