package dev.banyan.vpc.exec;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** Records every argv and answers from a function; for unit tests of argv-building logic. */
public final class RecordingExecutor implements CommandExecutor {
  private final List<List<String>> commands = new ArrayList<>();
  private final Function<List<String>, CommandResult> answers;

  public RecordingExecutor(Function<List<String>, CommandResult> answers) {
    this.answers = answers;
  }

  public static CommandResult ok(List<String> argv, String stdout) {
    return new CommandResult(argv, 0, stdout, "");
  }

  public static CommandResult fail(List<String> argv, String stderr) {
    return new CommandResult(argv, 1, "", stderr);
  }

  @Override
  public synchronized CommandResult run(List<String> argv) {
    commands.add(List.copyOf(argv));
    return answers.apply(argv);
  }

  public synchronized List<List<String>> commands() {
    return List.copyOf(commands);
  }
}
