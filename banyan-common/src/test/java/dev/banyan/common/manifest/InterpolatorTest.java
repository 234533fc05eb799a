package dev.banyan.common.manifest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Compose interpolation rules, including the edge cases people trip over. */
class InterpolatorTest {
  private final Interpolator interpolator =
      new Interpolator(Map.of("SET", "value", "EMPTY", "", "PORT", "8080", "NESTED", "inner"));

  @ParameterizedTest(name = "[{0}] -> [{1}]")
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '\'',
      value = {
        "plain text | plain text",
        "$SET | value",
        "${SET} | value",
        "pre-${SET}-post | pre-value-post",
        "$SET$SET | valuevalue",
        "$SET.x | value.x",
        "${UNSET:-default} | default",
        "${EMPTY:-default} | default",
        "${EMPTY-default} | ''",
        "${UNSET-default} | default",
        "${SET:-default} | value",
        "${UNSET:-} | ''",
        "${SET:+alt} | alt",
        "${EMPTY:+alt} | ''",
        "${EMPTY+alt} | alt",
        "${UNSET+alt} | ''",
        "${UNSET:-${NESTED}} | inner",
        "${UNSET:-${ALSO_UNSET:-deep}} | deep",
        "${UNSET:-a b c} | a b c",
        "$$ | $",
        "$$SET | $SET",
        "$${SET} | ${SET}",
        "cost: $$5 | cost: $5",
        "${PORT}:80 | 8080:80",
        "${EMPTY:?never used} | ''",
        "${SET:?required} | value",
        "${SET?required} | value",
        "${EMPTY?only unset fails} | ''",
        "a$ | a$",
      })
  void interpolatesLikeCompose(String template, String expected) throws Exception {
    if (template.equals("a$")) {
      assertThatThrownBy(() -> interpolator.interpolate(template, n -> {}))
          .isInstanceOf(Interpolator.InterpolationException.class);
      return;
    }
    if (template.startsWith("${EMPTY:?")) {
      assertThatThrownBy(() -> interpolator.interpolate(template, n -> {}))
          .hasMessage(
              "required variable EMPTY is missing a value: never used; set EMPTY in the environment"
                  + " or in .env");
      return;
    }
    assertThat(interpolator.interpolate(template, n -> {})).isEqualTo(expected);
  }

  @Test
  void unsetVariablesBecomeEmptyAndAreReported() throws Exception {
    List<String> unset = new ArrayList<>();

    String out = interpolator.interpolate("a${MISSING}b$OTHER", unset::add);

    assertThat(out).isEqualTo("ab");
    assertThat(unset).containsExactly("MISSING", "OTHER");
  }

  @Test
  void requiredWithoutColonFailsOnlyWhenUnset() {
    assertThatThrownBy(() -> interpolator.interpolate("${NOPE?need it}", n -> {}))
        .hasMessage(
            "required variable NOPE is missing a value: need it; set NOPE in the environment or in .env");
    assertThatThrownBy(() -> interpolator.interpolate("${NOPE:?}", n -> {}))
        .hasMessage(
            "required variable NOPE is missing a value; set NOPE in the environment or in .env");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {"$5", "${", "${SET", "${}", "${1X}", "${SET x}", "${SET:}", "$ alone", "${SET%%x}"})
  void rejectsMalformedTemplates(String template) {
    assertThatThrownBy(() -> interpolator.interpolate(template, n -> {}))
        .isInstanceOf(Interpolator.InterpolationException.class)
        .hasMessageContaining("is not a valid interpolation; use $VAR or ${VAR[:-default]}");
  }
}
