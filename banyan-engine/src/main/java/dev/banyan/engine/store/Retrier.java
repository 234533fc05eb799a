package dev.banyan.engine.store;

import io.etcd.jetcd.common.exception.ClosedClientException;
import io.etcd.jetcd.common.exception.EtcdException;
import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs an etcd call until it answers, backing off between attempts, so an etcd restart costs the
 * engine a delay rather than an error. Gives up after a budget with {@link
 * StoreUnavailableException}.
 */
final class Retrier {
  private static final Logger log = LoggerFactory.getLogger(Retrier.class);
  private static final Duration ATTEMPT_TIMEOUT = Duration.ofSeconds(5);

  private final Duration budget;

  Retrier(Duration budget) {
    this.budget = budget;
  }

  <T> T call(String what, Supplier<CompletableFuture<T>> call) {
    long deadline = System.nanoTime() + budget.toNanos();
    long backoffMillis = 50;
    while (true) {
      CompletableFuture<T> future = call.get();
      try {
        return future.get(ATTEMPT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
      } catch (InterruptedException e) {
        future.cancel(true);
        Thread.currentThread().interrupt();
        throw new StoreUnavailableException("interrupted while " + what, e);
      } catch (ExecutionException | TimeoutException e) {
        future.cancel(true);
        Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
        if (!retryable(cause)) {
          throw new StoreUnavailableException("etcd refused the call while " + what, cause);
        }
        if (System.nanoTime() > deadline) {
          throw new StoreUnavailableException(
              "etcd did not answer while " + what + "; check that etcd is running", cause);
        }
        log.debug("etcd call failed while {}; retrying in {} ms", what, backoffMillis, cause);
        sleep(backoffMillis);
        backoffMillis = Math.min(backoffMillis * 2, 1000);
      }
    }
  }

  /** Connection trouble is worth waiting out; an answer such as "lease not found" is not. */
  static boolean retryable(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause()) {
      Optional<String> code = Optional.empty();
      if (t instanceof ClosedClientException) {
        return false;
      }
      if (t instanceof EtcdException etcd) {
        code = Optional.of(etcd.getErrorCode().name());
      } else if (t instanceof StatusRuntimeException grpc) {
        code = Optional.of(grpc.getStatus().getCode().name());
      } else if (t instanceof StatusException grpc) {
        code = Optional.of(grpc.getStatus().getCode().name());
      }
      if (code.isPresent()) {
        return RETRYABLE.contains(code.get());
      }
    }
    return true;
  }

  private static final Set<String> RETRYABLE =
      Set.of("UNAVAILABLE", "DEADLINE_EXCEEDED", "ABORTED", "UNKNOWN", "RESOURCE_EXHAUSTED");

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailableException("interrupted", e);
    }
  }
}
