package dev.banyan.cli.support;

import dev.banyan.common.cli.ExitCodes;
import dev.banyan.common.cli.UserError;

/**
 * What {@code banyan-cli logs} reads: {@code NAME}, {@code NAME/SERVICE} or {@code
 * NAME/SERVICE/REPLICA}.
 */
public record LogTarget(String deployment, String service, int replica) {
  public static LogTarget parse(String text) {
    String[] parts = text.split("/", -1);
    if (parts.length > 3 || parts[0].isBlank() || (parts.length > 1 && parts[1].isBlank())) {
      throw bad(text);
    }
    int replica = 0;
    if (parts.length == 3) {
      try {
        replica = Integer.parseInt(parts[2]);
      } catch (NumberFormatException e) {
        throw bad(text);
      }
      if (replica < 1) {
        throw bad(text);
      }
    }
    return new LogTarget(parts[0], parts.length > 1 ? parts[1] : "", replica);
  }

  private static UserError bad(String text) {
    return new UserError(
        "\""
            + text
            + "\" is not a log target; expected NAME, NAME/SERVICE or NAME/SERVICE/REPLICA (replica"
            + " from 1), e.g. shop/web/2.",
        ExitCodes.BAD_USAGE);
  }
}
