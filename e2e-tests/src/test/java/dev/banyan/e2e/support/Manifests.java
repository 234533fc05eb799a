package dev.banyan.e2e.support;

/** Manifests several end-to-end tests deploy. */
public final class Manifests {
  private Manifests() {}

  /**
   * Deployment {@code name}: one service {@code app} of {@code replicas} busybox containers that
   * idle and stop at once on SIGTERM (exit 0), for tests about placement rather than the app.
   */
  public static String idleApp(String name, int replicas) {
    return "name: "
        + name
        + "\nservices:\n  app:\n    image: localhost/banyan-busybox:latest\n"
        + "    command: [\"sh\", \"-c\", \"trap 'exit 0' TERM; while true; do sleep 1; done\"]\n"
        + "    stop_grace_period: 2s\n    deploy:\n      replicas: "
        + replicas
        + "\n";
  }
}
