package dev.banyan.agent.mesh;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.OptionalInt;
import java.util.Set;

/** Recognises HTTP/1.x on the wire and classifies response statuses. */
public final class HttpDetector {
  private static final Set<String> METHODS =
      Set.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT");

  private HttpDetector() {}

  /**
   * Whether the first bytes a client sent look like an HTTP/1.x request line: a known method
   * followed by a space. Only the start is needed, so this works on the first read.
   */
  public static boolean looksLikeRequest(byte[] buf, int len) {
    int n = Math.min(len, 8);
    String head = new String(buf, 0, n, StandardCharsets.ISO_8859_1);
    int space = head.indexOf(' ');
    return space > 0 && METHODS.contains(head.substring(0, space));
  }

  /** The method of a request line such as {@code GET / HTTP/1.1}; empty when it is not one. */
  public static String requestMethod(String line) {
    String[] f = line.split(" ", -1);
    if (f.length == 3 && f[2].startsWith("HTTP/1.") && METHODS.contains(f[0])) {
      return f[0];
    }
    return "";
  }

  /** The status code of a status line such as {@code HTTP/1.1 404 Not Found}. */
  public static OptionalInt responseStatus(String line) {
    if (!line.startsWith("HTTP/1.") || line.length() < 12 || line.charAt(8) != ' ') {
      return OptionalInt.empty();
    }
    try {
      int code = Integer.parseInt(line.substring(9, 12));
      return code >= 100 && code <= 599 ? OptionalInt.of(code) : OptionalInt.empty();
    } catch (NumberFormatException e) {
      return OptionalInt.empty();
    }
  }

  /** The status class label of a code: {@code 2xx}, {@code 4xx}... */
  public static String statusClass(int code) {
    if (code < 100 || code > 599) {
      throw new IllegalArgumentException("not an HTTP status: " + code);
    }
    return (code / 100) + "xx";
  }

  /** Whether a header line names {@code header} (case-insensitive), e.g. Content-Length. */
  static boolean isHeader(String line, String header) {
    return line.length() > header.length()
        && line.charAt(header.length()) == ':'
        && line.substring(0, header.length()).toLowerCase(Locale.ROOT).equals(header);
  }
}
