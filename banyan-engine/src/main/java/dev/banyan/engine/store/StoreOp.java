package dev.banyan.engine.store;

import com.google.protobuf.Message;

/** One write in a commit, guarded by the mod revision the writer last saw (compare-and-set). */
public sealed interface StoreOp {
  /** Expect that the key does not exist. */
  long ABSENT = 0;

  /** Write whatever is there (only for records with a single writer, e.g. a node's own session). */
  long ANY = -1;

  StoreKey key();

  /** The mod revision the key must still have, {@link #ABSENT} or {@link #ANY}. */
  long expectedRevision();

  /** Writes {@code value}, attached to {@code leaseId} when it is not zero. */
  record Put(StoreKey key, Message value, long expectedRevision, long leaseId) implements StoreOp {}

  /** Deletes the key. */
  record Delete(StoreKey key, long expectedRevision) implements StoreOp {}

  /** Writes nothing; only requires the key to still have {@code expectedRevision}. */
  record Check(StoreKey key, long expectedRevision) implements StoreOp {}

  static Put put(StoreKey key, Message value, long expectedRevision) {
    return new Put(key, value, expectedRevision, 0);
  }

  static Delete delete(StoreKey key, long expectedRevision) {
    return new Delete(key, expectedRevision);
  }
}
