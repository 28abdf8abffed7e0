package io.strata.layers.definition;

import io.strata.layers.config.Origin;
import java.io.Serializable;
import java.time.Duration;

/** Pipeline-wide settings: name, time zone, parallelism and checkpointing. */
public record PipelineSettings(
    String name,
    String timeZone,
    int parallelism,
    Duration checkpointInterval,
    String checkpointMode,
    Origin origin)
    implements Serializable {}
