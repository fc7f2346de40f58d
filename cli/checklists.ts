import { UsageError } from './args';

// Filled in by the template library work (issue 3).
export async function parse(): Promise<void> {
  throw new UsageError('parse is not available yet');
}
export const import_ = parse;
export { import_ as import };
