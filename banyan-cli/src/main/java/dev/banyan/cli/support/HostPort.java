package dev.banyan.cli.support;

import dev.banyan.common.cli.ExitCodes;
import dev.banyan.common.cli.UserError;

/** A parsed {@code HOST:PORT}, with an error naming the flag when it is malformed. */
public record HostPort(String host, int port) {
  /** Parses {@code text}; {@code flag} names where it came from in the error message. */
  public static HostPort parse(String text, String flag) {
    int colon = text.lastIndexOf(':');
    if (colon <= 0 || colon == text.length() - 1) {
      throw bad(text, flag);
    }
    String host = text.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    try {
      int port = Integer.parseInt(text.substring(colon + 1));
      if (port < 1 || port > 65535) {
        throw bad(text, flag);
      }
      return new HostPort(host, port);
    } catch (NumberFormatException e) {
      throw bad(text, flag);
    }
  }

  private static UserError bad(String text, String flag) {
    return new UserError(
        flag + " \"" + text + "\" is not an address; expected HOST:PORT such as 127.0.0.1:7070.",
        ExitCodes.BAD_USAGE);
  }
}
