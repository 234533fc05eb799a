package dev.banyan.cli.support;

import com.google.protobuf.ByteString;
import dev.banyan.common.cli.ExitCodes;
import dev.banyan.common.manifest.LoadedManifest;
import dev.banyan.proto.v1.DeployRequest;
import dev.banyan.proto.v1.DeployResponse;
import dev.banyan.proto.v1.ServiceChange;
import dev.banyan.proto.v1.TaskPlacement;
import java.io.PrintWriter;
import java.util.List;
import java.util.Map;

/**
 * Builds deploy requests from a manifest and prints what a dry run says: the service changes and
 * where each task would run, shared by {@code plan} and {@code deploy --dry-run}.
 */
public final class DeployPlans {
  private DeployPlans() {}

  /** The request that submits {@code manifest}, for real or as a dry run. */
  public static DeployRequest request(LoadedManifest manifest, boolean dryRun) {
    DeployRequest.Builder request =
        DeployRequest.newBuilder()
            .setName(manifest.deploymentName())
            .setManifestYaml(manifest.normalizedYaml())
            .setSourceName(manifest.sourceName())
            .setDryRun(dryRun);
    for (Map.Entry<String, byte[]> f : manifest.files().entrySet()) {
      request.putFiles(f.getKey(), ByteString.copyFrom(f.getValue()));
    }
    return request.build();
  }

  /** "web: created (2 replicas)". */
  public static String describe(ServiceChange change) {
    String kind = change.getKind().name().replace("KIND_", "").toLowerCase(java.util.Locale.ROOT);
    return switch (change.getKind()) {
      case KIND_REMOVED -> change.getService() + ": removed";
      case KIND_UNCHANGED -> change.getService() + ": unchanged";
      default -> change.getService() + ": " + kind + " (" + change.getReplicas() + " replicas)";
    };
  }

  /**
   * Prints a dry run's outcome as a table (or JSON) and returns the exit code: OK when every task
   * has a node, failure when some would stay pending.
   */
  public static int print(DeployResponse plan, PrintWriter out, boolean json) {
    List<TaskPlacement> pending =
        plan.getPlacementsList().stream().filter(p -> p.getNode().isEmpty()).toList();
    if (json) {
      out.println(Json.of(plan));
    } else {
      out.println(
          "Plan for deployment "
              + plan.getName()
              + " (would be revision "
              + plan.getRevision()
              + "); nothing was changed:");
      for (ServiceChange change : plan.getChangesList()) {
        out.println("  " + describe(change));
      }
      Table table = new Table("SERVICE", "REPLICA", "NODE", "WHY");
      for (TaskPlacement p : plan.getPlacementsList()) {
        table.row(
            p.getService(),
            Integer.toString(p.getReplica()),
            p.getNode().isEmpty() ? "(pending)" : p.getNode(),
            p.getReason());
      }
      out.println();
      table.print(out);
      if (!pending.isEmpty()) {
        out.println(pending.size() + " tasks would stay PENDING: no node fits them.");
      }
    }
    out.flush();
    return pending.isEmpty() ? ExitCodes.OK : ExitCodes.USAGE_OR_FAILURE;
  }
}
