package dev.banyan.cli.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.banyan.common.cli.UserError;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class ArgumentParsingTest {
  private final Clock clock = Clock.fixed(Instant.parse("2026-12-04T12:00:00Z"), ZoneOffset.UTC);

  @Test
  void hostPortParsesAndRejects() {
    assertThat(HostPort.parse("127.0.0.1:7070", "--engine"))
        .isEqualTo(new HostPort("127.0.0.1", 7070));
    assertThat(HostPort.parse("[::1]:80", "--engine")).isEqualTo(new HostPort("::1", 80));
    for (String bad : new String[] {"foo", ":80", "host:", "host:0", "host:70000", "host:x"}) {
      assertThatThrownBy(() -> HostPort.parse(bad, "--engine"))
          .isInstanceOf(UserError.class)
          .hasMessage(
              "--engine \""
                  + bad
                  + "\" is not an address; expected HOST:PORT such as 127.0.0.1:7070.");
    }
  }

  @Test
  void logTargetForms() {
    assertThat(LogTarget.parse("shop")).isEqualTo(new LogTarget("shop", "", 0));
    assertThat(LogTarget.parse("shop/web")).isEqualTo(new LogTarget("shop", "web", 0));
    assertThat(LogTarget.parse("shop/web/2")).isEqualTo(new LogTarget("shop", "web", 2));
    for (String bad : new String[] {"", "/web", "shop//1", "shop/web/0", "shop/web/x", "a/b/1/2"}) {
      assertThatThrownBy(() -> LogTarget.parse(bad))
          .isInstanceOf(UserError.class)
          .hasMessageContaining("is not a log target");
    }
  }

  @Test
  void sinceAcceptsDurationsAndTimes() {
    assertThat(Since.parse("10m", clock)).isEqualTo(Instant.parse("2026-12-04T11:50:00Z"));
    assertThat(Since.parse("1h30m", clock)).isEqualTo(Instant.parse("2026-12-04T10:30:00Z"));
    assertThat(Since.parse("45s", clock)).isEqualTo(Instant.parse("2026-12-04T11:59:15Z"));
    assertThat(Since.parse("2026-12-04T10:00:00Z", clock))
        .isEqualTo(Instant.parse("2026-12-04T10:00:00Z"));
    assertThatThrownBy(() -> Since.parse("yesterday", clock))
        .hasMessageContaining("is neither a duration nor a time");
  }

  @Test
  void tableAlignsColumns() {
    StringWriter text = new StringWriter();
    new Table("NAME", "STATE")
        .row("web", "RUNNING")
        .row("database", "PENDING")
        .print(new PrintWriter(text));
    assertThat(text.toString())
        .isEqualTo("NAME       STATE\nweb        RUNNING\ndatabase   PENDING\n");
  }
}
