package dev.banyan.agent.reconcile;

import dev.banyan.proto.v1.Task;
import java.util.LinkedHashMap;
import java.util.Map;

/** The labels and name every Banyan container carries (the shared convention). */
public final class TaskLabels {
  public static final String DEPLOYMENT = "banyan.deployment";
  public static final String SERVICE = "banyan.service";
  public static final String REPLICA = "banyan.replica";
  public static final String TASK = "banyan.task";
  public static final String SPEC_HASH = "banyan.spec-hash";
  public static final String NODE = "banyan.node";

  private TaskLabels() {}

  /** The manifest's labels plus Banyan's own, which win on a clash. */
  public static Map<String, String> forTask(Task task, String node) {
    Map<String, String> labels = new LinkedHashMap<>(task.getSpec().getLabelsMap());
    labels.put(DEPLOYMENT, task.getDeployment());
    labels.put(SERVICE, task.getService());
    labels.put(REPLICA, Integer.toString(task.getReplica()));
    labels.put(TASK, task.getId());
    labels.put(SPEC_HASH, task.getSpecHash());
    labels.put(NODE, node);
    return labels;
  }

  /** {@code banyan-<deployment>-<service>-<replica>-<first 8 chars of the task id>}. */
  public static String containerName(Task task) {
    String id = task.getId();
    String raw =
        "banyan-"
            + task.getDeployment()
            + "-"
            + task.getService()
            + "-"
            + task.getReplica()
            + "-"
            + id.substring(0, Math.min(8, id.length()));
    return raw.replaceAll("[^a-zA-Z0-9_.-]", "_");
  }
}
