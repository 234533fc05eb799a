package dev.banyan.engine.etcd;

import dev.banyan.common.cli.UserError;
import io.etcd.jetcd.Client;
import io.etcd.jetcd.ClientBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javax.net.ssl.SSLException;

/**
 * How the engine reaches an external etcd cluster: its client URLs and, for {@code https://}
 * endpoints, the CA that signed etcd's certificate and an optional client certificate and key (PEM;
 * the key in PKCS#8). Checked when built, so a mistake is one sentence at start-up.
 */
public record EtcdClientOptions(
    List<String> endpoints,
    Optional<Path> caFile,
    Optional<Path> certFile,
    Optional<Path> keyFile) {
  public EtcdClientOptions {
    endpoints = List.copyOf(endpoints);
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("no etcd endpoints");
    }
    for (String endpoint : endpoints) {
      if (!endpoint.startsWith("http://") && !endpoint.startsWith("https://")) {
        throw new UserError(
            "--etcd-endpoints '"
                + endpoint
                + "' has no scheme; write it as http://HOST:2379 or https://HOST:2379");
      }
    }
    long secure = endpoints.stream().filter(e -> e.startsWith("https://")).count();
    if (secure != 0 && secure != endpoints.size()) {
      throw new UserError(
          "--etcd-endpoints mixes http:// and https:// URLs; use https:// for every member of a"
              + " TLS etcd cluster");
    }
    if (certFile.isPresent() != keyFile.isPresent()) {
      throw new UserError(
          "--etcd-cert-file and --etcd-key-file go together; pass both (the client certificate"
              + " and its key) or neither");
    }
    boolean tlsFiles = caFile.isPresent() || certFile.isPresent();
    if (tlsFiles && secure == 0) {
      throw new UserError(
          "--etcd-ca-file, --etcd-cert-file and --etcd-key-file need https:// etcd endpoints;"
              + " write the endpoints as https://HOST:2379");
    }
    requireReadable("--etcd-ca-file", caFile);
    requireReadable("--etcd-cert-file", certFile);
    requireReadable("--etcd-key-file", keyFile);
  }

  /** Plain endpoints, no TLS files. */
  public static EtcdClientOptions plain(List<String> endpoints) {
    return new EtcdClientOptions(endpoints, Optional.empty(), Optional.empty(), Optional.empty());
  }

  /** Whether the engine talks TLS to etcd. */
  public boolean tls() {
    return endpoints.get(0).startsWith("https://");
  }

  /**
   * A jetcd client builder for these endpoints; with TLS, its SSL context trusts the CA file (or
   * the JDK's trusted CAs without one) and presents the client certificate if given.
   */
  public ClientBuilder builder() {
    ClientBuilder builder = Client.builder().endpoints(endpoints.toArray(String[]::new));
    if (!tls()) {
      return builder;
    }
    try {
      return builder.sslContext(
          ssl -> {
            caFile.ifPresent(ca -> ssl.trustManager(ca.toFile()));
            if (certFile.isPresent() && keyFile.isPresent()) {
              ssl.keyManager(certFile.get().toFile(), keyFile.get().toFile());
            }
          });
    } catch (SSLException | IllegalArgumentException e) {
      throw new UserError(
          "cannot use the etcd TLS files ("
              + e.getMessage()
              + "); check that they are PEM and the key is PKCS#8 ('openssl pkcs8 -topk8 -nocrypt"
              + " -in KEY')",
          e);
    }
  }

  private static void requireReadable(String option, Optional<Path> file) {
    if (file.isPresent() && !Files.isReadable(file.get())) {
      throw new UserError(
          option + " " + file.get() + " does not exist or is not readable; fix the path");
    }
  }
}
