package io.strata.layers.plugin;

import io.strata.layers.config.Problems;
import io.strata.layers.plan.LayerGraph;

/**
 * A validation contributed by a module (for example the ODS module checks Avro schemas against
 * declared columns). Found through {@link java.util.ServiceLoader}; runs before any job starts.
 */
public interface PipelineCheck {
  void check(LayerGraph graph, Problems problems);
}
