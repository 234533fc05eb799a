package dev.banyan.vpc.dns;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Message;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;

/**
 * Sends queries for non-Banyan names to the host's resolvers and gives up after a deadline, so a
 * dead upstream turns into SERVFAIL instead of a hanging client.
 */
public final class UpstreamForwarder {
  private static final Logger log = LoggerFactory.getLogger(UpstreamForwarder.class);

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");

  private final List<InetSocketAddress> upstreams;
  private final Duration timeout;
  private final Resolver resolver;

  /**
   * @param upstreams resolvers to ask, in order of preference; may be empty (everything fails)
   * @param timeout the whole budget of one forwarded query, retries included
   */
  public UpstreamForwarder(List<InetSocketAddress> upstreams, Duration timeout) {
    this.upstreams = List.copyOf(upstreams);
    this.timeout = timeout;
    List<Resolver> resolvers = new ArrayList<>();
    for (InetSocketAddress upstream : this.upstreams) {
      SimpleResolver r = new SimpleResolver(upstream);
      r.setTimeout(timeout);
      resolvers.add(r);
    }
    ExtendedResolver extended = new ExtendedResolver(resolvers);
    extended.setTimeout(timeout.dividedBy(Math.max(1, resolvers.size())));
    extended.setRetries(1);
    this.resolver = extended;
  }

  /**
   * The upstreams of {@code resolvConf} ({@code nameserver} lines, port 53), leaving out the
   * server's own listening address so that forwarding never loops back into it. A loopback stub
   * such as systemd-resolved's 127.0.0.53 is kept: the agent runs in the host's network namespace
   * and reaches it; only containers could not, which is why they are given this server instead.
   */
  public static List<InetSocketAddress> readResolvConf(Path resolvConf, InetSocketAddress self) {
    List<String> lines;
    try {
      lines = Files.readAllLines(resolvConf);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resolvConf, e);
    }
    List<InetSocketAddress> result = new ArrayList<>();
    for (String line : lines) {
      String[] words = WHITESPACE.split(line.strip(), -1);
      if (words.length < 2 || !words[0].equals("nameserver")) {
        continue;
      }
      InetAddress address;
      try {
        address = InetAddress.getByName(words[1].replaceFirst("%.*$", "")); // a literal: no lookup
      } catch (UnknownHostException e) {
        log.warn("ignoring unparsable nameserver '{}' in {}", words[1], resolvConf);
        continue;
      }
      InetSocketAddress upstream = new InetSocketAddress(address, 53);
      if (isSelf(upstream, self)) {
        log.info("not forwarding to {}: that is this DNS server", upstream);
        continue;
      }
      result.add(upstream);
    }
    return result;
  }

  private static boolean isSelf(InetSocketAddress upstream, InetSocketAddress self) {
    if (upstream.getPort() != self.getPort()) {
      return false;
    }
    if (upstream.getAddress().equals(self.getAddress())) {
      return true;
    }
    if (!self.getAddress().isAnyLocalAddress()) {
      return false;
    }
    try {
      return upstream.getAddress().isLoopbackAddress()
          || NetworkInterface.getByInetAddress(upstream.getAddress()) != null;
    } catch (SocketException e) {
      return false;
    }
  }

  /** The resolvers this forwarder asks. */
  public List<InetSocketAddress> upstreams() {
    return upstreams;
  }

  /**
   * Forwards {@code query}; completes exceptionally when no upstream answered within the budget.
   */
  public CompletableFuture<Message> forward(Message query) {
    if (upstreams.isEmpty()) {
      return CompletableFuture.failedFuture(
          new IOException("no upstream resolvers (none usable in /etc/resolv.conf)"));
    }
    return resolver
        .sendAsync(query.clone())
        .toCompletableFuture()
        .orTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }
}
