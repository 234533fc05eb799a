package dev.banyan.common.manifest.model;

import java.util.Map;
import java.util.Optional;

/** A parsed {@code banyan.yaml}: its services and the top-level objects they refer to. */
public record Manifest(
    Optional<String> name,
    Map<String, Service> services,
    Map<String, NetworkDef> networks,
    Map<String, VolumeDef> volumes,
    Map<String, FileDef> secrets,
    Map<String, FileDef> configs) {
  public Manifest {
    services = Maps.copy(services);
    networks = Maps.copy(networks);
    volumes = Maps.copy(volumes);
    secrets = Maps.copy(secrets);
    configs = Maps.copy(configs);
  }
}
