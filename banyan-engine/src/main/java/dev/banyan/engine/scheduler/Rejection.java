package dev.banyan.engine.scheduler;

/**
 * Why a filter turned a node down, as a phrase that follows a count: "1 node drained", "2 nodes do
 * not match node.labels.zone == eu".
 */
public record Rejection(String singular, String plural) {
  /** A rejection whose phrase does not change with the count ("drained", "down"). */
  public static Rejection of(String phrase) {
    return new Rejection(phrase, phrase);
  }

  /** "1 node drained", "3 nodes drained". */
  public String describe(int count) {
    return count == 1 ? "1 node " + singular : count + " nodes " + plural;
  }
}
