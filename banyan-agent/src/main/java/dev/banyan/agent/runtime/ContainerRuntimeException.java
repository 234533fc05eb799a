package dev.banyan.agent.runtime;

/** A container CLI call failed; the message is the runtime's own error text. */
public class ContainerRuntimeException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ContainerRuntimeException(String message) {
    super(message);
  }

  public ContainerRuntimeException(String message, Throwable cause) {
    super(message, cause);
  }
}
