package dev.banyan.common.manifest;

import dev.banyan.common.manifest.Diagnostic.Severity;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects errors and warnings while a manifest is read, so a user sees all of them at once. */
final class Diagnostics {
  private static final Comparator<Diagnostic> BY_POSITION =
      Comparator.comparingInt(Diagnostic::line).thenComparingInt(Diagnostic::column);

  private final String file;
  private final List<Diagnostic> items = new ArrayList<>();

  Diagnostics(String file) {
    this.file = file;
  }

  String file() {
    return file;
  }

  void error(YNode at, String path, String problem, String fix) {
    add(Severity.ERROR, at.line(), at.column(), path, problem, fix);
  }

  void warning(YNode at, String path, String problem, String fix) {
    add(Severity.WARNING, at.line(), at.column(), path, problem, fix);
  }

  void add(Severity severity, int line, int column, String path, String problem, String fix) {
    Diagnostic d = new Diagnostic(severity, file, line, column, path, problem, fix);
    if (!items.contains(d)) { // an aliased node read twice reports once
      items.add(d);
    }
  }

  boolean hasErrors() {
    return items.stream().anyMatch(d -> d.severity() == Severity.ERROR);
  }

  List<String> errors() {
    return lines(Severity.ERROR);
  }

  List<String> warnings() {
    return lines(Severity.WARNING);
  }

  private List<String> lines(Severity severity) {
    return items.stream()
        .filter(d -> d.severity() == severity)
        .sorted(BY_POSITION)
        .map(Diagnostic::format)
        .toList();
  }

  /** Throws a {@link ManifestException} holding every error, if there is any. */
  void throwIfErrors() {
    if (hasErrors()) {
      throw new ManifestException(errors(), warnings());
    }
  }
}
