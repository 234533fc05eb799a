package dev.banyan.vpc.dns;

import static dev.banyan.vpc.dns.ServiceNameResolverTest.replica;
import static org.assertj.core.api.Assertions.assertThat;

import dev.banyan.vpc.dns.ReplicaEndpoint.Health;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.Section;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/** Real UDP and TCP queries against the server on 127.0.0.1 with a local fake upstream. */
class ServiceDnsServerTest {
  private FakeUpstreamDns upstream;
  private AtomicServiceDirectory directory;
  private ServiceDnsServer server;
  private InetSocketAddress address;

  @BeforeEach
  void start() throws IOException {
    upstream = new FakeUpstreamDns(Map.of("outside.example.", "192.0.2.80"), false);
    directory = new AtomicServiceDirectory(ServiceNameResolverTest.CATALOG);
    server =
        new ServiceDnsServer(
            new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
            directory,
            new UpstreamForwarder(List.of(upstream.address()), Duration.ofSeconds(2)),
            Duration.ofSeconds(2));
    address = server.start();
  }

  @AfterEach
  void stop() {
    server.close();
    upstream.close();
  }

  @Test
  void everyNameFormAnswersOverUdpAndTcp() throws IOException {
    for (boolean tcp : new boolean[] {false, true}) {
      assertThat(a("web.shop.banyan.", tcp)).containsExactlyInAnyOrder("10.210.0.2", "10.210.1.2");
      assertThat(a("db.shop.", tcp)).containsExactly("10.210.2.7");
      assertThat(a("db.", tcp)).containsExactly("10.210.2.7");
      assertThat(a("2.web.shop.banyan.", tcp)).containsExactly("10.210.1.2");
    }
    Message m = query("web.shop.banyan.", Type.A, false);
    assertThat(m.getSection(Section.ANSWER)).allMatch(r -> r.getTTL() == 2);
  }

  @Test
  void unknownBanyanNamesAreNxdomainWithAShortNegativeTtl() throws IOException {
    Message m = query("cache.shop.banyan.", Type.A, false);
    assertThat(m.getRcode()).isEqualTo(Rcode.NXDOMAIN);
    assertThat(m.getSection(Section.AUTHORITY)).hasSize(1);
    assertThat(query("web.shop.banyan.", Type.AAAA, false).getRcode()).isEqualTo(Rcode.NOERROR);
  }

  @Test
  void directoryChangesAreAnsweredAtOnce() throws IOException {
    assertThat(a("db.shop.banyan.", false)).containsExactly("10.210.2.7");
    directory.replace(
        new ServiceCatalog(
            Map.of(
                "shop",
                Map.of(
                    "db",
                    List.of(
                        replica("1", "10.210.2.7", false, Health.NONE),
                        replica("2", "10.210.4.9", true, Health.HEALTHY))))));
    assertThat(a("db.shop.banyan.", false)).containsExactly("10.210.4.9");
    directory.replace(ServiceCatalog.empty());
    assertThat(query("db.shop.banyan.", Type.A, false).getRcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void otherNamesAreForwardedUpstream() throws IOException {
    assertThat(a("outside.example.", false)).containsExactly("192.0.2.80");
    assertThat(a("outside.example.", true)).containsExactly("192.0.2.80");
    assertThat(query("missing.example.", Type.A, false).getRcode()).isEqualTo(Rcode.NXDOMAIN);
  }

  @Test
  void deadUpstreamGivesServfailNotAHang() throws IOException {
    try (FakeUpstreamDns dead = new FakeUpstreamDns(Map.of(), true);
        ServiceDnsServer s =
            new ServiceDnsServer(
                new InetSocketAddress(InetAddress.getLoopbackAddress(), 0),
                directory,
                new UpstreamForwarder(List.of(dead.address()), Duration.ofMillis(800)),
                Duration.ofSeconds(2))) {
      InetSocketAddress bound = s.start();
      SimpleResolver r = new SimpleResolver(bound);
      // A hang would make the client give up (an exception) instead of receiving SERVFAIL.
      r.setTimeout(Duration.ofSeconds(5));
      Message m =
          r.send(
              Message.newQuery(Record.newRecord(Name.fromString("x.example."), Type.A, DClass.IN)));
      assertThat(m.getRcode()).isEqualTo(Rcode.SERVFAIL);
    }
  }

  @Test
  void readsUpstreamsFromResolvConfSkippingItself(@TempDir Path dir) throws IOException {
    Path conf = dir.resolve("resolv.conf");
    Files.writeString(
        conf,
        """
        # generated
        search example
        nameserver 10.210.0.1
        nameserver 127.0.0.53
        nameserver 192.0.2.53
        options ndots:1
        """);
    List<InetSocketAddress> ups =
        UpstreamForwarder.readResolvConf(
            conf, new InetSocketAddress(InetAddress.getByName("10.210.0.1"), 53));
    assertThat(ups)
        .containsExactly(
            new InetSocketAddress(InetAddress.getByName("127.0.0.53"), 53),
            new InetSocketAddress(InetAddress.getByName("192.0.2.53"), 53));
  }

  private Message query(String name, int type, boolean tcp) throws IOException {
    SimpleResolver r = new SimpleResolver(address);
    r.setTCP(tcp);
    r.setTimeout(Duration.ofSeconds(5));
    return r.send(Message.newQuery(Record.newRecord(Name.fromString(name), type, DClass.IN)));
  }

  private Set<String> a(String name, boolean tcp) throws IOException {
    Message m = query(name, Type.A, tcp);
    assertThat(m.getRcode()).as(name).isEqualTo(Rcode.NOERROR);
    return m.getSection(Section.ANSWER).stream()
        .filter(ARecord.class::isInstance)
        .map(r -> ((ARecord) r).getAddress().getHostAddress())
        .collect(Collectors.toSet());
  }
}
