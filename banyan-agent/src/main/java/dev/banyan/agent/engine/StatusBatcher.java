package dev.banyan.agent.engine;

import dev.banyan.agent.reconcile.StatusSink;
import dev.banyan.proto.v1.DispatcherGrpc;
import dev.banyan.proto.v1.ReportStatusRequest;
import dev.banyan.proto.v1.TaskStatus;
import dev.banyan.proto.v1.TaskStatusUpdate;
import io.grpc.StatusRuntimeException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Coalesces task statuses and sends them in one {@code ReportStatus} call per flush (every ~50 ms);
 * the latest status of a task wins. Unsent statuses wait for the next session.
 */
public final class StatusBatcher implements StatusSink {
  private static final Logger log = LoggerFactory.getLogger(StatusBatcher.class);

  private final EngineEndpoints engines;
  private final Map<String, TaskStatus> pending = new LinkedHashMap<>();
  private volatile Optional<Session> session = Optional.empty();

  public StatusBatcher(EngineEndpoints engines) {
    this.engines = engines;
  }

  /** The session reports go to; empty while the agent is not registered. */
  public void setSession(Optional<Session> current) {
    this.session = current;
  }

  @Override
  public synchronized void report(String taskId, TaskStatus status) {
    pending.put(taskId, status);
  }

  /** Sends what is pending; returns false when the engine rejected the call. */
  public boolean flush() {
    Optional<Session> s = session;
    if (s.isEmpty()) {
      return true;
    }
    Map<String, TaskStatus> batch;
    synchronized (this) {
      if (pending.isEmpty()) {
        return true;
      }
      batch = new LinkedHashMap<>(pending);
      pending.clear();
    }
    ReportStatusRequest.Builder req = ReportStatusRequest.newBuilder().setSessionId(s.get().id());
    batch.forEach(
        (id, st) -> req.addUpdates(TaskStatusUpdate.newBuilder().setTaskId(id).setStatus(st)));
    try {
      DispatcherGrpc.newBlockingStub(engines.channel())
          .withDeadlineAfter(10, TimeUnit.SECONDS)
          .reportStatus(req.build());
      return true;
    } catch (StatusRuntimeException e) {
      log.warn(
          "cannot report {} task statuses to {}: {}",
          batch.size(),
          engines.address(),
          e.getStatus());
      synchronized (this) {
        batch.forEach(pending::putIfAbsent);
      }
      return false;
    }
  }
}
