package dev.banyan.engine.metrics;

import java.time.Instant;
import java.util.List;

/**
 * Increase and rate of a cumulative counter over a series of samples, Prometheus-style: a value
 * lower than its predecessor means the counter restarted from zero (an agent restart), so the new
 * value counts whole.
 */
public final class Increase {
  /** One counter reading. */
  public record Point(Instant at, double value) {}

  private Increase() {}

  /** How much the counter grew over the points (in time order). */
  public static double of(List<Point> points) {
    double sum = 0;
    for (int i = 1; i < points.size(); i++) {
      double a = points.get(i - 1).value();
      double b = points.get(i).value();
      sum += b >= a ? b - a : b;
    }
    return sum;
  }

  /** The increase per second between the first and the last point; 0 with fewer than two. */
  public static double ratePerSecond(List<Point> points) {
    if (points.size() < 2) {
      return 0;
    }
    long millis =
        points.get(points.size() - 1).at().toEpochMilli() - points.get(0).at().toEpochMilli();
    return millis <= 0 ? 0 : of(points) * 1000.0 / millis;
  }
}
