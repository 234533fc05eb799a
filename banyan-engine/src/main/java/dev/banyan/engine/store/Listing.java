package dev.banyan.engine.store;

import com.google.protobuf.Message;
import java.util.Map;

/**
 * Every record of one {@link Kind} as read at one store revision.
 *
 * @param revision the etcd revision of the read
 * @param records name within the kind to value and mod revision
 */
public record Listing(long revision, Map<String, Versioned<Message>> records) {
  public Listing {
    records = Map.copyOf(records);
  }
}
