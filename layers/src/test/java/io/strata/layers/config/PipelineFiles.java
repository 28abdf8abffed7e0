package io.strata.layers.config;

import io.strata.layers.definition.PipelineDef;
import io.strata.layers.plan.LayerGraph;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Writes small pipeline files into a test's temporary folder, loads and validates them, and finds
 * the reported problems. The {@code layers} module has no connector plugins on its test class path,
 * so a source's connection is always "unknown" here: {@link Report#relevant()} leaves those out.
 */
public final class PipelineFiles {
  private PipelineFiles() {}

  /** A minimal valid ODS table (apart from its connection, which needs a plugin). */
  public static final String TRADES_ODS =
      """
      ods {
        trades {
          source { connection = kafka, topic = "t.trades", format = json }
          columns {
            trade_id = "STRING NOT NULL"
            account_id = STRING
            symbol = STRING
            side = STRING
            price = "DECIMAL(18, 4)"
            quantity = BIGINT
            trade_time = "TIMESTAMP_LTZ(3) NOT NULL"
          }
          event-time { column = trade_time, watermark-delay = 5s }
          dead-letter { topic = "t.trades.dlq" }
        }
      }
      """;

  public static Path write(Path dir, String name, String text) {
    try {
      Path file = dir.resolve(name);
      Files.createDirectories(file.getParent());
      Files.writeString(file, text);
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** 1-based number of the first line of {@code text} that contains {@code marker}. */
  public static int lineOf(String text, String marker) {
    List<String> lines = text.lines().toList();
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).contains(marker)) {
        return i + 1;
      }
    }
    throw new AssertionError("no line contains " + marker + " in:\n" + text);
  }

  /** Loads (binding only). */
  public static Report load(Path file) {
    Problems problems = new Problems();
    PipelineDef def = PipelineLoader.load(file, problems);
    return new Report(file, def, null, problems.sorted());
  }

  /** Loads, builds the graph and validates (what `strata validate` does before SQL checks). */
  public static Report validate(Path file) {
    Problems problems = new Problems();
    PipelineDef def = PipelineLoader.load(file, problems);
    LayerGraph graph = null;
    if (def != null) {
      graph = LayerGraph.of(def);
      PipelineValidator.validate(graph, problems);
    }
    return new Report(file, def, graph, problems.sorted());
  }

  public static Report validate(Path dir, String text) {
    return validate(write(dir, "pipeline.conf", text));
  }

  public static Report load(Path dir, String text) {
    return load(write(dir, "pipeline.conf", text));
  }

  /** What loading reported. */
  public record Report(Path file, PipelineDef def, LayerGraph graph, List<Problem> problems) {

    /** Problems other than connections that only a connector plugin could resolve. */
    public List<Problem> relevant() {
      return problems.stream()
          .filter(
              p ->
                  !p.message().startsWith("unknown connection '")
                      && !p.message().startsWith("unknown connection type '"))
          .toList();
    }

    /** The one relevant problem whose message contains {@code fragment}. */
    public Problem single(String fragment) {
      List<Problem> found = problems.stream().filter(p -> p.message().contains(fragment)).toList();
      if (found.size() != 1) {
        throw new AssertionError(
            "expected exactly one problem containing '"
                + fragment
                + "' but found "
                + found.size()
                + ":\n"
                + render());
      }
      return found.get(0);
    }

    /** The graph of the bound pipeline (built if only loaded). */
    public LayerGraph graphOrBuild() {
      if (graph != null) {
        return graph;
      }
      if (def == null) {
        throw new AssertionError("the pipeline did not bind:\n" + render());
      }
      return LayerGraph.of(def);
    }

    public boolean has(String fragment) {
      return problems.stream().anyMatch(p -> p.message().contains(fragment));
    }

    public String render() {
      return problems.stream().map(Problem::render).collect(Collectors.joining("\n"));
    }
  }
}
