package dev.banyan.agent.mesh;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.Test;

class HttpStreamParserTest {
  private final List<String> requests = new ArrayList<>();
  private final List<Integer> responses = new ArrayList<>();
  private final Deque<String> pending = new ArrayDeque<>();

  private final HttpStreamParser requestSide =
      new HttpStreamParser(
          HttpStreamParser.Direction.REQUESTS,
          () -> "",
          new HttpStreamParser.Listener() {
            @Override
            public void onRequest(String method) {
              requests.add(method);
              pending.add(method);
            }
          });
  private final HttpStreamParser responseSide =
      new HttpStreamParser(
          HttpStreamParser.Direction.RESPONSES,
          () -> pending.isEmpty() ? "" : pending.peek(),
          new HttpStreamParser.Listener() {
            @Override
            public void onResponse(int status) {
              pending.poll();
              responses.add(status);
            }
          });

  private static void feedInPieces(HttpStreamParser p, String text, int piece) {
    byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
    for (int i = 0; i < b.length; i += piece) {
      p.feed(b, i, Math.min(piece, b.length - i));
    }
  }

  @Test
  void statusClasses() {
    assertThat(HttpDetector.statusClass(200)).isEqualTo("2xx");
    assertThat(HttpDetector.statusClass(404)).isEqualTo("4xx");
    assertThat(HttpDetector.statusClass(503)).isEqualTo("5xx");
    assertThat(HttpDetector.statusClass(302)).isEqualTo("3xx");
    assertThatThrownBy(() -> HttpDetector.statusClass(99))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(HttpDetector.responseStatus("HTTP/1.1 404 Not Found")).hasValue(404);
    assertThat(HttpDetector.responseStatus("HTTP/1.0 200 OK")).hasValue(200);
    assertThat(HttpDetector.responseStatus("SSH-2.0-OpenSSH")).isEmpty();
  }

  @Test
  void detectsRequestLinesFromTheFirstBytes() {
    byte[] get = "GET / HTTP/1.1\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] ssh = "SSH-2.0-x\r\n".getBytes(StandardCharsets.US_ASCII);
    byte[] redis = "*1\r\n$4\r\nPING\r\n".getBytes(StandardCharsets.US_ASCII);
    assertThat(HttpDetector.looksLikeRequest(get, 4)).isTrue();
    assertThat(HttpDetector.looksLikeRequest(ssh, ssh.length)).isFalse();
    assertThat(HttpDetector.looksLikeRequest(redis, redis.length)).isFalse();
  }

  @Test
  void countsEveryRequestAndResponseOnAKeepAliveConnection() {
    String in =
        "GET /a HTTP/1.1\r\nHost: x\r\n\r\n"
            + "POST /b HTTP/1.1\r\nContent-Length: 11\r\n\r\nhello world"
            + "PUT /c HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n0\r\n\r\n"
            + "HEAD /d HTTP/1.1\r\n\r\n";
    String out =
        "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nHTTP/"
            + "HTTP/1.1 100 Continue\r\n\r\n"
            + "HTTP/1.1 404 Not Found\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nnot\r\n0\r\n\r\n"
            + "HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n"
            + "HTTP/1.1 200 OK\r\nContent-Length: 1234\r\n\r\n";
    for (int piece : new int[] {1, 7, 4096}) {
      requests.clear();
      responses.clear();
      pending.clear();
      HttpStreamParser req = newRequests();
      HttpStreamParser resp = newResponses();
      feedInPieces(req, in, piece);
      feedInPieces(resp, out, piece);
      assertThat(requests).as("piece " + piece).containsExactly("GET", "POST", "PUT", "HEAD");
      // The body "HTTP/" of the first response is not a status line; HEAD's answer has no body.
      assertThat(responses).as("piece " + piece).containsExactly(200, 404, 500, 200);
      assertThat(resp.opaque()).isFalse();
    }
  }

  @Test
  void aResponseWithoutLengthRunsUntilClose() {
    pending.add("GET");
    feedInPieces(responseSide, "HTTP/1.0 200 OK\r\n\r\nHTTP/1.1 500 x\r\n\r\n", 3);
    assertThat(responses).containsExactly(200);
    assertThat(responseSide.opaque()).isTrue();
  }

  @Test
  void somethingElseStopsTheParser() {
    feedInPieces(requestSide, "\u0016\u0003\u0001 binary\r\n", 5);
    assertThat(requests).isEmpty();
    assertThat(requestSide.opaque()).isTrue();
  }

  private HttpStreamParser newRequests() {
    return new HttpStreamParser(
        HttpStreamParser.Direction.REQUESTS,
        () -> "",
        new HttpStreamParser.Listener() {
          @Override
          public void onRequest(String method) {
            requests.add(method);
            pending.add(method);
          }
        });
  }

  private HttpStreamParser newResponses() {
    return new HttpStreamParser(
        HttpStreamParser.Direction.RESPONSES,
        () -> pending.isEmpty() ? "" : pending.peek(),
        new HttpStreamParser.Listener() {
          @Override
          public void onResponse(int status) {
            pending.poll();
            responses.add(status);
          }
        });
  }
}
