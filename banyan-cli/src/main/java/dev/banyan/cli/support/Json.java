package dev.banyan.cli.support;

import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.MessageOrBuilder;
import com.google.protobuf.util.JsonFormat;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Prints {@code -o json} output. Read commands print the versioned {@code banyan.v1} messages with
 * their proto field names, so scripts can rely on the same names as the API.
 */
public final class Json {
  private static final JsonFormat.Printer PRINTER =
      JsonFormat.printer().preservingProtoFieldNames().includingDefaultValueFields();

  private Json() {}

  public static String of(MessageOrBuilder message) {
    try {
      return PRINTER.print(message);
    } catch (InvalidProtocolBufferException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Prints a JSON array of messages. */
  public static void printArray(PrintWriter out, List<? extends MessageOrBuilder> messages) {
    out.println("[");
    for (int i = 0; i < messages.size(); i++) {
      String json = of(messages.get(i)).indent(2).stripTrailing();
      out.println(json + (i < messages.size() - 1 ? "," : ""));
    }
    out.println("]");
    out.flush();
  }

  public static void print(PrintWriter out, MessageOrBuilder message) {
    out.println(of(message));
    out.flush();
  }
}
