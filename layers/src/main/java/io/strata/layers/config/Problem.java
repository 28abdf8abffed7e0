package io.strata.layers.config;

/** One mistake in a pipeline config, with where it is and how to fix it. */
public record Problem(Origin origin, String message, String hint) {

  public String render() {
    return origin + ": " + message + (hint == null || hint.isBlank() ? "" : "\n    hint: " + hint);
  }

  @Override
  public String toString() {
    return render();
  }
}
