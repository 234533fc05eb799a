package dev.banyan.agent.mesh;

import java.util.Locale;
import java.util.OptionalInt;
import java.util.function.Supplier;

/**
 * Follows one direction of an HTTP/1.x connection as bytes pass through the proxy, finding where
 * each message starts (keep-alive connections carry many). It never changes the bytes. Anything it
 * cannot follow (oversized headers, a protocol upgrade, malformed framing) makes it stop parsing;
 * the bytes still flow.
 */
final class HttpStreamParser {
  /** What the parser reports. */
  interface Listener {
    /** A request line was read. */
    default void onRequest(String method) {}

    /** The headers of a final (non-1xx) response were read. */
    default void onResponse(int status) {}
  }

  enum Direction {
    REQUESTS,
    RESPONSES
  }

  private enum State {
    START_LINE,
    HEADERS,
    BODY,
    CHUNK_SIZE,
    CHUNK_DATA,
    CHUNK_END,
    TRAILERS,
    UNTIL_CLOSE,
    OPAQUE
  }

  private static final int MAX_LINE = 16 * 1024;
  private static final int MAX_HEADER_LINES = 200;

  private final Direction direction;
  private final Supplier<String> pendingMethod;
  private final Listener listener;
  private final StringBuilder line = new StringBuilder();
  private State state = State.START_LINE;
  private long remaining;
  private long contentLength;
  private boolean chunked;
  private int status;
  private int headerLines;
  private String method = "";

  /** {@code pendingMethod}: for responses, the method of the oldest unanswered request. */
  HttpStreamParser(Direction direction, Supplier<String> pendingMethod, Listener listener) {
    this.direction = direction;
    this.pendingMethod = pendingMethod;
    this.listener = listener;
  }

  /** Whether it gave up following the stream. */
  boolean opaque() {
    return state == State.OPAQUE || state == State.UNTIL_CLOSE;
  }

  void feed(byte[] buf, int off, int len) {
    int i = off;
    int end = off + len;
    while (i < end && !opaque()) {
      if (state == State.BODY || state == State.CHUNK_DATA) {
        int n = (int) Math.min(remaining, end - i);
        i += n;
        remaining -= n;
        if (remaining == 0) {
          state = state == State.BODY ? State.START_LINE : State.CHUNK_END;
        }
        continue;
      }
      byte c = buf[i++];
      if (c == '\n') {
        int n = line.length();
        String l = n > 0 && line.charAt(n - 1) == '\r' ? line.substring(0, n - 1) : line.toString();
        line.setLength(0);
        onLine(l);
      } else {
        line.append((char) (c & 0xff));
        if (line.length() > MAX_LINE) {
          state = State.OPAQUE;
        }
      }
    }
  }

  private void onLine(String l) {
    switch (state) {
      case START_LINE -> startLine(l);
      case HEADERS -> header(l);
      case CHUNK_SIZE -> chunkSize(l);
      case CHUNK_END -> state = l.isEmpty() ? State.CHUNK_SIZE : State.OPAQUE;
      case TRAILERS -> {
        if (l.isEmpty()) {
          state = State.START_LINE;
        }
      }
      default -> state = State.OPAQUE;
    }
  }

  private void startLine(String l) {
    if (l.isEmpty()) {
      return; // stray CRLF between messages is allowed
    }
    contentLength = -1;
    chunked = false;
    headerLines = 0;
    if (direction == Direction.REQUESTS) {
      method = HttpDetector.requestMethod(l);
      if (method.isEmpty()) {
        state = State.OPAQUE;
        return;
      }
      listener.onRequest(method);
    } else {
      OptionalInt code = HttpDetector.responseStatus(l);
      if (code.isEmpty()) {
        state = State.OPAQUE;
        return;
      }
      status = code.getAsInt();
    }
    state = State.HEADERS;
  }

  private void header(String l) {
    if (!l.isEmpty()) {
      if (++headerLines > MAX_HEADER_LINES) {
        state = State.OPAQUE;
      } else if (HttpDetector.isHeader(l, "content-length")) {
        try {
          contentLength = Long.parseLong(l.substring(15).trim());
        } catch (NumberFormatException e) {
          state = State.OPAQUE;
        }
      } else if (HttpDetector.isHeader(l, "transfer-encoding")) {
        chunked = l.substring(18).toLowerCase(Locale.ROOT).contains("chunked");
      }
      return;
    }
    if (direction == Direction.REQUESTS) {
      requestBody();
    } else {
      responseBody();
    }
  }

  private void requestBody() {
    if (method.equals("CONNECT")) {
      state = State.OPAQUE;
    } else if (chunked) {
      state = State.CHUNK_SIZE;
    } else {
      body(Math.max(0, contentLength));
    }
  }

  private void responseBody() {
    if (status < 200) {
      // Interim (100 Continue) or a protocol switch (101): not the answer to the request.
      state = status == 101 ? State.OPAQUE : State.START_LINE;
      return;
    }
    String requestMethod = pendingMethod.get();
    listener.onResponse(status);
    if (requestMethod.equals("HEAD") || status == 204 || status == 304) {
      state = State.START_LINE;
    } else if (requestMethod.equals("CONNECT")) {
      state = State.OPAQUE;
    } else if (chunked) {
      state = State.CHUNK_SIZE;
    } else if (contentLength >= 0) {
      body(contentLength);
    } else {
      state = State.UNTIL_CLOSE;
    }
  }

  private void body(long length) {
    remaining = length;
    state = length > 0 ? State.BODY : State.START_LINE;
  }

  private void chunkSize(String l) {
    int semi = l.indexOf(';');
    try {
      long size = Long.parseLong((semi >= 0 ? l.substring(0, semi) : l).trim(), 16);
      if (size == 0) {
        state = State.TRAILERS;
      } else {
        remaining = size;
        state = State.CHUNK_DATA;
      }
    } catch (NumberFormatException e) {
      state = State.OPAQUE;
    }
  }
}
