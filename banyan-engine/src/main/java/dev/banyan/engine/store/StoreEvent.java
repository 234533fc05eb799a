package dev.banyan.engine.store;

import com.google.protobuf.Message;
import java.util.Optional;

/** One change seen by a watch: a put (with its new value) or a delete (with the old value). */
public record StoreEvent(
    StoreKey key,
    boolean deleted,
    Optional<Message> value,
    Optional<Message> previous,
    long revision) {

  /** The new value (put) or the previous one (delete), as {@code type}. */
  public <T extends Message> Optional<T> latest(Class<T> type) {
    return (deleted ? previous : value).filter(type::isInstance).map(type::cast);
  }
}
