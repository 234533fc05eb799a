package dev.banyan.vpc.routes;

import dev.banyan.vpc.ipam.Cidr;
import java.net.Inet4Address;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * One IPv4 route as {@code ip -j route show} reports it.
 *
 * @param destination the route's destination network ({@code default} is 0.0.0.0/0)
 * @param gateway the next hop, empty for on-link routes
 */
public record InstalledRoute(Cidr destination, Optional<Inet4Address> gateway) {

  /**
   * Parses the JSON of {@code ip -j route show}. JSON is YAML 1.2, so the YAML loader Banyan
   * already ships reads it; no JSON library is needed in this module.
   */
  public static List<InstalledRoute> parseIpJson(String json) {
    if (json.isBlank()) {
      return List.of();
    }
    Object root = new Load(LoadSettings.builder().build()).loadFromString(json);
    List<InstalledRoute> routes = new ArrayList<>();
    if (!(root instanceof List<?> list)) {
      throw new IllegalArgumentException("'ip -j route' did not print a JSON array: " + json);
    }
    for (Object o : list) {
      if (!(o instanceof Map<?, ?> m) || !(m.get("dst") instanceof String dst)) {
        continue;
      }
      if (dst.contains(":")) {
        continue; // IPv6
      }
      Cidr destination =
          dst.equals("default")
              ? Cidr.parse("0.0.0.0/0")
              : Cidr.parse(dst.contains("/") ? dst : dst + "/32");
      Optional<Inet4Address> gateway =
          m.get("gateway") instanceof String g && !g.contains(":")
              ? Optional.of(Cidr.parseAddress(g))
              : Optional.empty();
      routes.add(new InstalledRoute(destination, gateway));
    }
    return routes;
  }
}
