package dev.banyan.engine.orchestrator;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Message;
import dev.banyan.proto.v1.ContainerSpec;
import dev.banyan.proto.v1.PlacementSpec;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The identity of what a task runs: SHA-256 (hex) of the container spec's deterministic protobuf
 * encoding followed by the placement's. Equal specs give equal hashes on every engine.
 */
public final class SpecHash {
  private SpecHash() {}

  public static String of(ContainerSpec container, PlacementSpec placement) {
    try {
      MessageDigest digest = MessageDigest.getInstance("SHA-256");
      digest.update(deterministic(container));
      digest.update(deterministic(placement));
      return HexFormat.of().formatHex(digest.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  private static byte[] deterministic(Message message) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      CodedOutputStream out = CodedOutputStream.newInstance(bytes);
      // Map fields (env, labels) are otherwise encoded in hash-map order.
      out.useDeterministicSerialization();
      message.writeTo(out);
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
