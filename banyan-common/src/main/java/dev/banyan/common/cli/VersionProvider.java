package dev.banyan.common.cli;

import dev.banyan.common.BanyanVersion;
import picocli.CommandLine;

/** Supplies {@code --version} output for every Banyan binary. */
public final class VersionProvider implements CommandLine.IVersionProvider {
  @Override
  public String[] getVersion() {
    return new String[] {
      "${ROOT-COMMAND-NAME} " + BanyanVersion.get(),
      "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
    };
  }
}
