package dev.banyan.engine.dispatcher;

/** The session id an agent presented is unknown or was replaced: it must register again. */
public final class SessionExpiredException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public SessionExpiredException() {
    super("session expired; re-register");
  }
}
