package dev.banyan.vpc.ipam;

import dev.banyan.common.cli.UserError;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An IPv4 network such as {@code 10.210.0.0/16}: a network address whose host bits are zero and a
 * prefix length. Immutable; {@link #toString()} gives the canonical text form.
 */
public record Cidr(int network, int prefixLength) implements Comparable<Cidr> {

  private static final Pattern FORM =
      Pattern.compile("(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})");

  public Cidr {
    if (prefixLength < 0 || prefixLength > 32) {
      throw new IllegalArgumentException("prefix length must be 0..32, got " + prefixLength);
    }
    if ((network & ~mask(prefixLength)) != 0) {
      throw new IllegalArgumentException(
          "host bits set in " + formatAddress(network) + "/" + prefixLength);
    }
  }

  /**
   * Parses {@code a.b.c.d/n}; throws a {@link UserError} whose message says what is wrong and what
   * to write instead.
   */
  public static Cidr parse(String text) {
    String trimmed = text.strip();
    Matcher m = FORM.matcher(trimmed);
    if (!m.matches()) {
      throw new UserError(
          "'" + text + "' is not an IPv4 CIDR; write it as ADDRESS/PREFIX, e.g. 10.210.0.0/16");
    }
    int address = 0;
    for (int i = 1; i <= 4; i++) {
      int octet = Integer.parseInt(m.group(i));
      if (octet > 255) {
        throw new UserError(
            "'"
                + text
                + "' is not an IPv4 CIDR: octet "
                + octet
                + " is above 255; e.g. 10.210.0.0/16");
      }
      address = (address << 8) | octet;
    }
    int prefix = Integer.parseInt(m.group(5));
    if (prefix > 32) {
      throw new UserError(
          "'" + text + "' has prefix length " + prefix + "; an IPv4 prefix length is 0 to 32");
    }
    int network = address & mask(prefix);
    if (network != address) {
      throw new UserError(
          "'"
              + text
              + "' has host bits set; did you mean "
              + formatAddress(network)
              + "/"
              + prefix
              + "?");
    }
    return new Cidr(network, prefix);
  }

  /** The network of the given prefix length that contains {@code address}. */
  public static Cidr of(Inet4Address address, int prefixLength) {
    int a = toInt(address);
    return new Cidr(a & mask(prefixLength), prefixLength);
  }

  /** Number of addresses in this network (2^(32-prefix)), as a long so /0 fits. */
  public long size() {
    return 1L << (32 - prefixLength);
  }

  /** The network address. */
  public Inet4Address networkAddress() {
    return toInet(network);
  }

  /** The last address of the network (broadcast for prefixes up to /30). */
  public Inet4Address broadcastAddress() {
    return toInet(lastInt());
  }

  /** The gateway a bridge on this subnet uses: the first host address (e.g. 10.210.3.1). */
  public Inet4Address gateway() {
    requireHosts();
    return toInet(network + 1);
  }

  /** The address {@code offset} places after the network address; 0 is the network itself. */
  public Inet4Address address(long offset) {
    if (offset < 0 || offset >= size()) {
      throw new IllegalArgumentException("offset " + offset + " outside " + this);
    }
    return toInet((int) (network + offset));
  }

  /** Whether {@code address} lies inside this network. */
  public boolean contains(Inet4Address address) {
    return (toInt(address) & mask(prefixLength)) == network;
  }

  /** Whether {@code other} lies entirely inside this network. */
  public boolean contains(Cidr other) {
    return other.prefixLength >= prefixLength && (other.network & mask(prefixLength)) == network;
  }

  /** Whether the two networks share at least one address. */
  public boolean overlaps(Cidr other) {
    return contains(other) || other.contains(this);
  }

  /** How many subnets of length {@code subnetPrefix} this network holds. */
  public long subnetCount(int subnetPrefix) {
    checkSubnetPrefix(subnetPrefix);
    return 1L << (subnetPrefix - prefixLength);
  }

  /** The {@code index}-th subnet (from 0) of length {@code subnetPrefix} inside this network. */
  public Cidr subnet(long index, int subnetPrefix) {
    long count = subnetCount(subnetPrefix);
    if (index < 0 || index >= count) {
      throw new IllegalArgumentException(
          "subnet index " + index + " outside 0.." + (count - 1) + " of " + this);
    }
    long step = 1L << (32 - subnetPrefix);
    return new Cidr((int) (network + index * step), subnetPrefix);
  }

  /**
   * The usable host addresses in order: everything but the network and broadcast address (for /31
   * and /32, every address).
   */
  public List<Inet4Address> hosts() {
    List<Inet4Address> hosts = new ArrayList<>();
    if (prefixLength >= 31) {
      for (long i = 0; i < size(); i++) {
        hosts.add(address(i));
      }
      return hosts;
    }
    for (long i = 1; i < size() - 1; i++) {
      hosts.add(address(i));
    }
    return hosts;
  }

  @Override
  public int compareTo(Cidr o) {
    int c = Integer.compareUnsigned(network, o.network);
    return c != 0 ? c : Integer.compare(prefixLength, o.prefixLength);
  }

  @Override
  public String toString() {
    return formatAddress(network) + "/" + prefixLength;
  }

  private void checkSubnetPrefix(int subnetPrefix) {
    if (subnetPrefix < prefixLength || subnetPrefix > 32) {
      throw new IllegalArgumentException(
          "subnet prefix /" + subnetPrefix + " must be between /" + prefixLength + " and /32");
    }
  }

  private void requireHosts() {
    if (prefixLength > 30) {
      throw new IllegalStateException(this + " is too small to hold a gateway and hosts");
    }
  }

  private int lastInt() {
    return network | ~mask(prefixLength);
  }

  static int mask(int prefixLength) {
    return prefixLength == 0 ? 0 : -1 << (32 - prefixLength);
  }

  /** The address as an unsigned 32-bit value held in an int. */
  public static int toInt(Inet4Address address) {
    byte[] b = address.getAddress();
    return ((b[0] & 0xff) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
  }

  /** The address whose 32 bits are {@code value}. */
  public static Inet4Address toInet(int value) {
    byte[] b = {(byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value};
    try {
      return (Inet4Address) InetAddress.getByAddress(b);
    } catch (UnknownHostException e) {
      throw new AssertionError("four bytes are always a valid IPv4 address", e);
    }
  }

  /**
   * Parses a dotted-quad IPv4 literal without any name lookup; throws {@link UserError} otherwise.
   */
  public static Inet4Address parseAddress(String text) {
    Cidr single = parse(text.strip() + "/32");
    return single.networkAddress();
  }

  private static String formatAddress(int a) {
    return (a >>> 24) + "." + ((a >>> 16) & 0xff) + "." + ((a >>> 8) & 0xff) + "." + (a & 0xff);
  }
}
