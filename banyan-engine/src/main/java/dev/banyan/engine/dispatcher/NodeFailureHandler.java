package dev.banyan.engine.dispatcher;

import dev.banyan.engine.loop.StoreTriggeredLoop;
import dev.banyan.engine.store.ClusterState;
import dev.banyan.engine.store.ClusterStore;
import dev.banyan.engine.store.ConflictException;
import dev.banyan.engine.store.Kind;
import dev.banyan.engine.store.StoreKey;
import dev.banyan.engine.store.StoreOp;
import dev.banyan.engine.store.Versioned;
import dev.banyan.proto.v1.Node;
import dev.banyan.proto.v1.NodeState;
import dev.banyan.proto.v1.Task;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Marks a READY node without a session DOWN (its lease expired) and deletes the tasks of DOWN
 * nodes, so the orchestrator creates replacements for their slots. Every write is compare-and-set,
 * so several engines running it agree.
 *
 * <p>When an engine starts running this loop (start-up, or taking over as leader) it first waits a
 * grace period: sessions may have expired only because no engine was there to receive heartbeats,
 * and their agents need a moment to register again. Without it, restarting the only engine would
 * reschedule every task in the cluster.
 */
public final class NodeFailureHandler {
  private static final Logger log = LoggerFactory.getLogger(NodeFailureHandler.class);

  private final ClusterStore store;
  private final StoreTriggeredLoop loop;
  private final Clock clock;
  private final Duration grace;
  private volatile Instant graceUntil = Instant.MAX;

  public NodeFailureHandler(ClusterStore store, Duration tick, Clock clock, Duration grace) {
    this.store = store;
    this.clock = clock;
    this.grace = grace;
    this.loop =
        new StoreTriggeredLoop(
            store,
            "node-failure",
            this::pass,
            tick,
            e ->
                (e.key().kind() == Kind.SESSION && e.deleted())
                    || e.key().kind() == Kind.NODE
                    || (e.key().kind() == Kind.TASK && !e.deleted()));
  }

  public void start() {
    graceUntil = clock.instant().plus(grace);
    loop.start();
  }

  public void stop() {
    loop.stop();
  }

  /** One pass over every node. */
  public void pass() {
    ClusterState state = store.snapshot();
    boolean inGrace = clock.instant().isBefore(graceUntil);
    // Grouped once: asking the state per node would scan every task once per node.
    Map<String, List<Versioned<Task>>> tasksByNode =
        state.tasks().values().stream()
            .filter(t -> !t.value().getNode().isEmpty())
            .collect(Collectors.groupingBy(t -> t.value().getNode()));
    for (Versioned<Node> node : state.nodes().values()) {
      String name = node.value().getName();
      try {
        if (node.value().getState() == NodeState.NODE_STATE_READY
            && !state.sessions().containsKey(name)
            && !inGrace) {
          markDown(node, tasksByNode.getOrDefault(name, List.of()));
        } else if (node.value().getState() == NodeState.NODE_STATE_DOWN) {
          store.commit(deletions(tasksByNode.getOrDefault(name, List.of())));
        }
      } catch (ConflictException e) {
        log.debug("node {} changed during the failure pass; next pass retries", name);
      }
    }
  }

  private void markDown(Versioned<Node> node, List<Versioned<Task>> tasks) {
    String name = node.value().getName();
    Node down = node.value().toBuilder().setState(NodeState.NODE_STATE_DOWN).build();
    List<StoreOp> ops = new ArrayList<>();
    ops.add(StoreOp.put(StoreKey.node(name), down, node.modRevision()));
    // Only if the agent has not registered again meanwhile.
    ops.add(new StoreOp.Check(StoreKey.session(name), StoreOp.ABSENT));
    List<StoreOp> deletes = deletions(tasks);
    int first = Math.min(deletes.size(), StoreOpsPerTxn.REMAINING_AFTER_NODE);
    ops.addAll(deletes.subList(0, first));
    store.commit(ops);
    log.warn(
        "node {} missed its heartbeats: marked DOWN, {} tasks to reschedule", name, tasks.size());
    store.commit(deletes.subList(first, deletes.size()));
  }

  private static List<StoreOp> deletions(List<Versioned<Task>> tasks) {
    return tasks.stream()
        .<StoreOp>map(t -> StoreOp.delete(StoreKey.task(t.value().getId()), t.modRevision()))
        .toList();
  }

  /** How the node-down transaction stays within one etcd transaction. */
  private static final class StoreOpsPerTxn {
    static final int REMAINING_AFTER_NODE = ClusterStore.MAX_OPS_PER_TXN - 2;
  }
}
