package io.strata.lineage.health;

/** The health colour of a table, edge or job, as the page shows it. */
public enum Status {
  GREEN,
  AMBER,
  RED,
  GREY;

  public String css() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The worse of two statuses (grey, unknown, counts as better than amber). */
  public Status worst(Status o) {
    return rank(o) > rank(this) ? o : this;
  }

  private static int rank(Status s) {
    return switch (s) {
      case GREEN -> 0;
      case GREY -> 1;
      case AMBER -> 2;
      case RED -> 3;
    };
  }
}
