package dev.banyan.common.manifest;

/** How Banyan treats one Compose key: acts on it, parses it without acting on it, or rejects it. */
record KeyRule(Kind kind, String reason, String fix) {
  enum Kind {
    ACTED,
    NOT_ACTED,
    REJECTED
  }

  static final KeyRule ACTED = new KeyRule(Kind.ACTED, "", "");

  static KeyRule notActed(String reason) {
    return new KeyRule(Kind.NOT_ACTED, reason, "");
  }

  static KeyRule rejected(String reason, String fix) {
    return new KeyRule(Kind.REJECTED, reason, fix);
  }
}
