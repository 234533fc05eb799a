package dev.banyan.common.config;

import java.util.Collection;
import java.util.Comparator;

/** "Did you mean" hints for mistyped keys, by edit distance. */
public final class Suggestions {
  private Suggestions() {}

  /** {@code " (did you mean 'x'?)"} when a known word is close enough, else an empty string. */
  public static String didYouMean(String typed, Collection<String> known) {
    return known.stream()
        .min(Comparator.comparingInt((String k) -> distance(typed, k)).thenComparing(k -> k))
        .filter(best -> distance(typed, best) <= Math.max(2, typed.length() / 3))
        .map(best -> " (did you mean '" + best + "'?)")
        .orElse("");
  }

  /** Levenshtein distance. */
  public static int distance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + cost);
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
