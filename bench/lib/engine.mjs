// A few raw Engine API calls over the local socket, for the bench's own bookkeeping and for
// measuring what the engine itself costs (bench/engine-floor.mjs). No dependency: node:http.
import { request } from "node:http";

const socketPath = (process.env.DOCKER_HOST ?? "unix:///var/run/docker.sock").replace(/^unix:\/\//, "");

/** One call; resolves with { status, body } (body parsed as JSON when it is JSON). */
export function api(method, path, body, { timeoutMs = 30_000 } = {}) {
  return new Promise((resolve, reject) => {
    const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
    const req = request(
      { socketPath, method, path, headers: data ? { "content-type": "application/json", "content-length": data.length } : {}, timeout: timeoutMs },
      (res) => {
        const chunks = [];
        res.on("data", (c) => chunks.push(c));
        res.on("end", () => {
          const text = Buffer.concat(chunks);
          let parsed = text;
          if ((res.headers["content-type"] ?? "").includes("json")) parsed = text.length ? JSON.parse(text.toString("utf8")) : undefined;
          if (res.statusCode >= 400)
            reject(Object.assign(new Error(`${method} ${path}: ${res.statusCode} ${parsed?.message ?? text}`), { status: res.statusCode }));
          else resolve({ status: res.statusCode, body: parsed });
        });
      },
    );
    req.on("timeout", () => req.destroy(new Error(`${method} ${path}: no answer within ${timeoutMs} ms`)));
    req.on("error", reject);
    req.end(data);
  });
}

/** Exec without a TTY: the output arrives multiplexed in the response body; then the exit code. */
export async function exec(id, cmd) {
  const { body } = await api("POST", `/containers/${id}/exec`, { Cmd: cmd, AttachStdout: true, AttachStderr: true });
  const out = await api("POST", `/exec/${body.Id}/start`, { Detach: false, Tty: false });
  const inspect = await api("GET", `/exec/${body.Id}/json`);
  return { exitCode: inspect.body.ExitCode, output: demux(out.body) };
}

function demux(buffer) {
  if (!Buffer.isBuffer(buffer)) return String(buffer ?? "");
  const parts = [];
  for (let o = 0; o + 8 <= buffer.length;) {
    const size = buffer.readUInt32BE(o + 4);
    parts.push(buffer.subarray(o + 8, o + 8 + size));
    o += 8 + size;
  }
  return Buffer.concat(parts).toString("utf8");
}

const q = (filters) => encodeURIComponent(JSON.stringify(filters));

/** Everything carrying `label` (key or key=value): container and network ids. */
export async function labelled(label) {
  const [c, n] = await Promise.all([
    api("GET", `/containers/json?all=1&filters=${q({ label: [label] })}`),
    api("GET", `/networks?filters=${q({ label: [label] })}`),
  ]);
  return { containers: c.body.map((x) => x.Id), networks: n.body.map((x) => x.Id), names: [...c.body.map((x) => x.Names[0]), ...n.body.map((x) => x.Name)] };
}

/** Removes everything carrying `label`; returns the names it had to remove. */
export async function removeLabelled(label) {
  const found = await labelled(label);
  await Promise.allSettled(found.containers.map((id) => api("DELETE", `/containers/${id}?force=1&v=1`)));
  await Promise.allSettled(found.networks.map((id) => api("DELETE", `/networks/${id}`)));
  return found.names;
}

/** Containers running on the engine, for the load note. */
export async function runningContainers() {
  return (await api("GET", "/containers/json")).body.map((c) => c.Names[0]?.replace(/^\//, "") ?? c.Id);
}
