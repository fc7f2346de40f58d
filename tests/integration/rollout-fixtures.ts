/** A staged rollout checklist, a metrics endpoint whose values tests set, and its targets. */
import type { Checklist } from '@/lib/checklist/model';
import type { HttpInstanceServer } from '../support/probe-servers';
import { startHttpInstance } from '../support/probe-servers';
import { configOf, prometheusTarget } from './monitor-fixtures';
import { parsed } from './runs-fixtures';

export const ROLLOUT_MD = `# Canary rollout

## Stage 1 — canary 5%

### Prerequisites

- [ ] Feature flag created

### Validation

- [ ] Canary deployed
- [ ] Error rate checked

### Daily Checks

- [ ] Dashboard reviewed

## Stage 2 — half the traffic

### Prerequisites

- [ ] Canary stable for a week <!-- check: prometheus:api read_ratio > 0.8 for 7d -->

### Validation

- [ ] Half the traffic validated

### Rollback Triggers

- If the dual-write failure ratio is above 5%, disable the new schema <!-- trigger: prometheus:api failure_ratio > 0.05 for 2m -->

## Stage 3 — everyone

### Prerequisites

- [ ] Sign-off from the product owner

### Validation

- [ ] Full traffic validated
`;

export const FAILURE_TRIGGER = {
  text: 'If the dual-write failure ratio is above 5%, disable the new schema',
  check: 'prometheus:api failure_ratio > 0.05 for 2m',
  for: '2m',
  sectionId: null,
  line: 99,
};

/** The model as the parser gives it: three stages, their gates, a daily check and one bound trigger. */
export function rolloutModel(md = ROLLOUT_MD): Checklist {
  const model = parsed(md);
  if (model.stages?.length !== 3) throw new Error('the rollout fixture should have three stages');
  return model;
}

/** The id the parser gave stage 2's rollback trigger. */
export const failureTriggerId = (model: Checklist) => model.stages![1]!.triggers[0]!.id;

export const itemByText = (model: Checklist, text: string) => {
  const item = model.items.find((i) => i.text === text);
  if (!item) throw new Error(`no item "${text}"`);
  return item.id;
};

/** A service's /metrics whose gauges the test sets. */
export async function startMetrics(values: Record<string, number>): Promise<HttpInstanceServer> {
  return startHttpInstance('metrics', {
    '/metrics': (_req, res) => {
      res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' });
      res.end(
        `${Object.entries(values)
          .map(([k, v]) => `${k} ${v}`)
          .join('\n')}\n`,
      );
    },
  });
}

export const metricsConfig = (environment: string, url: string) =>
  configOf({
    [environment]: [
      prometheusTarget(environment, 'api', `${url}/metrics`, { intervalMs: 5_000, timeoutMs: 2_000 }),
    ],
  });
