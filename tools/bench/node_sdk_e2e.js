// The comparison client of tools/bench/run.py (part "node"): the official
// Node SDK (@alicloud/rocketmq20220801, OpenAPI v3 client, ACS3-HMAC-SHA256)
// listing PAGES pages of SIZE checkpoints from ENDPOINT (host:port, https;
// the emulator's CA comes in NODE_EXTRA_CA_CERTS), one JSON line per
// checkpoint on stdout, like `rmqdr checkpoints --output jsonl --all`.
//   node node_sdk_e2e.js ENDPOINT PLAN ITEM INSTANCE PAGES SIZE
const Client = require('@alicloud/rocketmq20220801').default;
const M = require('@alicloud/rocketmq20220801');
const { $OpenApiUtil } = require('@alicloud/openapi-core');
async function main() {
  const [endpoint, plan, item, instance, pages, size] = process.argv.slice(2);
  const cfg = new $OpenApiUtil.Config({
    accessKeyId: process.env.ALIBABA_CLOUD_ACCESS_KEY_ID,
    accessKeySecret: process.env.ALIBABA_CLOUD_ACCESS_KEY_SECRET,
    endpoint, protocol: 'https', regionId: 'cn-hangzhou' });
  const client = new Client(cfg);
  let n = 0;
  for (let p = 1; p <= Number(pages); p++) {
    const req = new M.ListDisasterRecoveryCheckpointsRequest({ instanceId: instance, pageNumber: p, pageSize: Number(size) });
    const r = await client.listDisasterRecoveryCheckpoints(plan, item, req);
    for (const cp of r.body.data.list) { process.stdout.write(JSON.stringify(cp.toMap ? cp.toMap() : cp) + '\n'); n++; }
  }
  process.stderr.write(`node-sdk checkpoints=${n}\n`);
}
main().catch(e => { process.stderr.write(String(e && e.stack || e) + '\n'); process.exit(1); });
