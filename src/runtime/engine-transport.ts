import { Agent as HttpsAgent } from "node:https";
import type Docker from "dockerode";
import { hostnameOf, type EngineEndpoint } from "./engine-endpoint.js";
import { sshAgent } from "./ssh-agent.js";

/** dockerode's options for an endpoint: a socket path, or a host and port with the agent that carries the bytes. */
export function dockerOptions(endpoint: EngineEndpoint): Docker.DockerOptions {
  const url = endpoint.transport === "unix" || endpoint.transport === "npipe" ? undefined : new URL(endpoint.host);
  switch (endpoint.transport) {
    case "unix":
      return { socketPath: endpoint.host.slice("unix://".length) || "/var/run/docker.sock" };
    case "npipe":
      return { socketPath: endpoint.host.slice("npipe://".length) || "//./pipe/docker_engine" };
    case "tcp":
      return { protocol: "http", host: hostnameOf(endpoint), port: url!.port || 2375 };
    case "tls": {
      const tls = endpoint.tls!;
      // The agent's options win over the request's, so verification is decided here alone. No session
      // resumption, as the docker CLI: some TLS front ends (socat with verify=1) refuse resumed sessions.
      const agent = new HttpsAgent({ keepAlive: true, maxCachedSessions: 0, ca: tls.ca, cert: tls.cert, key: tls.key, rejectUnauthorized: tls.verify });
      return {
        protocol: "https",
        host: hostnameOf(endpoint),
        port: url!.port || 2376,
        agent,
        ca: tls.ca,
        cert: tls.cert,
        key: tls.key,
      } as Docker.DockerOptions;
    }
    case "ssh":
      // protocol http with our agent: docker-modem's own ssh2 client is not used.
      return { protocol: "http", host: "localhost", port: 80, agent: sshAgent(endpoint.host) } as Docker.DockerOptions;
  }
}
