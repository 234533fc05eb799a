package dev.banyan.vpc.dns;

import java.net.Inet4Address;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Flags;
import org.xbill.DNS.Message;
import org.xbill.DNS.Name;
import org.xbill.DNS.OPTRecord;
import org.xbill.DNS.Rcode;
import org.xbill.DNS.Record;
import org.xbill.DNS.SOARecord;
import org.xbill.DNS.Section;
import org.xbill.DNS.TextParseException;
import org.xbill.DNS.Type;

/** Turns one DNS query into its response: local answers, NXDOMAIN, or the upstream's answer. */
final class DnsResponder {
  private static final Logger log = LoggerFactory.getLogger(DnsResponder.class);

  private final ServiceDirectory directory;
  private final UpstreamForwarder forwarder;
  private final long ttlSeconds;
  private final Name zone;
  private final SOARecord soa;

  DnsResponder(ServiceDirectory directory, UpstreamForwarder forwarder, Duration ttl) {
    this.directory = directory;
    this.forwarder = forwarder;
    this.ttlSeconds = Math.max(0, ttl.toSeconds());
    try {
      this.zone = Name.fromString(ServiceNameResolver.ZONE + ".");
      // The SOA's minimum is the negative-caching TTL: an NXDOMAIN is not cached longer either.
      this.soa =
          new SOARecord(
              zone,
              DClass.IN,
              ttlSeconds,
              Name.fromString("ns." + ServiceNameResolver.ZONE + "."),
              Name.fromString("hostmaster." + ServiceNameResolver.ZONE + "."),
              1,
              60,
              60,
              60,
              ttlSeconds);
    } catch (TextParseException e) {
      throw new AssertionError("constant names parse", e);
    }
  }

  /** The largest UDP response the client accepts: 512, or its EDNS buffer size. */
  static int maxUdpSize(Message query) {
    OPTRecord opt = query.getOPT();
    return opt == null ? 512 : Math.max(512, opt.getPayloadSize());
  }

  CompletableFuture<Message> respond(Message query, Optional<Inet4Address> client) {
    Record question = query.getQuestion();
    if (question == null || query.getHeader().getOpcode() != 0) {
      return CompletableFuture.completedFuture(error(query, Rcode.NOTIMP));
    }
    NameAnswer answer =
        ServiceNameResolver.resolve(directory.current(), question.getName().toString(), client);
    if (answer instanceof NameAnswer.Forward) {
      return forwarder
          .forward(query)
          .thenApply(
              upstream -> {
                upstream.getHeader().setID(query.getHeader().getID());
                return upstream;
              })
          .exceptionally(
              failure -> {
                log.debug("forwarding {} failed: {}", question.getName(), failure.toString());
                return error(query, Rcode.SERVFAIL);
              });
    }
    Message response = reply(query);
    response.getHeader().setFlag(Flags.AA);
    if (answer instanceof NameAnswer.NxDomain) {
      response.getHeader().setRcode(Rcode.NXDOMAIN);
      response.addRecord(soa, Section.AUTHORITY);
    } else if (answer instanceof NameAnswer.Addresses addresses) {
      int type = question.getType();
      if (type == Type.A || type == Type.ANY) {
        List<Inet4Address> shuffled = new ArrayList<>(addresses.addresses());
        Collections.shuffle(shuffled); // spread clients that take the first address
        for (Inet4Address a : shuffled) {
          response.addRecord(
              new ARecord(question.getName(), DClass.IN, ttlSeconds, a), Section.ANSWER);
        }
      }
      if (response.getSection(Section.ANSWER).isEmpty() && question.getName().subdomain(zone)) {
        response.addRecord(soa, Section.AUTHORITY); // NODATA, cached no longer than the TTL
      }
    }
    return CompletableFuture.completedFuture(response);
  }

  private static Message reply(Message query) {
    Message response = new Message(query.getHeader().getID());
    response.getHeader().setFlag(Flags.QR);
    response.getHeader().setFlag(Flags.RA);
    if (query.getHeader().getFlag(Flags.RD)) {
      response.getHeader().setFlag(Flags.RD);
    }
    if (query.getQuestion() != null) {
      response.addRecord(query.getQuestion(), Section.QUESTION);
    }
    return response;
  }

  private static Message error(Message query, int rcode) {
    Message response = reply(query);
    response.getHeader().setRcode(rcode);
    return response;
  }
}
