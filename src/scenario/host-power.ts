/**
 * Keys that Compose or `docker run` know and that would give a container power over the
 * host. Format v1 leaves them out on purpose; naming them gets a sentence saying why,
 * not a "did you mean".
 */
export const HOST_POWER_KEYS: Readonly<Record<string, string>> = {
  privileged: "it gives the container every capability and access to the host's devices",
  cap_add: "added capabilities give the container power over the host",
  pid: "sharing the host's process namespace lets the container see and signal host processes",
  devices: "host devices give the container direct access to the host's hardware",
  volumes: "host bind mounts give the container the host's files (use `files:` to copy text in)",
  security_opt: "it can switch off the confinement of the container",
  ipc: "sharing the host's IPC namespace reaches into host processes",
  userns_mode: "it can switch off user namespace remapping",
  cgroup_parent: "it places the container in the host's control groups",
};

export const hostPowerMessage = (key: string): string => `"${key}" is not part of format v1: ${HOST_POWER_KEYS[key]}. Labs stay inside their containers.`;
