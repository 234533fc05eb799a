package dev.banyan.common.manifest;

import static dev.banyan.common.manifest.NodeReader.child;
import static dev.banyan.common.manifest.NodeReader.quote;

import dev.banyan.common.manifest.model.Port;
import dev.banyan.common.manifest.model.Position;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads {@code ports:} entries in short ({@code 127.0.0.1:8080:80/udp}) and long form. */
final class PortReader {
  private static final String SHORT_FORM = "expected [HOST:]CONTAINER[/PROTOCOL]";
  private static final Pattern RANGE = Pattern.compile("(\\d+)(?:-(\\d+))?");
  private static final Pattern IPV4 =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})");

  private final NodeReader r;

  PortReader(NodeReader r) {
    this.r = r;
  }

  List<Port> read(YNode item, String path) {
    if (item instanceof YNode.Mapping m) {
      return readLong(m, path);
    }
    Optional<String> text = r.string(item, path);
    return text.map(t -> readShort(t, item, path)).orElse(List.of());
  }

  private List<Port> readShort(String spec, YNode at, String path) {
    String s = spec.strip();
    String protocol = "tcp";
    int slash = s.lastIndexOf('/');
    if (slash >= 0) {
      protocol = s.substring(slash + 1);
      s = s.substring(0, slash);
      if (!protocol.equals("tcp") && !protocol.equals("udp")) {
        r.error(at, path, quote(spec) + " has protocol " + quote(protocol), "use tcp or udp");
        return List.of();
      }
    }
    String ip = "";
    if (s.startsWith("[")) {
      int close = s.indexOf("]:");
      if (close < 0) {
        return bad(spec, at, path);
      }
      ip = s.substring(1, close);
      s = s.substring(close + 2);
    }
    String[] parts = s.split(":", -1);
    String host;
    String container;
    if (parts.length == 1) {
      host = "";
      container = parts[0];
    } else if (parts.length == 2) {
      host = parts[0];
      container = parts[1];
    } else if (parts.length == 3 && ip.isEmpty()) {
      ip = parts[0];
      host = parts[1];
      container = parts[2];
    } else {
      return bad(spec, at, path);
    }
    if (!ip.isEmpty() && !validIp(ip)) {
      return bad(spec, at, path);
    }
    if (parts.length > 1 && host.isEmpty()) {
      r.error(
          at,
          path,
          quote(spec) + " asks for a random host port",
          "Banyan publishes fixed ports only: write HOST:CONTAINER");
      return List.of();
    }
    Optional<int[]> targets = range(container);
    Optional<int[]> published = host.isEmpty() ? Optional.of(new int[0]) : range(host);
    if (targets.isEmpty() || published.isEmpty()) {
      return bad(spec, at, path);
    }
    if (host.isEmpty()) {
      r.d.warning(
          at,
          path,
          quote(spec) + " publishes on a random host port in Compose; Banyan does not publish it",
          "write HOST:CONTAINER to publish it, or move it to expose:");
    }
    return expand(spec, ip, published.get(), targets.get(), protocol, at, path);
  }

  private List<Port> readLong(YNode.Mapping m, String path) {
    r.checkKeys(m, path, KeyCatalog.PORT);
    YNode targetNode = m.get("target");
    if (targetNode == null) {
      r.error(m, path, "the long form needs target", "add target: CONTAINER_PORT");
      return List.of();
    }
    Optional<Integer> target = r.integer(targetNode, child(path, "target"), 1);
    if (target.isPresent() && target.get() > 65535) {
      r.error(targetNode, child(path, "target"), target.get() + " is not a port", "use 1-65535");
      return List.of();
    }
    String ip = optionalString(m, "host_ip", path).orElse("");
    if (!ip.isEmpty() && !validIp(ip)) {
      r.error(
          m.get("host_ip"),
          child(path, "host_ip"),
          quote(ip) + " is not an IP address",
          "write e.g. 127.0.0.1");
    }
    String protocol = optionalString(m, "protocol", path).orElse("tcp");
    if (!protocol.equals("tcp") && !protocol.equals("udp")) {
      r.error(
          m.get("protocol"),
          child(path, "protocol"),
          quote(protocol) + " is not a protocol",
          "use tcp or udp");
      return List.of();
    }
    Optional<String> mode = optionalString(m, "mode", path);
    if (mode.isPresent() && !mode.get().equals("host") && !mode.get().equals("ingress")) {
      r.error(
          m.get("mode"),
          child(path, "mode"),
          quote(mode.get()) + " is not a port mode",
          "use host or ingress");
    } else if (mode.isPresent() && mode.get().equals("ingress")) {
      r.d.warning(
          m.get("mode"),
          child(path, "mode"),
          "parsed but not acted on: Banyan publishes the port only on nodes running a replica",
          "write mode: host or remove it");
    }
    int[] published = new int[0];
    YNode pubNode = m.get("published");
    if (pubNode != null) {
      Optional<String> pub = r.string(pubNode, child(path, "published"));
      Optional<int[]> parsed = pub.flatMap(PortReader::range);
      if (pub.isPresent() && parsed.isEmpty()) {
        r.error(
            pubNode,
            child(path, "published"),
            quote(pub.get()) + " is not a port or port range",
            "write e.g. 8080 or 8080-8081");
        return List.of();
      }
      published = parsed.orElse(new int[0]);
    }
    if (target.isEmpty()) {
      return List.of();
    }
    String spec =
        (pubNode == null ? "" : PlainValues.of(pubNode) + ":") + target.get() + "/" + protocol;
    return expand(spec, ip, published, new int[] {target.get(), target.get()}, protocol, m, path);
  }

  private Optional<String> optionalString(YNode.Mapping m, String key, String path) {
    YNode n = m.get(key);
    return n == null ? Optional.empty() : r.string(n, child(path, key));
  }

  private List<Port> expand(
      String spec,
      String ip,
      int[] published,
      int[] targets,
      String protocol,
      YNode at,
      String path) {
    int count = targets[1] - targets[0] + 1;
    if (published.length > 0 && published[1] - published[0] + 1 != count) {
      r.error(
          at,
          path,
          quote(spec)
              + " maps "
              + (published[1] - published[0] + 1)
              + " host ports to "
              + count
              + " container ports",
          "give ranges of the same length");
      return List.of();
    }
    List<Port> out = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      int pub = published.length == 0 ? 0 : published[0] + i;
      out.add(new Port(ip, pub, targets[0] + i, protocol, new Position(at.line(), at.column())));
    }
    return out;
  }

  private List<Port> bad(String spec, YNode at, String path) {
    r.error(at, path, quote(spec) + " is not a port mapping", SHORT_FORM);
    return List.of();
  }

  /** {@code 80} → [80, 80]; {@code 80-82} → [80, 82]; empty when not a valid port or range. */
  static Optional<int[]> range(String s) {
    Matcher m = RANGE.matcher(s.strip());
    if (!m.matches()
        || m.group(1).length() > 5
        || (m.group(2) != null && m.group(2).length() > 5)) {
      return Optional.empty();
    }
    int lo = Integer.parseInt(m.group(1));
    int hi = m.group(2) == null ? lo : Integer.parseInt(m.group(2));
    if (lo < 1 || hi > 65535 || hi < lo) {
      return Optional.empty();
    }
    return Optional.of(new int[] {lo, hi});
  }

  static boolean validIp(String ip) {
    Matcher m = IPV4.matcher(ip);
    if (m.matches()) {
      for (int i = 1; i <= 4; i++) {
        if (Integer.parseInt(m.group(i)) > 255) {
          return false;
        }
      }
      return true;
    }
    return ip.contains(":") && ip.matches("[0-9a-fA-F:.]+");
  }
}
