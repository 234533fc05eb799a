package dev.banyan.common.manifest;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Random mutations of valid manifests (deleted lines, swapped scalar types, junk, shifted
 * indentation, changed values) give a result or a clean {@link ManifestException}, never another
 * exception.
 */
class ManifestFuzzTest {
  private static final List<String> FIXTURES = loadFixtures();
  private static final List<String> JUNK =
      List.of(
          "[",
          "]",
          "{",
          "}",
          ":",
          "- ",
          "&a",
          "*a",
          "*nope",
          "<<: *a",
          "!!binary",
          "\t",
          "'",
          "\"",
          "${",
          "$$",
          "${X:?}",
          "~",
          "null",
          "0x1F",
          "-1",
          "99999999999999999999",
          "1e400",
          ".inf",
          "true",
          "[]",
          "{}",
          "? ",
          "|",
          ">",
          "#",
          "%YAML 1.2",
          "---",
          "...",
          "\u0000",
          "é",
          "80:80:80",
          "/x:/y:rw:ro",
          "1m30",
          "4gb");

  private static List<String> loadFixtures() {
    try {
      Path dir = Path.of(ManifestFuzzTest.class.getResource("/manifests/valid").toURI());
      try (Stream<Path> files = Files.list(dir)) {
        List<String> out = new ArrayList<>();
        for (Path p : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
          out.add(Files.readString(p));
        }
        return out;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** One edit applied to one line of a manifest. */
  record Mutation(int kind, int line, int junk, int amount) {}

  @Provide
  Arbitrary<String> mutated() {
    Arbitrary<Mutation> mutation =
        Combinators.combine(
                Arbitraries.integers().between(0, 7),
                Arbitraries.integers().between(0, 10_000),
                Arbitraries.integers().between(0, JUNK.size() - 1),
                Arbitraries.integers().between(-4, 4))
            .as(Mutation::new);
    return Combinators.combine(
            Arbitraries.integers().between(0, FIXTURES.size() - 1),
            mutation.list().ofMinSize(1).ofMaxSize(6))
        .as((fixture, edits) -> apply(FIXTURES.get(fixture), edits));
  }

  private static String apply(String text, List<Mutation> edits) {
    List<String> lines = new ArrayList<>(List.of(text.split("\n", -1)));
    for (Mutation m : edits) {
      int i = m.line() % lines.size();
      String line = lines.get(i);
      String junk = java.util.regex.Matcher.quoteReplacement(JUNK.get(m.junk()));
      switch (m.kind()) {
        case 0 -> lines.remove(i); // delete a key
        case 1 -> lines.set(i, line.replaceFirst(":\\s+\\S.*$", ": " + junk)); // swap a value
        case 2 -> lines.add(i, line.replaceAll("\\S.*", "") + JUNK.get(m.junk())); // insert junk
        case 3 -> { // change indentation
          if (m.amount() > 0) {
            lines.set(i, " ".repeat(m.amount()) + line);
          } else {
            lines.set(
                i,
                line.substring(
                    Math.min(-m.amount(), line.length() - line.stripLeading().length())));
          }
        }
        case 4 ->
            lines.set(
                i,
                line.replaceFirst(
                    ":\\s+\\S.*$",
                    ":\n" + line.replaceAll("\\S.*", "") + "  - " + junk)); // scalar -> list
        case 5 -> lines.set(i, line.replaceFirst("- ", "")); // list item -> scalar
        case 6 -> lines.set(i, line + JUNK.get(m.junk())); // append junk
        default ->
            lines.set(
                i, line.replaceAll("\\d", String.valueOf(Math.abs(m.amount())))); // change numbers
      }
      if (lines.isEmpty()) {
        lines.add("");
      }
    }
    return String.join("\n", lines);
  }

  @Property(tries = 1500)
  void mutatedManifestsFailOnlyWithManifestException(@ForAll("mutated") String yaml) {
    try {
      DeploymentCompiler.compile(yaml, "banyan.yaml", "fuzz", Map.of());
    } catch (ManifestException expected) {
      // a clean, located report is the only acceptable failure
    }
    ManifestPipeline.run(
        yaml,
        "banyan.yaml",
        Optional.of(new Interpolator(Map.of("X", "1"))),
        ReadContext.forCompile(Map.of()),
        Optional.of(java.util.Set.of()));
  }
}
