package dev.banyan.common.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * Asks the questions of the {@code init} commands. On a terminal, secrets are read without echo;
 * when standard input is a pipe (automation, tests), answers are read line by line.
 */
public final class Prompter {
  private final BufferedReader in;
  private final PrintWriter out;
  private final Console console;

  public Prompter(BufferedReader in, PrintWriter out, Console console) {
    this.in = in;
    this.out = out;
    this.console = console;
  }

  /** A prompter on the process's own terminal or standard input. */
  public static Prompter system(PrintWriter out) {
    return new Prompter(
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)),
        out,
        System.console());
  }

  /** Asks a question; an empty answer takes {@code defaultValue} (shown in brackets). */
  public String ask(String question, String defaultValue) {
    out.print(question + (defaultValue.isEmpty() ? "" : " [" + defaultValue + "]") + ": ");
    out.flush();
    String line = readLine();
    return line.isBlank() ? defaultValue : line.strip();
  }

  /** Asks for a secret without echoing it on a terminal. */
  public String askSecret(String question) {
    if (console != null) {
      char[] answer = console.readPassword("%s: ", question);
      if (answer == null) {
        throw endOfInput();
      }
      return new String(answer);
    }
    out.print(question + ": ");
    out.flush();
    return readLine();
  }

  /** Reads one line without asking anything (for --password-stdin). */
  public String readAnswer() {
    return readLine();
  }

  private String readLine() {
    try {
      String line = in.readLine();
      if (line == null) {
        throw endOfInput();
      }
      return line;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static UserError endOfInput() {
    return new UserError(
        "standard input ended before every question was answered; answer them, or pass the flags"
            + " with --non-interactive.");
  }
}
