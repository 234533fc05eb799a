package dev.banyan.common.manifest;

import dev.banyan.common.cli.UserError;
import java.util.List;

/** A manifest that is not valid; each error is one line {@code file:line:column key: problem}. */
public final class ManifestException extends UserError {
  private static final long serialVersionUID = 1L;
  private final List<String> errors;

  public ManifestException(List<String> errors) {
    super(summary(errors));
    this.errors = List.copyOf(errors);
  }

  public List<String> errors() {
    return errors;
  }

  private static String summary(List<String> errors) {
    return errors.size() == 1 ? errors.get(0) : String.join("\n", errors);
  }
}
