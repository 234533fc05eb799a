package dev.banyan.cli.top;

import com.google.protobuf.Timestamp;
import dev.banyan.cli.support.EngineConnection;
import dev.banyan.proto.v1.LogLine;
import dev.banyan.proto.v1.LogsRequest;
import dev.banyan.proto.v1.LogsResponse;
import io.grpc.Context;
import io.grpc.stub.StreamObserver;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Follows {@code Control.Logs} for the log pane's source. {@link #follow} cancels the previous
 * stream whenever the source changes; a stream that breaks (engine restart) is reopened after a
 * short pause from where it stopped, as long as its source is still wanted.
 */
public final class LogTail implements AutoCloseable {
  static final int TAIL_LINES = 100;
  private static final long RETRY_SECONDS = 2;

  private final EngineConnection connection;
  private final Consumer<TopEvent> sink;
  private final Clock clock;
  private final ScheduledExecutorService retries =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "top-logs");
            t.setDaemon(true);
            return t;
          });
  private Optional<LogSource> current = Optional.empty();
  private Context.CancellableContext stream;

  public LogTail(EngineConnection connection, Consumer<TopEvent> sink, Clock clock) {
    this.connection = connection;
    this.sink = sink;
    this.clock = clock;
  }

  /** Tails {@code source} from now on; empty stops tailing. Cheap when nothing changed. */
  public synchronized void follow(Optional<LogSource> source) {
    if (source.equals(current)) {
      return;
    }
    cancel();
    current = source;
    source.ifPresent(s -> open(s, Optional.empty()));
  }

  private synchronized void open(LogSource source, Optional<Instant> since) {
    if (!current.equals(Optional.of(source))) {
      return; // the user moved on while a retry was waiting
    }
    LogsRequest.Builder request =
        LogsRequest.newBuilder()
            .setDeployment(source.deployment())
            .setService(source.service())
            .setReplica(source.replica())
            .setFollow(true)
            .setTail(since.isPresent() ? -1 : TAIL_LINES);
    since.ifPresent(
        at ->
            request.setSince(
                Timestamp.newBuilder().setSeconds(at.getEpochSecond()).setNanos(at.getNano())));
    Context.CancellableContext context = Context.current().withCancellation();
    stream = context;
    try {
      context.run(() -> connection.asyncStub().logs(request.build(), observer(source, context)));
    } catch (RuntimeException e) {
      notice(source, "cannot open the log stream: " + e.getMessage());
      retryLater(source, context);
    }
  }

  private StreamObserver<LogsResponse> observer(
      LogSource source, Context.CancellableContext context) {
    return new StreamObserver<>() {
      @Override
      public void onNext(LogsResponse event) {
        if (event.hasWarning()) {
          notice(source, event.getWarning());
        } else {
          sink.accept(new TopEvent.LogArrived(source, format(event.getLine())));
        }
      }

      @Override
      public void onError(Throwable t) {
        synchronized (LogTail.this) {
          if (stream != context) {
            return; // cancelled by us: the selection changed or top is closing
          }
        }
        notice(
            source, "log stream interrupted (" + Poller.shortReason(asRuntime(t)) + "); retrying");
        retryLater(source, context);
      }

      @Override
      public void onCompleted() {
        notice(source, "log stream ended");
      }
    };
  }

  private void retryLater(LogSource source, Context.CancellableContext failed) {
    Instant from = clock.instant();
    retries.schedule(
        () -> {
          synchronized (this) {
            if (stream == failed) {
              open(source, Optional.of(from));
            }
          }
        },
        RETRY_SECONDS,
        TimeUnit.SECONDS);
  }

  private void notice(LogSource source, String text) {
    sink.accept(new TopEvent.LogArrived(source, "-- " + text + " --"));
  }

  private static RuntimeException asRuntime(Throwable t) {
    return t instanceof RuntimeException r ? r : new IllegalStateException(t.getMessage(), t);
  }

  /** {@code service.replica@node | text}, as {@code banyan-cli logs} prints it. */
  static String format(LogLine line) {
    return line.getService()
        + "."
        + line.getReplica()
        + "@"
        + line.getNode()
        + " | "
        + line.getText();
  }

  private void cancel() {
    if (stream != null) {
      Context.CancellableContext old = stream;
      stream = null;
      old.cancel(null);
    }
  }

  @Override
  public synchronized void close() {
    cancel();
    current = Optional.empty();
    retries.shutdownNow();
  }
}
