#!/usr/bin/env node
// Teardown at scale, on the raw Engine API: N busybox containers on one user network are made
// (not timed), then removed by one of several strategies (timed), alternated A B C A B C ...
// After each teardown the engine is asked whether anything is left: the network (it refused
// to go: "has active endpoints"), a container, or, while the network still existed, an
// endpoint it listed for a container already gone (Engine 20.10's endpoint-count loss).
//   node bench/teardown-scale.mjs [--n=30,60] [--rounds=3] [--variants=leave1,leave4,rm8,rmall]
// Variants:
//   leave1   members leave the network one at a time, each removed once it has left (lab before)
//   leaveK   members leave in concurrent batches of K, each removed once it has left
//   rmK      containers force-removed, K at a time, then the network (retried on "has active endpoints")
//   rmall    every container force-removed at once, then the network (retried)
// Everything is named labbench-td-<id>-* and labelled lab.bench=<id>; whatever a strategy
// leaves is removed afterwards and counted.
import { randomBytes } from "node:crypto";
import { loadavg } from "node:os";
import { api as call, removeLabelled } from "./lib/engine.mjs";

// A busy engine can take tens of seconds for one call: generous limits, the setup is not timed anyway.
const api = (method, path, body) => call(method, path, body, { timeoutMs: 300_000 });

const arg = (name, dflt) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? dflt;
const sizes = String(arg("n", "30,60")).split(",").map(Number);
const rounds = Math.min(20, Number(arg("rounds", 3)));
const variants = String(arg("variants", "leave1,leave4,rm8,rmall")).split(",");
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function pool(items, limit, fn) {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: Math.min(limit, queue.length) }, async () => {
      while (queue.length) await fn(queue.shift());
    }),
  );
}

async function removeNetworkRetrying(net) {
  for (let attempt = 0; ; attempt++) {
    try {
      await api("DELETE", `/networks/${net}`);
      return attempt;
    } catch (e) {
      if (!/active endpoints/i.test(e.message) || attempt >= 20) throw e;
      await sleep(50);
    }
  }
}

const strategies = {
  async leave(net, ids, k) {
    const gone = [];
    for (let i = 0; i < ids.length; i += k) {
      const batch = ids.slice(i, i + k);
      await Promise.all(batch.map((cid) => api("POST", `/networks/${net}/disconnect`, { Container: cid }).catch(() => undefined)));
      for (const cid of batch) gone.push(api("DELETE", `/containers/${cid}?force=1&v=1`));
    }
    await Promise.all([...gone]);
    return removeNetworkRetrying(net);
  },
  async rm(net, ids, k) {
    await pool(ids, k, (cid) => api("DELETE", `/containers/${cid}?force=1&v=1`));
    return removeNetworkRetrying(net);
  },
};

async function once(n, variant) {
  const id = randomBytes(3).toString("hex");
  const p = `labbench-td-${id}`;
  const labels = { "lab.bench": id };
  try {
    return await measure(n, variant, p, labels, id);
  } finally {
    await removeLabelled(`lab.bench=${id}`);
  }
}

async function measure(n, variant, p, labels, id) {
  const net = (await api("POST", "/networks/create", { Name: `${p}-net`, CheckDuplicate: true, Labels: labels })).body.Id;
  const ids = [];
  await pool(
    Array.from({ length: n }, (_, i) => i),
    8,
    async (i) => {
      const name = `${p}-c${i}`;
      const cid = (
        await api("POST", `/containers/create?name=${name}`, {
          Image: "busybox",
          Cmd: ["sleep", "3600"],
          Labels: labels,
          HostConfig: { NetworkMode: `${p}-net`, Init: true },
          NetworkingConfig: { EndpointsConfig: { [`${p}-net`]: { Aliases: [`c${i}`] } } },
        })
      ).body.Id;
      await api("POST", `/containers/${cid}/start`);
      ids.push(cid);
    },
  );
  const t0 = performance.now();
  let error = "";
  let retries = 0;
  try {
    const m = /^(leave|rm)(\d+|all)$/.exec(variant);
    if (!m) throw new Error(`unknown variant ${variant}`);
    retries = await strategies[m[1]](net, ids, m[2] === "all" ? ids.length : Number(m[2]));
  } catch (e) {
    error = e.message;
  }
  const ms = performance.now() - t0;
  // What is left: the network, with the endpoints it still lists.
  let stale = 0;
  const still = await api("GET", `/networks/${net}`).then(
    (r) => r.body,
    () => undefined,
  );
  if (still) stale = Object.keys(still.Containers ?? {}).length;
  const left = await removeLabelled(`lab.bench=${id}`);
  return { ms, error, retries, networkLeft: Boolean(still), stale, left };
}

const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
console.log(
  `# teardown at scale, ${new Date().toISOString()}, loadavg ${loadavg()
    .map((x) => x.toFixed(2))
    .join(" ")}`,
);
for (const n of sizes) {
  const results = new Map(variants.map((v) => [v, []]));
  for (let r = 0; r < rounds; r++) {
    const line = [];
    for (const v of variants) {
      const x = await once(n, v);
      results.get(v).push(x);
      line.push(
        `${v} ${x.ms.toFixed(0)} ms${x.retries ? ` (${x.retries} retries)` : ""}${x.error ? ` ERROR ${x.error}` : ""}${x.networkLeft ? ` NETWORK LEFT (${x.stale} endpoints listed)` : ""}`,
      );
    }
    console.log(`n=${n} round ${r + 1}: ${line.join(" | ")}  [loadavg ${loadavg()[0].toFixed(2)}]`);
  }
  for (const [v, xs] of results) {
    const bad = xs.filter((x) => x.error || x.networkLeft).length;
    const tries = xs.reduce((s, x) => s + x.retries, 0);
    console.log(
      `n=${n} ${v.padEnd(8)} median ${median(xs.map((x) => x.ms)).toFixed(0)} ms (min ${Math.min(...xs.map((x) => x.ms)).toFixed(0)}, max ${Math.max(...xs.map((x) => x.ms)).toFixed(0)}; ${xs.length} runs, ${bad} left something, ${tries} network retries)`,
    );
  }
}
