package dev.banyan.engine.orchestrator;

import com.google.protobuf.Timestamp;
import dev.banyan.common.deploy.DeploymentSpec;
import dev.banyan.common.deploy.ServiceDeployment;
import dev.banyan.engine.store.proto.StoredDeployment;
import dev.banyan.engine.store.proto.StoredService;
import dev.banyan.proto.v1.ServiceChange;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Converts compiled deployments to stored revisions and says what a new revision changes. */
public final class DeploymentRecords {
  private DeploymentRecords() {}

  /** The stored form of {@code spec} as revision {@code revision}. */
  public static StoredDeployment toStored(
      DeploymentSpec spec, long revision, String sourceName, Instant now) {
    StoredDeployment.Builder b =
        StoredDeployment.newBuilder()
            .setName(spec.name())
            .setRevision(revision)
            .setSourceName(sourceName)
            .setUpdatedAt(
                Timestamp.newBuilder().setSeconds(now.getEpochSecond()).setNanos(now.getNano()));
    for (ServiceDeployment s : spec.services()) {
      b.addServices(
          StoredService.newBuilder()
              .setName(s.name())
              .setReplicas(s.replicas())
              .setContainer(s.container())
              .setPlacement(s.placement()));
    }
    return b.build();
  }

  /** The service-level difference from {@code old} (absent: a new deployment) to {@code next}. */
  public static List<ServiceChange> changes(Optional<StoredDeployment> old, StoredDeployment next) {
    Map<String, StoredService> before = new LinkedHashMap<>();
    old.ifPresent(d -> d.getServicesList().forEach(s -> before.put(s.getName(), s)));
    List<ServiceChange> changes = new ArrayList<>();
    for (StoredService s : next.getServicesList()) {
      StoredService previous = before.remove(s.getName());
      ServiceChange.Kind kind;
      if (previous == null) {
        kind = ServiceChange.Kind.KIND_CREATED;
      } else if (previous.equals(s)) {
        kind = ServiceChange.Kind.KIND_UNCHANGED;
      } else {
        kind = ServiceChange.Kind.KIND_UPDATED;
      }
      changes.add(change(s.getName(), kind, s.getReplicas()));
    }
    before
        .values()
        .forEach(s -> changes.add(change(s.getName(), ServiceChange.Kind.KIND_REMOVED, 0)));
    return changes;
  }

  /** Whether {@code a} and {@code b} run the same services the same way (revision aside). */
  public static boolean sameServices(StoredDeployment a, StoredDeployment b) {
    return a.getServicesList().equals(b.getServicesList());
  }

  public static String hash(StoredService s) {
    return SpecHash.of(s.getContainer(), s.getPlacement());
  }

  private static ServiceChange change(String name, ServiceChange.Kind kind, int replicas) {
    return ServiceChange.newBuilder().setService(name).setKind(kind).setReplicas(replicas).build();
  }
}
