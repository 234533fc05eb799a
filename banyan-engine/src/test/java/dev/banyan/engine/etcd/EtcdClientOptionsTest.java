package dev.banyan.engine.etcd;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banyan.common.cli.UserError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** How the engine's etcd TLS options are checked and handed to jetcd. */
class EtcdClientOptionsTest {
  @TempDir Path dir;

  private static final List<String> TLS = List.of("https://10.0.0.1:2379", "https://10.0.0.2:2379");

  @Test
  void plainEndpointsNeedNoTls() {
    EtcdClientOptions options = EtcdClientOptions.plain(List.of("http://127.0.0.1:2379"));
    assertThat(options.tls()).isFalse();
    assertThat(options.builder().sslContext()).isNull();
  }

  @Test
  void httpsWithACaFileTrustsThatCa() throws Exception {
    Path ca = resource("test-cert.pem");
    EtcdClientOptions options =
        new EtcdClientOptions(TLS, Optional.of(ca), Optional.empty(), Optional.empty());
    assertThat(options.tls()).isTrue();
    assertThat(options.builder().sslContext()).isNotNull();
    assertThat(options.builder().sslContext().isClient()).isTrue();
  }

  @Test
  void httpsWithAClientCertificateBuildsAnSslContext() throws Exception {
    Path ca = resource("test-cert.pem");
    Path cert = resource("test-cert.pem");
    Path key = resource("test-key.pem");
    EtcdClientOptions options =
        new EtcdClientOptions(TLS, Optional.of(ca), Optional.of(cert), Optional.of(key));
    assertThat(options.builder().sslContext()).isNotNull();
  }

  @Test
  void httpsWithoutFilesUsesTheJdksTrustedCas() {
    EtcdClientOptions options = EtcdClientOptions.plain(TLS);
    assertThat(options.builder().sslContext()).isNotNull();
  }

  @Test
  void aCertificateWithoutItsKeyIsRejected() throws IOException {
    Path cert = resource("test-cert.pem");
    assertThatThrownBy(
            () -> new EtcdClientOptions(TLS, Optional.empty(), Optional.of(cert), Optional.empty()))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("--etcd-cert-file and --etcd-key-file go together");
  }

  @Test
  void tlsFilesWithHttpEndpointsAreRejected() throws IOException {
    Path ca = resource("test-cert.pem");
    assertThatThrownBy(
            () ->
                new EtcdClientOptions(
                    List.of("http://10.0.0.1:2379"),
                    Optional.of(ca),
                    Optional.empty(),
                    Optional.empty()))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("need https:// etcd endpoints");
  }

  @Test
  void mixedSchemesAreRejected() {
    assertThatThrownBy(
            () -> EtcdClientOptions.plain(List.of("http://10.0.0.1:2379", "https://10.0.0.2:2379")))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("mixes http:// and https://");
  }

  @Test
  void anEndpointWithoutSchemeIsRejected() {
    assertThatThrownBy(() -> EtcdClientOptions.plain(List.of("10.0.0.1:2379")))
        .isInstanceOf(UserError.class)
        .hasMessageContaining("has no scheme");
  }

  @Test
  void aMissingFileIsNamed() {
    Path missing = dir.resolve("nope.pem");
    assertThatThrownBy(
            () ->
                new EtcdClientOptions(
                    TLS, Optional.of(missing), Optional.empty(), Optional.empty()))
        .isInstanceOf(UserError.class)
        .hasMessage(
            "--etcd-ca-file " + missing + " does not exist or is not readable; fix the path");
  }

  @Test
  void aFileThatIsNoCertificateIsOneSentence() throws IOException {
    Path ca = pem("ca.pem", "not a certificate");
    EtcdClientOptions options =
        new EtcdClientOptions(TLS, Optional.of(ca), Optional.empty(), Optional.empty());
    assertThatThrownBy(options::builder)
        .isInstanceOf(UserError.class)
        .hasMessageContaining("cannot use the etcd TLS files");
  }

  private static Path resource(String name) {
    try {
      return Path.of(EtcdClientOptionsTest.class.getResource("/etcd-tls/" + name).toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  private Path pem(String name, String content) throws IOException {
    return Files.writeString(dir.resolve(name), content);
  }
}
