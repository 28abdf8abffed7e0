package io.strata.layers.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Collects every problem found in a config, so that all of them are reported at once. */
public final class Problems {
  private final List<Problem> problems = new ArrayList<>();

  public void add(Origin origin, String message, String hint) {
    problems.add(new Problem(origin, message, hint));
  }

  public void add(Origin origin, String message) {
    add(origin, message, null);
  }

  public boolean isEmpty() {
    return problems.isEmpty();
  }

  public int size() {
    return problems.size();
  }

  public List<Problem> sorted() {
    List<Problem> copy = new ArrayList<>(problems);
    copy.sort(
        Comparator.comparing((Problem p) -> p.origin().file())
            .thenComparingInt(p -> p.origin().line()));
    return List.copyOf(copy);
  }

  public String render() {
    StringBuilder sb = new StringBuilder();
    for (Problem p : sorted()) {
      sb.append(p.render()).append('\n');
    }
    sb.append(problems.size()).append(problems.size() == 1 ? " problem" : " problems").append('\n');
    return sb.toString();
  }

  /** Thrown when a config has problems; carries all of them. */
  public static final class ConfigInvalidException extends RuntimeException {
    private final transient List<Problem> problems;

    public ConfigInvalidException(Problems problems) {
      super(problems.render(), null, false, false);
      this.problems = problems.sorted();
    }

    public List<Problem> problems() {
      return problems;
    }
  }

  public void throwIfAny() {
    if (!problems.isEmpty()) {
      throw new ConfigInvalidException(this);
    }
  }
}
