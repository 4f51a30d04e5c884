// What the end-to-end test's step groups share in one run (local/e2e/e2e.mjs imports them in order, in one process):
// the platform (its environment, Terraform outputs, artifacts directory) and what one step learns for a later one.
import { artifactsDir, platformEnv, tfOutputs } from './platform.mjs';

export const env = platformEnv();
export const artifacts = artifactsDir(env);
export const out = await tfOutputs(env.ONAIR_TF_DIR, env);

export const shared = {
  // the first broadcast's stream id (step 3); a fault group run alone takes ONAIR_E2E_STREAM1 or the last stream
  stream1: env.ONAIR_E2E_STREAM1 || '',
  // when the first push started (epoch ms; step 3), for the browser and the replay
  pushStartedMs: 0,
};
