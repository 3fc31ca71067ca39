#!/usr/bin/env node
// The engine's floor for the bench DNS lab: the same work as `lab run bench/dns.yaml`, as raw
// Engine API calls over the socket, as parallel as the engine allows, with no runner around
// it. Prints each phase and the total, per round. Variants, to measure what a runner choice
// costs at the engine:
//   --probes            probe containers (--network container:<target>) instead of exec in place
//   --teardown=rm       force-remove every container at once, then the network (default)
//   --teardown=leave    lab's order: the members leave one at a time, each is removed once it has left
//   --variants=exec:leave,probes:leave,probes:rm  several of them, alternated
//   --rounds=N          (default 5)
//   --id=ID             the id in names and labels (default: a random one)
//   --once              one run of the first variant, no warm-up: the floor as a whole process, for npm run bench
// Everything is named labbench-floor-<id>-* and labelled lab.bench=<id>; removed at the end.
import { randomBytes } from "node:crypto";
import { api, exec, removeLabelled } from "./lib/engine.mjs";

const arg = (name, dflt) => process.argv.find((a) => a.startsWith(`--${name}=`))?.split("=")[1] ?? (process.argv.includes(`--${name}`) ? true : dflt);
const rounds = Math.min(50, Number(arg("rounds", 5)));
const variants = String(arg("variants", `${arg("probes", false) === true ? "probes" : "exec"}:${arg("teardown", "rm")}`)).split(",");

async function once(variant) {
  const [mode, teardown] = variant.split(":");
  const probes = mode === "probes";
  const id = String(arg("id", randomBytes(3).toString("hex")));
  const p = `labbench-floor-${id}`;
  const labels = { "lab.bench": id };
  const t = [];
  const t0 = performance.now();
  const mark = (what) => t.push([what, performance.now() - t0]);
  try {
    const net = (await api("POST", "/networks/create", { Name: `${p}-app`, CheckDuplicate: true, Labels: labels })).body.Id;
    mark("network");
    const create = (name, extra) =>
      api("POST", `/containers/create?name=${name}`, { Image: "busybox", Cmd: ["sleep", "3600"], Labels: labels, ...extra }).then((r) => r.body.Id);
    const up = async (n) => {
      const cid = await create(`${p}-${n}`, {
        Hostname: n,
        HostConfig: { NetworkMode: `${p}-app` },
        NetworkingConfig: { EndpointsConfig: { [`${p}-app`]: { Aliases: [n] } } },
      });
      // As lab does: the probe container is created while its target starts, started once the target runs.
      const probeCreated = probes ? create(`${p}-${n}-probe`, { Cmd: ["sleep", "2147483647"], HostConfig: { NetworkMode: `container:${cid}` } }) : undefined;
      await api("POST", `/containers/${cid}/start`);
      if (!probeCreated) return { cid, probe: cid };
      const probe = await probeCreated;
      await api("POST", `/containers/${probe}/start`);
      return { cid, probe };
    };
    const [a, b] = await Promise.all([up("a"), up("b")]);
    mark("containers up");
    for (const [from, name] of [
      [a, "b"],
      [b, "a"],
    ]) {
      const r = await exec(from.probe, ["sh", "-c", 'cat /etc/hosts; cat /etc/resolv.conf; nslookup "$1" 2>&1', "x", name]);
      if (r.exitCode !== 0) throw new Error(`lookup of ${name} failed: ${r.output}`);
    }
    mark("lookups");
    const all = [a.cid, b.cid, ...(probes ? [a.probe, b.probe] : [])];
    const rm = (cid) => api("DELETE", `/containers/${cid}?force=1&v=1`);
    if (teardown === "leave") {
      // lab's own order: members leave the network one at a time, each is removed once it has left, probes at once.
      const gone = probes ? [a.probe, b.probe].map(rm) : [];
      for (const cid of [a.cid, b.cid]) {
        await api("POST", `/networks/${net}/disconnect`, { Container: cid });
        gone.push(rm(cid));
      }
      mark("left");
      await Promise.all([...gone, api("DELETE", `/networks/${net}`)]);
    } else {
      await Promise.all(all.map(rm));
      mark("containers removed");
      await api("DELETE", `/networks/${net}`);
    }
    mark("teardown");
    return t;
  } finally {
    await removeLabelled(`lab.bench=${id}`);
  }
}

if (arg("once", false) === true) {
  const t = await once(variants[0]);
  console.log(`${variants[0]} total ${t.at(-1)[1].toFixed(0)} ms`);
  process.exit(0);
}

// Variants alternate (A B A B ...) so that a change of load on the engine hits them alike.
const phases = new Map(variants.map((v) => [v, []]));
for (let i = 0; i < rounds + 1; i++) {
  for (const v of variants) {
    const t = await once(v);
    if (i === 0) continue; // warm-up
    phases.get(v).push(t);
    if (arg("verbose", false)) console.log(v.padEnd(16), t.map(([w, ms]) => `${w} ${ms.toFixed(0)}`).join(" | "));
  }
}
const median = (xs) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
for (const [v, ts] of phases) {
  const steps = ts[0].map(([w], k) => `${w} ${median(ts.map((t) => t[k][1] - (k ? t[k - 1][1] : 0))).toFixed(0)}`);
  console.log(`${v.padEnd(16)} total ${median(ts.map((t) => t.at(-1)[1])).toFixed(0)} ms (median of ${ts.length}); phases: ${steps.join(" | ")}`);
}
