package dev.banyan.common.manifest;

import dev.banyan.common.cli.UserError;
import java.util.List;

/**
 * A manifest that is not valid; each error is one line {@code file:line:column key: problem; fix}.
 * It also carries the warnings found on the way, so a tool can show everything at once.
 */
public final class ManifestException extends UserError {
  private static final long serialVersionUID = 1L;
  private final List<String> errors;
  private final List<String> warnings;

  public ManifestException(List<String> errors) {
    this(errors, List.of());
  }

  public ManifestException(List<String> errors, List<String> warnings) {
    super(summary(errors));
    this.errors = List.copyOf(errors);
    this.warnings = List.copyOf(warnings);
  }

  public List<String> errors() {
    return errors;
  }

  public List<String> warnings() {
    return warnings;
  }

  private static String summary(List<String> errors) {
    return errors.size() == 1 ? errors.get(0) : String.join("\n", errors);
  }
}
