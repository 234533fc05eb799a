package dev.banyan.common.manifest;

import static dev.banyan.common.manifest.KeyRule.ACTED;
import static dev.banyan.common.manifest.KeyRule.notActed;
import static dev.banyan.common.manifest.KeyRule.rejected;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every key Compose allows in each part of a manifest and how Banyan treats it. docs/manifest.md is
 * the human-readable form of this table; a test keeps the two in step.
 */
final class KeyCatalog {
  private KeyCatalog() {}

  private static final String NO_SPEC =
      "Banyan's container spec has no field for it yet, so containers run without it";

  static final Map<String, KeyRule> TOP_LEVEL =
      rules(
          "version", notActed("the Compose file format version is obsolete"),
          "name", ACTED,
          "services", ACTED,
          "networks", ACTED,
          "volumes", ACTED,
          "secrets", ACTED,
          "configs", ACTED,
          "include",
              rejected(
                  "including other Compose files is not supported",
                  "copy the services into this file"),
          "models", rejected("AI models are not supported", "remove it"));

  static final Map<String, KeyRule> SERVICE = serviceRules();

  private static Map<String, KeyRule> serviceRules() {
    Map<String, KeyRule> m = new LinkedHashMap<>();
    for (String k :
        new String[] {
          "image",
          "build",
          "command",
          "entrypoint",
          "environment",
          "env_file",
          "ports",
          "expose",
          "volumes",
          "depends_on",
          "healthcheck",
          "restart",
          "deploy",
          "cpus",
          "mem_limit",
          "mem_reservation",
          "memory",
          "labels",
          "hostname",
          "user",
          "working_dir",
          "stop_signal",
          "stop_grace_period",
          "networks",
          "secrets",
          "configs",
          "ulimits",
          "cap_add",
          "cap_drop",
          "privileged",
          "init",
          "tmpfs",
          "extra_hosts",
          "dns",
          "logging",
          "profiles",
          "scale"
        }) {
      m.put(k, ACTED);
    }
    m.put(
        "container_name",
        notActed(
            "Banyan names containers banyan-<deployment>-<service>-<replica>-<task> so replicas"
                + " and redeploys never collide; reach the service by its name instead"));
    m.put("links", notActed("services already reach each other by service name through DNS"));
    m.put("pull_policy", notActed("agents pull an image when the node does not have it"));
    m.put("platform", notActed("each node runs the image variant for its own platform"));
    for (String k :
        new String[] {
          "annotations",
          "attach",
          "blkio_config",
          "cpu_count",
          "cpu_percent",
          "cpu_period",
          "cpu_quota",
          "cpu_rt_period",
          "cpu_rt_runtime",
          "cpu_shares",
          "cpuset",
          "develop",
          "dns_opt",
          "dns_search",
          "domainname",
          "group_add",
          "label_file",
          "mac_address",
          "mem_swappiness",
          "memswap_limit",
          "oom_kill_disable",
          "oom_score_adj",
          "pids_limit",
          "read_only",
          "security_opt",
          "shm_size",
          "stdin_open",
          "storage_opt",
          "sysctls",
          "tty",
          "userns_mode",
          "uts"
        }) {
      m.put(k, notActed(NO_SPEC));
    }
    String shared = "sharing a namespace with another container cannot work across nodes";
    m.put(
        "network_mode",
        rejected("Banyan attaches every container to its VPC network", "remove it"));
    m.put("ipc", rejected(shared, "remove it"));
    m.put("pid", rejected(shared, "remove it"));
    m.put("cgroup", rejected(shared, "remove it"));
    m.put("volumes_from", rejected(shared, "declare the volumes on this service"));
    m.put(
        "extends",
        rejected(
            "extends is not supported",
            "inline the shared keys or use a YAML anchor (x-common: &common, then <<: *common)"));
    m.put(
        "external_links",
        rejected("containers outside the deployment cannot be linked", "remove it"));
    m.put(
        "devices",
        rejected("host devices differ between nodes", "remove it; Banyan cannot place by device"));
    m.put("device_cgroup_rules", rejected("host devices differ between nodes", "remove it"));
    m.put("gpus", rejected("GPU scheduling is not supported", "remove it"));
    m.put("cgroup_parent", rejected("the agent manages cgroups", "remove it"));
    m.put("isolation", rejected("only the runtime's default isolation is supported", "remove it"));
    m.put("runtime", rejected("the agent chooses the OCI runtime", "remove it"));
    m.put("credential_spec", rejected("Windows credential specs are not supported", "remove it"));
    m.put("post_start", rejected("lifecycle hooks are not supported", "remove it"));
    m.put("pre_stop", rejected("lifecycle hooks are not supported", "remove it"));
    m.put("use_api_socket", rejected("containers get no runtime API socket", "remove it"));
    m.put("provider", rejected("provider services are not supported", "remove it"));
    m.put("models", rejected("AI models are not supported", "remove it"));
    return m;
  }

  static final Map<String, KeyRule> BUILD =
      allActed(
          "context",
          "dockerfile",
          "dockerfile_inline",
          "args",
          "target",
          "ssh",
          "cache_from",
          "cache_to",
          "additional_contexts",
          "extra_hosts",
          "isolation",
          "labels",
          "network",
          "no_cache",
          "platforms",
          "privileged",
          "pull",
          "secrets",
          "shm_size",
          "tags",
          "ulimits",
          "entitlements");

  static final Map<String, KeyRule> PORT =
      with(
          allActed("target", "published", "host_ip", "protocol", "mode"),
          "name",
          notActed("port names are informational"),
          "app_protocol",
          notActed("port names are informational"));

  static final Map<String, KeyRule> VOLUME_MOUNT =
      with(
          allActed("type", "source", "target", "read_only"),
          "bind",
          notActed("bind options are left to the runtime's defaults"),
          "volume",
          notActed("volume options are left to the runtime's defaults"),
          "tmpfs",
          notActed("tmpfs options are left to the runtime's defaults"),
          "consistency",
          notActed("consistency applies to Docker Desktop only"),
          "image",
          notActed("image mounts are not supported"));

  static final Map<String, KeyRule> DEPENDS_ON =
      with(
          allActed("condition", "required"),
          "restart",
          notActed("dependants are not restarted when a dependency restarts"));

  static final Map<String, KeyRule> HEALTHCHECK =
      allActed(
          "test", "interval", "timeout", "retries", "start_period", "start_interval", "disable");

  static final Map<String, KeyRule> DEPLOY =
      with(
          allActed("mode", "replicas", "resources", "restart_policy", "placement"),
          "labels",
          notActed("Banyan has no service objects to label; use the service's labels"),
          "endpoint_mode",
          notActed("services are reached through DNS records of their replicas"),
          "update_config",
          notActed("Banyan does not apply update settings yet; it replaces changed tasks"),
          "rollback_config",
          notActed("Banyan does not roll back automatically yet"));

  static final Map<String, KeyRule> RESOURCES = allActed("limits", "reservations");

  static final Map<String, KeyRule> LIMITS =
      with(allActed("cpus", "memory"), "pids", notActed(NO_SPEC));

  static final Map<String, KeyRule> RESERVATIONS =
      with(
          allActed("cpus", "memory"),
          "devices",
          rejected("device reservations are not supported", "remove it"),
          "generic_resources",
          rejected("generic resources are not supported", "remove it"));

  static final Map<String, KeyRule> RESTART_POLICY =
      allActed("condition", "delay", "max_attempts", "window");

  static final Map<String, KeyRule> UPDATE_CONFIG =
      allActed("parallelism", "delay", "failure_action", "monitor", "max_failure_ratio", "order");

  static final Map<String, KeyRule> PLACEMENT =
      with(
          allActed("constraints"),
          "preferences",
          notActed("the scheduler spreads replicas by its own scoring"),
          "max_replicas_per_node",
          notActed("the scheduler does not cap replicas per node yet"));

  static final Map<String, KeyRule> SERVICE_NETWORK =
      with(
          allActed("aliases"),
          "ipv4_address",
          notActed("addresses come from the node's VPC subnet"),
          "ipv6_address",
          notActed("addresses come from the node's VPC subnet"),
          "link_local_ips",
          notActed("addresses come from the node's VPC subnet"),
          "mac_address",
          notActed(NO_SPEC),
          "driver_opts",
          notActed("all services share the VPC network"),
          "priority",
          notActed("all services share the VPC network"),
          "gw_priority",
          notActed("all services share the VPC network"),
          "interface_name",
          notActed("all services share the VPC network"));

  static final Map<String, KeyRule> FILE_REF =
      with(
          allActed("source", "target", "mode"),
          "uid",
          notActed("files are owned by root"),
          "gid",
          notActed("files are owned by root"));

  static final Map<String, KeyRule> LOGGING = allActed("driver", "options");

  static final Map<String, KeyRule> ULIMIT = allActed("soft", "hard");

  static final Map<String, KeyRule> NETWORK_DEF =
      with(
          allActed("external", "name"),
          "driver",
          notActed("all services share Banyan's VPC network"),
          "driver_opts",
          notActed("all services share Banyan's VPC network"),
          "attachable",
          notActed("all services share Banyan's VPC network"),
          "enable_ipv4",
          notActed("all services share Banyan's VPC network"),
          "enable_ipv6",
          notActed("all services share Banyan's VPC network"),
          "ipam",
          notActed("addresses come from each node's VPC subnet"),
          "internal",
          notActed("all services share Banyan's VPC network"),
          "labels",
          notActed("networks are not runtime objects in Banyan"));

  static final Map<String, KeyRule> VOLUME_DEF =
      with(
          allActed("external", "name"),
          "driver",
          notActed("volumes use the runtime's local driver on each node"),
          "driver_opts",
          notActed("volumes use the runtime's local driver on each node"),
          "labels",
          notActed("volume labels are not applied yet"));

  static final Map<String, KeyRule> FILE_DEF =
      with(
          allActed("file"),
          "name",
          notActed("the file is delivered under its key's name"),
          "labels",
          notActed("secrets are not runtime objects in Banyan"),
          "driver",
          notActed("secrets are not runtime objects in Banyan"),
          "driver_opts",
          notActed("secrets are not runtime objects in Banyan"),
          "template_driver",
          notActed("templates are not rendered"),
          "external",
          rejected("Banyan has no secret store yet", "give the content with file: ./path"),
          "environment",
          rejected("only file-based secrets and configs are supported", "use file: ./path"),
          "content",
          rejected("only file-based secrets and configs are supported", "use file: ./path"));

  private static Map<String, KeyRule> allActed(String... keys) {
    Map<String, KeyRule> m = new LinkedHashMap<>();
    for (String k : keys) {
      m.put(k, ACTED);
    }
    return m;
  }

  private static Map<String, KeyRule> with(Map<String, KeyRule> base, Object... pairs) {
    Map<String, KeyRule> m = new LinkedHashMap<>(base);
    for (int i = 0; i < pairs.length; i += 2) {
      m.put((String) pairs[i], (KeyRule) pairs[i + 1]);
    }
    return m;
  }

  private static Map<String, KeyRule> rules(Object... pairs) {
    return with(new LinkedHashMap<>(), pairs);
  }
}
