import dev.banyan.common.manifest.DeploymentCompiler;
import java.util.Arrays;
import java.util.Map;
import org.snakeyaml.engine.v2.api.Load;
import org.snakeyaml.engine.v2.api.LoadSettings;

/**
 * Benchmark (not a test): parse + validate + compile a generated 200-service manifest, warm, and
 * compare with a plain snakeyaml-engine load of the same text.
 */
public final class ManifestBench {
  public static void main(String[] args) {
    int services = args.length > 0 ? Integer.parseInt(args[0]) : 200;
    String yaml = manifest(services);
    Map<String, byte[]> files = Map.of("./secret.txt", new byte[] {1});
    LoadSettings settings = LoadSettings.builder().setMaxAliasesForCollections(10_000).build();
    Runnable compile = () -> DeploymentCompiler.compile(yaml, "bench.yaml", "bench", files);
    Runnable baseline = () -> new Load(settings).loadFromString(yaml);
    for (int i = 0; i < 300; i++) { // JIT warm-up
      compile.run();
      baseline.run();
    }
    double compileMs = median(compile, 200);
    double baselineMs = median(baseline, 200);
    System.out.printf(
        "manifest: %d services, %d lines, %d bytes%n",
        services, yaml.split("\n").length, yaml.length());
    System.out.printf("parse+validate+compile median: %.2f ms%n", compileMs);
    System.out.printf("snakeyaml-engine load median:  %.2f ms%n", baselineMs);
    System.out.printf("ratio: %.1fx%n", compileMs / baselineMs);
  }

  private static double median(Runnable r, int n) {
    long[] t = new long[n];
    for (int i = 0; i < n; i++) {
      long start = System.nanoTime();
      r.run();
      t[i] = System.nanoTime() - start;
    }
    Arrays.sort(t);
    return t[n / 2] / 1e6;
  }

  static String manifest(int n) {
    StringBuilder b = new StringBuilder("name: bench\nx-common: &common\n  restart: unless-stopped\n");
    b.append("  logging:\n    driver: json-file\n    options:\n      max-size: 10m\nservices:\n");
    for (int i = 0; i < n; i++) {
      b.append("  svc-").append(i).append(":\n");
      b.append("    <<: *common\n");
      b.append("    image: registry.example.com/team/svc-").append(i).append(":1.").append(i).append('\n');
      b.append("    command: [\"/app\", \"--port\", \"8080\", \"--id\", \"").append(i).append("\"]\n");
      b.append("    environment:\n      DB_URL: postgres://db/app\n      LEVEL: info\n      ID: \"").append(i).append("\"\n");
      b.append("    ports:\n      - \"").append(20000 + i).append(":8080\"\n");
      b.append("    volumes:\n      - data-").append(i % 10).append(":/data\n      - /etc/localtime:/etc/localtime:ro\n");
      if (i > 0) {
        b.append("    depends_on:\n      svc-").append(i - 1).append(":\n        condition: service_healthy\n");
      }
      b.append("    healthcheck:\n      test: [\"CMD\", \"wget\", \"-q\", \"--spider\", \"http://localhost:8080/health\"]\n");
      b.append("      interval: 10s\n      timeout: 2s\n      retries: 3\n      start_period: 1m30s\n");
      b.append("    deploy:\n      replicas: 2\n      resources:\n        limits: {cpus: \"0.5\", memory: 512m}\n");
      b.append("        reservations: {memory: 128m}\n      placement:\n        constraints: [node.labels.zone == eu]\n");
      b.append("    networks:\n      back:\n        aliases: [s").append(i).append("]\n");
      b.append("    secrets: [token]\n    labels:\n      team: t").append(i % 7).append('\n');
    }
    b.append("networks:\n  back: {}\nvolumes:\n");
    for (int i = 0; i < 10; i++) {
      b.append("  data-").append(i).append(": {}\n");
    }
    b.append("secrets:\n  token:\n    file: ./secret.txt\n");
    return b.toString();
  }
}
