package dev.banyan.agent.runtime;

/** The Docker CLI ({@code docker}, talking to dockerd). */
public final class DockerDialect extends DockerCompatibleDialect {
  public DockerDialect() {
    this("docker");
  }

  public DockerDialect(String executable) {
    super(executable);
  }

  @Override
  public String name() {
    return "docker";
  }
}
