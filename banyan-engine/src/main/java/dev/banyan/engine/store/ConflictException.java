package dev.banyan.engine.store;

/** A commit's compare-and-set failed: someone wrote one of its keys since it was read. */
public final class ConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ConflictException(String message) {
    super(message);
  }
}
