package dev.banyan.vpc.exec;

import java.util.ArrayList;
import java.util.List;

/**
 * Runs one command (argv, no shell) and returns how it ended. The VPC classes only build argv and
 * read results through this interface, so they are unit-tested with a recording fake and run for
 * real through {@link ProcessCommandExecutor}.
 */
@FunctionalInterface
public interface CommandExecutor {

  /** Runs {@code argv} to completion; a non-zero exit is a result, not an exception. */
  CommandResult run(List<String> argv);

  /**
   * This executor with every command run inside the named network namespace ({@code ip netns exec
   * NS ...}); used by tests and by agents that keep containers in a namespace of their own.
   */
  default CommandExecutor inNetworkNamespace(String namespace) {
    CommandExecutor outer = this;
    return argv -> {
      List<String> wrapped = new ArrayList<>(List.of("ip", "netns", "exec", namespace));
      wrapped.addAll(argv);
      return outer.run(wrapped);
    };
  }
}
